"""The client-side search index: a ``.js`` file that assigns a global, so it loads under ``file://``.

Each entry is ``[url, title, date, category, summary, text]``; ``text`` is the report's prose (diffs and
code left out). The JSON is made safe to sit in a script: ``<``, ``>``, ``&`` and U+2028/2029 are escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1`*[ \t]*$", re.MULTILINE | re.DOTALL)
_HTML_LINE = re.compile(r"^(</?(details|summary)>|<a id=\"item-[0-9a-f]{6}\"></a>).*$", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTRS = re.compile(r"\{[#.]?[\w-]+(=\"[^\"]*\")?\}|\{target=\"?_blank\"?\}")
_MARKS = re.compile(r"^#{1,6}[ \t]+|[*`|>]+|-{3,}|(?<!\w)_+|_+(?!\w)", re.MULTILINE)
_LAYOUT_HEADING = re.compile(
    r"^#{1,3} (Summary Table|Modified Contents|Summary|Explanation)[ \t]*$", re.MULTILINE | re.IGNORECASE
)
_TABLE_ROW = re.compile(r"^\|.*\|[ \t]*$", re.MULTILINE)
MAX_TEXT = 12000

_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JS_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _table_row(match: re.Match[str]) -> str:
    """A Summary Table row: keep its file name and title, drop type, status and counts."""
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", match.group(0).strip().strip("|"))]
    if len(cells) >= 7:
        return f"{cells[0]} {cells[2]}"
    return " ".join(c for c in cells if not re.fullmatch(r":?-+:?", c))


def search_text(body: str) -> str:
    """The words of a report body worth searching: prose, titles, file names; no diffs or code."""
    text = _FENCE.sub(" ", body)
    text = _HTML_LINE.sub(" ", text)
    text = _LAYOUT_HEADING.sub(" ", text)
    text = _TABLE_ROW.sub(_table_row, text)
    text = _LINK.sub(r"\1", text)
    text = _ATTRS.sub(" ", text)
    text = _MARKS.sub(" ", text)
    return " ".join(text.split())[:MAX_TEXT]


def js_json(value: object) -> str:
    """JSON that cannot end a script element or break a JS string literal."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JS_UNSAFE.sub(lambda m: _JS_ESCAPES[m.group(0)], text)


def index_script(entries: Iterable[list[str]]) -> str:
    return "window.DIFFREPORT_SEARCH = " + js_json(list(entries)) + ";\n"
