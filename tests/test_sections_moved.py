"""Sections that moved as they were: up or down a level, elsewhere on the page, or out of a dropped parent.

Taken from real commits of semantic-kernel-docs: ``43ae6245`` ("moved indexes one lower": ``# Requirements``
became ``## Requirements``, its subsections one level down with it) and ``f22a6fd5`` (the heading
``## Available SDK packages`` dropped, its ``###`` subsections now ``##``, and one table cell fixed). Both were
reported as whole sections added and removed.
"""

from __future__ import annotations

from analysis_helpers import described_pair
from conftest import GitRepoFactory

from diffreport.models import FileAnalysis

PAGE = "docs/connector.md"


def _pair(repo: GitRepoFactory, old: str, new: str, lang: str = "en") -> tuple[FileAnalysis, str, str]:
    return described_pair(repo, PAGE, old, new, lang)


def _body(name: str, lines: int = 6) -> str:
    return "".join(f"{name} line {k}.\n" for k in range(lines))


DEMOTED_OLD = (
    "# Build a connector\n\nIntro.\n\n## Overview\n\n"
    + _body("Overview")
    + "\n# Requirements\n\n"
    + _body("Requirements")
    + "\n## Implement the core classes\n\n"
    + _body("Core")
    + "\n## Exceptions\n\n"
    + _body("Exceptions")
)
DEMOTED_NEW = (
    DEMOTED_OLD.replace("# Requirements", "## Requirements")
    .replace("## Implement", "### Implement")
    .replace("## Exceptions", "### Exceptions")
)


def test_a_section_one_level_down_is_moved_not_added_and_removed(git_repo: GitRepoFactory) -> None:
    facts, title, explanation = _pair(git_repo, DEMOTED_OLD, DEMOTED_NEW)
    assert {s.kind for s in facts.sections} == {"moved"}
    requirements = next(s for s in facts.sections if s.title == "Requirements")
    assert (requirements.level, requirements.old_level) == (2, 1)
    assert requirements.path == "Build a connector > Requirements"
    assert requirements.old_path == "Requirements"
    assert title == "Moved section 'Requirements'"
    assert explanation == "Moved the section 'Requirements' down a level."  # its subsections went with it


def test_moves_in_japanese(git_repo: GitRepoFactory) -> None:
    _, title, explanation = _pair(git_repo, DEMOTED_OLD, DEMOTED_NEW, "ja")
    assert title == "セクション「Requirements」を移動"
    assert explanation == "セクション「Requirements」を1つ下の階層に移動しました。"


def test_a_dropped_parent_heading_is_all_that_was_removed(git_repo: GitRepoFactory) -> None:
    table = "| Format | C# | Python |\n|---|---|---|\n| YAML | yes | yes |\n| Prompty | no | yes |\n"
    old = (
        '# Supported languages\n\nIntro.\n\n## Available SDK packages\n\n::: zone pivot="csharp"\n\n'
        "### C# packages\n\n"
        + _body("C#", 30)
        + "\n### Python packages\n\n"
        + _body("Python", 20)
        + "\n### Java packages\n\n"
        + _body("Java", 40)
        + "\n## Prompt serialization formats\n\n"
        + table
    )
    new = (
        old.replace("## Available SDK packages\n\n", "")
        .replace("### C#", "## C#")
        .replace("### Python", "## Python")
        .replace("### Java", "## Java")
        .replace("| Prompty | no | yes |", "| Prompty | yes | no |")
    )
    facts, title, explanation = _pair(git_repo, old, new)
    kinds = {(s.kind, s.title, s.old_level) for s in facts.sections if s.kind != "changed"}
    assert kinds == {
        ("removed", "Available SDK packages", None),
        ("moved", "C# packages", 3),
        ("moved", "Python packages", 3),
        ("moved", "Java packages", 3),
    }
    removed = next(s for s in facts.sections if s.kind == "removed")
    assert removed.size == 4  # its heading, a blank line, the zone line, a blank line: not its 100 lines
    assert title == "Removed section 'Available SDK packages'"
    assert explanation == (
        "Removed the section 'Available SDK packages' (4 lines); links to its anchor stop working. "
        "Updated the table row `Prompty`: 'Prompty | no | yes' is now 'Prompty | yes | no'. "
        "Moved the sections 'C# packages', 'Python packages', and 'Java packages' up a level."
    )


def test_a_removed_section_keeps_the_subsections_that_went_with_it(git_repo: GitRepoFactory) -> None:
    """Only subsections found elsewhere leave the removed size: the others were removed with their parent."""
    old = (
        "# Page\n\n## Old part\n\n"
        + _body("Old")
        + "\n### Kept\n\n"
        + _body("Kept")
        + "\n### Gone\n\n"
        + _body("Gone")
        + "\n## End\n\nBye.\n"
    )
    new = "# Page\n\n## Kept\n\n" + _body("Kept") + "\n## End\n\nBye.\n"
    facts, _, _ = _pair(git_repo, old, new)
    removed = next(s for s in facts.sections if s.kind == "removed")
    assert (removed.title, removed.size) == ("Old part", 2 + 7 + 2 + 7)  # "Old part" and "Gone", not "Kept"
    assert not any(s.kind == "removed" and s.title == "Gone" for s in facts.sections)


def test_sections_swapped_are_one_move_and_no_edit(git_repo: GitRepoFactory) -> None:
    """git's diff moves one section's lines past the other: the section it kept in place was not edited."""
    old = (
        "# Page\n\nIntro.\n\n## Alpha\n\n"
        + _body("Alpha")
        + "\n## Beta\n\n"
        + _body("Beta")
        + "\n## End\n\nBye.\n"
    )
    new = (
        "# Page\n\nIntro.\n\n## Beta\n\n"
        + _body("Beta")
        + "\n## Alpha\n\n"
        + _body("Alpha")
        + "\n## End\n\nBye.\n"
    )
    facts, title, explanation = _pair(git_repo, old, new)
    assert [s.kind for s in facts.sections] == ["moved"]
    moved = facts.sections[0].title
    assert title == f"Moved section '{moved}'"
    assert explanation == f"Moved the section '{moved}' to another place on the page."


def test_an_edited_section_that_also_moved_still_says_its_edit(git_repo: GitRepoFactory) -> None:
    old = "# Page\n\n## Alpha\n\n" + _body("Alpha") + "\n## Beta\n\n" + _body("Beta") + "\n"
    new = (
        "# Page\n\n## Beta\n\n" + _body("Beta") + "\n## Alpha\n\n" + _body("Alpha").replace("line 3", "row 3")
    )
    facts, _, _ = _pair(git_repo, old, new)
    kinds = {(s.kind, s.title) for s in facts.sections}
    assert ("moved", "Beta") in kinds or ("moved", "Alpha") in kinds
    assert any(s.title == "Alpha" and (s.kind == "changed" or s.lines_added) for s in facts.sections)
