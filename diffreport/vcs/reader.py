"""Read the changes between two commits of a local repository.

One ``git diff --raw -p -z -M`` process gives, in one pass, every changed path (NUL-separated,
so any file name survives) followed by the patches in the same order. Patches are streamed and
cut per file; blobs are only read when a later stage asks for them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from ..errors import EmptyRangeError, GitError
from ..models import FileChange, Status
from ._cmd import DIFF_FLAGS, first_line, open_stream, run_git

log = logging.getLogger(__name__)

DEFAULT_INCLUDE: tuple[str, ...] = (
    "**/*.md",
    "**/*.markdown",
    "**/*.yml",
    "**/*.yaml",
    "**/*.png",
    "**/*.jpg",
    "**/*.jpeg",
    "**/*.gif",
    "**/*.svg",
    "**/*.webp",
)

# Patch text kept per file in a report; counts always cover the whole patch.
DEFAULT_MAX_PATCH_BYTES = 2 * 1024 * 1024

_STATUS = {
    "A": Status.ADDED,
    "M": Status.MODIFIED,
    "D": Status.DELETED,
    "R": Status.RENAMED,
    "C": Status.COPIED,
    "T": Status.TYPE_CHANGED,
}
_NULL_SHA = "0" * 40


@dataclass(frozen=True)
class Range:
    """A resolved commit range: full SHAs and how the user wrote it."""

    base: str
    head: str
    spec: str


def pathspecs(include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[str]:
    """Turn user globs into git pathspecs. A glob without ``/`` matches at any depth."""

    def norm(pattern: str) -> str:
        pattern = pattern.strip()
        return pattern if "/" in pattern else f"**/{pattern}"

    specs = [f":(glob,icase){norm(p)}" for p in (include or DEFAULT_INCLUDE)]
    specs += [f":(exclude,glob){norm(p)}" for p in exclude]
    return specs


class GitRepo:
    """A local git repository, read through GitPython with hardened git calls."""

    def __init__(self, path: str | Path = ".", *, search_parents: bool = True) -> None:
        """Open the repository at ``path`` (or, like git, one of its parent folders)."""
        try:
            self._repo = git.Repo(str(path), search_parent_directories=search_parents)
        except NoSuchPathError:
            raise GitError(f"no such folder: {path}") from None
        except InvalidGitRepositoryError:
            raise GitError(f"not a git repository: {path}") from None
        self.path = Path(self._repo.working_tree_dir or self._repo.git_dir)
        self.git_dir = Path(self._repo.git_dir)

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> GitRepo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- revisions -------------------------------------------------------------------
    def resolve(self, rev: str) -> str:
        """Full SHA of the commit ``rev`` names (branch, tag, abbreviated SHA, ``HEAD~2`` ...)."""
        if not rev or rev.startswith("-") or "\n" in rev or "\0" in rev:
            raise GitError(f"unknown revision: {rev!r}")
        out = run_git(
            self.git_dir,
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
            check=False,
        )
        sha = out.decode().strip()
        if not sha:
            raise GitError(f"unknown revision: {rev!r} is not a commit in {self.path}")
        return sha

    def parents(self, sha: str) -> list[str]:
        out = run_git(self.git_dir, ["rev-list", "--parents", "-n", "1", sha, "--"]).decode().split()
        return out[1:]

    def empty_tree(self) -> str:
        return run_git(self.git_dir, ["hash-object", "-t", "tree", "/dev/null"]).decode().strip()

    def merge_base(self, a: str, b: str) -> str:
        out = run_git(self.git_dir, ["merge-base", a, b], check=False).decode().strip()
        if not out:
            raise GitError(f"{a[:12]} and {b[:12]} have no common ancestor")
        return out

    def resolve_range(self, spec: str) -> Range:
        """``A..B``, ``A...B`` (from the merge base), or a single commit (its own changes)."""
        spec = spec.strip()
        if "..." in spec:
            left, right = spec.split("...", 1)
            head = self.resolve(right or "HEAD")
            base = self.merge_base(self.resolve(left or "HEAD"), head)
        elif ".." in spec:
            left, right = spec.split("..", 1)
            base, head = self.resolve(left or "HEAD"), self.resolve(right or "HEAD")
        else:
            head = self.resolve(spec)
            parents = self.parents(head)
            base = parents[0] if parents else self.empty_tree()
        return Range(base=base, head=head, spec=spec)

    # -- changes ---------------------------------------------------------------------
    def changes(
        self,
        base: str,
        head: str,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        *,
        max_patch_bytes: int = DEFAULT_MAX_PATCH_BYTES,
    ) -> Iterator[FileChange]:
        """Yield one :class:`FileChange` per changed path, in git's order."""
        args = [
            "diff",
            *DIFF_FLAGS,
            "-M",
            "--raw",
            "-p",
            "-z",
            "--no-abbrev",
            "--end-of-options",
            base,
            head,
            "--",
            *pathspecs(include, exclude),
        ]
        proc = open_stream(self.git_dir, args)
        assert proc.stdout is not None
        try:
            raw, rest = _read_raw_section(proc.stdout)
            entries = _parse_raw(raw)
            chunks = _patch_chunks(rest, proc.stdout)
            for entry in entries:
                patch = _collect(chunks, 2 if entry.status is Status.TYPE_CHANGED else 1, max_patch_bytes)
                yield entry.build(patch, self.blob)
            for _ in chunks:  # drain, so git never blocks on a full pipe
                pass
        finally:
            stderr = proc.stderr.read() if proc.stderr else b""
            code = proc.wait()
            proc.stdout.close()
            if proc.stderr:
                proc.stderr.close()
        if code != 0:
            raise GitError(first_line(stderr) or "git diff failed")

    def blob(self, sha: str) -> bytes:
        """Contents of a blob (a persistent ``git cat-file --batch``; no filters, no textconv)."""
        try:
            return self._repo.odb.stream(bytes.fromhex(sha)).read()
        except (GitCommandError, ValueError) as exc:
            raise GitError(f"cannot read blob {sha[:12]}: {exc}") from None

    def remote_url(self, name: str = "origin") -> str | None:
        try:
            return self._repo.remote(name).url
        except (ValueError, GitCommandError):
            return None


def read_range(
    repo: GitRepo, rng: Range, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> list[FileChange]:
    """All changes of a range, or :class:`EmptyRangeError` when it has none."""
    files = list(repo.changes(rng.base, rng.head, include, exclude))
    if not files:
        raise EmptyRangeError(f"no matching changes in {rng.spec} ({rng.base[:7]}..{rng.head[:7]})")
    return files


# -- parsing -----------------------------------------------------------------------------
@dataclass
class _RawEntry:
    status: Status
    path: str
    old_path: str | None
    old_mode: str
    new_mode: str
    old_sha: str
    new_sha: str
    score: int | None

    def build(self, patch: _Patch, loader: object) -> FileChange:
        return FileChange(
            path=self.path,
            status=self.status,
            old_path=self.old_path,
            additions=patch.additions,
            deletions=patch.deletions,
            binary=patch.binary,
            patch=patch.text,
            old_blob=None if self.old_sha == _NULL_SHA or self.old_mode == "160000" else self.old_sha,
            new_blob=None if self.new_sha == _NULL_SHA or self.new_mode == "160000" else self.new_sha,
            similarity=self.score,
            old_mode=None if self.old_mode == "000000" else self.old_mode,
            new_mode=None if self.new_mode == "000000" else self.new_mode,
            patch_truncated=patch.truncated,
            _loader=loader,  # type: ignore[arg-type]
        )


@dataclass
class _Patch:
    text: str = ""
    additions: int = 0
    deletions: int = 0
    binary: bool = False
    truncated: bool = False


def _read_raw_section(stream: IO[bytes]) -> tuple[bytes, bytes]:
    """Split the stream at the NUL that separates the raw records from the patches."""
    buf = bytearray()
    while True:
        chunk = stream.read1(1 << 16) if hasattr(stream, "read1") else stream.read(1 << 16)
        if not chunk:
            return bytes(buf), b""
        start = max(0, len(buf) - 1)
        buf += chunk
        idx = buf.find(b"\0\0", start)
        if idx != -1:
            return bytes(buf[: idx + 1]), bytes(buf[idx + 2 :])


def _parse_raw(raw: bytes) -> list[_RawEntry]:
    tokens = raw.split(b"\0")
    entries: list[_RawEntry] = []
    i = 0
    while i < len(tokens):
        meta = tokens[i]
        if not meta:
            i += 1
            continue
        if not meta.startswith(b":"):
            raise GitError(f"unexpected git output: {meta[:40]!r}")
        old_mode, new_mode, old_sha, new_sha, status = meta[1:].decode().split(" ")
        letter, score = status[0], status[1:]
        path1 = tokens[i + 1].decode("utf-8", "surrogateescape")
        if letter in "RC":
            path2 = tokens[i + 2].decode("utf-8", "surrogateescape")
            entries.append(
                _RawEntry(
                    _STATUS[letter], path2, path1, old_mode, new_mode, old_sha, new_sha, int(score or 0)
                )
            )
            i += 3
        else:
            kind = _STATUS.get(letter, Status.MODIFIED)
            entries.append(_RawEntry(kind, path1, None, old_mode, new_mode, old_sha, new_sha, None))
            i += 2
    return entries


_HEADER = b"\ndiff --git "


def _patch_chunks(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """Yield each file's patch block (from its ``diff --git`` line), reading the pipe in large chunks."""
    buf = head
    search_from = 1
    eof = False
    while True:
        idx = buf.find(_HEADER, search_from)
        if idx != -1:
            yield buf[: idx + 1]
            buf = buf[idx + 1 :]
            search_from = 1
            continue
        if eof:
            if buf:
                yield buf
            return
        chunk = stream.read(1 << 20)
        if not chunk:
            eof = True
            continue
        search_from = max(1, len(buf) - len(_HEADER))
        buf += chunk


def _collect(chunks: Iterator[bytes], count: int, max_bytes: int) -> _Patch:
    """Counts and hunk text of one file (a type change comes as two blocks: deletion, creation)."""
    patch = _Patch()
    bodies: list[bytes] = []
    for _ in range(count):
        block = next(chunks, None)
        if block is None:
            break
        at = block.find(b"\n@@")
        if at == -1:
            patch.binary = patch.binary or b"\nBinary files " in block or b"\nGIT binary patch" in block
            continue
        body = block[at + 1 :]
        # Hunk lines start with " ", "+", "-" or "\\"; headers (---/+++) come before the first @@.
        patch.additions += body.count(b"\n+")
        patch.deletions += body.count(b"\n-")
        bodies.append(body)
    data = b"".join(bodies)
    if len(data) > max_bytes:
        cut = data.rfind(b"\n", 0, max_bytes)
        data = data[: cut + 1 if cut > 0 else max_bytes]
        patch.truncated = True
    text = data.decode("utf-8", "replace")
    patch.text = text[:-1] if text.endswith("\n") else text
    return patch
