"""Where the CPU of a ``compare`` goes, and the least wall time it could take on this machine's cores.

For each range (semantic-kernel-docs since 2025, and the synthetic day of ``bench_compare.py``):

- **raw git**: ``git diff -M --numstat`` + ``git diff -M``, wall time (``bench_compare.py``'s baseline);
- **start**: Python started, the command line and the configuration read (wall time): the part nothing
  overlaps, since git is asked nothing before; then the imports of the stages (git works meanwhile);
- **git**: CPU of the git work ``compare`` asks for: its one ``git diff -M --raw -p`` and the blobs the
  analysis reads (one ``git cat-file --batch``);
- **stages**: CPU of building each file in this process, its blobs read beforehand (best of three runs):
  analysis, classification, narration, and the rest of a built file (its model, its JSON text and the
  light form a report keeps).

The floor is ``start + (imports + git + stages) / cores``: every core busy from the end of start-up to the last
file, with no cost for the workers, the report's own narration or its writing. A ``compare`` cannot be
faster than this without less work per file; the line says how it stands against 2x raw git.

    python benchmarks/bench_floor.py [--repeat 5] [--synthetic 5000] [--cores N]

Run by hand; the figures go into the closing notes, never into assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import ROOT, compile_package, measure
from bench_compare import REPOS, SK_2025, clone_bundle, synthetic

from diffreport import analysis, classify, narrate
from diffreport.analysis import blobs_read
from diffreport.models import FileChange
from diffreport.pipeline import build_file
from diffreport.settings import Config
from diffreport.spool import entry_of, light
from diffreport.vcs import GitRepo

# What runs before git is asked anything (the command line and its configuration), and then everything
# else a compare imports (while git already works, so on any core).
BEFORE_GIT = "import diffreport.cli.compare; from diffreport.settings import Config; Config()"
EVERYTHING = (
    f"{BEFORE_GIT}; import diffreport.pipeline, diffreport.analysis, diffreport.classify, diffreport.narrate, "
    "diffreport.models, diffreport.render, diffreport.spool, diffreport.workers"
)


def wall(code: str, repeat: int) -> float:
    """Median wall time of a Python running ``code`` (the package's bytecode compiled)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def git_cpu(repo: Path, base: str, head: str, changes: list[FileChange], repeat: int) -> tuple[float, float]:
    """Median wall of raw git (numstat + patch), and median CPU of the git work ``compare`` asks for."""
    git = ["git", "-c", "color.ui=never"]
    raw, ours = [], []
    blobs = "".join(f"{sha}\n" for change in changes for sha in blobs_read(change) if sha)
    for _ in range(repeat):
        numstat = measure([*git, "diff", "-M", "--numstat", base, head], repo)
        patch = measure([*git, "diff", "-M", base, head], repo)
        raw.append(numstat.wall + patch.wall)
        stream = measure([*git, "diff", "-M", "--raw", "-p", "-z", "--no-abbrev", base, head], repo)
        began = os.times()
        subprocess.run([*git, "cat-file", "--batch"], input=blobs.encode(), cwd=repo, capture_output=True)
        done = os.times()
        ours.append(
            stream.cpu
            + (done.children_user - began.children_user)
            + (done.children_system - began.children_system)
        )
    return statistics.median(raw), statistics.median(ours)


def stages_cpu(changes: list[FileChange], runs: int = 3) -> dict[str, float]:
    """CPU of each stage over every file (the best of ``runs`` passes each), blobs already in memory: the
    three stages one by one, then whole files built as workers build them; the rest is the difference."""
    config = Config()
    stages: list[dict[str, float]] = []
    whole: list[float] = []
    for _ in range(runs):
        spent = dict.fromkeys(("analysis", "classification", "narration"), 0.0)
        for change in changes:
            t0 = time.process_time()
            facts = analysis.analyse(change)
            t1 = time.process_time()
            result = classify.classify(change, facts, config.classifier)
            t2 = time.process_time()
            narrate.describe_file(change, facts, result, "en")
            spent["analysis"] += t1 - t0
            spent["classification"] += t2 - t1
            spent["narration"] += time.process_time() - t2
        stages.append(spent)
        t0 = time.process_time()
        for change in changes:
            file = build_file(change, "en", config)
            entry_of(file)
            light(file)
        whole.append(time.process_time() - t0)
    best = min(stages, key=lambda spent: sum(spent.values()))
    best["the rest of a file"] = max(0.0, min(whole) - sum(best.values()))
    return best


def read_changes(repo: Path, base: str, head: str) -> list[FileChange]:
    """Every change of the range, each holding its blobs in memory."""
    with GitRepo(str(repo)) as git:
        changes = list(git.changes(base, head, ["*"], []))
        blobs = git.blobs(sha for change in changes for sha in blobs_read(change) if sha)
    return [change.with_loader(blobs.__getitem__) for change in changes]


def floor(
    name: str, repo: Path, base: str, head: str, start: tuple[float, float], cores: int, repeat: int
) -> None:
    changes = read_changes(repo, base, head)
    raw, git = git_cpu(repo, base, head, changes, repeat)
    stages = stages_cpu(changes)
    serial, imports = start
    work = imports + git + sum(stages.values())
    least = serial + work / cores
    parts = ", ".join(f"{stage} {cpu:.3f}" for stage, cpu in stages.items())
    print(f"{name} ({len(changes)} files), raw git {raw:.3f} s wall")
    print(
        f"  start {serial:.3f} s (wall); then CPU: the stages' imports {imports:.3f}, git {git:.3f}, {parts}"
    )
    print(
        f"  floor on {cores} cores: {serial:.3f} + {work:.3f} / {cores} = {least:.3f} s = {least / raw:.1f}x raw git "
        f"(2x would be {2 * raw:.3f} s)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=5000, help="files changed in the synthetic day")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    compile_package()
    serial = wall(BEFORE_GIT, args.repeat)
    start = serial, max(0.0, wall(EVERYTHING, args.repeat) - serial)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bundle = REPOS / "semantic-kernel-docs.bundle"
        if bundle.exists():
            floor(
                "semantic-kernel-docs since 2025",
                clone_bundle(bundle, root / "sk"),
                *SK_2025,
                start,
                args.cores,
                args.repeat,
            )
        if args.synthetic:
            repo, base, head = synthetic(root, args.synthetic)
            floor(
                f"synthetic: {args.synthetic} files in a day",
                repo,
                base,
                head,
                start,
                args.cores,
                args.repeat,
            )


if __name__ == "__main__":
    main()
