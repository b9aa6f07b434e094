"""Rendering: a Report in, text out (Markdown, HTML, JSON). Nothing here writes files (see
:mod:`diffreport.writer`).

:mod:`.markdown` fills the reference layout, :mod:`.html` puts that Markdown through the site's renderer,
:mod:`.json` serialises the model, :mod:`.load` reads a saved JSON report back. The Jinja environment and
the Markdown filters are in :mod:`diffreport.templating`.

Each renderer is imported when its format is asked for: JSON needs neither Jinja nor the site's Markdown
renderer, and checking a format name imports no renderer at all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .markdown import MARKDOWN_FORMS, MarkdownForm

if TYPE_CHECKING:
    from ..models import Report
    from .html import render_html
    from .json import render_json
    from .load import load_report
    from .markdown import render_markdown

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

_LAZY = {
    "load_report": ".load",
    "render_html": ".html",
    "render_json": ".json",
    "render_markdown": ".markdown",
}


def __getattr__(name: str) -> Any:
    """The renderers, imported on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(report: Report, fmt: str, *, template_dir: str | None = None, markdown: str = "commonmark") -> str:
    """``fmt`` is one of :data:`FORMATS`; ``markdown`` picks the Markdown form (see :mod:`.markdown`)."""
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(report, template_dir=template_dir, markdown=markdown)
    if fmt == "json":
        from .json import render_json

        return render_json(report)
    if fmt == "html":
        from .html import render_html

        return render_html(report, template_dir=template_dir)
    raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
