"""Time ``diffreport site build`` on the 204 posts of 2024 against MkDocs building the same Markdown.

    python benchmarks/bench_site.py [--posts ../shared/corpus/posts-2024] [--repeat 3] [--archive 800]

Reports the first build (empty output folder; diffreport with its default worker processes and with
one) and a rebuild with nothing changed, for both tools
(MkDocs' rebuild is ``build(dirty=True)``, its closest thing to an incremental build), in seconds and
reports per second, and the ratios. Then the bytes a search loads per query (the same files
``search.js`` loads: meta, one shard per query token, the first 20 matching reports' data) on the posts
and on a synthetic archive of ``--archive`` reports (copies of the posts, other dates and categories).
Needs the ``bench`` extra (``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from diffreport.site.build import build_site
from diffreport.site.search import query_tokens, shard_of

QUERIES = (
    "Azure OpenAI",
    "gpt-4o",
    "リージョン",
    "モデルのデプロイ",
    "quota",
    "東京",
    "fine-tuning 評価",
    "zzzz",
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTS = ROOT.parent / "shared" / "corpus" / "posts-2024"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_diffreport(posts: Path, work: Path, jobs: int | None) -> tuple[float, float]:
    out = work / f"diffreport-site-{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    first = timed(lambda: build_site(posts, out, jobs=jobs))
    again = timed(lambda: build_site(posts, out, jobs=jobs))
    return first, again


def bench_mkdocs(posts: Path, work: Path) -> tuple[float, float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = work / "mkdocs.yml"
    site = work / "mkdocs-site"
    config_file.write_text(
        f"site_name: Diff Insight Reports\ndocs_dir: {posts}\nsite_dir: {site}\nuse_directory_urls: false\n"
        "markdown_extensions:\n  - tables\n  - attr_list\n  - fenced_code\n",
        encoding="utf-8",
    )
    shutil.rmtree(site, ignore_errors=True)
    first = timed(lambda: build(load_config(config_file=str(config_file))))
    again = timed(lambda: build(load_config(config_file=str(config_file)), dirty=True))
    return first, again


def make_archive(posts: Path, target: Path, total: int) -> None:
    """``total`` reports: the posts again and again, two a day from 2022-01-01, in rotating categories."""
    sources = sorted(posts.rglob("*.md"))
    categories = ("misc", "openai", "search", "speech", "vision", "agents")
    for i in range(total):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        day = dt.date(2022, 1, 1) + dt.timedelta(days=i // 2)
        category = categories[i % len(categories)] + (str(i // len(sources)) if i >= len(sources) else "")
        text = re.sub(r"^date: .*$", f"date: '{day}'", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^title: .*$", f"title: Diff Insight Report - {category}", text, count=1, flags=re.M)
        out = target / f"{day:%Y%m}" / f"report-{day:%Y%m%d}-{category}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")


def _load(path: Path) -> tuple[int, object]:
    text = path.read_text(encoding="utf-8")
    return len(text.encode("utf-8")), json.loads(text[text.index(",") + 1 : text.rindex(")")])


def search_bytes(site: Path, query: str) -> tuple[int, int]:
    """(bytes loaded, reports matched) for ``query``, loading what ``search.js`` loads."""
    size, meta = _load(site / "search" / "meta.js")
    assert isinstance(meta, dict)
    hits: set[int] | None = None
    for token, prefix in query_tokens(query):
        loaded, table = _load(site / "search" / f"s{shard_of(token, meta['shards'])}.js")
        size += loaded
        assert isinstance(table, dict)
        found: set[int] = set()
        for key, gaps in table.items():
            if key == token or (prefix and key.startswith(token)):
                at = 0
                for gap in gaps:
                    at += gap
                    found.add(at)
        hits = found if hits is None else hits & found
    starts, total = [], 0
    for count in meta["counts"]:
        starts.append(total)
        total += count
    reports = sorted({next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= d) for d in hits or ()})
    for number in reports[::-1][:20]:
        size += (site / "search" / f"r{number}.js").stat().st_size
    return size, len(reports)


def report_search(label: str, site: Path) -> None:
    total = sum(p.stat().st_size for p in (site / "search").iterdir())
    print(f"search on {label}: all index files {total / 1e6:.2f} MB; bytes loaded per query:")
    for query in QUERIES:
        size, found = search_bytes(site, query)
        print(f"  {query!r:<24}{size / 1024:>9.1f} KB  ({found} reports match)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=Path, default=DEFAULT_POSTS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--archive", type=int, default=800, help="reports in the synthetic archive (0: none)")
    args = parser.parse_args()
    posts: Path = args.posts.resolve()
    if not posts.is_dir():
        raise SystemExit(f"posts folder not found: {posts}")
    count = sum(1 for _ in posts.rglob("*.md"))
    logging.getLogger("mkdocs").setLevel(logging.ERROR)

    results: dict[str, list[tuple[float, float]]] = {"diffreport": [], "diffreport-j1": [], "mkdocs": []}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
            results["diffreport"].append(bench_diffreport(posts, Path(tmp), None))
            results["diffreport-j1"].append(bench_diffreport(posts, Path(tmp), 1))
            results["mkdocs"].append(bench_mkdocs(posts, Path(tmp)))

    med = {tool: [statistics.median(r[i] for r in runs) for i in (0, 1)] for tool, runs in results.items()}
    print(f"{count} posts from {posts} (median of {args.repeat} runs; {os.cpu_count()} CPUs)")
    print(f"{'tool':<12}{'first build':>14}{'reports/s':>12}{'rebuild':>12}{'reports/s':>12}")
    for tool, (first, again) in med.items():
        print(f"{tool:<12}{first:>13.2f}s{count / first:>12.1f}{again:>11.2f}s{count / again:>12.1f}")
    d_first, d_again = med["diffreport"]
    m_first, m_again = med["mkdocs"]
    print(f"first build: diffreport is {m_first / d_first:.2f}x MkDocs' speed", end="")
    print(f" ({m_first / med['diffreport-j1'][0]:.2f}x with one process)")
    print(f"rebuild:     diffreport is {m_again / d_again:.1f}x MkDocs' (dirty) speed")
    print(f"diffreport's no-change rebuild is {d_first / d_again:.0f}x faster than its first build")

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site = Path(tmp) / "site"
        build_site(posts, site)
        report_search(f"{count} posts", site)
        if args.archive:
            make_archive(posts, Path(tmp) / "archive", args.archive)
            started = time.perf_counter()
            build_site(Path(tmp) / "archive", Path(tmp) / "archive-site")
            print(f"{args.archive}-report archive built in {time.perf_counter() - started:.1f}s")
            report_search(f"{args.archive} reports", Path(tmp) / "archive-site")


if __name__ == "__main__":
    main()
