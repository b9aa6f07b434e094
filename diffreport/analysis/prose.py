"""The running text a diff changed, run by run of changed lines: what a page says in its paragraphs and list
items, as a reader sees it. Code, tables, alerts and quotes, headings, Learn directives, images, HTML comments
and lists of links are left to the facts that say them."""

from __future__ import annotations

import re

from ..models import Change, ProseChange, ValueChange
from .context import Context
from .syntax import LEADER, LINK_RE, MAX_ITEMS, MAX_LINE, clean_inline

# a line that is no running text: a quote or alert, a table row, a heading, a Learn directive (`:::image`,
# `::: zone`), an include or other `[!…]` block, HTML, an image, a fence; or, where the patch alone cannot
# tell code from text, a line of JSON or of braces, or an assignment (`HotelName = "Secret Point Motel",`)
_NOT_PROSE = re.compile(
    r"\s*(?:>|\||#{1,6}(?:\s|$)|:::|\[!|<|!\[|```|~~~|[{}]|\"[^\"]*\"\s*:|[A-Za-z_$@][\w.$@]*\s*[-+*/]?=(?!=))"
)
_WORD = re.compile(r"\w\w+")
_WORDS_BESIDE_LINKS = 4  # words besides its links, for a line with links to be running text
_MAX_RUNS = 8 * MAX_ITEMS  # runs of text read, said or not: past them a page's edits are not read further
_FEW_WORDS = 3  # words of a run's longer side, for it to be running text
_MAX_TEXT = 2_000  # characters kept of each side of a run


def prose(
    body: list[int], ctx: Context, code: set[int], values: list[ValueChange] | None = None
) -> list[ProseChange]:
    """The runs of changed lines of ``body`` (front matter and hidden lines left out) whose running text
    changed, in order, at most ``MAX_ITEMS`` of the first ``_MAX_RUNS``: the text each run removed and
    added, markup taken away; a run whose text reads the same (its markup, spacing or a link's target
    changed) is none, nor one the ``values`` replaced account for. Lines of code or tables between lines of
    text in one run do not part it."""
    lines = ctx.lines
    texts, signs = lines.texts, lines.signs
    firsts = {span.first for span in lines.spans}
    # a line of text the other side has too, elsewhere, was moved (a section moved says it): no edit
    shown = {i: " ".join(texts[i][:MAX_LINE].split()) for i in body if i not in code and _is_prose(texts[i])}
    sides: dict[str, set[str]] = {"+": set(), "-": set()}
    for i, text in shown.items():
        sides[signs[i]].add(text)
    out: list[ProseChange] = []
    run: list[int] = []
    prev = -2
    runs = 0
    for i in body:
        if run and (i != prev + 1 or i in firsts):  # a line kept, or another hunk, ends a run
            _flush(run, ctx, out, values)
            run = []
            runs += 1
            if len(out) >= MAX_ITEMS or runs >= _MAX_RUNS:
                return out
        prev = i
        if i in shown and shown[i] not in sides["-" if signs[i] == "+" else "+"]:
            run.append(i)
    if run:
        _flush(run, ctx, out, values)
    return out[:MAX_ITEMS]


def _is_prose(text: str) -> bool:
    """Whether a line is running text: words, and not only links and a word or two about them
    (`- [Quickstart](quickstart.md)`, `[Kernel](kernel.md) | [Planner](planner.md)`, `Try [A](a.md) and
    [B](b.md)`: the links say them)."""
    if not _WORD.search(text) or _NOT_PROSE.match(text):
        return False
    if text.rstrip()[-1:] in (";", "{", "|"):  # a statement or block of code, where the patch alone tells
        return False  # no code; or a table row without its leading pipe
    if " | " in text:  # a table row without its leading and trailing pipes (GFM reads one so)
        return False
    return "](" not in text or len(_WORD.findall(LINK_RE.sub("", text[:MAX_LINE]))) >= _WORDS_BESIDE_LINKS


def _flush(run: list[int], ctx: Context, out: list[ProseChange], values: list[ValueChange] | None) -> None:
    lines = ctx.lines
    signs = lines.signs
    old_lines = [i for i in run if signs[i] == "-"]
    new_lines = [i for i in run if signs[i] == "+"]
    if (
        values
        and old_lines
        and new_lines
        and _explained(values, _raw(lines.texts, old_lines), _raw(lines.texts, new_lines))
    ):
        return  # the values replaced say it (seen before the markup is read: the common case, cheaply)
    old = _text(lines.texts, old_lines)
    new = _text(lines.texts, new_lines)
    if old == new or max(len(_WORD.findall(old)), len(_WORD.findall(new))) < _FEW_WORDS:
        return  # the same text, or a word or two: a name or value in a cell or list, no running text
    if values and old and new and _explained(values, old, new):
        return  # the values replaced say it
    kind: Change = "changed" if old and new else "added" if new else "removed"
    first = new_lines[0] if new_lines else old_lines[0]
    out.append(
        ProseChange(
            kind=kind,
            old=old or None,
            new=new or None,
            line=lines.new(new_lines[0]) if new_lines else None,
            old_line=lines.old(old_lines[0]) if old_lines else None,
            section=ctx.section(first),
        )
    )


def _explained(values: list[ValueChange], old: str, new: str) -> bool:
    """Whether ``old`` becomes ``new`` with the values replaced put in: where they stand (`thread` ->
    `session` in "agent threads"), or where they stand as words (`1` -> `2` in "page 1012, version 1")."""
    loose = strict = old
    for v in values:
        if v.old and v.old in old:
            loose = loose.replace(v.old, v.new)
            strict = re.sub(rf"(?<!\w){re.escape(v.old)}(?!\w)", v.new.replace("\\", "\\\\"), strict)
    return new in (loose, strict)


def _raw(texts: list[str], indexes: list[int]) -> str:
    """The lines as written, on one line, cut as :func:`_text` cuts."""
    return " ".join(" ".join(texts[i][:_MAX_TEXT].split()) for i in indexes)[:_MAX_TEXT]


def _text(texts: list[str], indexes: list[int]) -> str:
    """The lines' text as a reader sees it, on one line, cut far past what a quote shows."""
    parts: list[str] = []
    size = 0
    for i in indexes:
        part = clean_inline(LEADER.sub("", texts[i][:_MAX_TEXT])).strip()
        if part:
            parts.append(part)
            size += len(part) + 1
            if size > _MAX_TEXT:
                break
    return " ".join(" ".join(parts).split())[:_MAX_TEXT]
