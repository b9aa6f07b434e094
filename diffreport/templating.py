"""The one Jinja environment (report templates, site pages, prompts) and the filters the report uses.

The user's template folder comes before the shipped templates (a ``ChoiceLoader``), autoescape is on for HTML
and XML, and the Markdown filters below make untrusted text safe to put into a Markdown report.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .codespans import outside_code
from .i18n import translations

if TYPE_CHECKING:
    from jinja2 import Environment


def template_dirs() -> list[Path]:
    """Shipped templates: ``diffreport/templates`` in a wheel, top-level ``templates/`` in a checkout."""
    here = Path(__file__).parent
    return [p for p in (here / "templates", here.parent / "templates") if p.is_dir()]


# How templates are compiled. A compiled template depends on these, the Jinja version, the filters and its
# source, and on nothing else: all of them key the bytecode cache (see _bytecode_cache).
_OPTIONS: dict[str, Any] = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "extensions": ["jinja2.ext.i18n"],
}
_AUTOESCAPED = ("html", "xml", "html.j2", "xml.j2")
_NEWSTYLE_GETTEXT = True


@cache
def get_env(lang: str = "en", user_dir: str | None = None) -> Environment:
    """The one Jinja environment (per language): the user's templates first, then the shipped ones."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(user_dir)] if user_dir else []
    loaders += [FileSystemLoader(str(p)) for p in template_dirs()]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=_AUTOESCAPED, default=False),
        undefined=StrictUndefined,
        **_OPTIONS,
    )
    env.filters.update(
        md_cell=md_cell,
        md_inline=md_inline,
        md_heading=md_heading,
        fence_for=fence_for,
        json_summary=json_summary,
        md_paragraphs=md_paragraphs,
        md_link_text=md_link_text,
        md_anchor=md_anchor,
        md_url=md_url,
    )
    env.install_gettext_translations(translations(lang), newstyle=_NEWSTYLE_GETTEXT)  # type: ignore[attr-defined]
    env.bytecode_cache = _bytecode_cache(sorted(env.filters))
    return env


def _bytecode_cache(filters: list[str]) -> Any:
    """Compiled templates kept in the user's cache folder (``templates/``): a command loads its template
    instead of compiling it again (~10 ms for report.md.j2). Jinja takes a file only for the very source it
    was compiled from (a checksum); its name also holds everything else the compiled code depends on (the
    Jinja version, :data:`_OPTIONS`, the filters), so a file of another version or set-up is never used.
    Files are replaced atomically; a cache that cannot be read or written is passed over, never an error."""
    import jinja2
    from jinja2.bccache import BytecodeCache

    from .cachedir import user_cache_dir
    from .errors import OutputError
    from .writer import write_atomic

    setup = repr((jinja2.__version__, sorted(_OPTIONS.items()), _AUTOESCAPED, _NEWSTYLE_GETTEXT, filters))

    def path(bucket: Any) -> Path:
        return user_cache_dir() / "templates" / f"{bucket.key}.cache"

    class CompiledTemplates(BytecodeCache):
        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            return super().get_cache_key(f"{setup}|{name}", filename)

        def load_bytecode(self, bucket: Any) -> None:
            try:
                with open(path(bucket), "rb") as handle:
                    bucket.load_bytecode(handle)
            except Exception:  # missing, unreadable or damaged: the template is compiled as without a cache
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                write_atomic(path(bucket), bucket.bytecode_to_string())
            except OutputError:  # a read-only or full cache folder: the next command compiles again
                pass

    return CompiledTemplates()


# -- Markdown escaping ---------------------------------------------------------------------
# Everything here scans its text once (no regular expression that can backtrack over repository text).
_HTML = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})
# The report's text is plain text and code spans. Free text keeps its code spans (every renderer shows a code
# span's text as it is, so it is left so), and makes no raw HTML, link, image, reference definition, emphasis
# or strikethrough: a star, a tilde, or an underscore at either end of a word (`__init__.py`), is shown as
# itself (one inside a word, as in snake_case, never is emphasis). A backtick run that closes nothing is
# escaped (it could pair with one on a later line of a table).
_TEXT = str.maketrans(
    {"[": "\\[", "]": "\\]", "`": "\\`", "<": "&lt;", ">": "&gt;", "&": "&amp;", "*": "\\*", "~": "\\~"}
)
_UNDERSCORES = re.compile(r"_+")
# names (paths) are shown as they are: no Markdown at all
_LITERAL = str.maketrans({c: "\\" + c for c in "`*_[]{}#~|"})
# a backslash escapes only ASCII punctuation; before anything else (git's ``caf\351.md``) it is shown as is
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_ORDERED = re.compile(r"\d{1,9}[.)](?=\s|$)")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def _one_line(text: str) -> str:
    """Line breaks (and the blanks around them) folded into single spaces."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return " ".join(line for line in (part.strip() for part in lines) if line)


def _outside_code(text: str) -> str:
    """``\\``, ``[``, ``]``, lone backticks and HTML escaped outside code spans."""
    return outside_code(text, _free_text)


def _free_text(text: str) -> str:
    text = _escape(text, _TEXT)
    return _UNDERSCORES.sub(_underscores, text) if "_" in text else text


def _underscores(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    if start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum():
        return m.group()  # inside a word: no emphasis
    return "\\_" * (end - start)


def _escape(text: str, table: dict[int, str]) -> str:
    return _BACKSLASH.sub(r"\\\\", text).translate(table)


def _no_block(line: str) -> str:
    """A line that cannot open a block of its own: heading, list item, rule, fence."""
    if not line:
        return line
    first = line[0]
    rest = line[1:2]
    if first == "#" and line.lstrip("#")[:1] in ("", " ", "\t") and len(line) - len(line.lstrip("#")) <= 6:
        return "\\" + line
    if first in "-+*" and rest in ("", " ", "\t"):
        return "\\" + line
    if first in "*_" and len(line.replace(" ", "").replace("\t", "").strip(first)) == 0:
        return "\\" + line
    if first == "~" and line.startswith("~~~"):
        return "\\" + line
    match = _ORDERED.match(line)
    if match:
        return line[: match.end() - 1] + "\\" + line[match.end() - 1 :]
    return line


def md_inline(text: str | None) -> str:
    """One line of untrusted free text for Markdown: no raw HTML, no line breaks, no links, no block."""
    if not text:
        return ""
    return _no_block(_outside_code(_one_line(str(text))))


def md_cell(text: str | None) -> str:
    """Free text for a table cell: as :func:`md_inline`, with ``|`` escaped so the row holds."""
    if not text:
        return ""
    return _outside_code(_one_line(str(text))).replace("|", "\\|")


def md_paragraphs(text: str | None) -> list[str]:
    """Paragraphs of untrusted free text (blank lines apart), each made as safe as :func:`md_inline`."""
    if not text:
        return []
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"), ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(md_inline("\n".join(current)))
            current = []
    return [p for p in paragraphs if p]


def md_link_text(text: str | None) -> str:
    """A name (a file name, a host) as link text or a cell: every Markdown character shown as itself."""
    return _escape(_one_line(str(text or "")).translate(_HTML), _LITERAL)


def md_heading(text: str | None) -> str:
    """A path as a heading: shown as itself, and unable to open an attribute block of its own."""
    return md_link_text(text)


def md_anchor(anchor: str) -> str:
    """An anchor id: only the characters an id in either Markdown form can hold."""
    return "".join(c for c in str(anchor) if c.isascii() and (c.isalnum() or c in "-_"))


def md_url(url: str | None) -> str:
    """A web link's destination (percent-encoded where Markdown would read it), or ``""`` if not http(s)."""
    from urllib.parse import quote, urlsplit

    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return quote(url, safe=_URL_SAFE)


def fence_for(patch: str, char: str = "`", minimum: int = 4) -> str:
    """A fence longer than any run of ``char`` that could close it inside ``patch``: at the start of a line,
    after the diff's sign and blanks, where a line ends at a line feed or, as CommonMark has it, at a lone
    carriage return too (a file with old Mac line ends is one line to git, many to a Markdown reader). Each
    run of three or more is found by a literal search and its line's start checked from it backwards, over
    blanks only: one pass."""
    longest = 0
    start = patch.find(char * 3)
    while start != -1:
        end = start + 3
        while end < len(patch) and patch[end] == char:
            end += 1
        at = start
        while at and patch[at - 1] in " \t":
            at -= 1
        if at and patch[at - 1] in "+-\\" and (at == 1 or patch[at - 2] in "\n\r"):
            at -= 1  # the diff's sign (or a "\ No newline" marker)
        if at == 0 or patch[at - 1] in "\n\r":
            longest = max(longest, end - start)
        start = patch.find(char * 3, end)
    return char * max(minimum, longest + 1)


def json_summary(label: str, title: str) -> str:
    return json.dumps({"modification_type": label, "modification_title": title}, ensure_ascii=False, indent=4)
