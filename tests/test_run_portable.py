"""What makes ``run`` and ``compare`` portable: no POSIX-only import (Windows has no ``fcntl``), the file
mode the umask asks for, a rename retried while another process holds the target, parallel builds."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from run_helpers import docs_repo, reports, state, url, write_config

from diffreport import pipeline, schedule, writer
from diffreport.errors import OutputError
from diffreport.settings import load_config

# Makes `import fcntl` fail as it does on Windows, then imports every module of the package and runs
# the CLI with the given arguments.
WITHOUT_FCNTL = """
import importlib, pkgutil, sys

class NoFcntl:
    def find_spec(self, name, path=None, target=None):
        if name == "fcntl":
            raise ModuleNotFoundError("No module named 'fcntl'", name=name)
        return None

sys.modules.pop("fcntl", None)
sys.meta_path.insert(0, NoFcntl())
import diffreport
for module in pkgutil.walk_packages(diffreport.__path__, "diffreport."):
    importlib.import_module(module.name)
from diffreport.cli import main
assert "fcntl" not in sys.modules
sys.exit(main(sys.argv[1:]))
"""


def without_fcntl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_FCNTL, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_compare_and_run_work_where_fcntl_does_not_exist(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    repo.write("articles/openai/models.md", "# Models\n\nGPT-4o too.\n")
    repo.commit("openai", date="2025-04-18T10:00:00+00:00")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))  # a URL: the cache lock and the run lock are both taken

    compare = without_fcntl(
        "compare", "HEAD~1..HEAD", "--repo", str(repo.path), "--format", "json", cwd=tmp_path
    )
    run = without_fcntl("run", "--config", str(cfg), "--date", "2025-04-18", cwd=tmp_path)
    held = without_fcntl("run", "--config", str(cfg), "--date", "2025-04-18", cwd=tmp_path)

    assert compare.returncode == 0, compare.stderr
    assert '"path": "articles/openai/models.md"' in compare.stdout
    assert run.returncode == 0, run.stderr
    assert sorted(reports(site)) == ["202504/report-20250418-openai.md"]
    assert held.returncode == 0, held.stderr
    assert "nothing new" in held.stderr  # the lock was released and the state was written


@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_reports_and_state_follow_the_umask(tmp_path: Path, umask: Any, mask: int, mode: int) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    config = load_config(write_config(site, url(repo)))
    umask(mask)

    schedule.run(config, date=dt.date(2025, 4, 17))

    written = [site / "output" / "posts" / name for name in reports(site)] + [site / "output" / "state.json"]
    assert len(written) == 4
    assert {stat.S_IMODE(path.stat().st_mode) for path in written} == {mode}
    assert stat.S_IMODE(writer.write_atomic(tmp_path / "x" / "manifest.json", "{}").stat().st_mode) == mode


def test_a_rename_over_a_target_held_open_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    real_replace = os.replace
    calls: list[str] = []

    def busy_twice(src: str | Path, dst: str | Path) -> None:  # what Windows does while a reader has it open
        calls.append(str(dst))
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file")
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", busy_twice)
    writer.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert len(calls) == 3

    calls.clear()
    monkeypatch.setattr(writer.os, "replace", always_busy)
    with pytest.raises(OutputError, match="cannot write"):
        writer.write_atomic(target, "newer")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no temporary file left


def always_busy(src: str | Path, dst: str | Path) -> None:
    raise PermissionError(13, "Access is denied")


def test_run_builds_a_large_range_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = docs_repo(tmp_path / "repo")
    for i in range(6):
        repo.write(f"articles/openai/page{i}.md", f"# Page {i}\n\nText {i}.\n")
        repo.write(f"articles/search/page{i}.md", f"# Search {i}\n\nText {i}.\n")
    repo.commit("many pages", date="2025-04-18T10:00:00+00:00")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    schedule.run(load_config(write_config(serial, url(repo))), date=dt.date(2025, 4, 18), jobs=1)

    pools: list[dict[str, Any]] = []

    class Spy(pipeline.Workers):
        def __init__(self, count: int, build: Any, repo_path: str, *args: Any) -> None:
            super().__init__(count, build, repo_path, *args)
            pools.append({"count": count, "repo_path": repo_path, "files": 0})

        def submit(self, key: int, change: Any, impact: Any) -> None:
            pools[-1]["files"] += 1
            super().submit(key, change, impact)

    monkeypatch.setattr(pipeline, "Workers", Spy)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)  # so that these few files go to workers
    schedule.run(load_config(write_config(parallel, url(repo))), date=dt.date(2025, 4, 18), jobs=2)

    assert sorted(reports(parallel)) == [
        "202504/report-20250418-openai.md",
        "202504/report-20250418-search.md",
    ]
    assert reports(parallel) == reports(serial)
    assert state(parallel)["sources"] == state(serial)["sources"]
    # one set of workers for the whole range, split by category afterwards; the first file is built in
    # this process (the workers fork from it warmed up), the other 11 in the workers
    assert len(pools) == 1
    assert (pools[0]["count"], pools[0]["files"]) == (2, 11)
    assert Path(pools[0]["repo_path"]).is_dir()
