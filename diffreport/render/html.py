"""A Report as one standalone HTML page: the site's report page, with its CSS and script inlined.

The body goes Report → Markdown (:mod:`.markdown`) → the site's Markdown renderer; the site never
imports this package.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from ..models import Report
from ..settings.site import SiteSettings
from ..site.pages import report_body_html, static_text
from ..site.reports import split_front_matter
from ..spool import SpooledReport
from ..templating import get_env
from .markdown import render_markdown


def standalone_context(report: Report | SpooledReport, template_dir: str | None = None) -> dict[str, Any]:
    """What ``report.html.j2`` needs besides the report: its body through the site's Markdown path."""
    _, body = split_front_matter(render_markdown(report, template_dir=template_dir))
    return {
        "lang": report.language,
        "site": SiteSettings(title="diffreport"),
        "root": "",
        "body": report_body_html(body),
        "category_url": None,
        "newer": None,
        "older": None,
        "standalone": True,
        "inline_css": Markup(static_text("site.css", template_dir)),  # noqa: S704 - our own or the user's
        "inline_js": Markup(static_text("site.js", template_dir)),  # noqa: S704
        "page_title": report.title,
        "nav": "report",
    }


def html_chunks(report: Report | SpooledReport, *, template_dir: str | None = None) -> Iterator[str]:
    """The page in pieces, as the template produces it (the body itself is one piece)."""
    env = get_env(report.language, template_dir)
    return env.get_template("report.html.j2").generate(
        report=report, **standalone_context(report, template_dir)
    )


def render_html(report: Report | SpooledReport, *, template_dir: str | None = None) -> str:
    return "".join(html_chunks(report, template_dir=template_dir))
