"""Helpers for the analysis/classifier tests: realistic Markdown versions and changes read from git."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from conftest import GitRepoFactory

from diffreport.analysis import analyse
from diffreport.models import Classification, FileAnalysis, FileChange
from diffreport.narrate import describe_file
from diffreport.vcs import GitRepo

OLD_ARTICLE = """\
---
title: Azure OpenAI reasoning models
description: Learn how to use reasoning models.
ms.topic: how-to
ms.date: 03/27/2025
---

# Azure OpenAI reasoning models

Reasoning models are in preview. Feature coming soon!

> [!NOTE]
> Only some regions are supported.

## Region availability

| Model | Region |
| --- | --- |
| `o1` | East US |
| `o3-mini` | West US |
| `o1-mini` | Sweden Central |

## API support

Use `api_version=2024-12-01-preview` with the Python SDK.

```python
client = AzureOpenAI(api_version="2024-12-01-preview")
response = client.chat.completions.create(model="o1")
```

```rest
POST https://contoso.openai.azure.com/openai/deployments/o1/chat/completions?api-version=2024-12-01-preview
```

See [the quickstart](quickstart.md) and ![diagram](media/old-diagram.png).

[!INCLUDE [preview notice](includes/preview-notice.md)]

## Limitations

Streaming is coming soon.

## Old tips

Some tips that are obsolete.
"""

NEW_ARTICLE = """\
---
title: Azure OpenAI reasoning models
description: Learn how to use reasoning models.
ms.topic: how-to
ms.date: 04/17/2025
ms.custom: references_regions
---

# Azure OpenAI reasoning models

Reasoning models are available.

> [!IMPORTANT]
> The `o1-preview` model is retired and no longer supported.

## Region availability

| Model | Region |
| --- | --- |
| `o1` | East US, West Europe |
| `o3-mini` | West US |
| `o3` | East US 2 |

## API support

Use `api_version=2025-03-01-preview` with the Python SDK.

```python
client = AzureOpenAI(api_version="2025-03-01-preview")
response = client.chat.completions.create(model="o1")
```

```rest
POST https://contoso.openai.azure.com/openai/deployments/o1/chat/completions?api-version=2025-03-01-preview
```

See [the quickstart](get-started.md) and ![diagram](media/new-diagram.png).

## Reasoning summary

Reasoning summaries explain the model's steps.

```python
response = client.responses.create(model="o3", reasoning={"summary": "auto"})
print(response.output_text)
```

## Known limitations

Streaming is coming soon.
"""


def read_changes(repo: GitRepoFactory, base: str, head: str) -> dict[str, FileChange]:
    """The changes between two commits as the compare pipeline reads them, by path."""
    with GitRepo(str(repo.path)) as git:
        return {c.path: c for c in git.changes(base, head, include=["*"])}


def commit_pair(
    repo: GitRepoFactory, files_before: dict[str, str | bytes], files_after: dict[str, str | bytes | None]
) -> dict[str, FileChange]:
    """Commit ``files_before``, then ``files_after`` (None removes a file); return the changes."""
    for rel, text in files_before.items():
        repo.write(rel, text)
    base = repo.commit("before", "2025-04-16T10:00:00+00:00")
    for rel, new in files_after.items():
        if new is None:
            repo.remove(rel)
        else:
            repo.write(rel, new)
    head = repo.commit("after", "2025-04-17T10:00:00+00:00")
    return read_changes(repo, base, head)


def described_pair(
    repo: GitRepoFactory, path: str, old: str, new: str, lang: str = "en"
) -> tuple[FileAnalysis, str, str]:
    """Commit ``old`` then ``new`` at ``path``: the change's facts, and its title and explanation in ``lang``
    (with no rule fired)."""
    change = commit_pair(repo, {path: old}, {path: new})[path]
    facts = analyse(change)
    title, explanation = describe_file(change, facts, Classification(), lang)
    return facts, title, explanation


def corpus_markdown_pages(corpus: Path, name: str, into: Path) -> list[str]:
    """Every Markdown page at HEAD of the corpus repository ``name`` (``repos/NAME.bundle``), read with one
    ``cat-file``; the test is skipped where the corpus lacks it."""
    bundle = corpus / "repos" / f"{name}.bundle"
    if not bundle.is_file():
        pytest.skip(f"{bundle} not found")
    mirror = into / f"{bundle.stem}.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(mirror)], check=True)
    listing = subprocess.run(
        ["git", "-C", str(mirror), "ls-tree", "-r", "-z", "HEAD"], check=True, capture_output=True
    ).stdout.decode()
    blobs = [
        entry.split()[2] for entry in listing.split("\0") if entry.lower().endswith((".md", ".markdown"))
    ]
    batch = subprocess.run(
        ["git", "-C", str(mirror), "cat-file", "--batch"],
        input="\n".join(blobs).encode() + b"\n",
        check=True,
        capture_output=True,
    ).stdout
    pages, pos = [], 0
    for _ in blobs:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        pages.append(batch[header_end + 1 : header_end + 1 + size].decode("utf-8", "replace"))
        pos = header_end + 2 + size
    return pages


def pages_of_pieces(pieces: list[list[str]], seed: int, count: int = 60) -> list[str]:
    """``count`` pages of up to 25 pieces each (a piece: lines kept together), drawn from ``pieces``."""
    rng = random.Random(seed)
    return [
        "\n".join(line for _ in range(rng.randint(0, 25)) for line in rng.choice(pieces))
        for _ in range(count)
    ]
