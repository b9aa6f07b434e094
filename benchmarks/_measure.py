"""Shared by the benchmarks: run one process and measure it, and compare paired runs."""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the process and every child it waited for (git, workers)
    rss: int  # peak resident memory of the largest process, MiB

    def __add__(self, other: Sample) -> Sample:  # two processes run one after the other
        return Sample(self.wall + other.wall, self.cpu + other.cpu, max(self.rss, other.rss))


def measure(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Wall time, CPU time of the process tree and peak RSS of one process (stdout discarded)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}: {err}")
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024)


def ours(*args: str) -> list[str]:
    return [sys.executable, "-m", "diffreport", *args]


def compile_package() -> None:
    """Write the package's bytecode once, as an install does (PYTHONDONTWRITEBYTECODE would otherwise
    make every run compile diffreport from source)."""
    spec = importlib.util.find_spec("diffreport")  # the package ``python -m diffreport`` runs
    assert spec is not None
    assert spec.submodule_search_locations
    folder = spec.submodule_search_locations[0]
    subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True, stdout=subprocess.DEVNULL)


def report(name: str, files: int | str, raw: list[Sample], mine: list[Sample]) -> None:
    """One line: medians of git's and our paired runs, and the ratios (wall and CPU)."""

    def med(samples: list[Sample], attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in samples)

    wall_ratio = statistics.median(m.wall / r.wall for r, m in zip(raw, mine, strict=True))
    cpu_ratio = statistics.median(m.cpu / max(r.cpu, 1e-3) for r, m in zip(raw, mine, strict=True))
    print(
        f"{name:<36} {files!s:>6}  git {med(raw, 'wall'):6.3f}s cpu {med(raw, 'cpu'):6.3f}s "
        f"{max(s.rss for s in raw):4d} MiB | diffreport {med(mine, 'wall'):6.3f}s cpu {med(mine, 'cpu'):6.3f}s "
        f"{max(s.rss for s in mine):4d} MiB | x{wall_ratio:4.1f} wall x{cpu_ratio:4.1f} cpu",
        flush=True,
    )


def header() -> None:
    print(
        f"{'case':<36} {'files':>6}  medians of paired runs; CPU = user+sys of the process tree; "
        "x = median of the paired ratios",
        flush=True,
    )
