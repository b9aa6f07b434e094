"""The library API: read a range, analyse, classify, narrate, assemble a :class:`Report`.

``diffreport compare`` is :func:`compare_spooled` followed by a renderer (:func:`compare` gives the same
report with every file in memory); ``diffreport run`` keeps its clones in :func:`remote_cache`, reads a range
once and builds it per category with :func:`build_groups` (in worker processes for a large category, as
compare does), then calls :func:`assemble_spooled` (:mod:`diffreport.assembly`) per category.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .assembly import assemble_report, assemble_spooled, default_title
from .change import FileChange, Status
from .errors import EmptyRangeError
from .i18n import check_language
from .permalink import public_url
from .settings import Config
from .spool import Built, FileSpool, SpooledReport
from .vcs import GitRepo
from .vcs import remote as vcs_remote
from .vcs.refs import Grep, head_references
from .workers import Here, Recipe, Workers

if TYPE_CHECKING:
    from .analysis.document import Document
    from .models import Impact, Report, ReportFile

log = logging.getLogger(__name__)

__all__ = [
    "PARALLEL_MIN_FILES",
    "CompareOptions",
    "assemble_report",
    "assemble_spooled",
    "build_file",
    "build_groups",
    "compare",
    "compare_spooled",
    "default_title",
    "head_date",
    "impact_of",
    "range_impacts",
    "remote_cache",
]


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
    page: Callable[[Document], None] | None = None,
) -> ReportFile:
    """Analyse, classify and narrate one change; ``impact`` is what still points at the file if the range
    removes or moves it (None: not known), ``date`` the report's date (for dated notices); ``page`` hears
    the structure of an added or deleted Markdown page (see :func:`diffreport.analysis.analyse`)."""
    # The stages are imported with the first file, so the API (and every command) starts without them.
    from . import analysis, classify, narrate
    from .models import ReportFile

    facts = analysis.analyse(change, page=page)
    if impact is not None:
        facts.impact = impact
    result = classify.classify(change, facts, (config or _default_config()).classifier, date=date)
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


def range_impacts(
    git_dir: str | Path,
    head: str,
    changes: Iterable[FileChange],
    *,
    started: Grep | None = None,
    read_blob: Callable[[str], bytes] | None = None,
) -> dict[str, Impact]:
    """What the head commit still points at, for every path the range removes or moves (one pass over the
    head tree for all of them, the ``started`` one if it searches for them all), keyed by that path;
    ``read_blob`` reads the head's redirection files (see :func:`diffreport.vcs.refs.root_files`)."""
    from .analysis import impact as impact_pass

    targets = impact_pass.targets_of(changes)
    if not targets:
        return {}
    grep, root_texts = head_references(git_dir, head, started, read_blob)
    return impact_pass.find(targets, grep, root_texts)


def impact_of(change: FileChange, impacts: dict[str, Impact]) -> Impact | None:
    """The impact of a removed file, or of the old path of a moved one."""
    key = change.old_path if change.status is Status.RENAMED else change.path
    return impacts.get(key) if key else None


# Below this many files, workers cost more than they save: a fork pool adds ~0.06-0.1 s of CPU (fork, each
# worker's git processes) to ~1-3 ms a file, and a busy 2-core machine gains little wall time from it.
PARALLEL_MIN_FILES = 150


Selection = Callable[[list[FileChange]], list[FileChange]]


def _build_range(
    repo: GitRepo,
    base: str,
    head: str,
    select: Selection,
    spool: FileSpool,
    *,
    include: Sequence[str],
    exclude: Sequence[str],
    language: str,
    config: Config | None,
    jobs: int | None,
    date: dt.date | None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, list[Built]]:
    """Read ``base..head``, pair its moves, find their impacts, and build the changes ``select`` picks
    from all of them (in its order) into ``spool``; returns how many changes the range has and the files
    built (nothing else of the range is kept).

    The stages overlap: the ``git grep`` for the impacts starts as soon as git has listed the paths
    (before any patch is read), every file that needs no impact (all but removals and moves) is built
    while the rest still streams in — in this process, or, on a range of at least
    :data:`PARALLEL_MIN_FILES` files, in worker processes — and the removals and moves once their impacts
    are known, while the builders still work. A change is let go of its patch once built, so a range never
    holds its patches. When the range may pair moves, a removed page is outlined from its patch as it
    comes and an added one by its builder (from what its analysis read), and pairing waits for them. A
    file whose change pairing or ``select`` turns out different is built again; the others are reused
    (``select`` may leave some out, and a removal paired into a move is gone: they were built for
    nothing). The stages are imported once git runs, so that it starts at once.
    """
    searches: list[Grep] = []
    listing: list[int] = []
    pairing: list[bool] = []
    count = min(jobs or 1, 8)
    told = [0, 0]  # files built, and of how many, as last told to ``progress``

    def tell(done: int, total: int) -> None:
        if progress is not None and [done, total] != told:
            told[:] = done, total
            progress(done, total)

    def took(items: Iterable[tuple[int, Built]]) -> None:
        for key, file in items:
            built[key] = file
            tell(told[0] + 1, max(told[0] + 1, listing[0]))

    with contextlib.ExitStack() as stack:

        def listed(entries: list[FileChange]) -> None:
            from .analysis import impact as impact_pass
            from .moves import may_pair

            listing.append(len(entries))
            pairing.append(may_pair(entries))
            targets = impact_pass.targets_of(entries)
            if targets:  # a paired move's old path is a removal: pairing adds no target
                grep = Grep(repo.git_dir, head, impact_pass.needles(targets))
                searches.append(stack.enter_context(contextlib.closing(grep)))

        stream = stack.enter_context(
            contextlib.closing(repo.changes(base, head, include, exclude, listed=listed))
        )
        first = next(stream, None)  # git has listed every path by now
        from .moves import Outline, page_outline, pair_moves

        tell(0, listing[0] if listing else 0)
        may_pair_moves = bool(pairing and pairing[0])
        recipe = Recipe(build_file, language, config, date, outlines=may_pair_moves)
        here = Here(recipe, repo, spool)
        builder: Here | Workers = here
        if count > 1 and listing and listing[0] >= PARALLEL_MIN_FILES:
            builder = stack.enter_context(Workers(count, recipe, str(repo.git_dir), spool))
        changes: list[FileChange] = []
        outlines: dict[str, Outline | None] = {}  # of the pages pairing compares, by path
        keys = itertools.count()
        # built before pairing: path -> (the change as it is kept, its key, the impact it was built with)
        early: dict[str, tuple[FileChange, int, Impact | None]] = {}
        built: dict[int, Built] = {}
        for change in itertools.chain([first] if first else [], stream):
            if change.status in (Status.DELETED, Status.RENAMED):
                if may_pair_moves and change.status == Status.DELETED:
                    outlines[change.path] = page_outline(change)
                changes.append(change)  # removals and moves wait for their impacts
                continue
            key = next(keys)
            if key == 0:  # built here at once: forked workers then inherit every stage imported and warmed up
                here.submit(key, change, None)
                took(here.results())
            else:
                builder.submit(key, change, None)
            early[change.path] = (replace(change, patch=""), key, None)  # its patch is with the builder now
            changes.append(early[change.path][0])
            took(builder.done())
        # while the builders work: what the head still points at (pairing a removal into a move does not
        # change what was removed, so the listing's targets are the paired range's)
        started = searches[0] if searches else None
        impacts = range_impacts(repo.git_dir, head, changes, started=started, read_blob=repo.blob)
        for n, change in enumerate(changes):  # the removals and moves too, before pairing waits on the others
            if change.status in (Status.DELETED, Status.RENAMED):  # (a removal paired into a move is redone)
                key, impact = next(keys), impact_of(change, impacts)
                builder.submit(key, change, impact)
                early[change.path] = (replace(change, patch=""), key, impact)
                changes[n] = early[change.path][0]
        if may_pair_moves:  # an added page's outline comes with it, from the structure its analysis read
            took(builder.results())
            outlines.update(
                (path, built[key].outline)
                for path, (kept, key, _) in early.items()
                if kept.status == Status.ADDED
            )
        changes = pair_moves(changes, repo.diff_blobs, outlines)
        chosen = select(changes)
        wanted: list[int] = []
        for change in chosen:
            impact = impact_of(change, impacts)
            same = early.get(change.path)
            if same is not None and same[0] is change and same[2] is impact:
                wanted.append(same[1])
            else:
                wanted.append(next(keys))
                builder.submit(wanted[-1], change, impact)
        took(builder.results())
        tell(len(chosen), len(chosen))  # fewer than listed when pages were paired (or some not chosen)
        return len(changes), [built.pop(key) for key in wanted]


Grouping = Callable[[list[FileChange]], dict[str, list[FileChange]]]


def build_groups(
    repo_path: str | Path | GitRepo,
    base: str,
    head: str,
    group: Grouping,
    spool: FileSpool,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    language: str = "en",
    config: Config | None = None,
    jobs: int | None = None,
    date: dt.date | None = None,
) -> dict[str, list[Built]]:
    """Read ``base..head`` once, find what its removals and moves leave pointing at them (once for the
    range), split its changes with ``group``, and build the files of every group together into ``spool``
    (a large range in ``jobs`` worker processes, as :func:`compare` does); groups keep ``group``'s order.
    ``repo_path`` may be a repository already open (a run's days read through one), which stays open."""
    groups: dict[str, list[FileChange]] = {}

    def members(changes: list[FileChange]) -> list[FileChange]:
        groups.update(group(changes))
        return [change for grouped in groups.values() for change in grouped]

    opened = contextlib.nullcontext(repo_path) if isinstance(repo_path, GitRepo) else GitRepo(repo_path)
    with opened as repo:
        _, files = _build_range(
            repo,
            base,
            head,
            members,
            spool,
            include=include,
            exclude=exclude,
            language=language,
            config=config,
            jobs=jobs,
            date=date,
        )
    built = iter(files)
    return {name: list(itertools.islice(built, len(grouped))) for name, grouped in groups.items()}


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
    """Build the report of a commit range of a local repository, every file in memory."""
    spooled = compare_spooled(opts)
    try:
        return spooled.whole()
    finally:
        spooled.spool.close()


def compare_spooled(opts: CompareOptions) -> SpooledReport:
    """:func:`compare`'s report with its files waiting on disk (its light forms in memory): what a range of
    any size can hold. The caller closes its spool."""
    language = check_language(opts.language)
    location, remote_url = opts.repo, None
    if vcs_remote.is_url(opts.repo):  # a URL: a bare mirror in the cache, cloned once, fetched after
        remote_url = opts.repo
        cache = remote_cache(opts.config, "compare", opts.repo)
        said = opts.progress
        location = str(vcs_remote.mirror(opts.repo, cache, progress=said and (lambda step: said(step, 0, 0))))
    spool = FileSpool()
    try:
        with GitRepo(location) as repo:
            rng = repo.resolve_range(opts.range)
            date = opts.date or head_date(repo, rng.head, opts.config.report.timezone)
            found, files = _build_range(
                repo,
                rng.base,
                rng.head,
                list,  # every change, paired into moves: the impacts need every removal
                spool,
                include=opts.include,
                exclude=opts.exclude,
                language=language,
                config=opts.config,
                jobs=opts.jobs,
                date=date,  # the report's date, for dated notices
                progress=opts.progress and functools.partial(opts.progress, "analysing files"),
            )
            if not found:
                raise EmptyRangeError(f"no matching changes in {rng.spec} ({rng.base[:7]}..{rng.head[:7]})")
            remote = remote_url or repo.remote_url()
        return assemble_spooled(
            files,
            spool,
            base=rng.base,
            head=rng.head,
            language=language,
            date=date,
            title=opts.title,
            category=opts.category,
            remote=remote,
            repository=public_url(remote),
        )
    except BaseException:
        spool.close()
        raise
