"""A footnote mark taken off a line (or put on one) says so, with the footnote's text.

Taken from the labelled Azure changes (November 2024): four fine-tuning includes took `**<sup>*</sup>**`
off `gpt-4o` and `gpt-4o-mini`, under the footnote "Fine-tuning for this model is currently in public
preview." (fine-tuning them became generally available). Each read "2 lines added and 2 lines removed."
"""

from __future__ import annotations

from analysis_helpers import described_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse_patch

PAGE = "articles/openai/includes/fine-tuning-studio.md"
MODELS = (
    "## Models\n\nThe following models support fine-tuning:\n\n"
    "- `gpt-35-turbo` (0125)\n"
    "- `gpt-4` (0613)**<sup>*</sup>**\n"
    "- `gpt-4o` (2024-08-06){mark}\n"
    "- `gpt-4o-mini` (2024-07-18){mark}\n\n"
    "**<sup>*</sup>** Fine-tuning for this model is currently in public preview.\n"
)
MARK = "**<sup>*</sup>**"


def test_a_mark_taken_off_says_the_lines_and_the_note(git_repo: GitRepoFactory) -> None:
    facts, title, explanation = described_pair(
        git_repo, PAGE, MODELS.format(mark=MARK), MODELS.format(mark="")
    )
    assert [(f.kind, f.mark, f.text) for f in facts.footnotes] == [
        ("removed", "*", "gpt-4o (2024-08-06)"),
        ("removed", "*", "gpt-4o-mini (2024-07-18)"),
    ]
    assert facts.footnotes[0].note == "Fine-tuning for this model is currently in public preview."
    assert title == "Took footnote `*` off 'gpt-4o (2024-08-06)' and 'gpt-4o-mini (2024-07-18)'"
    assert explanation == (
        "Took the footnote mark `*` off 'gpt-4o (2024-08-06)' and 'gpt-4o-mini (2024-07-18)'. "
        "The footnote reads: 'Fine-tuning for this model is currently in public preview'."
    )  # (no "Edited the section 'Models'": the marks are all its edit)
    _facts, title, explanation = described_pair(
        git_repo, PAGE, MODELS.format(mark=MARK), MODELS.format(mark=""), "ja"
    )
    assert title == "「gpt-4o (2024-08-06)」、「gpt-4o-mini (2024-07-18)」から脚注 `*` を削除"
    assert explanation.startswith(
        "「gpt-4o (2024-08-06)」、「gpt-4o-mini (2024-07-18)」から脚注記号 `*` を外しました。"
    )


def test_a_mark_put_on_and_from_a_patch_alone() -> None:
    patch = (
        "@@ -10,4 +10,4 @@ The following models support fine-tuning:\n"
        " - `gpt-4` (0613)\n"
        "-- `gpt-4o` (2024-08-06)\n"
        "+- `gpt-4o` (2024-08-06)<sup>1</sup>\n"
        " \n"
        " <sup>1</sup> Available in Sweden Central only.\n"
    )
    facts = analyse_patch(PAGE, "modified", patch, 1, 1)
    assert [(f.kind, f.mark, f.text, f.note) for f in facts.footnotes] == [
        ("added", "1", "gpt-4o (2024-08-06)", "Available in Sweden Central only.")
    ]


def test_marks_renumbered_footnotes_and_table_rows_are_left_to_other_facts() -> None:
    renumbered = (
        "@@ -1,4 +1,4 @@\n # Regions\n"
        "-- Qatar Central <sup>2</sup>\n+- Qatar Central <sup>1</sup>\n"
        "-<sup>2</sup> Older infrastructure.\n+<sup>1</sup> Older infrastructure.\n"
    )
    assert analyse_patch(PAGE, "modified", renumbered, 2, 2).footnotes == []
    row = "@@ -1,3 +1,3 @@\n | Region | Zones |\n-| East US <sup>1</sup> | Yes |\n+| East US | Yes |\n"
    assert analyse_patch(PAGE, "modified", row, 1, 1).footnotes == []
    reworded = (
        "@@ -1,2 +1,2 @@\n # Models\n-- `gpt-4o` (2024-08-06)**<sup>*</sup>**\n+- `gpt-4o` (2024-11-20)\n"
    )
    assert analyse_patch(PAGE, "modified", reworded, 1, 1).footnotes == []
