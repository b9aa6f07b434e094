"""Plain data that flows between the stages of diffreport.

git reading produces :class:`FileChange`; analysis (:mod:`diffreport.analysis`) turns each into a
:class:`FileAnalysis`, made of the small facts of :mod:`diffreport.facts`; classification gives a
:class:`Classification`; narration and the optional LLM give titles and explanations; everything
ends up in a :class:`Report`, which the renderers turn into Markdown, HTML or JSON. The JSON report *is* ``Report``
serialised, so ``diffreport schema`` prints ``Report.model_json_schema()``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

# The git-side data and the shared enums live in .change (light to import); they are part of this module's API.
from .change import LABELS as LABELS
from .change import BlobLoader as BlobLoader
from .change import FileChange as FileChange
from .change import Label as Label
from .change import Status as Status
from .change import anchor_for as anchor_for
from .factories import empty_list

# The analysis's facts live in .facts; they are part of this module's API.
from .facts import AlertChange as AlertChange
from .facts import Change as Change
from .facts import CodeBlockChange as CodeBlockChange
from .facts import Fact as Fact
from .facts import FileAnalysis as FileAnalysis
from .facts import FootnoteChange as FootnoteChange
from .facts import FrontMatterChange as FrontMatterChange
from .facts import Impact as Impact
from .facts import IncludeChange as IncludeChange
from .facts import KeyChange as KeyChange
from .facts import LinkChange as LinkChange
from .facts import MemberChange as MemberChange
from .facts import ParameterChange as ParameterChange
from .facts import PhraseChange as PhraseChange
from .facts import ProcedureChange as ProcedureChange
from .facts import ProseChange as ProseChange
from .facts import RedirectChange as RedirectChange
from .facts import Referrer as Referrer
from .facts import RefKind as RefKind
from .facts import SectionChange as SectionChange
from .facts import TableColumnChange as TableColumnChange
from .facts import TableRowChange as TableRowChange
from .facts import TargetKind as TargetKind
from .facts import TocEntryChange as TocEntryChange
from .facts import ValueChange as ValueChange


class RuleHit(BaseModel):
    """A classifier rule that fired on a file, with the evidence that made it fire."""

    model_config = ConfigDict(frozen=True)

    id: str
    level: Literal["info", "warn", "error"] = "info"
    label: Label
    message: str
    evidence: list[str] = Field(default_factory=empty_list)


class Classification(BaseModel):
    label: Label = Label.MINOR_UPDATE
    rules: list[RuleHit] = Field(default_factory=empty_list)


class ReportFile(BaseModel):
    """One file of a report, in Summary Table order."""

    path: str
    old_path: str | None = None
    status: Status
    additions: int = 0
    deletions: int = 0
    changes: int = 0
    binary: bool = False
    anchor: str
    label: Label = Label.MINOR_UPDATE
    title: str = ""
    explanation: str = ""
    patch: str = ""
    patch_truncated: bool = Field(
        default=False, description="True when the patch text was cut to the size limit; counts stay exact."
    )
    rules: list[RuleHit] = Field(default_factory=empty_list)
    analysis: FileAnalysis | None = Field(
        default=None, description="The structured analysis the title and explanation were built from."
    )
    source: Literal["rules", "llm"] = Field(
        default="rules", description="Who wrote the title and explanation: the rules or an LLM."
    )
    notes: list[str] = Field(
        default_factory=empty_list, description="Things a reader should know about this entry."
    )

    @field_serializer("analysis")
    def _compact_analysis(self, analysis: FileAnalysis | None) -> dict[str, Any] | None:
        return analysis.compact() if analysis is not None else None


class ReportHeader(BaseModel):
    """What a report is about: its title and date, and the range it covers."""

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


class ReportText(BaseModel):
    """What narration (or the LLM) writes about a whole report."""

    summary: str = ""
    highlights: str = ""
    new_features: list[str] = Field(default_factory=empty_list)
    breaking_changes: list[str] = Field(default_factory=empty_list)
    other_updates: list[str] = Field(default_factory=empty_list)
    insights: list[str] = Field(default_factory=empty_list)


# JSON field order: the header's, the text's, then files and notes (pydantic takes the fields of the
# bases from the last one named to the first).
class Report(ReportText, ReportHeader):
    """A whole change report; the JSON format of ``diffreport compare --format json``."""

    files: list[ReportFile] = Field(default_factory=empty_list)
    notes: list[str] = Field(
        default_factory=empty_list, description="Report-level notes (e.g. LLM fallbacks)."
    )
