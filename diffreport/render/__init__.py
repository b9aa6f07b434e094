"""Rendering: a Report in, text out (Markdown, HTML, JSON). Nothing here writes files (see
:mod:`diffreport.writer`).

:mod:`.markdown` fills the reference layout, :mod:`.html` puts that Markdown through the site's renderer,
:mod:`.json` serialises the model, :mod:`.load` reads a saved JSON report back. The Jinja environment and
the Markdown filters are in :mod:`diffreport.templating`.
"""

from __future__ import annotations

from ..errors import UsageError
from ..models import Report
from .html import render_html
from .json import render_json
from .load import load_report
from .markdown import MARKDOWN_FORMS, MarkdownForm, render_markdown

__all__ = [
    "FORMATS",
    "MARKDOWN_FORMS",
    "MarkdownForm",
    "load_report",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
]

FORMATS = ("md", "json", "html")


def render(report: Report, fmt: str, *, template_dir: str | None = None, markdown: str = "commonmark") -> str:
    """``fmt`` is one of :data:`FORMATS`; ``markdown`` picks the Markdown form (see :mod:`.markdown`)."""
    if fmt == "md":
        return render_markdown(report, template_dir=template_dir, markdown=markdown)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report, template_dir=template_dir)
    raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
