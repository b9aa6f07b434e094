"""Structural analysis of one changed file (Markdown, YAML, JSON redirections, images).

:func:`analyse` works from a :class:`~diffreport.models.FileChange` (both versions when the blobs
are there, else the patch); :func:`analyse_patch` works from a unified diff alone, as in a JSONL
corpus. Both return a :class:`FileAnalysis` (see :mod:`.model`).
"""

from __future__ import annotations

from ..models import FileChange
from .model import (
    AlertChange,
    CodeBlockChange,
    FileAnalysis,
    FrontMatterChange,
    IncludeChange,
    LinkChange,
    PhraseChange,
    RedirectChange,
    SectionChange,
    TableRowChange,
    TocEntryChange,
    ValueChange,
)

__all__ = [
    "AlertChange",
    "CodeBlockChange",
    "FileAnalysis",
    "FrontMatterChange",
    "IncludeChange",
    "LinkChange",
    "PhraseChange",
    "RedirectChange",
    "SectionChange",
    "TableRowChange",
    "TocEntryChange",
    "ValueChange",
    "analyse",
    "analyse_patch",
    "kind_of",
]


def kind_of(path: str, binary: bool = False) -> str:
    lower = path.lower()
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")):
        return "image"
    return "binary" if binary else "other"


def analyse_patch(
    path: str, status: str, patch: str | None, additions: int = 0, deletions: int = 0
) -> FileAnalysis:
    """Facts from a unified diff alone (``patch`` may be ``None``)."""
    return FileAnalysis(
        kind=kind_of(path), path=path, status=status, additions=additions, deletions=deletions
    )


def analyse(change: FileChange) -> FileAnalysis:
    return FileAnalysis(
        kind=kind_of(change.path, change.binary),
        path=change.path,
        old_path=change.old_path,
        status=change.status.value,
        additions=change.additions,
        deletions=change.deletions,
    )
