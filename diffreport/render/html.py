"""A Report as one standalone HTML page: the site's report page, with its CSS and script inlined.

The body goes Report → Markdown (:mod:`.markdown`) → the site's Markdown renderer; the site never
imports this package. With the shipped templates the body is converted a file's section at a time
(:func:`_sections`): a report of any size is written without its whole Markdown, or markdown-it's tokens
of it, in memory. With a Markdown or page template of the user's, the body is converted whole.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..models import Report
from ..settings.site import SiteSettings
from ..site.pages import report_body_html, static_text
from ..site.reports import split_front_matter
from ..spool import SpooledReport
from ..templating import get_env, template_dirs
from .markdown import markdown_chunks

if TYPE_CHECKING:
    from jinja2 import Environment


def standalone_context(report: Report | SpooledReport, template_dir: str | None = None) -> dict[str, Any]:
    """What ``report.html.j2`` needs besides the report and its body."""
    return {
        "lang": report.language,
        "site": SiteSettings(title="diffreport"),
        "root": "",
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
    """The page in pieces: as the template produces it, the body a file's section at a time."""
    env = get_env(report.language, template_dir)
    page = env.get_template("report.html.j2")
    context = standalone_context(report, template_dir)
    markdown = markdown_chunks(report, template_dir=template_dir)
    if _shipped(env, "report.md.j2", "report.html.j2", "site/report.html", "site/base.html"):
        mark = f"<!--body {uuid.uuid4().hex}-->"  # where the body goes, while the page around it is made
        around = "".join(page.generate(report=report, body=Markup(mark), **context))
        head, found, tail = around.partition(mark)
        if found and mark not in tail:
            yield head
            yield from _sections(markdown)
            yield tail
            return
    _, body = split_front_matter("".join(markdown))
    yield from page.generate(report=report, body=report_body_html(body), **context)


def render_html(report: Report | SpooledReport, *, template_dir: str | None = None) -> str:
    return "".join(html_chunks(report, template_dir=template_dir))


def _shipped(env: Environment, *names: str) -> bool:
    """Whether the templates ``names`` are the shipped ones (none of the user's replaces them)."""
    ours = [Path(folder).resolve() for folder in template_dirs()]
    for name in names:
        filename = env.get_template(name).filename
        if filename is None or not any(Path(filename).resolve().is_relative_to(folder) for folder in ours):
            return False
    return True


# A file's section of the shipped report.md.j2 starts at an anchor line. Where one follows a blank line
# outside any fence and any <details>, markdown-it reads the text before it and the text from it the same
# way apart as together: no block is open there, and the report defines no link references (its text is
# escaped). A line that could open or close something the scan does not follow (a <details> line not at
# the top, a reference definition) ends the cutting: the rest is converted whole.
_SECTION = re.compile(r'<a id="item-[0-9a-f]{6}"></a>\n')
_FRONT_END = re.compile(r"---[ \t]*\r?\n")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}(?=[^`\n]*\n)|~{3,})")
_FENCE_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*\n?")
_DETAILS = re.compile(r" {0,3}(<details>|</details>)[ \t]*\n?")
_UNFOLLOWED = re.compile(r"<details>|</details>|^ {0,3}\[(?!.*\]\()")  # a [label]: definition, maybe
# A table (the Summary Table: a row a file) is converted some rows at a time too: its rows are read one by
# one, so a part of them under the table's head converts to the same rows. Only a table that starts a
# block, head and delimiter row with their outer pipes and as many cells, is cut.
_ATX = re.compile(r" {0,3}#{1,6}[ \t\n]")
_TABLE_RULE = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*\n")
TABLE_ROWS = 256
_TBODY, _TABLE_END = "<tbody>\n", "</tbody>\n</table>\n"


def _sections(markdown: Iterable[str]) -> Iterator[Markup]:
    """The report's Markdown body (its front matter dropped) as HTML, cut before each file's section and
    every :data:`TABLE_ROWS` rows of a table."""
    pending: list[str] = []  # lines not converted yet
    fence = ""  # the open fence's run of backticks or tildes
    details = 0
    blank = boundary = False  # the line before was blank; was blank or a heading (this one starts a block)
    head_starts = False  # the line before started a block
    table: list[str] = []  # a table's head and delimiter row, while its rows are read
    rows = 0  # of the table, in pending
    restated = False  # pending starts with the table's head again: its HTML is left out
    cutting = first = True
    lines = _lines(markdown)
    opening = next(lines, "")
    if _FRONT_END.fullmatch(opening):  # the front matter goes with the first piece unread: it is dropped
        pending.append(opening)
        for line in lines:
            pending.append(line)
            if _FRONT_END.fullmatch(line):
                break
    else:
        lines = itertools.chain([opening], lines)
    for line in lines:
        if table and line.startswith("|"):
            rows += 1
            if rows == TABLE_ROWS:
                pending.append(line)
                yield Markup(_table_part(_converted(pending, first), start=restated, end=True))
                pending, rows, restated, first = list(table), 0, True, False
                continue
        elif table:  # the table ends at a blank line; at anything else, the rest goes whole
            table, cutting = [], not line.strip(" \t\n")
            if restated and cutting:
                yield Markup(_table_part(_converted(pending, first), start=True) if rows else _TABLE_END)
                pending, restated = [], False
        elif not cutting:
            pass
        elif fence:
            closed = _FENCE_CLOSE.fullmatch(line)
            if closed and closed.group(1)[0] == fence[0] and len(closed.group(1)) >= len(fence):
                fence = ""
        elif blank and details == 0 and _SECTION.fullmatch(line):
            yield _converted(pending, first)
            pending, first = [], False
        elif opened := _FENCE_OPEN.match(line):
            fence = opened.group(1)
        elif tag := _DETAILS.fullmatch(line):
            details = details + 1 if tag.group(1) == "<details>" else max(0, details - 1)
        elif _UNFOLLOWED.search(line):
            cutting = False
        elif details == 0 and _TABLE_RULE.fullmatch(line) and _table_head(pending, line, head_starts):
            table, rows = [pending[-1], line], 0
        pending.append(line)
        head_starts = boundary
        blank = not line.strip(" \t\n")  # as markdown-it has it: spaces and tabs only
        boundary = blank or bool(_ATX.match(line))
    if restated:
        yield Markup(_table_part(_converted(pending, first), start=True))
    else:
        yield _converted(pending, first)


def _table_head(pending: list[str], rule: str, starts: bool) -> bool:
    """Whether the line before ``rule`` is a table's head that ``starts`` a block: the table may be cut."""
    head = pending[-1] if pending else ""
    return starts and head.startswith("|") and "\\" not in head and head.count("|") == rule.count("|")


def _table_part(html: str, *, start: bool = False, end: bool = False) -> str:
    """``html`` without the table's start (up to its body) or its end: the middle of one table."""
    if start:
        html = html[html.index(_TBODY) + len(_TBODY) :]
    if end:
        assert html.endswith(_TABLE_END), "a table's part converts to a table"
        html = html[: -len(_TABLE_END)]
    return html


def _converted(lines: list[str], first: bool) -> Markup:
    text = "".join(lines)
    if first:
        _, text = split_front_matter(text)
    return report_body_html(text)


def _lines(pieces: Iterable[str]) -> Iterator[str]:
    """The lines of the text ``pieces`` make, each with its end of line (the last one may have none)."""
    rest = ""
    for piece in pieces:
        lines = (rest + piece).split("\n")
        rest = lines.pop()
        for line in lines:
            yield line + "\n"
    if rest:
        yield rest
