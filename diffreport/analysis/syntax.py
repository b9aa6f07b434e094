"""Markdown syntax shared by the analysers: headings, fences, links, includes, inline text."""

from __future__ import annotations

import re

from .memo import short_texts

SEP = " > "
MAX_ITEMS = 40  # per list: a report needs the gist, not every row of a 400-row table
MAX_LINE = 20_000  # characters of one line that the patterns scan; every pattern is linear besides
FENCE_RE = re.compile(r"^\s*(?:>\s*)?(`{3,}|~{3,})\s*([\w+#.-]*)")
# Patterns run on repository text, so none may backtrack into a long scan from each of many starts:
# a title or a path stops at "[", a link's target and title stop at the next "](". A link's target and title
# are written as runs of plain characters with a "]" not opening "(" between them: each run one tight loop of
# the regex engine rather than a test before every character, and each split of a text into runs the only one.
INCLUDE_RE = re.compile(r"\[!INCLUDE\s*\[([^\[\]]*)\]\(([^)\s\[]+)(?:\s[^)\[]*)?\)\s*\]", re.IGNORECASE)
LINK_RE = re.compile(
    r"(?=[!\[])(!?)\[([^\]\[]*)\]\(\s*<?((?:[^)\s>\]]|\](?!\())[^)\s>\]]*(?:\](?!\()[^)\s>\]]*)*)>?"
    r"(?:\s+[\"'][^)\]]*(?:\](?!\()[^)\]]*)*)?\)"
)
_HEADING_START = re.compile(r" {0,3}(#{1,6})\s")
FM_KEY_RE = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:\s*(.*)$")


@short_texts(maxsize=1 << 15)
def clean_inline(text: str) -> str:
    """The plain text of a bit of inline Markdown (a heading, a link's text, a table cell): links reduced to
    their text, emphasis and code marks and HTML tags dropped, spaces collapsed."""
    text = LINK_RE.sub(lambda m: m.group(2), text)
    text = re.sub(r"[*_`]+", "", text)
    end = text.rfind(">") + 1  # tags end before it: no scan from a "<" to the end of the line
    text = re.sub(r"<[^>]+>", "", text[:end]) + text[end:]
    return " ".join(text.split())


def heading(text: str) -> tuple[int, str] | None:
    """Level and title of an ATX heading line (``## Title ##``), the closing hashes removed."""
    m = _HEADING_START.match(text)
    if m is None:
        return None
    return len(m.group(1)), text[m.end() :].strip().rstrip("#").rstrip()
