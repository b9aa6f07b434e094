"""Read the changes between two commits of a local repository.

One ``git diff --raw -p -z -M`` process gives, in one pass, every changed path (NUL-separated,
so any file name survives) followed by the patches in the same order. Patches are streamed and
cut per file; blobs are only read when a later stage asks for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..change import FileChange, Status
from ..errors import EmptyRangeError, GitError
from ._cmd import DIFF_FLAGS, first_line, open_stream, run_git, run_git_status

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
    """A local git repository (with a work tree or bare), read through hardened git calls."""

    def __init__(self, path: str | Path = ".", *, search_parents: bool = True) -> None:
        """Open the repository at ``path`` (or, like git, one of its parent folders)."""
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise GitError(f"no such folder: {path}")
        code, out, err = run_git_status(
            folder, ["rev-parse", "--absolute-git-dir", "--is-bare-repository", "--show-cdup"]
        )
        if code != 0:
            raise GitError(f"{first_line(err) or 'not a git repository'} ({path})")
        git_dir, bare, *cdup = out.decode("utf-8", "surrogateescape").split("\n")
        self.git_dir = Path(git_dir)
        self.path = self.git_dir if bare == "true" else (folder / cdup[0]).resolve() if cdup else folder
        if not search_parents and folder.resolve() not in (self.path.resolve(), self.git_dir.resolve()):
            raise GitError(f"not a git repository: {path} (the repository is {self.path})")
        self._blobs: _BlobReader | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            if self._blobs is not None:
                self._blobs.close()
                self._blobs = None

    def __enter__(self) -> GitRepo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- revisions -------------------------------------------------------------------
    def resolve(self, rev: str) -> str:
        """Full SHA of the commit ``rev`` names (branch, tag, abbreviated SHA, ``HEAD~2`` ...)."""
        if not rev or rev.startswith("-") or "\n" in rev or "\0" in rev:
            raise GitError(f"unknown revision: {rev!r}")
        code, out, err = run_git_status(
            self.git_dir, ["rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}"]
        )
        sha = out.decode().strip() if code == 0 else ""
        if not sha:
            message = first_line(err)
            if message and "Needed a single revision" not in message:  # git knows better: say what it said
                raise GitError(f"cannot resolve {rev!r} in {self.path}: {message}")
            raise GitError(f"unknown revision: {rev!r} is not a commit in {self.path}")
        return sha

    def parents(self, sha: str) -> list[str]:
        """The parents of a commit; :class:`GitError` when a shallow clone cut them off."""
        out = run_git(self.git_dir, ["rev-list", "--parents", "-n", "1", sha, "--"]).decode().split()
        if len(out) == 1 and self.is_shallow_boundary(sha):
            raise GitError(
                f"the parent of {sha[:12]} is not in this shallow clone; "
                "fetch more history (git fetch --deepen=N or --unshallow)"
            )
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
        read_all = False
        try:
            raw, rest = _read_raw_section(proc.stdout)
            entries = _parse_raw(raw)
            chunks = _patch_chunks(rest, proc.stdout)
            for entry in entries:
                patch = _collect(chunks, 2 if entry.status is Status.TYPE_CHANGED else 1, max_patch_bytes)
                yield entry.build(patch, self.blob)
            for _ in chunks:  # drain, so git never blocks on a full pipe
                pass
            read_all = True
        finally:
            if not read_all:  # the caller stopped early (or failed): git may be blocked on a full pipe
                proc.kill()
            stderr = proc.stderr.read() if proc.stderr else b""
            code = proc.wait()
            proc.stdout.close()
            if proc.stderr:
                proc.stderr.close()
        if code != 0:
            raise GitError(first_line(stderr) or "git diff failed")

    def diff_blobs(
        self, old_blob: str, new_blob: str, *, max_patch_bytes: int = DEFAULT_MAX_PATCH_BYTES
    ) -> tuple[str, int, int, bool]:
        """The patch between two blobs (hunks only), its added and deleted lines, and whether it was cut."""
        args = ["diff", *DIFF_FLAGS, "--end-of-options", old_blob, new_blob]
        code, out, err = run_git_status(self.git_dir, args)
        if code not in (0, 1):
            raise GitError(first_line(err) or "git diff failed")
        patch = _collect(iter([out]), 1, max_patch_bytes)
        return patch.text, patch.additions, patch.deletions, patch.truncated

    def commit_time(self, sha: str) -> dt.datetime:
        """When ``sha`` was committed (the committer date, as the scheduled runs read it), in UTC."""
        out = run_git(self.git_dir, ["show", "-s", "--format=%ct", "--end-of-options", sha, "--"])
        return dt.datetime.fromtimestamp(int(out.decode().strip()), dt.timezone.utc)

    def blob(self, sha: str) -> bytes:
        """Contents of a blob (a persistent ``git cat-file --batch``; no filters, no textconv)."""
        with self._lock:
            if self._blobs is None:
                self._blobs = _BlobReader(self.git_dir)
            return self._blobs.read(sha)

    def remote_url(self, name: str = "origin") -> str | None:
        out = run_git(self.git_dir, ["config", "--get", f"remote.{name}.url"], check=False)
        return out.decode("utf-8", "replace").strip() or None

    def is_shallow_boundary(self, sha: str) -> bool:
        """True when ``sha``'s parents were cut off by a shallow clone."""
        return sha in shallow_commits(self.git_dir)


def shallow_commits(git_dir: str | Path) -> set[str]:
    """The commits whose parents a shallow clone cut off (empty for a full clone)."""
    shallow = run_git(git_dir, ["rev-parse", "--git-path", "shallow"]).decode().strip()
    try:
        return set(Path(git_dir, shallow).read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return set()


class _BlobReader:
    """One ``git cat-file --batch`` process; ids of any length (SHA-1 or SHA-256)."""

    def __init__(self, git_dir: Path) -> None:
        self._proc = open_stream(git_dir, ["cat-file", "--batch"], stdin=True)

    def read(self, sha: str) -> bytes:
        proc = self._proc
        assert proc.stdin is not None
        assert proc.stdout is not None
        if not sha or not all(c in "0123456789abcdef" for c in sha):
            raise GitError(f"cannot read blob {sha[:12]!r}: not an object id")
        try:
            proc.stdin.write(sha.encode("ascii") + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise GitError(
                    f"cannot read blob {sha[:12]}: {b' '.join(header[1:]).decode() or 'git stopped'}"
                )
            size = int(header[2])
            data = proc.stdout.read(size + 1)
        except (OSError, ValueError) as exc:
            raise GitError(f"cannot read blob {sha[:12]}: {exc}") from None
        if len(data) != size + 1:
            raise GitError(f"cannot read blob {sha[:12]}: git stopped")
        return data[:size]

    def close(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()
        self._proc.wait()


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
            old_blob=None if _is_null(self.old_sha) or self.old_mode == "160000" else self.old_sha,
            new_blob=None if _is_null(self.new_sha) or self.new_mode == "160000" else self.new_sha,
            similarity=self.score,
            old_mode=None if self.old_mode == "000000" else self.old_mode,
            new_mode=None if self.new_mode == "000000" else self.new_mode,
            patch_truncated=patch.truncated,
            _loader=loader,  # type: ignore[arg-type]
        )


def _is_null(sha: str) -> bool:
    """git's null id (40 or 64 zeros): no blob on this side."""
    return not sha.strip("0")


def display_path(raw: bytes) -> str:
    """A path as text: UTF-8 as is; otherwise escaped as git shows it (``caf\\351.md``).

    Paths are only ever shown (git is called with object ids), so this is the one place names are decoded.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out = []
    for piece in raw.decode("utf-8", "surrogateescape").replace("\\", "\\\\"):
        code = ord(piece)
        out.append(f"\\{code - 0xDC00:03o}" if 0xDC80 <= code <= 0xDCFF else piece)
    return "".join(out)


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
        path1 = display_path(tokens[i + 1])
        if letter in "RC":
            path2 = display_path(tokens[i + 2])
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
