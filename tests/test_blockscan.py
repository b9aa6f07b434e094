"""The line scanner reads the same front matter and headings as markdown-it-py does on the page's skeleton.

markdown-it-py is the oracle here only: ``_oracle`` is the parse the scanner replaced (markdown-it over the
skeleton of the page), and every test compares the two on real and on generated pages. Where that parse finds a
setext heading, the headings expected are those markdown-it-py's ``gfm-like`` preset reads at the top level.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from analysis_helpers import corpus_markdown_pages
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from diffreport.analysis import blockscan, document
from diffreport.analysis.document import Document, Heading, parse_document
from diffreport.analysis.patch import parse_lines
from diffreport.analysis.syntax import SEP, clean_inline

_MD = (
    MarkdownIt("commonmark")
    .use(front_matter_plugin)
    .disable(["inline", "text_join", "table", "list", "blockquote", "reference"], ignoreInvalid=True)
)
_KEEP = re.compile(r"^ {0,3}(?:#|```|~~~|<!--|=+[ \t]*$|-+[ \t]*$)")


def _skeleton(lines: list[str]) -> str:
    kept = [""] * len(lines)
    start = 0
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is not None:
            kept[: end + 1] = lines[: end + 1]
            start = end + 1
    comments = any("<!--" in line for line in lines)
    for i in range(start, len(lines)):
        line = lines[i]
        if _KEEP.match(line):
            kept[i] = line
            if line.lstrip(" ")[:1] in "=-" and i > start and lines[i - 1].strip():
                kept[i - 1] = lines[i - 1]
        elif comments and "-->" in line:  # it may close a comment
            kept[i] = line
    return "\n".join(kept) + "\n"


_GFM = MarkdownIt("gfm-like")


def _oracle(text: str) -> Document:
    """markdown-it over the page's skeleton; and where that finds a setext heading, the top-level headings
    ``gfm-like`` reads in the whole body (the underline's paragraph, list, quote or table decides). A Learn
    directive underlined (``::: zone-end`` then ``---``) is no heading, as Learn reads it."""
    lines = text.splitlines()
    doc = Document(line_count=len(lines), lines=lines)
    tokens = _MD.parse(_skeleton(lines))
    start = next((tok.map[1] for tok in tokens if tok.type == "front_matter" and tok.map), 0)
    if any(tok.type == "heading_open" and tok.markup in ("=", "-") for tok in tokens):
        doc.parsed = True
        body = _GFM.parse("\n".join(lines[start:]))
        for tok in body:
            if tok.map:
                tok.map = [tok.map[0] + start, tok.map[1] + start]
        heads = [k for k, tok in enumerate(body) if tok.type == "heading_open" and tok.level == 0]
        tokens = [tok for tok in tokens if tok.type == "front_matter"] + [
            t for k in heads for t in body[k : k + 2]
        ]
    stack: list[tuple[int, str, bool]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "front_matter" and tok.map:
            doc.fm_end = tok.map[1]
            doc.front_matter, doc.fm_lines = document._front_matter(tok.content, tok.map[0] + 2)
        elif tok.type == "heading_open" and tok.map and i + 1 < len(tokens):
            if tok.markup in ("=", "-") and tokens[i + 1].content.startswith(":::"):
                continue
            level = int(tok.tag[1:])
            # a Learn tab heading (`# [Python](#tab/python)`) is a level below the section it is in
            tab = re.fullmatch(r"\[[^\]]*\]\(#tab/[^)\s]*\)\s*", tokens[i + 1].content) is not None
            if tab:
                level = min(6, 1 + max((lvl for lvl, _t, was_tab in stack if not was_tab), default=0))
            title = clean_inline(tokens[i + 1].content)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title, tab))
            doc.headings.append(Heading(tok.map[0] + 1, level, title, SEP.join(t for _, t, _tab in stack)))
    doc.title = doc.front_matter.get("title") or next((h.title for h in doc.headings if h.level == 1), None)
    return doc


def _fields(doc: Document) -> tuple[object, ...]:
    return (
        doc.front_matter,
        doc.fm_lines,
        doc.fm_end,
        [(h.line, h.level, h.title, h.path) for h in doc.headings],
        doc.title,
        doc.parsed,
        doc.line_count,
        doc.lines,
    )


def _assert_same(text: str) -> None:
    assert _fields(parse_document(text)) == _fields(_oracle(text)), repr(text)


_LINES = [
    "",
    " ",
    "\t",
    "   ",
    "text",
    "more text",
    "# Title",
    "## Section ##",
    "### Trailing #'s ###   ",
    "#### x#",
    "# #",
    "#",
    "##",
    "#5",
    "#\tTab",
    "####### seven",
    "   # indented",
    "    # code",
    "\t# tab code",
    "  \t## two",
    "## *Emph* and [link](x.md) `code`",
    "# with \0 nul",
    "```",
    "```python",
    "```a`b",
    "````",
    "``",
    "   ```",
    "    ```",
    "``` ",
    "~~~",
    "~~~ info `x`",
    "~~~~",
    "===",
    "=",
    "= =",
    "==  ",
    "---",
    "----",
    "-",
    "--",
    "- -",
    "-- \t",
    "   ---",
    "    ---",
    "***",
    "* * *",
    "___",
    "...",
    "... ",
    "title: Page",
    "title: Other page",
    "description: x",
    "ms.date: 2025-01-01",
    "  - item",
    "key: [a, b",
    "<div>",
    "</div>",
    "<!-- note",
    "-->",
    "<!-- one -->",
    "<br/>",
    "<span a='1'>",
    "<script>",
    "</script>",
    "<?php",
    "?>",
    "## foo#",
    "# foo \t##\t",
    "#\t#",
    "# \\#",
    "   ===",
    "  --- ",
    "``` ```",
    "~~~ a~b",
    "~~~~~",
    "\x1f",
    "<pre",
    "<textarea>x</textarea>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE html>",
    "    indented code",
    "\tindented",
    "  \tmixed",
    "> quote",
    "- list",
    "| a | b |",
    "[ref]: http://x",
    "text \u00a0",
    "\u00a0",
]


def _random_page(rng: random.Random) -> str:
    lines = []
    if rng.random() < 0.4:
        lines.append(rng.choice(["---", "--- ", "---\t", "----", "--- x", "---\u00a0"]))
        for _ in range(rng.randrange(4)):
            lines.append(rng.choice(["title: Page", "description: d", "", "  - a", "# c", "key: [a", "x"]))
        if rng.random() < 0.85:
            lines.append(rng.choice(["---", "...", "--- ", "... ", "----", "  ---", "-----", "---\u00a0"]))
    lines += [rng.choice(_LINES) for _ in range(rng.randrange(1, 25))]
    breaks = ["\n"] * 6 + ["\r\n", "\r", "\x0c", "\u2028", "\x85"]
    text = "".join(line + rng.choice(breaks) for line in lines)
    return text if rng.random() < 0.8 else text[:-1]


def test_generated_pages_read_like_markdown_it() -> None:
    rng = random.Random(20261126)
    for _ in range(4000):
        _assert_same(_random_page(rng))


_PLAIN = [
    "# Title",
    "## Section 1",
    "### A \u00a0",
    "## B#",
    "## C #",
    "#  x\t",
    "## x\u2028",
    "###### six",
    "# é",
]


def test_plain_pages_read_without_the_scanner_as_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose skeleton is a front matter block and plain ATX headings is read without the scanner; what
    it finds is what the scanner finds (and any other page goes to the scanner)."""
    rng = random.Random(20261127)
    for _ in range(3000):
        lines = []
        if rng.random() < 0.7:
            lines += ["---", *(rng.choice(["title: T", "", "# c", "----", "key: v"]) for _ in range(3))]
            lines.append(rng.choice(["---", "...", "----", "  ---"]))
        choices = _PLAIN * 4 + ["text", "", "```", "===", "    # code", "<div>", "#x"]
        lines += [rng.choice(choices) for _ in range(rng.randrange(0, 12))]
        text = "\n".join(lines)
        plain = document.parse_document(text)
        with monkeypatch.context() as patched:
            patched.setattr(blockscan, "_plain", lambda *_: None)
            assert _fields(plain) == _fields(document.parse_document(text)), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "---\ntitle: T\n---\n# H\n",
        "---\ntitle: T\n...\n## H\n",
        "---\ntitle: T\n",  # unclosed front matter
        "----\ntitle: T\n----\nbody\n",  # the plugin's front matter, not the skeleton's
        "---\ntitle: T\n  ---\nx\n---\n",  # the plugin closes early: the rest is Markdown
        "Text\n===\nMore\n---\n",
        "<div>\n---\n# hidden in the HTML block\n\n# shown\n",
        "<!--\n---\n# hidden\n\n# hidden too\n# not --> closed\n# shown\n",
        "```\n# in code\n````\n# after\n",
        "~~~\n# in code\n```\n# still code\n",
        "    Text\n---\n",
        "para\n    Text\n---\n",
        "# A #\n## B ##\n### C ###\n# A2\n",
    ],
)
def test_edge_cases_read_like_markdown_it(text: str) -> None:
    _assert_same(text)


def test_long_pages_of_openers_read_like_markdown_it() -> None:
    """Unclosed fences, comments and front matter, many times over: each is one forward scan."""
    _assert_same("```\n# a\n~~~\n" * 3000)
    _assert_same("<!--\n---\n# a\n" * 3000)
    _assert_same("---\n" + "x\n# a\n===\n" * 3000)
    _assert_same("- x\n" + "text\n--\n" * 3000)
    _assert_same("- a\n-\n" * 3000)  # every item closed by an empty one: markdown-it reads it all
    _assert_same("> " * 500 + "x\n===\n" * 3000)


def test_edge_cases_find_what_commonmark_says() -> None:
    """A few of the cases above, spelled out, so that the oracle itself is checked too."""
    doc = parse_document("<div>\n---\n# hidden\n\n# Shown #\nA\n---\n```\n# code\n")
    assert [(h.line, h.level, h.title) for h in doc.headings] == [(5, 1, "Shown"), (6, 2, "A")]
    doc = parse_document("----\ntitle: T\n----\n")
    assert (doc.front_matter, doc.fm_end, doc.headings) == ({"title": "T"}, 3, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # azure-ai-docs, document-intelligence javascript-sdk.md (2024): a list closed by an empty item
        ("## Models\n\n- The [receipt](#r) model.\n- The [ID](#id) model.\n-\n", [(1, 2, "Models")]),
        ("# T\n\n- item\n---\n\nText\n", [(1, 1, "T")]),  # a list, then a thematic break
        ("# T\n\n1. Step\n\n   More of the step.\n---\n", [(1, 1, "T")]),  # the item's second paragraph
        ("> quoted\n===\n", []),  # a lazy line of the quote
        ("| a | b |\n|---|---|\n| 1 | 2 |\n---\n", []),  # GitHub's table, not a heading's text
        ("First line\nsecond line\n===\n", [(1, 1, "First line second line")]),  # the whole paragraph
        ("---\ntitle: T\n---\nIntro\n---\n## Next\n", [(4, 2, "Intro"), (6, 2, "Next")]),
        ("Setext\n===\n\n- item\n  # in the item\n", [(1, 1, "Setext")]),  # top-level headings only
    ],
)
def test_an_underline_is_read_as_github_reads_it(text: str, expected: list[tuple[int, int, str]]) -> None:
    """Whether an underline makes a heading, and of which lines, is markdown-it's (gfm-like) to say."""
    doc = parse_document(text)
    assert [(h.line, h.level, h.title) for h in doc.headings] == expected
    tokens = _GFM.parse(text.split("---\n", 2)[2] if text.startswith("---\n") else text)
    assert sum(tok.type == "heading_open" and tok.level == 0 for tok in tokens) == len(expected)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["semantic-kernel-docs", "diff-insight-posts-2024"])
def test_every_corpus_page_reads_like_markdown_it(corpus: Path, tmp_path: Path, name: str) -> None:
    pages = corpus_markdown_pages(corpus, name, tmp_path)
    assert len(pages) > 10
    for text in pages:
        _assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        # semantic-kernel-docs, function-choice-behaviors.md before 2025: a BOM, then the front matter
        "\ufeff---\ntitle: Function Choice Behavior\nms.service: semantic-kernel\n---\n# Function Choice\n",
        "\ufeff# Title\n\nText\n## Section\n",
        "\ufeffTitle\n===\n",
    ],
)
def test_a_byte_order_mark_is_no_part_of_the_page(text: str) -> None:
    """As Learn and GitHub read a page: a leading U+FEFF hides neither its front matter nor a heading."""
    with_bom, without = parse_document(text), parse_document(text[1:])
    assert _fields(with_bom)[:-1] == _fields(without)[:-1]  # all but the lines themselves
    assert with_bom.headings
    old = document.derive_old(without, text, parse_lines(""))
    assert old is not None
    assert (old.front_matter, old.fm_end, old.headings) == (
        without.front_matter,
        without.fm_end,
        without.headings,
    )
