"""Markdown analysis: the structure of a document (markdown-it-py) and the facts of a diff.

Structure (front matter, headings) comes from markdown-it-py tokens and their ``.map`` line
ranges, when a full version is available. Line-level facts (tables, code blocks, alerts, links,
includes, phrases, repeated values) are read from the changed lines of the diff only, so an
unchanged part of a document is never looked at more than it takes to know its section.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from .model import (
    AlertChange,
    CodeBlockChange,
    FileAnalysis,
    FrontMatterChange,
    IncludeChange,
    LinkChange,
    PhraseChange,
    SectionChange,
    TableRowChange,
    ValueChange,
)
from .patch import DiffLine, Hunk, changed_lines, replacement_pairs

SEP = " > "
MAX_ITEMS = 40  # per list: a report needs the gist, not every row of a 400-row table
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(?:>\s*)?(`{3,}|~{3,})\s*([\w+#.-]*)")
# A front matter line: `key: value`, an indented continuation or a list item (never blank).
_YAML_LINE = re.compile(r"^(?:[\w.-]{1,80}:(?:[ \t]|$)|[ \t]+\S|-[ \t])")
ALERT_RE = re.compile(r"^\s*>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
INCLUDE_RE = re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]\(([^)\s]+)[^)]*\)\s*\]", re.IGNORECASE)
LINK_RE = re.compile(r"(!?)\[([^\]\[]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_LINK_RE = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE)
LEARN_IMAGE_RE = re.compile(
    r":::image\s[^:]*?source=\"([^\"]+)\"(?:[^:]*?alt-text=\"([^\"]*)\")?", re.IGNORECASE
)
TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
FM_KEY_RE = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:\s*(.*)$")
FM_ITEM_RE = re.compile(r"^\s+-\s*(.*)$")
TOKEN_RE = re.compile(r"[\w][\w.\-/:]*[\w]|[\w]")
PHRASES: dict[str, re.Pattern[str]] = {
    "coming soon": re.compile(r"\bcoming soon\b", re.IGNORECASE),
    "preview": re.compile(r"(?<![-\w/.])preview\b(?![-\w]|\.\w)", re.IGNORECASE),
    "deprecated": re.compile(r"\bdeprecat(?:ed|ion|es|ing|e)\b", re.IGNORECASE),
    "retired": re.compile(r"\bretir(?:ed|ement|es|ing|e)\b", re.IGNORECASE),
    "no longer supported": re.compile(r"\bno longer (?:be )?supported\b|\bunsupported\b", re.IGNORECASE),
    "no longer available": re.compile(r"\bno longer (?:be )?available\b", re.IGNORECASE),
    "end of support": re.compile(r"\bend of (?:support|life)\b", re.IGNORECASE),
    "generally available": re.compile(r"\bgenerally available\b|\bgeneral availability\b", re.IGNORECASE),
    "breaking change": re.compile(r"\bbreaking changes?\b", re.IGNORECASE),
}

# Only headings and front matter are read from the tokens: inline parsing is skipped (heading text is
# cleaned by clean_inline), and so are the block rules that cannot hold a section heading (tables,
# lists, block quotes, link reference definitions) — they cost most of the parse.
_md = (
    MarkdownIt("commonmark")
    .use(front_matter_plugin)
    .disable(["inline", "text_join", "table", "list", "blockquote", "reference"], ignoreInvalid=True)
)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PHRASE_HINT = re.compile(
    r"soon|preview|deprecat|retir|no longer|unsupported|end of|availab|breaking", re.IGNORECASE
)


# ---------------------------------------------------------------- structure of one version


@dataclass
class Heading:
    line: int  # 1-based
    level: int
    title: str
    path: str


@dataclass
class Document:
    """What analysis needs of one full version of a Markdown file."""

    front_matter: dict[str, str] = field(default_factory=dict)
    fm_lines: dict[str, int] = field(default_factory=dict)
    fm_end: int = 0  # last line of the front matter block, 0 if none
    headings: list[Heading] = field(default_factory=list)
    line_count: int = 0
    title: str | None = None
    lines: list[str] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def index_at(self, line: int) -> int:
        """Index of the heading whose section holds ``line`` (-1 before the first heading)."""
        if len(self._starts) != len(self.headings):
            self._starts = [h.line for h in self.headings]
        return bisect.bisect_right(self._starts, line) - 1

    def section_at(self, line: int) -> str | None:
        i = self.index_at(line)
        return self.headings[i].path if i >= 0 else None

    def parent(self, index: int) -> int:
        level = self.headings[index].level
        return next((k for k in range(index - 1, -1, -1) if self.headings[k].level < level), -1)

    def section_end(self, index: int) -> int:
        """Last line of heading ``index``'s section, subsections included."""
        level = self.headings[index].level
        for h in self.headings[index + 1 :]:
            if h.level <= level:
                return h.line - 1
        return self.line_count


@functools.lru_cache(maxsize=1 << 16)
def clean_inline(text: str) -> str:
    text = LINK_RE.sub(lambda m: m.group(2), text)
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(text.split())


# Lines that can make or hide a heading: ATX headings, code fences, setext underlines (with the line
# above them). Everything else is blanked before parsing, keeping line numbers, so markdown-it reads
# a skeleton of the document: the same headings, a fraction of the work on long pages.
_SKELETON_KEEP = re.compile(r"^ {0,3}(?:#|```|~~~|=+[ \t]*$|-+[ \t]*$)")


def skeleton(lines: list[str]) -> str:
    kept = [""] * len(lines)
    start = 0
    if lines and lines[0].rstrip() == "---":  # front matter, whole
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is not None:
            kept[: end + 1] = lines[: end + 1]
            start = end + 1
    for i in range(start, len(lines)):
        line = lines[i]
        if _SKELETON_KEEP.match(line):
            kept[i] = line
            if line.lstrip(" ")[:1] in "=-" and i > start and lines[i - 1].strip():
                kept[i - 1] = lines[i - 1]  # a setext heading's text
    return "\n".join(kept) + "\n"


def parse_document(text: str) -> Document:
    lines = text.splitlines()
    doc = Document(line_count=len(lines), lines=lines)
    tokens = _md.parse(skeleton(lines))
    stack: list[tuple[int, str]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "front_matter" and tok.map:
            doc.fm_end = tok.map[1]
            doc.front_matter, doc.fm_lines = _front_matter(tok.content, tok.map[0] + 2)
        elif tok.type == "heading_open" and tok.map and i + 1 < len(tokens):
            level = int(tok.tag[1:])
            title = clean_inline(tokens[i + 1].content)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
            doc.headings.append(Heading(tok.map[0] + 1, level, title, SEP.join(t for _, t in stack)))
    doc.title = doc.front_matter.get("title") or next((h.title for h in doc.headings if h.level == 1), None)
    return doc


_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


def derive_old(new: Document, old_text: str, hunks: list[Hunk]) -> Document | None:
    """The old version's structure from the new one's, without parsing it again.

    Possible when no changed line can make, hide or rename a heading (no heading, fence or setext
    lines changed, nor a setext heading's text): the headings are then the same, shifted through the
    hunks. The front matter is read from the old text itself. None when a full parse is needed.
    """
    old_lines = old_text.splitlines()
    doc = Document(line_count=len(old_lines), lines=old_lines)
    if old_lines and old_lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(old_lines)) if old_lines[i].rstrip() == "---"), None)
        if end is not None:
            doc.fm_end = end + 1
            doc.front_matter, doc.fm_lines = _front_matter("\n".join(old_lines[1:end]), 2)
    points: list[tuple[int, int]] = []  # (new line, old - new) from there on
    for hunk in hunks:
        running = hunk.old_start - hunk.new_start
        pos_new = hunk.new_start
        for ln in hunk.lines:
            if ln.sign == " ":
                points.append((pos_new, running))
                pos_new += 1
                continue
            if _SKELETON_KEEP.match(ln.text):
                return None
            # a changed line above an underline is a setext heading's text (unless in the front matter)
            if ln.sign == "+":
                in_fm = ln.new is not None and ln.new < new.fm_end
                following = new.lines[ln.new] if ln.new is not None and ln.new < len(new.lines) else ""
                running -= 1
                pos_new += 1
            else:
                in_fm = ln.old is not None and ln.old < doc.fm_end
                following = old_lines[ln.old] if ln.old is not None and ln.old < len(old_lines) else ""
                running += 1
            if not in_fm and _UNDERLINE.match(following):
                return None
        points.append((pos_new, running))
    starts = [p[0] for p in points]

    def to_old(line: int) -> int:
        i = bisect.bisect_right(starts, line) - 1
        return line + (points[i][1] if i >= 0 else 0)

    doc.headings = [Heading(to_old(h.line), h.level, h.title, h.path) for h in new.headings]
    doc.title = doc.front_matter.get("title") or next((h.title for h in doc.headings if h.level == 1), None)
    return doc


def _front_matter(content: str, first_line: int) -> tuple[dict[str, str], dict[str, int]]:
    lines: dict[str, int] = {}
    for n, line in enumerate(content.splitlines()):
        m = FM_KEY_RE.match(line)
        if m:
            lines.setdefault(m.group(1), first_line + n)
    try:
        data = yaml.load(content, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader (libyaml's when present)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):  # unparsable: fall back to the key: value lines
        values = {}
        for line in content.splitlines():
            m = FM_KEY_RE.match(line)
            if m:
                values[m.group(1)] = m.group(2).strip()
        return values, lines
    return {str(k): _scalar(v) for k, v in data.items()}, lines


def _scalar(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
    return "" if value is None else str(value)


# ---------------------------------------------------------------- where a changed line lives


Locator = Callable[[DiffLine], "str | None"]


class PatchContext:
    """Section and front-matter membership of diff lines, guessed from the hunks alone."""

    def __init__(self, hunks: list[Hunk]) -> None:
        self.sections: dict[int, str | None] = {}
        self.front: set[int] = set()
        self.code: set[int] = set()
        for hunk in hunks:
            self._scan(hunk)

    def _scan(self, hunk: Hunk) -> None:
        head = HEADING_RE.match(hunk.header)
        old_sec: str | None = clean_inline(head.group(2)) if head else None
        new_sec = old_sec
        self._front_matter(hunk)
        fence_old = fence_new = starts_in_code(hunk)
        for line in hunk.lines:
            fence = FENCE_RE.match(line.text)
            if fence:
                if line.sign != "+":
                    fence_old = not fence_old
                if line.sign != "-":
                    fence_new = not fence_new
            m = HEADING_RE.match(line.text) if id(line) not in self.front else None
            in_code = fence_old if line.sign == "-" else fence_new
            if in_code and not fence:
                self.code.add(id(line))
            if m and not in_code:
                title = clean_inline(m.group(2))
                if line.sign != "+":
                    old_sec = title
                if line.sign != "-":
                    new_sec = title
            self.sections[id(line)] = old_sec if line.sign == "-" else new_sec

    def _front_matter(self, hunk: Hunk) -> None:
        if min(hunk.old_start, hunk.new_start) > 40:
            return
        lines = hunk.lines
        start = 0
        if hunk.old_start <= 1 and lines and lines[0].text.strip() == "---":
            start = 1
        for i in range(start, len(lines)):
            text = lines[i].text
            if text.strip() == "---":
                for line in lines[start:i]:
                    self.front.add(id(line))
                return
            if HEADING_RE.match(text) or FENCE_RE.match(text):
                return
        texts = [line.text for line in lines]
        while texts and not texts[-1].strip():
            texts.pop()  # the blank end of a patch is not a line of the file
        if start == 1 or (len(texts) >= 2 and all(_YAML_LINE.match(text) for text in texts)):
            # opened on line 1 and still open where the hunk ends, or a hunk near the top made only of
            # `key: value` lines (no blank line, heading or prose): all of it is front matter
            for line in lines[start:]:
                self.front.add(id(line))

    def section(self, line: DiffLine) -> str | None:
        return self.sections.get(id(line))

    def in_front_matter(self, line: DiffLine) -> bool:
        return id(line) in self.front

    def in_code(self, line: DiffLine) -> bool:
        """Inside a fenced code block (the fence lines themselves are not)."""
        return id(line) in self.code


class FullContext:
    """Section and front-matter membership from both parsed versions."""

    def __init__(self, old: Document | None, new: Document | None, fallback: PatchContext) -> None:
        self.old, self.new, self.fallback = old, new, fallback

    def _doc(self, line: DiffLine) -> tuple[Document | None, int | None]:
        return (self.old, line.old) if line.sign == "-" else (self.new, line.new)

    def section(self, line: DiffLine) -> str | None:
        doc, n = self._doc(line)
        if doc is None or n is None:
            return self.fallback.section(line)
        return doc.section_at(n)

    def in_front_matter(self, line: DiffLine) -> bool:
        doc, n = self._doc(line)
        if doc is None or n is None:
            return self.fallback.in_front_matter(line)
        return 1 <= n <= doc.fm_end


# ---------------------------------------------------------------- the analysis


def analyse_markdown(
    fa: FileAnalysis, hunks: list[Hunk], old: Document | None = None, new: Document | None = None
) -> FileAnalysis:
    """Fill ``fa`` with the facts of a Markdown diff (``old``/``new`` when full versions exist)."""
    patch_ctx = PatchContext(hunks)
    ctx: PatchContext | FullContext = FullContext(old, new, patch_ctx) if (old or new) else patch_ctx
    lines = changed_lines(hunks)
    body: list[DiffLine] = []
    front: list[DiffLine] = []
    for ln in lines:
        (front if ctx.in_front_matter(ln) else body).append(ln)
    fa.body_added = sum(1 for ln in body if ln.sign == "+")
    fa.body_removed = sum(1 for ln in body if ln.sign == "-")
    fa.code_only = any(ln.text.strip() for ln in body) and all(
        patch_ctx.in_code(ln) for ln in body if ln.text.strip()
    )
    if new is not None:
        fa.title = new.title
    if old is not None:
        fa.old_title = old.title
    whole = fa.status in ("added", "deleted")
    if old is not None or new is not None:
        fa.front_matter = compare_front_matter(old, new) if not whole else []
    else:
        fa.front_matter = front_matter_from_patch(hunks, ctx)
        fa.title = fa.title or next((c.new for c in fa.front_matter if c.key == "title" and c.new), None)
    if whole:
        doc = new if fa.status == "added" else old
        if doc is not None:
            fa.headings = [h.title for h in doc.headings if h.level == 2][:MAX_ITEMS]
        else:
            fa.headings = [
                clean_inline(m.group(2))
                for ln in body
                if (m := HEADING_RE.match(ln.text)) and len(m.group(1)) == 2
            ][:MAX_ITEMS]
    elif old is not None and new is not None:
        fa.sections = compare_sections(old, new, body)
    else:
        fa.sections = sections_from_patch(hunks, ctx)
    fa.tables = table_rows(body, ctx)
    fa.code_blocks = code_blocks(hunks, ctx)
    fa.alerts = alerts(hunks, ctx)
    fa.links, fa.includes = links_and_includes(body, ctx)
    fa.phrases = phrases(body, ctx)
    if not whole:
        fa.values = values(hunks, ctx)
    _flags(fa, body, front)
    return fa


def _flags(fa: FileAnalysis, body: list[DiffLine], front: list[DiffLine]) -> None:
    changed = body + front
    if not changed:
        return
    fa.metadata_only = bool(front) and not any(ln.text.strip() for ln in body)
    norm = [(ln.sign, " ".join(ln.text.split())) for ln in changed]
    minus = Counter(t for s, t in norm if s == "-" and t)
    plus = Counter(t for s, t in norm if s == "+" and t)
    fa.whitespace_only = minus == plus
    if fa.whitespace_only or not fa.links or any(link.kind != "retargeted" for link in fa.links):
        return

    def strip_urls(text: str) -> str:
        return " ".join(LINK_RE.sub(lambda m: f"{m.group(1)}[{m.group(2)}]()", text).split())

    minus = Counter(strip_urls(ln.text) for ln in body if ln.sign == "-" and ln.text.strip())
    plus = Counter(strip_urls(ln.text) for ln in body if ln.sign == "+" and ln.text.strip())
    fa.link_only = minus == plus


# ---------------------------------------------------------------- front matter


def compare_front_matter(old: Document | None, new: Document | None) -> list[FrontMatterChange]:
    a = old.front_matter if old else {}
    b = new.front_matter if new else {}
    out: list[FrontMatterChange] = []
    for key in list(b) + [k for k in a if k not in b]:
        line = new.fm_lines.get(key) if new else None
        old_line = old.fm_lines.get(key) if old else None
        if key not in a:
            out.append(FrontMatterChange(kind="added", key=key, new=b[key], line=line))
        elif key not in b:
            out.append(FrontMatterChange(kind="removed", key=key, old=a[key], old_line=old_line))
        elif a[key] != b[key]:
            out.append(
                FrontMatterChange(
                    kind="changed", key=key, old=a[key], new=b[key], line=line, old_line=old_line
                )
            )
    return out


@dataclass
class _FmEntry:
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    line: int | None = None
    old_line: int | None = None


def front_matter_from_patch(hunks: list[Hunk], ctx: PatchContext | FullContext) -> list[FrontMatterChange]:
    found: dict[str, _FmEntry] = {}
    for hunk in hunks:
        key: str | None = None
        for line in hunk.lines:
            if not ctx.in_front_matter(line):
                continue
            m = FM_KEY_RE.match(line.text)
            item = FM_ITEM_RE.match(line.text)
            if m:
                key = m.group(1)
                value = m.group(2).strip().strip("'\"")
            elif item and key:
                value = item.group(1).strip().strip("'\"")
            else:
                continue
            if line.sign == " ":
                continue
            entry = found.setdefault(key, _FmEntry())
            if line.sign == "+":
                entry.new.append(value)
                entry.line = entry.line or line.new
            else:
                entry.old.append(value)
                entry.old_line = entry.old_line or line.old
    out = []
    for key, e in found.items():
        kind: Literal["added", "removed", "changed"] = (
            "changed" if e.old and e.new else ("added" if e.new else "removed")
        )
        old = ", ".join(v for v in e.old if v) or None
        new = ", ".join(v for v in e.new if v) or None
        if old != new:
            out.append(
                FrontMatterChange(kind=kind, key=key, old=old, new=new, line=e.line, old_line=e.old_line)
            )
    return out


# ---------------------------------------------------------------- sections


def compare_sections(old: Document, new: Document, body: list[DiffLine]) -> list[SectionChange]:
    """Align the two heading lists (level and title), then name what is left: renamed (same place and
    level, similar title or body), moved (same heading elsewhere), added, removed; aligned sections
    with changed lines are ``changed``. A renamed parent does not make its children moved."""
    added: Counter[int] = Counter()
    removed: Counter[int] = Counter()
    for ln in body:
        if ln.sign == "+" and ln.new is not None:
            added[new.index_at(ln.new)] += 1
        elif ln.sign == "-" and ln.old is not None:
            removed[old.index_at(ln.old)] += 1
    a = [(h.level, h.title) for h in old.headings]
    b = [(h.level, h.title) for h in new.headings]
    aligned: dict[int, int] = {}
    free_old: list[int] = []
    free_new: list[int] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            aligned.update({j1 + k: i1 + k for k in range(i2 - i1)})
        else:
            free_old += range(i1, i2)
            free_new += range(j1, j2)
    moved: dict[int, int] = {}
    renamed: dict[int, int] = {}
    for target, score, least in (
        (moved, lambda i, j: float(a[i] == b[j]), 1.0),
        (renamed, lambda i, j: _similar_title(a[i][1], b[j][1]), 0.5),
        (renamed, lambda i, j: _similar(_body(old, i), _body(new, j)), 0.6),
    ):
        for j in free_new:
            if j in moved or j in renamed:
                continue
            taken = set(moved.values()) | set(renamed.values())
            options = [(score(i, j), i) for i in free_old if i not in taken and a[i][0] == b[j][0]]
            best = max(options, default=(0.0, -1))
            if best[0] >= least:
                target[j] = best[1]
    new_added = {j for j in free_new if j not in moved and j not in renamed}
    old_removed = {i for i in free_old if i not in moved.values() and i not in renamed.values()}
    out: list[SectionChange] = []
    for j, h in enumerate(new.headings):
        size = new.section_end(j) - h.line + 1
        i = aligned.get(j, renamed.get(j, moved.get(j)))
        if j in new_added:
            if new.parent(j) in new_added:
                continue
            own = sum(
                added[k] for k in range(j, len(new.headings)) if new.headings[k].line <= h.line + size - 1
            )
            out.append(
                SectionChange(
                    kind="added",
                    path=h.path,
                    title=h.title,
                    level=h.level,
                    line=h.line,
                    size=size,
                    lines_added=own,
                )
            )
            continue
        assert i is not None
        o = old.headings[i]
        kind: Literal["renamed", "moved", "changed"] | None = (
            "renamed"
            if j in renamed
            else "moved"
            if j in moved
            else "changed"
            if added[j] or removed[i]
            else None
        )
        if kind is not None:
            out.append(
                SectionChange(
                    kind=kind,
                    path=h.path,
                    old_path=o.path if kind != "changed" else None,
                    title=h.title,
                    level=h.level,
                    line=h.line,
                    old_line=o.line,
                    size=size,
                    lines_added=added[j],
                    lines_removed=removed[i],
                )
            )
    for i in sorted(old_removed):
        if old.parent(i) in old_removed:
            continue
        o = old.headings[i]
        size = old.section_end(i) - o.line + 1
        out.append(
            SectionChange(
                kind="removed",
                path=o.path,
                title=o.title,
                level=o.level,
                old_line=o.line,
                size=size,
                lines_removed=size,
            )
        )
    return out[:MAX_ITEMS]


def _body(doc: Document, index: int) -> list[str]:
    """The section's own lines (up to the next heading), at most 200 of them."""
    h = doc.headings[index]
    nxt = doc.headings[index + 1].line if index + 1 < len(doc.headings) else doc.line_count + 1
    return [ln.strip() for ln in doc.lines[h.line : min(nxt - 1, h.line + 200)] if ln.strip()]


def _similar(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sm.ratio() if sm.quick_ratio() >= 0.6 else 0.0


def _similar_title(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def starts_in_code(hunk: Hunk) -> bool:
    """Guess whether a hunk starts inside a fenced code block: its first fence has no language and
    is followed by a blank line or the end of the hunk (a closing fence), or by a heading."""
    for i, line in enumerate(hunk.lines):
        m = FENCE_RE.match(line.text)
        if not m:
            continue
        if m.group(2):
            return False
        rest = [ln.text for ln in hunk.lines[i + 1 :]]
        return not rest or not rest[0].strip() or bool(HEADING_RE.match(rest[0]))
    return False


def sections_from_patch(hunks: list[Hunk], ctx: PatchContext | FullContext) -> list[SectionChange]:
    out: list[SectionChange] = []
    counts: dict[str, list[int]] = {}
    heads: dict[str, list[tuple[DiffLine, int, str]]] = {"+": [], "-": []}
    for hunk in hunks:
        fence = starts_in_code(hunk)
        for line in hunk.lines:
            if FENCE_RE.match(line.text):
                fence = not fence
            if line.sign == " " or ctx.in_front_matter(line):
                continue
            m = HEADING_RE.match(line.text)
            if m and not fence:
                heads[line.sign].append((line, len(m.group(1)), clean_inline(m.group(2))))
                continue
            sec = ctx.section(line)
            if sec is not None:
                c = counts.setdefault(sec, [0, 0])
                c[0 if line.sign == "+" else 1] += 1
    removed = list(heads["-"])
    for line, level, title in heads["+"]:
        same = next((r for r in removed if r[2] == title), None)
        if same is not None:
            removed.remove(same)
            out.append(
                SectionChange(
                    kind="moved",
                    path=title,
                    old_path=title,
                    title=title,
                    level=level,
                    line=line.new,
                    old_line=same[0].old,
                )
            )
            continue
        near = max(
            (r for r in removed if r[1] == level),
            key=lambda r: _similar_title(r[2], title),
            default=None,
        )
        if near is not None and _similar_title(near[2], title) < 0.5:
            near = None
        c = counts.pop(title, [0, 0])
        if near is not None:
            removed.remove(near)
            c[1] += counts.pop(near[2], [0, 0])[1]
            out.append(
                SectionChange(
                    kind="renamed",
                    path=title,
                    old_path=near[2],
                    title=title,
                    level=level,
                    line=line.new,
                    old_line=near[0].old,
                    lines_added=c[0],
                    lines_removed=c[1],
                )
            )
        else:
            out.append(
                SectionChange(
                    kind="added",
                    path=title,
                    title=title,
                    level=level,
                    line=line.new,
                    lines_added=c[0],
                    size=c[0] + 1,
                )
            )
    for line, level, title in removed:
        c = counts.pop(title, [0, 0])
        out.append(
            SectionChange(
                kind="removed",
                path=title,
                title=title,
                level=level,
                old_line=line.old,
                lines_removed=c[1],
                size=c[1] + 1,
            )
        )
    for sec, (plus, minus) in counts.items():
        out.append(SectionChange(kind="changed", path=sec, title=sec, lines_added=plus, lines_removed=minus))
    return out[:MAX_ITEMS]


# ---------------------------------------------------------------- tables, code, alerts


def _cells(text: str) -> list[str]:
    inner = text.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [clean_inline(c) for c in re.split(r"(?<!\\)\|", inner)]


def table_rows(body: list[DiffLine], ctx: PatchContext | FullContext) -> list[TableRowChange]:
    rows: dict[str, list[tuple[str, DiffLine]]] = {"+": [], "-": []}
    for ln in body:
        text = ln.text.strip()
        if text.startswith("|") and text.count("|") >= 2 and not TABLE_SEP_RE.match(text):
            cells = _cells(text)
            rows[ln.sign].append((cells[0] if cells else "", ln))
    out: list[TableRowChange] = []
    olds = list(rows["-"])
    for name, ln in rows["+"]:
        match = next((o for o in olds if o[0] == name), None)
        if match is not None:
            olds.remove(match)
            if " ".join(match[1].text.split()) != " ".join(ln.text.split()):
                out.append(
                    TableRowChange(
                        kind="changed",
                        name=name,
                        old=match[1].text.strip(),
                        new=ln.text.strip(),
                        line=ln.new,
                        old_line=match[1].old,
                        section=ctx.section(ln),
                    )
                )
        else:
            out.append(
                TableRowChange(
                    kind="added", name=name, new=ln.text.strip(), line=ln.new, section=ctx.section(ln)
                )
            )
    for name, ln in olds:
        out.append(
            TableRowChange(
                kind="removed", name=name, old=ln.text.strip(), old_line=ln.old, section=ctx.section(ln)
            )
        )
    return out[:MAX_ITEMS]


def code_blocks(hunks: list[Hunk], ctx: PatchContext | FullContext) -> list[CodeBlockChange]:
    out: list[CodeBlockChange] = []
    for hunk in hunks:
        for side in ("+", "-"):
            block: tuple[DiffLine, str] | None = None
            inner: list[DiffLine] = []
            for line in hunk.lines:
                if line.sign not in (" ", side) or ctx.in_front_matter(line):
                    continue
                m = FENCE_RE.match(line.text)
                if not m:
                    if block is not None:
                        inner.append(line)
                    continue
                if block is None:
                    block, inner = (line, m.group(2).lower()), []
                    continue
                opener, lang = block
                block = None
                n_changed = sum(1 for ln in inner if ln.sign == side)
                if opener.sign == side and line.sign == side:
                    kind: Literal["added", "removed"] = "added" if side == "+" else "removed"
                    out.append(
                        CodeBlockChange(
                            kind=kind,
                            language=lang,
                            lines=len(inner),
                            line=opener.new,
                            old_line=opener.old,
                            section=ctx.section(opener),
                        )
                    )
                elif n_changed and (side == "+" or not any(ln.sign == "+" for ln in hunk.lines)):
                    out.append(
                        CodeBlockChange(
                            kind="changed",
                            language=lang,
                            lines=n_changed,
                            line=opener.new,
                            old_line=opener.old,
                            section=ctx.section(opener),
                        )
                    )
    return out[:MAX_ITEMS]


def alerts(hunks: list[Hunk], ctx: PatchContext | FullContext) -> list[AlertChange]:
    found: dict[str, list[AlertChange]] = {"+": [], "-": []}
    for hunk in hunks:
        for i, line in enumerate(hunk.lines):
            m = ALERT_RE.match(line.text)
            if not m or line.sign == " ":
                continue
            text: list[str] = []
            for nxt in hunk.lines[i + 1 :]:
                if nxt.sign not in (" ", line.sign):
                    continue
                if not nxt.text.lstrip().startswith(">"):
                    break
                text.append(nxt.text.lstrip()[1:].strip())
            rest = line.text[m.end() :].strip()
            body = clean_inline(" ".join([rest, *text]))[:300]
            alert_kind: Literal["added", "removed"] = "added" if line.sign == "+" else "removed"
            found[line.sign].append(
                AlertChange(
                    kind=alert_kind,
                    alert=m.group(1).upper(),
                    text=body,
                    line=line.new,
                    old_line=line.old,
                    section=ctx.section(line),
                )
            )
    # an alert whose text is the same on both sides was only moved or touched: not a fact
    plus = found["+"]
    minus = found["-"]
    for a in list(plus):
        twin = next((b for b in minus if b.alert == a.alert and b.text == a.text), None)
        if twin is not None:
            plus.remove(a)
            minus.remove(twin)
    return (plus + minus)[:MAX_ITEMS]


# ---------------------------------------------------------------- links, includes, phrases, values


def _links_of(text: str) -> Iterable[tuple[bool, str, str]]:
    text = INCLUDE_RE.sub("", text)
    for m in LINK_RE.finditer(text):
        yield m.group(1) == "!", clean_inline(m.group(2)), m.group(3)
    for m in HTML_LINK_RE.finditer(text):
        yield False, clean_inline(m.group(2)), m.group(1)
    for m in LEARN_IMAGE_RE.finditer(text):
        yield True, m.group(2) or "", m.group(1)
    ref = REF_DEF_RE.match(text)
    if ref and not text.lstrip().startswith("[!"):
        yield False, ref.group(1), ref.group(2)


def links_and_includes(
    body: list[DiffLine], ctx: PatchContext | FullContext
) -> tuple[list[LinkChange], list[IncludeChange]]:
    links: dict[str, list[tuple[tuple[bool, str, str], DiffLine]]] = {"+": [], "-": []}
    incs: dict[str, list[tuple[tuple[str, str], DiffLine]]] = {"+": [], "-": []}
    for ln in body:
        if "[" not in ln.text and "<" not in ln.text and ":::" not in ln.text:
            continue  # every link, image and include form needs one of these
        for link in _links_of(ln.text):
            links[ln.sign].append((link, ln))
        for m in INCLUDE_RE.finditer(ln.text):
            incs[ln.sign].append(((m.group(1).strip(), m.group(2)), ln))
    plus, minus = _cancel(links["+"], links["-"])
    out: list[LinkChange] = []
    for (image, text, url), ln in plus:
        twin = next((o for o in minus if o[0][0] == image and o[0][1] == text and text), None)
        if twin is not None:
            minus.remove(twin)
            out.append(
                LinkChange(
                    kind="retargeted",
                    image=image,
                    text=text,
                    url=url,
                    old_url=twin[0][2],
                    line=ln.new,
                    old_line=twin[1].old,
                    section=ctx.section(ln),
                )
            )
        else:
            out.append(
                LinkChange(
                    kind="added", image=image, text=text, url=url, line=ln.new, section=ctx.section(ln)
                )
            )
    for (image, text, url), ln in minus:
        out.append(
            LinkChange(
                kind="removed", image=image, text=text, url=url, old_line=ln.old, section=ctx.section(ln)
            )
        )
    iplus, iminus = _cancel(incs["+"], incs["-"])
    includes = [
        IncludeChange(kind="added", title=t, target=p, line=ln.new, section=ctx.section(ln))
        for (t, p), ln in iplus
    ]
    includes += [
        IncludeChange(kind="removed", title=t, target=p, old_line=ln.old, section=ctx.section(ln))
        for (t, p), ln in iminus
    ]
    return out[:MAX_ITEMS], includes[:MAX_ITEMS]


def _cancel(plus: list, minus: list) -> tuple[list, list]:  # type: ignore[type-arg]
    """Drop items present on both sides (a line edited around an unchanged link)."""
    left = list(minus)
    kept = []
    for item in plus:
        twin = next((o for o in left if o[0] == item[0]), None)
        if twin is not None:
            left.remove(twin)
        else:
            kept.append(item)
    return kept, left


def _lines_matching(body: list[DiffLine], pattern: re.Pattern[str]) -> list[DiffLine]:
    """The lines where ``pattern`` matches, found with one search over the joined text."""
    texts = [ln.text for ln in body]
    starts = [0, *itertools.accumulate(len(t) + 1 for t in texts)]
    hits = {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer("\n".join(texts))}
    return [body[i] for i in sorted(hits)]


def phrases(body: list[DiffLine], ctx: PatchContext | FullContext) -> list[PhraseChange]:
    counts: dict[str, list[int]] = {}
    examples: dict[tuple[str, str], DiffLine] = {}
    for ln in _lines_matching(body, PHRASE_HINT):
        text = LINK_RE.sub(lambda m: m.group(2), INCLUDE_RE.sub("", ln.text))
        for phrase, pattern in PHRASES.items():
            n = len(pattern.findall(text))
            if n:
                c = counts.setdefault(phrase, [0, 0])
                c[0 if ln.sign == "+" else 1] += n
                examples.setdefault((phrase, ln.sign), ln)
    out: list[PhraseChange] = []
    for phrase, (plus, minus) in counts.items():
        if plus == minus:
            continue
        sign = "+" if plus > minus else "-"
        ln = examples[(phrase, sign)]
        out.append(
            PhraseChange(
                kind="appeared" if sign == "+" else "disappeared",
                phrase=phrase,
                count=abs(plus - minus),
                text=clean_inline(ln.text)[:200],
                line=ln.new,
                old_line=ln.old,
                section=ctx.section(ln),
            )
        )
    return out


def values(hunks: list[Hunk], ctx: PatchContext | FullContext) -> list[ValueChange]:
    found: dict[tuple[str, str], ValueChange] = {}
    for hunk in hunks:
        for old, new in replacement_pairs(hunk):
            if ctx.in_front_matter(old) or ctx.in_front_matter(new):
                continue
            a, b = TOKEN_RE.findall(old.text), TOKEN_RE.findall(new.text)
            if not a or not b or len(a) > 400 or len(b) > 400:
                continue
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if sm.ratio() < 0.5:
                continue
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
                    continue
                key = (a[i1], b[j1])
                if any(len(t) <= 2 and t.isalpha() for t in key):  # "it is" -> "it's": not a value
                    continue
                vc = found.get(key)
                if vc is None:
                    vc = found[key] = ValueChange(old=a[i1], new=b[j1], count=0)
                vc.count += 1
                if new.new is not None and len(vc.lines) < 20:
                    vc.lines.append(new.new)
    ranked = sorted(found.values(), key=lambda v: (-v.count, v.lines[:1]))
    return ranked[:MAX_ITEMS]
