"""The words an edit replaced are said without the marks both sides keep around them.

Taken from the labelled Azure changes (2024): `articles/search/search-what-is-azure-search.md` and two
more pages renamed "Azure AI Studio, or …" to "Azure AI Foundry portal, or …" and read "Replaced 'Studio,'
with 'Foundry portal,'"; `speller-how-to-add.md` read "Replaced 'service:' with 'Service:'".
"""

from __future__ import annotations

from analysis_helpers import described_pair
from conftest import GitRepoFactory

from diffreport.narrate.quotes import word_edit


def test_marks_both_sides_keep_are_left_out() -> None:
    assert word_edit(
        "skills in Azure AI Studio, or custom", "skills in Azure AI Foundry portal, or custom"
    ) == (
        "Studio",
        "Foundry portal",
    )
    assert word_edit("models (preview) only", "models (GA) only") == ("preview", "GA")
    assert word_edit('the "Old Carrabelle Hotel"', 'the "Swirling Currents Hotel"') == (
        "Old Carrabelle",
        "Swirling Currents",
    )


def test_a_mark_that_is_the_edit_or_has_its_pair_left_stays() -> None:
    assert word_edit('state = "Enabled", next', 'state = "Enabled" next') == ('"Enabled",', '"Enabled"')
    assert word_edit("done.", "done!") == ("done.", "done!")
    assert word_edit("a, b", "a; b") == ("a,", "a;")


def test_the_title_names_the_words(git_repo: GitRepoFactory) -> None:
    old = "# Search\n\nBuild skills in Azure AI Studio, or custom skills in code.\n"
    new = "# Search\n\nBuild skills in Azure AI Foundry portal, or custom skills in code.\n"
    _facts, title, _explanation = described_pair(git_repo, "docs/search.md", old, new)
    assert title == "Replaced 'Studio' with 'Foundry portal'"
