"""Atom feeds and the sitemap (rendered by templates; escaping by the environment's autoescape)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from .pages import SiteModel, render_page
from .reports import ReportMeta

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """Text XML 1.0 can hold: control characters (which YAML can smuggle in) dropped; non-text as is."""
    return _XML_INVALID.sub("", value) if isinstance(value, str) else value


def entry_id(settings_base: str, report: ReportMeta) -> str:
    """A stable id: the page URL when the site has a base URL, else a name-based UUID."""
    if settings_base:
        return f"{settings_base}reports/{report.slug}.html"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"diffreport:{report.slug}"))


def render_feed(model: SiteModel, reports: list[ReportMeta], *, path: str, title: str, page_url: str) -> str:
    """An Atom feed at ``path`` (relative to the site root) of the newest ``reports``."""
    base = model.settings.base_url
    root = "../" * path.count("/")
    items = reports[: model.settings.feed_limit]
    entries = [
        {**{k: xml_text(v) for k, v in model.entry(r).items()}, "id": entry_id(base, r)} for r in items
    ]
    updated = items[0].date if items else "1970-01-01"
    feed_id = (
        f"{base}{path}" if base else "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"diffreport:{path}"))
    )
    return render_page(
        "feed.xml",
        model.lang,
        template_dir=model.template_dir,
        site=model.settings,
        link_root=base or root,
        title=xml_text(title),
        feed_id=feed_id,
        self_url=f"{base or root}{path}",
        page_url=f"{base or root}{page_url}",
        updated=updated,
        entries=entries,
    )


def render_sitemap(model: SiteModel, pages: list[str]) -> str:
    return render_page(
        "sitemap.xml",
        model.lang,
        template_dir=model.template_dir,
        base=model.settings.base_url,
        pages=sorted(pages),
    )
