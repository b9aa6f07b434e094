"""Speed of :func:`diffreport.analysis.document.parse_document` alone, on every Markdown page of a repository.

Clones ``../shared/corpus/repos/semantic-kernel-docs.bundle`` (or reads ``--repo``) and parses every
``.md`` file at HEAD, several passes; prints the CPU seconds of one pass (median) and the throughput.

    python benchmarks/bench_document.py [--bundle FILE | --repo DIR] [--passes N]

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from diffreport.analysis.document import parse_document

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT.parent / "shared" / "corpus" / "repos" / "semantic-kernel-docs.bundle"


def _pages(repo: Path) -> list[str]:
    names = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-z", "--name-only", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    return [
        subprocess.run(
            ["git", "-C", str(repo), "show", f"HEAD:{name}"], check=True, capture_output=True
        ).stdout.decode("utf-8", "replace")
        for name in names
        if name.lower().endswith(".md")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--repo", type=Path, help="A repository to read instead of the bundle.")
    parser.add_argument("--passes", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.repo
        if repo is None:
            if not args.bundle.is_file():
                print(f"bundle not found: {args.bundle}", file=sys.stderr)
                return 2
            repo = Path(tmp) / "repo"
            subprocess.run(["git", "clone", "-q", "--bare", str(args.bundle), str(repo)], check=True)
        pages = _pages(repo)
    times = []
    for _ in range(args.passes):
        start = time.process_time()
        for text in pages:
            parse_document(text)
        times.append(time.process_time() - start)
    median = statistics.median(times)
    size = sum(len(text) for text in pages) / 1e6
    print(
        f"{len(pages)} pages, {size:.1f} M characters: {median:.4f} CPU s per pass, {size / median:.0f} M chars/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
