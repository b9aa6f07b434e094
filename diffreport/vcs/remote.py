"""Remote sources and branch history: a bare cache clone per URL, fetches, first-parent logs.

A clone is a bare repository (``git init --bare`` + ``git fetch``): nothing is checked out, so no
hook, checkout filter or ``.gitattributes`` of the remote ever runs. Its contents are read with
:class:`~diffreport.vcs.GitRepo`, which works on a bare repository.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..cachedir import user_cache_dir
from ..errors import GitError, GitTimeoutError
from ..permalink import public_url
from ._cmd import run_git
from .reader import shallow_commits

log = logging.getLogger(__name__)

_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?[\w.-]{2,}:(?!//)")
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256


@dataclass(frozen=True)
class Limits:
    """How long a clone or fetch may take: ``stall`` seconds below ``low_speed`` bytes/s (http/https),
    ``deadline`` seconds in all (every transport), ``lock_wait`` seconds for another process's clone."""

    stall: int = 60
    low_speed: int = 1000
    deadline: float = 3600.0
    lock_wait: float = 3600.0


DEFAULT_LIMITS = Limits()


def is_url(repo: str) -> bool:
    """True for ``scheme://...`` and scp-like ``[user@]host:path``; anything else is a local path."""
    return "://" in repo or bool(_SCP_LIKE.match(repo))


def default_cache_root() -> Path:
    return user_cache_dir() / "repos"


def cache_path(root: str | Path, name: str, url: str) -> Path:
    """The cache folder of one URL: readable name, plus a hash so two URLs never share it."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    safe = re.sub(r"[^\w.-]", "_", name).lstrip(".") or "repo"
    return Path(root) / f"{safe}-{digest}.git"


def tracking_ref(branch: str) -> str:
    return f"refs/remotes/origin/{branch}"


def sync(url: str, dest: str | Path, branch: str, limits: Limits = DEFAULT_LIMITS) -> Path:
    """Clone ``url`` into the bare repository ``dest`` on first use, fetch ``branch`` on later runs.

    Returns the git folder. The first clone is made in a temporary folder and renamed into place,
    so an interrupted clone never leaves a half-made cache behind.
    """
    refspecs = [f"+refs/heads/{branch}:{tracking_ref(branch)}"]
    return _clone_or_fetch(url, dest, refspecs, repr(branch), limits, set_head=False)


def mirror(
    url: str,
    dest: str | Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Like :func:`sync`, for every branch and tag, under their own names (for ``compare --repo URL``);
    HEAD names the remote's default branch. ``progress`` hears when a clone or a fetch starts."""
    refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]
    return _clone_or_fetch(url, dest, refspecs, "all branches", limits, set_head=True, progress=progress)


def _clone_or_fetch(
    url: str,
    dest: str | Path,
    refspecs: list[str],
    what: str,
    limits: Limits,
    *,
    set_head: bool,
    progress: Callable[[str], None] | None = None,
) -> Path:
    target = Path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    import filelock  # only a clone needs it (imported here so local commands start faster)

    lock = filelock.FileLock(target.parent / f".{target.name}.lock")
    try:
        lock.acquire(timeout=limits.lock_wait)
    except filelock.Timeout:
        raise GitError(f"another diffreport is still cloning into {target}; try again later") from None
    try:
        _remove_stale_clones(target)
        if not (target / "HEAD").is_file():
            if progress:
                progress(f"cloning {display_url(url)}")
            _clone(url, target, refspecs, what, limits, set_head=set_head)
        else:
            log.info("fetching %s (%s)", display_url(url), what)
            if progress:
                progress(f"fetching {display_url(url)}")
            _fetch(target, url, refspecs, what, limits)
            if set_head and not run_git(target, ["rev-parse", "--verify", "--quiet", "HEAD"], check=False):
                _point_head(target, _remote_head(url, what, limits)[0])
    finally:
        lock.release()
    return target


def _remove_stale_clones(target: Path) -> None:
    """Temporary clones of ``target`` left by a process that was killed (we hold the lock: none is live)."""
    for tmp in target.parent.glob(f".{target.name}.*"):
        if tmp.is_dir():
            log.info("removing the unfinished clone %s", tmp)
            shutil.rmtree(tmp, ignore_errors=True)


def _clone(url: str, target: Path, refspecs: list[str], what: str, limits: Limits, *, set_head: bool) -> None:
    head_ref, head_id = _remote_head(url, what, limits)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        object_format = "sha256" if len(head_id) == 64 else "sha1"
        run_git(None, ["init", "-q", "--bare", f"--object-format={object_format}", str(tmp)])
        log.info("cloning %s (%s) into %s", display_url(url), what, target)
        _fetch(tmp, url, refspecs, what, limits)
        if not run_git(tmp, ["for-each-ref", "--count=1", "--format=%(refname)"]).strip():
            raise GitError(f"not a git repository (or one without branches): {display_url(url)}")
        if set_head:
            _point_head(tmp, head_ref)
        if target.exists():  # an empty or broken leftover
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _remote_head(url: str, what: str, limits: Limits) -> tuple[str, str]:
    """The remote's default branch (``refs/heads/...``) and the id HEAD points to, or empty strings."""
    out = _remote_git(None, url, ["ls-remote", "--symref", "--end-of-options", url, "HEAD"], what, limits)
    ref = sha = ""
    for line in out.decode("utf-8", "replace").splitlines():
        value, _, name = line.partition("\t")
        if name != "HEAD":
            continue
        if value.startswith("ref: refs/heads/"):
            ref = value.removeprefix("ref: ")
        elif _OBJECT_ID.fullmatch(value):
            sha = value
    return ref, sha


def _point_head(git_dir: Path, ref: str) -> None:
    if ref and run_git(git_dir, ["rev-parse", "--verify", "--quiet", ref], check=False):
        run_git(git_dir, ["symbolic-ref", "HEAD", ref])


def display_url(url: str) -> str:
    """The URL as it may be logged or stored: without credentials."""
    return public_url(url) or url


def _fetch(git_dir: Path, url: str, refspecs: list[str], what: str, limits: Limits) -> None:
    args = ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "--force", "--end-of-options", url]
    _remote_git(git_dir, url, [*args, *refspecs], what, limits)


def _remote_git(git_dir: Path | None, url: str, args: list[str], what: str, limits: Limits) -> bytes:
    """Run a git command that talks to ``url``, bounded in time; errors name the URL without credentials."""
    bounded = ["-c", f"http.lowSpeedLimit={limits.low_speed}", "-c", f"http.lowSpeedTime={limits.stall}"]
    try:
        return run_git(git_dir, [*bounded, *args], timeout=limits.deadline)
    except GitTimeoutError:
        raise GitTimeoutError(
            f"cannot fetch {what} from {display_url(url)}: not done after {limits.deadline:g} s"
        ) from None
    except GitError as exc:
        if "is this a git repository?" in exc.message:  # an answer that is not git's (HTTP 200 garbage)
            raise GitError(f"not a git repository: {display_url(url)}") from None
        message = exc.message.replace(url, display_url(url))
        raise GitError(f"cannot fetch {what} from {display_url(url)}: {message}") from None


@dataclass(frozen=True)
class LogEntry:
    """A commit of a branch's first-parent history, with its committer time (seconds since the epoch)."""

    sha: str
    time: int


def first_parent_log(git_dir: str | Path, head: str) -> list[LogEntry]:
    """The first-parent history of ``head``, oldest first."""
    out = run_git(
        git_dir, ["log", "--first-parent", "--reverse", "--format=%H %ct", "--end-of-options", head, "--"]
    )
    entries = []
    for line in out.decode().splitlines():
        sha, _, stamp = line.partition(" ")
        entries.append(LogEntry(sha, int(stamp)))
    if entries and entries[0].sha in shallow_commits(git_dir):
        log.warning(
            "the history of %s is cut off at %s (a shallow clone): that commit counts as adding every file",
            head,
            entries[0].sha[:12],
        )
    return entries


def has_commit(git_dir: str | Path, sha: str) -> bool:
    if not _OBJECT_ID.fullmatch(sha):
        return False
    out = run_git(git_dir, ["cat-file", "-t", sha], check=False)
    return out.strip() == b"commit"


def is_ancestor(git_dir: str | Path, ancestor: str, descendant: str) -> bool:
    out = run_git(git_dir, ["merge-base", ancestor, descendant], check=False)
    return out.decode().strip() == ancestor
