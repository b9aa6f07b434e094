"""Speed of the analysis with both versions (blobs from git) on a real repository range.

Clones ``../shared/corpus/repos/semantic-kernel-docs.bundle`` into a temp folder, reads the range
``ca2f2dbef4b1..33575d4a9676`` (403 files) once, then times :func:`diffreport.analysis.analyse` on
every change (blob reads included) and on the patches alone.

    python benchmarks/bench_analysis.py [--bundle FILE] [--range A..B]

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from diffreport.analysis import analyse, analyse_patch
from diffreport.vcs import GitRepo

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT.parent / "shared" / "corpus" / "repos" / "semantic-kernel-docs.bundle"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--range", default="ca2f2dbef4b1..33575d4a9676")
    args = parser.parse_args(argv)
    if not args.bundle.is_file():
        print(f"bundle not found: {args.bundle}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["git", "clone", "-q", str(args.bundle), f"{tmp}/repo"], check=True)
        with GitRepo(f"{tmp}/repo") as repo:
            rng = repo.resolve_range(args.range)
            changes = list(repo.changes(rng.base, rng.head))
            start = time.perf_counter()
            full = [analyse(c) for c in changes]
            t_full = time.perf_counter() - start
        start = time.perf_counter()
        for c in changes:
            analyse_patch(c.path, c.status.value, c.patch, c.additions, c.deletions)
        t_patch = time.perf_counter() - start
    size = sum(len(c.patch) for c in changes) / 1e6
    print(f"{len(changes)} files, {size:.1f} MB of patch; sources: {dict(Counter(a.source for a in full))}")
    print(f"both versions: {len(changes) / t_full:,.0f} files/s ({t_full:.2f} s, blob reads included)")
    print(f"patch only:    {len(changes) / t_patch:,.0f} files/s ({t_patch:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
