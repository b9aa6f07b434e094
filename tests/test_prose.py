"""Running text a change added, removed or changed, beside its other facts.

Taken from real changes: the Azure AI docs' ``batch-rest.md`` (October 2024) rewrote a curl sample and added
"To avoid the error `URL rejected: …` spaces are replaced with `%20`." under it; it read "Updated 1 code sample
(HTTP)." and no more, the sentence a reader most needed left out. The text is checked against markdown-it-py's
``commonmark`` reading of the page: what the fact says was added is the text of the paragraphs added.
"""

from __future__ import annotations

import random

import pytest
from analysis_helpers import commit_pair, described_pair
from conftest import GitRepoFactory
from render_helpers import parser

from diffreport.analysis import analyse
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import FileAnalysis

PAGE = "docs/batch.md"

BATCH = """\
# Batch

## List batch

Use the REST API to list all batch jobs.

```http
curl https://YOUR_RESOURCE_NAME.openai.azure.com/openai/batches \\
  -H "filter: created_at gt 1728773533"
```

## Cancel batch

Cancels a batch.
"""
FIXED = BATCH.replace(
    "curl https://YOUR_RESOURCE_NAME.openai.azure.com/openai/batches \\\n"
    '  -H "filter: created_at gt 1728773533"\n```\n',
    'curl "YOUR_RESOURCE_NAME.openai.azure.com/batches?$filter=created_at%20gt%201728773533"\n```\n\n'
    "To avoid the error `URL rejected: Malformed input` spaces are replaced with `%20`.\n",
)


def _pair(repo: GitRepoFactory, old: str, new: str, lang: str = "en") -> tuple[FileAnalysis, str, str]:
    return described_pair(repo, PAGE, old, new, lang)


def test_text_added_beside_a_code_sample_is_quoted(git_repo: GitRepoFactory) -> None:
    facts, title, explanation = _pair(git_repo, BATCH, FIXED)
    assert [(p.kind, p.old, p.new, p.section) for p in facts.prose] == [
        (
            "added",
            None,
            "To avoid the error URL rejected: Malformed input spaces are replaced with %20.",
            "Batch > List batch",
        )
    ]
    assert title == "Updated 1 code sample"  # the least of the points: it never titles a change beside others
    assert explanation == (
        "Updated 1 code sample (HTTP): `curl https://YOUR_RESOURCE_NAME.openai.azure.com/openai/batches \\` is now "
        '`curl "YOUR_RESOURCE_NAME.openai.azure.com/batches?$filter=created_at%20gt%20172…`, '
        "among other lines. Added the text 'To avoid the error URL rejected: Malformed input spaces are replaced "
        "with %20' to 'List batch'."
    )
    _facts, _title, explanation = _pair(git_repo, BATCH, FIXED, "ja")
    assert explanation == (
        "コードサンプルを1件更新しました（HTTP）: `curl https://YOUR_RESOURCE_NAME.openai.azure.com/openai/batches "
        '\\` → `curl "YOUR_RESOURCE_NAME.openai.azure.com/batches?$filter=created_at%20gt%20172…` '
        "ほか。セクション「List batch」に「To avoid the error URL rejected: "
        "Malformed input spaces are replaced with %20」という記述を追加しました。"
    )
    # from the patch alone, the same
    change = commit_pair(git_repo, {PAGE: BATCH}, {PAGE: FIXED})[PAGE]
    record = {"path": PAGE, "status": "modified", "additions": 4, "deletions": 2, "patch": change.patch}
    facts = analyse(change_from_record(record))
    assert facts.source == "patch"
    assert [(p.kind, p.new) for p in facts.prose] == [
        ("added", "To avoid the error URL rejected: Malformed input spaces are replaced with %20.")
    ]


def test_from_the_patch_alone_an_assignment_is_no_text() -> None:
    """Labelled ``includes/quickstarts/dotnet.md`` (2024): hunks inside a C# sample, no fence in them, renamed
    the hotels: "Changed the text 'HotelName = "Secret Point Motel",' to …" quoted code as text."""
    patch = (
        "@@ -186,7 +186,7 @@ When uploading documents, you must use an IndexDocumentsBatch\n"
        "                 new Hotel()\n                 {\n"
        '                     HotelId = "1",\n'
        '-                    HotelName = "Secret Point Motel",\n'
        '+                    HotelName = "Stay-Kay City Hotel",\n'
        '                     Category = "Boutique",\n'
        "@@ -300,3 +300,3 @@ Run the app.\n"
        "-The hotels are in New York and take five minutes to reach.\n"
        "+The hotels are in New York and take ten minutes to reach by train.\n"
    )
    record = {
        "path": "quickstarts/dotnet.md",
        "status": "modified",
        "additions": 2,
        "deletions": 2,
        "patch": patch,
    }
    facts = analyse(change_from_record(record))
    assert [(p.kind, p.new) for p in facts.prose] == [
        ("changed", "The hotels are in New York and take ten minutes to reach by train.")
    ]


def test_what_other_facts_say_is_no_text(git_repo: GitRepoFactory) -> None:
    """Code, table rows, alerts, headings, directives, images, lists of links and JSON are said by their own
    facts; a line whose words read the same (a link repointed, markup) changed no text."""
    old = "# Page\n\n## Setup\n\nRead [the guide](guide.md) first.\n\nEnd of the page.\n"
    blocks = (
        "```python\nprint('hello world')\n```\n\n"
        "| Name | Value |\n|---|---|\n| region | eastus |\n\n"
        "> [!NOTE]\n> Notes are alerts.\n\n"
        "### A new heading\n\n"
        ':::image type="content" source="media/a.png" alt-text="An image of it.":::\n\n'
        "[!INCLUDE [steps](includes/steps.md)]\n\n"
        "- [Quickstart](quickstart.md)\n- [Tutorial](tutorial.md) | [How-to](how-to.md)\n\n"
        "Try [Summarize](summarize.md) and [Topics](topics.md).\n\n"
        "<div>markup of a page</div>\n\n"
        '    "name": "value of a key",\n\n'
        'searchResults = await searchClient.search("sublime cliff");\n\n'
        "Network isolation | Configure managed networks for hubs.\n---|---\n"
        "Billing | Paid by the hour for each hub.\n\n"
    )
    new = old.replace("End of the page.\n", blocks + "End of the page.\n")
    new = new.replace("[the guide](guide.md)", "[the **guide**](new-guide.md)")
    facts, _title, _explanation = _pair(git_repo, old, new)
    assert facts.prose == []
    assert facts.code_blocks
    assert facts.tables
    assert facts.alerts
    assert facts.links


def test_runs_of_text_each_say_what_they_changed(git_repo: GitRepoFactory) -> None:
    """A run of changed lines is one edit, list markers aside; a kept line between two runs parts them."""
    old = (
        "# Steps\n\n1. Open the portal.\n1. Select **Create**.\n\nKeep this line.\n\n"
        "Old closing words.\n\nLast line.\n"
    )
    new = (
        "# Steps\n\n1. Open the Azure portal.\n1. Select **Create** and wait.\n\nKeep this line.\n\n"
        "Last line.\n"
    )
    facts, _title, _explanation = _pair(git_repo, old, new)
    assert [(p.kind, p.old, p.new, p.line, p.old_line) for p in facts.prose] == [
        (
            "changed",
            "Open the portal. Select Create.",
            "Open the Azure portal. Select Create and wait.",
            3,
            3,
        ),
        ("removed", "Old closing words.", None, None, 8),
    ]


def test_the_text_is_not_said_where_other_points_say_it(git_repo: GitRepoFactory) -> None:
    """Not when the values replaced say it, nor in a section the change added, nor past the three
    sentences an explanation has."""
    old = "# Plugins\n\n## Use\n\nCall `TextSkill` from your code.\n\n```csharp\nvar s = new TextSkill();\n```\n"
    new = old.replace("TextSkill", "TextPlugin")
    facts, _title, explanation = _pair(git_repo, old, new)
    assert facts.prose == []  # the values say it
    assert explanation == "Changed `TextSkill` to `TextPlugin` in 2 places."
    # values that stand as words in the text: `1` -> `2` in "page 1012, version 1"
    pages = (
        "# Pages\n\n## List\n\nText 0 of page 1012, version 1.\n\nMore.\n\nText 9 of page 1012, version 1.\n"
    )
    facts, _title, explanation = _pair(git_repo, pages, pages.replace("version 1", "version 2"))
    assert facts.prose == []
    assert explanation == "Changed `1` to `2` in 2 places."
    added = old + "\n## Next\n\n" + "".join(f"Line {k} of the next part of the guide.\n\n" for k in range(20))
    _facts, _title, explanation = _pair(git_repo, old, added)
    assert "Added the text" not in explanation
    assert explanation.startswith("Added the section 'Next'")
    full = old.replace("## Use", "> [!TIP]\n> A tip.\n\n> [!WARNING]\n> A warning.\n\n## Use").replace(
        "Call `TextSkill` from your code.", "Call `TextSkill` from your own code."
    )
    full = full.replace("var s", "var t")
    _facts, _title, explanation = _pair(git_repo, old, full)
    assert explanation.count(". ") == 2
    assert "Changed the text" not in explanation


_PARAGRAPHS = [
    "Install the **package** with pip.",
    "Set the `AZURE_OPENAI_ENDPOINT` variable.",
    "See [the quickstart](quickstart.md) to begin with the sample.",
    "The model is *deployed* in eastus.",
    "Run the sample and check its output.",
]
_OTHERS = [
    "```bash\npip install sample-package\n```",
    "| Region | Model |\n|---|---|\n| eastus | gpt-4o |",
    "> [!TIP]\n> Tips are alerts.",
    "## Another part",
    "- [Overview](overview.md)",
]


def _paragraph_texts(markdown: str) -> list[str]:
    """The text of each paragraph outside quotes (tables and headings are no paragraphs), as markdown-it's
    ``commonmark`` preset reads it (code spans as their text)."""
    out: list[str] = []
    quoted = 0
    opened = ""
    for token in parser("commonmark").parse(markdown):
        quoted += token.type == "blockquote_open"
        quoted -= token.type == "blockquote_close"
        if token.type == "inline" and not quoted and opened == "paragraph_open":
            text = "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))
            out.append(" ".join(text.split()))
        opened = token.type
    return out


@pytest.mark.parametrize("seed", range(6))
def test_text_added_is_the_paragraphs_markdown_it_reads(git_repo: GitRepoFactory, seed: int) -> None:
    """Random pages of paragraphs and other blocks, a few paragraphs put in among them: the text said added
    is the text of the paragraphs added, as CommonMark reads them."""
    rng = random.Random(seed)
    blocks = [rng.choice(_OTHERS) for _ in range(6)]
    old = "# Page\n\n" + "\n\n".join(blocks) + "\n"
    put = sorted(rng.sample(range(1, len(blocks)), 2))
    added = rng.sample(_PARAGRAPHS, 2)
    new_blocks = list(blocks)
    for at, text in zip(reversed(put), reversed(added), strict=True):
        new_blocks.insert(at, text)
    new = "# Page\n\n" + "\n\n".join(new_blocks) + "\n"
    facts, _title, _explanation = _pair(git_repo, old, new)
    said = [p.new for p in facts.prose if p.kind == "added"]
    read = [t for t in _paragraph_texts(new) if t not in _paragraph_texts(old)]
    assert len(read) == 2
    assert said == read


def test_a_long_page_of_small_edits_keeps_the_first_few(git_repo: GitRepoFactory) -> None:
    """Every other line of a 20,000-line page reworded: the first 40 runs, in order (and, by finishing, the
    reading stays linear)."""
    old = "# Long\n\n" + "".join(
        f"Line {k} says the old words.\nLine {k} is kept as it was.\n" for k in range(10_000)
    )
    new = old.replace("says the old words.", "says the old words, and more.")
    facts, _title, _explanation = _pair(git_repo, old, new)
    assert len(facts.prose) == 40
    assert [(p.kind, p.old, p.new, p.line) for p in facts.prose[:2]] == [
        ("changed", "Line 0 says the old words.", "Line 0 says the old words, and more.", 3),
        ("changed", "Line 1 says the old words.", "Line 1 says the old words, and more.", 5),
    ]
    assert facts.prose[-1].new == "Line 39 says the old words, and more."
    # every run replaced a value: the first runs are read, none said, and the reading stops
    facts, _title, explanation = _pair(git_repo, old, old.replace("the old words.", "the new words."))
    assert facts.prose == []
    assert explanation.startswith("Changed 'old' to 'new' in 10,000 places.")


def test_after_the_first_edit_the_next_other_edit_is_quoted(git_repo: GitRepoFactory) -> None:
    """Labelled ``search-get-started-rest.md`` (November 2024) put ", without quotes" after "earlier" in two
    steps and added a line on the error a quoted token gives: it quoted the first edit and said no more. The
    same edit again is not quoted twice; a run of a word or two (a region in a list) is no text."""
    old = (
        "# REST\n\n## Set up\n\n1. Paste in this example. Replace the placeholders with the values you copied "
        "earlier.\n\n   More about keys.\n\n1. Or, paste in that example. Replace the placeholders with the "
        "values you copied earlier.\n\n   More about roles.\n\nKey points:\n\n- eastus\n"
    )
    new = (
        old.replace("copied earlier.", "copied earlier, without quotes.")
        .replace(
            "Key points:",
            "If you get an invalid token error, remove the quotes around the token and retry.\n\nKey points:",
        )
        .replace("- eastus\n", "- eastus\n- westus2\n")
    )
    facts, title, explanation = _pair(git_repo, old, new)
    assert [p.kind for p in facts.prose] == ["changed", "changed", "added"]
    assert title == "Replaced 'earlier' with 'earlier, without quotes'"
    assert explanation == (
        "Changed the text '… values you copied earlier' to '… values you copied earlier, without quotes'. "
        "Edited the section 'Set up' (5 lines added, 2 lines removed). Added the text 'If you get an invalid "
        "token error, remove the quotes around the token and retry' to 'Set up'."
    )


def test_a_quote_that_says_all_of_a_sections_edit_stands_for_it(git_repo: GitRepoFactory) -> None:
    """Labelled ``search-what-is-data-import.md`` (2024) read "… Edited the section 'Load data' (1 line added,
    1 line removed). Changed the text '… wizards in the portal and indexer …' to '… wizards in the Azure portal
    and indexer …' in 'Load data'.": the quote is all that edit, so it takes the edit's place. Where the
    section changed more than the quoted line, both are said."""
    old = (
        "---\ntitle: Load data\ndescription: Load data using the portal.\n---\n\n# Load data\n\n## Wizards\n\n"
        "Use the import wizards in the portal and indexer pipelines to load data.\n\nThen query it.\n"
    )
    new = old.replace("using the portal", "using the Azure portal").replace(
        "in the portal and", "in the Azure portal and"
    )
    _facts, _title, explanation = _pair(git_repo, old, new)
    assert explanation == (
        "Changed the front matter: `description` from `Load data using the portal.` to `Load data using the "
        "Azure portal.`. Changed the text '… wizards in the portal and indexer …' to '… wizards in the Azure "
        "portal and indexer …' in 'Wizards'."
    )
    more = new.replace("Then query it.", "Then query it from your app.")
    _facts, _title, explanation = _pair(git_repo, old, more)
    assert "Edited the section 'Wizards' (2 lines added, 2 lines removed)." in explanation
    assert "Changed the text '… wizards in the portal and indexer …'" in explanation
