"""Titles, explanations and report-level texts, written from the analysis without any LLM.

:func:`describe_file` states the heaviest facts of one file's :class:`~diffreport.analysis.FileAnalysis`
(a title and at most three sentences); :func:`describe_report` groups files that had the same change,
and writes the highlights, insights and front matter summary. All text goes through the gettext
catalogs (``diffreport/locale``), numbers, dates and lists through Babel.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis import FileAnalysis
from ..models import Classification, FileChange, ReportFile, ReportText, Status
from .files import backing_topics, describe
from .lang import language
from .light import LightFile, light_file
from .points import FileContext
from .report import ReportNarrator

__all__ = ["ReportText", "bullet_anchors", "describe_file", "describe_report", "light_file"]


def _context(change: FileChange, analysis: FileAnalysis, lang: str) -> FileContext:
    return FileContext(
        analysis,
        language(lang),
        path=change.path,
        status=change.status,
        old_path=change.old_path,
        binary=change.binary,
        patch=change.patch,
        rewritten=_rewritten(change),
    )


def _rewritten(change: FileChange) -> bool:
    """A move that took most of the old page's text away. Similarity (git's, or the move pairing's) is the
    share kept of the larger side, so a page that only grew to three times its length scores low too: the
    old page's length follows from it (kept = old - deletions), and over a third of it must be gone (its
    blank lines and headings, often half its lines, tend to stay when its text is rewritten)."""
    if change.status != Status.RENAMED or change.similarity is None or change.similarity >= 50:
        return False
    s, added, removed = change.similarity / 100, change.additions, change.deletions
    old = (s * max(added - removed, 0) + removed) / (1 - s)  # similarity = (old - removed) / larger side
    return removed > old / 3


def describe_file(
    change: FileChange, analysis: FileAnalysis, classification: Classification | None, lang: str
) -> tuple[str, str]:
    """A title and a short explanation (one to three sentences) for one file; the title says why the file
    has the label ``classification`` gave it, where the points can."""
    return describe(_context(change, analysis, lang), *backing_topics(classification))


def describe_report(files: Sequence[ReportFile | LightFile], lang: str) -> ReportText:
    """Highlights, grouped bullets, insights and summary for a whole report."""
    return ReportNarrator(files, language(lang)).text()


def bullet_anchors(files: Sequence[ReportFile | LightFile], lang: str) -> dict[str, str]:
    """The file section each highlight bullet of :func:`describe_report` links to (bullet -> anchor); a
    bullet written otherwise (by an LLM) is not in it."""
    return ReportNarrator(files, language(lang)).anchors()
