"""Time ``diffreport site build`` on the 204 posts of 2024 against MkDocs building the same Markdown.

    python benchmarks/bench_site.py [--posts ../shared/corpus/posts-2024] [--repeat 3]

Reports the first build (empty output folder; diffreport with its default worker processes and with
one) and a rebuild with nothing changed, for both tools
(MkDocs' rebuild is ``build(dirty=True)``, its closest thing to an incremental build), in seconds and
reports per second, and the ratios. Needs the ``bench`` extra (``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from diffreport.site.build import build_site

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=Path, default=DEFAULT_POSTS)
    parser.add_argument("--repeat", type=int, default=3)
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


if __name__ == "__main__":
    main()
