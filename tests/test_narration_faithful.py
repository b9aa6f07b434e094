"""Narration that never misleads: retargeted links, front matter values, content moved into includes,
and Japanese titles without English left in them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from analysis_helpers import commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse, analyse_patch
from diffreport.classify import classify
from diffreport.cli.classify_cmd import change_from_record
from diffreport.models import LABELS, Classification
from diffreport.narrate import describe_file
from diffreport.pipeline import build_file

PAGE = "docs/setup.md"


def _describe(repo: GitRepoFactory, old: str, new: str, lang: str = "en") -> tuple[str, str]:
    change = commit_pair(repo, {PAGE: old}, {PAGE: new})[PAGE]
    return describe_file(change, analyse(change), None, lang)  # type: ignore[arg-type]


def test_front_matter_values_are_named_old_to_new(git_repo: GitRepoFactory) -> None:
    old = "---\ntitle: Setup\nms.topic: how-to\nauthor: alice\n---\n\n# Setup\n\nText.\n"
    new = "---\ntitle: Setup\nms.topic: concept-article\nauthor: bob\nms.service: search\n---\n\n# Setup\n\nText.\n"
    title, explanation = _describe(git_repo, old, new)
    assert title == "Updated metadata (`ms.topic`, `author`, and `ms.service`)"
    assert (
        "Changed the front matter: `ms.topic` from `how-to` to `concept-article`, `author` from `alice` to "
        "`bob`, and `ms.service` added (`search`)." in explanation
    )
    # the values are front matter, not body values
    assert "Changed `how-to`" not in explanation


def test_front_matter_hunk_without_its_fences_is_still_front_matter() -> None:
    patch = (
        "@@ -6,5 +6,5 @@ manager: someone\n ms.service: search\n ms.topic: how-to\n"
        "-ms.date: 5/21/2024\n+ms.date: 12/05/2024\n ms.author: alice\n"
    )
    facts = analyse_patch("docs/a.md", "modified", patch, 1, 1)
    assert [(f.key, f.old, f.new) for f in facts.front_matter] == [("ms.date", "5/21/2024", "12/05/2024")]
    assert facts.values == []
    assert facts.metadata_only


def test_a_repointed_link_with_new_text_is_said_to_be_repointed(git_repo: GitRepoFactory) -> None:
    old = "# Setup\n\nRead [Create an index (REST)](/rest/api/search/create-index) first.\n"
    new = "# Setup\n\nRead [Create an index (REST API)](/rest/api/searchservice/indexes/create) first.\n"
    title, explanation = _describe(git_repo, old, new)
    assert "Removed" not in title + explanation
    assert "Repointed the link 'Create an index (REST API)' to `/rest/api/searchservice/indexes/create`." in (
        explanation
    )


TABS = (
    "# Quickstart\n\n## [Python](#tab/python)\n\n```python\nprint('hi')\n```\n\n"
    '## [C#](#tab/csharp)\n\n```csharp\nConsole.WriteLine("hi");\n```\n\n---\n\nDone.\n'
)
INCLUDES = (
    '# Quickstart\n\n::: zone pivot="python"\n\n[!INCLUDE [Python](includes/python.md)]\n\n::: zone-end\n\n'
    '::: zone pivot="csharp"\n\n[!INCLUDE [C#](includes/csharp.md)]\n\n::: zone-end\n\nDone.\n'
)


@pytest.mark.parametrize(
    ("lang", "title", "sentence"),
    [
        (
            "en",
            "Moved the tabs 'C#' and 'Python' into includes",
            "Replaced the tabs 'C#' and 'Python' with the includes 'Python' and 'C#'.",
        ),
        (
            "ja",
            "タブ「C#」、「Python」をインクルードに移動",
            "タブ「C#」、「Python」をインクルード「Python」、「C#」に置き換えました。",
        ),
    ],
)
def test_tabs_replaced_by_includes_say_so(
    git_repo: GitRepoFactory, lang: str, title: str, sentence: str
) -> None:
    got_title, explanation = _describe(git_repo, TABS, INCLUDES, lang)
    assert got_title == title
    assert explanation.startswith(sentence)


# Words a Japanese title may keep in Latin letters outside quotes and code: none.
_QUOTED = re.compile(
    r"「[^」]*」|`[^`]*`|\S+\.(?:md|png|jpe?g|gif|svg|ya?ml|json)\b", re.IGNORECASE
)  # (`a.PNG` too)


def test_japanese_titles_of_real_changes_keep_no_english_outside_quotes(corpus: Path) -> None:
    rows = [json.loads(line) for line in (corpus / "labeled-changes-2024.jsonl").read_text().splitlines()]
    rows = [r for r in rows if r["label"] in LABELS][::7]  # every 7th change: about 500, all kinds
    leftovers = []
    for row in rows:
        title = build_file(change_from_record(row), "ja").title
        words = re.findall(r"[A-Za-z]{3,}", _QUOTED.sub("", title))
        if words:
            leftovers.append((row["path"], title))
    assert leftovers == []


def test_a_notice_inside_a_new_section_is_said_where_it_titles(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 4374515e: the title said "now mentions 'deprecated'", the explanation nothing of
    it (its alert, inside a new section, is not quoted on its own)."""
    filler = "".join(f"Behavior {k} explained.\n" for k in range(30))
    old = "# Function Choice Behavior\n\nComing later.\n"
    new = (
        "# Function Choice Behavior\n\n## Overview\n\n> [!WARNING]\n> The ToolCallBehavior class will be "
        "deprecated at the same time and removed by the end of 2024.\n\n" + filler
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    title, explanation = describe_file(change, facts, classify(change, facts), "en")  # type: ignore[arg-type]
    assert title == "'Function Choice Behavior' now mentions 'deprecated'"
    assert explanation.startswith("Now mentions 'deprecated' in 'Overview' (1 place).")


def _steps(first: int, titles: list[str]) -> str:
    return "".join(
        f"## Step {first + k}: {title}\n\n"
        + "".join(f"Do {title.lower()} part {n}.\n" for n in range(4))
        + "\n"
        for k, title in enumerate(titles)
    )


def test_steps_shifted_by_a_new_first_step_are_renumbered(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 2d9c69fa put 'Step 1: Install NuGet packages' first: it said "Changed `2` to `3`,
    `3` to `4`, `4` to `5`, and 2 more" and "Renamed the section 'Step 1: Setup' to 'Step 2: Setup'"."""
    titles = ["Set up dependencies", "Define executors", "Build the workflow", "Run it"]
    old = "# Concurrent workflow\n\n" + _steps(1, titles)
    new = "# Concurrent workflow\n\n" + _steps(1, ["Install packages"]) + _steps(2, titles)
    title, explanation = _describe(git_repo, old, new)
    assert title == "Added section 'Step 1: Install packages'"
    assert explanation == "Added the section 'Step 1: Install packages' (7 lines). Renumbered 1–4 as 2–5."
    _, japanese = _describe(git_repo, new, new.replace("packages part", "the packages, part"), "ja")
    assert "番号" not in japanese  # (nothing renumbered there)


def test_renumbering_in_japanese(git_repo: GitRepoFactory) -> None:
    titles = ["Set up", "Run"]
    old = "# Flow\n\n" + _steps(1, titles) + "Text.\n"
    new = "# Flow\n\n" + _steps(2, titles) + "Text, more.\n"
    _, explanation = _describe(git_repo, old, new, "ja")
    assert "番号 1–2 を 2–3 に振り直しました。" in explanation


def test_an_ordered_list_numbered_again_is_no_value(git_repo: GitRepoFactory) -> None:
    """Markdown numbers a list's items itself: `2.` written `1.` shows as 2. (2d9c69fa's "Changed `2` to `1`
    (2 places), `3` to `1` (2 places) ...")."""
    items = ["Install the package", "Create a client", "Run the agent"]
    old = "# Setup\n\n" + "".join(f"{k}. {t} with `dotnet`.\n" for k, t in enumerate(items, 1)) + "\nDone.\n"
    new = "# Setup\n\n" + "".join(f"1. {t} with `dotnet`.\n" for t in items) + "\nDone.\n"
    title, explanation = _describe(git_repo, old, new)
    assert "`2`" not in explanation
    assert "`2`" not in title
    assert "Renumbered" not in explanation


def test_the_alert_that_says_a_titled_notice_comes_first(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 80e4314a was titled "… now mentions 'deprecated'", and the tip that says it came
    fourth, past the three sentences an explanation has."""
    old = (
        "# What are Planners\n\n## Planners\n\nUse `kernel_function` and `get_chat_message_contents`.\n\n"
        "## Old planners\n\nStepwise planners plan.\n"
    )
    new = (
        "# What are Planners\n\n## Planners\n\nUse `FunctionChoiceBehavior` and `get_chat_message_content`.\n\n"
        "> [!TIP]\n> For new AI agents, use function calling instead of the deprecated planners.\n\n"
        "## Old planners\n\nStepwise planners are no longer supported.\n\n## Migration\n\n"
        + "".join(f"Move step {k} to function calling.\n" for k in range(30))
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    result = classify(change, facts)
    assert result.label == "breaking change"
    title, explanation = describe_file(change, facts, result, "en")  # type: ignore[arg-type]
    assert title == "'What are Planners' now mentions 'deprecated'"
    assert explanation.startswith(
        "Added a tip to 'Planners': 'For new AI agents, use function calling instead of the deprecated planners'."
    )


def test_alerts_of_one_kind_added_to_one_section_are_said_together(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 7414f02d added two tips to 'Auto Function Invocation' and a note to 'Manual
    Function Invocation': it read "Added a tip to 'Auto Function Invocation': …. Added a tip to 'Auto Function
    Invocation': …. Added a note to …", the three sentences an explanation has, one section twice."""
    old = (
        "# Function invocation\n\n## Auto Function Invocation\n\nFunctions are invoked.\n\n"
        "## Manual Function Invocation\n\nCall them yourself.\n"
    )
    new = (
        "# Function invocation\n\n## Auto Function Invocation\n\nFunctions are invoked.\n\n"
        "> [!TIP]\n> Auto function invocation is different from the auto function choice behavior.\n\n"
        "Parallel calls are made.\n\n> [!TIP]\n> In OpenAI, you can disable parallel function calling.\n\n"
        "## Manual Function Invocation\n\nCall them yourself.\n\n"
        "> [!NOTE]\n> The FunctionCallContent class represents a call.\n"
    )
    title, explanation = _describe(git_repo, old, new)
    assert title == "Added 2 tips to 'Auto Function Invocation'"
    assert explanation == (
        "Added 2 tips to 'Auto Function Invocation': 'Auto function invocation is different from the auto "
        "function choice behavior' and 'In OpenAI, you can disable parallel function calling'. Added a note to "
        "'Manual Function Invocation': 'The FunctionCallContent class represents a call'. Added the text "
        "'Parallel calls are made' to 'Auto Function Invocation'."
    )
    title, explanation = _describe(git_repo, old, new, "ja")
    assert title == "「Auto Function Invocation」にヒント2件を追加"
    assert explanation.startswith(
        "「Auto Function Invocation」にヒント2件を追加しました: 「Auto function invocation is different from the "
        "auto function choice behavior」、「In OpenAI, you can disable parallel function calling」。"
    )
    # many: the first quoted, the rest counted
    many = old.replace(
        "Functions are invoked.\n",
        "Functions are invoked.\n" + "".join(f"\n> [!NOTE]\n> Note {k}.\n" for k in range(4)),
    )
    _title, explanation = _describe(git_repo, old, many)
    assert explanation == "Added 4 notes to 'Auto Function Invocation': 'Note 0', 'Note 1', and 2 more."
    # removed together, wherever they were
    _title, explanation = _describe(git_repo, many, old)
    assert explanation == "Removed 4 notes: 'Note 0', 'Note 1', and 2 more."


def test_the_alert_that_says_a_titled_notice_is_found_in_its_group(git_repo: GitRepoFactory) -> None:
    """The second of two tips added to a section says the phrase that titles the change: the sentence of
    the two comes first."""
    old = "# Planners\n\n## Planners\n\nPlanners plan.\n\n## Next\n\nMore.\n"
    new = (
        "# Planners\n\n## Planners\n\nPlanners plan.\n\n> [!TIP]\n> Use function calling for agents.\n\n"
        "> [!TIP]\n> The stepwise planners are deprecated.\n\n## Next\n\nMore.\n\n"
        + "".join(f"Step {k} is [here](step{k}.md).\n" for k in range(5))
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    result = classify(change, facts)
    title, explanation = describe_file(change, facts, result, "en")  # type: ignore[arg-type]
    assert title == "'Planners' now mentions 'deprecated'"
    assert explanation.startswith(
        "Added 2 tips to 'Planners': 'Use function calling for agents' and 'The stepwise planners are deprecated'."
    )


TIP = "> [!TIP]\n> Try the Book creator sample app to see the Planner in action.\n\n"


def test_an_alert_moved_to_another_section_is_said_moved(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 0abcdc5a moved a tip up the page: it was "Added the text '[!TIP]'"."""
    value = "## Why goals?\n\n" + "".join(f"Goals matter, reason {k}.\n" for k in range(8)) + "\n"
    old = "# Planner\n\n## What is Planner?\n\nIt plans.\n\n" + value + "## Next step\n\n" + TIP + "Skills.\n"
    new = "# Planner\n\n## What is Planner?\n\nIt plans.\n\n" + TIP + value + "## Next step\n\nSkills.\n"
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    assert [(a.kind, a.section, a.old_section) for a in facts.alerts] == [
        ("moved", "Planner > What is Planner?", "Planner > Next step")
    ]
    title, explanation = describe_file(change, facts, classify(change, facts), "en")  # type: ignore[arg-type]
    assert title == "Moved a tip to 'What is Planner?'"
    assert explanation == (
        "Moved a tip from 'Next step' to 'What is Planner?': "
        "'Try the Book creator sample app to see the Planner in action'."
    )
    title, _ = describe_file(change, facts, classify(change, facts), "ja")  # type: ignore[arg-type]
    assert title == "ヒントを「What is Planner?」に移動"


def test_an_alert_moved_within_its_section_is_no_fact(git_repo: GitRepoFactory) -> None:
    old = "# Planner\n\n## What is Planner?\n\nIt plans.\n\n" + TIP + "It acts.\n"
    new = "# Planner\n\n## What is Planner?\n\n" + TIP + "It plans.\n\nIt acts.\n"
    facts = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE])
    assert facts.alerts == []


PREVIEW = "Microsoft Agent Framework is currently in public preview. Please submit\n> any feedback."


def test_an_alert_of_another_kind_over_the_same_text_is_retyped(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs c8a6895f made an important note a note, its text reflowed: it was "Added a note
    to 'Why another agent framework?': '…'. Removed an important note: '…'.", the same text twice."""
    old = f"# Agent Framework\n\n## Why another agent framework?\n\nBecause.\n\n> [!IMPORTANT]\n> {PREVIEW}\n"
    new = old.replace("[!IMPORTANT]", "[!NOTE]").replace("Please submit\n> any", "Please submit any")
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    assert [(a.kind, a.alert, a.old_alert, a.old_section) for a in facts.alerts] == [
        ("retyped", "NOTE", "IMPORTANT", None)
    ]
    title, explanation = describe_file(change, facts, classify(change, facts), "en")  # type: ignore[arg-type]
    assert title == "Turned an important note into a note"
    assert explanation == (
        "Turned an important note in 'Why another agent framework?' into a note: 'Microsoft Agent Framework is"
        " currently in public preview. Please submit any feedback'."
    )
    title, explanation = describe_file(change, facts, classify(change, facts), "ja")  # type: ignore[arg-type]
    assert title == "重要な注記を注記に変更"
    assert explanation.startswith(
        "「Why another agent framework?」の重要な注記「Microsoft Agent Framework is"
    )
    # made stronger; and an alert of other text is no twin
    stronger = old.replace("[!IMPORTANT]", "[!NOTE]")
    change = commit_pair(git_repo, {PAGE: stronger}, {PAGE: stronger.replace("[!NOTE]", "[!WARNING]")})[PAGE]
    assert describe_file(change, analyse(change), Classification(), "en")[0] == "Turned a note into a warning"
    other = old.replace("[!IMPORTANT]", "[!NOTE]").replace("Please submit", "Send")
    facts = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: other})[PAGE])
    assert sorted(a.kind for a in facts.alerts) == ["added", "removed"]


def test_an_alert_of_the_same_kind_with_its_words_changed_is_reworded(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs af578623 changed a warning's "is experimental, still in development" to "is in
    preview" (and the space after its `[!WARNING]`) under a heading that lost its "(Experimental)": it was one
    warning added and one removed. An alert whose first line git kept was not said at all."""
    old = (
        "# Agents\n\n## Exploring the Assistant Agent (Experimental)\n\n> [!WARNING] \n"
        "> The Semantic Kernel Agent Framework is experimental, still in development and is subject to change.\n"
        "\nText.\n"
    )
    new = (
        old.replace(" (Experimental)", "")
        .replace("experimental, still in development", "in preview")
        .replace("[!WARNING] ", "[!WARNING]")
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    assert [(a.kind, a.alert, a.text, a.old_text) for a in facts.alerts] == [
        (
            "reworded",
            "WARNING",
            "The Semantic Kernel Agent Framework is in preview and is subject to change.",
            "The Semantic Kernel Agent Framework is experimental, still in development and is subject to change.",
        )
    ]
    _title, explanation = describe_file(change, facts, Classification(), "en")
    assert (
        "Reworded a warning in 'Exploring the Assistant Agent': '… Agent Framework is experimental, still in "
        "development and is subject …' is now '… Agent Framework is in preview and is subject …'."
        in explanation
    )
    _title, explanation = describe_file(change, facts, Classification(), "ja")
    assert "セクション「Exploring the Assistant Agent」の警告の文言を変更しました" in explanation
    # its first line kept, the text changed: the same alert, reworded
    kept = old.replace("experimental, still in development", "in preview")
    facts = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: kept})[PAGE])
    assert [(a.kind, a.line, a.old_line) for a in facts.alerts] == [("reworded", 5, 5)]
    # of other words, or a tip in its place, it is no rewording of it
    other = new.replace("in preview and is subject to change", "retired; use Foundry")
    tip = new.replace("[!WARNING]", "[!TIP]")
    for version in (other, tip):
        facts = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: version})[PAGE])
        assert sorted(a.kind for a in facts.alerts) == ["added", "removed"]


def test_an_include_whose_path_was_fixed_is_repointed(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs c355a79e fixed a broken include path: it was "Replaced the include 'pat_small.md'
    (`includes/pat_small.md`) with 'pat_small.md' (`../includes/pat_small.md`)"."""
    old = "# Responsible AI\n\n[!INCLUDE [pat_small.md](includes/pat_small.md)]\n\nText.\n"
    new = old.replace("(includes/pat_small.md)", "(../includes/pat_small.md)")
    title, explanation = _describe(git_repo, old, new)
    assert title == "Repointed include 'pat_small.md'"
    assert explanation == "Repointed the include 'pat_small.md' to `../includes/pat_small.md`."
    title, _ = _describe(git_repo, old, new, "ja")
    assert title == "インクルード「pat_small.md」の参照先を変更"


def test_one_include_added_in_several_places_is_said_once(git_repo: GitRepoFactory) -> None:
    old = "# Connectors\n\nText.\n"
    new = old + "".join(f"\n[!INCLUDE [glossary.md]({path})]\n" for path in ("/includes/", "../includes/"))
    title, explanation = _describe(git_repo, old, new)
    assert title == "Added include 'glossary.md'"
    assert explanation == "Added the include 'glossary.md' (`/includes/` and `../includes/`)."


def test_a_page_retitled_in_its_front_matter_alone_is_titled_by_its_new_title(
    git_repo: GitRepoFactory,
) -> None:
    """semantic-kernel-docs fe8509ef gave a copied page its own title: it was "Updated metadata (`title` and
    `description`)", which says less than the new title."""
    old = "---\ntitle: Book creator sample app\ndescription: Book creator sample app\n---\n\nSteps.\n"
    new = old.replace("Book creator sample app", "Local API Service Example")
    title, explanation = _describe(git_repo, old, new)
    assert title == "Retitled to 'Local API Service Example'"
    assert explanation.startswith(
        "Changed the title from 'Book creator sample app' to 'Local API Service Example'."
    )
    only_date = old.replace("description:", "ms.date: 01/02/2025\ndescription:")
    title, _ = _describe(git_repo, old, only_date)
    assert title == "Updated metadata (`ms.date`)"


def test_a_heading_retitled_with_its_front_matter_title_is_said_once(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 4a8e8ec8 changed 'Workflows: Checkpoints' to 'Workflows - Checkpoints' in the
    front matter title and the `#` heading: "Changed the title from … Renamed the section … to …", twice."""
    old = (
        "---\ntitle: Agent Framework Workflows&colon; Checkpoints\n---\n\n# Agent Framework Workflows: Checkpoints\n\n"
        "Text.\n\n## Resume\n\nMore.\n"
    )
    new = old.replace("Workflows&colon; Checkpoints", "Workflows - Checkpoints").replace(
        "Workflows: Checkpoints", "Workflows - Checkpoints"
    )
    title, explanation = _describe(git_repo, old, new)
    assert title == "Retitled to 'Agent Framework Workflows - Checkpoints'"
    assert explanation == (
        "Changed the title from 'Agent Framework Workflows: Checkpoints' to 'Agent Framework Workflows - Checkpoints'."
    )
    # a heading renamed otherwise than the title is still said
    other = new.replace("# Agent Framework Workflows - Checkpoints", "# Checkpoints")
    _title, explanation = _describe(git_repo, old, other)
    assert "Renamed the section 'Agent Framework Workflows: Checkpoints' to 'Checkpoints'." in explanation


def test_long_section_titles_renamed_past_what_a_quote_shows_name_the_words_that_changed(
    git_repo: GitRepoFactory,
) -> None:
    """semantic-kernel-docs d2822459 took the colon off '2. By creating a Kernel first, adding the service to
    it, then providing the kernel:': "Renamed the section '2. By creating … providing the…' to '2. By creating
    … providing the…'", the same words twice."""
    title = "2. By creating a Kernel first, adding the service to it, then providing the kernel"
    old = f"# Agent\n\n## {title}:\n\nText.\n"
    _title, explanation = _describe(git_repo, old, old.replace(f"{title}:", title))
    assert (
        explanation
        == "Renamed the section '… it, then providing the kernel:' to '… it, then providing the kernel'."
    )


def test_a_section_renamed_in_its_case_alone_does_not_title_the_change(git_repo: GitRepoFactory) -> None:
    """A heading put in sentence case beside a link added was titled "Renamed section 'Create An Agent' to
    'Create an agent'": the link is the change a reader looks for; the restyled title is still said."""
    old = "# Agents\n\n## Create An Agent\n\nText.\n\n## Next steps\n\n- [Tools](tools.md)\n"
    new = old.replace("Create An Agent", "Create an agent").replace(
        "(tools.md)\n", "(tools.md)\n- [Memory](memory.md)\n"
    )
    title, explanation = _describe(git_repo, old, new)
    assert title == "Added 1 link"
    assert "Renamed the section 'Create An Agent' to 'Create an agent'." in explanation
    # a rename of the words still comes first
    title, _ = _describe(git_repo, old, new.replace("Create an agent", "Create a chat agent"))
    assert title == "Renamed section 'Create An Agent' to 'Create a chat agent'"
    # labelled 998 renamed a model to its API name: words joined are new words
    title, _ = _describe(git_repo, old, new.replace("Create an agent", "CreateAn agent"))
    assert title == "Renamed section 'Create An Agent' to 'CreateAn agent'"


def test_an_empty_page_added_is_said_empty(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs db67961c added an empty agent-framework.md: "New article (0 lines)."."""
    change = commit_pair(git_repo, {"docs/a.md": "# A\n"}, {"docs/empty.md": ""})["docs/empty.md"]
    for lang, said in (
        ("en", "Added `empty.md`, an empty file."),
        ("ja", "空のファイル`empty.md`を追加しました。"),
    ):
        title, explanation = describe_file(change, analyse(change), None, lang)  # type: ignore[arg-type]
        assert explanation == said
    assert title == "empty.md を追加"


def test_an_empty_page_removed_is_said_empty(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 00734164 deleted an empty page: "Removed the article (0 lines)."."""
    change = commit_pair(git_repo, {"docs/a.md": "# A\n", "docs/empty.md": ""}, {"docs/empty.md": None})[
        "docs/empty.md"
    ]
    for lang, said in (
        ("en", "Removed `empty.md`, an empty file."),
        ("ja", "空のファイル`empty.md`を削除しました。"),
    ):
        title, explanation = describe_file(change, analyse(change), None, lang)  # type: ignore[arg-type]
        assert explanation == said
    assert title == "empty.md を削除"


def test_the_same_include_replaced_in_two_zones_is_said_once(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs ee8f77a6 said "Replaced the include 'subheader.md' (…) with 'pat_large.md' (…)"
    twice, once for each place."""
    zone = '::: zone pivot="{}"\n\n[!INCLUDE [subheader.md](../includes/pat_medium.md)]\n\n::: zone-end\n\n'
    old = "# Overview\n\n" + zone.format("a") + zone.format("b")
    new = old.replace("[subheader.md](../includes/pat_medium.md)", "[pat_large.md](../includes/pat_large.md)")
    _, explanation = _describe(git_repo, old, new)
    assert explanation.count("Replaced the include") == 1


def test_links_added_removed_and_repointed_together_are_counted_in_the_title(
    git_repo: GitRepoFactory,
) -> None:
    """A "Next steps" list redone (semantic-kernel-docs 4c4c596e) was titled "Removed 2 links" while it also
    added and repointed some."""
    old = (
        "# Checkpoints\n\nText.\n\n## Next steps\n\n- [Requests](./requests.md)\n- [States](./states.md)\n"
        "- [Learn how to monitor workflows](./old-observability.md)\n"
    )
    new = (
        "# Checkpoints\n\nText.\n\n## Next steps\n\n- [State isolation](./state-isolation.md)\n"
        "- [Learn how to monitor workflows](./observability.md)\n"
    )
    title, explanation = _describe(git_repo, old, new)
    assert title == "Updated links (1 added, 2 removed, and 1 repointed)"
    assert explanation.startswith("Removed the links to `./requests.md` and `./states.md`.")
    title, _ = _describe(git_repo, old, new, "ja")
    assert title == "リンクを更新（1件追加、2件削除、1件のリンク先変更）"


def test_long_link_targets_are_cut_in_the_middle_and_stay_apart(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 025374e5 added links to `…/SummarizeSkill/Summarize` and `…/SummarizeSkill/Topics`,
    both said as `https://github.com/microsoft/semantic-kernel/tree/main/samples/skills/Summarize…`."""
    base = "https://github.com/microsoft/semantic-kernel/tree/main/samples/skills/SummarizeSkill/"
    old = "# Summary app\n\nText.\n"
    new = old + f"\nTry [Summarize]({base}Summarize) and [Topics]({base}Topics).\n"
    _title, explanation = _describe(git_repo, old, new)
    assert explanation.endswith(
        "Added links to `https://github.com/microsoft/…/tree/main/samples/skills/SummarizeSkill/Summarize` and "
        "`https://github.com/microsoft/…/tree/main/samples/skills/SummarizeSkill/Topics`."
    )


def test_links_repointed_to_one_place_name_it_once(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 0865b986 repointed three links to `/semantic-kernel/get-started`, two with the same
    text: "Repointed the links 'Get started with Semantic Kernel' to X, 'Get started' to X, and 'Get started
    with Semantic Kernel' to X"."""
    old = (
        "# Home\n\n[Get started with Semantic Kernel](/semantic-kernel/getting-started)\n\n"
        "Then [Get started](/semantic-kernel/getting-started).\n\n"
        "[Get started with Semantic Kernel](/semantic-kernel/getting-started)\n"
    )
    new = old.replace("/getting-started", "/get-started")
    title, explanation = _describe(git_repo, old, new)
    assert title == "Repointed 3 links"
    assert explanation == (
        "Repointed the links 'Get started with Semantic Kernel' and 'Get started' to `/semantic-kernel/get-started`."
    )
    _title, explanation = _describe(git_repo, old, new, "ja")
    assert explanation == (
        "リンク「Get started with Semantic Kernel」、「Get started」のリンク先を`/semantic-kernel/get-started`に"
        "変更しました。"
    )


def test_an_image_taken_off_a_page_is_said(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs c10c62cd took `![](../media/enhancers.png)` off a page: "0 lines added and 4 lines
    removed", the image unsaid (an image added was said, one removed was not)."""
    old = "# What are Embeddings?\n\n![](../media/enhancers.png)\n\n![Kernel diagram](../media/kernel.png)\n\nText.\n"
    new = "# What are Embeddings?\n\nText.\n"
    title, explanation = _describe(git_repo, old, new)
    assert title == "Removed images `../media/enhancers.png` and 'Kernel diagram'"
    assert explanation == "Removed the images `../media/enhancers.png` and 'Kernel diagram'."
    assert (
        _describe(git_repo, old, new, "ja")[1]
        == "画像`../media/enhancers.png`、「Kernel diagram」を削除しました。"
    )


def test_an_image_shown_from_a_new_file_is_replaced(git_repo: GitRepoFactory) -> None:
    """azure-ai-docs dall-e-studio.md (labelled 2024 changes) pointed a screenshot at `dall-e-studio-new.png`:
    it was only "1 line added and 1 line removed" (15 of the 3,517 labelled changes do this)."""
    image = (
        ':::image type="content" source="../media/{}" alt-text="Screenshot of the DALL-E playground.":::\n'
    )
    old = "# DALL-E\n\nText.\n\n" + image.format("dall-e-studio.png")
    new = "# DALL-E\n\nText.\n\n" + image.format("dall-e-studio-new.png")
    title, explanation = _describe(git_repo, old, new)
    assert title == "Replaced image 'Screenshot of the DALL-E playground'"
    assert (
        explanation
        == "Replaced the image 'Screenshot of the DALL-E playground' with `dall-e-studio-new.png`."
    )
    _, explanation = _describe(git_repo, old, new, "ja")
    assert (
        explanation
        == "画像「Screenshot of the DALL-E playground」を`dall-e-studio-new.png`に差し替えました。"
    )


def test_the_one_link_of_a_section_replaced_by_another_is_said_replaced(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 8d663eaf changed a page's next step from 'Deploy your plugins to Azure' to 'Learn
    about Chat Copilot': it was "Removed the link to … Added a link to …", titled "Removed 1 link"."""
    old = (
        '# Plugins\n\nText.\n\n## Next steps\n\n> [!div class="nextstepaction"]\n'
        "> [Deploy your plugins to Azure](../deploy/deploy-to-azure.md)\n"
    )
    new = old.replace(
        "[Deploy your plugins to Azure](../deploy/deploy-to-azure.md)",
        "[Learn about Chat Copilot](../chat-copilot/index.md)",
    )
    title, explanation = _describe(git_repo, old, new)
    assert title == "Replaced the link 'Deploy your plugins to Azure' with 'Learn about Chat Copilot'"
    assert explanation == (
        "Replaced the link 'Deploy your plugins to Azure' with 'Learn about Chat Copilot' (`../chat-copilot/index.md`)."
    )
    title, _ = _describe(git_repo, old, new, "ja")
    assert title == "リンク「Deploy your plugins to Azure」を「Learn about Chat Copilot」に置き換え"
    two = old.replace("> [Deploy", "> [Quickstart](quick.md)\n> [Deploy")
    title, _ = _describe(git_repo, two, new.replace("> [Learn", "> [Samples](samples.md)\n> [Learn"))
    assert title == "Updated links (2 added and 2 removed)"  # two of each: not paired by guess


def test_a_video_shown_as_an_image_of_the_same_source_is_said(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs e0cae9a3 turned `[!VIDEO https://aka.ms/…-Gif]` into `:::image` of the same URL:
    the two cancelled out as one target, and the edit was quoted as "Removed the text '[!VIDEO …]'"."""
    old = "# Simple chat summary\n\nText.\n\n[!VIDEO https://aka.ms/SK-Samples-SimChat-Gif]\n"
    new = old.replace(
        "[!VIDEO https://aka.ms/SK-Samples-SimChat-Gif]",
        ':::image type="content" source="https://aka.ms/SK-Samples-SimChat-Gif" alt-text="Simple chat app.":::',
    )
    title, explanation = _describe(git_repo, old, new)
    assert title == "Showed 'Simple chat app' as an image, not a video"
    assert explanation == "Showed 'Simple chat app' as an image instead of a video."
    _, explanation = _describe(git_repo, old, new, "ja")
    assert explanation == "「Simple chat app」を動画ではなく画像で表示するようにしました。"


def test_the_code_an_alert_shows_is_no_part_of_its_words(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 500c4e43 moved a Bash block into an important note: it read "Reworded an
    important note: '… use the parameters:' is now '… use the parameters: bash --completionmodel …'". The
    note's words did not change; the code inside an alert is code, said as code."""
    old = (
        "# Start\n\n## Instructions\n\n> [!IMPORTANT]\n> If you deployed models with custom names, also use the "
        "parameters:\n\n    ```bash\n    --completionmodel {DEPLOYMENT_NAME}\n    ```\n\nText.\n"
    )
    new = old.replace(
        "parameters:\n\n    ```bash\n    --completionmodel {DEPLOYMENT_NAME}\n    ```\n",
        "parameters:\n> ```bash\n> --completionmodel {DEPLOYMENT_NAME}\n> ```\n",
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    assert facts.alerts == []
    _title, explanation = describe_file(change, facts, Classification(), "en")
    assert "completionmodel" not in explanation, explanation
    assert "Reworded" not in explanation
    # words after the code are the alert's; a longer fence is closed only by one as long
    after = new.replace("> ```\n", "> ```\n> Then restart the app.\n").replace("you deployed", "you have")
    facts = analyse(commit_pair(git_repo, {PAGE: new}, {PAGE: after})[PAGE])
    assert [(a.kind, a.text) for a in facts.alerts] == [
        ("reworded", "If you have models with custom names, also use the parameters: Then restart the app.")
    ]
    longer = new.replace("> ```bash", "> ````bash").replace("> ```\n", "> ```\n> Still code.\n> ````\n")
    facts = analyse(commit_pair(git_repo, {PAGE: new}, {PAGE: longer})[PAGE])
    assert [a.text for a in facts.alerts] == []


def test_a_learn_image_shown_in_an_alert_is_no_part_of_its_words(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 02ac3923 put a `:::image` in a tip: "Added the image 'Semantic Kernel Tools
    Extension'. Reworded a tip: '… within VS Code' is now '… within VS Code. :::image type="content"
    source=…'". The image is said as an image; a complex image's description is no part of the tip."""
    old = (
        "# Prompts\n\n## It all starts with an ask\n\n> [!TIP]\n> Download the extension to run prompts from "
        "within VS Code.\n\n## Writing a simple prompt\n\nText.\n"
    )
    image = '> :::image type="content" source="../media/install.png" alt-text="Tools Extension":::\n'
    new = old.replace("VS Code.\n", "VS Code.\n" + image)
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    assert facts.alerts == []
    _title, explanation = describe_file(change, facts, Classification(), "en")
    assert "Added the image 'Tools Extension'" in explanation
    assert ":::image" not in explanation
    assert "Reworded" not in explanation
    complex_image = new.replace(
        image,
        '> :::image type="complex" source="../media/flow.png" alt-text="Flow":::\n'
        "> The prompt goes to the model and back.\n> :::image-end:::\n> Then try it.\n",
    )
    facts = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: complex_image})[PAGE])
    assert [(a.kind, a.text) for a in facts.alerts] == [
        ("reworded", "Download the extension to run prompts from within VS Code. Then try it.")
    ]


def test_a_heading_put_over_text_the_page_had_says_how_little_is_new(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs f8c8e728 put '## Simulating function calls' over 57 lines the page had: it read
    "Added the section 'Simulating function calls' (65 lines)", as if they were all new."""
    body = "".join(f"Line {k} about the tool role.\n\n" for k in range(10))
    old = f"# Chat history\n\n## Adding messages\n\nAdd messages.\n\n{body}## Inspecting\n\nText.\n"
    new = old.replace(body, "## Simulating function calls\n\n" + body)
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    (added,) = [s for s in facts.sections if s.kind == "added"]
    assert (added.lines_added, added.size) == (2, 22)
    for lang, said in (
        ("en", "Added the section 'Simulating function calls' (22 lines, 2 of them new)."),
        ("ja", "（22行、うち新規2行）"),
    ):
        _title, explanation = describe_file(change, facts, Classification(), lang)
        assert said in explanation, explanation
    # a section all new says its lines alone
    fresh = old.replace(body, body + "## Simulating function calls\n\nOne new line.\n\n")
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: fresh})[PAGE]
    _title, explanation = describe_file(change, analyse(change), Classification(), "en")
    assert "Added the section 'Simulating function calls' (4 lines)." in explanation, explanation


def test_tabs_added_are_named_once_each_the_first_among_them(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 75ac8b94 added the tabs 'Python' and 'C#': "Added the section 'Python' (…,
    with C# samples)". 0dc92fa6 added four providers' tabs in several steps: "with Ollama, ONNX, Ollama,
    and 15 more samples"."""
    old = "# Quickstart\n\nIntro.\n"
    tabs = "# [Python](#tab/python)\n\n``` this is python```\n\n# [C#](#tab/csharp)\n\n``` this is C#```\n\n---\n"
    # (a tab is a part of the section it is in: the blank line put above the tabs is no text added to it)
    assert _describe(git_repo, old, old + "\n" + tabs) == (
        "Added tabs 'Python' and 'C#'",
        "Added the tabs 'Python' and 'C#' to 'Quickstart' (9 lines).",
    )
    alone = tabs.split("# [C#]")[0]
    _title, explanation = _describe(git_repo, old, old + "\n" + alone)
    assert explanation == "Added the tab 'Python' to 'Quickstart' (4 lines)."
    steps = "".join(
        f"Step {k}.\n\n"
        + "".join(f"# [{p}](#tab/{p.lower()}{k})\n\nText {k}.\n\n" for p in ("Ollama", "ONNX"))
        + "---\n\n"
        for k in range(3)
    )
    _title, explanation = _describe(git_repo, old, old + "\n## Set up\n\nFirst.\n\n" + steps)
    assert "with Ollama and ONNX samples" in explanation, explanation


def test_a_section_added_in_a_zone_pivot_ends_with_its_zone(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 25a24f5f added a 32-line section at the end of the Python zone: "Added the section
    'Custom Reserved Parameter Names …' (675 lines, 32 of them new)", the Java and other zones below counted
    as its lines. A heading added in the next zone is a section of its own, not inside it."""
    java = "".join(f"Java line {k}.\n\n" for k in range(30))
    old = (
        '# Calling\n\n::: zone pivot="programming-language-python"\n\n## Reserved names\n\nText.\n\n'
        '::: zone-end\n\n::: zone pivot="programming-language-java"\n\n'
        + java
        + "::: zone-end\n\n## Next\n\nMore.\n"
    )
    section = "## Custom names\n\nYou can customize them.\n\n```python\nx = 1\n```\n\n"
    new = old.replace("Text.\n\n::: zone-end", "Text.\n\n" + section + "::: zone-end", 1)
    assert (
        _describe(git_repo, old, new)[1] == "Added the section 'Custom names' (8 lines, with Python samples)."
    )
    both = new.replace("Java line 0.", "## Java names\n\nJava line 0.")
    assert _describe(git_repo, old, both)[1] == (
        "Added the sections 'Custom names' (8 lines) and 'Java names' (62 lines, 2 of them new)."
    )


def test_headings_after_a_tab_group_are_not_the_tabs_own(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 0060ce76 added PowerShell and Bash tabs to a step, and the sections 'Logs', 'Spans'
    and 'Metrics' further down: it read "Added the section 'Powershell' (497 lines, with Powershell, Bash,
    and .env samples)", every heading after the tabs taken for one of the last tab's."""
    old = "# Telemetry\n\n## Setup\n\n### Create a script\n\nRun it.\n\n### Inspect\n\nSee the output.\n"
    tabs = (
        "# [PowerShell](#tab/powershell)\n\n```powershell\n$env:A=1\n```\n\n"
        "# [Bash](#tab/bash)\n\n```bash\nexport A=1\n```\n\n---\n\n"
    )
    new = old.replace("### Inspect", tabs + "### Inspect") + "\n### Logs\n\nThe logs.\n"
    for lang, said in (
        (
            "en",
            (
                "Added tabs 'PowerShell' and 'Bash'",
                "Added the tabs 'PowerShell' and 'Bash' to 'Create a script' (14 lines). Added the section 'Logs'"
                " (3 lines).",
            ),
        ),
        (
            "ja",
            (
                "タブ「PowerShell」、「Bash」を追加",
                "セクション「Create a script」にタブ「PowerShell」、「Bash」（14行）を追加しました。"
                "セクション「Logs」（3行）を追加しました。",
            ),
        ),
    ):
        assert _describe(git_repo, old, new, lang) == said


def test_an_include_moved_is_said_moved_and_no_text_to_quote(git_repo: GitRepoFactory) -> None:
    """Azure `batch-python.md` (2024) moved the key vault include into the 'Python (API Key)' tab and cut
    some words elsewhere: it read "Removed the text '[!INCLUDE Azure key vault]'", the move unsaid."""
    include = "[!INCLUDE [Azure key vault](~/includes/azure-key-vault.md)]\n\n"
    old = (
        "# Batch\n\nUpload the file.\n\n" + include + "# [Python (Entra ID)](#tab/secure)\n\nUse Entra.\n\n"
        "# [Python (API Key)](#tab/key)\n\nUse a key.\n\n---\n\n## Create batch job\n\n"
        "Once the file has uploaded successfully by reaching a status of processed you can submit it.\n"
    )
    new = old.replace(include, "", 1).replace("Use a key.\n", include + "Use a key.\n")
    new = new.replace(" by reaching a status of processed", "")
    title, explanation = _describe(git_repo, old, new)
    assert "INCLUDE" not in explanation
    assert title == "Moved include 'Azure key vault'"
    assert explanation.startswith("Moved the include 'Azure key vault' to 'Python (API Key)'. ")
    quoted = "Changed the text '… has uploaded successfully by reaching a status of processed you can submit"
    assert quoted in explanation
    ja = _describe(git_repo, old, new, "ja")[1]
    assert ja.startswith("インクルード「Azure key vault」をセクション「Python (API Key)」に移動しました。")
    # the same include edited where it was (a line apart) is no move
    edited = old.replace(include, "Intro.\n\n" + include.replace("]\n", "]  \n"), 1)
    facts = analyse(commit_pair(git_repo, {PAGE: old}, {PAGE: edited})[PAGE])
    assert facts.includes == []


def test_an_include_renamed_says_so_and_weighs_little(git_repo: GitRepoFactory) -> None:
    """Azure `assistants-quickstart.md` (Dec 2024) renamed an include 'AI Foundry portal' to 'Azure AI Foundry
    portal': titled "Replaced include 'AI Foundry portal'" over "Renamed the include …". Its title is not shown
    on the page: a link added beside it says more."""
    old = "# Assistants\n\n[!INCLUDE [AI Foundry portal](includes/portal.md)]\n\nSee [docs](a.md).\n"
    new = old.replace("[AI Foundry portal]", "[Azure AI Foundry portal]")
    for lang, said in (
        (
            "en",
            (
                "Renamed include 'AI Foundry portal' to 'Azure AI Foundry portal'",
                "Renamed the include `includes/portal.md` from 'AI Foundry portal' to 'Azure AI Foundry portal'.",
            ),
        ),
        (
            "ja",
            (
                "インクルードの名前を「AI Foundry portal」から「Azure AI Foundry portal」に変更",
                "インクルード`includes/portal.md`の名前を「AI Foundry portal」から"
                "「Azure AI Foundry portal」に変更しました。",
            ),
        ),
    ):
        assert _describe(git_repo, old, new, lang) == said
    title, _ = _describe(git_repo, old, new.replace("(a.md).", "(a.md) and [more](b.md)."))
    assert title == "Added 1 link"


def test_a_new_page_with_tabs_under_its_title_names_no_tab_as_a_section(git_repo: GitRepoFactory) -> None:
    """A tab written right under the page's title is read a level below it, where an `##` section is: it is
    still no section of the new article (Azure quickstart includes listed 'TypeScript' and 'JavaScript' as
    sections when their tabs were read as headings of their own)."""
    page = (
        "# Quickstart\n\n# [Python](#tab/python)\n\n```python\nx = 1\n```\n\n# [C#](#tab/cs)\n\n"
        "```csharp\nvar x = 1;\n```\n\n---\n\n## Next steps\n\nMore.\n"
    )
    change = commit_pair(git_repo, {"docs/a.md": "# A\n"}, {"docs/b.md": page})["docs/b.md"]
    facts = analyse(change)
    assert facts.headings == ["Next steps"]
    assert describe_file(change, facts, None, "en") == (  # type: ignore[arg-type]
        "New article 'Quickstart'",
        "New article (19 lines) with the sections 'Next steps'; it has Python and C# samples.",
    )


def test_a_long_edit_is_quoted_beside_a_word_it_brought() -> None:
    """Azure `identification-entities.md` (2024) renamed 'Supported document languages' to 'Supported languages'
    in every entity and listed 70 more languages (142 lines added, 136 removed): it read only "Now mentions
    'deprecated' (2 places)"."""
    hunk = (
        '@@ -35,7 +35,7 @@ This category contains the following entity:\n     :::column span="2":::\n'
        "-      **Supported document languages**\n+      **Supported languages**\n \n"
        "-      `en`\n+      `en`, `es`, `fr`, `de`\n     :::column-end:::\n"
    )
    deprecated = "@@ -400,2 +400,3 @@ More:\n Text.\n+This entity is deprecated.\n"
    for patch, quoted in ((hunk * 10 + deprecated, True), (deprecated, False)):
        added = patch.count("\n+")
        record = {"path": "a/entities.md", "status": "modified", "additions": added, "deletions": added - 1}
        change = change_from_record({**record, "patch": patch})
        title, explanation = describe_file(change, analyse(change), Classification(), "en")
        assert title == "Now mentions 'deprecated'"
        said = "Changed the text 'Supported document languages' to 'Supported languages'." in explanation
        assert said == quoted, explanation
        assert "Added the text" not in explanation  # (the word's own line is said by it)


def test_a_directive_put_in_a_quote_is_no_text_added(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs abc0de34 quoted an `:::image` and a `[!VIDEO]` line: it read "Added the text
    ':::image type="content" source="https://aka.ms/SK-Samples-SimChat-Gif" alt-text="Simple chat…'"."""
    old = (
        "# Simple chat summary sample app\n\nThe sample shows functions.\n\n"
        ':::image type="content" source="https://aka.ms/chat.gif" alt-text="Simple chat summary sample app.":::\n\n'
        "[!VIDEO https://aka.ms/chat-video]\n\n# Running the app\n\nRun it.\n"
    )
    new = old.replace(":::image", "> :::image").replace("[!VIDEO", "> [!VIDEO")
    _title, explanation = _describe(git_repo, old, new)
    assert ":::image" not in explanation, explanation
    assert "Added the text" not in explanation
