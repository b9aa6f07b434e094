"""Everything that talks to git. No other module runs git."""

from __future__ import annotations

from .reader import DEFAULT_INCLUDE, GitRepo, Range, pathspecs, read_range

__all__ = ["DEFAULT_INCLUDE", "GitRepo", "Range", "pathspecs", "read_range"]
