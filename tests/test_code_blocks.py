"""Fenced code blocks: found in a full page as markdown-it-py finds them, and read from both versions where a
hunk starts inside one (a hunk in the middle of a long sample holds no fence to tell)."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_helpers import commit_pair, corpus_markdown_pages, pages_of_pieces
from conftest import GitRepoFactory
from markdown_it import MarkdownIt

from diffreport.analysis import analyse, analyse_patch
from diffreport.analysis.document import fenced_blocks, parse_document

_MD = MarkdownIt("commonmark")
PAGE = "docs/agents.md"


def _markdown_it_blocks(text: str) -> list[tuple[int, int, str]]:
    """markdown-it-py's fences: (opening line, closing line, first word of the info), 1-based."""
    assert _MD.parse(text) is not None
    return [
        (tok.map[0] + 1, tok.map[1], (tok.info.split() or [""])[0].lower())
        for tok in _MD.parse(text)
        if tok.type == "fence" and tok.map is not None
    ]


_PIECES = [
    ["Some text."],
    [""],
    ["```"],
    ["```python"],
    ["~~~"],
    ["~~~ yaml title"],
    ["````"],
    ["````md"],
    ["``` `inline` ```"],  # a code span, not a fence
    ["```text```"],
    ["  ```bash"],
    ["   ~~~~"],
    ["```   "],
    ["x = 1  # ```"],
    ["## Heading"],
    # fences in list items (closed there; the list ends before what follows)
    ["1. Step one", "", "   ```bash", "   az login", "   ```", "", "After."],
    ["- item", "  ```json", '  {"a": 1}', "  ```", "", "After."],
]


@pytest.mark.parametrize("seed", range(20))
def test_fences_are_found_as_markdown_it_finds_them(seed: int) -> None:
    for text in pages_of_pieces(_PIECES, seed):
        assert fenced_blocks(text.splitlines()) == _markdown_it_blocks(text), text


@pytest.mark.corpus
def test_every_fence_of_a_real_docs_repository_is_found(corpus: Path, tmp_path: Path) -> None:
    found = 0
    for text in corpus_markdown_pages(corpus, "semantic-kernel-docs", tmp_path):
        expected = _markdown_it_blocks(text)
        assert fenced_blocks(text.splitlines()) == expected
        found += len(expected)
    assert found > 1000


def test_the_block_holding_a_line() -> None:
    doc = parse_document("# T\n\n```csharp\nvar a = 1;\nvar b = 2;\n```\n\nText.\n\n~~~\nopen")
    assert [doc.code_block_at(n) for n in range(1, 13)] == [
        None,
        None,
        None,  # the opening fence is not inside its block
        (3, "csharp"),
        (3, "csharp"),
        (3, "csharp"),  # the closing fence is
        None,
        None,
        None,
        None,
        (10, ""),  # an unclosed block runs to the end
        None,  # past the end
    ]


_SAMPLE = (
    "# Agents\n\nBuild the agent.\n\n```csharp\nvar agent = new ChatClientAgent(\n"
    + "".join(f"    option{i}: {i},\n" for i in range(10))
    + ")\n    .WithOpenTelemetry(sourceName);\n```\n---\n\n## Creating your a native functions\n\nText.\n"
)


def test_a_change_deep_inside_a_block_is_a_changed_sample(git_repo: GitRepoFactory) -> None:
    builder = ")\n    .AsBuilder()\n    .UseOpenTelemetry(sourceName)\n    .Build();"
    new = _SAMPLE.replace(")\n    .WithOpenTelemetry(sourceName);", builder)
    change = commit_pair(git_repo, {PAGE: _SAMPLE}, {PAGE: new})[PAGE]
    assert "```csharp" not in change.patch  # the opening fence is far above the hunk
    fa = analyse(change)
    assert fa.code_only
    assert [(b.kind, b.language, b.lines, b.line, b.old_line, b.section) for b in fa.code_blocks] == [
        ("changed", "csharp", 3, 5, 5, "Agents")
    ]
    fewer = commit_pair(git_repo, {PAGE: _SAMPLE}, {PAGE: _SAMPLE.replace("    option4: 4,\n", "")})[PAGE]
    fa = analyse(fewer)  # a line removed only
    assert [(b.kind, b.language, b.lines, b.line, b.old_line) for b in fa.code_blocks] == [
        ("changed", "csharp", 1, 5, 5)
    ]


def test_a_hunk_opening_on_a_closing_fence_is_prose_after_it(git_repo: GitRepoFactory) -> None:
    """A closing fence followed by a tab separator (no blank line, no heading) told the patch's guess that a
    block opened there: the heading renamed below it read as code."""
    new = _SAMPLE.replace("## Creating your a native functions", "## Creating your native functions")
    change = commit_pair(git_repo, {PAGE: _SAMPLE}, {PAGE: new})[PAGE]
    assert change.patch.splitlines()[1] == " ```"
    fa = analyse(change)
    assert not fa.code_only
    assert fa.code_blocks == []
    assert [(s.kind, s.title) for s in fa.sections] == [("renamed", "Creating your native functions")]


def test_a_block_added_after_one_closing_at_the_top_of_a_hunk(git_repo: GitRepoFactory) -> None:
    old = "# Run\n\n```output\n" + "line\n" * 8 + "SendEmail\n```\n\n## Next\n"
    new = old.replace(
        "```\n\n## Next", "```\n\nThe prompt sent:\n\n```output\nUser: Yes\nINTENT:\n```\n\n## Next"
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    fa = analyse(change)
    assert [(b.kind, b.language, b.lines, b.line) for b in fa.code_blocks] == [("added", "output", 2, 17)]
    # the patch alone guesses that its first fence closes a block (a blank line follows): the same block
    guessed = analyse_patch(PAGE, "modified", change.patch, change.additions, change.deletions)
    assert [(b.kind, b.language, b.lines, b.line) for b in guessed.code_blocks] == [
        ("added", "output", 2, 17)
    ]


def test_the_hunks_of_one_block_make_one_change(git_repo: GitRepoFactory) -> None:
    """The first hunk holds the opening fence and ends inside the block, the next starts inside it."""
    new = _SAMPLE.replace("option1: 1", "option1: 10").replace("option9: 9", "option9: 90")
    change = commit_pair(git_repo, {PAGE: _SAMPLE}, {PAGE: new})[PAGE]
    assert change.patch.count("@@ -") == 2
    fa = analyse(change)
    assert [(b.kind, b.language, b.lines, b.line, b.old_line) for b in fa.code_blocks] == [
        ("changed", "csharp", 2, 5, 5)
    ]


_LEARN = (
    "# Overview\n\nThe plugin:\n\n"
    ':::code language="csharp" source="~/../samples/dotnet/LightPlugin.cs":::\n\n'
    "Then the kernel:\n\n"
    ':::code language="csharp" source="~/../samples/dotnet/Program.cs" range="5-16,19-20":::\n\n'
    "And the loop, unchanged:\n\n"
    ':::code language="python" source="~/../samples/python/main.py" range="22-52":::\n\n'
    "## Walkthrough video\n\n>[!Video https://aka.ms/SK-Samples-CreateBook-Video]\n"
)


def test_learn_code_samples_and_videos_are_samples_and_links(git_repo: GitRepoFactory) -> None:
    new = (
        _LEARN.replace(
            'source="~/../samples/dotnet/LightPlugin.cs"', 'source="~/../docs-samples/Plugin.cs" id="Light"'
        )
        .replace(' range="5-16,19-20"', ' range="5-17"')
        .replace(
            "Then the kernel:",
            'Then the kernel:\n\n:::code language="csharp" source="~/../samples/dotnet/Setup.cs":::',
        )
        .replace(
            "https://aka.ms/SK-Samples-CreateBook-Video", "https://learn-video.azurefd.net/vod/player?id=81f7"
        )
    )
    change = commit_pair(git_repo, {PAGE: _LEARN}, {PAGE: new})[PAGE]
    fa = analyse(change)
    assert [(b.kind, b.language, b.source, b.section) for b in fa.code_blocks] == [
        ("changed", "csharp", "~/../docs-samples/Plugin.cs", "Overview"),
        ("added", "csharp", "~/../samples/dotnet/Setup.cs", "Overview"),
        ("changed", "csharp", "~/../samples/dotnet/Program.cs", "Overview"),
    ]
    assert [(x.kind, x.text, x.old_url, x.url) for x in fa.links] == [
        (
            "retargeted",
            "video",
            "https://aka.ms/SK-Samples-CreateBook-Video",
            "https://learn-video.azurefd.net/vod/player?id=81f7",
        )
    ]
    # a directive moved elsewhere whole, attributes in another order, is the same sample
    moved = _LEARN.replace(
        ':::code language="python" source="~/../samples/python/main.py" range="22-52":::\n\n', ""
    ).replace(
        "The plugin:",
        'The plugin:\n\n:::code range="22-52" source="~/../samples/python/main.py" language="python":::',
    )
    assert analyse(commit_pair(git_repo, {PAGE: _LEARN}, {PAGE: moved})[PAGE]).code_blocks == []


def test_a_directive_shown_inside_a_fenced_block_is_no_sample(git_repo: GitRepoFactory) -> None:
    """A page (a report, a style guide) quoting ``:::code`` in a fence, even in a four-backtick fence that
    holds three-backtick lines, shows no sample."""
    page = (
        "# Conventions\n\nWrite samples like this:\n\n````markdown\n```csharp\nvar a = 1;\n```\n\n"
        ':::code language="python" source="~/samples/main.py":::\n````\n\nDone.\n'
    )
    fa = analyse(commit_pair(git_repo, {}, {PAGE: page})[PAGE])
    assert [(b.kind, b.language, b.source) for b in fa.code_blocks] == [("added", "markdown", None)]


_SHOWN_AND_LIT = {
    "en": "Changed the line range of 1 code sample: it shows other lines of its file. "
    "Changed the lines highlighted in 1 code sample.",
    "ja": "コードサンプル1件について、ファイルから表示する行を変更しました。"
    "コードサンプル1件の強調表示する行を変更しました。",
}


@pytest.mark.parametrize(
    ("lang", "moved", "ranges"),
    [
        (
            "en",
            ("Repointed 2 code samples", "Repointed 2 code samples to `plugin.py` and `kernel.py`."),
            (
                "Changed the lines shown by 2 code samples",
                "Changed the line ranges of 2 code samples: they show other lines of their files.",
            ),
        ),
        (
            "ja",
            (
                "コードサンプル2件の参照先を変更",
                "コードサンプル2件の参照先を `plugin.py`、`kernel.py` に変更しました。",
            ),
            (
                "コードサンプル2件の表示行を変更",
                "コードサンプル2件について、ファイルから表示する行を変更しました。",
            ),
        ),
    ],
)
def test_learn_samples_shown_from_other_files_or_lines_are_said_as_such(
    git_repo: GitRepoFactory, lang: str, moved: tuple[str, str], ranges: tuple[str, str]
) -> None:
    """semantic-kernel-docs 46b8c8fa: the Python samples moved to another repository. The directives' paths
    and line ranges titled the pages ("Changed `samples/python/01-Kernel-Intro/main.py` to
    `semantic-kernel-samples/python/samples/document…`, `4` to `2` ...")."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    def page(root: str, first: str, second: str) -> str:
        return (
            "# Kernel\n\nImport:\n\n"
            f':::code language="python" source="~/../{root}/plugin.py" range="{first}" highlight="4":::\n\n'
            "Create:\n\n"
            f':::code language="python" source="~/../{root}/kernel.py" range="{second}":::\n'
        )

    old = page("samples/python/01-Kernel-Intro", "3,5-8", "18-24")
    for new, expected in (
        (page("semantic-kernel-samples/python/samples/documentation_examples", "5-7", "39-46"), moved),
        (page("samples/python/01-Kernel-Intro", "5-7", "39-46"), ranges),
    ):
        change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
        assert describe_file(change, analyse(change), Classification(), lang) == expected
    # semantic-kernel-docs 923c3800 ("Fix highlighting") moved the highlight of 4 samples and the range of
    # one: it read "Changed the line ranges of 5 code samples: they show other lines of their files."
    lit = old.replace('highlight="4"', 'highlight="2"')
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: lit})[PAGE]
    facts = analyse(change)
    assert [c.attributes for c in facts.code_blocks] == [["highlight"]]
    said = {
        "en": (
            "Changed the lines highlighted in 1 code sample",
            "Changed the lines highlighted in 1 code sample.",
        ),
        "ja": ("コードサンプル1件の強調表示行を変更", "コードサンプル1件の強調表示する行を変更しました。"),
    }
    assert describe_file(change, facts, Classification(), lang) == said[lang]
    both = lit.replace('range="18-24"', 'range="18-25"')
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: both})[PAGE]
    assert describe_file(change, analyse(change), Classification(), lang)[1] == _SHOWN_AND_LIT[lang]


def test_repointed_samples_outrank_a_tip_as_their_values_did(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 700b1cc0: a sample pointed at another file beside a new tip; the values used to
    title the page, so the repointed samples do."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    def page(name: str, tip: str) -> str:
        return (
            f"# Step 5: Workflows\n\n{tip}"
            f':::code language="python" source="~/../samples/get-started/{name}" range="1-20":::\n\n'
            f':::code language="python" source="~/../samples/get-started/{name}" range="22-30":::\n'
        )

    old = page("05_first_workflow.py", "")
    new = page("07_first_graph_workflow.py", "> [!TIP]\n> See the full sample.\n\n")
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    title, explanation = describe_file(change, analyse(change), Classification(), "en")
    assert title == "Repointed 2 code samples"
    assert explanation.startswith("Repointed 2 code samples to `07_first_graph_workflow.py`.")


def test_a_sample_removed_and_one_in_its_language_added_in_its_place_is_rewritten(git_repo) -> None:
    """semantic-kernel-docs 002a2e9d replaced an indented two-command Bash block with a new one: it was
    "Removed 1 code sample (Bash). Added 1 code sample (Bash)."."""
    from analysis_helpers import commit_pair

    from diffreport.analysis import analyse
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "# Setup\n\n1. **Python 3.10**\n2. **Semantic Kernel**:\n\n   - Until it is on PyPI:\n"
        "     ```bash\n     pip install semantic-kernel\n     pip install --extra-index-url https://test.pypi.org"
        " agents-client\n     ```\n\n3. **Copilot Studio**\n\n## Python\n\n```python\nprint(1)\n```\n"
    )
    new = old.replace(
        "   - Until it is on PyPI:\n     ```bash\n     pip install semantic-kernel\n     pip install "
        "--extra-index-url https://test.pypi.org agents-client\n     ```\n",
        "```bash\npip install semantic-kernel[copilotstudio]\n```\n",
    ).replace("```python\nprint(1)\n```\n", "```python\nprint(2)\n```\n\n```json\n{}\n```\n")
    change = commit_pair(git_repo, {"docs/setup.md": old}, {"docs/setup.md": new})["docs/setup.md"]
    facts = analyse(change)
    assert sorted(c.kind for c in facts.code_blocks if c.language == "bash") == ["added", "removed"]
    for lang, rewrote in (
        ("en", "Rewrote 1 code sample (Bash)."),
        ("ja", "コードサンプルを1件全面更新しました（Bash）。"),
    ):
        _, explanation = describe_file(change, facts, Classification(), lang)
        assert rewrote in explanation
        assert "Removed 1" not in explanation
    _, explanation = describe_file(change, facts, Classification(), "en")
    assert "Added 1 code sample (JSON)." in explanation  # another language, another section: added


def test_a_block_added_under_another_that_shares_its_closing_fence_is_added(git_repo) -> None:
    """git kept the old block's closing fence as context and added the new block's lines above it: the
    JSON block is new, not a block "changed"."""
    from analysis_helpers import commit_pair

    from diffreport.analysis import analyse

    old = "# Setup\n\n## Python\n\n```python\nprint(1)\n```\n"
    new = "# Setup\n\n## Python\n\n```python\nprint(2)\n```\n\n```json\n{}\n```\n"
    change = commit_pair(git_repo, {"docs/a.md": old}, {"docs/a.md": new})["docs/a.md"]
    assert " ```\n" in change.patch + "\n"  # (the shared fence is context)
    assert sorted((c.kind, c.language) for c in analyse(change).code_blocks) == [
        ("added", "json"),
        ("changed", "python"),
    ]


def test_a_block_rewritten_with_its_opening_fence_is_changed(git_repo) -> None:
    """semantic-kernel-docs 67a47f1d rewrote a Python block: git removed its opener and lines, added a new
    opener and lines, and kept its closing fence. One block changed, not one added."""
    from analysis_helpers import commit_pair

    from diffreport.analysis import analyse

    body_old = "".join(f"old_line_{k}()\n" for k in range(12))
    body_new = "".join(f"new_call_{k}()\n" for k in range(9))
    old = (
        "# Run\n\n## Run the workflow\n\n```python\nfrom typing import cast\n\n" + body_old + "```\n\nDone.\n"
    )
    new = (
        "# Run\n\n## Run the workflow\n\nThe default aggregator.\n\n```python\n" + body_new + "```\n\nDone.\n"
    )
    change = commit_pair(git_repo, {"docs/a.md": old}, {"docs/a.md": new})["docs/a.md"]
    assert [(c.kind, c.language) for c in analyse(change).code_blocks] == [("changed", "python")]


def test_samples_changed_come_before_a_smaller_edit_of_prose_and_after_a_larger_one(git_repo) -> None:
    """semantic-kernel-docs 3f4962c1 filled in eight placeholder samples (45 lines) and edited one line of
    prose: "Edited the section 'Agent Framework' (1 line added, 1 line removed)" was said, the samples not."""
    from analysis_helpers import commit_pair

    from diffreport.analysis import analyse
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    def page(step: str, words: str) -> str:
        parts = "".join(
            f"## Step {k}\n\nRun step {k}.\n\n```python\n{step.format(k=k)}```\n\n" for k in range(1, 5)
        )
        return f"# Guide\n\n{parts}## Agent Framework\n\n{words}\n"

    todo = "# TODO: add the example\n"
    filled = "".join(f"agent.step_{{k}}_{n}()\n" for n in range(6))
    terse, wordy = "The run returns one response.", "The run returns a single response object."
    change = commit_pair(git_repo, {"docs/a.md": page(todo, terse)}, {"docs/a.md": page(filled, wordy)})
    facts = analyse(change["docs/a.md"])
    title, explanation = describe_file(change["docs/a.md"], facts, Classification(), "en")
    assert title == "Updated 4 code samples"
    assert explanation == (  # the line of prose quoted, all the section's edit, in its place
        "Updated 4 code samples (Python). Changed the text 'The run returns one response' to 'The run returns a "
        "single response object' in 'Agent Framework'."
    )

    # one line of each sample, and many lines of prose: the prose first
    wordy = "\n\n".join(f"The run returns a single response object, part {k}." for k in range(8))
    change = commit_pair(
        git_repo, {"docs/b.md": page(todo, terse)}, {"docs/b.md": page("# run the step\n", wordy)}
    )
    title, explanation = describe_file(
        change["docs/b.md"], analyse(change["docs/b.md"]), Classification(), "en"
    )
    assert title == "Edited section 'Agent Framework'"
    assert explanation.index("Edited the section") < explanation.index("Updated 4 code samples")


def test_an_info_string_that_names_no_language_is_not_said_as_one(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs a7f345d3 closed prompts written as ```` ```Write me a slogan … ```` on their own
    line: "Added 2 code samples (write and new). Updated 2 code samples (summarize and a)." A word, a
    role or a file name after the fence is no language; Pygments' aliases tell the languages."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "# Prompts\n\nWe write the prompt:\n\n```Write me a slogan for my shop.```\n\nThe result is:\n\n"
        "```New York Style!```\n\n```Summarize the following text.\n[BEGIN TEXT]\nJan.\n[END TEXT]```\n\n"
        "The model says:\n\n```A possible summary is:\n\nJan wrote.```\n"
    )
    new = (
        old.replace("shop.```", "shop.\n```")
        .replace("Style!```", "Style!\n```")
        .replace("[END TEXT]```", "[END TEXT]\n```")
        .replace("Jan wrote.```", "Jan wrote.\n```")
    ) + "\n```assistant\nHello.\n```\n\n```scala\nval x = 1\n```\n\n```r\nx <- 1\n```\n"
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    assert {c.language for c in facts.code_blocks} >= {"write", "summarize", "assistant", "scala", "r"}
    for lang, said, unsaid in (
        ("en", "(Scala and R)", ("write", "new", "summarize", "assistant", "(a)")),
        ("ja", "（Scala、R）", ("write", "summarize", "assistant")),
    ):
        _, explanation = describe_file(change, facts, Classification(), lang)
        assert said in explanation, explanation
        for word in unsaid:
            assert word not in explanation.lower(), (word, explanation)


def test_sample_languages_are_named_by_the_table_then_by_pygments() -> None:
    from diffreport.narrate.facts import samples

    languages = ["csharp", "azurecli", "scala", "SCALA", "output", "assistant", "skprompt.txt", "r", "env"]
    assert samples([*languages, "powerappsfl", "jsonl"]) == [
        "C#",
        "Azure CLI",
        "Scala",
        "R",
        ".env",
        "Power Fx",
        "JSON Lines",
    ]


def test_a_block_with_its_code_as_it_was_is_moved(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 500c4e43 put two Bash blocks inside the notes above them (quoted, less indented):
    it read "Rewrote 2 code samples (Bash)", the code unchanged: reformatted where they were. A block put in
    another section's list step is moved; one with other code is neither."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "# Start\n\n## Instructions\n\n> [!IMPORTANT]\n> Also use the parameters:\n\n    ```bash\n"
        "    --completionmodel {DEPLOYMENT_NAME}\n    ```\n\n## Run\n\n```python\nrun()\n```\n\n"
        "Text.\n\n## Other\n\nMore.\n"
    )
    new = (
        "# Start\n\n## Instructions\n\n> [!IMPORTANT]\n> Also use the parameters:\n> ```bash\n"
        "> --completionmodel {DEPLOYMENT_NAME}\n> ```\n\n## Run\n\nText.\n\n## Other\n\n1. Step:\n\n"
        "   ```python\n   run()\n   ```\n\nMore.\n"
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    assert sorted((c.kind, c.language, c.section) for c in facts.code_blocks) == [
        ("moved", "python", "Start > Other"),
        ("reformatted", "bash", "Start > Instructions"),  # where it was, quoted
    ]
    for lang, said in (
        ("en", "Moved 1 code sample (Python)."),
        ("en", "Reformatted 1 code sample (Bash)."),
        ("ja", "コードサンプルを1件移動しました（Python）。"),
    ):
        title, explanation = describe_file(change, facts, Classification(), lang)
        assert said in explanation, explanation
    assert "Rewrote" not in title + explanation
    other = new.replace("   run()\n", "   run(fast=True)\n")
    facts = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: other})[PAGE])
    assert sorted((c.kind, c.language) for c in facts.code_blocks) == [
        ("added", "python"),
        ("reformatted", "bash"),
        ("removed", "python"),
    ]


def test_a_block_whose_fence_names_another_language_is_relabelled(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs c6cc001c marked a Java sample's fence `java`, not `csharp`: it read "Edited the
    section 'Managing AgentThread instances' (1 line added, 1 line removed)"."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "# Agents\n\n## Delete\n\n```csharp\nagentThread.deleteAsync().block();\n```\n\n"
        '## Create\n\n```\npip install agents\n```\n\n## Run\n\n```python title="a"\nrun()\n```\n\n'
        "## Stop\n\n```csharp\nstop();\nwait();\n```\n"
    )
    new = (
        old.replace("```csharp\nagentThread", "```java\nagentThread")
        .replace("```\npip", "```bash\npip")
        .replace('title="a"', 'title="b"')
        .replace("```csharp\nstop();\nwait();", "```java\nstop();")
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    expected = [
        ("relabelled", "java", "csharp", "Delete"),
        ("relabelled", "bash", "", "Create"),
    ]
    for facts in (
        analyse(change),
        analyse_patch(PAGE, "modified", change.patch, change.additions, change.deletions),
    ):
        relabelled = [
            (c.kind, c.language, c.old_language, (c.section or "").rpartition(" > ")[2])
            for c in facts.code_blocks
        ]
        # (the sample that also lost a line is no relabelled one; its attributes alone are no language)
        assert [c for c in relabelled if c[0] == "relabelled"] == expected
    facts = analyse(change)
    for lang, said in (
        ("en", "Marked 1 code sample as Java, not C#. Marked 1 code sample as Bash."),
        (
            "ja",
            "コードサンプル1件の言語をC#からJavaに変更しました。コードサンプル1件の言語をBashと明記しました。",
        ),
    ):
        _title, explanation = describe_file(change, facts, Classification(), lang)
        assert said in explanation, explanation
    only = commit_pair(
        git_repo, {PAGE: old}, {PAGE: old.replace("```csharp\nagentThread", "```java\nagentThread")}
    )
    assert describe_file(only[PAGE], analyse(only[PAGE]), Classification(), "en") == (
        "Changed the language of 1 code sample",
        "Marked 1 code sample as Java, not C#.",
    )
