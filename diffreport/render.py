"""Rendering: a Report in, text out. Nothing here writes files (see :mod:`diffreport.writer`)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .i18n import translations
from .models import Report

if TYPE_CHECKING:
    from jinja2 import Environment

FORMATS = ("md", "json", "html")


def template_dirs() -> list[Path]:
    """Shipped templates: ``diffreport/templates`` in a wheel, top-level ``templates/`` in a checkout."""
    here = Path(__file__).parent
    return [p for p in (here / "templates", here.parent / "templates") if p.is_dir()]


@cache
def get_env(lang: str = "en", user_dir: str | None = None) -> Environment:
    """The one Jinja environment (per language): the user's templates first, then the shipped ones."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(user_dir)] if user_dir else []
    loaders += [FileSystemLoader(str(p)) for p in template_dirs()]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "xml", "html.j2", "xml.j2"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters.update(
        md_cell=md_cell,
        md_inline=md_inline,
        md_heading=md_heading,
        fence_for=fence_for,
        json_summary=json_summary,
        md_paragraphs=md_paragraphs,
        md_link_text=md_link_text,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


# -- Markdown escaping ---------------------------------------------------------------------
_HTML = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md_inline(text: str | None) -> str:
    """One line of untrusted text for Markdown: no raw HTML, no line breaks."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\s*\n\s*", " ", text.translate(_HTML)).strip()


def md_cell(text: str | None) -> str:
    """Text for a table cell: as :func:`md_inline`, with ``|`` escaped so the row holds."""
    return md_inline(text).replace("\\|", "|").replace("|", "\\|")


def md_paragraphs(text: str | None) -> list[str]:
    """Paragraphs of untrusted text, each made inline-safe."""
    if not text:
        return []
    return [p for p in (md_inline(part) for part in re.split(r"\n\s*\n", text)) if p]


def md_link_text(text: str) -> str:
    return md_cell(text).replace("[", "\\[").replace("]", "\\]")


def md_heading(text: str | None) -> str:
    """A heading's text: inline-safe, and unable to open an attribute block of its own."""
    return md_inline(text).replace("{", "\\{").replace("}", "\\}").replace("#", "\\#")


def fence_for(patch: str, char: str = "`", minimum: int = 4) -> str:
    """A fence longer than any run of ``char`` that could close it inside ``patch``."""
    longest = 0
    for match in re.finditer(rf"^[ +\-\\]?[ \t]*({re.escape(char)}{{3,}})", patch, re.MULTILINE):
        longest = max(longest, len(match.group(1)))
    return char * max(minimum, longest + 1)


def json_summary(label: str, title: str) -> str:
    return json.dumps({"modification_type": label, "modification_title": title}, ensure_ascii=False, indent=4)


def front_matter(report: Report) -> str:
    import yaml

    data = {"title": report.title, "date": report.date, "summary": " ".join(report.summary.split())}
    if report.permalink:
        data["permalink"] = report.permalink
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=10**6)


# -- renderers -----------------------------------------------------------------------------
def render_markdown(report: Report, *, template_dir: str | None = None) -> str:
    from .narrate import bullet_anchors
    from .narrate.paths import distinct_names

    env = get_env(report.language, template_dir)
    return env.get_template("report.md.j2").render(
        report=report,
        front_matter=front_matter(report),
        names=distinct_names(f.path for f in report.files),
        anchors=bullet_anchors(report.files, report.language),
    )


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def render_html(report: Report, *, template_dir: str | None = None) -> str:
    from .site.pages import standalone_context  # the site's report page, with its CSS inlined

    env = get_env(report.language, template_dir)
    return env.get_template("report.html.j2").render(
        report=report, **standalone_context(report, template_dir)
    )


def render(report: Report, fmt: str, *, template_dir: str | None = None) -> str:
    if fmt == "md":
        return render_markdown(report, template_dir=template_dir)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report, template_dir=template_dir)
    raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def load_report(path: str | Path) -> Report:
    """A saved JSON report, validated."""
    from pydantic import ValidationError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return Report.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(document)"
        raise UsageError(f"{path} is not a diffreport JSON report: {where}: {first['msg']}") from None
