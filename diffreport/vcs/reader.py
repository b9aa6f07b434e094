"""Read the changes between two commits of a local repository.

One ``git diff --raw -p -z -M`` process gives, in one pass, every changed path (NUL-separated,
so any file name survives) followed by the patches in the same order. Patches are streamed and
cut per file; blobs are only read when a later stage asks for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..change import FileChange, Status
from ..errors import EmptyRangeError, GitError
from ._cmd import DIFF_FLAGS, first_line, open_stream, run_git, run_git_status
from ._diffparse import Patch, collect, parse_raw, patch_chunks, read_raw_section

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

# Blobs read ahead: larger ones are read when asked for, one at a time, so memory stays bounded.
PREFETCH_MAX_BYTES = 1024 * 1024
_GROUP = 256  # requests written at once: at most 256 x 65 bytes, well under a 64 KB pipe
_PIECE = 1024 * 1024


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
        listed: Callable[[list[FileChange]], None] | None = None,
    ) -> Generator[FileChange, None, None]:
        """Yield one :class:`FileChange` per changed path, in git's order.

        git lists every path before the first patch: ``listed`` hears of them all then, each change
        without its patch or counts, so a caller can start work that needs the whole list (and no patch)
        while the patches are still being read.
        """
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
            raw, rest = read_raw_section(proc.stdout)
            entries = parse_raw(raw)
            if listed is not None:
                listed([entry.build(Patch(), None) for entry in entries])
            chunks = patch_chunks(rest, proc.stdout)
            for entry in entries:
                patch = collect(chunks, 2 if entry.status is Status.TYPE_CHANGED else 1, max_patch_bytes)
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
        patch = collect(iter([out]), 1, max_patch_bytes)
        return patch.text, patch.additions, patch.deletions, patch.truncated

    def commit_time(self, sha: str) -> dt.datetime:
        """When ``sha`` was committed (the committer date, as the scheduled runs read it), in UTC."""
        out = run_git(self.git_dir, ["show", "-s", "--format=%ct", "--end-of-options", sha, "--"])
        return dt.datetime.fromtimestamp(int(out.decode().strip()), dt.timezone.utc)

    def blob(self, sha: str) -> bytes:
        """Contents of a blob (a persistent ``git cat-file --batch``; no filters, no textconv)."""
        with self._lock:
            return self._reader().read(sha)

    def blobs(self, ids: Iterable[str], *, max_bytes: int = PREFETCH_MAX_BYTES) -> dict[str, bytes]:
        """Contents of many blobs, asked of git together (one write for all, then the answers in order)
        rather than one round trip each. Ids git cannot give as a blob, and blobs over ``max_bytes``, are
        left out: :meth:`blob` reads (or refuses, with git's reason) those one at a time."""
        with self._lock:
            return self._reader().read_many(ids, max_bytes)

    def _reader(self) -> _BlobReader:
        if self._blobs is not None and self._blobs.broken:  # out of step with git: start afresh
            self._blobs.close()
            self._blobs = None
        if self._blobs is None:
            self._blobs = _BlobReader(self.git_dir)
        return self._blobs

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
    """One ``git cat-file --batch`` process; ids of any length (SHA-1 or SHA-256).

    Requests go out in groups of at most :data:`_GROUP`, each written at once before its answers are
    read: git may stop reading requests while its answers fill the pipe back, but a group (at most 65
    bytes a request) always fits in the pipe to git, so neither side waits on the other.
    """

    def __init__(self, git_dir: Path) -> None:
        self._proc = open_stream(git_dir, ["cat-file", "--batch"], stdin=True)
        self.broken = False

    def read(self, sha: str) -> bytes:
        if not _is_id(sha):
            raise GitError(f"cannot read blob {sha[:12]!r}: not an object id")
        self._ask([sha])
        data, problem = self._answer(sha, None)
        if data is None:
            raise GitError(f"cannot read blob {sha[:12]}: {problem}")
        return data

    def read_many(self, ids: Iterable[str], max_bytes: int) -> dict[str, bytes]:
        wanted = list(dict.fromkeys(sha for sha in ids if _is_id(sha)))
        found: dict[str, bytes] = {}
        for start in range(0, len(wanted), _GROUP):
            group = wanted[start : start + _GROUP]
            self._ask(group)
            for sha in group:
                data, _ = self._answer(sha, max_bytes)
                if data is not None:
                    found[sha] = data
        return found

    def _ask(self, ids: list[str]) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(b"".join(sha.encode("ascii") + b"\n" for sha in ids))
            self._proc.stdin.flush()
        except OSError as exc:
            self.broken = True
            raise GitError(f"cannot read blob {ids[0][:12]}: {exc}") from None

    def _answer(self, sha: str, max_bytes: int | None) -> tuple[bytes | None, str]:
        """The next answer: the blob (None if git has no such blob, or it is over ``max_bytes``) and
        git's word for why not. Whatever git sends is read, so the next answer starts in step."""
        stdout = self._proc.stdout
        assert stdout is not None
        try:
            header = stdout.readline().split()
            if len(header) != 3:  # "<id> missing", "<id> ambiguous", or git stopped
                if not header:
                    self.broken = True
                return None, b" ".join(header[1:]).decode("ascii", "replace") or "git stopped"
            size = int(header[2])
            if header[1] != b"blob" or (max_bytes is not None and size > max_bytes):
                left = size + 1
                while left > 0 and (piece := stdout.read(min(left, _PIECE))):
                    left -= len(piece)
                if left:
                    raise ValueError("git stopped")
                return None, b" ".join(header[1:]).decode("ascii", "replace")
            data = stdout.read(size + 1)
        except (OSError, ValueError) as exc:
            self.broken = True
            raise GitError(f"cannot read blob {sha[:12]}: {exc}") from None
        if len(data) != size + 1:
            self.broken = True
            raise GitError(f"cannot read blob {sha[:12]}: git stopped")
        return data[:size], ""

    def close(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()
        self._proc.wait()


def _is_id(sha: str) -> bool:
    return bool(sha) and all(c in "0123456789abcdef" for c in sha)


def read_range(
    repo: GitRepo, rng: Range, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> list[FileChange]:
    """All changes of a range, or :class:`EmptyRangeError` when it has none."""
    files = list(repo.changes(rng.base, rng.head, include, exclude))
    if not files:
        raise EmptyRangeError(f"no matching changes in {rng.spec} ({rng.base[:7]}..{rng.head[:7]})")
    return files
