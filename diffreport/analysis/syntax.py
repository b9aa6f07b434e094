"""Markdown syntax shared by the analysers: headings, fences, links, includes, inline text."""

from __future__ import annotations

import html
import re

from ..codespans import code_spans
from .memo import short_texts

SEP = " > "
MAX_ITEMS = 40  # per list: a report needs the gist, not every row of a 400-row table
MAX_LINE = 20_000  # characters of one line that the patterns scan; every pattern is linear besides
FENCE_RE = re.compile(r"^\s*(?:>\s*)?(`{3,}|~{3,})\s*([\w+#.-]*)")
# Learn zone pivots: `::: zone pivot="programming-language-python"` ... `::: zone-end` (group 1: "-end")
# what leads a line of text: list markers, quote marks and heading marks (a quote's ">" needs no space after it)
LEADER = re.compile(r"^\s*(?:[-*+]\s+|>\s*|\d+\.\s+|#{1,6}\s+)+")
ZONE_RE = re.compile(r"^ {0,3}:::[ \t]*zone(-end)?\b")
PIVOT_RE = re.compile(r"\bpivot[ \t]*=[ \t]*\"([^\"]*)\"")
# Patterns run on repository text, so none may backtrack into a long scan from each of many starts:
# a title or a path stops at "[", a link's target and title stop at the next "](". A link's target and title
# are written as runs of plain characters with a "]" not opening "(" between them: each run one tight loop of
# the regex engine rather than a test before every character, and each split of a text into runs the only one.
# A target may hold parentheses in pairs, one deep, as CommonMark reads them (`?view=v4.0%20(2024-07-31)&x=1`);
# a "(" that no ")" closes before the next space or parenthesis is a plain character (the link ends at the
# next ")"), so a failed pair is tried once.
INCLUDE_RE = re.compile(r"\[!INCLUDE\s*\[([^\[\]]*)\]\(([^)\s\[]+)(?:\s[^)\[]*)?\)\s*\]", re.IGNORECASE)
_TARGET_STEP = (
    r"(?:\((?:[^()\s>\]]*\))?|\](?!\())"  # a pair of parentheses, a lone "(", or a "]" not opening "("
)
LINK_RE = re.compile(
    rf"(?=[!\[])(!?)\[([^\]\[]*)\]\(\s*<?((?:[^()\s>\]]|{_TARGET_STEP})[^()\s>\]]*(?:{_TARGET_STEP}[^()\s>\]]*)*)>?"
    r"(?:\s+[\"'][^)\]]*(?:\](?!\()[^)\]]*)*)?\)"
)
_HEADING_START = re.compile(r" {0,3}(#{1,6})\s")
# Sections that follow from others rather than add to them (matched against a title, stripped).
ROUTINE_SECTION = re.compile(
    r"^(?:next steps?|related (?:content|articles?|resources)|see also|learn more|additional resources|"
    r"clean ?up(?: resources)?|prerequisites)$",
    re.IGNORECASE,
)
FM_KEY_RE = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:\s*(.*)$")
_MARKUP = re.compile("[\\[`*_<&\\\\\u200b\u2060\ufeff]")  # markup, or a character no one sees: else plain
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u2060\ufeff"))  # zero width space, word joiner, BOM
# What inline markup takes away from a text's plain form (outside code spans), scanned once from left to right:
# a backslash escape (its character stays: "\\<" opens no tag), a footnote mark ("<sup>2</sup>": no part of
# a name), an HTML tag as CommonMark reads one (each part stops at a "<", so from any "<" the scan ends at the
# next one), runs of emphasis marks or of backticks that open no code span, and entities (`&colon;`).
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^'<]*'|"[^"<]*"))?)"""
_MARKS = re.compile(
    r"\\[!-/:-@\[-`{-~]|(?i:<sup>[^<]*</sup>)"
    rf"|<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>|<[!?][^<>]*>"
    r"|\*+|_+|`+|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


_PARTS_WORDS = re.compile(r"</?(?:br|hr|li|ul|ol|p|div|tr|td|th|dd|dt|dl|table|h[1-6])\b", re.IGNORECASE)


@short_texts(maxsize=1 << 15)
def clean_inline(text: str) -> str:
    """The plain text of a bit of inline Markdown (a heading, a link's text, a table cell), as a reader sees
    it: links reduced to their text, a code span's text kept as it is (`max_tokens`); elsewhere HTML tags,
    footnote marks, emphasis marks and the backslashes of escapes dropped (an underscore inside a word, as
    in snake_case, is no emphasis) and entities decoded; spaces collapsed, zero-width spaces dropped. A table
    cell's ``\\|`` is its ``|``."""
    if not _MARKUP.search(text):
        return " ".join(text.split())
    text = LINK_RE.sub(lambda m: m.group(2), text.translate(_INVISIBLE).replace("\\|", "|").strip())
    out: list[str] = []
    pos = 0
    for start, end, ticks in code_spans(text):
        out += [_unmarked(text[pos:start], pos > 0, True), text[start + ticks : end - ticks]]
        pos = end
    out.append(_unmarked(text[pos:], pos > 0, False))
    return " ".join("".join(out).split())


def _unmarked(text: str, code_before: bool, code_after: bool) -> str:
    """``text`` without its marks; a code span next to it stands as a character there (``_`x`_`` is
    emphasis)."""
    if not code_before and not code_after:
        return _MARKS.sub(_unmark, text)
    padded = _MARKS.sub(_unmark, f"{_CODE if code_before else ''}{text}{_CODE if code_after else ''}")
    return padded[1 if code_before else 0 : len(padded) - 1 if code_after else None]


_CODE = "\x00"  # a code span beside a stretch of text; no mark takes it in


def _unmark(m: re.Match[str]) -> str:
    mark = m.group()
    if mark[0] == "\\":
        return mark[1]
    if mark[0] == "<":  # a line break or a block (a list item, a paragraph, a cell) parts words
        return " " if _PARTS_WORDS.match(mark) else ""
    if mark[0] == "&":  # an entity: its character (an unknown name stays as it is)
        return html.unescape(mark)
    text, start, end = m.string, m.start(), m.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if mark[0] == "*" and not start and after.isspace():  # a list item's bullet: no part of its text
        return ""
    if before.isspace() and after.isspace():  # between spaces: opens and closes nothing
        return mark
    if mark[0] == "_" and before.isalnum() and after.isalnum():  # inside a word: part of it
        return mark
    return ""


def heading(text: str) -> tuple[int, str] | None:
    """Level and title of an ATX heading line (``## Title ##``), the closing hashes removed."""
    m = _HEADING_START.match(text)
    if m is None:
        return None
    return len(m.group(1)), text[m.end() :].strip().rstrip("#").rstrip()
