"""The stages of a compare overlap: git lists the paths first, the impact search starts then, and worker
processes build files while git still streams the rest; the report stays the serial one."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import GitRepoFactory

from diffreport import pipeline, workers
from diffreport.change import FileChange, Status
from diffreport.errors import GitError
from diffreport.vcs import GitRepo, refs
from diffreport.vcs import reader as vcs_reader
from diffreport.vcs._diffparse import patch_chunks


def pages_range(repo: GitRepoFactory, count: int) -> str:
    """``count`` edited pages, a removed page two of them link to, and a page moved and rewritten (a
    deleted and an added page that only the move pairing joins)."""
    repo.write("docs/gone.md", "# Gone\n\nOld text.\n")
    sections = ("Alpha", "Beta", "Gamma", "Delta")
    repo.write(
        "docs/moved.md", "# Moved page\n\n" + "".join(f"## {s}\n\n{'old words ' * 40}\n\n" for s in sections)
    )
    for i in range(count):
        repo.write(f"docs/p{i}.md", f"# P{i}\n\n## Use\n\ntext {i}\n")
    base = repo.commit("base")
    repo.remove("docs/gone.md")
    repo.remove("docs/moved.md")
    repo.write(
        "docs/z/place.md",
        "# Moved page\n\n" + "".join(f"## {s}\n\n{'new text ' * 40}\n\n" for s in sections),
    )
    for i in range(count):
        link = " See [gone](gone.md)." if i < 2 else ""
        repo.write(f"docs/p{i}.md", f"# P{i}\n\n## Use\n\ntext {i}, edited.{link}\n")
    return f"{base}..{repo.commit('head')}"


def test_git_lists_every_path_before_the_first_change(git_repo: GitRepoFactory) -> None:
    rng = pages_range(git_repo, 3)
    events: list[Any] = []
    with GitRepo(git_repo.path) as repo:
        base, head = rng.split("..")
        for change in repo.changes(base, head, listed=lambda entries: events.append(entries)):
            events.append(change.path)
    listing = events[0]
    assert [entry.path for entry in listing] == events[1:]  # all of them, first, in git's order
    assert all(entry.patch == "" and entry.changes == 0 for entry in listing)
    assert {entry.path: entry.status for entry in listing}["docs/gone.md"] is Status.DELETED


class _Trickle(io.RawIOBase):
    """A pipe that hands over a few bytes per read."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read(self, n: int = -1) -> bytes:
        out, self.data = self.data[: self.size], self.data[self.size :]
        return out


@pytest.mark.parametrize("size", [1, 7, 64, 1 << 20])
def test_patch_blocks_are_cut_the_same_however_the_pipe_delivers(size: int) -> None:
    blocks = [f"diff --git a/f{i} b/f{i}\n@@ -1 +1 @@\n-x{i}\n+y{i}\n".encode() for i in range(40)]
    data = b"".join(blocks)
    assert list(patch_chunks(data[:5], _Trickle(data[5:], size))) == blocks  # type: ignore[arg-type]


def _spy_grep(monkeypatch: pytest.MonkeyPatch) -> list[frozenset[str]]:
    started: list[frozenset[str]] = []

    class Spy(refs.Grep):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            started.append(self.needles)

    def no_second_grep(*args: object) -> Iterator[refs.GrepHit]:
        raise AssertionError("the head tree was searched twice")

    monkeypatch.setattr(pipeline, "Grep", Spy)
    monkeypatch.setattr(refs, "grep_fixed", no_second_grep)
    return started


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_impact_search_starts_once_when_git_lists_the_paths(
    git_repo: GitRepoFactory, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    rng = pages_range(git_repo, 6)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 4)
    started = _spy_grep(monkeypatch)
    report = pipeline.compare(pipeline.CompareOptions(range=rng, repo=str(git_repo.path), jobs=jobs))
    assert len(started) == 1
    assert {"gone.md", "moved.md"} <= started[0]  # both removals, before pairing joined one to a move
    files = {f.path: f for f in report.files}
    gone = files["docs/gone.md"].analysis
    assert gone is not None
    assert gone.impact is not None
    assert gone.impact.referring_files == ["docs/p0.md", "docs/p1.md"]


def test_workers_start_while_git_still_streams_and_rebuild_what_pairing_changed(
    git_repo: GitRepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = pages_range(git_repo, 12)
    opts = {"range": rng, "repo": str(git_repo.path), "date": None}
    serial = pipeline.compare(pipeline.CompareOptions(**opts, jobs=1))

    events: list[tuple[str, str]] = []
    real_changes = vcs_reader.GitRepo.changes

    def changes(self: GitRepo, *args: Any, **kwargs: Any) -> Iterator[FileChange]:
        yield from real_changes(self, *args, **kwargs)
        events.append(("git done", ""))

    class Spy(pipeline.Workers):
        def submit(self, key: int, change: FileChange, impact: Any) -> None:
            events.append(("submit", f"{change.status} {change.path}"))
            super().submit(key, change, impact)

        def _send(self) -> None:
            events.append(("task", ""))
            super()._send()

    monkeypatch.setattr(vcs_reader.GitRepo, "changes", changes)
    monkeypatch.setattr(pipeline, "Workers", Spy)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 4)
    monkeypatch.setattr(workers, "TASK_FILES", 4)
    parallel = pipeline.compare(pipeline.CompareOptions(**opts, jobs=2))

    assert parallel.model_dump() == serial.model_dump()
    moved = next(f for f in parallel.files if f.path == "docs/z/place.md")
    assert (moved.status, moved.old_path) == (Status.RENAMED, "docs/moved.md")
    done = events.index(("git done", ""))
    assert ("task", "") in events[:done]  # the workers had files before git was done
    submitted = [what for event, what in events[:done] if event == "submit"]
    assert "added docs/z/place.md" in submitted  # built early as an added page ...
    after = [what for event, what in events[done:] if event == "submit"]
    # ... and again once paired into a move. Removals wait for their impact, not for pairing: the one that
    # pairing joins to a move was built for nothing. Edited pages are not redone.
    assert after == ["deleted docs/gone.md", "deleted docs/moved.md", "renamed docs/z/place.md"]


@pytest.mark.parametrize(("files", "size", "most"), [(3, 1 << 20, 3), (32, 1, 1)])
def test_a_task_closes_at_its_number_of_files_or_of_patch_bytes(
    git_repo: GitRepoFactory, monkeypatch: pytest.MonkeyPatch, files: int, size: int, most: int
) -> None:
    rng = pages_range(git_repo, 12)
    opts = {"range": rng, "repo": str(git_repo.path), "date": None}
    tasks: list[int] = []

    class Spy(pipeline.Workers):
        def _send(self) -> None:
            tasks.append(len(self._batch))
            super()._send()

    monkeypatch.setattr(pipeline, "Workers", Spy)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 4)
    monkeypatch.setattr(workers, "TASK_FILES", files)
    monkeypatch.setattr(workers, "TASK_BYTES", size)
    parallel = pipeline.compare(pipeline.CompareOptions(**opts, jobs=2))
    assert parallel.model_dump() == pipeline.compare(pipeline.CompareOptions(**opts, jobs=1)).model_dump()
    sent = [n for n in tasks if n]
    assert max(sent) == most  # 3 files a task, or 1 when each file's patch is past the bytes a task holds
    # every file but the first (built in this process): 11 pages, the added page, 2 removals, the move
    assert sum(sent) == 15


def test_a_started_search_reports_git_failures_and_cleans_up(
    git_repo: GitRepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_repo.write("docs/a.md", "see gone.md\n")
    head = git_repo.commit("one")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    search = refs.Grep(git_repo.path, head, ["gone.md", "", "a\nb"])
    assert search.needles == {"gone.md"}
    assert [(hit.path, hit.line) for hit in search.hits()] == [("docs/a.md", 1)]
    search.close()
    broken = refs.Grep(git_repo.path, "0" * 40, ["gone.md"])
    with pytest.raises(GitError):
        list(broken.hits())
    broken.close()
    assert list(scratch.iterdir()) == []  # no pattern file left behind
    assert list(refs.Grep(git_repo.path, head, []).hits()) == []


def test_the_search_does_not_read_files_named_as_images_or_archives(git_repo: GitRepoFactory) -> None:
    # ``-I`` would skip them anyway, but only after git inflated each; named so, they are not read at all
    for name in ("a.md", "b.svg", "c.png", "d.PNG", "deep/e.zip", "f.woff2", "g.png.md"):
        git_repo.write(f"docs/{name}", "see gone.md\n")
    head = git_repo.commit("one")
    found = sorted(hit.path for hit in refs.grep_fixed(git_repo.path, head, ["gone.md"]))
    assert found == ["docs/a.md", "docs/b.svg", "docs/g.png.md"]
