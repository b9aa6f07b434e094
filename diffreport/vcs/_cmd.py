"""The one place that runs git: hardened flags, environment, and error translation.

Everything read from a repository is untrusted. The repository's own configuration and
``.gitattributes`` must never make git run a program (external diff, textconv, pager,
fsmonitor, hooks) or change the shape of the output we parse (colour, prefixes, quoting,
relative paths). Every git call goes through :func:`git_command`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from git import Git
from git.exc import GitCommandError

from ..errors import GitError

# -c overrides beat every config file (system, global, the repository's own).
HARDENED_CONFIG: tuple[str, ...] = (
    "core.quotepath=false",
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "color.ui=never",
    "color.diff=never",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "diff.external=",
    "diff.renames=true",
    "diff.suppressBlankEmpty=false",
    "log.showSignature=false",
    "protocol.ext.allow=never",
    "core.sshCommand=ssh",
    "gc.auto=0",
    "commit.gpgSign=false",
    "maintenance.auto=false",
)

# Flags for every diff: no programs, fixed prefixes, no colour.
DIFF_FLAGS: tuple[str, ...] = (
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEEP_ENV}
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "LC_ALL": "C",
            "LANG": "C",
        }
    )
    if extra:
        env.update(extra)
    return env


_KEEP_ENV = {"GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_SSH_COMMAND", "GIT_SSL_CAINFO"}


def git_command(*args: str) -> list[str]:
    """``git -c ... ARGS`` with the hardened configuration."""
    cmd = [Git.GIT_PYTHON_GIT_EXECUTABLE or "git"]
    for item in HARDENED_CONFIG:
        cmd += ["-c", item]
    cmd += list(args)
    return cmd


def run_git(
    cwd: str | Path | None, args: Sequence[str], *, check: bool = True, env: dict[str, str] | None = None
) -> bytes:
    """Run git and return its stdout as bytes; failures become a one-line :class:`GitError`."""
    cmd = git_command(*args)
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, env=git_env(env), stdin=subprocess.DEVNULL, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if check and proc.returncode != 0:
        raise GitError(first_line(proc.stderr) or f"git {args[0]} failed with status {proc.returncode}")
    return proc.stdout


def open_stream(cwd: str | Path, args: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start git with stdout as a pipe, for output too large to hold at once."""
    try:
        return subprocess.Popen(
            git_command(*args),
            cwd=cwd,
            env=git_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None


def translate(exc: GitCommandError) -> GitError:
    stderr = exc.stderr if isinstance(exc.stderr, str) else str(exc.stderr or "")
    return GitError(first_line(stderr.encode()) or f"git failed: {exc}")


def first_line(stderr: bytes | str) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    for line in text.splitlines():
        line = line.strip().strip("'").strip()
        if line.startswith("stderr:"):
            line = line[len("stderr:") :].strip().strip("'")
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return ""
