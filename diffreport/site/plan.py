"""The plan of a site build: every output file, what goes into it (its dependencies, hashed into its key by
:mod:`.build`) and how to make it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..settings.site import SiteSettings
from .feeds import render_feed, render_sitemap
from .pages import (
    STATIC_FILES,
    SiteModel,
    group_by_date,
    month_label,
    render_page,
    render_report_page,
    report_body_html,
    static_text,
)
from .reports import ReportMeta, digest_bytes, split_front_matter
from .search import Section, plan_search


@dataclass(frozen=True)
class ReportJob:
    """Everything one report page needs (picklable, for a worker process)."""

    meta: ReportMeta
    data: bytes
    lang: str
    settings: SiteSettings
    root: str
    category_url: str
    newer: dict[str, str] | None
    older: dict[str, str] | None
    template_dir: str | None

    def render(self) -> str:
        _, body = split_front_matter(self.data.decode("utf-8", errors="replace"))
        return render_report_page(
            self.meta,
            body,
            lang=self.lang,
            settings=self.settings,
            root=self.root,
            category_url=self.category_url,
            newer=self.newer,
            older=self.older,
            template_dir=self.template_dir,
        )


@dataclass
class Output:
    deps: Any
    make: Callable[[], str] | None = None
    job: ReportJob | None = None


def plan_outputs(
    model: SiteModel, raw: dict[str, bytes], texts: dict[str, list[Section]], about: str
) -> dict[str, Output]:
    """Every output file of the site: its dependencies and how to make it."""
    settings, lang = model.settings, model.lang
    outputs: dict[str, Output] = {}

    def page(path: str, template: str, deps: Any, **context: Any) -> None:
        def make() -> str:
            root = "../" * path.count("/")
            return render_page(
                template, lang, template_dir=model.template_dir, site=settings, root=root, **context
            )

        outputs[path] = Output(deps=deps, make=make)

    for name in STATIC_FILES:
        text = static_text(name, model.template_dir)
        outputs[f"static/{name}"] = Output(
            deps=digest_bytes(text.encode()), make=functools.partial(str, text)
        )

    entries = {m.source: model.entry(m) for m in model.reports}
    neighbours = model.neighbours()
    for meta in model.reports:
        newer, older = neighbours[meta.source]
        newer_e = entries[newer.source] if newer else None
        older_e = entries[older.source] if older else None
        path = entries[meta.source]["url"]

        job = ReportJob(
            meta=meta,
            data=raw[meta.source],
            lang=lang,
            settings=settings,
            root="../" * path.count("/"),
            category_url=entries[meta.source]["category_url"],
            newer=newer_e,
            older=older_e,
            template_dir=model.template_dir,
        )
        outputs[path] = Output(deps=[meta.to_dict(), newer_e, older_e], job=job)

    categories = model.by_category()
    months = model.by_month()
    cat_list: list[dict[str, Any]] = [
        {
            "name": name,
            "url": f"category/{model.cat_slugs[name]}.html",
            "feed": f"feeds/{model.cat_slugs[name]}.xml",
            "count": len(items),
            "latest": items[0].date,
        }
        for name, items in categories.items()
    ]
    month_list: list[dict[str, Any]] = [
        {"month": month, "label": month_label(month, lang), "url": f"month/{month}.html", "count": len(items)}
        for month, items in months.items()
    ]
    newest = [entries[m.source] for m in model.reports[: settings.index_limit]]
    page(
        "index.html",
        "index.html",
        [newest, cat_list, month_list],
        groups=group_by_date(newest),
        categories=cat_list,
        months=month_list,
        total=len(model.reports),
        page_title="",
        nav="index",
    )
    page("categories.html", "categories.html", cat_list, categories=cat_list, page_title="", nav="categories")
    page("months.html", "months.html", month_list, months=month_list, page_title="", nav="months")
    for cat in cat_list:
        items = [entries[m.source] for m in categories[cat["name"]]]
        page(
            cat["url"],
            "list.html",
            [cat, items],
            heading=cat["name"],
            feed=cat["feed"],
            kind="category",
            groups=group_by_date(items),
            count=len(items),
            page_title=cat["name"],
            nav="categories",
        )
    for mon in month_list:
        items = [entries[m.source] for m in months[mon["month"]]]
        page(
            mon["url"],
            "list.html",
            [mon, items],
            heading=mon["label"],
            feed=None,
            kind="month",
            groups=group_by_date(items),
            count=len(items),
            page_title=mon["label"],
            nav="months",
        )
    page("about.html", "about.html", about, about_html=_about_html(about), page_title="", nav="about")
    page("search.html", "search.html", None, page_title="", nav="search")

    for path, (deps, make) in plan_search(model.reports, entries, texts).items():
        outputs[path] = Output(deps=deps, make=make)

    all_entries = [entries[m.source] for m in model.reports[: settings.feed_limit]]
    outputs["feed.xml"] = Output(
        deps=all_entries,
        make=functools.partial(
            render_feed, model, model.reports, path="feed.xml", title=settings.title, page_url="index.html"
        ),
    )
    for cat in cat_list:
        reports = categories[cat["name"]]
        outputs[cat["feed"]] = Output(
            deps=[entries[m.source] for m in reports[: settings.feed_limit]],
            make=functools.partial(
                render_feed,
                model,
                reports,
                path=cat["feed"],
                title=f"{settings.title} - {cat['name']}",
                page_url=cat["url"],
            ),
        )
    if settings.base_url:
        html_pages = sorted(p for p in outputs if p.endswith(".html"))
        outputs["sitemap.xml"] = Output(
            deps=html_pages, make=functools.partial(render_sitemap, model, html_pages)
        )
    return outputs


def _about_html(about: str) -> Any:
    return report_body_html(about) if about.strip() else None
