"""Large and hostile inputs: the analysis still says the right thing (and, by finishing, stays linear)."""

from __future__ import annotations

from analysis_helpers import commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import FileAnalysis, analyse, analyse_patch
from diffreport.classify import classify
from diffreport.narrate import describe_file
from diffreport.narrate.lang import plain


def _headings(n: int, word: str) -> str:
    return "# Guide\n\n" + "".join(f"## {word} {k} of the guide\n\nText of part {k}.\n\n" for k in range(n))


def _full(git_repo: GitRepoFactory, path: str, old: str, new: str) -> FileAnalysis:
    change = commit_pair(git_repo, {path: old}, {path: new})[path]
    fa = analyse(change)
    describe_file(change, fa, classify(change, fa), "en")  # narration of the same change finishes too
    return fa


def test_every_heading_renamed_in_a_long_document(git_repo: GitRepoFactory) -> None:
    fa = _full(git_repo, "guide.md", _headings(4000, "Part"), _headings(4000, "Chapter"))
    assert fa.source == "full"
    assert len(fa.sections) == 40  # the report keeps the first 40
    for k, section in enumerate(fa.sections):
        assert (section.kind, section.title) == ("renamed", f"Chapter {k} of the guide")
        assert section.old_path == f"Guide > Part {k} of the guide"


def test_every_heading_kept_with_words_added_in_a_long_document(git_repo: GitRepoFactory) -> None:
    old = _headings(4000, "Part")
    new = old.replace(" of the guide\n", " of the guide (revised)\n")
    fa = _full(git_repo, "guide.md", old, new)
    assert len(fa.sections) == 40
    for k, section in enumerate(fa.sections):
        assert (section.kind, section.title) == ("renamed", f"Part {k} of the guide (revised)")
        assert section.old_path == f"Guide > Part {k} of the guide"


def test_every_heading_renamed_in_a_long_patch() -> None:
    lines = [f"-## Part {k} of the guide\n+## Chapter {k} of the guide\n Text.\n" for k in range(4000)]
    patch = "@@ -1,12000 +1,12000 @@\n" + "".join(lines)
    fa = analyse_patch("guide.md", "modified", patch, 4000, 4000)
    renamed = [(s.old_path, s.title) for s in fa.sections if s.kind == "renamed"]
    assert renamed[:3] == [(f"Part {k} of the guide", f"Chapter {k} of the guide") for k in range(3)]
    assert len(fa.sections) == 40


def test_every_heading_one_level_down_and_every_step_renumbered(git_repo: GitRepoFactory) -> None:
    """Headings paired across levels and by their titles less their numbers: 4,000 of each."""
    old = _headings(4000, "Part").replace("\n## ", "\n# ")
    fa = _full(git_repo, "guide.md", old, _headings(4000, "Part").replace("\n## ", "\n### "))
    assert {(s.kind, s.old_level, s.level) for s in fa.sections} == {("moved", 1, 3)}
    steps = "# Guide\n\n" + "".join(f"## Step {k}: part {k}\n\nDo {k}.\n\n" for k in range(4000))
    shifted = "# Guide\n\n" + "".join(f"## Step {k + 1}: part {k}\n\nDo {k}.\n\n" for k in range(4000))
    fa = _full(git_repo, "steps.md", steps, shifted)
    assert [(s.kind, s.title) for s in fa.sections[:2]] == [
        ("renamed", "Step 1: part 0"),
        ("renamed", "Step 2: part 1"),
    ]


def test_zone_lines_moved_across_thousands_of_headings(git_repo: GitRepoFactory) -> None:
    body = "".join(f"## Part {k}\n\nText {k}.\n\n" for k in range(4000))
    old = '# Guide\n\n::: zone pivot="programming-language-csharp"\n\n' + body + "::: zone-end\n"
    new = "# Guide\n\n" + body + '::: zone pivot="programming-language-csharp"\n\n::: zone-end\n'
    fa = _full(git_repo, "zones.md", old, new)
    assert len(fa.sections) == 40  # the report keeps the first 40
    assert {(s.old_pivot, s.pivot) for s in fa.sections} == {("programming-language-csharp", "")}


def test_every_link_retargeted(git_repo: GitRepoFactory) -> None:
    old = "".join(f"See [page {k}](old/page-{k}.md).\n" for k in range(16000))
    new = "".join(f"See [page {k}](new/page-{k}.md).\n" for k in range(16000))
    fa = _full(git_repo, "links.md", old, new)
    assert len(fa.links) == 40
    for k, link in enumerate(fa.links):
        assert (link.kind, link.text, link.old_url, link.url) == (
            "retargeted",
            f"page {k}",
            f"old/page-{k}.md",
            f"new/page-{k}.md",
        )
    assert fa.link_only


ROWS = [f"row {k}" for k in range(100)]


def test_a_page_added_or_removed_whole_keeps_its_first_links_and_rows_and_every_include(
    git_repo: GitRepoFactory,
) -> None:
    def page(word: str) -> str:
        links = "".join(f"{word} [page {k}](page-{k}.md) and ![pic {k}](pic-{k}.png).\n" for k in range(3000))
        rows = "".join(f"| {name} | {word} |\n" for name in ROWS)
        return (
            f"# {word}\n\n{links}\n| Name | Value |\n|---|---|\n{rows}\n[!INCLUDE [last](includes/last.md)]\n"
        )

    changes = commit_pair(git_repo, {"gone.md": page("Old")}, {"gone.md": None, "new.md": page("New")})
    for path, kind, line in (("new.md", "added", "line"), ("gone.md", "removed", "old_line")):
        assert changes[path].status == ("added" if kind == "added" else "deleted")
        fa = analyse(changes[path])
        assert len(fa.links) == 40  # the first 40 of 6,000, in order
        for n, link in enumerate(fa.links):
            k, image = n // 2, n % 2 == 1
            name = f"pic {k}" if image else f"page {k}"
            url = f"pic-{k}.png" if image else f"page-{k}.md"
            assert (link.kind, link.image, link.text, link.url, getattr(link, line)) == (
                kind,
                image,
                name,
                url,
                3 + k,
            )
        assert [(i.kind, i.target) for i in fa.includes] == [(kind, "includes/last.md")]  # after them all
        rows = [(row.kind, row.name) for row in fa.tables]
        assert rows == [(kind, name) for name in ROWS[:40]]  # (the header row is no row)


def test_every_toc_entry_changed(git_repo: GitRepoFactory) -> None:
    old = "".join(f"- name: Entry {k}\n  href: old/entry-{k}.md\n" for k in range(8000))
    new = "".join(f"- name: Entry {k}\n  href: new/entry-{k}.md\n" for k in range(8000))
    fa = _full(git_repo, "docs/toc.yml", old, new)
    assert len(fa.toc) == 60
    assert all(e.kind == "retargeted" for e in fa.toc)
    assert [(e.name, e.old_href, e.href) for e in fa.toc[:2]] == [
        ("Entry 0", "old/entry-0.md", "new/entry-0.md"),
        ("Entry 1", "old/entry-1.md", "new/entry-1.md"),
    ]


def _line_added(git_repo: GitRepoFactory, line: str) -> FileAnalysis:
    old = "# Title\n\n## Usage\n\nText.\n"
    return _full(git_repo, "a.md", old, old + line + "\n")


def test_a_line_of_open_brackets(git_repo: GitRepoFactory) -> None:
    fa = _line_added(git_repo, "[" * 100_000)
    assert fa.links == []
    assert fa.includes == []
    assert [(s.kind, s.title, s.lines_added) for s in fa.sections] == [("changed", "Usage", 1)]


def test_link_starts_inside_link_targets(git_repo: GitRepoFactory) -> None:
    fa = _line_added(git_repo, "[a](" * 4_000 + "x)")
    assert [(link.kind, link.text, link.url) for link in fa.links] == [("added", "a", "x")]


def test_html_links_without_an_end(git_repo: GitRepoFactory) -> None:
    fa = _line_added(git_repo, '<a href="x">' * 1_500 + "text</a> and <a " * 120)
    assert [(link.kind, link.url, link.text) for link in fa.links] == [("added", "x", "text")]


def test_includes_without_an_end(git_repo: GitRepoFactory) -> None:
    fa = _line_added(git_repo, "[!INCLUDE [a](b " * 1_000 + "[!INCLUDE [note](includes/n.md)]")
    assert [(i.kind, i.title, i.target) for i in fa.includes] == [("added", "note", "includes/n.md")]


def test_a_heading_line_with_200_kb_of_spaces(git_repo: GitRepoFactory) -> None:
    fa = _line_added(git_repo, "## Next" + " " * 200_000 + "step ##")
    assert [(s.kind, s.title) for s in fa.sections] == [("added", "Next step")]


def test_table_rows_with_long_runs_of_spaces(git_repo: GitRepoFactory) -> None:
    fa = _line_added(git_repo, "| a |\n|--" + " " * 19_000 + "x|\n|--" + " " * 200_000 + "x|")
    # patterns read the first 20,000 characters of a line
    assert [(t.kind, t.name) for t in fa.tables] == [("added", "a"), ("added", "-- x"), ("added", "--")]


def test_sup_tags_without_an_end(git_repo: GitRepoFactory) -> None:
    fa = _line_added(git_repo, "<sup>" * 3_000 + "Preview")
    assert [(p.kind, p.phrase) for p in fa.phrases] == [("appeared", "preview")]
    assert plain("<sup>" * 3_000 + "Preview") == "Preview"
    assert plain("[" * 100_000 + "a](b)") == "[" * 79 + "…"


def test_patch_longer_than_compare_reads_is_cut_at_a_line_end() -> None:
    patch = "@@ -1,1 +1,300001 @@\n # Title\n" + "+word word\n" * 300_000
    fa = analyse_patch("a.md", "modified", patch, 300_000, 0)
    assert fa.notes == ["patch too large: analysed in part"]
    assert fa.body_added == (2 * 1024 * 1024 - len("@@ -1,1 +1,300001 @@\n # Title\n")) // len("+word word\n")


def test_classify_input_patch_is_cut_like_compare() -> None:
    from diffreport.cli.classify_cmd import change_from_record

    record = {
        "path": "a.md",
        "status": "modified",
        "additions": 1,
        "patch": "@@ -0,0 +1 @@\n+" + "w" * 3_000_000,
    }
    change = change_from_record(record)
    assert change.patch_truncated
    assert change.patch == "@@ -0,0 +1 @@"  # cut at the last line end within 2 MiB


def test_learn_directives_without_an_end(git_repo: GitRepoFactory) -> None:
    """``:::code`` with 20,000 spaces and no closing colons, names without values, ``[!VIDEO`` without a
    bracket: each scan stops at the next colon or bracket."""
    line = ":::code " + " " * 200_000 + "x"
    fa = _line_added(git_repo, line + "\n" + ":::code " + "a" * 19_000 + "\n" + "[!VIDEO " * 3_000)
    assert fa.code_blocks == []
    assert fa.links == []
    fa = _full(
        git_repo,
        "b.md",
        "# Usage\n",
        "# Usage\n\n" + ":::code " + 'a="' * 6_000 + ':::\n:::code language="go" source="main.go" :::\n',
    )
    assert [(b.kind, b.language, b.source) for b in fa.code_blocks] == [("added", "go", "main.go")]


def test_a_page_of_thousands_of_code_blocks(git_repo: GitRepoFactory) -> None:
    """30,000 blocks, each of one line, written where prose was: each line's number is found once, and the
    blocks a report keeps are the first."""
    old = "# Samples\n\n" + "text\n" * 60_000
    new = "# Samples\n\n" + "```\ncode\n```\n" * 30_000
    fa = _full(git_repo, "samples.md", old, new)
    assert len(fa.code_blocks) == 40
    assert [(b.kind, b.lines, b.line) for b in fa.code_blocks[:2]] == [("added", 1, 3), ("added", 1, 6)]
    assert fa.code_only is False


def test_thousands_of_code_directives_repointed(git_repo: GitRepoFactory) -> None:
    old = "# Samples\n\n" + "".join(
        f':::code language="python" source="s/{k}.py" range="1-5":::\n' for k in range(20_000)
    )
    new = old.replace('range="1-5"', 'range="2-6"')
    fa = _full(git_repo, "samples.md", old, new)
    assert len(fa.code_blocks) == 40
    assert [(b.kind, b.source, b.line, b.old_line) for b in fa.code_blocks[:2]] == [
        ("changed", "s/0.py", 3, 3),
        ("changed", "s/1.py", 4, 4),
    ]


def test_a_long_run_of_removed_lines_that_no_added_line_follows() -> None:
    """``(-+)(\\++)`` backtracked through every shorter run of such a run: 40,000 removed lines at a hunk's
    end took 8 s, 200,000 would take minutes. Values replaced before it are still found."""
    k = 200_000
    patch = f"@@ -1,{k + 3} +1,3 @@\n keep\n-Use `model-v1` here.\n+Use `model-v2` here.\n keep\n" + "".join(
        f"-old line {i}\n" for i in range(k)
    )
    fa = analyse_patch("docs/a.md", "modified", patch, 1, k + 1)
    assert [(v.old, v.new) for v in fa.values] == [("model-v1", "model-v2")]


def test_a_quote_of_thousands_of_alert_lines(git_repo: GitRepoFactory) -> None:
    """Each `> [!NOTE]` line read its text up to the end of the quote: 20,000 of them in one quote took 99 s.
    An alert's text ends where another alert starts."""
    page = "# Notes\n\n" + "> [!NOTE]\n> Read this.\n" * 10_000
    fa = _full(git_repo, "notes.md", "# Notes\n\nText.\n", page)
    assert len(fa.alerts) == 40
    assert {(a.kind, a.alert, a.text) for a in fa.alerts} == {("added", "NOTE", "Read this.")}
    kept = _full(git_repo, "kept.md", page, page.replace("Read this.", "Read that."))
    assert len(kept.alerts) == 40
    assert {(a.kind, a.old_text, a.text) for a in kept.alerts} == {("reworded", "Read this.", "Read that.")}


def test_every_table_row_renamed_its_other_cells_kept(git_repo: GitRepoFactory) -> None:
    rows = "# Plugins\n\n| Name | Purpose |\n|---|---|\n"
    old = rows + "".join(f"| Skill{k} | To do task number {k} of the list |\n" for k in range(4000))
    new = rows + "".join(f"| Plugin{k} | To do task number {k} of the list |\n" for k in range(4000))
    fa = _full(git_repo, "plugins.md", old, new)
    assert len(fa.tables) == 40  # the report keeps the first 40
    for k, row in enumerate(fa.tables):
        assert (row.kind, row.old_name, row.name) == ("changed", f"Skill{k}", f"Plugin{k}")
