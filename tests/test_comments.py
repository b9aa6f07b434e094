"""HTML comment blocks: found as CommonMark finds them, and what they hold says nothing of the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_helpers import commit_pair, corpus_markdown_pages, pages_of_pieces
from conftest import GitRepoFactory
from markdown_it import MarkdownIt

from diffreport.analysis import analyse
from diffreport.analysis.document import comment_blocks, parse_document

_MD = MarkdownIt("commonmark")
PAGE = "docs/dojo.md"


def _markdown_it_comments(text: str) -> list[tuple[int, int]]:
    """markdown-it-py's HTML blocks that are comments: (first line, last line), 1-based."""
    return [
        (tok.map[0] + 1, tok.map[1])
        for tok in _MD.parse(text)
        if tok.type == "html_block" and tok.map is not None and tok.content.lstrip(" ").startswith("<!--")
    ]


def _ours(text: str) -> list[tuple[int, int]]:
    return comment_blocks(text.splitlines())


_PIECES = [
    ["Some text."],
    [""],
    ["<!-- one line -->"],
    ["<!--"],
    ["-->"],
    ["  <!-- indented a little"],
    ["text <!-- inside a paragraph --> text"],
    ["a line that ends a comment --> here"],
    ["| a | b |", "| --- | --- |", "| 1 | 2 |"],
    ["```"],
    ["```md"],
    ["<!-- x --> after"],
    ["## Heading"],
]


@pytest.mark.parametrize("seed", range(20))
def test_comments_are_found_as_markdown_it_finds_them(seed: int) -> None:
    for text in pages_of_pieces(_PIECES, seed):
        assert _ours(text) == _markdown_it_comments(text), text


@pytest.mark.parametrize("seed", range(10))
def test_headings_inside_comments_are_no_headings(seed: int) -> None:
    """A page's headings, as markdown-it reads them, around and inside comments and code blocks."""
    pieces = [*_PIECES, ["## Section"], ["# Title"], ["text", "## After text"], ["<!--", "## Draft", "-->"]]
    for text in pages_of_pieces(pieces, seed):
        expected = [
            (tok.map[0] + 1, tok.tag) for tok in _MD.parse(text) if tok.type == "heading_open" and tok.map
        ]
        assert [(h.line, f"h{h.level}") for h in parse_document(text).headings] == expected, text


@pytest.mark.corpus
def test_every_comment_of_a_real_docs_repository_is_found(corpus: Path, tmp_path: Path) -> None:
    found = 0
    for text in corpus_markdown_pages(corpus, "semantic-kernel-docs", tmp_path):
        expected = _markdown_it_comments(text)
        assert _ours(text) == expected
        assert parse_document(text).comment_blocks() == expected
        found += len(expected)
    assert found >= 10


def test_a_table_and_links_added_inside_a_comment_say_nothing(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs a38789ca: a 'language parity table' for the writers, inside ``<!-- -->``, read
    as 'Added the table rows `Section`, `MAF-specific Dojo setup` ...'."""
    old = (
        "---\ntitle: Dojo\n---\n\n# Testing with Dojo\n\nIntro with [a link](a.md).\n\nUse `OldName` here.\n"
    )
    comment = (
        "<!--\n  Language parity table - keep in sync.\n\n  | Section | C# | Python |\n  |---|:--:|:--:|\n"
        "  | Dojo setup | no | yes |\n  See [the sample](https://example.com/sample) (preview).\n-->\n"
    )
    new = old.replace("# Testing", comment + "\n# Testing")
    fa = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE])
    assert (fa.tables, fa.links, fa.phrases) == ([], [], [])
    assert (fa.additions, fa.deletions) == (9, 0)  # its lines still count

    visible = new.replace("<!--\n", "").replace("-->\n", "")
    fa = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: visible})[PAGE])
    assert {r.name for r in fa.tables} == {"Dojo setup"}
    assert [x.url for x in fa.links] == ["https://example.com/sample"]


def test_a_value_changed_inside_a_comment_is_no_value(git_repo: GitRepoFactory) -> None:
    page = "# Page\n\n<!-- Writers: call it OldName -->\n\nUse `OldName` here.\n"
    hidden = page.replace("OldName -->", "NewName -->")
    assert analyse(commit_pair(git_repo, {PAGE: page}, {PAGE: hidden})[PAGE]).values == []
    shown = page.replace("`OldName`", "`NewName`")
    fa = analyse(commit_pair(git_repo, {PAGE: page}, {PAGE: shown})[PAGE])
    assert [(v.old, v.new) for v in fa.values] == [("OldName", "NewName")]


def test_unclosed_comments_and_comment_lines_by_the_thousand_stay_linear() -> None:
    """Every line opening a comment, or one comment never closed: one pass each."""
    many = "\n".join(["<!-- a"] * 50_000)
    assert _ours(many) == [(1, 50_000)]
    closed = "\n".join(["<!-- a -->"] * 50_000)
    assert len(_ours(closed)) == 50_000
    fenced = "```\n" + "\n".join(["<!--"] * 50_000) + "\n```\n<!-- after -->"
    assert _ours(fenced) == [(50_003, 50_003)]


@pytest.mark.parametrize(
    ("lang", "title", "explanation"),
    [
        (
            "en",
            "Edited comments readers do not see in dojo.md",
            "Only HTML comments changed; the page reads the same.",
        ),
        (
            "ja",
            "dojo.md 内の非表示コメントを編集",
            "HTMLコメントだけが変更され、ページの表示は変わりません。",
        ),
    ],
)
def test_a_change_only_inside_comments_is_said_so_and_breaks_nothing(
    git_repo: GitRepoFactory, lang: str, title: str, explanation: str
) -> None:
    """59 commented-out lines (a heading, a table, steps) taken out: readers lose nothing."""
    from diffreport.pipeline import CompareOptions, compare

    hidden = "".join(f"| Old row {k} | value |\n" for k in range(50))
    draft = f"<!--\n## Draft section\n\n| Name | Value |\n|---|---|\n{hidden}\n1. A step.\n-->\n\n"
    page = "---\ntitle: Dojo\n---\n\n# Testing with Dojo\n\n{draft}Body text.\n"
    git_repo.write(PAGE, page.format(draft=draft))
    git_repo.commit("base", "2026-08-18T10:00:00+00:00")
    git_repo.write(PAGE, page.format(draft=""))
    git_repo.commit("drop the draft", "2026-08-19T10:00:00+00:00")
    options = CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path), language=lang)
    (file,) = compare(options).files
    assert file.analysis.comments_only
    assert file.analysis.sections == []  # (a blank line after the comment went: no text of the section)
    assert (file.analysis.tables, file.analysis.procedures) == ([], [])
    assert (file.label, file.title, file.explanation) == ("minor update", title, explanation)
    assert file.deletions == 59  # a content-removed amount, were they shown


def test_comments_and_a_new_date_are_said_as_such_not_quoted(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 5b3a5e23 added a commented-out parity table and a new ms.date: it was "Added the
    text 'Language parity table – keep in sync when adding/removing sections'", a line no reader sees."""
    from diffreport.pipeline import CompareOptions, compare

    table = "".join(f"  | Section {k} | ✅ | ✅ |\n" for k in range(20))
    note = f"<!--\n  Language parity table – keep in sync when adding/removing sections.\n\n{table}-->\n\n"
    page = "---\ntitle: Compaction\nms.date: {date}\n---\n\n{note}# Compaction\n\nBody text.\n"
    git_repo.write(PAGE, page.format(date="03/05/2026", note=""))
    git_repo.commit("base", "2026-03-05T10:00:00+00:00")
    git_repo.write(PAGE, page.format(date="03/18/2026", note=note))
    git_repo.commit("parity table", "2026-03-18T10:00:00+00:00")
    for lang, title, explanation in (
        (
            "en",
            "Edited comments readers do not see in dojo.md",
            "Its text changed only in HTML comments, which readers do not see. "
            "Updated `ms.date` from March 5, 2026 to March 18, 2026.",
        ),
        (
            "ja",
            "dojo.md 内の非表示コメントを編集",
            "本文の変更はHTMLコメントの中だけで、読者には見えません。"
            "`ms.date` を2026年3月5日から2026年3月18日に更新しました。",
        ),
    ):
        options = CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path), language=lang)
        (file,) = compare(options).files
        assert file.analysis.comments_only
        assert (file.label, file.title, file.explanation) == ("minor update", title, explanation)
