"""Plain data that flows between the stages of diffreport.

git reading produces :class:`FileChange`; analysis turns each into a :class:`FileAnalysis`
(see :mod:`diffreport.analysis`); classification gives a :class:`Classification`; narration
and the optional LLM give titles and explanations; everything ends up in a :class:`Report`,
which the renderers turn into Markdown, HTML or JSON. The JSON report *is* ``Report``
serialised, so ``diffreport schema`` prints ``Report.model_json_schema()``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Status(str, Enum):
    """How git sees a path between the two commits."""

    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"
    RENAMED = "renamed"
    COPIED = "copied"
    TYPE_CHANGED = "type-changed"


class Label(str, Enum):
    """The four report types; nothing else is ever written to a report."""

    NEW_FEATURE = "new feature"
    BREAKING_CHANGE = "breaking change"
    BUG_FIX = "bug fix"
    MINOR_UPDATE = "minor update"


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


class RuleHit(BaseModel):
    """A classifier rule that fired on a file, with the evidence that made it fire."""

    model_config = ConfigDict(frozen=True)

    id: str
    level: Literal["info", "warn", "error"] = "info"
    label: str
    message: str
    evidence: list[str] = Field(default_factory=list)


class Classification(BaseModel):
    label: str = Label.MINOR_UPDATE.value
    rules: list[RuleHit] = Field(default_factory=list)


class ReportFile(BaseModel):
    """One file of a report, in Summary Table order."""

    path: str
    old_path: str | None = None
    status: str
    additions: int = 0
    deletions: int = 0
    changes: int = 0
    binary: bool = False
    anchor: str
    label: str = Label.MINOR_UPDATE.value
    title: str = ""
    explanation: str = ""
    patch: str = ""
    patch_truncated: bool = Field(
        default=False, description="True when the patch text was cut to the size limit; counts stay exact."
    )
    rules: list[RuleHit] = Field(default_factory=list)
    analysis: dict[str, Any] | None = Field(
        default=None, description="The structured analysis the title and explanation were built from."
    )
    source: Literal["rules", "llm"] = Field(
        default="rules", description="Who wrote the title and explanation: the rules or an LLM."
    )
    notes: list[str] = Field(
        default_factory=list, description="Things a reader should know about this entry."
    )


class Report(BaseModel):
    """A whole change report; the JSON format of ``diffreport compare --format json``."""

    schema_version: int = 1
    title: str
    date: str = Field(description="Report date, YYYY-MM-DD.")
    language: str = "en"
    category: str | None = None
    repository: str | None = Field(default=None, description="Where the changes were read from.")
    base: str = Field(description="Full SHA of the base commit.")
    head: str = Field(description="Full SHA of the head commit.")
    permalink: str | None = None
    host: str | None = Field(default=None, description="Name of the hosting service of the permalink.")
    summary: str = ""
    highlights: str = ""
    new_features: list[str] = Field(default_factory=list)
    breaking_changes: list[str] = Field(default_factory=list)
    other_updates: list[str] = Field(default_factory=list)
    insights: list[str] = Field(default_factory=list)
    files: list[ReportFile] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Report-level notes (e.g. LLM fallbacks).")
