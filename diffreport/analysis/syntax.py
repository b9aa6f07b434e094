"""Markdown syntax shared by the analysers: headings, fences, links, includes, inline text."""

from __future__ import annotations

import functools
import re

SEP = " > "
MAX_ITEMS = 40  # per list: a report needs the gist, not every row of a 400-row table
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(?:>\s*)?(`{3,}|~{3,})\s*([\w+#.-]*)")
INCLUDE_RE = re.compile(r"\[!INCLUDE\s*\[([^\]]*)\]\(([^)\s]+)[^)]*\)\s*\]", re.IGNORECASE)
LINK_RE = re.compile(r"(!?)\[([^\]\[]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
FM_KEY_RE = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:\s*(.*)$")


@functools.lru_cache(maxsize=1 << 16)
def clean_inline(text: str) -> str:
    text = LINK_RE.sub(lambda m: m.group(2), text)
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(text.split())
