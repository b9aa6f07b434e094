"""Checking a Markdown report's structure as CommonMark and GitHub-flavoured Markdown viewers see it.

The report is parsed with markdown-it-py's ``commonmark`` and ``gfm-like`` presets (raw HTML on, as GitHub
and most viewers have it) and checked against the Report it came from: every file has its own section
(after an anchor that the Summary Table links to), holding its whole diff inside ``<details>``, then its own
Summary and Explanation. Structure is checked, not bytes.
"""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from diffreport.models import Report

PRESETS = ("commonmark", "gfm-like")


def parser(preset: str) -> MarkdownIt:
    """A viewer's parser: the preset, reading YAML front matter as GitHub does (as data, not Markdown).

    GFM autolinks only ``www.`` and ``http(s)://`` text, so linkify's fuzzy links (``batch.md``) are off.
    """
    md = MarkdownIt(preset).use(front_matter_plugin)
    if md.linkify is not None:
        md.linkify.set({"fuzzy_link": False})
    return md


def _text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def _normalised(text: str) -> str:
    """What a CommonMark parser makes of the input: line endings unified, NUL replaced."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def _sections(tokens: list[Token]) -> list[tuple[int, list[Token]]]:
    """``(index of the h2, top-level and inline tokens up to the next h2)`` for each file under Modified Contents."""
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h1" and tokens[i + 1].content == "Modified Contents"
    )
    heads = [
        i for i in range(start, len(tokens)) if tokens[i].type == "heading_open" and tokens[i].tag == "h2"
    ]
    bounds = [*heads, len(tokens)]
    return [
        (h, [t for t in tokens[h : bounds[n + 1]] if t.level == 0 or t.type == "inline"])
        for n, h in enumerate(heads)
    ]


def check_report_structure(report: Report, text: str, preset: str) -> None:
    md = parser(preset)
    tokens = md.parse(text)
    html = md.render(text)
    assert "{#" not in html, "a literal {#…} marker"
    ids = set(re.findall(r'\bid="([^"]+)"', html))

    links = [
        str(c.attrGet("href"))
        for t in tokens
        if t.type == "inline"
        for c in t.children or []
        if c.type == "link_open" and str(c.attrGet("href")).startswith("#")
    ]
    table = links[len(links) - len(report.files) :]  # highlight bullets link to sections too, before it
    assert table == [f"#{f.anchor}" for f in report.files], "Summary Table links, in file order"
    missing = [href for href in links if href[1:] not in ids]
    assert not missing, f"links that land nowhere: {missing[:5]}"

    sections = _sections(tokens)
    assert len(sections) == len(report.files), "one section per file"
    for f, (head, blocks) in zip(report.files, sections, strict=True):
        assert _text(tokens[head + 1]) == f.path
        before = tokens[head - 2]
        assert before.type == "inline", f"{f.path}: no anchor before the heading"
        assert before.content == f'<a id="{f.anchor}"></a>', f.path
        kinds = [(t.type, t.tag) for t in blocks]
        rest = blocks[3:]  # heading open, inline, close
        if f.patch:
            opening, fence, closing = rest[0], rest[1], rest[2]
            assert opening.type == "html_block", f.path
            assert opening.content == "<details>\n<summary>Diff</summary>\n", f.path
            assert (fence.type, fence.info) == ("fence", "diff"), f.path
            assert fence.content == _normalised(f.patch) + "\n", f"{f.path}: the diff is not whole"
            assert (closing.type, closing.content) == ("html_block", "</details>\n"), f.path
            rest = rest[3:]
        h3 = [i for i, t in enumerate(rest) if t.type == "heading_open" and t.tag == "h3"]
        assert [rest[i + 1].content for i in h3] == ["Summary", "Explanation"], (f.path, kinds)
        summary = rest[h3[0] + 3]
        assert (summary.type, summary.info) == ("fence", "json"), f.path
        assert json.loads(summary.content) == {"modification_type": f.label, "modification_title": f.title}
        paragraphs = [t for t in rest[h3[1] :] if t.type == "paragraph_open"]
        assert len(paragraphs) >= (1 if f.explanation.strip() else 0), f.path
        assert all(t.type != "html_block" for t in rest), f"{f.path}: raw HTML outside the diff block"


def gfm_tables(markdown: str) -> list[list[list[str]]]:
    """Every table of a page as markdown-it-py's ``gfm-like`` preset reads it: its rows (the header first),
    each a list of the cells' text (code spans as their text, spacing collapsed)."""
    tables: list[list[list[str]]] = []
    row: list[str] = []
    inside = False
    for token in parser("gfm-like").parse(markdown):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            tables[-1].append(row)
        elif token.type in ("th_open", "td_open"):
            inside = True
            row.append("")
        elif token.type in ("th_close", "td_close"):
            inside = False
        elif inside and token.type == "inline":
            row[-1] = " ".join(_text(token).split())
    return tables
