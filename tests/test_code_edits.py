"""One line of one code sample replaced: the explanation says the line it was and is.

Taken from real changes: semantic-kernel-docs ``7c8a5638`` added `IDE1006` to the `<NoWarn>` line of the
project file in four agent samples, and the Azure AI docs' Mistral pages (September 2024) changed
`response_format=…` in a Python sample; each read "Updated 1 code sample (XML)." and no more.
"""

from __future__ import annotations

from analysis_helpers import described_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import Classification
from diffreport.narrate import describe_file

PAGE = "docs/agent.md"

PROJECT = """\
# Coordinate agents

## Getting started

The framework is experimental and requires warning suppression.

```xml
  <PropertyGroup>
    <NoWarn>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>
  </PropertyGroup>
```

Then build the project.
"""


def test_one_line_of_a_sample_replaced_is_quoted(git_repo: GitRepoFactory) -> None:
    new = PROJECT.replace("CA2007;SKEXP0001", "CA2007;IDE1006;SKEXP0001")
    facts, title, explanation = described_pair(git_repo, PAGE, PROJECT, new)
    (block,) = facts.code_blocks
    assert block.edit == (
        "<NoWarn>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>",
        "<NoWarn>$(NoWarn);CA2007;IDE1006;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>",
    )
    assert title == "Updated 1 code sample"
    assert explanation == (
        "Updated 1 code sample (XML): `<NoWarn>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>` is now "
        "`<NoWarn>$(NoWarn);CA2007;IDE1006;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>`."
    )
    _facts, _title, explanation = described_pair(git_repo, PAGE, PROJECT, new, "ja")
    assert explanation == (
        "コードサンプルを1件更新しました（XML）: `<NoWarn>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>` → "
        "`<NoWarn>$(NoWarn);CA2007;IDE1006;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>`。"
    )


def test_a_long_line_is_cut_where_it_changed(git_repo: GitRepoFactory) -> None:
    old = PROJECT.replace(
        "  <PropertyGroup>\n",
        "export ConnectionString='mongodb+srv://user@example.mongocluster.cosmos.azure.com/?tls=true"
        "&authMechanism=SCRAM-SHA-256&retrywrites=false&maxIdleTimeMS=120000'\n  <PropertyGroup>\n",
    )
    new = old.replace(old[old.index("mongodb") : old.index("120000") + 6], "<db-connection-string>")
    _facts, _title, explanation = described_pair(git_repo, PAGE, old, new)
    assert explanation == (  # cut at the space before the word the change is in, not in "export"
        "Updated 1 code sample (XML): `…ConnectionString='mongodb+srv://user@example.mongocluster.cosmos."
        "azure.com/?tls…` is now `…ConnectionString='<db-connection-string>'`."
    )


def test_a_sample_whose_line_only_changed_case_says_the_line(git_repo: GitRepoFactory) -> None:
    """``hotel`` -> ``Hotel`` is a value no sentence names (a change of case): the sample says its line,
    not a quote of code as if it were text (semantic-kernel-docs ``f3cabfe1``)."""
    old = (
        "# Volatile connector\n\n## Getting started\n\nYou can also create a collection directly.\n\n"
        "```python\nfrom semantic_kernel.connectors.memory.volatile import VolatileCollection\n\n"
        'collection = VolatileCollection(collection_name="skhotels", data_model_type=hotel)\n```\n\n'
        "## Serialization\n\nText.\n"
    )
    new = old.replace("=hotel)", "=Hotel)")
    _facts, title, explanation = described_pair(git_repo, PAGE, old, new)
    assert title == "Updated 1 code sample"
    assert explanation == (
        "Updated 1 code sample (Python): `…data_model_type=hotel)` is now `…data_model_type=Hotel)`."
    )


def test_no_line_is_quoted_where_one_would_not_tell_it(git_repo: GitRepoFactory) -> None:
    """More than ten lines changed, its spacing alone, a mark a code span cannot show (a backtick), or a
    placeholder filled in with lines that hold nothing of it: the samples are counted as before."""
    many = PROJECT.replace(
        "  </PropertyGroup>", "".join(f"    <Item{k} />\n" for k in range(10)) + "  </Group>"
    )
    spaced = PROJECT.replace("    <NoWarn>", "      <NoWarn>")
    ticked = PROJECT.replace("OPENAI001</NoWarn>", "OPENAI001</NoWarn>`")
    filled = PROJECT.replace("  <PropertyGroup>\n", '  <Import Project="build.props" />\n  <Target />\n')
    for new in (many, spaced, ticked, filled):
        facts, _title, explanation = described_pair(git_repo, PAGE, PROJECT, new)
        assert [b.kind for b in facts.code_blocks] == ["changed"], new
        assert new in (spaced, ticked) or facts.code_blocks[0].edit is None, new
        assert " is now " not in explanation, new
        assert explanation in ("Updated 1 code sample (XML).", "Only whitespace changed."), new


def test_lines_replaced_by_another_number_of_lines_are_said_together(git_repo: GitRepoFactory) -> None:
    """Two lines replaced by two that are not one for one, by position, are said as the run they are (each
    side joined with spaces); a line split over several, too (semantic-kernel-docs ``12691010``:
    `.GetChatClient(deploymentName)` and `.AsIChatClient()` became three calls, and read "Updated 1 code
    sample (C#)." and no more)."""
    both = "  <PropertyGroup>\n    <NoWarn>"
    two_for_two = PROJECT.replace(both, '  <PropertyGroup Condition="true">\n    <NoWarn Condition="true">')
    facts, _title, explanation = described_pair(git_repo, PAGE, PROJECT, two_for_two)
    (block,) = facts.code_blocks
    assert block.edit == (
        "<PropertyGroup> <NoWarn>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>",
        '<PropertyGroup Condition="true"> <NoWarn Condition="true">$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001'
        "</NoWarn>",
    )
    assert block.edit_more
    assert explanation.startswith("Updated 1 code sample (XML): `<PropertyGroup> <NoWarn>$(NoWarn);")
    assert explanation.endswith(", among other lines.")

    chained = (
        "# Pipeline\n\n## Chat client\n\n```csharp\nvar chatClient = new AIProjectClient(endpoint)\n"
        "{}    .Build();\n```\n"
    )
    old = chained.format("    .GetChatClient(deploymentName)\n    .AsIChatClient()\n")
    new = chained.format(
        "    .GetProjectOpenAIClient()\n    .GetProjectResponsesClient()\n    .AsIChatClient(deploymentName)\n"
    )
    facts, _title, explanation = described_pair(git_repo, PAGE, old, new)
    assert facts.code_blocks[0].edit == (
        ".GetChatClient(deploymentName) .AsIChatClient()",
        ".GetProjectOpenAIClient() .GetProjectResponsesClient() .AsIChatClient(deploymentName)",
    )
    assert explanation == (
        "Updated 1 code sample (C#): `.GetChatClient(deploymentName) .AsIChatClient()` is now "
        "`.GetProjectOpenAIClient() .GetProjectResponsesClient() .AsIChatClient(deploymen…`, among other lines."
    )


def test_of_lines_around_a_line_replaced_the_one_alike_to_it_is_said(git_repo: GitRepoFactory) -> None:
    """One line replaced by several of which one alone is like it: those two (semantic-kernel-docs
    ``c2e0a2b0``: `.WithOpenTelemetry(…)` became `.UseOpenTelemetry(…)` between `.AsBuilder()` and
    `.Build()`; ``import os`` added above an import changed)."""
    one_for_two = PROJECT.replace("    <NoWarn>", "    <Nullable>enable</Nullable>\n    <NoWarnings>")
    facts, _title, explanation = described_pair(git_repo, PAGE, PROJECT, one_for_two)
    assert facts.code_blocks[0].edit == (
        "<NoWarn>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>",
        "<NoWarnings>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>",
    )
    assert explanation == (
        "Updated 1 code sample (XML): `<NoWarn>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>` is now "
        "`<NoWarnings>$(NoWarn);CA2007;SKEXP0001;SKEXP0110;OPENAI001</NoWarn>`, among other lines."
    )

    page = "# Tracing\n\n## Set up\n\n```python\nimport asyncio\n{}\nagent = Agent()\n```\n"
    old = page.format("from agent_framework.azure import AzureOpenAIChatClient")
    new = page.format("import os\nfrom agent_framework.openai import OpenAIChatCompletionClient")
    # a part of the line split off is alike to it, but holds few of its words: the call split, not that part
    split = page.format(
        "agent = OpenAIChatCompletionClient(\n    model=model,\n    credential=AzureCliCredential(),\n).as_agent("
    )
    facts, _title, _explanation = described_pair(
        git_repo,
        PAGE,
        page.format("agent = AzureOpenAIChatClient(credential=AzureCliCredential()).as_agent("),
        split,
    )
    assert facts.code_blocks[0].edit == (
        "agent = AzureOpenAIChatClient(credential=AzureCliCredential()).as_agent(",
        "agent = OpenAIChatCompletionClient( model=model, credential=AzureCliCredential(), ).as_agent(",
    )
    _facts, _title, explanation = described_pair(git_repo, PAGE, old, new, "ja")
    assert explanation == (
        "コードサンプルを1件更新しました（Python）: `from agent_framework.azure import AzureOpenAIChatClient` → "
        "`from agent_framework.openai import OpenAIChatCompletionClient` ほか。"
    )


def test_from_the_patch_alone_a_hunk_that_starts_in_the_sample() -> None:
    """Labelled ``deploy-models-mistral-open.md`` (September 2024): the hunk starts inside the sample, no
    fence in it."""
    patch = (
        "@@ -270,7 +270,7 @@ response = client.complete(\n"
        '     stop=["<|endoftext|>"],\n     temperature=0,\n     top_p=1,\n'
        "-    response_format=ChatCompletionsResponseFormatText(),\n"
        '+    response_format={ "type": ChatCompletionsResponseFormatText() },\n'
        " )\n ```\n \n"
    )
    change = change_from_record(
        {"path": "how-to/mistral.md", "status": "modified", "additions": 1, "deletions": 1, "patch": patch}
    )
    facts = analyse(change)
    assert facts.source == "patch"
    assert [(b.kind, b.edit) for b in facts.code_blocks] == [
        (
            "changed",
            (
                "response_format=ChatCompletionsResponseFormatText(),",
                'response_format={ "type": ChatCompletionsResponseFormatText() },',
            ),
        )
    ]
    _title, explanation = describe_file(change, facts, Classification(), "en")
    assert explanation == (
        "Updated 1 code sample: `response_format=ChatCompletionsResponseFormatText(),` is now "
        '`response_format={ "type": ChatCompletionsResponseFormatText() },`.'
    )


def test_one_value_changed_in_every_line_of_the_samples_is_said(git_repo: GitRepoFactory) -> None:
    """Two samples whose only change is ``Dimensions:`` -> ``dimensions:`` say that value (a change of case, which
    no sentence about values says), not "Replaced 'Dimensions:' with 'dimensions:'" as if it were text
    (semantic-kernel-docs ``aad40862``)."""
    old = (
        "# Records\n\n## Use\n\n```csharp\n"
        'new VectorStoreRecordVectorProperty("E", typeof(float), Dimensions: 4) { IndexKind = IndexKind.Hnsw },\n'
        "```\n\nText.\n\n```csharp\n"
        'new VectorStoreRecordVectorProperty("D", typeof(float), Dimensions: 4),\n```\n'
    )
    new = old.replace("Dimensions:", "dimensions:")
    _facts, title, explanation = described_pair(git_repo, PAGE, old, new)
    assert (title, explanation) == (
        "Updated 2 code samples",
        "Updated 2 code samples (C#): `Dimensions` is now `dimensions`.",
    )


def test_the_first_line_replaced_among_a_few_is_quoted(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ``df17fc6d`` changed the middleware's ``call_next`` in four lines of one Python
    sample: "Updated 1 code sample (Python)." said none of them. The first line replaced one for one is
    said, and that others changed too (blank lines and lines kept between them aside)."""
    old = (
        "# Middleware\n\n## Agent middleware\n\n```python\nasync def logging_middleware(\n"
        "    context: AgentContext,\n    call_next: Callable[[], Awaitable[None]]\n) -> None:\n"
        '    print("start")\n\n    await call_next()\n    print("done")\n```\n'
    )
    new = old.replace("Callable[[], ", "Callable[[AgentContext], ").replace(
        "call_next()", "call_next(context)"
    )
    facts, title, explanation = described_pair(git_repo, PAGE, old, new)
    (block,) = facts.code_blocks
    assert (block.edit, block.edit_more) == (
        ("call_next: Callable[[], Awaitable[None]]", "call_next: Callable[[AgentContext], Awaitable[None]]"),
        True,
    )
    assert title == "Updated 1 code sample"
    assert explanation == (
        "Updated 1 code sample (Python): `call_next: Callable[[], Awaitable[None]]` is now "
        "`call_next: Callable[[AgentContext], Awaitable[None]]`, among other lines."
    )
    _facts, _title, explanation = described_pair(git_repo, PAGE, old, new, "ja")
    assert explanation == (
        "コードサンプルを1件更新しました（Python）: `call_next: Callable[[], Awaitable[None]]` → "
        "`call_next: Callable[[AgentContext], Awaitable[None]]` ほか。"
    )
    # a line the values replaced say: not said again (`using Azure.AI.OpenAI;` is now `using Azure.AI.Projects;`),
    # the next line replaced in its place (semantic-kernel-docs ``b1b7d546``: `AzureOpenAIResponsesClient` ->
    # `FoundryChatClient` said, and `deployment_name=…` -> `model=…` on the next line not)
    renamed = old.replace("call_next()", "call_next(context)").replace("AgentContext,", "AgentRunContext,")
    facts, _title, explanation = described_pair(git_repo, PAGE, old, renamed)
    assert facts.code_blocks[0].edit == ("await call_next()", "await call_next(context)")
    assert explanation == (
        "Changed `AgentContext` to `AgentRunContext` in 1 place. Updated 1 code sample (Python): "
        "`await call_next()` is now `await call_next(context)`, among other lines."
    )
    only = old.replace(
        "AgentContext,", "AgentRunContext,"
    )  # the values say the only line: it is the edit still
    facts, _title, explanation = described_pair(git_repo, PAGE, old, only)
    assert facts.code_blocks[0].edit == ("context: AgentContext,", "context: AgentRunContext,")
    assert explanation == "Changed `AgentContext` to `AgentRunContext` in 1 place."
    # a line added above the one replaced: still that one, among others
    added_first = new.replace("async def", "@middleware\nasync def")
    facts, _title, _explanation = described_pair(git_repo, PAGE, old, added_first)
    assert (facts.code_blocks[0].edit or ("",))[0] == "call_next: Callable[[], Awaitable[None]]"


def test_a_sample_the_diff_shows_in_two_hunks(git_repo: GitRepoFactory) -> None:
    """Two lines of one long sample replaced, far apart (two hunks): one block changed, whose first line
    replaced is the first hunk's, among others (here the values replaced say it)."""
    lines = "".join(f"    setting_{k}=1,\n" for k in range(20))
    old = f"# Model\n\n## Call it\n\n```python\nclient = Client(\n    stream=False,\n{lines}    seed=1,\n)\n```\n"
    new = old.replace("stream=False", "stream=True").replace("seed=1", "seed=2")
    facts, _title, explanation = described_pair(git_repo, PAGE, old, new)
    assert [(b.kind, b.edit, b.edit_more) for b in facts.code_blocks] == [
        ("changed", ("stream=False,", "stream=True,"), True)
    ]
    assert explanation == "Changed `False` to `True` (1 place) and `1` to `2` (1 place)."


def test_samples_changed_say_the_first_line_one_of_them_replaced(git_repo: GitRepoFactory) -> None:
    """'Updated 3 code samples (Python).' was the most common explanation that said nothing of what changed
    (semantic-kernel-docs, 600 commits): the first line replaced that no value already names is said."""
    old = "# Steps\n\n## Run\n\n" + "".join(
        f"Step {k}.\n\n```python\nresult = await agent.run(task_{k})\nprint(result)\n```\n\n"
        for k in range(3)
    )
    new = old.replace("print(result)", "print(f'Agent: {result}')")
    facts, title, explanation = described_pair(git_repo, PAGE, old, new)
    assert [b.edit for b in facts.code_blocks] == [("print(result)", "print(f'Agent: {result}')")] * 3
    assert title == "Updated 3 code samples"
    assert explanation == (
        "Updated 3 code samples (Python): `print(result)` is now `print(f'Agent: {result}')`, among other lines."
    )


def test_a_line_one_of_the_values_says_is_passed_over(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ``f502e9fa`` said "Changed `InvalidOperationException` to `ArgumentException` (9
    places), `InvalidOperationException` to `Exception` (3 places) … Updated 8 code samples (C#): `?? throw new
    InvalidOperationException(…)` is now `?? throw new Exception(…)`": that line is one value's, said already.
    The first line no value says is the one quoted."""
    old = (
        '# Errors\n\n## Throw\n\n```csharp\nthrow new InvalidOperationException("a");\n```\n\n## Catch\n\n'
        "```csharp\ncatch (InvalidOperationException e)\n{\n    Log(nameof(InvalidOperationException));\n}\n```\n\n"
        "## Print\n\n```python\nprint(result)\n```\n"
    )
    new = (
        old.replace('new InvalidOperationException("a")', 'new Exception("a")')
        .replace("InvalidOperationException", "ArgumentException")
        .replace("print(result)", "print(f'Agent: {result}')")
    )
    facts, _title, explanation = described_pair(git_repo, PAGE, old, new)
    assert [(v.old, v.new, v.count) for v in facts.values] == [
        ("InvalidOperationException", "ArgumentException", 2),
        ("InvalidOperationException", "Exception", 1),
    ]
    assert explanation.endswith(
        "Updated 3 code samples (C# and Python): `print(result)` is now `print(f'Agent: {result}')`, among other "
        "lines."
    ), explanation
