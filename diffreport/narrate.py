"""Titles, explanations and report-level texts, written from the analysis without any LLM.

This first version narrates from git's facts only (status, renames, line counts).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from .analysis import FileAnalysis
from .i18n import translations
from .models import Classification, FileChange, Label, ReportFile, Status


class ReportText(BaseModel):
    summary: str = ""
    highlights: str = ""
    new_features: list[str] = Field(default_factory=list)
    breaking_changes: list[str] = Field(default_factory=list)
    other_updates: list[str] = Field(default_factory=list)
    insights: list[str] = Field(default_factory=list)


def describe_file(
    change: FileChange, analysis: FileAnalysis, classification: Classification, lang: str
) -> tuple[str, str]:
    """A title and a short explanation for one file."""
    _ = translations(lang).gettext
    name = change.path.rsplit("/", 1)[-1]
    if change.status is Status.ADDED:
        title = _("Added {name}").format(name=name)
    elif change.status is Status.DELETED:
        title = _("Removed {name}").format(name=name)
    elif change.status is Status.RENAMED:
        title = _("Renamed {old} to {name}").format(old=change.old_path or "", name=name)
    else:
        title = _("Updated {name}").format(name=name)
    if change.binary:
        explanation = _("Binary file; its contents are not compared.")
    else:
        explanation = _("{additions} lines added and {deletions} lines removed.").format(
            additions=change.additions, deletions=change.deletions
        )
    return title, explanation


def describe_report(files: list[ReportFile], lang: str) -> ReportText:
    _ = translations(lang).gettext
    text = ReportText()
    for f in files:
        bullet = f"{f.title} (`{f.path}`)"
        if f.label == Label.NEW_FEATURE.value:
            text.new_features.append(bullet)
        elif f.label == Label.BREAKING_CHANGE.value:
            text.breaking_changes.append(bullet)
        else:
            text.other_updates.append(bullet)
    text.highlights = _("{count} files changed: {features} new features, {breaking} breaking changes.").format(
        count=len(files), features=len(text.new_features), breaking=len(text.breaking_changes)
    )
    text.summary = text.highlights
    return text
