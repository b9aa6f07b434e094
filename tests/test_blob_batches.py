"""Blobs read ahead in batches from real repositories: answers kept in step with what was asked, odd and
missing objects left to the one-at-a-time reader (and its error), big batches without a pipe deadlock."""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import GitRepoFactory

from diffreport.analysis import analyse
from diffreport.change import FileChange
from diffreport.errors import GitError
from diffreport.vcs import GitRepo
from diffreport.workers import with_blobs


def hash_objects(r: GitRepoFactory, contents: list[bytes]) -> list[str]:
    """Write each content as a blob of ``r`` (no commit); their ids, in order."""
    folder = r.path.parent / "objects-in"
    folder.mkdir(exist_ok=True)
    paths = []
    for i, content in enumerate(contents):
        path = folder / f"{i}.txt"
        path.write_bytes(content)
        paths.append(str(path))
    out = subprocess.run(
        ["git", "hash-object", "-w", "--stdin-paths"],
        cwd=r.path,
        input="\n".join(paths) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


class Recording(GitRepo):
    """A repository that notes every blob asked for, in batches and one at a time."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.batches: list[list[str]] = []
        self.single: list[str] = []

    def blobs(self, ids: Iterable[str], *, max_bytes: int = 1024 * 1024) -> dict[str, bytes]:
        asked = list(ids)
        self.batches.append(asked)
        return super().blobs(asked, max_bytes=max_bytes)

    def blob(self, sha: str) -> bytes:
        self.single.append(sha)
        return super().blob(sha)


def test_a_batch_gives_what_single_reads_give_and_leaves_out_what_git_cannot(
    git_repo: GitRepoFactory,
) -> None:
    r = git_repo
    r.write("docs/a.md", "# A\n")
    r.commit()
    ids = hash_objects(r, [b"one\n", b"", b"\x00binary\xff", b"no newline at the end"])
    tree = r.git("rev-parse", "HEAD^{tree}").strip()
    commit = r.git("rev-parse", "HEAD").strip()
    missing = "0123456789abcdef" * 2 + "01234567"
    with GitRepo(r.path) as repo:
        asked = [ids[0], tree, missing, ids[1], commit, "HEAD", ids[2], ids[0], ids[3]]
        got = repo.blobs(asked)
        assert got == {sha: repo.blob(sha) for sha in ids}
        assert got[ids[2]] == b"\x00binary\xff"
        with pytest.raises(GitError, match="missing"):
            repo.blob(missing)
        with pytest.raises(GitError, match="tree"):
            repo.blob(tree)  # git's answer is read whole: the next one is still in step
        assert repo.blob(ids[3]) == b"no newline at the end"


def test_blobs_over_the_cap_are_left_to_single_reads(git_repo: GitRepoFactory) -> None:
    big = b"x" * 300_000 + b"\n"
    ids = hash_objects(git_repo, [b"small\n", big, b"after\n"])
    with GitRepo(git_repo.path) as repo:
        got = repo.blobs(ids, max_bytes=100_000)
        assert got == {ids[0]: b"small\n", ids[2]: b"after\n"}
        assert repo.blob(ids[1]) == big


def test_a_batch_larger_than_a_pipe_holds_does_not_block(git_repo: GitRepoFactory) -> None:
    # 2,000 requests are ~82 KB and their answers ~4 MB: written all at once before reading, both
    # pipes would fill (git waiting for its answers to be read, this side for git to read requests).
    contents = [f"blob {i}\n".encode() + b"." * 2000 for i in range(2000)]
    ids = hash_objects(git_repo, contents)
    assert sum(len(sha) + 1 for sha in ids) > 64 * 1024
    result: dict[str, bytes] = {}
    with GitRepo(git_repo.path) as repo:
        reader = threading.Thread(target=lambda: result.update(repo.blobs(ids)), daemon=True)
        reader.start()
        reader.join(300)
        assert not reader.is_alive(), "git and the reader wait on each other"
        assert result == dict(zip(ids, contents, strict=True))
        assert repo.blob(ids[-1]) == contents[-1]


def test_sha256_blobs_are_read_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "repo"
    path.mkdir()
    subprocess.run(["git", "init", "-q", "--object-format=sha256", str(path)], check=True)
    r = GitRepoFactory.__new__(GitRepoFactory)
    r.path = path
    ids = hash_objects(r, [b"first\n", b"second\n"])
    assert all(len(sha) == 64 for sha in ids)
    with GitRepo(path) as repo:
        assert repo.blobs([*ids, "f" * 64]) == {ids[0]: b"first\n", ids[1]: b"second\n"}


def test_changes_are_served_their_blobs_from_one_batch(git_repo: GitRepoFactory) -> None:
    r = git_repo
    for name in ("a", "b", "c"):
        r.write(f"docs/{name}.md", f"# Page {name}\n\nold text\n")
    r.write("docs/toc.yml", "- name: A\n  href: a.md\n")
    r.write("media/pic.png", b"\x89PNG\r\n\x1a\n\x00" * 20)
    base = r.commit("base")
    for name in ("a", "b", "c"):
        r.write(f"docs/{name}.md", f"# Page {name}\n\nnew text\n")
    r.write("docs/added.md", "# Added\n")
    r.write("docs/toc.yml", "- name: A\n  href: a.md\n- name: B\n  href: b.md\n")
    r.write("media/pic.png", b"\x89PNG\r\n\x1a\n\x01" * 20)
    head = r.commit("head")
    with Recording(r.path) as repo:
        changes = {c.path: c for c in repo.changes(base, head, include=("*",))}
        served = {c.path: c for c in with_blobs(changes.values(), repo)}
        assert len(repo.batches) == 1  # five files: one chunk
        markdown = ("docs/a.md", "docs/b.md", "docs/c.md", "docs/added.md")
        wanted = {sha for path in markdown for sha in (changes[path].old_blob, changes[path].new_blob) if sha}
        wanted.add(changes["docs/toc.yml"].new_blob)  # YAML: only the new version, read with its patch
        assert set(repo.batches[0]) == wanted  # no image
        texts = {path: (change.old_text(), change.new_text()) for path, change in served.items()}
        assert all(sha not in wanted for sha in repo.single)  # served from the batch
        assert texts == {path: (change.old_text(), change.new_text()) for path, change in changes.items()}
        assert served["docs/b.md"].new_text() == "# Page b\n\nnew text\n"


def test_a_blob_git_cannot_give_still_falls_back_on_the_patch(
    git_repo: GitRepoFactory, caplog: pytest.LogCaptureFixture
) -> None:
    r = git_repo
    r.write("docs/a.md", "# A\n\n## Old\n\ntext\n")
    base = r.commit("base")
    r.write("docs/a.md", "# A\n\n## New\n\ntext\n")
    head = r.commit("head")
    with GitRepo(r.path) as repo:
        (real,) = repo.changes(base, head)
        broken = FileChange(**{**vars(real), "_loader": None, "new_blob": "e" * 40})
        (served,) = with_blobs([broken], repo)
        with pytest.raises(GitError, match="missing"):
            served.new_bytes()
        caplog.set_level(logging.WARNING)
        facts = analyse(served)
    assert facts.source == "patch"
    assert "cannot read docs/a.md from git" in caplog.text
