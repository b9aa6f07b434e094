"""The incremental site builder.

Every output file has a key: a hash of what goes into it (the report file's digest, the metadata of the
reports a list page shows, the settings, and the version of the templates and of this code). The keys
are kept in a manifest in the output folder; a rebuild renders only outputs whose key changed (or whose
file is gone) and removes outputs that are no longer produced. The reports' metadata and search text are
cached in the manifest by file digest, so an unchanged report is not even parsed again.
"""

from __future__ import annotations

import contextlib
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
from .manifest import MANIFEST, check_dirs, load_manifest, remove_temp_files, write_manifest
from .pages import SiteModel, site_language
from .plan import Output, ReportJob, plan_outputs
from .reports import ReportMeta, digest_bytes, find_reports, parse_report
from .search import Section, search_sections

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
    outputs = plan_outputs(model, raw, texts, about)

    result = BuildResult(reports=len(metas), outputs=len(outputs))
    new_keys: dict[str, str] = {}
    todo: list[tuple[str, Output]] = []
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


def _write_report(target: Path, job: ReportJob) -> None:
    """Render and write one report page (in a worker process when building in parallel)."""
    _write(target, job.render())


def _write_outputs(out: Path, todo: list[tuple[str, Output]], jobs: int, progress: Progress) -> None:
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
