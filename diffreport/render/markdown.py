"""A Report as Markdown in the reference layout (``templates/report.md.j2``).

Two forms: ``commonmark`` (the default) renders right in CommonMark and GitHub-flavoured Markdown viewers —
each diff's ``<details>`` block holds blank lines around its fence, and each file heading follows an
``<a id="item-…"></a>`` anchor that GitHub keeps; ``pandoc`` is the reference's own form for sites built
through pandoc (``## path{#item-…}`` headings, ``{target="_blank"}`` links).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, get_args

from ..errors import UsageError
from ..spool import SpooledReport
from ..templating import get_env, md_url

if TYPE_CHECKING:
    from ..models import Report

MarkdownForm = Literal["commonmark", "pandoc"]
MARKDOWN_FORMS: tuple[str, ...] = get_args(MarkdownForm)


def front_matter(report: Report | SpooledReport) -> str:
    import yaml

    data = {"title": report.title, "date": report.date, "summary": " ".join(report.summary.split())}
    if report.permalink and md_url(report.permalink):  # a web address, never a script
        data["permalink"] = report.permalink
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=10**6)


def markdown_chunks(
    report: Report | SpooledReport, *, template_dir: str | None = None, markdown: str = "commonmark"
) -> Iterator[str]:
    """The Markdown text in pieces, as the template produces it. A spooled report reads as a Report to the
    template; each of its files is read back when the template gets to it."""
    if markdown not in MARKDOWN_FORMS:
        raise UsageError(f"unknown Markdown form {markdown!r} (choose from {', '.join(MARKDOWN_FORMS)})")
    from ..narrate import bullet_anchors
    from ..narrate.paths import distinct_names

    env = get_env(report.language, template_dir)
    files = report.light if isinstance(report, SpooledReport) else report.files  # light ones will do
    return env.get_template("report.md.j2").generate(
        report=report,
        front_matter=front_matter(report),
        pandoc=markdown == "pandoc",
        names=distinct_names(f.path for f in files),
        anchors=bullet_anchors(files, report.language),
    )


def render_markdown(
    report: Report | SpooledReport, *, template_dir: str | None = None, markdown: str = "commonmark"
) -> str:
    return "".join(markdown_chunks(report, template_dir=template_dir, markdown=markdown))
