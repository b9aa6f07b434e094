"""A page whose only change is a line of prose is said by quoting that line.

When that line is all the edit of its section, the quote names the section and nothing else says the section
was edited: semantic-kernel-docs ``1ee7fb9d`` and ``bce28ff7`` (and 34 more of 52 such files) were told as
"Changed the text '…AgentFramework…' to '…Microsoft Agent Framework…'. Edited the section 'Installing Nuget
packages' (1 line added, 1 line removed).", one edit said as two.
"""

from __future__ import annotations

import pytest
from analysis_helpers import commit_pair, described_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse
from diffreport.models import Classification
from diffreport.narrate import describe_file

PAGE = "docs/run-agent.md"
OLD = (
    "---\ntitle: Run an agent\nms.date: 09/18/2025\n---\n\n# Run an agent\n\nIntro.\n\n"
    "## Installing Nuget packages\n\n"
    "To use the AgentFramework with Azure OpenAI, you need to install the following NuGet packages:\n\n"
    "```powershell\ndotnet add package Azure.Identity\n```\n\n"
    "## Running the agent\n\nCall the agent and print its answer.\n"
)


def _said(repo: GitRepoFactory, new: str, lang: str = "en") -> tuple[str, str]:
    change = commit_pair(repo, {PAGE: OLD}, {PAGE: new})[PAGE]
    return describe_file(change, analyse(change), Classification(), lang)


def test_one_line_reworded_in_a_section_is_one_sentence_naming_it(git_repo: GitRepoFactory) -> None:
    title, explanation = _said(git_repo, OLD.replace("the AgentFramework", "the Microsoft Agent Framework"))
    assert title == "Replaced 'AgentFramework' with 'Microsoft Agent Framework'"
    assert explanation == (
        "Changed the text 'To use the AgentFramework with Azure OpenAI, …' to "
        "'To use the Microsoft Agent Framework with Azure OpenAI, …' in 'Installing Nuget packages'."
    )


def test_one_line_added_or_removed_names_its_section(git_repo: GitRepoFactory) -> None:
    added = OLD.replace("print its answer.\n", "print its answer.\n\nThe answer streams as it is written.\n")
    assert (
        _said(git_repo, added)[1]
        == "Added the text 'The answer streams as it is written' to 'Running the agent'."
    )
    removed = OLD.replace("\nCall the agent and print its answer.\n", "\n")
    assert (
        _said(git_repo, removed)[1]
        == "Removed the text 'Call the agent and print its answer' from 'Running the agent'."
    )


def test_the_date_is_still_said_beside_the_folded_edit(git_repo: GitRepoFactory) -> None:
    new = OLD.replace("09/18/2025", "09/25/2025").replace("the AgentFramework", "Agent Framework")
    _, explanation = _said(git_repo, new)
    assert "in 'Installing Nuget packages'." in explanation
    assert "Edited the section" not in explanation
    assert "ms.date" in explanation


def test_more_than_the_quoted_line_keeps_the_section_totals(git_repo: GitRepoFactory) -> None:
    # two lines of one section, or one line in each of two sections: the quote shows only the first
    two_lines = OLD.replace("the AgentFramework", "Agent Framework").replace(
        "following NuGet packages:\n\n", "following NuGet packages:\n\nEach package has its own version.\n\n"
    )
    _, explanation = _said(git_repo, two_lines)
    assert explanation.startswith("Changed the text 'To use the AgentFramework")
    assert "' to 'To use Agent Framework with Azure OpenAI, …'." in explanation
    assert "Edited the section 'Installing Nuget packages' (3 lines added, 1 line removed)." in explanation
    two_sections = OLD.replace("the AgentFramework", "Agent Framework").replace(
        "and print its answer.", "then print what it answers to the console."
    )
    _, explanation = _said(git_repo, two_sections)
    assert "Edited the sections 'Installing Nuget packages' and 'Running the agent'" in explanation


@pytest.mark.parametrize(
    ("new", "ja"),
    [
        (
            OLD.replace("the AgentFramework", "the Microsoft Agent Framework"),
            "セクション「Installing Nuget packages」の「To use the AgentFramework with Azure OpenAI, …」という記述を",
        ),
        (
            OLD.replace("print its answer.\n", "print its answer.\n\nThe answer streams.\n"),
            "セクション「Running the agent」に「The answer streams」という記述を追加しました。",
        ),
        (
            OLD.replace("\nCall the agent and print its answer.\n", "\n"),
            "セクション「Running the agent」から「Call the agent and print its answer」という記述を削除しました。",
        ),
    ],
)
def test_japanese_names_the_section_too(git_repo: GitRepoFactory, new: str, ja: str) -> None:
    _, explanation = _said(git_repo, new, "ja")
    assert ja in explanation
    assert "編集しました" not in explanation


def test_a_quote_line_is_quoted_as_a_reader_sees_it(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs b3fd62dc: a blockquote without a space after its ">", emphasis ending at a code span
    old = OLD.replace(
        "Call the agent", ">_This summary was produced with `SummarizeSkill.Summarize`_\n\nCall"
    )
    new = old.replace("This summary was produced with", "👆Summary generated by")
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    title, explanation = describe_file(change, analyse(change), Classification(), "en")
    assert explanation == (
        "Changed the text 'This summary was produced with SummarizeSkill.Summarize' to "
        "'👆Summary generated by SummarizeSkill.Summarize' in 'Running the agent'."
    )


def test_a_paragraph_added_alone_is_quoted_whole(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs 0716bb0b: a quote whose first line is only "Note:" was quoted as "Note:"
    note = "> Note:\n> This requires `anthropic>=0.74.0` to be installed.\n\n"
    new = OLD.replace("Call the agent", note + "Call the agent")
    title, explanation = _said(git_repo, new)
    assert title == "Added text 'Note: This requires anthropic>=0.74.0 to be…'"
    assert explanation == (
        "Added the text 'Note: This requires anthropic>=0.74.0 to be installed' to 'Running the agent'."
    )
    # a list after a line is another block: the line is quoted alone, and the section's edit is said
    listed = OLD.replace("Call the agent", "You need:\n- a key\n- a model\n\nCall the agent")
    _, explanation = _said(git_repo, listed)
    assert explanation.startswith("Added the text 'You need:'.")
    assert "Added text to the section 'Running the agent'" in explanation


def test_an_edited_line_is_quoted_beside_the_line_it_became(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs 285a6e89: HTML <div> columns became Learn's :::row::: markup around an edited line;
    # the old line was quoted as becoming ': :::row:::', the first added line with a word in it
    line = "To use the AgentFramework with Azure OpenAI, you need to install the following NuGet packages:"
    old = OLD.replace(
        line, '<div style="display: flex;">\n  <div style="flex: 8;">\n' + line + "\n</div>\n</div>"
    )
    new = OLD.replace(
        line,
        ': :::row:::\n    :::column span="2":::\n'
        + line.replace("you need to install", "install")
        + "\n:::column-end:::\n:::row-end:::",
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    title, explanation = describe_file(change, analyse(change), Classification(), "en")
    assert title == "Deleted 'you need to'"
    assert explanation.startswith(
        "Changed the text '… with Azure OpenAI, you need to install the following …' to "
        "'… with Azure OpenAI, install the following …'."
    )


def test_a_line_whose_markup_alone_changed_is_passed_for_the_next_edit(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 2682f36b dropped the bold from `**mem0**` and reworded a line further down: it
    read only "Edited the sections … (2 lines added, 2 lines removed)", the first edit looking like no edit."""
    new = OLD.replace("the AgentFramework with", "the **AgentFramework** with").replace(
        "Call the agent and print its answer.", "Here is how to call the agent and print its answer:"
    )
    title, explanation = _said(git_repo, new)
    assert explanation.startswith(
        "Changed the text 'Call the agent and print its answer' to 'Here is how to call the agent and print its"
    ), explanation
    assert "AgentFramework" not in title + explanation


def test_an_edit_of_markup_alone_says_the_text_reads_the_same(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ``b46ac9cd`` put `_Prompts_` in italics, ``0d339433`` put back a code span's closing
    backtick: each read "Edited the section 'What are Prompts?' (1 line added, 1 line removed).", as if the
    text had changed. A change of words is still quoted."""
    old = "# Prompts\n\n## What are Prompts?\n\nPrompts are the inputs a user gives to a model.\n\n## More\n\nText.\n"
    italic = old.replace("Prompts are the", "_Prompts_ are the")
    ticked = old.replace("Text.\n", "- [`agent_channel](/python/api/agent_channel)\n")
    fixed = ticked.replace("[`agent_channel]", "[`agent_channel`]")
    _facts, title, explanation = described_pair(git_repo, PAGE, old, italic)
    assert (title, explanation) == (
        "Changed the formatting in 'What are Prompts?'",
        "Changed the formatting of the text in 'What are Prompts?'; it reads the same.",
    )
    _facts, title, explanation = described_pair(git_repo, PAGE, old, italic, "ja")
    assert (title, explanation) == (
        "セクション「What are Prompts?」の書式を変更",
        "セクション「What are Prompts?」の書式を変更しました。文面は変わっていません。",
    )
    _facts, title, explanation = described_pair(git_repo, PAGE, ticked, fixed)
    assert explanation == "Changed the formatting of the text in 'More'; it reads the same."
    # in two sections: no section named by it; the sections edited say where
    both = italic.replace("Text.", "*Text*.")
    _facts, title, explanation = described_pair(git_repo, PAGE, old, both)
    assert title == "Changed the formatting of the text"
    assert explanation == (
        "Changed the formatting of the text; it reads the same. Edited the sections 'What are Prompts?' and "
        "'More' (2 lines added, 2 lines removed)."
    )
    # what reads the same as plain text but is no formatting (labelled corpus, 2024): a footnote mark taken out,
    # a link repointed in a FAQ's YAML, a list of regions replaced by a longer one written with trailing spaces
    sup = old.replace("a model.", "a model <sup>1</sup>.")
    _facts, _title, explanation = described_pair(git_repo, PAGE, sup, old)
    assert "formatting" not in explanation, explanation
    faq = "sections:\n- questions:\n  - question: Limits?\n    answer: See the [limits](./a.md#limits) section.\n"
    _facts, _title, explanation = described_pair(
        git_repo, "faq.yml", faq, faq.replace("#limits", "#input-limits")
    )
    assert "formatting" not in explanation, explanation
    # nor a star CommonMark reads as a star, not emphasis (`2*3` -> `23`)
    product = old.replace("Text.", "Use 2*3 here.")
    _facts, _title, explanation = described_pair(git_repo, PAGE, product, product.replace("2*3", "23"))
    assert "formatting" not in explanation, explanation
    regions = old.replace("Text.", "- eastus\n- westus")
    more = old.replace("Text.", "- australiaeast  \n- eastus        \n- westus        ")
    _facts, _title, explanation = described_pair(git_repo, PAGE, regions, more)
    assert "formatting" not in explanation, explanation
    # beside a date the front matter says (labelled v2-1/java.md, 2024): still formatting; spacing alone is not
    dated = "---\nms.date: 05/23/2024\n---\n\n" + old
    _facts, title, explanation = described_pair(
        git_repo, PAGE, dated, dated.replace("05/23", "11/19").replace("Prompts are the", "_Prompts_ are the")
    )
    assert explanation == (
        "Changed the formatting of the text in 'What are Prompts?'; it reads the same. Updated `ms.date` from "
        "May 23, 2024 to November 19, 2024."
    ), explanation
    spaced = dated.replace("05/23", "11/19").replace("Prompts are the", "Prompts  are the")
    _facts, _title, explanation = described_pair(git_repo, PAGE, dated, spaced)
    assert "formatting" not in explanation, explanation
    # words changed as well: quoted as before
    _facts, _title, explanation = described_pair(git_repo, PAGE, old, italic.replace("a model", "the model"))
    assert explanation.startswith("Changed the text"), explanation
