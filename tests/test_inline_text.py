"""Inline text both ways, judged by markdown-it-py: the analysis reads a heading or a table cell as a reader
sees it rendered, and the report writes its text (plain text and code spans) so that a viewer shows exactly
that text: `__init__.py`, `max_tokens` and `List<T>` stay themselves on both sides."""

from __future__ import annotations

import html
import random
import re

import pytest
from conftest import GitRepoFactory
from markdown_it import MarkdownIt
from render_helpers import PRESETS, parser

from diffreport.analysis.syntax import clean_inline
from diffreport.analysis.tables import _row_name
from diffreport.codespans import code_spans
from diffreport.pipeline import CompareOptions, compare
from diffreport.render import render_markdown
from diffreport.templating import md_cell, md_inline

_TAGS = re.compile(r"<[^>]+>")
# a line break, or the edge of a block a viewer draws on its own line (a list item, a paragraph, a cell)
_BREAK = re.compile(r"</?(?:br|hr|li|ul|ol|p|div|tr|td|th|dd|dt|dl|table|h[1-6])\b[^>]*>", re.IGNORECASE)

# bits of headings and cells as docs write them, each whole (an emphasis that closes, a code span that ends)
_MARKDOWN = [
    "word",
    "snake_case",
    "max_tokens=1",
    "`code_x`",
    "_`code_x`_",
    "**`a_b`**",
    "*`x`* words",
    "`List<T>`",
    "``a`b``",
    "**bold**",
    "__strong__",
    "_em_",
    "*em*",
    "\\_",
    "\\*",
    "\\|",
    "a\\\\b",
    "<b>x</b>",
    "<br/>",
    "a<br>b",
    "<ul><li>list[float]</li><li>numpy array</li></ul>",  # semantic-kernel-docs connector tables
    "x<p>y</p>z",
    '<img src="a.png" alt=x>',
    "<!-- c -->",
    "[link](u)",
    "[`a_b`](u)",
    "[v4.0 (GA)](/rest/x?view=v4.0%20(2024-11-30)&preserve-view=true)",  # Learn's REST links: a pair in the target
    "[a](u(x)y)",
    "5 * 3",
    "C#",
    "x<y",
    "Ünïcode_wörd",
    "IVectorizableTextSearch\\<TRecord\\>",
    "Q&amp;A",
    "How-To&colon;",
    "&#58;&#x3A;",
    "&bogus;",
    "`&amp;`",
    "\\&amp;",
]


def _seen(rendered: str) -> str:
    """The text a viewer shows for rendered HTML, spaces collapsed (a line break or a block parts words)."""
    return " ".join(html.unescape(_TAGS.sub("", _BREAK.sub(" ", rendered))).split())


def test_inline_markdown_reads_as_commonmark_renders_it() -> None:
    md = MarkdownIt("commonmark")
    rng = random.Random(3)
    for _ in range(3000):
        text = " ".join(rng.choice(_MARKDOWN) for _ in range(rng.randint(1, 5)))
        assert clean_inline(text) == _seen(md.renderInline(text)), text


@pytest.mark.parametrize(
    ("markdown", "seen"),
    [  # semantic-kernel-docs and Azure docs headings and first cells
        ("Choosing `auto_hide_untrusted`", "Choosing auto_hide_untrusted"),
        ("Forcing a tool call with `tool_choice`", "Forcing a tool call with tool_choice"),
        ("IVectorizableTextSearch\\<TRecord\\>", "IVectorizableTextSearch<TRecord>"),
        ("frequency\\_penalty", "frequency_penalty"),
        (
            "_Summary by `SummarizeSkill.Summarize`_",
            "Summary by SummarizeSkill.Summarize",
        ),  # an emphasis ends at code
        ("Reasoning summary <sup>***</sup>", "Reasoning summary"),  # a footnote mark is no part of the name
        ("| `list[str \\| Message]` | `from_messages` | Always |", "list[str | Message]"),
        ("| `path_to_root` | Relative folder path | Yes |", "path_to_root"),
        ("| South Central US\u200b <sup>2</sup>\u200b | ✅ | ✅ |", "South Central US"),  # Azure regions
        ("| 1 | **Services** | These consist of both AI services |", "Services"),  # a numbering column
        ("| | Components | Description |", "Components"),
        ("| 2024 | 2025 |", "2024"),  # numbers only: the first
    ],
)
def test_real_headings_and_cells(markdown: str, seen: str) -> None:
    assert (_row_name(markdown) if markdown.startswith("|") else clean_inline(markdown)) == seen


# bits of the report's own text: names and values as they are, code spans, punctuation
_REPORT_TEXT = [
    "Added",
    "__init__.py",
    "_config.yml",
    "*.md",
    "snake_case",
    "a_b_",
    "`IList<T>`",
    "`__init__`",
    "`a*b*c`",
    "<b>bold</b>",
    "&amp;",
    "[x](y)",
    "C#",
    "#1",
    "x > y",
    "'quoted'",
    "100%",
    "a\\b",
    "~~gone~~",
]


def _meant(text: str) -> str:
    """What a report's text says: its code spans' text as it is, without their backticks."""
    out, pos = [], 0
    for start, end, ticks in code_spans(text):
        out += [text[pos:start], text[start + ticks : end - ticks]]
        pos = end
    out.append(text[pos:])
    return " ".join("".join(out).split())


@pytest.mark.parametrize("preset", PRESETS)
def test_report_text_is_shown_as_it_is_written(preset: str) -> None:
    md = parser(preset)
    rng = random.Random(5)
    for _ in range(2000):
        text = " ".join(rng.choice(_REPORT_TEXT) for _ in range(rng.randint(1, 5)))
        assert _seen(md.renderInline(md_inline(text))) == _meant(text), text
        if preset == "gfm-like":  # a table cell
            row = md.render(f"| a |\n| --- |\n| {md_cell(text)} |\n")
            assert _seen(row.split("<tbody>")[1]) == _meant(text), text


@pytest.mark.parametrize("preset", PRESETS)
def test_names_and_code_reach_the_rendered_report_whole(git_repo: GitRepoFactory, preset: str) -> None:
    table = "| Type | Use |\n| --- | --- |\n| `IList<T>` | {} |\n"
    git_repo.write("docs/page.md", "# Page\n\n" + table.format("lists"))
    git_repo.commit("base", "2025-04-16T10:00:00+00:00")
    method = "## The `__init__` method\n\n" + "".join(f"Line {i} about it.\n" for i in range(12)) + "\n"
    git_repo.write("docs/page.md", "# Page\n\n" + table.format("read-only lists") + "\n" + method)
    git_repo.write("samples/python/__init__.py", "x = 1\n")
    git_repo.commit("change", "2025-04-17T10:00:00+00:00")
    report = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path), include=["*"]))
    titles = {f.path: f.title for f in report.files}
    assert titles == {
        "docs/page.md": "Added section 'The __init__ method'",
        "samples/python/__init__.py": "Added __init__.py",
    }
    page_file = next(f for f in report.files if f.path == "docs/page.md")
    assert "`IList<T>`" in page_file.explanation
    rendered = parser(preset).render(render_markdown(report))
    if preset == "gfm-like":  # the Summary Table
        cells = [_seen(c) for c in re.findall(r"<td>(.*?)</td>", rendered)]
        for title in titles.values():
            assert _meant(title) in cells
    assert "<code>IList&lt;T&gt;</code>" in rendered
    assert _meant(page_file.explanation) in _seen(rendered)
    assert "Added __init__.py" in _seen(rendered.split("<h1>Highlights</h1>")[1].split("</p>")[0])
