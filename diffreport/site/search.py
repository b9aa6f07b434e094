"""The site's search: the words of each report and of each of its file sections, in a sharded index.

A query loads only what it needs, so the bytes it loads stay bounded as the archive grows:

* ``search/meta.js``: the number of shards and how many sections each report has (a few KB);
* ``search/s<k>.js``: the tokens whose key hashes to ``k``, each with the ids of the sections holding it;
* ``search/r<i>.js``: report ``i``'s link, title, date, category and a snippet per section.

Every file is a script that hands its data to ``window.DIFFREPORT_SEARCH_LOAD``, so search works from
``file://`` (no fetch). Tokens are words of letters and digits, lower-cased after NFKC; Chinese, Japanese
and Korean text is indexed as character bigrams and single characters, so a query in those scripts
matches text holding all of its bigrams (or its one character). A word token's key is its first three
characters, so a query word of three or more characters finds every word it begins in one shard (a
two-letter query word matches whole words); a CJK token is its own key. ``search.js`` implements the
same tokenizer and hash.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from .reports import ReportMeta

_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1`*[ \t]*$", re.MULTILINE | re.DOTALL)
_HTML_LINE = re.compile(r"^</?(details|summary)>.*$|^<a id=\"[\w-]{1,80}\"></a>[ \t]*$", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTRS = re.compile(r"\{[#.]?[\w-]+(=\"[^\"]*\")?\}|\{target=\"?_blank\"?\}")
_MARKS = re.compile(r"^#{1,6}[ \t]+|[*`|>]+|-{3,}|(?<!\w)_+|_+(?!\w)", re.MULTILINE)
_LAYOUT_HEADING = re.compile(
    r"^#{1,3} (Summary Table|Modified Contents|Summary|Explanation)[ \t]*$", re.MULTILINE | re.IGNORECASE
)
_TABLE_ROW = re.compile(r"^\|.*\|[ \t]*$", re.MULTILINE)
# a file section starts at `## path{#item-…}` (pandoc form) or at `<a id="item-…"></a>` and `## path`
_ANCHOR = re.compile(r'<a id="(item-[\w-]{1,80})"></a>')
_HEADING_MARK = re.compile(r"\{#(item-[\w-]{1,80})\}[ \t]*$")
_LINE = re.compile(r"^(<a id=[^\n]*|##[ \t][^\n]*)$", re.MULTILINE)
MAX_TEXT = 12000  # characters of searchable text per report
MAX_SECTION = 3000  # ... per file section
SNIPPET = 160
MAX_WORD = 32  # longer words are indexed by their first MAX_WORD characters
SHARD_TEXT = 10_000  # about this many characters of searchable text per shard (~15 KB of index)

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = "0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_TOKEN = re.compile(f"[{_CJK}]+|[{_WORD}]+")

_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JS_UNSAFE = re.compile("[<>&\u2028\u2029]")

Section = tuple[str, str, str]  # (anchor, heading, searchable text); anchor "" is the report's own part


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


def _section_starts(body: str) -> list[tuple[int, int, str, str]]:
    """``(start, end of heading line, anchor, heading)`` of each file section."""
    found = []
    pending: tuple[int, str] | None = None
    for match in _LINE.finditer(body):
        line = match.group(0)
        anchor = _ANCHOR.match(line)
        if anchor and not line[anchor.end() :].strip():
            pending = (match.start(), anchor.group(1))
            continue
        if line.startswith("##"):
            heading = line[2:].strip()
            inline = _ANCHOR.match(heading)
            mark = _HEADING_MARK.search(heading[-100:])
            if inline:
                found.append((match.start(), match.end(), inline.group(1), heading[inline.end() :].strip()))
            elif mark:
                found.append(
                    (match.start(), match.end(), mark.group(1), heading[: -len(mark.group(0))].strip())
                )
            elif pending is not None:
                found.append((pending[0], match.end(), pending[1], heading))
        pending = None
    return found


def search_sections(body: str, lead: str = "") -> list[Section]:
    """The report's own part (``lead``: its title and summary; highlights, insights, table) and each file
    section, as searchable text."""
    body = _FENCE.sub(" ", body)  # no diff line can look like a section heading
    starts = _section_starts(body)
    own = search_text(f"{lead}\n\n{body[: starts[0][0]] if starts else body}")
    sections: list[Section] = [("", "", own)]
    budget = MAX_TEXT - len(sections[0][2])
    for i, (_start, head_end, anchor, heading) in enumerate(starts):
        if budget <= 0:
            break
        end = starts[i + 1][0] if i + 1 < len(starts) else len(body)
        text = search_text(body[head_end:end])[: min(MAX_SECTION, budget)]
        budget -= len(text) + len(heading)
        sections.append((anchor, heading, text))
    return sections


def tokens(text: str) -> set[str]:
    """The index tokens of ``text`` (the same as ``search.js`` makes of a query)."""
    found: set[str] = set()
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", text).lower()):
        run = match.group(0)
        if run[0] > "\u3000":  # a CJK run: its bigrams and its characters
            found.update(run[i : i + 2] for i in range(len(run) - 1))
            found.update(run)
        elif len(run) >= 2:
            found.add(run[:MAX_WORD])
    return found


def query_tokens(query: str) -> list[tuple[str, bool]]:
    """The tokens a query looks up, each with whether it matches as a prefix (as ``search.js`` does):
    a CJK run by bigrams that cover it (or its one character), a word of three or more characters as a
    prefix, a two-letter word whole."""
    found: list[tuple[str, bool]] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", query).lower()):
        run = match.group(0)
        if run[0] > "\u3000":
            starts = list(range(0, len(run) - 1, 2))
            if len(run) % 2 and len(run) > 1:
                starts.append(len(run) - 2)
            found += [(run[i : i + 2], False) for i in starts] or [(run, False)]
        elif len(run) >= 2:
            found.append((run[:MAX_WORD], len(run) > 2))
    return found


def shard_of(token: str, shards: int) -> int:
    """FNV-1a over the UTF-16 code units of the token's key (a CJK token itself, a word's first three
    characters), as ``search.js`` computes it."""
    key = token if token[0] > "\u3000" else token[:3]
    h = 0x811C9DC5
    for unit in memoryview(key.encode("utf-16-le")).cast("H"):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def shard_count(text_chars: int) -> int:
    """A power of two giving each shard about SHARD_TEXT characters of text (at least 4)."""
    count = 4
    while count * SHARD_TEXT < text_chars and count < 16384:
        count *= 2
    return count


def js_json(value: object) -> str:
    """JSON that cannot end a script element or break a JS string literal."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JS_UNSAFE.sub(lambda m: _JS_ESCAPES[m.group(0)], text)


def _script(name: str, value: object) -> str:
    return f"DIFFREPORT_SEARCH_LOAD({js_json(name)},{js_json(value)});\n"


def meta_script(shards: int, counts: Sequence[int]) -> str:
    return _script("meta", {"shards": shards, "counts": list(counts)})


def report_script(number: int, entry: Sequence[str], summary: str, sections: Sequence[Section]) -> str:
    """``r<number>.js``: ``[url, label, [[anchor, heading, snippet], ...]]``."""
    parts = [["", "", summary[:SNIPPET] or sections[0][2][:SNIPPET]]]
    parts += [[anchor, heading, text[:SNIPPET]] for anchor, heading, text in sections[1:]]
    return _script(f"r{number}", [*entry, parts])


def shard_scripts(reports: Sequence[Sequence[Section]], shards: int) -> list[str]:
    """The ``s<k>.js`` scripts: per token, its section ids (numbered over all reports) as gaps."""
    postings: dict[str, list[int]] = defaultdict(list)
    doc = 0
    for sections in reports:
        for _anchor, heading, text in sections:
            for token in tokens(f"{heading} {text}"):
                postings[token].append(doc)
            doc += 1
    tables: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for token in sorted(postings):
        ids = postings[token]
        tables[shard_of(token, shards)][token] = [ids[0]] + [b - a for a, b in pairwise(ids)]
    return [_script(f"s{k}", table) for k, table in enumerate(tables)]


def _nth(make: Callable[[], list[str]], k: int) -> str:
    return make()[k]


def plan_search(
    reports: Sequence[ReportMeta], entries: dict[str, dict[str, Any]], texts: dict[str, list[Section]]
) -> dict[str, tuple[Any, Callable[[], str]]]:
    """The index's files, each as ``(what it depends on, how to make it)``; ``reports`` newest first,
    numbered oldest first (so adding the newest report keeps every other report's number and file)."""
    outputs: dict[str, tuple[Any, Callable[[], str]]] = {}
    oldest_first = list(reports)[::-1]
    sections = [texts[m.source] for m in oldest_first]
    shards = shard_count(sum(len(h) + len(t) for part in sections for _, h, t in part))
    counts = [len(part) for part in sections]
    outputs["search/meta.js"] = ([shards, counts], functools.partial(meta_script, shards, counts))
    make_shards = functools.cache(functools.partial(shard_scripts, sections, shards))
    every = [[m.source, m.digest] for m in oldest_first]
    for k in range(shards):
        outputs[f"search/s{k}.js"] = ([shards, every], functools.partial(_nth, make_shards, k))
    for number, meta in enumerate(oldest_first):
        e = entries[meta.source]
        row = [e["url"], e["label"]]
        make = functools.partial(report_script, number, row, meta.summary, sections[number])
        outputs[f"search/r{number}.js"] = ([row, meta.digest], make)
    return outputs
