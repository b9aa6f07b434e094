"""The structure of one full version of a Markdown file: front matter and headings.

Headings and the front matter block come from a linear scan of the lines that can make or hide them
(:mod:`.blockscan`), the front matter's values from :mod:`.frontmatter`; :func:`derive_old` shifts the
new version's headings through the hunks when the diff cannot have touched them, so the old version
needs no second parse.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .blockscan import SKELETON_KEEP, scan
from .frontmatter import front_matter_values, shown_title
from .patch import Lines
from .syntax import FM_KEY_RE, SEP, clean_inline


@dataclass(slots=True)
class Heading:
    line: int  # 1-based
    level: int
    title: str
    path: str
    tab: bool = False  # a Learn tab (`# [Python](#tab/python)`): a level below the section it is in


@dataclass
class Document:
    """What analysis needs of one full version of a Markdown file."""

    front_matter: dict[str, str] = field(default_factory=dict)
    fm_lines: dict[str, int] = field(default_factory=dict)
    fm_end: int = 0  # last line of the front matter block, 0 if none
    headings: list[Heading] = field(default_factory=list)
    line_count: int = 0
    title: str | None = None
    parsed: bool = False  # the headings are markdown-it's own reading (see :mod:`.blockscan`)
    lines: list[str] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _parents: list[int] = field(default_factory=list, repr=False)
    _code: list[tuple[int, int, str]] | None = field(default=None, repr=False)
    _code_ends: list[int] = field(default_factory=list, repr=False)
    _fences: set[int] = field(default_factory=set, repr=False)
    has_comments: bool = False  # whether the text holds "<!--" at all
    _comments: list[tuple[int, int]] | None = field(default=None, repr=False)

    def code_block_at(self, line: int) -> tuple[int, str] | None:
        """The fenced code block holding ``line`` (a line after its opening fence, up to its closing one):
        its opening line and language; None outside code. The fences are found on the first call."""
        blocks, ends = self.code_blocks()
        k = bisect.bisect_left(ends, line)
        if k == len(blocks):
            return None
        start, _, lang = blocks[k]
        return (start, lang) if start < line else None

    def is_fence(self, line: int) -> bool:
        """Whether ``line`` opens or closes a fenced code block (not a fence-like line inside one)."""
        self.code_blocks()
        return line in self._fences

    def code_blocks(self) -> tuple[list[tuple[int, int, str]], list[int]]:
        """The page's fenced blocks (:func:`fenced_blocks`) and their closing lines, found on the first call."""
        if self._code is None:
            self._code, self._fences, self._comments = _scan_blocks(self.lines, self.has_comments)
            self._code_ends = [end for _, end, _ in self._code]
        return self._code, self._code_ends

    def comment_blocks(self) -> list[tuple[int, int]]:
        """The page's HTML comment blocks (:func:`comment_blocks`), found with its code blocks."""
        self.code_blocks()
        return self._comments or []

    def index_at(self, line: int) -> int:
        """Index of the heading whose section holds ``line`` (-1 before the first heading)."""
        return bisect.bisect_right(self.starts(), line) - 1

    def starts(self) -> list[int]:
        """The headings' lines."""
        if len(self._starts) != len(self.headings):
            self._starts = [h.line for h in self.headings]
        return self._starts

    def section_at(self, line: int) -> str | None:
        i = self.index_at(line)
        return self.headings[i].path if i >= 0 else None

    def parent(self, index: int) -> int:
        """Index of the heading's parent (-1 for none)."""
        if len(self._parents) != len(self.headings):
            self._parents = []
            stack: list[int] = []
            for k, h in enumerate(self.headings):
                while stack and self.headings[stack[-1]].level >= h.level:
                    stack.pop()
                self._parents.append(stack[-1] if stack else -1)
                stack.append(k)
        return self._parents[index]


_BOM = "\ufeff"

# A fence line: its indent (any: fences inside list items are indented), an optional block quote marker,
# the fence, and what follows it: the language (as the patch's FENCE_RE reads it), then the rest.
_FENCE_LINE = re.compile(r"[ \t]*(?:>[ \t]*)?(`{3,}|~{3,})([ \t]*[\w+#.-]*)(.*)")


_COMMENT_OPEN = re.compile(r" {0,3}<!--")


def fenced_blocks(lines: list[str]) -> list[tuple[int, int, str]]:
    """The fenced code blocks of a page, in order: (opening line, closing line, language lower-cased), lines
    1-based; an unclosed block ends on the last line. CommonMark's pairing (a block closes at a fence of
    its own character at least as long, with nothing after it; a backtick fence's info holds no backtick),
    at any indent, and no fence inside an HTML comment block (other HTML blocks are not read: a fence right
    below ``<details>`` opens a block here, and in a patch's hunks); one pass over the lines."""
    return _scan_blocks(lines, True)[0]


def comment_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The HTML comment blocks of a page, in order: (first line, last line), 1-based. As CommonMark reads
    them: a line outside fenced code that starts with ``<!--`` (up to three spaces in) opens one, which ends
    on the first line holding ``-->`` after it (the last line if none). Readers never see them. Comments
    inside a paragraph's line, a list item or a quote are not read."""
    return _scan_blocks(lines, True)[2]


def _scan_blocks(
    lines: list[str], comments: bool
) -> tuple[list[tuple[int, int, str]], set[int], list[tuple[int, int]]]:
    """:func:`fenced_blocks`, the lines that open or close one, and :func:`comment_blocks` (only when
    ``comments``: a page without ``<!--`` has none, and its lines are passed over faster)."""
    fences: set[int] = set()
    blocks: list[tuple[int, int, str]] = []
    found: list[tuple[int, int]] = []
    opened: tuple[int, str, int, str] | None = None  # line, character, length, language
    until = 0  # the last line of the comment the scan is in
    count = len(lines)
    for n, text in enumerate(lines, 1):
        if n <= until:
            continue
        if comments and opened is None and "<!--" in text and _COMMENT_OPEN.match(text):
            until = n  # (the lines are numbered from 1: lines[n] is the line after this one)
            if "-->" not in text[text.index("<!--") + 4 :]:
                while until < count and "-->" not in lines[until]:
                    until += 1
                until = min(until + 1, count)
            found.append((n, until))
            continue
        if not ("`" in text and "```" in text) and not ("~" in text and "~~~" in text):
            continue
        m = _FENCE_LINE.match(text)
        if m is None:
            continue
        run, lang, rest = m.groups()
        if opened is not None:
            if run[0] == opened[1] and len(run) >= opened[2] and not lang.strip() and not rest.strip():
                blocks.append((opened[0], n, opened[3]))
                fences.add(n)
                opened = None
        elif run[0] != "`" or "`" not in rest:
            opened = (n, run[0], len(run), lang.strip().lower())
            fences.add(n)
    if opened is not None:
        blocks.append((opened[0], len(lines), opened[3]))
    return blocks, fences, found


def parse_document(text: str) -> Document:
    lines = text.splitlines()
    doc = Document(line_count=len(lines), lines=lines, has_comments="<!--" in text)
    if text.startswith(_BOM):  # a byte order mark is no part of the page (Learn and GitHub drop it)
        found = scan([lines[0][1:], *lines[1:]], text[1:])
    else:
        found = scan(lines, text)
    doc.parsed = found.parsed
    if found.front_matter is not None:
        doc.fm_end = found.fm_end
        doc.front_matter, doc.fm_lines = _front_matter(found.front_matter, 2)
    stack: list[tuple[int, str, bool]] = []  # (level, path, a tab) of the enclosing headings
    prefix, last = "", 0  # the path of the last heading's parent and a separator; the last heading's level
    for (line, level, raw), title in zip(
        found.headings, map(clean_inline, [h[2] for h in found.headings]), strict=True
    ):
        if raw.startswith(":::") and not lines[line].lstrip().startswith("#"):
            continue  # a Learn directive (`::: zone-end`) above `---` is no setext heading: Learn draws a rule
        tab = "#tab/" in raw and _TAB.match(raw) is not None
        if tab:  # a Learn tab (`# [Python](#tab/python)`, always `#`): a part of the section it is in (a
            # level below it), the headings after its group not its own
            level = min(6, next((lvl for lvl, _path, was_tab in reversed(stack) if not was_tab), 0) + 1)
        if level == last:  # a sibling of the last heading: the same parent
            path = prefix + title
            stack[-1] = (level, path, tab)
        else:
            while stack and stack[-1][0] >= level:
                stack.pop()
            prefix = stack[-1][1] + SEP if stack else ""
            path = prefix + title
            stack.append((level, path, tab))
            last = level
        doc.headings.append(Heading(line + 1, level, title, path, tab))
    doc.title = _title(doc)
    return doc


_TAB = re.compile(r"\[[^\]]*\]\(#tab/[^)\s]*\)\s*$")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_CHANGED_RUN = re.compile(r"[+-]+")


def derive_old(new: Document, old_text: str, lines: Lines) -> Document | None:
    """The old version's structure from the new one's, without parsing it again.

    Possible when no changed line can make, hide or rename a heading (no heading, fence or setext
    lines changed, nor a setext heading's text): the headings are then the same, shifted through the
    hunks. The front matter is read from the old text itself. None when a full parse is needed, and
    whenever the diff changes a page whose headings markdown-it read (any line of a paragraph may decide
    them).
    """
    if new.parsed and lines.spans:
        return None
    old_lines = old_text.splitlines()
    doc = Document(line_count=len(old_lines), lines=old_lines, has_comments="<!--" in old_text)
    if old_lines and old_lines[0].removeprefix(_BOM).rstrip() == "---":
        end = next((i for i in range(1, len(old_lines)) if old_lines[i].rstrip() == "---"), None)
        if end is not None:
            doc.fm_end = end + 1
            doc.front_matter, doc.fm_lines = _front_matter("\n".join(old_lines[1:end]), 2)
    # where the shift (old - new) changes, in order: (new line from which it holds, shift). A hunk's
    # shift holds from its context lines and its end (only these: the numbers of a hunk that adds or
    # removes lines without context need not agree with those before it)
    points: list[tuple[int, int]] = []
    shift = 0
    texts, signs = lines.texts, lines.signs
    for span in lines.spans:
        n_old, n_new = span.old_start, span.new_start  # the numbers of the next line in either version
        at = span.first
        for run in _CHANGED_RUN.finditer(signs, span.first, span.end):
            if run.start() > at and n_old - n_new != shift:  # context lines before the run
                shift = n_old - n_new
                points.append((n_new, shift))
            n_old += run.start() - at
            n_new += run.start() - at
            at = run.end()
            for i in range(*run.span()):
                if SKELETON_KEEP.match(texts[i]):
                    return None
                # a changed line above an underline is a setext heading's text (unless in the front matter)
                if signs[i] == "+":
                    in_fm = n_new < new.fm_end
                    following = new.lines[n_new] if n_new < len(new.lines) else ""
                    n_new += 1
                else:
                    in_fm = n_old < doc.fm_end
                    following = old_lines[n_old] if n_old < len(old_lines) else ""
                    n_old += 1
                if not in_fm and _UNDERLINE.match(following):
                    return None
        if n_old - n_new != shift:  # the context lines after the last run, or the end of the hunk
            shift = n_old - n_new
            points.append((n_new, shift))
    if not points:  # nothing moved: the same headings (shared: a Document is not changed once made)
        doc.headings = new.headings
    else:
        starts = [p[0] for p in points]
        doc.headings = [
            h
            if (k := bisect.bisect_right(starts, h.line) - 1) < 0 or not points[k][1]
            else Heading(h.line + points[k][1], h.level, h.title, h.path, h.tab)
            for h in new.headings
        ]
    doc.title = _title(doc)
    return doc


def _front_matter(content: str, first_line: int) -> tuple[dict[str, str], dict[str, int]]:
    lines: dict[str, int] = {}
    for n, line in enumerate(content.splitlines()):
        m = FM_KEY_RE.match(line)
        if m:
            lines.setdefault(m.group(1), first_line + n)
    return front_matter_values(content), lines


def _title(doc: Document) -> str | None:
    """The front matter's title as shown, else the first h1's."""
    title = doc.front_matter.get("title")
    return shown_title(title) if title else next((h.title for h in doc.headings if h.level == 1), None)
