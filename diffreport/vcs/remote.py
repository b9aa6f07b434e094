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
from dataclasses import dataclass
from pathlib import Path

from ..errors import GitError
from ..permalink import public_url
from ._cmd import run_git

log = logging.getLogger(__name__)

_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?[\w.-]{2,}:(?!//)")


def is_url(repo: str) -> bool:
    """True for ``scheme://...`` and scp-like ``[user@]host:path``; anything else is a local path."""
    return "://" in repo or bool(_SCP_LIKE.match(repo))


def default_cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diffreport" / "repos"


def cache_path(root: str | Path, name: str, url: str) -> Path:
    """The cache folder of one URL: readable name, plus a hash so two URLs never share it."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    safe = re.sub(r"[^\w.-]", "_", name).lstrip(".") or "repo"
    return Path(root) / f"{safe}-{digest}.git"


def tracking_ref(branch: str) -> str:
    return f"refs/remotes/origin/{branch}"


def sync(url: str, dest: str | Path, branch: str) -> Path:
    """Clone ``url`` into the bare repository ``dest`` on first use, fetch ``branch`` on later runs.

    Returns the git folder. The first clone is made in a temporary folder and renamed into place,
    so an interrupted clone never leaves a half-made cache behind.
    """
    return _clone_or_fetch(url, dest, [f"+refs/heads/{branch}:{tracking_ref(branch)}"], repr(branch))


def mirror(url: str, dest: str | Path) -> Path:
    """Like :func:`sync`, for every branch and tag, under their own names (for ``compare --repo URL``)."""
    return _clone_or_fetch(
        url, dest, ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], "all branches"
    )


def _clone_or_fetch(url: str, dest: str | Path, refspecs: list[str], what: str) -> Path:
    target = Path(dest)
    if not (target / "HEAD").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            run_git(None, ["init", "-q", "--bare", str(tmp)])
            log.info("cloning %s (%s) into %s", display_url(url), what, target)
            _fetch(tmp, url, refspecs, what)
            if target.exists():  # an empty or broken leftover
                shutil.rmtree(target)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    else:
        log.info("fetching %s (%s)", display_url(url), what)
        _fetch(target, url, refspecs, what)
    return target


def display_url(url: str) -> str:
    """The URL as it may be logged or stored: without credentials."""
    return public_url(url) or url


def _fetch(git_dir: Path, url: str, refspecs: list[str], what: str) -> None:
    try:
        run_git(
            git_dir,
            [
                "fetch",
                "--quiet",
                "--no-tags",
                "--no-recurse-submodules",
                "--force",
                "--end-of-options",
                url,
                *refspecs,
            ],
        )
    except GitError as exc:
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
    return entries


def has_commit(git_dir: str | Path, sha: str) -> bool:
    if not re.fullmatch(r"[0-9a-f]{40}", sha):
        return False
    out = run_git(git_dir, ["cat-file", "-t", sha], check=False)
    return out.strip() == b"commit"


def is_ancestor(git_dir: str | Path, ancestor: str, descendant: str) -> bool:
    out = run_git(git_dir, ["merge-base", ancestor, descendant], check=False)
    return out.decode().strip() == ancestor
