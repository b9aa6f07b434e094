"""The library API: read a range, analyse, classify, narrate, assemble a :class:`Report`.

``diffreport compare`` is :func:`compare` followed by a renderer; ``diffreport run`` keeps its clones in
:func:`remote_cache`, reads a range once and builds it per category with :func:`build_groups` (in worker
processes for a large category, as compare does), then calls :func:`assemble_report` per category.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import analysis as analysis_stage
from . import classify as classify_stage
from . import narrate
from .analysis import impact as impact_pass
from .i18n import check_language
from .models import FileChange, Impact, Report, ReportFile, Status
from .moves import pair_moves
from .permalink import permalink_for, public_url
from .settings import Config
from .vcs import GitRepo, read_range
from .vcs import remote as vcs_remote
from .vcs.refs import head_references

log = logging.getLogger(__name__)


@dataclass
class CompareOptions:
    range: str
    repo: str = "."
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    language: str = "en"
    title: str | None = None
    date: dt.date | None = None
    category: str | None = None
    config: Config = field(default_factory=Config)
    jobs: int | None = None
    progress: Progress | None = None
    """``progress(stage, done, total)``: files analysed of all; a clone or fetch with no total."""


Progress = Callable[[str, int, int], None]


@functools.cache
def _default_config() -> Config:
    return Config()


def build_file(
    change: FileChange,
    language: str,
    config: Config | None = None,
    *,
    impact: Impact | None = None,
    date: dt.date | None = None,
) -> ReportFile:
    """Analyse, classify and narrate one change; ``impact`` is what still points at the file if the range
    removes or moves it (None: not known), ``date`` the report's date (for dated notices)."""
    facts = analysis_stage.analyse(change)
    if impact is not None:
        facts.impact = impact
    result = classify_stage.classify(change, facts, (config or _default_config()).classifier, date=date)
    title, explanation = narrate.describe_file(change, facts, result, language)
    return ReportFile(
        path=change.path,
        old_path=change.old_path,
        status=change.status,
        additions=change.additions,
        deletions=change.deletions,
        changes=change.changes,
        binary=change.binary,
        anchor=change.anchor,
        label=result.label,
        title=title,
        explanation=explanation,
        patch=change.patch,
        patch_truncated=change.patch_truncated,
        rules=result.rules,
        analysis=facts,
    )


def range_impacts(git_dir: str | Path, head: str, changes: Iterable[FileChange]) -> dict[str, Impact]:
    """What the head commit still points at, for every path the range removes or moves (one pass over the
    head tree for all of them), keyed by that path."""
    targets = impact_pass.targets_of(changes)
    if not targets:
        return {}
    grep, root_texts = head_references(git_dir, head)
    return impact_pass.find(targets, grep, root_texts)


def impact_of(change: FileChange, impacts: dict[str, Impact]) -> Impact | None:
    """The impact of a removed file, or of the old path of a moved one."""
    key = change.old_path if change.status is Status.RENAMED else change.path
    return impacts.get(key) if key else None


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 300


def build_files(
    changes: Iterable[FileChange],
    language: str,
    config: Config | None = None,
    *,
    repo_path: str | Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    impacts: dict[str, Impact] | None = None,
    date: dt.date | None = None,
) -> list[ReportFile]:
    """Build every file, in input order, each removed or moved one with its entry of ``impacts``.

    With ``jobs`` > 1 and a ``repo_path``, a large range is built in that many worker processes (each with
    its own repository handle). The library default is one process: spawning workers re-imports the
    caller's main module, which a script without an ``if __name__ == "__main__"`` guard cannot survive.
    """
    items = list(changes)
    found = impacts or {}
    workers = min(jobs or 1, 8)
    done = progress or _no_progress
    done(0, len(items))
    if repo_path is None or workers <= 1 or len(items) < PARALLEL_MIN_FILES:
        built = []
        for change in items:
            built.append(build_file(change, language, config, impact=impact_of(change, found), date=date))
            done(len(built), len(items))
        return built
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # blobs are read by each worker
    payload = [(change.with_loader(None), impact_of(change, found)) for change in items]
    chunksize = max(8, len(items) // (workers * 8))
    log.debug("building %d files in %d processes", len(items), workers)
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(str(repo_path), language, config, date),
    ) as pool:
        built = []
        for item in pool.map(_build_in_worker, payload, chunksize=chunksize):
            built.append(item)
            done(len(built), len(items))
        return built


def _no_progress(done: int, total: int) -> None:
    """The default progress callback: nobody listens."""


Grouping = Callable[[list[FileChange]], dict[str, list[FileChange]]]


def build_groups(
    repo_path: str | Path,
    base: str,
    head: str,
    group: Grouping,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    language: str = "en",
    config: Config | None = None,
    jobs: int | None = None,
    date: dt.date | None = None,
) -> dict[str, list[ReportFile]]:
    """Read ``base..head`` once, find what its removals and moves leave pointing at them (once for the
    range), split its changes with ``group``, and build every group's files (a large group in ``jobs``
    worker processes, as :func:`compare` does); groups keep ``group``'s order."""
    with GitRepo(repo_path) as repo:
        changes = pair_moves(list(repo.changes(base, head, include, exclude)), repo.diff_blobs)
        impacts = range_impacts(repo.git_dir, head, changes)  # a paired move's old path is a target too
        return {
            name: build_files(
                members, language, config, repo_path=repo.git_dir, jobs=jobs, impacts=impacts, date=date
            )
            for name, members in group(changes).items()
        }


_WORKER: dict[str, Any] = {}


def _init_worker(repo_path: str, language: str, config: Config | None, date: dt.date | None) -> None:
    _WORKER.update(repo=GitRepo(repo_path), language=language, config=config, date=date)


def _build_in_worker(item: tuple[FileChange, Impact | None]) -> ReportFile:
    change, impact = item
    repo: GitRepo = _WORKER["repo"]
    return build_file(
        change.with_loader(repo.blob),
        _WORKER["language"],
        _WORKER["config"],
        impact=impact,
        date=_WORKER["date"],
    )


def default_title(category: str | None) -> str:
    return f"Diff Insight Report - {category}" if category else "Diff Insight Report"


def assemble_report(
    files: list[ReportFile],
    *,
    base: str,
    head: str,
    language: str = "en",
    date: dt.date | None = None,
    title: str | None = None,
    category: str | None = None,
    remote: str | None = None,
    repository: str | None = None,
) -> Report:
    """Put files and report-level texts together; nothing here touches git."""
    link = permalink_for(remote, base, head)
    text = narrate.describe_report(files, language)
    return Report(
        title=title or default_title(category),
        date=(date or dt.date.today()).isoformat(),
        language=language,
        category=category,
        repository=repository,
        base=base,
        head=head,
        permalink=link.url if link else None,
        host=link.host if link else None,
        files=files,
        **text.model_dump(),
    )


def remote_cache(config: Config, name: str, url: str) -> Path:
    """The bare clone of ``url`` kept for ``name`` under ``[report] cache`` (relative to the config file),
    else under the user's cache folder."""
    if not config.report.cache:
        root = vcs_remote.default_cache_root()
    else:
        root = Path(config.report.cache).expanduser()
        if not root.is_absolute():
            root = config.base_dir() / root
    return vcs_remote.cache_path(root, name, url)


def head_date(repo: GitRepo, head: str, timezone: str) -> dt.date:
    """The day ``head`` was committed, in ``timezone`` (``[report] timezone``): a report's default date."""
    from zoneinfo import ZoneInfo

    return repo.commit_time(head).astimezone(ZoneInfo(timezone)).date()


def compare(opts: CompareOptions) -> Report:
    """Build the report of a commit range of a local repository."""
    language = check_language(opts.language)
    location, remote_url = opts.repo, None
    if vcs_remote.is_url(opts.repo):  # a URL: a bare mirror in the cache, cloned once, fetched after
        remote_url = opts.repo
        cache = remote_cache(opts.config, "compare", opts.repo)
        said = opts.progress
        location = str(vcs_remote.mirror(opts.repo, cache, progress=said and (lambda step: said(step, 0, 0))))
    with GitRepo(location) as repo:
        rng = repo.resolve_range(opts.range)
        changes = pair_moves(read_range(repo, rng, opts.include, opts.exclude), repo.diff_blobs)
        date = opts.date or head_date(repo, rng.head, opts.config.report.timezone)
        files = build_files(
            changes,
            language,
            opts.config,
            repo_path=repo.git_dir,
            jobs=opts.jobs,
            progress=opts.progress and functools.partial(opts.progress, "analysing files"),
            impacts=range_impacts(repo.git_dir, rng.head, changes),  # a paired move's old path too
            date=date,  # the report's date, for dated notices
        )
        remote = remote_url or repo.remote_url()
    return assemble_report(
        files,
        base=rng.base,
        head=rng.head,
        language=language,
        date=date,
        title=opts.title,
        category=opts.category,
        remote=remote,
        repository=public_url(remote),
    )
