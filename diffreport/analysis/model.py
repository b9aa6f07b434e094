"""The analysis model, for the analysis modules: its facts live in :mod:`diffreport.models` with the other
data between stages, so that a :class:`~diffreport.models.ReportFile` holds a typed analysis."""

from __future__ import annotations

from ..models import (
    AlertChange,
    CodeBlockChange,
    FileAnalysis,
    FrontMatterChange,
    Impact,
    IncludeChange,
    KeyChange,
    LinkChange,
    MemberChange,
    ParameterChange,
    PhraseChange,
    ProcedureChange,
    RedirectChange,
    Referrer,
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
    "Impact",
    "IncludeChange",
    "KeyChange",
    "LinkChange",
    "MemberChange",
    "ParameterChange",
    "PhraseChange",
    "ProcedureChange",
    "RedirectChange",
    "Referrer",
    "SectionChange",
    "TableRowChange",
    "TocEntryChange",
    "ValueChange",
]
