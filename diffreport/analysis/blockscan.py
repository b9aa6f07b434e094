"""A linear scan for the front matter and headings of a Markdown page.

Only the lines that can make or hide a heading are read — ATX heading lines, code fences, setext
underlines with the line above them, and a leading front matter block: the page's *skeleton*; every
other line counts as blank. On the skeleton the scan follows the block rules of markdown-it-py's
CommonMark parser with its front matter plugin (tables, lists, block quotes and link reference
definitions off), rule for rule: front matter, indented code, fences, thematic breaks, HTML blocks, ATX
and setext headings, paragraphs. tests/test_blockscan.py holds it equal to markdown-it-py. A plain page,
whose skeleton is its front matter and plain ATX headings, needs no scanner: each of those is a heading.

Whether an underline makes a setext heading depends on more than the skeleton: the paragraph above may be
several lines long, or sit in a list item, a block quote or a table (``- item`` then ``-`` is two list
items, not a heading). So on the rare page where the scan finds a setext heading, the headings are those
markdown-it-py itself reads at the top level of the page's body, with GitHub's block rules (tables on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Lines that can make or hide a heading: ATX headings, code fences, HTML comments' openers, setext
# underlines (with the line above them, kept when it is not blank); and on a page with comments, the lines
# that can close one (holding "-->").
_KEEP = r"^ {0,3}(?:#|```|~~~|<!--|=+[ \t]*$|-+[ \t]*$)"
SKELETON_KEEP = re.compile(_KEEP)
_KEEP_LINES = re.compile("\n" + _KEEP[1:], re.MULTILINE)  # on "\n" + text: a literal to search for
_PLAIN_HEADING = re.compile(r"(#{1,6})[ \t]+([^\s#](?:.*[^\s#])?)")  # (fullmatch) hashes and title

_SPACE = " \t"  # the only characters CommonMark's block rules count as space
# what markdown-it trims off a heading's text (JavaScript's trim less U+FEFF)
_TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)

# HTML block starts and ends (CommonMark's seven kinds), as markdown-it-py writes them; the last item
# says whether the block can interrupt a paragraph.
_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|"
    "dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|"
    "hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|"
    "section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_ATTRIBUTE = r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
_OPEN_CLOSE_TAG = r"^(?:<[A-Za-z][A-Za-z0-9\-]*" + _ATTRIBUTE + r"*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>)"
_BLANK = re.compile(r"^$")
_HTML: list[tuple[re.Pattern[str], re.Pattern[str], bool]] = [
    (
        re.compile(r"^<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.IGNORECASE),
        re.compile(r"<\/(?a:(script|pre|style|textarea))>", re.IGNORECASE),
        True,
    ),
    (re.compile(r"^<!--"), re.compile(r"-->"), True),
    (re.compile(r"^<\?"), re.compile(r"\?>"), True),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (re.compile(r"^</?(?a:(" + _BLOCK_NAMES + r"))(?=(\s|/?>|$))", re.IGNORECASE), _BLANK, True),
    (re.compile(_OPEN_CLOSE_TAG + r"\s*$"), _BLANK, False),
]


@dataclass
class Skeleton:
    """The block structure read: front matter text and end line, headings as (0-based line, level, text)."""

    front_matter: str | None = None
    fm_end: int = 0  # the line after the front matter block (1-based: its closing line)
    headings: list[tuple[int, int, str]] = field(default_factory=list)
    parsed: bool = False  # whether the headings are markdown-it's (a setext heading was found)


def scan(lines: list[str], text: str | None = None) -> Skeleton:
    """The skeleton of the page split into ``lines`` (``text``, when given, the page they were split from)."""
    kept, texts, start = _skeleton(lines, text)
    found = _plain(kept, texts, start)
    if found is not None:
        return found
    found = _Scanner(kept, texts).run()
    if found.parsed:
        found.headings = _parsed_headings(lines, found.fm_end)
    return found


def _parsed_headings(lines: list[str], start: int) -> list[tuple[int, int, str]]:
    """The top-level headings markdown-it-py reads in ``lines`` from ``start`` on (the body after the front
    matter): GitHub's block rules, inline parsing off."""
    tokens = _block_parser().parse("\n".join(lines[start:]))
    return [
        (start + tok.map[0], int(tok.tag[1:]), tokens[i + 1].content.strip(_TRIM))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.level == 0 and tok.map
    ]


@cache
def _block_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def _plain(kept: list[int], texts: list[str], start: int) -> Skeleton | None:
    """The skeleton of a plain page, read without the scanner: its front matter block (the first ``start``
    lines) then plain ATX headings only (hashes, spaces, a title with no space or hash at either end). Each
    of these is a heading, its title the text after the spaces. None for any other page."""
    headings = []
    for k in range(start, len(kept)):
        m = _PLAIN_HEADING.fullmatch(texts[k])
        if m is None:
            return None
        headings.append((kept[k], len(m.group(1)), m.group(2)))
    found = Skeleton()
    if start:  # the front matter, as the scanner reads it: the whole block, else the page is not plain
        found = _Scanner(kept[:start], texts[:start]).run()
        if found.fm_end != start or found.headings:
            return None
    found.headings = headings
    return found


def _skeleton(lines: list[str], text: str | None) -> tuple[list[int], list[str], int]:
    """The skeleton's lines that can be other than blank, in order: their indexes and their texts (as
    markdown-it reads them); and where the page's body starts, after a front matter block kept whole."""
    kept: list[int] = []
    start = 0
    if lines and lines[0].rstrip() == "---":  # front matter, whole
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is not None:
            kept = list(range(end + 1))
            start = end + 1
    src = "\n" + (text if text is not None and _joined(lines, text) else "\n".join(lines))
    line = pos = 0
    last = start - 1  # the last line kept (below ``start``: none of the body yet)
    for m in _KEEP_LINES.finditer(src):
        at = m.start()
        line += src.count("\n", pos, at)
        pos = at
        if line < start:
            continue
        # a setext heading's text: the line above an underline (kept already when it is a mark itself)
        if lines[line].lstrip(" ")[:1] in "=-" and line - 1 > last and lines[line - 1].strip():
            kept.append(line - 1)
        kept.append(line)
        last = line
    if "<!--" in src:  # the lines that can close a comment, in order among the others
        closers = _lines_holding(src, "-->")
        if closers:
            kept = sorted({*kept, *(line for line in closers if line >= start)})
    texts = [lines[i] for i in kept]
    if "\0" in src:
        texts = [t.replace("\0", "\ufffd") for t in texts]
    return kept, texts, start


def _lines_holding(src: str, needle: str) -> list[int]:
    """The indexes of the lines of ``src`` (the page after a newline) that hold ``needle``, once each."""
    found: list[int] = []
    line = pos = 0
    at = src.find(needle)
    while at != -1:
        line += src.count("\n", pos, at)
        pos = at
        if not found or found[-1] != line - 1:
            found.append(line - 1)  # (src starts with a newline: line 1 of src is the page's line 0)
        at = src.find(needle, at + len(needle))
    return found


def _joined(lines: list[str], text: str) -> bool:
    """Whether ``text`` is ``lines`` joined with newlines, a final newline aside: then the scan searches
    ``text`` itself rather than a copy. So it is when ``text`` has no line break but newlines (any other
    one splits a line more, or ends the text) and no carriage return."""
    if text.endswith("\n"):
        breaks = text.count("\n")
    elif text[-1:] != (lines[-1][-1:] if lines else ""):
        return False
    else:
        breaks = text.count("\n") + 1 if text else 0
    return breaks == len(lines) and "\r" not in text


def _columns(indent: str) -> int:
    """The width of ``indent`` (spaces and tabs) in columns, tabs to the next multiple of 4."""
    col = 0
    for ch in indent:
        col = col + 4 - col % 4 if ch == "\t" else col + 1
    return col


class _Scanner:
    """markdown-it's block tokenizer over the skeleton's non-blank lines (``_ln`` their indexes)."""

    def __init__(self, kept: list[int], texts: list[str]) -> None:
        self._kept, self._texts = kept, texts
        self._ln = [i for i, t in zip(kept, texts, strict=True) if t.strip(_SPACE)]
        self._tx = [t for t in texts if t.strip(_SPACE)]
        self._shift = [len(t) - len(t.lstrip(_SPACE)) for t in self._tx]
        # the indent's width in columns (tabs to the next multiple of 4): its length unless it holds a tab
        self._col = [
            _columns(t[:s]) if "\t" in t[:s] else s for t, s in zip(self._tx, self._shift, strict=True)
        ]
        self._out = Skeleton()

    def run(self) -> Skeleton:
        ln, tx, shift, col = self._ln, self._tx, self._shift, self._col
        count = len(ln)
        p = self._front_matter() if count and ln[0] == 0 and tx[0][0] == "-" else 0
        while p < count:
            t, s = tx[p], shift[p]
            if col[p] >= 4:  # indented code, with the indented and blank lines after it
                p += 1
                while p < count and col[p] >= 4:
                    p += 1
                continue
            ch = t[s]
            if ch in "`~" and _fence(t, s):
                p = self._fence_end(p)
            elif ch in "*-_" and _hr(t, s):
                p += 1
            elif ch == "<" and (html := _html(t[s:])) is not None:
                p = self._html_end(p, html[1])
            elif ch == "#" and (atx := _atx(t, s)) is not None:
                self._out.headings.append((ln[p], atx[0], atx[1]))
                p += 1
            else:
                p = self._paragraph(p)
        return self._out

    def _front_matter(self) -> int:
        """The front matter plugin's rule at line 0: the entry after the block, 0 when there is none."""
        ln, tx, shift, col = self._ln, self._tx, self._shift, self._col
        markers = len(tx[0]) - len(tx[0].lstrip("-"))
        if markers < 3:
            return 0
        for q in range(1, len(ln)):
            t, s = tx[q], shift[q]
            if col[q] == 0 and t.startswith("...") and not t[3:].strip(_SPACE):
                break
            if t[s] != "-" or col[q] >= 4:
                continue
            run = len(t) - s - len(t[s:].lstrip("-"))
            if run >= markers and not t[s + run :].strip(_SPACE):
                break
        else:
            return 0  # unclosed: not front matter
        end = ln[q]
        kept = dict(zip(self._kept, self._texts, strict=True))
        self._out.front_matter = "\n".join(kept.get(i, "") for i in range(1, end))
        self._out.fm_end = end + 1
        return q + 1

    def _fence_end(self, p: int) -> int:
        """The entry after the fence opened at entry ``p`` closes (the end when it does not)."""
        tx, shift, col = self._tx, self._shift, self._col
        t, s = tx[p], shift[p]
        marker = t[s]
        length = len(t) - s - len(t[s:].lstrip(marker))
        for q in range(p + 1, len(tx)):
            u, r = tx[q], shift[q]
            if u[r] != marker or col[q] >= 4:
                continue
            run = len(u) - r - len(u[r:].lstrip(marker))
            if run >= length and not u[r + run :].strip(_SPACE):
                return q + 1
        return len(tx)

    def _html_end(self, p: int, close: re.Pattern[str]) -> int:
        ln, tx, shift = self._ln, self._tx, self._shift
        if close.search(tx[p][shift[p] :]):
            return p + 1
        q = p + 1
        if close is _BLANK:  # ends at the next blank line
            while q < len(ln) and ln[q] == ln[q - 1] + 1:
                q += 1
            return q
        while q < len(ln):
            if close.search(tx[q][shift[q] :]):
                return q + 1
            q += 1
        return q

    def _paragraph(self, p: int) -> int:
        """A paragraph from entry ``p``, a setext heading when an underline ends it; the entry after it."""
        ln, tx, shift, col = self._ln, self._tx, self._shift, self._col
        q = p + 1
        while q < len(ln) and ln[q] == ln[q - 1] + 1:
            if col[q] > 3:  # a lazy continuation line
                q += 1
                continue
            t, s = tx[q], shift[q]
            ch = t[s]
            if ch in "=-" and not t[s:].lstrip(ch).strip(_SPACE):
                self._out.parsed = True  # what it is, and its text, is markdown-it's to say (see above)
                return q + 1
            if _interrupts(t, s):
                break
            q += 1
        return q


def _fence(text: str, s: int) -> bool:
    marker = text[s]
    rest = text[s:].lstrip(marker)
    return len(text) - s - len(rest) >= 3 and not (marker == "`" and "`" in rest)


def _hr(text: str, s: int) -> bool:
    marker = text[s]
    rest = text[s + 1 :]
    return rest.count(marker) >= 2 and not rest.replace(marker, "").strip(_SPACE)


def _html(line: str) -> tuple[bool, re.Pattern[str]] | None:
    """Whether an HTML block starting with ``line`` can interrupt a paragraph, and what ends it."""
    for start, close, interrupts in _HTML:
        if start.search(line):
            return interrupts, close
    return None


def _atx(text: str, s: int) -> tuple[int, str] | None:
    """Level and raw text of an ATX heading line, the closing sequence of ``#`` removed."""
    rest = text[s:].lstrip("#")
    level = len(text) - s - len(rest)
    if level > 6 or (rest and rest[0] not in _SPACE):
        return None
    rest = rest.rstrip(_SPACE)
    bare = rest.rstrip("#")
    if bare and bare[-1] in _SPACE:
        rest = bare
    return level, rest.strip(_TRIM)


def _interrupts(text: str, s: int) -> bool:
    """Whether a line ends the paragraph above it (the rules markdown-it lets interrupt one)."""
    ch = text[s]
    if ch in "`~":
        return _fence(text, s)
    if ch in "*-_":
        return _hr(text, s)
    if ch == "<":
        html = _html(text[s:])
        return html is not None and html[0]
    if ch == "#":
        return _atx(text, s) is not None
    return False
