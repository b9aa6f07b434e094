"""Worker processes that build report files while the parent is still reading the range.

The parent hands files over one at a time (:meth:`Workers.submit`); they leave in small chunks as soon
as a chunk is full, so the workers start on the first files while git still streams the rest. A change
crosses without its blob reader (each worker reads blobs through its own repository handle) and the
file comes back as JSON text, which decodes several times faster than a pickled model, without its
patch and its impact: the parent holds both and puts them back, so neither crosses twice.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .change import FileChange
from .errors import DiffreportError
from .settings import Config
from .vcs import GitRepo

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from .models import Impact, ReportFile

log = logging.getLogger(__name__)

Build = Callable[..., "ReportFile"]
"""``build(change, language, config, *, impact, date)``: :func:`diffreport.pipeline.build_file`."""

# Files per task: small enough that two workers finish together, large enough that a task's own cost
# (a pickle and a pipe round trip, ~0.2 ms) stays below a few percent of its files' (~3 ms each).
CHUNK = 8

_Item = tuple[int, FileChange, "Impact | None"]


class Workers:
    """``count`` worker processes, started with the first chunk; results come back in submission order."""

    def __init__(
        self,
        count: int,
        build: Build,
        repo_path: str,
        language: str,
        config: Config | None,
        date: dt.date | None,
    ) -> None:
        self._count = count
        self._setup = (build, repo_path, language, config, date)
        self._pool: ProcessPoolExecutor | None = None
        self._batch: list[_Item] = []
        self._tasks: list[tuple[list[_Item], Future[list[str | bytes]]]] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, key: int, change: FileChange, impact: Impact | None) -> None:
        """Build ``change`` (with ``impact``, see :func:`diffreport.pipeline.impact_of`) under ``key``."""
        self._batch.append((key, change, impact))
        if len(self._batch) >= CHUNK:
            self._send()

    def results(self) -> Iterator[tuple[int, ReportFile]]:
        """``(key, file)`` of everything submitted, in submission order, as the workers finish."""
        import pickle  # with the workers only: a run with nothing new imports none of this

        from .models import ReportFile

        self._send()
        tasks, self._tasks = self._tasks, []
        tasks.reverse()
        while tasks:
            batch, future = tasks.pop()
            for (key, change, impact), sent in zip(batch, future.result(), strict=True):
                file = ReportFile.model_validate_json(sent) if isinstance(sent, str) else pickle.loads(sent)
                file.patch = change.patch
                if impact is not None and file.analysis is not None:
                    file.analysis.impact = impact
                yield key, file

    def close(self) -> None:
        """Stop the workers (dropping whatever they have not started)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _send(self) -> None:
        if not self._batch:
            return
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor  # imported by a range that uses workers only

            log.debug("building in %d processes", self._count)
            self._pool = ProcessPoolExecutor(
                self._count, mp_context=process_context(), initializer=_init_worker, initargs=self._setup
            )
        batch, self._batch = self._batch, []
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


def _init_worker(
    build: Build, repo_path: str, language: str, config: Config | None, date: dt.date | None
) -> None:
    _WORKER.update(build=build, repo=GitRepo(repo_path), language=language, config=config, date=date)


def _build_chunk(items: list[tuple[FileChange, Impact | None]]) -> list[str | bytes]:
    """Build each file and send it back as JSON text (pickled if some text cannot be JSON), without
    the patch and the impact the parent already has."""
    import pickle

    from pydantic_core import PydanticSerializationError

    repo: GitRepo = _WORKER["repo"]
    out: list[str | bytes] = []
    changes = with_blobs([change for change, _ in items], repo)
    for change, (_, impact) in zip(changes, items, strict=True):
        file = _WORKER["build"](
            change,
            _WORKER["language"],
            _WORKER["config"],
            impact=impact,
            date=_WORKER["date"],
        )
        file.patch = ""
        if file.analysis is not None:
            file.analysis.impact = None
        try:
            out.append(file.model_dump_json())
        except PydanticSerializationError:  # e.g. a lone surrogate: pickle keeps any text
            out.append(pickle.dumps(file))
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
