"""What a run remembers: the state file, the journal of a run being written, and the run lock.

The state (``[report] state``) holds one entry per source: the last processed commit, the report
date it went into and the base of that day's range. The journal (the state file + ``.pending``) holds
the jobs of a run that is writing and the state it will reach; its presence means "finish me first".
The staging log (the state file + ``.staged``) names every temporary file a run renders a report into
before it writes any, so that the next run removes those a killed run left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..errors import DiffreportError, OutputError
from ..settings import Config
from ..writer import write_atomic

log = logging.getLogger(__name__)

STATE_VERSION = 1
_ENTRY_TEXT_FIELDS = ("repo", "branch", "commit", "date", "day_base")


class RunLockedError(DiffreportError):
    """Another run holds the lock of this state file."""


@dataclass(frozen=True)
class Job:
    """One range of one source, reported under one date (one report per category with changes)."""

    source: str
    date: str
    base: str
    head: str


def state_path(config: Config) -> Path:
    return config.base_dir() / config.report.state


def journal_path(config: Config) -> Path:
    state = state_path(config)
    return state.with_name(state.name + ".pending")


def staged_path(config: Config) -> Path:
    state = state_path(config)
    return state.with_name(state.name + ".staged")


def note_staged(log_path: Path, temp: Path) -> None:
    """Add ``temp`` to the staging log, before the file is created."""
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("a", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(str(temp) + "\n")
    except OSError as exc:
        raise OutputError(f"cannot write {log_path}: {exc.strerror or exc}") from None


def clear_staged(log_path: Path) -> None:
    """Remove what the staging log names, then the log: temporary files a run no longer needs (all of
    them once it has written its reports, or those a killed run left behind)."""
    try:
        names = log_path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot read {log_path}: {exc.strerror or exc}") from None
    for name in names:
        if name:
            with contextlib.suppress(OSError):
                Path(name).unlink()
    log_path.unlink(missing_ok=True)


def lock_path(config: Config) -> Path:
    state = state_path(config)
    return state.with_name(state.name + ".lock")


def empty_state() -> dict[str, Any]:
    return {"version": STATE_VERSION, "sources": {}}


def load_state(path: Path) -> dict[str, Any]:
    """The state file's contents (an empty state when there is none yet)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty_state()
    except (OSError, ValueError) as exc:
        raise OutputError(f"cannot read the state file {path}: {exc}; fix or delete it") from None
    problem = _state_problem(data)
    if problem:
        raise OutputError(f"{path} is not a diffreport state file ({problem}); fix or delete it")
    return data  # type: ignore[no-any-return]


def write_state(path: Path, state: dict[str, Any]) -> None:
    problem = _state_problem(state)
    if problem:  # never replace a good state file with something the next run cannot read
        raise OutputError(f"refusing to write a damaged state to {path} ({problem})")
    write_atomic(path, dump_json(state))


def load_journal(path: Path) -> tuple[list[Job], dict[str, Any]]:
    """The jobs of an interrupted run and the state it was going to write."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise ValueError("no list of jobs")
        jobs = [_job(item) for item in data["jobs"]]
        problem = _state_problem(data.get("state"))
        if problem:
            raise ValueError(f"its state is damaged: {problem}")
    except (OSError, ValueError) as exc:
        raise OutputError(f"cannot read the journal {path}: {exc}; fix or delete it") from None
    return jobs, data["state"]


def write_journal(path: Path, jobs: list[Job], state: dict[str, Any]) -> None:
    write_atomic(path, dump_json({"jobs": [asdict(j) for j in jobs], "state": state}))


def dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _job(item: object) -> Job:
    if not isinstance(item, dict) or sorted(item) != ["base", "date", "head", "source"]:
        raise ValueError(f"not a job: {item!r:.80}")
    if not all(isinstance(value, str) for value in item.values()) or not _is_date(item["date"]):
        raise ValueError(f"not a job: {item!r:.80}")
    return Job(**item)


def _state_problem(data: object) -> str | None:
    """What makes ``data`` unusable as a state (None when it is fine)."""
    if not isinstance(data, dict):
        return "not a JSON object"
    sources = data.get("sources")
    if not isinstance(sources, dict):
        return "'sources' is not an object"
    for name, entry in sources.items():
        if not isinstance(entry, dict):
            return f"the entry of source {name!r} is not an object"
        for key in _ENTRY_TEXT_FIELDS:
            if key in entry and not isinstance(entry[key], str):
                return f"'{key}' of source {name!r} is not a string"
        if entry.get("date") and not _is_date(entry["date"]):
            return f"'date' of source {name!r} is not YYYY-MM-DD"
    return None


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@contextlib.contextmanager
def run_lock(path: Path, wait: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """An exclusive lock on ``path`` (a file lock on every platform); wait up to ``wait`` seconds for the
    run holding it to finish, calling ``on_wait`` once when it has to wait."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None and wait > 0:
            on_wait()
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise RunLockedError(
                f"another diffreport run is using {path.parent} (lock {path.name}); try again later"
            ) from None
    try:
        yield
    finally:
        lock.release()
