"""The one place that runs git: hardened flags, environment, and error translation.

Everything read from a repository is untrusted. The repository's own configuration and
``.gitattributes`` must never make git run a program (external diff, textconv, pager,
fsmonitor, hooks) or change the shape of the output we parse (colour, prefixes, quoting,
relative paths). Every git call goes through :func:`git_command`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from ..errors import GitError, GitTimeoutError

GIT = "git"

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

# Flags for every diff: no programs, fixed prefixes, no colour, and git's default patch whatever a config
# says (its context, algorithm, hunk joining, file order and how many files rename detection compares: the
# analysis reads context lines, and a report of a range is the same wherever it runs).
DIFF_FLAGS: tuple[str, ...] = (
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--unified=3",
    "--inter-hunk-context=0",
    "--diff-algorithm=myers",
    "--indent-heuristic",
    "-O/dev/null",
    "-l1000",  # git's own diff.renameLimit
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
    cmd = [GIT]
    for item in HARDENED_CONFIG:
        cmd += ["-c", item]
    cmd += list(args)
    return cmd


def run_git(
    cwd: str | Path | None,
    args: Sequence[str],
    *,
    check: bool = True,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> bytes:
    """Run git and return its stdout as bytes; failures become a one-line :class:`GitError`.

    With ``timeout``, git (and the helpers it started, in its own process group) is killed after that
    many seconds and a :class:`GitTimeoutError` is raised.
    """
    code, out, err = run_git_status(cwd, args, env=env, timeout=timeout)
    if check and code != 0:
        raise GitError(first_line(err) or f"git {args[0]} failed with status {code}")
    return out


def run_git_status(
    cwd: str | Path | None,
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> tuple[int, bytes, bytes]:
    """Run git; return its exit status, stdout and stderr."""
    proc = _start(cwd, args, env, group=timeout is not None)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise GitTimeoutError(f"git {args[0]} gave no result in {timeout:g} s") from None
    except BaseException:  # interrupted: take git down with us
        proc.kill()
        proc.wait()
        raise
    return proc.returncode, out, err


def open_stream(
    cwd: str | Path,
    args: Sequence[str],
    *,
    stdin: bool = False,
    into: tuple[IO[bytes], IO[bytes]] | None = None,
) -> subprocess.Popen[bytes]:
    """Start git with stdout as a pipe (and stdin, if asked), for output too large to hold at once; with
    ``into``, stdout and stderr go to those two files instead (git then never waits for a reader)."""
    return _start(cwd, args, None, stdin=stdin, into=into)


def _start(
    cwd: str | Path | None,
    args: Sequence[str],
    env: dict[str, str] | None,
    *,
    stdin: bool = False,
    group: bool = False,
    into: tuple[IO[bytes], IO[bytes]] | None = None,
) -> subprocess.Popen[bytes]:
    if cwd is not None and not Path(cwd).is_dir():
        raise GitError(f"no such folder: {cwd}")
    try:
        return subprocess.Popen(
            git_command(*args),
            cwd=cwd,
            env=git_env(env),
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=into[0] if into else subprocess.PIPE,
            stderr=into[1] if into else subprocess.PIPE,
            start_new_session=group,  # its own process group, so a timeout kills its helpers too
        )
    except FileNotFoundError:
        raise GitError("git is not installed (no git on PATH)") from None


def first_line(stderr: bytes | str) -> str:
    """git's own message: its first ``fatal:``/``error:`` line, else its first line, without the prefix."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal: ", "error: ")):
            return line.split(": ", 1)[1]
    return lines[0] if lines else ""
