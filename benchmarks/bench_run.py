"""Time and peak memory of ``diffreport run`` on a real docs repository served as a file:// URL.

Steps, each a fresh process: a backfill of the whole first-parent history (one report per day and
category, including the first bare clone), a run with nothing new (fetch + compare with the state),
and a first run with ``--since`` over a long range (one big report per category).

    python benchmarks/bench_run.py [--since 2023-01-01]

Needs ``../shared/corpus/repos/semantic-kernel-docs.bundle``. Run by hand; figures go into notes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT.parent / "shared" / "corpus" / "repos" / "semantic-kernel-docs.bundle"

CONFIG = """\
[report]
output = "output/posts/%Y%m/report-%Y%m%d-{{category}}.md"
language = "ja"
timezone = "Asia/Tokyo"
state = "output/state.json"
cache = "cache"

[[sources]]
name = "semantic-kernel-docs"
repo = "{url}"
branch = "main"
catch_all = "other"

[sources.categories]
agents = ["agent-framework"]
concepts = ["semantic-kernel/concepts"]
frameworks = ["semantic-kernel/Frameworks"]
"""


def measure(label: str, args: list[str], cwd: Path) -> None:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "diffreport", "run", "--config", "diffreport.toml", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{label} failed: {err}")
    summary = err.strip().splitlines()[-1] if err.strip() else ""
    print(f"{label:<28} {elapsed:6.2f} s  {usage.ru_maxrss // 1024:5d} MiB  {summary}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", default="2023-01-01", help="first day of the backfill")
    args = parser.parse_args()
    if not BUNDLE.is_file():
        raise SystemExit(f"{BUNDLE} not found")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        mirror = work / "mirror.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(BUNDLE), str(mirror)], check=True)
        for name in ("backfill", "since"):
            (work / name).mkdir()
            (work / name / "diffreport.toml").write_text(CONFIG.format(url=mirror.as_uri()), encoding="utf-8")
        measure("backfill (with clone)", ["--backfill", "--since", args.since], work / "backfill")
        reports = sum(1 for _ in (work / "backfill" / "output" / "posts").rglob("*.md"))
        print(f"{'':<28} {reports} reports")
        measure("nothing new", [], work / "backfill")
        measure("--since 2025-01-01", ["--since", "2025-01-01", "--date", "2026-08-21"], work / "since")


if __name__ == "__main__":
    main()
