"""Helpers for the site tests: posts written to disk, links and ids found in built pages."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

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


def load_search_index(site: Path) -> list[list[str]]:
    text = (site / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.DIFFREPORT_SEARCH = "
    assert text.startswith(prefix)
    return json.loads(text[len(prefix) :].rstrip().rstrip(";"))
