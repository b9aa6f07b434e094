"""Publishing: build each job's reports, then write them (journal first, state last).

Each report is rendered straight into a temporary file beside its target (staged), so that a run holds no
report's text in memory; once every report of the run is staged, the changed ones take their places
atomically and the unchanged ones' temporary files are removed. a report of a job's day and source whose category has no
net change in the job's range any more (a revert on the same day) is removed, so a day's reports always
match the day's range.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .. import pipeline
from ..categories import split_by_category
from ..change import FileChange
from ..errors import OutputError, UsageError
from ..permalink import public_url
from ..settings import Config, SourceSettings
from ..settings.report import category_names
from ..spool import FileSpool
from ..writer import commit, safe_join, stage, temp_files, temp_name
from .plan import OpenSource
from .state import (
    Job,
    clear_staged,
    journal_path,
    note_staged,
    staged_path,
    state_path,
    write_journal,
    write_state,
)

if TYPE_CHECKING:
    from ..models import Report
    from ..spool import SpooledReport
    from ..vcs import GitRepo

log = logging.getLogger(__name__)

Step = Literal["wait", "read", "build", "write", "remove"]


@dataclass(frozen=True)
class ProgressEvent:
    """Where a run is: ``step`` ``done`` of ``total`` (the callback runs before that step's item)."""

    done: int
    total: int
    message: str
    step: Step


ProgressCallback = Callable[[ProgressEvent], None]
ReportHook = Callable[["Report", SourceSettings, Config], "Report | SpooledReport"]


def prepare_report(report: Report, source: SourceSettings, config: Config) -> Report:
    """Hook called on every report before it is rendered; returns the report to render.

    This is where the LLM stage (the ``[llm]`` section) plugs in: it may rewrite titles,
    explanations and report-level texts. The default changes nothing (and, being the default, lets a
    report keep its files on disk until they are rendered). A hook gets every file in memory, unless it
    has ``reads_spooled = True``: then it gets a :class:`~diffreport.spool.SpooledReport`, whose files it
    reads back one at a time (as the LLM stage does).
    """
    return report


@dataclass(frozen=True)
class Output:
    path: Path
    staged: Path  # the report rendered, in a temporary file next to ``path``
    source: str
    category: str
    files: int


@dataclass
class RunResult:
    """What a run did; the CLI turns it into a summary."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    unmatched: dict[str, int] = field(default_factory=dict)
    jobs: list[Job] = field(default_factory=list)
    resumed: bool = False
    state_written: bool = False

    @property
    def nothing_new(self) -> bool:
        return not self.jobs and not self.resumed and not self.state_written


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


def build_outputs(
    config: Config,
    src: OpenSource,
    job: Job,
    hook: ReportHook,
    result: RunResult,
    jobs: int | None,
    repo: GitRepo | None = None,
) -> list[Output]:
    """Read the job's range once (through ``repo``, the source's repository open for the whole run, else
    opened for it), split it by category, and render one report per category."""
    settings = src.settings
    date = dt.date.fromisoformat(job.date)
    language = config.report.language
    outputs: list[Output] = []

    def by_category(changes: list[FileChange]) -> dict[str, list[FileChange]]:
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
        return groups

    with contextlib.closing(FileSpool()) as spool:
        built = pipeline.build_groups(
            repo or src.git_dir,
            job.base,
            job.head,
            by_category,
            spool,
            include=settings.include,
            exclude=settings.exclude,
            language=language,
            config=config,
            jobs=jobs,
            date=date,
        )
        try:
            for category, files in built.items():
                spooled = pipeline.assemble_spooled(
                    files,
                    spool,
                    base=job.base,
                    head=job.head,
                    language=language,
                    date=date,
                    title=config.report.title.format(category=category, source=settings.name),
                    category=category,
                    remote=src.remote,
                    repository=public_url(src.remote) if src.remote else None,
                )
                report: Report | SpooledReport = spooled
                if hook is not prepare_report:  # a hook may change any of it
                    report = _through(hook, spooled, settings, config)
                path = output_path(config, date, category, settings.name)
                outputs.append(
                    Output(path, _stage(report, path, config), settings.name, category, len(files))
                )
        except BaseException:
            clear_staged(staged_path(config))
            raise
    return outputs


def _through(
    hook: ReportHook, spooled: SpooledReport, source: SourceSettings, config: Config
) -> Report | SpooledReport:
    """What ``hook`` makes of a report: it gets every file read back into memory, unless it reads them
    from the spool itself (its ``reads_spooled`` is true, as the LLM stage's is)."""
    if getattr(hook, "reads_spooled", False):
        return hook(spooled, source, config)  # type: ignore[arg-type]  # it takes a SpooledReport too
    return hook(spooled.whole(), source, config)


def _stage(report: Report | SpooledReport, path: Path, config: Config) -> Path:
    """The report in the output's format, with the user's templates of ``[report] templates``, written to a
    temporary file next to ``path`` (named in the staging log first)."""
    from ..render import render_chunks

    templates = config.templates_dir()
    text = render_chunks(
        report,
        output_format(path),
        template_dir=str(templates) if templates else None,
        markdown=config.report.markdown,
    )
    temp = temp_name(path)
    note_staged(staged_path(config), temp)
    return stage(path, text, temp=temp)


def stale_reports(config: Config, jobs: list[Job], outputs: list[Output]) -> list[Path]:
    """Reports of the jobs' days and sources whose category has nothing in the job's range any more
    (only when ``report.output`` names a report per day)."""
    settings = {s.name: s for s in config.sources}
    keep = {out.path for out in outputs}
    stale: list[Path] = []
    for job in jobs:
        source = settings.get(job.source)
        if source is None:
            continue
        date = dt.date.fromisoformat(job.date)
        for category in sorted(category_names(source)):
            path = output_path(config, date, category, job.source)
            if path == output_path(config, date - dt.timedelta(days=1), category, job.source):
                continue  # not a day's report: a pattern without the day keeps the latest of each
            if path not in keep and path not in stale and path.is_file():
                stale.append(path)
    return stale


def publish(
    config: Config,
    jobs: list[Job],
    outputs: list[Output],
    new_state: dict[str, Any],
    result: RunResult,
    notify: ProgressCallback,
    *,
    journal: bool = True,
) -> None:
    """Journal (unless it is already there), every changed report, the stale ones removed, then the state;
    then drop the journal."""
    try:
        _publish(config, jobs, outputs, new_state, result, notify, journal=journal)
    finally:
        clear_staged(
            staged_path(config)
        )  # those written are gone already; the others were the same or failed


def _publish(
    config: Config,
    jobs: list[Job],
    outputs: list[Output],
    new_state: dict[str, Any],
    result: RunResult,
    notify: ProgressCallback,
    *,
    journal: bool,
) -> None:
    pending = [o for o in outputs if not _same(o.path, o.staged)]
    result.unchanged += [o.path for o in outputs if o not in pending]
    stale = stale_reports(config, jobs, outputs)
    if (pending or stale) and journal:
        write_journal(journal_path(config), jobs, new_state)
    for i, out in enumerate(pending):
        notify(ProgressEvent(i, len(pending), f"writing {out.path.name}", "write"))
        for leftover in temp_files(out.path):  # a killed write
            if leftover != out.staged:
                leftover.unlink(missing_ok=True)
        commit(out.staged, out.path)
        result.written.append(out.path)
        log.info("wrote %s (%d file(s))", out.path, out.files)
    for i, path in enumerate(stale):
        notify(ProgressEvent(i, len(stale), f"removing {path.name}", "remove"))
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot remove {path}: {exc.strerror or exc}") from None
        result.removed.append(path)
        log.info("removed %s: its category has no change in the day's range any more", path)
    write_state(state_path(config), new_state)
    result.state_written = True
    journal_path(config).unlink(missing_ok=True)


def check_paths(config: Config, jobs: list[Job]) -> None:
    """Fail, before any range is read, when two reports the jobs may write would share a path: every
    category each source's reports can have, on every day planned."""
    settings = {s.name: s for s in config.sources}
    seen: dict[Path, str] = {}
    for job in jobs:
        date = dt.date.fromisoformat(job.date)
        for category in sorted(category_names(settings[job.source])):
            path = output_path(config, date, category, job.source)
            this = f"{job.source}/{category} on {job.date}"
            other = seen.setdefault(path, this)
            if other != this:
                raise UsageError(
                    f"report.output: {other} and {this} would both write {path}; "
                    "the pattern needs what tells them apart: {source}, {category} or the day"
                )


def _same(path: Path, staged: Path) -> bool:
    """Whether the file at ``path`` holds exactly what was staged."""
    try:
        if path.stat().st_size != staged.stat().st_size:
            return False
        with path.open("rb") as old, staged.open("rb") as new:
            while True:
                a, b = old.read(_BLOCK), new.read(_BLOCK)
                if a != b:
                    return False
                if not a:
                    return True
    except OSError:
        return False


_BLOCK = 1 << 20
