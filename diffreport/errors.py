"""Errors a user can act on. Core code raises these; only the CLI prints them and exits."""

from __future__ import annotations


class DiffreportError(Exception):
    """Base class: the message is one line meant for the user; ``exit_code`` is the process status."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(DiffreportError):
    """Bad arguments or configuration (exit 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """An invalid configuration file: one line per problem, each naming its key."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class GitError(DiffreportError):
    """git could not do what was asked: not a repository, unknown revision, failed clone..."""


class GitTimeoutError(GitError):
    """git did not finish in the time it was given (a remote that stopped answering)."""


class EmptyRangeError(DiffreportError):
    """The range holds no changes to report."""


class OutputError(DiffreportError):
    """An output could not be written."""
