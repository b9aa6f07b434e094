"""``diffreport run``: scheduled, incremental, per-category reports that never lose or duplicate work.

A run, under a lock:

1. finishes an interrupted run first, if its journal is there (same ranges, same report date);
2. per source: clones/fetches (URL) or opens (local path) the repository and plans *jobs*, each a
   range ``base..head`` with a report date (one job per source, or one per day with ``--backfill``);
3. reads each job's range once, splits the files by category (first match wins), and builds,
   prepares (:func:`prepare_report`, the hook for the LLM stage) and renders one report per category;
4. writes a journal (the jobs and the state to reach), every report atomically, then the state
   atomically, then removes the journal.

A run killed before step 4 has written nothing; killed during step 4, the next run finds the journal
and writes the same reports again (same paths, same contents) before the state moves on. So every
range is reported exactly once, under the report date of the run that first planned it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import pipeline
from .categories import split_by_category
from .errors import DiffreportError, OutputError, UsageError
from .models import Report
from .permalink import public_url
from .render import render
from .settings import Config, SourceSettings
from .vcs import GitRepo
from .vcs import remote as vcs_remote
from .writer import safe_join, write_atomic

log = logging.getLogger(__name__)

STATE_VERSION = 1
# Test-only: seconds to sleep after each report is written, and the number of reports after which
# to stop for good (to kill a run while it writes).
WRITE_DELAY_ENV = "DIFFREPORT_TEST_WRITE_DELAY"
PAUSE_AT_ENV = "DIFFREPORT_TEST_PAUSE_AT"


class RunLockedError(DiffreportError):
    """Another run holds the lock of this state file."""


# -- plain data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """One range of one source, reported under one date (one report per category with changes)."""

    source: str
    date: str
    base: str
    head: str


@dataclass(frozen=True)
class Output:
    path: Path
    text: str
    source: str
    category: str
    files: int


@dataclass(frozen=True)
class ProgressEvent:
    done: int
    total: int
    message: str


@dataclass
class RunResult:
    """What a run did; the CLI turns it into a summary."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    unmatched: dict[str, int] = field(default_factory=dict)
    jobs: list[Job] = field(default_factory=list)
    resumed: bool = False
    state_written: bool = False

    @property
    def nothing_new(self) -> bool:
        return not self.jobs and not self.resumed and not self.state_written


ProgressCallback = Callable[[ProgressEvent], None]
ReportHook = Callable[[Report, SourceSettings, Config], Report]


def prepare_report(report: Report, source: SourceSettings, config: Config) -> Report:
    """Hook called on every report before it is rendered; returns the report to render.

    This is where the LLM stage (the ``[llm]`` section) plugs in: it may rewrite titles,
    explanations and report-level texts. The default changes nothing.
    """
    return report


def _render(report: Report, path: Path, config: Config) -> str:
    templates = config.templates_dir()
    return render(report, output_format(path), template_dir=str(templates) if templates else None)


# -- paths and state ---------------------------------------------------------------------------
def state_path(config: Config) -> Path:
    return config.base_dir() / config.report.state


def journal_path(config: Config) -> Path:
    state = state_path(config)
    return state.with_name(state.name + ".pending")


def output_path(config: Config, date: dt.date, category: str, source: str) -> Path:
    """The report's path: the pattern's fixed folders, then its dated part joined safely under them."""
    parts = Path(config.report.output).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if "%" in part or "{" in part:
            break
        fixed.append(part)
    dynamic = "/".join(parts[len(fixed) :])
    rel = date.strftime(dynamic).format(category=category, source=source)
    return safe_join(config.base_dir().joinpath(*fixed), rel)


def output_format(path: Path) -> str:
    return {".json": "json", ".html": "html", ".htm": "html"}.get(path.suffix.lower(), "md")


def load_state(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": STATE_VERSION, "sources": {}}
    except (OSError, ValueError) as exc:
        raise OutputError(f"cannot read the state file {path}: {exc}; fix or delete it") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        raise OutputError(f"{path} is not a diffreport state file; fix or delete it")
    return data


def dump_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@contextlib.contextmanager
def run_lock(path: Path, wait: float) -> Iterator[None]:
    """An exclusive lock on ``path`` (flock); wait up to ``wait`` seconds for another run to finish."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RunLockedError(
                        f"another diffreport run is using {path.parent} (lock {path.name}); try again later"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- sources ------------------------------------------------------------------------------------
@dataclass
class OpenSource:
    settings: SourceSettings
    git_dir: Path
    head: str
    remote: str | None


def open_source(config: Config, source: SourceSettings) -> OpenSource:
    """Clone/fetch a URL into the cache, or open a local path in place; resolve the branch head."""
    if vcs_remote.is_url(source.repo):
        cache = vcs_remote.cache_path(pipeline.cache_root(config), source.name, source.repo)
        with run_lock(cache.with_name(cache.name + ".lock"), wait=120):  # runs of other configs share it
            git_dir = vcs_remote.sync(source.repo, cache, source.branch)
        with GitRepo(git_dir) as repo:
            head = repo.resolve(vcs_remote.tracking_ref(source.branch))
        return OpenSource(source, git_dir, head, source.repo)
    path = Path(source.repo).expanduser()
    if not path.is_absolute():
        path = config.base_dir() / path
    with GitRepo(path, search_parents=False) as repo:  # exactly the configured folder, not a parent
        try:
            head = repo.resolve(f"refs/heads/{source.branch}")
        except DiffreportError:
            head = repo.resolve(source.branch)
        return OpenSource(source, repo.git_dir, head, repo.remote_url())


def _parent_or_empty(repo: GitRepo, sha: str) -> str:
    parents = repo.parents(sha)
    return parents[0] if parents else repo.empty_tree()


def _day_start(day: dt.date, tz: ZoneInfo) -> float:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).timestamp()


def plan_incremental(
    src: OpenSource, entry: dict[str, Any] | None, date: dt.date, since: dt.date | None, tz: ZoneInfo
) -> tuple[Job | None, dict[str, Any] | None]:
    """The job of a normal run (or None: nothing new) and the source's state after it."""
    name, head = src.settings.name, src.head
    with GitRepo(src.git_dir) as repo:
        known = entry.get("commit") if entry else None
        if known and not vcs_remote.has_commit(src.git_dir, known):
            log.warning("%s: recorded commit %s is not in the repository; starting again", name, known[:12])
            known = None
        if since is not None:
            cut = _day_start(since, tz)
            older = [e.sha for e in vcs_remote.first_parent_log(src.git_dir, head) if e.time < cut]
            base = older[-1] if older else repo.empty_tree()
        elif known:
            if known == head:
                log.info("%s: nothing new since %s", name, head[:12])
                return None, None
            base = known
            if not vcs_remote.is_ancestor(src.git_dir, known, head):
                log.warning("%s: branch rewritten; reporting from %s to its new head", name, known[:7])
            day_base = entry.get("day_base") if entry else None
            if (
                entry
                and entry.get("date") == date.isoformat()
                and day_base
                and vcs_remote.has_commit(src.git_dir, day_base)
            ):
                log.info("%s: widening the report of %s to %s..%s", name, date, day_base[:7], head[:7])
                base = day_base
        else:
            base = _parent_or_empty(repo, head)
    if base == head:
        return None, None
    state = _state_entry(src, head, date, base)
    return Job(name, date.isoformat(), base, head), state


def plan_backfill(
    src: OpenSource,
    entry: dict[str, Any] | None,
    since: dt.date,
    until: dt.date | None,
    tz: ZoneInfo,
) -> tuple[list[Job], dict[str, Any] | None]:
    """One job per day of the first-parent history that has commits, days cut in ``tz``."""
    history = vcs_remote.first_parent_log(src.git_dir, src.head)
    jobs: list[Job] = []
    with GitRepo(src.git_dir) as repo:
        previous = repo.empty_tree()
        current: dt.date | None = None
        day_base = previous
        for item in history:
            day = dt.datetime.fromtimestamp(item.time, tz).date()
            if current is not None and day < current:
                day = current  # a commit dated before its parent counts in its parent's day
            if day != current:
                if current is not None and since <= current and (until is None or current <= until):
                    jobs.append(Job(src.settings.name, current.isoformat(), day_base, previous))
                current, day_base = day, previous
            previous = item.sha
        if current is not None and since <= current and (until is None or current <= until):
            jobs.append(Job(src.settings.name, current.isoformat(), day_base, previous))
    if not jobs:
        return [], None
    last = jobs[-1]
    known = entry.get("commit") if entry else None
    if (
        known
        and known != last.head
        and not (
            vcs_remote.has_commit(src.git_dir, known)
            and vcs_remote.is_ancestor(src.git_dir, known, last.head)
        )
    ):
        return jobs, None  # the state is already past the backfilled days: leave it
    return jobs, _state_entry(src, last.head, dt.date.fromisoformat(last.date), last.base)


def _state_entry(src: OpenSource, head: str, date: dt.date, base: str) -> dict[str, Any]:
    return {
        "repo": vcs_remote.display_url(src.settings.repo),
        "branch": src.settings.branch,
        "commit": head,
        "date": date.isoformat(),
        "day_base": base,
    }


# -- building -------------------------------------------------------------------------------------
def build_outputs(
    config: Config, src: OpenSource, job: Job, hook: ReportHook, result: RunResult
) -> list[Output]:
    """Read the job's range once, split it by category, and render one report per category."""
    settings = src.settings
    date = dt.date.fromisoformat(job.date)
    language = config.report.language
    outputs: list[Output] = []
    with GitRepo(src.git_dir) as repo:
        changes = list(repo.changes(job.base, job.head, settings.include, settings.exclude))
        groups, unmatched = split_by_category(changes, settings)
        if unmatched:
            result.unmatched[settings.name] = result.unmatched.get(settings.name, 0) + len(unmatched)
            log.warning(
                "%s %s: %d changed file(s) matched no category (e.g. %s); set catch_all to report them",
                settings.name,
                job.date,
                len(unmatched),
                unmatched[0].path,
            )
        for category, members in groups.items():
            files = pipeline.build_files(members, language, config)
            report = pipeline.assemble_report(
                files,
                base=job.base,
                head=job.head,
                language=language,
                date=date,
                title=config.report.title.format(category=category, source=settings.name),
                category=category,
                remote=src.remote,
                repository=public_url(src.remote) if src.remote else None,
            )
            report = hook(report, settings, config)
            path = output_path(config, date, category, settings.name)
            outputs.append(Output(path, _render(report, path, config), settings.name, category, len(files)))
    return outputs


# -- the run ----------------------------------------------------------------------------------------
def today(config: Config) -> dt.date:
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
) -> RunResult:
    """Report every source's new changes, one report per category; see the module docstring."""
    if not config.sources:
        raise UsageError("the config has no [[sources]]")
    if backfill and since is None:
        raise UsageError("--backfill needs --since DATE")
    if until is not None and not backfill:
        raise UsageError("--until needs --backfill")
    if since and until and until < since:
        raise UsageError("--until must not be before --since")
    tz = ZoneInfo(config.report.timezone)
    report_date = date or today(config)
    notify = progress or (lambda event: None)
    result = RunResult()
    state_file = state_path(config)
    with run_lock(state_file.with_name(state_file.name + ".lock"), lock_wait):
        state = load_state(state_file)
        journal = journal_path(config)
        if journal.exists():
            state = _resume(config, journal, hook, result, notify)
        opened: dict[str, OpenSource] = {}
        jobs: list[Job] = []
        new_entries: dict[str, dict[str, Any]] = {}
        for i, settings in enumerate(config.sources):
            notify(ProgressEvent(i, len(config.sources), f"reading {settings.name}"))
            src = opened[settings.name] = open_source(config, settings)
            entry = state["sources"].get(settings.name)
            if backfill:
                assert since is not None
                planned, new_entry = plan_backfill(src, entry, since, until, tz)
                jobs += planned
            else:
                job, new_entry = plan_incremental(src, entry, report_date, since, tz)
                jobs += [job] if job else []
            if new_entry and new_entry != entry:
                new_entries[settings.name] = new_entry
        if not jobs and not new_entries:
            return result
        outputs: list[Output] = []
        for i, job in enumerate(jobs):
            notify(ProgressEvent(i, len(jobs), f"{job.source} {job.date}: {job.base[:7]}..{job.head[:7]}"))
            outputs += build_outputs(config, opened[job.source], job, hook, result)
        result.jobs = jobs
        new_state = {**state, "version": STATE_VERSION, "sources": {**state["sources"], **new_entries}}
        publish(config, outputs, new_state, result, notify, jobs=jobs)
    return result


def publish(
    config: Config,
    outputs: list[Output],
    new_state: dict[str, Any],
    result: RunResult,
    notify: ProgressCallback,
    *,
    jobs: list[Job] | None = None,
) -> None:
    """Journal (when ``jobs`` are given), then every changed report, then the state; then drop the journal."""
    _check_unique(outputs)
    journal = journal_path(config)
    pending = [o for o in outputs if not _same(o.path, o.text)]
    result.unchanged += [o.path for o in outputs if o not in pending]
    if pending and jobs is not None:
        write_atomic(journal, dump_json({"jobs": [asdict(j) for j in jobs], "state": new_state}))
    _write_outputs(pending, result, notify)
    write_atomic(state_path(config), dump_json(new_state))
    result.state_written = True
    journal.unlink(missing_ok=True)


def _resume(
    config: Config, journal: Path, hook: ReportHook, result: RunResult, notify: ProgressCallback
) -> dict[str, Any]:
    """Finish a run that was interrupted while writing: the same jobs, then its state."""
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        jobs = [Job(**j) for j in data["jobs"]]
        new_state = data["state"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"cannot read the journal {journal}: {exc}; delete it to start again") from None
    log.warning("finishing an interrupted run (%d range(s)) before this one", len(jobs))
    settings = {s.name: s for s in config.sources}
    opened: dict[str, OpenSource] = {}
    outputs: list[Output] = []
    for job in jobs:
        if job.source not in settings:
            log.warning("source %r of the interrupted run is no longer configured; skipping it", job.source)
            continue
        if job.source not in opened:
            opened[job.source] = open_source(config, settings[job.source])
        outputs += build_outputs(config, opened[job.source], job, hook, result)
    publish(config, outputs, new_state, result, notify)  # the journal is already there
    result.resumed = True
    return new_state


def _check_unique(outputs: list[Output]) -> None:
    seen: dict[Path, Output] = {}
    for out in outputs:
        if out.path in seen:
            other = seen[out.path]
            raise UsageError(
                f"report.output: {other.source}/{other.category} and {out.source}/{out.category} "
                f"would both write {out.path}; add {{source}} or {{category}} to the pattern"
            )
        seen[out.path] = out


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _write_outputs(outputs: list[Output], result: RunResult, notify: ProgressCallback) -> None:
    delay = float(os.environ.get(WRITE_DELAY_ENV) or 0)
    pause_at = int(os.environ.get(PAUSE_AT_ENV) or -1)
    for i, out in enumerate(outputs):
        if i == pause_at:
            time.sleep(3600)
        notify(ProgressEvent(i, len(outputs), f"writing {out.path.name}"))
        for stale in out.path.parent.glob(f".{glob_escape(out.path.name)}.*.tmp"):  # a killed write_atomic
            stale.unlink(missing_ok=True)
        write_atomic(out.path, out.text)
        result.written.append(out.path)
        log.info("wrote %s (%d file(s))", out.path, out.files)
        if delay:
            time.sleep(delay)
