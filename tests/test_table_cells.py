"""A table row changed in one cell says the column it changed, by the header of the row's table.

Taken from real changes: semantic-kernel-docs ``05cf4d49`` turned the Couchbase connector's 'Uses officially
supported SDK' from ❌ to ✅, and the Azure AI docs' model matrices of September 2024 marked
'gpt-4o-mini, 2024-07-18' ✅ in four regions; both read "Updated the table row(s) …" and no more (marks are
not quoted as words). The header is found in the new version of the page, or in the hunk when only the patch
is known; the column named is checked against markdown-it-py's ``gfm-like`` reading of the table.
"""

from __future__ import annotations

import random

import pytest
from analysis_helpers import described_pair
from conftest import GitRepoFactory
from render_helpers import gfm_tables

from diffreport.analysis import analyse
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import Classification, FileAnalysis
from diffreport.narrate import describe_file

PAGE = "docs/connectors.md"

CONNECTORS = """\
# Connectors

Some connectors are built by others.

| Vector Store Connectors | C# | Uses officially supported SDK | Maintainer / Vendor |
|---|:---:|:---:|:---:|
| [Azure AI Search](./azure-ai-search-connector.md) | ✅ | ✅ | Microsoft Semantic Kernel Project |
| [Cosmos DB No SQL](./azure-cosmosdb-nosql-connector.md) | ✅ | ✅ | Microsoft Semantic Kernel Project |
| [Couchbase](./couchbase-connector.md) | ✅ | ❌ | Couchbase |
| [Elasticsearch](./elasticsearch-connector.md) | ✅ | ✅ | Elastic |
| Chroma | Planned | | |
| [In-Memory](./inmemory-connector.md) | ✅ | N/A | Microsoft Semantic Kernel Project |
| [MongoDB](./mongodb-connector.md) | ✅ | ✅ | Microsoft Semantic Kernel Project |

End.
"""


def _pair(repo: GitRepoFactory, old: str, new: str, lang: str = "en") -> tuple[FileAnalysis, str, str]:
    return described_pair(repo, PAGE, old, new, lang)


def test_one_cell_changed_names_its_column(git_repo: GitRepoFactory) -> None:
    new = CONNECTORS.replace("| ✅ | ❌ | Couchbase |", "| ✅ | ✅ | Couchbase |")
    facts, title, explanation = _pair(git_repo, CONNECTORS, new)
    assert [(r.kind, r.name, r.column) for r in facts.tables] == [
        ("changed", "Couchbase", "Uses officially supported SDK")
    ]
    assert title == "Updated table row `Couchbase`"
    assert (
        explanation
        == "Changed 'Uses officially supported SDK' from '❌' to '✅' in the table row `Couchbase`."
    )
    _facts, title, explanation = _pair(git_repo, CONNECTORS, new, "ja")
    assert title == "表の行`Couchbase`を更新"
    assert (
        explanation
        == "表の行`Couchbase`の「Uses officially supported SDK」を「❌」から「✅」に変更しました。"
    )


MATRIX = """\
# Standard deployment model availability

| **Region** | **gpt-4o**, **2024-05-13** | **gpt-4o-mini**, **2024-07-18** | **gpt-4**, **turbo-2024-04-09** |
|:---|:---:|:---:|:---:|
| australiaeast | - | - | ✅ |
| eastus2 | ✅ | - | ✅ |
| francecentral | - | - | ✅ |
| northcentralus | ✅ | - | ✅ |
| westus | ✅ | - | - |
| westus3 | ✅ | - | ✅ |
"""


def test_rows_changed_in_one_column_the_same_way_say_it_once(git_repo: GitRepoFactory) -> None:
    """Labelled ``standard-gpt-4.md`` (September 2024): it read "Updated the table rows `eastus2`,
    `northcentralus`, `westus`, and `westus3`"."""
    new = MATRIX
    for region in ("eastus2", "northcentralus", "westus", "westus3"):
        old_row = next(line for line in MATRIX.splitlines() if line.startswith(f"| {region} |"))
        cells = old_row.split("|")
        cells[3] = " ✅ "
        new = new.replace(old_row, "|".join(cells))
    _facts, title, explanation = _pair(git_repo, MATRIX, new)
    assert title == "Updated table rows `eastus2`, `northcentralus`, and 2 more"
    assert explanation == (
        "Changed 'gpt-4o-mini, 2024-07-18' from '-' to '✅' in the table rows `eastus2`, `northcentralus`, "
        "`westus`, and `westus3`."
    )
    # the same column, changed in other ways: the column is named
    mixed = new.replace("| westus | ✅ | ✅ | - |", "| westus | ✅ | Limited | - |")
    _facts, _title, explanation = _pair(git_repo, MATRIX, mixed)
    assert explanation == (
        "Updated 'gpt-4o-mini, 2024-07-18' in the table rows `eastus2`, `northcentralus`, `westus`, and "
        "`westus3`."
    )
    # another column too: none is named
    other = new.replace("| westus | ✅ | ✅ | - |", "| westus | - | ✅ | - |")
    _facts, _title, explanation = _pair(git_repo, MATRIX, other)
    assert explanation == "Updated the table rows `eastus2`, `northcentralus`, `westus`, and `westus3`."


def test_cells_filled_emptied_or_saying_their_column(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ``da63f874`` linked a C# connector in the empty 'C#' cell of the row `Milvus`;
    labelled ``connections-add.md`` (November 2024) took the ✓ out of the 'Preview' column of five rows."""
    vectors = (
        "# Vector databases\n\n| Vector store | C# | Python |\n|---|---|---|\n"
        "| Chroma | [C#](https://example.com/cs/chroma) | [Python](https://example.com/py/chroma) |\n"
        "| Milvus |  | [Python](https://example.com/py/milvus) |\n"
    )
    linked = vectors.replace("| Milvus |  |", "| Milvus | [C#](https://example.com/cs/milvus) |")
    _facts, _title, explanation = _pair(git_repo, vectors, linked)
    assert explanation.startswith("Added 'C#' to the table row `Milvus`.")
    _facts, _title, explanation = _pair(git_repo, linked, vectors)
    assert explanation.startswith("Removed 'C#' from the table row `Milvus`.")
    connections = (
        "# Connections\n\n| Service connection type | Preview | Description |\n|---|---|---|\n"
        "| Azure AI Search | ✓ | Azure AI Search is a search service. |\n"
        "| Azure Blob Storage | ✓ | Azure Blob Storage is a cloud storage solution. |\n"
        "| Azure OpenAI |  | Azure OpenAI is a service. |\n"
    )
    released = connections.replace(" | ✓ | ", " |  | ")
    _facts, _title, explanation = _pair(git_repo, connections, released)
    assert explanation == (
        "Removed '✓' from 'Preview' in the table rows `Azure AI Search` and `Azure Blob Storage`."
    )
    _facts, _title, explanation = _pair(git_repo, released, connections)
    assert explanation == "Set 'Preview' to '✓' in the table rows `Azure AI Search` and `Azure Blob Storage`."
    _facts, _title, explanation = _pair(git_repo, released, connections, "ja")
    assert explanation == ("表の行`Azure AI Search`、`Azure Blob Storage`の「Preview」を「✓」にしました。")


def test_a_row_is_under_the_header_of_its_own_table(git_repo: GitRepoFactory) -> None:
    """Two tables, one under the other: a row of the second is under the second's header; a table far
    longer than a hunk still finds its header in the new version of the page."""
    two = (
        "# Limits\n\n| Model | Tokens |\n|---|---|\n| gpt-4 | 8,192 |\n\nAnd the regions:\n\n"
        "| Model | Region | Status |\n|---|---|---|\n| gpt-4 | eastus | Planned |\n| o1 | westus | GA |\n"
    )
    facts, _title, explanation = _pair(git_repo, two, two.replace("| eastus | Planned |", "| eastus | GA |"))
    assert [r.column for r in facts.tables] == ["Status"]
    assert explanation == "Changed 'Status' from 'Planned' to 'GA' in the table row `gpt-4`."
    rows = "".join(f"| region{k:05} | {k} | - |\n" for k in range(20_000))
    long_table = f"# Quotas\n\n| Region | Quota | o1 |\n|---|---|---|\n{rows}"
    new = long_table.replace("| region19990 | 19990 | - |", "| region19990 | 19990 | ✅ |")
    new = new.replace("| region10000 | 10000 | - |", "| region10000 | 10000 | ✅ |")
    facts, _title, explanation = _pair(git_repo, long_table, new)
    assert facts.source == "full"
    assert [(r.name, r.column) for r in facts.tables] == [("region10000", "o1"), ("region19990", "o1")]
    assert explanation == "Changed 'o1' from '-' to '✅' in the table rows `region10000` and `region19990`."


def test_from_the_patch_alone_the_header_must_be_in_the_hunk() -> None:
    """The labelled corpus has patches only: labelled ``standard-embeddings.md`` (September 2024) changed a
    row of a matrix whose header the hunk does not reach, and is said as before; a hunk that holds the header
    names the column."""
    far = (
        "@@ -18,7 +18,7 @@ ms.date: 03/13/2024\n"
        " | japaneast        | -  | ✅ | -  | ✅ |\n"
        " | northcentralus   | -  | ✅ | -  | -  |\n"
        "-| norwayeast       | -  | ✅ | -  | -  |\n"
        "+| norwayeast       | -  | ✅ | -  | ✅ |\n"
        " | southafricanorth | -  | ✅ | -  | -  |\n"
    )
    near = (
        "@@ -3,6 +3,6 @@\n"
        " | Region | text-embedding-ada-002 | text-embedding-3-small | text-embedding-3-large |\n"
        " |---|---|---|---|\n"
        " | japaneast | ✅ | - | ✅ |\n"
        "-| norwayeast | ✅ | - | - |\n"
        "+| norwayeast | ✅ | - | ✅ |\n"
        " | southafricanorth | ✅ | - | - |\n"
    )
    said = []
    for patch in (far, near):
        change = change_from_record(
            {
                "path": "includes/standard-embeddings.md",
                "status": "modified",
                "additions": 1,
                "deletions": 1,
                "patch": patch,
            }
        )
        facts = analyse(change)
        assert facts.source == "patch"
        said.append((facts.tables[0].column, describe_file(change, facts, Classification(), "en")[1]))
    assert said == [
        (None, "Updated the table row `norwayeast`."),
        (
            "text-embedding-3-large",
            "Changed 'text-embedding-3-large' from '-' to '✅' in the table row `norwayeast`.",
        ),
    ]


_CELLS = ["✅", "-", "❌", "`max_tokens`", "**GA**", "[Docs](docs.md)", "A \\| B", "8,192", "", "Preview"]
_HEADERS = [
    "Region",
    "**Model**",
    "`max_tokens`",
    "[Quota](quota.md)",
    "A \\| B",
    "Tier _(preview)_",
    "Notes",
]


@pytest.mark.parametrize("seed", range(6))
def test_the_column_named_is_the_one_markdown_it_reads(git_repo: GitRepoFactory, seed: int) -> None:
    """Random tables, some with cells padded or aligned, a few rows each changed in one random cell: the
    column named for each row is the header cell GitHub's reading shows above the cell that changed."""
    rng = random.Random(seed)
    width = rng.randint(3, 6)
    header = rng.sample(_HEADERS, width)
    body = [[f"row{k}"] + [rng.choice(_CELLS) for _ in range(width - 1)] for k in range(12)]
    changed = [list(r) for r in body]
    for row in rng.sample(changed, 3):
        at = rng.randrange(1, width)
        row[at] = rng.choice([c for c in _CELLS if c != row[at]])

    def page(rows: list[list[str]]) -> str:
        pad = " " * rng.randint(1, 3)
        lines = "".join("|" + "|".join(f"{pad}{c}{pad}" for c in r) + "|\n" for r in rows)
        return f"# Page\n\nText.\n\n| {' | '.join(header)} |\n|" + ":---:|" * width + "\n" + lines

    old, new = page(body), page(changed)
    facts, _title, _explanation = _pair(git_repo, old, new)
    seen_old, seen_new = gfm_tables(old)[0], gfm_tables(new)[0]
    expected = {}
    for old_cells, new_cells in zip(seen_old[1:], seen_new[1:], strict=True):
        if old_cells != new_cells:
            (at,) = [k for k, (a, b) in enumerate(zip(old_cells, new_cells, strict=True)) if a != b]
            expected[new_cells[0]] = seen_new[0][at] or None
    assert {r.name: r.column for r in facts.tables if r.kind == "changed"} == expected
