"""Helpers for the site tests: posts written to disk, links and ids found in built pages."""

from __future__ import annotations

import json
from bisect import bisect_right
from html.parser import HTMLParser
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from diffreport.site.search import query_tokens, shard_of

POSTS_2024 = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "posts-2024"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src", "action"):
            if found.get(name) is not None:
                self.links.append((tag, str(found[name])))


def parse_html(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    return collector


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https", "mailto")


def resolve(page: Path, url: str) -> tuple[Path | None, str]:
    """The file a relative link of ``page`` points to (``None`` for a same-page anchor), and its fragment."""
    parts = urlsplit(url)
    if not parts.path:
        return None, parts.fragment
    return (page.parent / unquote(parts.path)).resolve(), parts.fragment


def write_post(root: Path, rel: str, *, title: str, date: str, summary: str = "", body: str = "") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump({"title": title, "date": date, "summary": summary}, allow_unicode=True)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return path


def load_search_script(path: Path) -> Any:
    """The data a ``search/*.js`` file hands to ``DIFFREPORT_SEARCH_LOAD``."""
    text = path.read_text(encoding="utf-8")
    prefix = f'DIFFREPORT_SEARCH_LOAD("{path.stem}",'
    assert text.startswith(prefix), path
    assert text.endswith(");\n"), path
    return json.loads(text[len(prefix) : -3])


def search_site(site: Path, query: str) -> list[tuple[str, list[str]]]:
    """What ``search.js`` finds for ``query``, newest first: (report URL, anchors of matching sections,
    "" for the report's own part); read from the same files the browser loads."""
    meta = load_search_script(site / "search" / "meta.js")
    hits: set[int] | None = None
    for token, prefix in query_tokens(query):
        table = load_search_script(site / "search" / f"s{shard_of(token, meta['shards'])}.js")
        found: set[int] = set()
        for key, gaps in table.items():
            if key == token or (prefix and key.startswith(token)):
                found.update(accumulate(gaps))
        hits = found if hits is None else hits & found
    starts = list(accumulate([0, *meta["counts"][:-1]]))
    per_report: dict[int, list[int]] = {}
    for doc in sorted(hits or ()):
        number = bisect_right(starts, doc) - 1
        per_report.setdefault(number, []).append(doc - starts[number])
    results = []
    for number in sorted(per_report, reverse=True):
        url, _label, parts = load_search_script(site / "search" / f"r{number}.js")
        results.append((url, [parts[i][0] for i in per_report[number]]))
    return results
