"""Fixture repositories for the golden report tests, built as real files and commits.

``openai-20250419`` rebuilds the four changes of the reference report
(``../shared/reference/report-20250419-openai.md``): the patches shown there are checked in under
``tests/golden/openai-20250419/patches``; :func:`synthesize` writes a before and an after version of each
file whose ``git diff`` is exactly that patch (the lines the patch does not show are filled with neutral
text and a few headings, and each hunk's function-context line is placed where git will find it).

``contoso-includes`` is a small repository kept as real trees under ``tests/golden/contoso-includes``
(``before/`` and ``after/``): the same change across language include files, a retired page, a page that
became generally available, a new article, a renamed article and a table of contents.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from conftest import GitRepoFactory

GOLDEN = Path(__file__).parent / "golden"
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$")


@dataclass
class Hunk:
    old_start: int
    old_len: int
    new_start: int
    new_len: int
    funcname: str
    lines: list[str] = field(default_factory=list)


def parse_patch(patch: str) -> list[Hunk]:
    hunks: list[Hunk] = []
    for line in patch.splitlines():
        match = HUNK.match(line)
        if match:
            a, b, c, d, func = match.groups()
            hunks.append(Hunk(int(a), int(b or 1), int(c), int(d or 1), func))
        elif hunks:
            hunks[-1].lines.append(line)
    return hunks


def _is_funcname_candidate(line: str) -> bool:
    """git's default function-context rule: a line that starts with a letter, ``_`` or ``$``."""
    return bool(line) and (line[0].isalpha() or line[0] in "_$")


def synthesize(
    patch: str,
    *,
    extras: dict[int, str] | None = None,
    funcnames: dict[str, str] | None = None,
    tail: int = 6,
) -> tuple[str, str]:
    """An old and a new text whose diff is ``patch``.

    ``extras`` puts chosen lines (headings, front matter) at old line numbers outside the hunks;
    ``funcnames`` completes function-context lines that git cut to 80 bytes.
    """
    hunks = parse_patch(patch)
    old: dict[int, str] = {}
    new: dict[int, str] = {}
    for hunk in hunks:
        o, n = hunk.old_start, hunk.new_start
        for line in hunk.lines:
            tag, text = line[:1], line[1:]
            if tag == " ":
                old[o], new[n] = text, text
                o, n = o + 1, n + 1
            elif tag == "-":
                old[o] = text
                o += 1
            elif tag == "+":
                new[n] = text
                n += 1
        assert o - hunk.old_start == hunk.old_len, hunk
        assert n - hunk.new_start == hunk.new_len, hunk
    fixed = dict(extras or {})
    for hunk in hunks:
        if not hunk.funcname:
            continue
        slot = hunk.old_start - 1
        while slot in old or slot in fixed:
            line = old.get(slot, fixed.get(slot, ""))
            if _is_funcname_candidate(line):
                break
            slot -= 1
        else:
            fixed[slot] = (funcnames or {}).get(hunk.funcname, hunk.funcname)
    last_old = max(old) + tail
    filler_old: dict[int, str] = {}
    for i in range(1, last_old + 1):
        if i in old:
            continue
        filler_old[i] = fixed.get(i, "" if i % 2 else f"Unchanged paragraph at line {i}, kept as it was.")
    # map unchanged old lines to new line numbers, hunk by hunk
    offset = 0
    boundaries = [(h.old_start, h.old_start + h.old_len, h.new_len - h.old_len) for h in hunks]
    for i, text in sorted(filler_old.items()):
        shift = sum(delta for start, end, delta in boundaries if end <= i)
        offset = shift
        new[i + offset] = text
        old[i] = text
    old_text = "\n".join(old[i] for i in range(1, max(old) + 1)) + "\n"
    new_text = "\n".join(new[i] for i in range(1, max(new) + 1)) + "\n"
    return old_text, new_text


OPENAI_FILES = {
    "articles/ai-services/openai/concepts/models.md": {
        "extras": {
            1: "---",
            2: "title: Azure OpenAI Service models",
            3: "titleSuffix: Azure OpenAI",
            4: "description: Learn about the model capabilities that are available with Azure OpenAI.",
            5: "ms.service: azure-ai-openai",
            6: "ms.topic: conceptual",
            7: "ms.date: 04/16/2025",
            8: "---",
            9: "",
            10: "# Azure OpenAI Service models",
            94: "",
            95: "## o-series models",
            96: "",
            97: "",
        },
        "funcnames": {
            "The Azure OpenAI o<sup>&#42;</sup> series models are specifically designed to ta": (
                "The Azure OpenAI o<sup>&#42;</sup> series models are specifically designed to tackle "
                "reasoning and problem-solving tasks with increased focus and capability."
            )
        },
    },
    "articles/ai-services/openai/encrypt-data-at-rest.md": {
        "extras": {
            1: "---",
            2: "title: Azure OpenAI Service encryption of data at rest",
            3: "titleSuffix: Azure OpenAI",
            4: "description: Learn how Azure OpenAI encrypts your data when it's persisted to the cloud.",
            13: "# Azure OpenAI Service encryption of data at rest",
            30: "## Customer-managed keys with Azure Key Vault",
        },
        "funcnames": {
            "Only RSA and RSA-HSM keys of size 2048 are supported with Azure AI services encr": (
                "Only RSA and RSA-HSM keys of size 2048 are supported with Azure AI services encryption."
            )
        },
    },
    "articles/ai-services/openai/how-to/reasoning.md": {
        "extras": {
            1: "---",
            2: "title: Azure OpenAI reasoning models",
            3: "titleSuffix: Azure OpenAI",
            13: "# Azure OpenAI reasoning models",
            35: "## Reasoning models",
            70: "## Usage",
            84: "```python",
            100: "```",
            114: "```python",
            140: "```",
            280: "## Python (Microsoft Entra ID)",
            290: "```python",
            310: "```",
            322: "```python",
            345: "```",
            360: "## C# sample",
            365: "```csharp",
            380: "```",
        },
        "funcnames": {
            "description: Learn how to use Azure OpenAI's advanced o3-mini, o1, & o1-mini rea": (
                "description: Learn how to use Azure OpenAI's advanced o3-mini, o1, & o1-mini "
                "reasoning models"
            ),
            "Azure OpenAI `o-series` models are designed to tackle reasoning and problem-solv": (
                "Azure OpenAI `o-series` models are designed to tackle reasoning and problem-solving tasks "
                "with increased focus and capability."
            ),
        },
    },
    "articles/ai-services/openai/how-to/responses.md": {
        "extras": {
            1: "---",
            2: "title: Azure OpenAI Responses API",
            3: "description: Learn how to use Azure OpenAI's new stateful Responses API.",
            4: "ms.service: azure-ai-openai",
            5: "ms.topic: include",
            6: "ms.date: 04/16/2025",
            7: "---",
            9: "# Azure OpenAI Responses API (Preview)",
            41: "## Region availability",
            43: "### Model support",
            400: "## Chaining responses",
            440: "```python",
            600: "## Image input",
            640: "```python",
        },
        "funcnames": {},
    },
}


def patch_file(path: str) -> Path:
    return GOLDEN / "openai-20250419" / "patches" / (path.replace("/", "__") + ".diff")


def reference_patch(path: str) -> str:
    return patch_file(path).read_text(encoding="utf-8")


def build_openai_repo(repo: GitRepoFactory) -> tuple[str, str]:
    """The reference report's range as two commits; returns (base, head)."""
    versions = {}
    for path, spec in OPENAI_FILES.items():
        versions[path] = synthesize(reference_patch(path), extras=spec["extras"], funcnames=spec["funcnames"])
    repo.write("articles/ai-services/openai/overview.md", "# Azure OpenAI\n\nAn unchanged page.\n")
    for path, (old, _new) in versions.items():
        repo.write(path, old)
    base = repo.commit("Docs before the 2025-04-19 update", date="2025-04-18T09:00:00+00:00")
    for path, (_old, new) in versions.items():
        repo.write(path, new)
    head = repo.commit("Reasoning summary, streaming, CMK note", date="2025-04-19T09:00:00+00:00")
    return base, head


def build_tree_repo(repo: GitRepoFactory, name: str) -> tuple[str, str]:
    """A repository whose two commits are the ``before/`` and ``after/`` trees of ``tests/golden/<name>``."""
    root = GOLDEN / name
    for src in sorted((root / "before").rglob("*")):
        if src.is_file():
            repo.write(str(src.relative_to(root / "before")), src.read_bytes())
    base = repo.commit("Before", date="2025-04-14T09:00:00+00:00")
    for child in repo.path.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    for src in sorted((root / "after").rglob("*")):
        if src.is_file():
            repo.write(str(src.relative_to(root / "after")), src.read_bytes())
    head = repo.commit("After", date="2025-04-17T09:00:00+00:00")
    return base, head
