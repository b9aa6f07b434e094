"""Rendering: a Report in, text out (Markdown, HTML, JSON). Nothing here writes files (see
:mod:`diffreport.writer`).

:mod:`.markdown` fills the reference layout, :mod:`.html` puts that Markdown through the site's renderer,
:mod:`.json` serialises the model, :mod:`.load` reads a saved JSON report back. The Jinja environment and
the Markdown filters are in :mod:`diffreport.templating`.

Each renderer is imported when its format is asked for: JSON needs neither Jinja nor the site's Markdown
renderer, and checking a format name imports no renderer at all.

:func:`render_chunks` gives the text in pieces of up to 64 Ki characters (a larger piece of a template, such
as the HTML page's body, as it is), so that a large report is written out (:func:`diffreport.writer.write_atomic`)
without a whole copy of it in memory; :func:`render` joins them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .markdown import MARKDOWN_FORMS, MarkdownForm

if TYPE_CHECKING:
    from ..models import Report
    from ..spool import SpooledReport
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
    "render_chunks",
    "render_html",
    "render_json",
    "render_markdown",
]

FORMATS = ("md", "json", "html")
_PIECE = 1 << 16  # characters gathered before a piece is handed on

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


def render(
    report: Report | SpooledReport, fmt: str, *, template_dir: str | None = None, markdown: str = "commonmark"
) -> str:
    """``fmt`` is one of :data:`FORMATS`; ``markdown`` picks the Markdown form (see :mod:`.markdown`)."""
    return "".join(render_chunks(report, fmt, template_dir=template_dir, markdown=markdown))


def render_chunks(
    report: Report | SpooledReport, fmt: str, *, template_dir: str | None = None, markdown: str = "commonmark"
) -> Iterator[str]:
    """:func:`render`'s text in pieces. A bad ``fmt`` or ``markdown`` is refused here, before any piece."""
    if fmt == "json":
        from .json import json_chunks

        return _gathered(json_chunks(report))
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    from jinja2 import TemplateError

    try:
        if fmt == "md":
            from .markdown import markdown_chunks

            pieces = markdown_chunks(report, template_dir=template_dir, markdown=markdown)
        else:
            from .html import html_chunks

            pieces = html_chunks(report, template_dir=template_dir)
    except TemplateError as exc:
        raise _template_failed(fmt, exc) from None
    return _gathered(_template_pieces(fmt, pieces))


def _template_pieces(fmt: str, pieces: Iterator[str]) -> Iterator[str]:
    from jinja2 import TemplateError

    try:
        yield from pieces
    except TemplateError as exc:
        raise _template_failed(fmt, exc) from None


def _template_failed(fmt: str, exc: Exception) -> UsageError:
    """A template (the user's, with ``--templates``) that cannot render: one line naming it."""
    where = getattr(exc, "name", None) or f"report.{fmt}.j2"
    line = getattr(exc, "lineno", None)
    return UsageError(f"template {where}{f' line {line}' if line else ''}: {type(exc).__name__}: {exc}")


def _gathered(pieces: Iterable[str]) -> Iterator[str]:
    """The same text in pieces of up to :data:`_PIECE` characters (a template yields many tiny ones); a
    larger piece goes on alone, as it is (not copied)."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if batch and size + len(piece) > _PIECE:
            yield batch[0] if len(batch) == 1 else "".join(batch)
            batch.clear()
            size = 0
        batch.append(piece)
        size += len(piece)
    if batch:
        yield batch[0] if len(batch) == 1 else "".join(batch)
