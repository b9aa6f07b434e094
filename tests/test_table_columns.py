"""Table columns added, removed or renamed, read from a table's header row edited in a hunk.

Taken from real changes: semantic-kernel-docs ``0f6c5b45`` dropped the column 'Application areas' from a
table of models (it said "Changed `175` to `6`"), and the Azure AI docs' quota tables of October 2024 gained
columns for new models in every region (they said "Updated the table rows `australiaeast`, … and 21 more").
The header cells are checked against markdown-it-py's ``gfm-like`` tables, as GitHub reads them.
"""

from __future__ import annotations

import random

import pytest
from analysis_helpers import described_pair
from conftest import GitRepoFactory
from render_helpers import gfm_tables

from diffreport.models import FileAnalysis

PAGE = "docs/models.md"

MODELS_OLD = """\
# Models

## What LLM AI models are similar to GPT?

| LLM AI Model | Parameters | Application areas | Year invented |
|-------|------------|-------------------|---------------|
| BERT | 340 million | NLU and NLG | 2018 |
| XLNet | 340 million | NLG | 2019 |
| EleutherAI | 175 billion | NLU and NLG | 2021 |
| Meena | 2.6 billion | Conversational | 2020 |

LLM AI models are generally compared by the number of parameters.
"""
MODELS_NEW = """\
# Models

## What LLM AI models are similar to GPT?

| LLM AI Model | Parameters | Year invented |
|-------|------------|---------------|
| BERT | 340 million | 2018 |
| Meena | 2.6 billion | 2020 |
| EleutherAI | 6 billion | 2021 |

LLM AI models are generally compared by the number of parameters.
"""


def _pair(repo: GitRepoFactory, old: str, new: str, lang: str = "en") -> tuple[FileAnalysis, str, str]:
    return described_pair(repo, PAGE, old, new, lang)


def test_a_column_removed_is_said_and_rows_it_alone_changed_are_not(git_repo: GitRepoFactory) -> None:
    facts, title, explanation = _pair(git_repo, MODELS_OLD, MODELS_NEW)
    assert [(c.kind, c.name, c.old) for c in facts.columns] == [("removed", "Application areas", None)]
    assert facts.columns[0].section == "Models > What LLM AI models are similar to GPT?"
    assert (facts.columns[0].line, facts.columns[0].old_line) == (5, 5)
    rows = {(r.kind, r.name): r.columns_only for r in facts.tables}
    # BERT and Meena lost their cell only; EleutherAI's parameters changed too; XLNet went
    assert rows == {
        ("changed", "BERT"): True,
        ("changed", "Meena"): True,
        ("changed", "EleutherAI"): False,
        ("removed", "XLNet"): False,
    }
    assert title == "Removed table column 'Application areas'"
    assert explanation.startswith(
        "Removed the column 'Application areas' from the table in 'What LLM AI models are similar to GPT?'."
    )
    assert "BERT" not in explanation
    assert "Meena" not in explanation


def test_columns_in_japanese(git_repo: GitRepoFactory) -> None:
    _facts, title, explanation = _pair(git_repo, MODELS_OLD, MODELS_NEW, "ja")
    assert title == "表の列「Application areas」を削除"
    assert explanation.startswith(
        "セクション「What LLM AI models are similar to GPT?」の表から列「Application areas」を削除しました。"
    )


def _quota(models: list[str], rows: dict[str, list[str]]) -> str:
    header = "| Region | " + " | ".join(models) + " |\n|:--|" + ":-:|" * len(models) + "\n"
    body = "".join(f"| {region} | " + " | ".join(cells) + " |\n" for region, cells in rows.items())
    return "---\nms.topic: include\n---\n\n" + header + body


def test_columns_added_to_a_wide_table(git_repo: GitRepoFactory) -> None:
    """A quota table gains two models in every region; one region's quota for another model changed too."""
    regions = [f"region{k:02}" for k in range(30)]
    old = _quota(["gpt-4", "gpt-4o"], {r: ["40 K", "30 M"] for r in regions})
    new_rows = {r: ["40 K", "30 M", "-", "50 M"] for r in regions}
    new_rows["region07"][0] = "80 K"
    new = _quota(["gpt-4", "gpt-4o", "o1-mini", "o1"], new_rows)
    facts, title, explanation = _pair(git_repo, old, new)
    assert [(c.kind, c.name) for c in facts.columns] == [("added", "o1-mini"), ("added", "o1")]
    assert [r.name for r in facts.tables if not r.columns_only] == ["region07"]
    assert title == "Added table columns 'o1-mini' and 'o1'"
    assert explanation == (
        "Added the columns 'o1-mini' and 'o1' to a table. Changed `40` to `80` in 1 place. "
        "Updated the table row `region07`: 'region07 | 40 K | 30 M' is now 'region07 | 80 K | 30 M | - | 50 M'."
    )


def test_a_column_renamed_in_place_and_columns_moved(git_repo: GitRepoFactory) -> None:
    old = "# Limits\n\n| Resource | Limit | Notes |\n|---|---|---|\n| Indexes | 50 | per service |\n"
    renamed = old.replace("| Limit |", "| Maximum |")
    facts, title, explanation = _pair(git_repo, old, renamed)
    assert [(c.kind, c.old, c.name) for c in facts.columns] == [("renamed", "Limit", "Maximum")]
    assert title == "Renamed table column 'Limit' to 'Maximum'"
    assert explanation == "Renamed the table column 'Limit' to 'Maximum' in 'Limits'."

    # the same cells in another order: no column is added or removed, and the row is only reordered
    moved = "# Limits\n\n| Resource | Notes | Limit |\n|---|---|---|\n| Indexes | per service | 50 |\n"
    facts, _title, _explanation = _pair(git_repo, old, moved)
    assert facts.columns == []
    assert [(r.kind, r.columns_only) for r in facts.tables] == [("changed", False)]


def test_a_table_replaced_by_another_is_no_column_change(git_repo: GitRepoFactory) -> None:
    """Two headers in one hunk that share no cell are two tables: their rows speak, not their columns."""
    old = "# Page\n\n| Model | Region |\n|---|---|\n| o1 | East US |\n\nText.\n"
    new = "# Page\n\n| Tier | Price |\n|---|---|\n| Basic | $1 |\n\nText.\n"
    facts, _title, _explanation = _pair(git_repo, old, new)
    assert facts.columns == []
    assert {(r.kind, r.name) for r in facts.tables} == {("removed", "o1"), ("added", "Basic")}


def _header_cells(markdown: str) -> list[str]:
    """The header cells of the first table, as markdown-it's ``gfm-like`` preset reads them."""
    return gfm_tables(markdown)[0][0]


_CELLS = [
    "Region",
    "**Model**",
    "`max_tokens`",
    "[Quota](quota.md)",
    "A \\| B",
    "R&amp;D",
    "Tier _(preview)_",
    "gpt-4o, 2024-05-13",
    "Price",
    "Status",
    "*Notes*",
    "Limit",
]


@pytest.mark.parametrize("seed", range(6))
def test_columns_agree_with_markdown_it(git_repo: GitRepoFactory, seed: int) -> None:
    """Random header edits (columns put in, taken out, renamed in place): the columns said added and
    removed are the header cells GitHub's reading shows gained and lost."""
    rng = random.Random(seed)
    old_cells = rng.sample(_CELLS, 6)
    new_cells = list(old_cells)
    spare = [c for c in _CELLS if c not in old_cells]
    for _ in range(rng.randint(1, 3)):
        move = rng.choice(("insert", "delete", "rename"))
        if move == "insert" and spare:
            new_cells.insert(rng.randint(1, len(new_cells)), spare.pop())
        elif move == "delete" and len(new_cells) > 2:
            new_cells.pop(rng.randint(1, len(new_cells) - 1))
        elif spare:
            new_cells[rng.randint(1, len(new_cells) - 1)] = spare.pop()

    def page(cells: list[str]) -> str:
        rows = "".join(f"| row{k} |" + " x |" * (len(cells) - 1) + "\n" for k in range(3))
        return f"# Page\n\n| {' | '.join(cells)} |\n|" + "---|" * len(cells) + "\n" + rows

    old, new = page(old_cells), page(new_cells)
    facts, _title, _explanation = _pair(git_repo, old, new)
    seen_old, seen_new = _header_cells(old), _header_cells(new)
    assert len(seen_old) == len(old_cells)
    assert len(seen_new) == len(new_cells)
    gained = {c.name for c in facts.columns if c.kind in ("added", "renamed")}
    lost = {
        c.old if c.kind == "renamed" else c.name for c in facts.columns if c.kind in ("removed", "renamed")
    }
    assert gained == set(seen_new) - set(seen_old), (old_cells, new_cells)
    assert lost == set(seen_old) - set(seen_new), (old_cells, new_cells)
    # every row changed only by the columns (its cells are all "x")
    assert all(r.columns_only for r in facts.tables if r.kind == "changed")


def test_a_long_table_gaining_a_column(git_repo: GitRepoFactory) -> None:
    """4,000 rows each gaining a cell: one column said, no row (the rows past the first 40 are not kept)."""
    old = "# Big\n\n| Name | Value |\n|---|---|\n" + "".join(f"| n{k} | {k} |\n" for k in range(4000))
    new = "# Big\n\n| Name | Value | Unit |\n|---|---|---|\n" + "".join(
        f"| n{k} | {k} | ms |\n" for k in range(4000)
    )
    facts, title, _explanation = _pair(git_repo, old, new)
    assert [(c.kind, c.name) for c in facts.columns] == [("added", "Unit")]
    assert facts.tables
    assert all(r.columns_only for r in facts.tables)
    assert title == "Added table column 'Unit'"


def test_a_numbering_column_dropped_beside_a_renamed_one(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs 29f49322: `| | Components | Description |` became `| Component | Description |`,
    # its rows losing their numbers; it was "Removed the column 'Components'. Added the column 'Component'."
    old = (
        "# Kernel\n\n| | Components | Description |\n|---|---|---|\n"
        "| 1 | **Services** | AI services and others. |\n| 2 | **Plugins** | Work for the services. |\n"
    )
    new = (
        "# Kernel\n\n| Component | Description |\n|---|---|\n"
        "| **Services** | AI services and others. |\n| **Plugins** | Work for the services. |\n"
    )
    facts, title, explanation = _pair(git_repo, old, new)
    assert [(c.kind, c.old, c.name) for c in facts.columns] == [("renamed", "Components", "Component")]
    assert [(r.name, r.columns_only) for r in facts.tables] == [("Services", True), ("Plugins", True)]
    assert explanation == "Renamed the table column 'Components' to 'Component' in 'Kernel'."


def test_header_cells_much_alike_are_renamed_and_cut_where_they_differ(git_repo: GitRepoFactory) -> None:
    # Azure AI docs, composed-models.md (November 2024): two version columns became one, still much alike
    old = (
        "# Compatibility\n\n| Model | Custom template and neural models v4.0 preview | Custom generative v4.0 "
        "| v3.1 | v3.0 |\n|---|---|---|---|---|\n| v3.1 | yes | no | yes | yes |\n"
    )
    new = (
        "# Compatibility\n\n| Model | Custom template and neural models v4.0 | v3.1 | v3.0 |\n|---|---|---|---|\n"
        "| v3.1 | yes | yes | yes |\n"
    )
    facts, _title, explanation = _pair(git_repo, old, new)
    assert [(c.kind, c.name) for c in facts.columns] == [
        ("renamed", "Custom template and neural models v4.0"),
        ("removed", "Custom generative v4.0"),
    ]
    assert (
        "Renamed the table column 'Custom template and neural models v4.0 preview' to "
        "'Custom template and neural models v4.0' in 'Compatibility'." in explanation
    )


def test_a_header_is_paired_with_the_header_most_like_it(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs 700b1cc0: a new two-column table put in above a provider matrix that lost columns;
    # the matrix's old header was paired with the new table's, "Removed the columns 'Chat Completion', …"
    header = "| Tool | Chat | Responses | Assistants | Foundry |\n|---|---|---|---|---|\n"
    matrix_old = header + "| Search | ✅ | ✅ | ❌ | ✅ |\n"
    matrix_new = "| Tool | Responses | Chat | Foundry |\n|---|---|---|---|\n| Search | ✅ | ✅ | ✅ |\n"
    old = "# Tools\n\n" + matrix_old
    new = "# Tools\n\n| Tool | Description |\n|---|---|\n| Search | Searches. |\n\n" + matrix_new
    facts, _title, _explanation = _pair(git_repo, old, new)
    assert [(c.kind, c.name, c.line) for c in facts.columns] == [("removed", "Assistants", 7)]


def test_a_row_of_hyphens_further_down_a_table_is_a_row(git_repo: GitRepoFactory) -> None:
    """GitHub reads a table's delimiter only under its first row: a row above a later `| --- |` row heads
    nothing (semantic-kernel-docs 98c318c5 edits such a layout table)."""
    old = "# Steps\n\n| One | Two |\n| --- | --- |\n| Three | Four |\n| --- | --- |\n"
    new = "# Steps\n\n| One | Two |\n| --- | --- |\n| Three | Five |\n| --- | --- |\n"
    assert _header_cells(new) == ["One", "Two"]
    facts, _title, _explanation = _pair(git_repo, old, new)
    assert facts.columns == []
    assert [(r.kind, r.name) for r in facts.tables] == [("changed", "Three")]


def test_one_row_changed_says_the_words_that_changed(git_repo: GitRepoFactory) -> None:
    """Azure `whisper-powershell.md` (November 2024) changed 'Azure AI Studio' to 'Azure AI Foundry portal' in a
    row's long description: it read "Updated the table row `AZURE_OPENAI_ENDPOINT`." and no more."""
    old = (
        "# Set up\n\n| Variable | Description |\n|---|---|\n"
        "| `AZURE_OPENAI_ENDPOINT` | You can find the endpoint via the **Deployments** page in Azure AI Studio. "
        "An example endpoint is: `https://docs-test-001.openai.azure.com`. |\n"
        "| `AZURE_OPENAI_API_KEY` | The key. |\n\nEnd.\n"
    )
    new = old.replace("Azure AI Studio.", "Azure AI Foundry portal.")
    _facts, title, explanation = _pair(git_repo, old, new)
    assert title == "Updated table row `AZURE_OPENAI_ENDPOINT`"
    assert explanation == (
        "Updated the table row `AZURE_OPENAI_ENDPOINT`: '… in Azure AI Studio. An example endpoint …' is now "
        "'… in Azure AI Foundry portal. An example endpoint …'."
    )
    _facts, _title, explanation = _pair(git_repo, old, new, "ja")
    assert explanation.startswith("表の行`AZURE_OPENAI_ENDPOINT`を更新しました: 「… in Azure AI Studio.")
    # a row whose words a reader sees the same (a link's target changed) is said as it was
    linked = old.replace("Azure AI Studio", "[Azure AI Studio](https://ai.azure.com)")
    moved = linked.replace("https://ai.azure.com", "https://ai.azure.com/studio")
    _facts, _title, explanation = _pair(git_repo, linked, moved)
    assert "is now" not in explanation
    # marks changed in a matrix: the column they are in (see test_table_cells)
    matrix = (
        "# Regions\n\n| Region | gpt-4 | o1 |\n|---|---|---|\n| eastus | ✅ | - |\n| westus | ✅ | ✅ |\n"
    )
    _facts, _title, explanation = _pair(
        git_repo, matrix, matrix.replace("| eastus | ✅ | - |", "| eastus | ✅ | ✅ |")
    )
    assert explanation == "Changed 'o1' from '-' to '✅' in the table row `eastus`."
    # braces in the words stay as they are
    braces = old.replace("Azure AI Studio.", "{DEPLOYMENT_NAME}.")
    _facts, _title, explanation = _pair(git_repo, old, braces)
    assert "{DEPLOYMENT_NAME}" in explanation


def test_rows_that_only_lost_empty_cells_at_their_end_are_unchanged(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs d08f12e9 ("fixed tables") dropped an empty last column and respaced a cell:
    it read "Updated the table rows `Azure Cognitive Search`, `Chroma`, `DuckDB`, `Milvus`, and 6 more"."""
    old = (
        "# Connectors\n\n| Service | | | |\n|---|:-:|:-:|:-:|\n"
        "| Chroma   | [C#](c.md) | [Python](p.md) |  |\n"
        "| DuckDB | [C#](d.md) |  |  |\n"
        "| Redis | [C#](r.md) |  |  |\n"
        "| Sqlite     | [C#](s.md) |  |  |\n"
    )
    new = (
        "# Connectors\n\n| Service | | |\n|---|:-:|:-:|\n"
        "| Chroma | [C#](c.md) | [Python](p.md) |\n"
        "| DuckDB | [C#](d.md) |  |\n"
        "| Redis | [C#](r.md) | [Python](rp.md) |\n"
        "| Sqlite | [C#](s.md)|  |\n"
    )
    facts, title, explanation = _pair(git_repo, old, new)
    assert [(r.kind, r.name) for r in facts.tables] == [("changed", "Redis")]
    assert "Chroma" not in explanation
    assert "DuckDB" not in title + explanation
    # the cells still count where they are: an empty cell put before a value moves it to another column
    facts, _title, _explanation = _pair(
        git_repo, old, old.replace("| DuckDB | [C#](d.md) |", "| DuckDB | | [C#](d.md)")
    )
    assert [(r.kind, r.name) for r in facts.tables] == [("changed", "DuckDB")]


def test_rows_whose_links_alone_were_repointed_are_said_by_the_links(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 920b7129 moved the provider pages a table links to: it read "Updated the table
    rows `Image Generation`, `Shell`, `Bing Grounding`, `Bing Custom Search`, and 16 more", each row's link
    repointed and its words kept, beside the links repointed."""
    old = (
        "# Tools\n\n| Tool | What it does |\n|---|---|\n"
        "| [Image Generation](../providers/foundry.md#image) | Hosted image generation |\n"
        "| [Shell](../providers/openai.md#tools) | Hosted shell execution |\n"
        "| [Web Search](../providers/openai.md#web) | Search the web |\n"
    )
    new = old.replace("../providers/", "../../integrations/providers/").replace(
        "Search the web", "Search the web with Bing"
    )
    facts, _title, explanation = _pair(git_repo, old, new)
    assert [(r.kind, r.name) for r in facts.tables] == [("changed", "Web Search")]
    assert sorted(x.text for x in facts.links if x.kind == "retargeted") == [
        "Image Generation",
        "Shell",
        "Web Search",
    ]
    assert "Image Generation" not in explanation.split("Repointed")[0]


def test_a_few_rows_changed_the_same_way_say_that_edit_once(git_repo: GitRepoFactory) -> None:
    """Azure `includes/use-your-data` pages (Dec 2024) put 'Foundry portal' for 'Studio' in two rows of a
    settings table: it read "Updated the table rows `ENDPOINT` and `DEPLOYMENT-NAME`", nothing of what
    changed. A value replaced says it already: then the rows are only named, to tell where."""
    old = (
        "# Settings\n\n| Variable | Where to find it |\n|---|---|\n"
        "| `ENDPOINT` | On the Deployments page of Azure AI Studio, under the endpoint. |\n"
        "| `DEPLOYMENT-NAME` | On the Deployments page of Azure AI Studio, under the name. |\n"
        "| `API-KEY` | In the Azure portal, under Keys. |\n"
    )
    new = old.replace("Azure AI Studio", "Azure AI Foundry portal")
    for lang, said in (
        ("en", "Changed 'Studio' to 'Foundry portal' in the table rows `ENDPOINT` and `DEPLOYMENT-NAME`."),
        ("ja", "表の行`ENDPOINT`、`DEPLOYMENT-NAME`で「Studio」を「Foundry portal」に変更しました。"),
    ):
        _facts, title, explanation = _pair(git_repo, old, new, lang)
        assert explanation == said
    _facts, title, explanation = _pair(git_repo, old, new.replace(", under the name", ""))
    # two edits: none quoted, the column they are in named
    assert explanation == "Updated 'Where to find it' in the table rows `ENDPOINT` and `DEPLOYMENT-NAME`."
    numbers = old.replace("Deployments page", "Deployments 5 page")
    _facts, _title, explanation = _pair(git_repo, numbers, numbers.replace(" 5 ", " 15 "))
    # the value says it
    assert "Updated 'Where to find it' in the table rows `ENDPOINT` and `DEPLOYMENT-NAME`." in explanation


def test_rows_renamed_pair_with_the_names_most_alike(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 69b595a0 renamed samples in a table: `workflow_agents` became
    `workflow_with_agents`, but `workflow_fanout`, met first and alike enough, took it ("Renamed the table row
    `workflow_agents` to `workflow_fanout`")."""
    old = (
        "# Samples\n\n| Sample | What it shows |\n|---|---|\n"
        "| fanout_workflow | Workflow demonstrating fan-out pattern |\n"
        "| workflow_agents | Multiple agents in a workflow |\n"
    )
    new = (
        "# Samples\n\n| Sample | What it shows |\n|---|---|\n"
        "| workflow_fanout | Workflow demonstrating fan-out/fan-in patterns |\n"
        "| workflow_with_agents | Multiple agents in a workflow |\n"
    )
    facts, _title, _explanation = _pair(git_repo, old, new)
    assert sorted((r.kind, r.old_name, r.name) for r in facts.tables) == [
        ("added", None, "workflow_fanout"),
        ("changed", "workflow_agents", "workflow_with_agents"),
        ("removed", None, "fanout_workflow"),
    ]
