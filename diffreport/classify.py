"""Classification of a changed file into one of the four report types."""

from __future__ import annotations

from typing import Any

from .analysis import FileAnalysis
from .models import Classification, FileChange, Label, RuleHit, Status


def classify(change: FileChange, analysis: FileAnalysis, settings: Any = None) -> Classification:
    """Status-only rules: added -> new feature, deleted -> breaking change, else minor update."""
    if change.status is Status.ADDED:
        return Classification(
            label=Label.NEW_FEATURE.value,
            rules=[RuleHit(id="file-added", label=Label.NEW_FEATURE.value, message="The file is new.")],
        )
    if change.status is Status.DELETED:
        return Classification(
            label=Label.BREAKING_CHANGE.value,
            rules=[
                RuleHit(
                    id="file-deleted",
                    level="warn",
                    label=Label.BREAKING_CHANGE.value,
                    message="The file was removed; links to it break.",
                )
            ],
        )
    return Classification(label=Label.MINOR_UPDATE.value)
