"""Create commits in a repository of our own making (the demo and test fixtures)."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from ._cmd import run_git


def init_repo(path: str | Path, branch: str = "main") -> Path:
    target = Path(path)
    target.mkdir(parents=True, exist_ok=True)
    run_git(target, ["init", "-q", "-b", branch])
    return target


def commit_all(path: str | Path, message: str, *, date: str, author: str) -> str:
    """Stage everything in the work tree and commit with the given author and ISO date."""
    name, email = parseaddr(author)
    env = {
        "GIT_AUTHOR_NAME": name or "diffreport",
        "GIT_AUTHOR_EMAIL": email or "diffreport@example.com",
        "GIT_COMMITTER_NAME": name or "diffreport",
        "GIT_COMMITTER_EMAIL": email or "diffreport@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    run_git(path, ["add", "-A"], env=env)
    run_git(path, ["commit", "-q", "--no-verify", "-m", message], env=env)
    return run_git(path, ["rev-parse", "HEAD"]).decode().strip()


def move(path: str | Path, old: str, new: str) -> None:
    Path(path, new).parent.mkdir(parents=True, exist_ok=True)
    run_git(path, ["mv", "--", old, new])


def remove(path: str | Path, rel: str) -> None:
    run_git(path, ["rm", "-q", "--", rel])
