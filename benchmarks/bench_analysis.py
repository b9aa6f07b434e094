"""Speed of the analysis with both versions (blobs from git) on a real repository range.

Clones ``../shared/corpus/repos/semantic-kernel-docs.bundle`` into a temp folder, reads the range
``ca2f2dbef4b1..33575d4a9676`` (403 files) once, then times :func:`diffreport.analysis.analyse` on
every change (blob reads included) and on the patches alone.

    python benchmarks/bench_analysis.py [--bundle FILE] [--range A..B]
    python benchmarks/bench_analysis.py --large     # the formerly quadratic cases, one run each

``--large`` times :func:`analyse` (both versions) on synthetic worst cases: every heading renamed,
every link retargeted, every toc.yml entry changed, every heading a level down, a zone's edge moved past
every heading, every table row renamed (its other cells kept), and single hostile lines (100,000 ``[``,
``<sup>`` x 20,000, a 200 KB heading line) through analysis, classification and narration.

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from diffreport.analysis import analyse, analyse_patch
from diffreport.classify import classify
from diffreport.models import FileChange, Status
from diffreport.narrate import describe_file
from diffreport.vcs import GitRepo

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT.parent / "shared" / "corpus" / "repos" / "semantic-kernel-docs.bundle"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=BUNDLE)
    parser.add_argument("--range", default="ca2f2dbef4b1..33575d4a9676")
    parser.add_argument("--large", action="store_true", help="Time the worst cases instead.")
    args = parser.parse_args(argv)
    if args.large:
        return large()
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


def _change(path: str, old: str, new: str) -> FileChange:
    blobs = {"a": old.encode(), "b": new.encode()}
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), path, path, lineterm="")
    patch = "\n".join(diff) + "\n"
    return FileChange(
        path, Status.MODIFIED, patch=patch, old_blob="a", new_blob="b", _loader=blobs.__getitem__
    )


def _headings(n: int, word: str) -> str:
    return "".join(f"## {word} {k} of the guide\n\nText of part {k}.\n\n" for k in range(n))


def _links(n: int, folder: str) -> str:
    return "".join(f"See [page {k}]({folder}/page-{k}.md).\n" for k in range(n))


def _toc(n: int, folder: str) -> str:
    return "".join(f"- name: Entry {k}\n  href: {folder}/entry-{k}.md\n" for k in range(n))


def _line(line: str) -> tuple[str, str]:
    return "# Title\n\nText.\n", f"# Title\n\nText.\n{line}\n"


def large() -> int:
    cases: list[tuple[str, str, tuple[str, str]]] = []
    for n in (1000, 2000, 4000):
        cases.append(
            (f"sections renamed, {n} headings", "a.md", (_headings(n, "Part"), _headings(n, "Chapter")))
        )
    for n in (4000, 8000, 16000):
        cases.append((f"links retargeted, {n} links", "a.md", (_links(n, "old"), _links(n, "new"))))
    for n in (2000, 4000, 8000):
        cases.append((f"toc.yml entries changed, {n}", "toc.yml", (_toc(n, "old"), _toc(n, "new"))))
    for n in (1000, 4000):
        demoted = _headings(n, "Part").replace("\n## ", "\n### ")
        cases.append((f"sections a level down, {n} headings", "a.md", (_headings(n, "Part"), demoted)))
        body = "".join(f"## Part {k}\n\nText {k}.\n\n" for k in range(n))
        zone = '::: zone pivot="programming-language-csharp"\n\n'
        cases.append(
            (
                f"a zone's edge moved past {n} headings",
                "a.md",
                (
                    "# Guide\n\n" + zone + body + "::: zone-end\n",
                    "# Guide\n\n" + body + zone + "::: zone-end\n",
                ),
            )
        )
    for n in (2000, 8000):  # every row renamed, its other cells kept: paired by them, a few rows apart
        rows = "| Name | Purpose |\n|---|---|\n"
        old_rows = rows + "".join(f"| Skill{k} | To do task number {k} of the list |\n" for k in range(n))
        new_rows = rows + "".join(f"| Plugin{k} | To do task number {k} of the list |\n" for k in range(n))
        cases.append((f"table rows renamed, {n} rows", "a.md", (old_rows, new_rows)))
    cases.append(("one line of 100,000 '['", "a.md", _line("[" * 100_000)))
    cases.append(("one line of '<sup>' x 20,000", "a.md", _line("<sup>" * 20_000)))
    cases.append(("a 200 KB heading line", "a.md", _line("# a" + " " * 200_000 + "b")))
    cases.append(("a 200 KB table line", "a.md", _line("|--" + " " * 200_000 + "x|")))
    for name, path, (old, new) in cases:
        change = _change(path, old, new)
        start = time.perf_counter()
        fa = analyse(change)
        describe_file(change, fa, classify(change, fa), "en")
        print(f"{name:40} {time.perf_counter() - start:7.2f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
