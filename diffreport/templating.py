"""The one Jinja environment (report templates, site pages, prompts) and the filters the report uses.

The user's template folder comes before the shipped templates (a ``ChoiceLoader``), autoescape is on for HTML
and XML, and the Markdown filters below make untrusted text safe to put into a Markdown report.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import translations

if TYPE_CHECKING:
    from jinja2 import Environment


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
