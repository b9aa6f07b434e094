"""The run: lock, finish an interrupted run, plan every source, build, publish."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import UsageError
from ..settings import Config
from ..vcs import GitRepo
from ..writer import temp_files
from .plan import OpenSource, open_source, plan_backfill, plan_incremental
from .publish import (
    Output,
    ProgressCallback,
    ProgressEvent,
    ReportHook,
    RunResult,
    build_outputs,
    check_paths,
    prepare_report,
    publish,
)
from .state import (
    STATE_VERSION,
    Job,
    clear_staged,
    journal_path,
    load_journal,
    load_state,
    lock_path,
    run_lock,
    staged_path,
    state_path,
)

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _cleared_on_error(config: Config) -> Iterator[None]:
    """The reports staged so far removed if building the others fails (publish removes them otherwise)."""
    try:
        yield
    except BaseException:
        clear_staged(staged_path(config))
        raise


@contextlib.contextmanager
def _repositories(opened: dict[str, OpenSource]) -> Iterator[Callable[[str], GitRepo]]:
    """Each source's repository, opened once for all the run's ranges (one `git rev-parse` and one
    `git cat-file --batch` a source, not one a day of a backfill), all closed at the end."""
    repos: dict[str, GitRepo] = {}
    with contextlib.ExitStack() as stack:

        def repo(source: str) -> GitRepo:
            if source not in repos:
                repos[source] = stack.enter_context(GitRepo(opened[source].git_dir))
            return repos[source]

        yield repo


def _today(config: Config) -> dt.date:
    return dt.datetime.now(ZoneInfo(config.report.timezone)).date()


def run(
    config: Config,
    *,
    date: dt.date | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    backfill: bool = False,
    lock_wait: float = 5.0,
    progress: ProgressCallback | None = None,
    hook: ReportHook = prepare_report,
    jobs: int | None = None,
) -> RunResult:
    """Report every source's new changes, one report per category; see :mod:`diffreport.schedule`.

    ``progress`` is called before each step (waiting for the lock, reading a source, building a range,
    writing or removing a report); ``jobs`` > 1 builds a large range in that many processes.
    """
    if not config.sources:
        raise UsageError("the config has no [[sources]]")
    if backfill and since is None:
        raise UsageError("--backfill needs --since DATE")
    if until is not None and not backfill:
        raise UsageError("--until needs --backfill")
    if since and until and until < since:
        raise UsageError("--until must not be before --since")
    tz = ZoneInfo(config.report.timezone)
    report_date = date or _today(config)
    notify = progress or (lambda event: None)
    result = RunResult()
    lock = lock_path(config)

    def waiting() -> None:
        message = f"waiting up to {lock_wait:g} s for another run (lock {lock.name})"
        notify(ProgressEvent(0, 1, message, "wait"))

    with run_lock(lock, lock_wait, on_wait=waiting):
        clear_staged(staged_path(config))  # what a killed run rendered and never wrote
        for leftover in [*temp_files(state_path(config)), *temp_files(journal_path(config))]:
            with contextlib.suppress(OSError):  # a state or journal a killed run was writing
                leftover.unlink()
        state = load_state(state_path(config))
        if journal_path(config).exists():
            state = _resume(config, hook, result, notify, jobs)
        opened: dict[str, OpenSource] = {}
        planned: list[Job] = []
        new_entries: dict[str, dict[str, Any]] = {}
        for i, settings in enumerate(config.sources):
            notify(ProgressEvent(i, len(config.sources), f"reading {settings.name}", "read"))
            src = opened[settings.name] = open_source(config, settings)
            entry = state["sources"].get(settings.name)
            if backfill:
                assert since is not None
                days, new_entry = plan_backfill(src, entry, since, until, tz)
                planned += days
            else:
                job, new_entry = plan_incremental(src, entry, report_date, since, tz)
                planned += [job] if job else []
            if new_entry and new_entry != entry:
                new_entries[settings.name] = new_entry
        if not planned and not new_entries:
            return result
        check_paths(config, planned)
        outputs: list[Output] = []
        with _cleared_on_error(config), _repositories(opened) as repos:
            for i, job in enumerate(planned):
                message = f"{job.source} {job.date}: {job.base[:7]}..{job.head[:7]}"
                notify(ProgressEvent(i, len(planned), message, "build"))
                outputs += build_outputs(
                    config, opened[job.source], job, hook, result, jobs, repos(job.source)
                )
        result.jobs = planned
        new_state = {**state, "version": STATE_VERSION, "sources": {**state["sources"], **new_entries}}
        publish(config, planned, outputs, new_state, result, notify)
    return result


def _resume(
    config: Config, hook: ReportHook, result: RunResult, notify: ProgressCallback, jobs: int | None
) -> dict[str, Any]:
    """Finish a run that was interrupted while writing: the same jobs, then its state."""
    journal: Path = journal_path(config)
    pending, new_state = load_journal(journal)
    log.warning("finishing an interrupted run (%d range(s)) before this one", len(pending))
    settings = {s.name: s for s in config.sources}
    opened: dict[str, OpenSource] = {}
    outputs: list[Output] = []
    kept: list[Job] = []
    with _cleared_on_error(config), _repositories(opened) as repos:
        for job in pending:
            if job.source not in settings:
                log.warning(
                    "source %r of the interrupted run is no longer configured; skipping it", job.source
                )
                continue
            if job.source not in opened:
                opened[job.source] = open_source(config, settings[job.source])
            outputs += build_outputs(config, opened[job.source], job, hook, result, jobs, repos(job.source))
            kept.append(job)
    publish(config, kept, outputs, new_state, result, notify, journal=False)  # the journal is there
    result.resumed = True
    return new_state
