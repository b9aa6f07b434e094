"""The incremental site builder.

Every output file has a key: a hash of what goes into it (the report file's digest, the metadata of the
reports a list page shows, the settings, and the version of the templates and of this code). The keys
are kept in a manifest in the output folder; a rebuild renders only outputs whose key changed (or whose
file is gone) and removes outputs that are no longer produced. The reports' metadata and search text are
cached in the manifest by file digest, so an unchanged report is not even parsed again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutputError, UsageError
from ..settings.site import SiteSettings
from ..templating import template_dirs
from ..writer import safe_join, write_atomic
from .feeds import render_feed, render_sitemap
from .manifest import MANIFEST, check_dirs, load_manifest, remove_temp_files, write_manifest
from .pages import (
    STATIC_FILES,
    SiteModel,
    group_by_date,
    month_label,
    render_page,
    render_report_page,
    report_body_html,
    site_language,
    static_text,
)
from .reports import ReportMeta, digest_bytes, find_reports, parse_report, split_front_matter
from .search import Section, plan_search, search_sections

logger = logging.getLogger(__name__)

PARALLEL_MIN = 24  # below this many report pages, worker processes cost more than they save


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int) -> None:
    """The default progress callback: nobody listens."""


@dataclass
class BuildResult:
    """What a build did: ``rendered`` outputs written (``rendered_reports``: whose report pages),
    ``skipped`` left as they were, ``removed`` deleted because nothing produces them any more."""

    reports: int = 0
    outputs: int = 0
    rendered: int = 0
    skipped: int = 0
    removed: int = 0
    rendered_reports: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class _ReportJob:
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
class _Output:
    deps: Any
    make: Callable[[], str] | None = None
    job: _ReportJob | None = None


def code_version(template_dir: str | None = None) -> str:
    """A hash of the site templates (the user's too), this package's code and the translations: a change
    rebuilds all."""
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    files = sorted(here.glob("*.py")) + sorted((here.parent / "locale").rglob("*.po"))
    for folder in ([Path(template_dir)] if template_dir else []) + template_dirs():
        files += sorted(p for p in (folder / "site").rglob("*") if p.is_file())
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _about_text(settings: SiteSettings, config_dir: Path | None) -> str:
    if settings.about_file:
        path = Path(settings.about_file)
        if not path.is_absolute() and config_dir is not None:
            path = config_dir / path
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"site.about_file: cannot read {path}: {exc.strerror or exc}") from None
    return settings.about


def _unique_slugs(metas: list[ReportMeta]) -> list[ReportMeta]:
    seen: set[str] = set()
    result = []
    for meta in metas:
        slug = meta.slug
        if slug.lower() in seen:
            slug = f"{slug}-{hashlib.md5(meta.source.encode(), usedforsecurity=False).hexdigest()[:6]}"
            meta = ReportMeta(**{**meta.to_dict(), "slug": slug})
        seen.add(slug.lower())
        result.append(meta)
    return result


def build_site(
    reports_dir: str | Path,
    out_dir: str | Path,
    settings: SiteSettings | None = None,
    *,
    config_dir: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    template_dir: str | None = None,
) -> BuildResult:
    """Build (or bring up to date) the site of every report below ``reports_dir`` in ``out_dir``.

    ``jobs`` processes render report pages when many need it (default: the number of CPUs).
    ``progress(stage, done, total)`` hears how far reading the reports and writing the pages are.
    ``template_dir`` holds templates (``site/*.html``, ``site/static/*``) that replace the shipped ones.
    """
    report = progress or _no_progress
    started = time.perf_counter()
    src, out = Path(reports_dir), Path(out_dir)
    settings = settings or SiteSettings()
    check_dirs(src, out)
    manifest = load_manifest(out)
    code = code_version(template_dir)
    if not (out / MANIFEST).is_file():
        # claim the folder before writing anything, so a build killed half-way is finished by the next
        write_manifest(out, code, {}, {})
    remove_temp_files(out)
    # parsed metadata and search text are reused only if the code that made them is the same
    cached: dict[str, Any] = manifest.get("reports", {}) if manifest.get("code") == code else {}
    old_keys: dict[str, str] = manifest.get("outputs", {})
    about = _about_text(settings, config_dir)
    version = hashlib.sha256((code + settings.model_dump_json() + about).encode("utf-8")).hexdigest()

    raw: dict[str, bytes] = {}
    metas: list[ReportMeta] = []
    texts: dict[str, list[Section]] = {}
    new_cache: dict[str, Any] = {}
    found = find_reports(src)
    for done, (rel, path) in enumerate(found):
        report("reading reports", done, len(found))
        try:
            data = path.read_bytes()
        except OSError as exc:
            logger.warning("cannot read %s: %s", path, exc.strerror or exc)
            continue
        digest = digest_bytes(data)
        hit = cached.get(rel)
        if hit and hit.get("digest") == digest and hit.get("meta"):
            meta = ReportMeta(**hit["meta"])
            text = [(str(a), str(h), str(t)) for a, h, t in hit.get("sections", [])]
        else:
            parsed = parse_report(rel, data)
            if parsed is None:
                continue
            meta = parsed.meta
            text = search_sections(parsed.body, f"{meta.title}\n\n{meta.summary}")
        raw[rel] = data
        metas.append(meta)
        texts[rel] = text
        new_cache[rel] = {"digest": digest, "meta": meta.to_dict(), "sections": text}

    metas = _unique_slugs(metas)
    metas.sort(key=lambda m: (m.date, m.source), reverse=True)
    model = SiteModel(
        settings=settings, reports=metas, lang=site_language(settings, metas), template_dir=template_dir
    )
    outputs = _plan(model, raw, texts, about)

    result = BuildResult(reports=len(metas), outputs=len(outputs))
    new_keys: dict[str, str] = {}
    todo: list[tuple[str, _Output]] = []
    for rel_out, item in outputs.items():
        key = hashlib.sha256(
            json.dumps([version, model.lang, item.deps], sort_keys=True, ensure_ascii=False).encode("utf-8")
        ).hexdigest()
        new_keys[rel_out] = key
        if old_keys.get(rel_out) == key and (out / rel_out).is_file():
            result.skipped += 1
        else:
            todo.append((rel_out, item))
    _write_outputs(out, todo, jobs if jobs is not None else min(os.cpu_count() or 1, 8), report)
    result.rendered = len(todo)
    result.rendered_reports = [item.job.meta.source for _, item in todo if item.job is not None]

    for rel_out in sorted(set(old_keys) - set(new_keys)):
        with contextlib.suppress(OutputError, OSError):
            safe_join(out, rel_out).unlink(missing_ok=True)
            result.removed += 1

    if todo or result.removed or new_cache.keys() != cached.keys() or not manifest:
        write_manifest(out, code, new_keys, new_cache)
    result.seconds = time.perf_counter() - started
    logger.info(
        "site: %d reports, %d outputs, %d rendered, %d unchanged, %d removed in %.2fs",
        result.reports,
        result.outputs,
        result.rendered,
        result.skipped,
        result.removed,
        result.seconds,
    )
    return result


def _write(target: Path, text: str) -> None:
    write_atomic(target, text)
    target.chmod(0o644)  # a web server running as another user must read the site


def _write_report(target: Path, job: _ReportJob) -> None:
    """Render and write one report page (in a worker process when building in parallel)."""
    _write(target, job.render())


def _write_outputs(out: Path, todo: list[tuple[str, _Output]], jobs: int, progress: Progress) -> None:
    reports = [(safe_join(out, rel), item.job) for rel, item in todo if item.job is not None]
    done = 0
    progress("writing pages", done, len(todo))
    if jobs > 1 and len(reports) >= PARALLEL_MIN:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for _ in pool.map(_write_report, *zip(*reports, strict=True), chunksize=4):
                done += 1
                progress("writing pages", done, len(todo))
    else:
        for target, job in reports:
            _write_report(target, job)
            done += 1
            progress("writing pages", done, len(todo))
    for rel, item in todo:
        if item.make is not None:
            _write(safe_join(out, rel), item.make())
            done += 1
            progress("writing pages", done, len(todo))


def _plan(
    model: SiteModel, raw: dict[str, bytes], texts: dict[str, list[Section]], about: str
) -> dict[str, _Output]:
    """Every output file of the site: its dependencies and how to make it."""
    settings, lang = model.settings, model.lang
    outputs: dict[str, _Output] = {}

    def page(path: str, template: str, deps: Any, **context: Any) -> None:
        def make() -> str:
            root = "../" * path.count("/")
            return render_page(
                template, lang, template_dir=model.template_dir, site=settings, root=root, **context
            )

        outputs[path] = _Output(deps=deps, make=make)

    for name in STATIC_FILES:
        text = static_text(name, model.template_dir)
        outputs[f"static/{name}"] = _Output(
            deps=digest_bytes(text.encode()), make=functools.partial(str, text)
        )

    entries = {m.source: model.entry(m) for m in model.reports}
    neighbours = model.neighbours()
    for meta in model.reports:
        newer, older = neighbours[meta.source]
        newer_e = entries[newer.source] if newer else None
        older_e = entries[older.source] if older else None
        path = entries[meta.source]["url"]

        job = _ReportJob(
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
        outputs[path] = _Output(deps=[meta.to_dict(), newer_e, older_e], job=job)

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
        outputs[path] = _Output(deps=deps, make=make)

    all_entries = [entries[m.source] for m in model.reports[: settings.feed_limit]]
    outputs["feed.xml"] = _Output(
        deps=all_entries,
        make=functools.partial(
            render_feed, model, model.reports, path="feed.xml", title=settings.title, page_url="index.html"
        ),
    )
    for cat in cat_list:
        reports = categories[cat["name"]]
        outputs[cat["feed"]] = _Output(
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
        outputs["sitemap.xml"] = _Output(
            deps=html_pages, make=functools.partial(render_sitemap, model, html_pages)
        )
    return outputs


def _about_html(about: str) -> Any:
    return report_body_html(about) if about.strip() else None
