"""What each page of the site shows, and rendering it with the one Jinja environment."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.dates import format_skeleton
from markupsafe import Markup

from ..settings.site import SiteSettings
from ..templating import get_env, template_dirs
from .markdown import render_markdown_html
from .reports import ReportMeta, entry_label, inline_html

STATIC_FILES = ("site.css", "site.js", "search.js")


def category_slugs(categories: Iterable[str]) -> dict[str, str]:
    """A file name per category: readable when it can be, unique always."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(set(categories)):
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
        if not slug or slug in used:
            slug = "c-" + hashlib.md5(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
        used.add(slug)
        slugs[name] = slug
    return slugs


def site_language(settings: SiteSettings, reports: Iterable[ReportMeta]) -> str:
    if settings.language:
        return "ja" if settings.language.lower().startswith("ja") else "en"
    counts = Counter(r.language for r in reports)
    return counts.most_common(1)[0][0] if counts else "en"


def month_label(month: str, lang: str) -> str:
    year, mon = (int(p) for p in month.split("-"))
    return format_skeleton("yMMMM", dt.date(year, mon, 1), locale=lang)


@dataclass
class SiteModel:
    """Everything the list pages need, computed once per build from the reports' metadata."""

    settings: SiteSettings
    reports: list[ReportMeta]  # newest first
    lang: str
    cat_slugs: dict[str, str] = field(default_factory=dict)
    template_dir: str | None = None  # user templates replacing shipped ones of the same name

    def __post_init__(self) -> None:
        self.cat_slugs = category_slugs(r.category for r in self.reports)

    def entry(self, report: ReportMeta) -> dict[str, Any]:
        return {
            "url": f"reports/{report.slug}.html",
            "title": report.title,
            "date": report.date,
            "category": report.category,
            "category_url": f"category/{self.cat_slugs[report.category]}.html",
            "summary": report.summary,
            "summary_html": inline_html(report.summary, 220),
            "label": entry_label(report, self.lang),
            "language": report.language,
            "files": report.files,
            "new_features": report.new_features,
            "breaking_changes": report.breaking_changes,
        }

    def by_category(self) -> dict[str, list[ReportMeta]]:
        groups: dict[str, list[ReportMeta]] = defaultdict(list)
        for report in self.reports:
            groups[report.category].append(report)
        return dict(sorted(groups.items()))

    def by_month(self) -> dict[str, list[ReportMeta]]:
        groups: dict[str, list[ReportMeta]] = defaultdict(list)
        for report in self.reports:
            groups[report.month].append(report)
        return dict(sorted(groups.items(), reverse=True))

    def neighbours(self) -> dict[str, tuple[ReportMeta | None, ReportMeta | None]]:
        """Per source: (newer, older) report of the same category."""
        result: dict[str, tuple[ReportMeta | None, ReportMeta | None]] = {}
        for items in self.by_category().values():
            for i, report in enumerate(items):
                newer = items[i - 1] if i > 0 else None
                older = items[i + 1] if i + 1 < len(items) else None
                result[report.source] = (newer, older)
        return result


def group_by_date(entries: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
    groups: dict[str, list[dict[str, str]]] = {}
    for entry in entries:
        groups.setdefault(entry["date"], []).append(entry)
    return list(groups.items())


def render_page(template: str, lang: str, *, template_dir: str | None = None, **context: Any) -> str:
    env = get_env(lang, template_dir)
    return env.get_template(f"site/{template}").render(lang=lang, **context)


def static_text(name: str, template_dir: str | None = None) -> str:
    user = [Path(template_dir)] if template_dir else []
    for folder in user + template_dirs():
        path = folder / "site" / "static" / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(name)


def report_body_html(body: str) -> Markup:
    """Rendered (and sanitised) report body: safe to put in a template as is."""
    return Markup(render_markdown_html(body))  # noqa: S704 - the renderer escapes all input


def render_report_page(
    meta: ReportMeta,
    body: str,
    *,
    lang: str,
    settings: SiteSettings,
    root: str,
    category_url: str,
    newer: dict[str, str] | None = None,
    older: dict[str, str] | None = None,
    template_dir: str | None = None,
) -> str:
    """One report as a page of the site."""
    return render_page(
        "report.html",
        lang,
        template_dir=template_dir,
        site=settings,
        root=root,
        report=meta,
        body=report_body_html(body),
        category_url=category_url,
        newer=newer,
        older=older,
        page_title=meta.title,
        nav="report",
    )
