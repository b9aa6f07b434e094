"""Putting a report together: the files built, and the report-level texts narrated of them (nothing here
touches git). :mod:`diffreport.pipeline` builds the files and calls these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .permalink import permalink_for
from .spool import Built, FileSpool, SpooledReport

if TYPE_CHECKING:
    from .models import Report, ReportFile
    from .narrate.light import LightFile


def default_title(category: str | None) -> str:
    return f"Diff Insight Report - {category}" if category else "Diff Insight Report"


def assemble_report(
    files: list[ReportFile],
    *,
    base: str,
    head: str,
    language: str = "en",
    date: dt.date | None = None,
    title: str | None = None,
    category: str | None = None,
    remote: str | None = None,
    repository: str | None = None,
    narrated: Sequence[ReportFile | LightFile] | None = None,
) -> Report:
    """Put files and report-level texts together; nothing here touches git. The texts are narrated of
    ``narrated`` when given (the files' light forms, when the files themselves wait on disk and ``files``
    is left empty: :func:`assemble_spooled`), else of ``files``."""
    from . import narrate
    from .models import Report

    link = permalink_for(remote, base, head)
    text = narrate.describe_report(files if narrated is None else narrated, language)
    return Report(
        title=title or default_title(category),
        date=(date or dt.date.today()).isoformat(),
        language=language,
        category=category,
        repository=repository,
        base=base,
        head=head,
        permalink=link.url if link else None,
        host=link.host if link else None,
        files=files,
        **text.model_dump(),
    )


def assemble_spooled(files: list[Built], spool: FileSpool, **header: Any) -> SpooledReport:
    """:func:`assemble_report` of files built into ``spool`` (``header``: its keyword arguments)."""
    light = [f.light for f in files]
    report = assemble_report([], narrated=light, **header)
    return SpooledReport(report, light, spool, [f.slot for f in files])
