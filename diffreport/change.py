"""What git reports for one changed path, and the enums every stage shares.

Kept apart from the pydantic models of :mod:`diffreport.models` (which re-exports all of it) so that
reading git, planning a run or printing the version does not build them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum

__all__ = ["LABELS", "BlobLoader", "FileChange", "Label", "Status", "anchor_for"]


class Status(str, Enum):
    """How git sees a path between the two commits."""

    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"
    RENAMED = "renamed"
    COPIED = "copied"
    TYPE_CHANGED = "type-changed"

    def __str__(self) -> str:
        return self.value


class Label(str, Enum):
    """The four report types; nothing else is ever written to a report.

    Declared in the one order used everywhere, strongest first: a file whose rules give several types
    gets the first of them, and reports count, rank and list the types in this order.
    """

    BREAKING_CHANGE = "breaking change"
    NEW_FEATURE = "new feature"
    BUG_FIX = "bug fix"
    MINOR_UPDATE = "minor update"

    def __str__(self) -> str:
        return self.value


LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def anchor_for(path: str) -> str:
    """The reference layout's anchor: ``item-`` + first 6 hex digits of MD5(full path)."""
    return "item-" + hashlib.md5(path.encode("utf-8"), usedforsecurity=False).hexdigest()[:6]


BlobLoader = Callable[[str], bytes]


@dataclass(frozen=True)
class FileChange:
    """One changed path between two commits, exactly as git reports it.

    File contents are not held: :meth:`old_bytes` / :meth:`new_bytes` fetch a blob on demand,
    so a range with thousands of files never keeps every blob in memory.
    """

    path: str
    status: Status
    old_path: str | None = None
    additions: int = 0
    deletions: int = 0
    binary: bool = False
    patch: str = ""
    old_blob: str | None = None
    new_blob: str | None = None
    similarity: int | None = None
    old_mode: str | None = None
    new_mode: str | None = None
    patch_truncated: bool = False
    _loader: BlobLoader | None = field(default=None, repr=False, compare=False)

    @property
    def changes(self) -> int:
        return self.additions + self.deletions

    @property
    def anchor(self) -> str:
        return anchor_for(self.path)

    def old_bytes(self) -> bytes | None:
        return self._load(self.old_blob)

    def new_bytes(self) -> bytes | None:
        return self._load(self.new_blob)

    def old_text(self) -> str | None:
        return _decode(self.old_bytes())

    def new_text(self) -> str | None:
        return _decode(self.new_bytes())

    def with_loader(self, loader: BlobLoader | None) -> FileChange:
        """The same change reading its blobs through ``loader`` (None: a copy that can cross processes)."""
        return replace(self, _loader=loader)

    def _load(self, sha: str | None) -> bytes | None:
        if sha is None or self._loader is None:
            return None
        return self._loader(sha)


def _decode(data: bytes | None) -> str | None:
    if data is None:
        return None
    if b"\0" in data[:8000]:
        return None
    return data.decode("utf-8", errors="replace")
