"""Learn zone pivots (``::: zone pivot="..."`` ... ``::: zone-end``): which pivot a section shows for.

From real commits of semantic-kernel-docs: ``642f2773`` ("Section title outside of pivot") moved a zone's
opener below a heading, ``d972b1bc`` moved a ``::: zone-end`` past a whole section, ``ab58873c`` removed a
stray ``::: zone-end``. They were "Removed the text ':::zone pivot=…'", "Removed the text '::: zone-end'"
and "Edited the sections …".
"""

from __future__ import annotations

from analysis_helpers import commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse
from diffreport.classify import classify
from diffreport.models import FileAnalysis
from diffreport.narrate import describe_file

PAGE = "docs/compaction.md"
CS = '::: zone pivot="programming-language-csharp"\n\n'
PY = '::: zone pivot="programming-language-python"\n\n'
END = "::: zone-end\n\n"
TABLE = "| Strategy | Best for |\n|---|---|\n| Truncation | Long chats |\n\n"


def _pair(repo: GitRepoFactory, old: str, new: str, lang: str = "en") -> tuple[FileAnalysis, str, str]:
    change = commit_pair(repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    title, explanation = describe_file(change, facts, classify(change, facts), lang)  # type: ignore[arg-type]
    return facts, title, explanation


def _page(*parts: str) -> str:
    return "# Compaction\n\n## Using compaction\n\n" + CS + "Use it in C#.\n\n" + END + "".join(parts)


def test_a_heading_moved_out_of_its_zone_shows_for_every_pivot(git_repo: GitRepoFactory) -> None:
    old = _page(CS, "## Choosing a strategy\n\n", TABLE, END)
    new = _page("## Choosing a strategy\n\n", CS, TABLE, END)
    facts, title, explanation = _pair(git_repo, old, new)
    changed = [(s.title, s.old_pivot, s.pivot) for s in facts.sections if s.pivot is not None]
    assert changed == [("Choosing a strategy", "programming-language-csharp", "")]
    assert title == "Section 'Choosing a strategy' now shows for every pivot"
    assert explanation == (
        "The section 'Choosing a strategy' now shows for every pivot, not only `programming-language-csharp`."
    )
    _, title, explanation = _pair(git_repo, old, new, "ja")
    assert title == "セクション「Choosing a strategy」をすべてのピボットで表示"


def test_a_zone_end_moved_past_a_section_limits_it_to_the_pivot(git_repo: GitRepoFactory) -> None:
    old = _page(CS, "## Function invocation\n\nInvoke.\n", END, "## Supported connectors\n\n", TABLE)
    new = _page(CS, "## Function invocation\n\nInvoke.\n\n## Supported connectors\n\n", TABLE, END)
    _, title, explanation = _pair(git_repo, old, new)
    assert title == "Section 'Supported connectors' now shows only for `programming-language-csharp`"
    assert explanation == (
        "The section 'Supported connectors' now shows only for the pivot `programming-language-csharp`."
    )


def test_a_section_moved_from_one_pivot_to_another(git_repo: GitRepoFactory) -> None:
    old = _page(CS, "## Key concepts\n\n", TABLE, END, PY, "Python.\n\n", END)
    new = _page(CS, END, PY, "## Key concepts\n\n", TABLE, "Python.\n\n", END)
    _, _, explanation = _pair(git_repo, old, new)
    assert explanation.startswith(
        "The section 'Key concepts' now shows for the pivot `programming-language-python`, "
        "not `programming-language-csharp`."
    )


def test_a_stray_zone_line_removed_is_zone_markup(git_repo: GitRepoFactory) -> None:
    old = _page(END, PY, "Agents are unavailable in Python.\n\n", END)
    new = _page(PY, "Agents are unavailable in Python.\n\n", END)
    facts, title, explanation = _pair(git_repo, old, new)
    assert all(s.pivot is None for s in facts.sections)
    assert title == "Changed zone pivot markup"
    assert (
        explanation == "Changed the zone pivot lines that choose what each pivot shows (0 added, 1 removed)."
    )


def test_zone_lines_inside_code_are_no_zone(git_repo: GitRepoFactory) -> None:
    sample = "```markdown\n" + CS + "```\n\n"
    old = "# Docs\n\n## Writing pivots\n\n" + sample + "## Next\n\nText.\n"
    new = "# Docs\n\n## Writing pivots\n\n" + sample.replace("csharp", "python") + "## Next\n\nText.\n"
    facts, _, _ = _pair(git_repo, old, new)
    assert all(s.pivot is None for s in facts.sections)


def test_a_zone_of_several_pivots_names_each(git_repo: GitRepoFactory) -> None:
    both = '::: zone pivot="programming-language-csharp,programming-language-python"\n\n'
    old = "# Quick start\n\n" + both + "## Build the kernel\n\nSteps.\n\n" + END
    new = "# Quick start\n\n## Build the kernel\n\n" + both + "Steps.\n\n" + END
    _, _, explanation = _pair(git_repo, old, new)
    assert explanation == (
        "The section 'Build the kernel' now shows for every pivot, not only "
        "`programming-language-csharp` and `programming-language-python`."
    )


def test_a_removed_section_whose_heading_another_zone_keeps_loses_no_anchor(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ``7041b4af`` replaced the Python zone's 'Prerequisites' and 'Persisting and resuming
    the conversation' by "Tutorial coming soon."; the C# zone keeps both headings, so "links to their anchors
    stop working" was not so. 'Next steps', removed for good, still says it (and only it, in the insights)."""
    from diffreport.pipeline import CompareOptions, compare

    sec = "## Prerequisites\n\nInstall the package.\n\n## Persisting the conversation\n\nCreate an agent.\n\n"
    sec += "Run it.\n\n"
    old = "# Persisting\n\n" + CS + sec + END + PY + sec + END + "## Next steps\n\nRead more.\n"
    new = (
        "# Persisting\n\n"
        + CS
        + sec
        + END
        + PY
        + "Tutorial coming soon.\n\n"
        + END
        + "## Next steps\n\nRead more.\n"
    )
    facts, title, explanation = _pair(git_repo, old, new)
    removed = [(s.title, s.title_remains) for s in facts.sections if s.kind == "removed"]
    assert removed == [("Prerequisites", True), ("Persisting the conversation", True)]
    assert title == "Removed sections 'Prerequisites' and 'Persisting the conversation'"
    assert explanation.startswith(
        "Removed the sections 'Prerequisites' and 'Persisting the conversation' (10 lines); other sections still "
        "have the same headings."
    )
    git_repo.write(PAGE, new.replace("## Next steps\n\nRead more.\n", ""))
    git_repo.commit("and the next steps", "2025-04-18T10:00:00+00:00")
    report = compare(CompareOptions(range="HEAD~2..HEAD", repo=str(git_repo.path)))
    (file,) = report.files
    assert "(13 lines); links to the anchor of 'Next steps' stop working." in file.explanation
    (line,) = [p for p in report.insights if p.startswith("Sections removed")]
    assert line == "Sections removed: 'Next steps' (`compaction.md`). Links to their anchors stop working."
    report = compare(CompareOptions(range="HEAD~2..HEAD", repo=str(git_repo.path), language="ja"))
    assert "「Next steps」のアンカーへのリンクは機能しなくなります。" in report.files[0].explanation
