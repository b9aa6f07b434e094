"""Structural analysis of one changed file (Markdown, YAML, images).

This is the first, status-only version: it records what git tells us and nothing more.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..models import FileChange


class FileAnalysis(BaseModel):
    """What changed in a file, as facts later stages can narrate and classify."""

    kind: str = Field(description="markdown, yaml, image, binary or other")
    status: str
    additions: int = 0
    deletions: int = 0


def kind_of(path: str, binary: bool = False) -> str:
    lower = path.lower()
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if lower.endswith((".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")):
        return "image"
    return "binary" if binary else "other"


def analyse(change: FileChange) -> FileAnalysis:
    return FileAnalysis(
        kind=kind_of(change.path, change.binary),
        status=change.status.value,
        additions=change.additions,
        deletions=change.deletions,
    )
