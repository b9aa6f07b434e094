"""Building report files while the range is still being read: in this process, or in worker processes.

The caller hands files over one at a time (``submit``) and takes what is built as it comes (``done``, which
never waits) and at the end (``results``). Files are built a chunk at a time, so that the blobs a chunk's
analysis reads are asked of git together (:func:`with_blobs`). Each built file goes straight into the
range's :class:`~diffreport.spool.FileSpool`; only its light form is kept (:class:`~diffreport.spool.Built`).

:class:`Workers` sends files to processes a task at a time (many small files or a few large ones, see
:data:`TASK_FILES`) as soon as a task is full, so the workers start on the first files while git still
streams the rest. A change crosses without its blob reader (each worker reads blobs through its own
repository handle); the file comes back as the spool's text of it, which the parent stores as it is, and
its light form, pickled (small plain data).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .change import FileChange, Status
from .errors import DiffreportError
from .settings import Config
from .spool import Built, FileSpool, entry_of, light, spooled
from .vcs import GitRepo

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from .analysis.document import Document
    from .models import Impact, ReportFile
    from .moves import Outline

log = logging.getLogger(__name__)

Build = Callable[..., "ReportFile"]
"""``build(change, language, config, *, impact, date, page)``: :func:`diffreport.pipeline.build_file`."""

# Files whose blobs are asked of git together, and that this process builds together.
CHUNK = 8
# A worker's task: at most TASK_FILES files, fewer once they hold TASK_BYTES of patch. Small files go many to
# a task, so that a task's own cost (its pickles, the pool's threads, a pipe round trip: ~0.5 ms of CPU
# between the two processes) stays a few percent of its files' (~0.3-3 ms each); large ones go few to a
# task, so that the workers finish together.
TASK_FILES = 32
TASK_BYTES = 256 * 1024

_Item = tuple[int, FileChange, "Impact | None"]


@dataclass(frozen=True)
class Recipe:
    """How every file of a range is built: the build function, its settings, and whether an added
    Markdown page is outlined too (for a range that may pair moves, see :mod:`diffreport.moves`)."""

    build: Build
    language: str
    config: Config | None
    date: dt.date | None
    outlines: bool = False

    def make(self, change: FileChange, impact: Impact | None) -> tuple[ReportFile, Outline | None]:
        """The file, and the outline of an added page (from the structure its analysis read)."""
        if not self.outlines or change.status != Status.ADDED:
            return self.build(change, self.language, self.config, impact=impact, date=self.date), None
        from .moves import is_page, outline_of, page_outline

        seen: list[Document] = []
        file = self.build(change, self.language, self.config, impact=impact, date=self.date, page=seen.append)
        if not is_page(change):
            return file, None
        return file, outline_of(seen[0]) if seen else page_outline(change)


class Here:
    """Builds in this process, a chunk at a time."""

    def __init__(self, recipe: Recipe, repo: GitRepo, spool: FileSpool) -> None:
        self._recipe, self._repo, self._spool = recipe, repo, spool
        self._pending: list[_Item] = []
        self._done: list[tuple[int, Built]] = []

    def submit(self, key: int, change: FileChange, impact: Impact | None) -> None:
        self._pending.append((key, change, impact))
        if len(self._pending) >= CHUNK:
            self._run()

    def done(self) -> Iterator[tuple[int, Built]]:
        """``(key, built)`` of the files built so far (each once)."""
        done, self._done = self._done, []
        return iter(done)

    def results(self) -> Iterator[tuple[int, Built]]:
        """``(key, built)`` of everything submitted and not taken yet."""
        self._run()
        return self.done()

    def _run(self) -> None:
        pending, self._pending = self._pending, []
        changes = with_blobs([change for _, change, _ in pending], self._repo)
        for (key, _, impact), change in zip(pending, changes, strict=True):
            file, outline = self._recipe.make(change, impact)
            self._done.append((key, spooled(self._spool, file, outline)))


class Workers:
    """``count`` worker processes, started with the first chunk; results come back in submission order."""

    def __init__(self, count: int, recipe: Recipe, repo_path: str, spool: FileSpool) -> None:
        self._count = count
        self._spool = spool
        self._setup = (recipe, repo_path)
        self._pool: ProcessPoolExecutor | None = None
        self._batch: list[_Item] = []
        self._batch_bytes = 0  # of patch in the batch
        self._tasks: list[tuple[list[_Item], Future[list[tuple[str | bytes, bytes]]]]] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, key: int, change: FileChange, impact: Impact | None) -> None:
        """Build ``change`` (with ``impact``, see :func:`diffreport.pipeline.impact_of`) under ``key``."""
        self._batch.append((key, change, impact))
        self._batch_bytes += len(change.patch)
        if len(self._batch) >= TASK_FILES or self._batch_bytes >= TASK_BYTES:
            self._send()

    def done(self) -> Iterator[tuple[int, Built]]:
        """``(key, built)`` of the chunks the workers have finished, in submission order, without waiting."""
        while self._tasks and self._tasks[0][1].done():
            yield from self._take()

    def results(self) -> Iterator[tuple[int, Built]]:
        """``(key, built)`` of everything submitted and not taken yet, in submission order, as the workers
        finish."""
        self._send()
        while self._tasks:
            yield from self._take()

    def close(self) -> None:
        """Stop the workers (dropping whatever they have not started)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _take(self) -> Iterator[tuple[int, Built]]:
        import pickle  # with the workers only: a run with nothing new imports none of this

        batch, future = self._tasks.pop(0)
        for (key, _, _), (entry, kept) in zip(batch, future.result(), strict=True):
            light_file, outline = pickle.loads(kept)
            yield key, Built(light_file, self._spool.add(entry), outline)

    def _send(self) -> None:
        if not self._batch:
            return
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor  # imported by a range that uses workers only

            log.debug("building in %d processes", self._count)
            self._pool = ProcessPoolExecutor(
                self._count, mp_context=process_context(), initializer=_init_worker, initargs=self._setup
            )
        batch, self._batch, self._batch_bytes = self._batch, [], 0
        payload = [(change.with_loader(None), impact) for _, change, impact in batch]
        self._tasks.append((batch, self._pool.submit(_build_chunk, payload)))


def process_context() -> multiprocessing.context.BaseContext:
    """How workers start: ``fork`` when this process runs no other thread (a worker starts in
    milliseconds, with everything already imported), else ``forkserver`` (one clean process imports the
    stages once and forks the workers), else ``spawn`` (each worker imports everything again)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        preload = ["pipeline", "analysis", "narrate", "workers"]
        context.set_forkserver_preload([f"{__package__}.{name}" for name in preload])
        return context
    return multiprocessing.get_context("spawn")


_WORKER: dict[str, Any] = {}


def _init_worker(recipe: Recipe, repo_path: str) -> None:
    _WORKER.update(recipe=recipe, repo=GitRepo(repo_path))


def _build_chunk(items: list[tuple[FileChange, Impact | None]]) -> list[tuple[str | bytes, bytes]]:
    """Build each file: the spool's entry of it, and its light form and outline, pickled."""
    import pickle

    recipe: Recipe = _WORKER["recipe"]
    out: list[tuple[str | bytes, bytes]] = []
    changes = with_blobs([change for change, _ in items], _WORKER["repo"])
    for change, (_, impact) in zip(changes, items, strict=True):
        file, outline = recipe.make(change, impact)
        out.append((entry_of(file), pickle.dumps((light(file), outline), pickle.HIGHEST_PROTOCOL)))
    return out


def with_blobs(changes: Iterable[FileChange], repo: GitRepo, size: int = CHUNK) -> Iterator[FileChange]:
    """``changes`` reading their blobs from ``repo``, ``size`` at a time: the blobs the analysis of a chunk
    will read are asked of git together, and only one chunk's blobs are held at a time."""
    stream = iter(changes)
    while chunk := list(itertools.islice(stream, size)):
        yield from _prefetched(chunk, repo)


def _prefetched(changes: list[FileChange], repo: GitRepo) -> list[FileChange]:
    from .analysis import blobs_read

    wanted = [sha for change in changes for sha in blobs_read(change)]
    try:
        found = repo.blobs(sha for sha in wanted if sha)
    except DiffreportError as exc:  # each blob is asked for again when needed, and its failure told then
        log.debug("cannot read blobs ahead: %s", exc)
        found = {}
    if not found:
        return [change.with_loader(repo.blob) for change in changes]

    def load(sha: str) -> bytes:
        data = found.get(sha)
        return repo.blob(sha) if data is None else data

    return [change.with_loader(load) for change in changes]
