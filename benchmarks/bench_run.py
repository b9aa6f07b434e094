"""Time, CPU and peak memory of ``diffreport run`` against raw git, on a real docs repository served as
a file:// URL.

Cases, each a fresh process, paired with the git work any tool would do for the same result:

- ``--backfill`` of the history since ``--since`` (one report per day and category, including the first
  clone) vs ``git clone --bare`` + ``git diff -M --numstat`` + ``git diff -M`` of every day's range;
- a run with nothing new vs ``git fetch`` of the same repository;
- a first run with ``--since 2025-01-01`` (one big range) vs a clone + the two diffs of that range.

Each repeat runs git and diffreport back to back; a line gives the medians and the median of the paired
ratios, for wall time and for CPU time (user+sys of the process tree).

    python benchmarks/bench_run.py [--since 2023-01-01] [--repeat 3]

Needs ``../shared/corpus/repos/semantic-kernel-docs.bundle``. Run by hand; figures go into notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from _measure import ROOT, Sample, compile_package, header, measure, ours, report

BUNDLE = ROOT.parent / "shared" / "corpus" / "repos" / "semantic-kernel-docs.bundle"
TZ = ZoneInfo("Asia/Tokyo")
EXTENSIONS = ("md", "markdown", "yml", "yaml", "png", "jpg", "jpeg", "gif", "svg", "webp")
PATHS = [f":(glob,icase)**/*.{ext}" for ext in EXTENSIONS]  # what diffreport reads by default

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


def day_ranges(mirror: Path, since: dt.date) -> list[tuple[str, str]]:
    """(base, head) of every day from ``since`` with first-parent commits: what a backfill reads."""
    log = subprocess.run(
        ["git", "log", "--first-parent", "--reverse", "--format=%H %ct", "main"],
        cwd=mirror,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    commits = [
        (sha, dt.datetime.fromtimestamp(int(ts), TZ).date()) for sha, ts in (ln.split() for ln in log if ln)
    ]
    ranges: list[tuple[str, str]] = []
    for i, (sha, day) in enumerate(commits):
        last_of_day = i + 1 == len(commits) or commits[i + 1][1] != day
        if day >= since and last_of_day and i > 0:
            first = next(j for j in range(i, -1, -1) if j == 0 or commits[j - 1][1] != day)
            if first > 0:
                ranges.append((commits[first - 1][0], sha))
    return ranges


def git_diffs(repo: Path, ranges: list[tuple[str, str]]) -> Sample:
    total = Sample(0.0, 0.0, 0)
    for base, head in ranges:
        for extra in (["--numstat"], []):
            total += measure(["git", "diff", "-M", *extra, base, head, "--", *PATHS], repo)
    return total


def fresh(work: Path, name: str, url: str) -> Path:
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "diffreport.toml").write_text(CONFIG.format(url=url), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", default="2023-01-01", help="first day of the backfill")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not BUNDLE.is_file():
        raise SystemExit(f"{BUNDLE} not found")
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        mirror = work / "mirror.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(BUNDLE), str(mirror)], check=True)
        url = mirror.as_uri()
        days = day_ranges(mirror, dt.date.fromisoformat(args.since))
        since_range = [(day_ranges(mirror, dt.date(2025, 1, 1))[0][0], "main")]
        clone = work / "clone.git"

        def git_clone() -> Sample:
            shutil.rmtree(clone, ignore_errors=True)
            return measure(["git", "clone", "-q", "--bare", "--", url, str(clone)], work)

        def run(folder: Path, *args: str) -> Sample:
            return measure(ours("run", "--config", "diffreport.toml", *args), folder)

        header()
        cases: dict[str, tuple[list[Sample], list[Sample]]] = {
            f"run --backfill ({len(days)} days)": ([], []),
            "run, nothing new": ([], []),
            "run --since 2025-01-01": ([], []),
        }
        (b_raw, b_ours), (n_raw, n_ours), (s_raw, s_ours) = cases.values()
        for _ in range(args.repeat):
            b_raw.append(git_clone() + git_diffs(clone, days))
            backfill = fresh(work, "backfill", url)
            b_ours.append(run(backfill, "--backfill", "--since", args.since))
            n_raw.append(measure(["git", "fetch", "-q", url, "+refs/heads/main:refs/heads/main"], clone))
            n_ours.append(run(backfill))
            s_raw.append(git_clone() + git_diffs(clone, since_range))
            s_ours.append(run(fresh(work, "since", url), "--since", "2025-01-01", "--date", "2026-08-21"))
        reports = sum(1 for _ in (work / "backfill" / "output" / "posts").rglob("*.md"))
        for name, (raw, mine) in cases.items():
            report(name, reports if "backfill" in name else "", raw, mine)


if __name__ == "__main__":
    main()
