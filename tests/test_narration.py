"""Narration from hand-made facts: titles, explanations, grouping and insights, in English and Japanese."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from pydantic import ValidationError

from diffreport.analysis import (
    AlertChange,
    CodeBlockChange,
    FileAnalysis,
    FrontMatterChange,
    LinkChange,
    PhraseChange,
    SectionChange,
    TableRowChange,
    ValueChange,
    analyse,
    analyse_patch,
)
from diffreport.i18n import LOCALE_DIR
from diffreport.models import Classification, FileChange, Label, Report, ReportFile, Status, anchor_for
from diffreport.narrate import describe_file, describe_report

ROOT = Path(__file__).resolve().parents[1]
REASONING = "articles/ai-services/openai/how-to/reasoning.md"


def narrate(facts: FileAnalysis, lang: str, status: Status = Status.MODIFIED, old_path: str | None = None):
    change = FileChange(
        path=facts.path,
        status=status,
        old_path=old_path,
        additions=facts.additions,
        deletions=facts.deletions,
    )
    return describe_file(change, facts, Classification(), lang)


def reasoning_facts() -> FileAnalysis:
    """The facts of the reference report's reasoning.md change."""
    summary = "Azure OpenAI reasoning models > Reasoning summary"
    return FileAnalysis(
        kind="markdown",
        path=REASONING,
        status="modified",
        additions=139,
        deletions=8,
        source="full",
        title="Azure OpenAI reasoning models",
        front_matter=[FrontMatterChange(kind="changed", key="ms.date", old="04/16/2025", new="04/18/2025")],
        sections=[
            SectionChange(kind="added", path=summary, title="Reasoning summary", level=2, line=384, size=7),
            SectionChange(kind="added", path="Python", title="Python", level=1, line=391, size=34),
            SectionChange(kind="added", path="REST", title="REST", level=1, line=425, size=90),
        ],
        code_blocks=[
            CodeBlockChange(kind="added", language="python", lines=23, section="Python", line=399),
            CodeBlockChange(kind="added", language="bash", lines=8, section="REST", line=427),
        ],
        links=[
            LinkChange(kind="added", text="Python", url="#tab/py", section="Python", line=391),
            LinkChange(kind="added", text="REST", url="#tab/REST", section="REST", line=425),
        ],
        values=[
            ValueChange(
                old="2024-12-01-preview", new="2025-03-01-preview", count=4, lines=[94, 124, 301, 333]
            )
        ],
        phrases=[
            PhraseChange(
                kind="disappeared",
                phrase="coming soon",
                count=4,
                text="| Responses API | ✅ (**Feature coming soon!**) | - |",
            )
        ],
        tables=[
            TableRowChange(
                kind="changed",
                name="Responses API",
                old="| Responses API | ✅ (**Feature coming soon!**) |",
                new="| Responses API | ✅ |",
            )
        ],
    )


def sentences(text: str, lang: str) -> int:
    return len(re.findall(r"。" if lang == "ja" else r"\.(?:\s|$)", text))


@pytest.mark.parametrize(
    ("lang", "title", "parts"),
    [
        (
            "en",
            "Added section 'Reasoning summary'",
            [
                "Added the section 'Reasoning summary' (131 lines, with Python and REST samples).",
                "Changed `2024-12-01-preview` to `2025-03-01-preview` in 4 places.",
                "Removed 'Feature coming soon!' from the table row `Responses API` (4 places).",
            ],
        ),
        (
            "ja",
            "セクション「Reasoning summary」を追加",
            [
                "Python、RESTのサンプルを含むセクション「Reasoning summary」（131行）を追加しました。",
                "4か所で `2024-12-01-preview` を `2025-03-01-preview` に変更しました。",
                "表の行`Responses API`から「Feature coming soon!」を削除しました（4か所）。",
            ],
        ),
    ],
)
def test_title_names_the_added_section_and_explanation_states_the_facts(lang, title, parts):
    got_title, explanation = narrate(reasoning_facts(), lang)
    assert got_title == title
    for part in parts:
        assert part in explanation
    assert sentences(explanation, lang) == 3  # the date change is the fourth fact: left out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "from March 27, 2025 to April 17, 2025"), ("ja", "2025年3月27日から2025年4月17日")],
)
def test_dates_follow_the_locale(lang, expected):
    facts = FileAnalysis(
        kind="markdown",
        path="a/encrypt.md",
        status="modified",
        additions=1,
        deletions=1,
        metadata_only=True,
        front_matter=[FrontMatterChange(kind="changed", key="ms.date", old="03/27/2025", new="04/17/2025")],
    )
    title, explanation = narrate(facts, lang)
    assert expected in explanation
    assert "ms.date" in title


@pytest.mark.parametrize(("lang", "expected"), [("en", "(1,234 lines)"), ("ja", "（1,234行）")])
def test_numbers_follow_the_locale(lang, expected):
    facts = FileAnalysis(
        kind="markdown", path="a/new.md", status="added", additions=1234, title="Big page", headings=["Setup"]
    )
    _title, explanation = narrate(facts, lang, status=Status.ADDED)
    assert expected in explanation


@pytest.mark.parametrize(("lang", "word"), [("en", "a note"), ("ja", "注記")])
def test_alert_title_and_text(lang, word):
    facts = FileAnalysis(
        kind="markdown",
        path="a/b.md",
        status="modified",
        additions=3,
        alerts=[
            AlertChange(
                kind="added",
                alert="NOTE",
                text="Only system-assigned identities.",
                section="Keys > Enable identity",
                line=42,
            )
        ],
    )
    title, explanation = narrate(facts, lang)
    assert word in title
    assert "Enable identity" in title
    assert "Only system-assigned identities" in explanation


def test_removed_page_says_links_break():
    facts = FileAnalysis(
        kind="markdown", path="docs/how-to/old.md", status="deleted", deletions=20, title="Old API"
    )
    title, explanation = narrate(facts, "en", status=Status.DELETED)
    assert title == "Removed article 'Old API'"
    assert "`docs/how-to/old.md` stop working" in explanation


def report_file(facts: FileAnalysis, title: str, label: Label = Label.MINOR_UPDATE) -> ReportFile:
    return ReportFile(
        path=facts.path,
        status=facts.status,
        anchor=anchor_for(facts.path),
        label=label,
        title=title,
        additions=facts.additions,
        deletions=facts.deletions,
        changes=facts.additions + facts.deletions,
        analysis=facts,
    )


def include_files(lang: str) -> list[ReportFile]:
    files = []
    for name in ("python", "csharp", "java", "javascript", "go"):
        facts = FileAnalysis(
            kind="markdown",
            path=f"docs/includes/quickstart-{name}.md",
            status="modified",
            additions=2,
            deletions=2,
            values=[ValueChange(old="2024-10-21", new="2025-02-01", count=2, lines=[3, 9])],
        )
        files.append(report_file(facts, narrate(facts, lang)[0]))
    return files


@pytest.mark.parametrize(("lang", "count"), [("en", "in 5 files"), ("ja", "5ファイル")])
def test_same_change_in_five_includes_is_one_bullet(lang, count):
    files = include_files(lang)
    other = FileAnalysis(
        kind="markdown",
        path="docs/overview.md",
        status="modified",
        additions=1,
        deletions=1,
        values=[ValueChange(old="v1", new="v2")],
    )
    files.append(report_file(other, narrate(other, lang)[0]))
    text = describe_report(files, lang)
    assert len(text.other_updates) == 2
    grouped = text.other_updates[0]
    assert count in grouped
    assert all(f"quickstart-{n}.md" in grouped for n in ("python", "csharp", "java", "javascript", "go"))
    assert "`2025-02-01`" in text.insights[0]  # the version insight counts 10 places
    assert ("10 places" if lang == "en" else "10か所") in text.insights[0]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_report_counts_labels_and_flags_removed_pages(lang):
    gone = FileAnalysis(kind="markdown", path="docs/old.md", status="deleted", deletions=9, title="Old")
    new = FileAnalysis(kind="markdown", path="docs/new.md", status="added", additions=30, title="New page")
    files = [
        report_file(gone, narrate(gone, lang, Status.DELETED)[0], Label.BREAKING_CHANGE),
        report_file(new, narrate(new, lang, Status.ADDED)[0], Label.NEW_FEATURE),
    ]
    text = describe_report(files, lang)
    assert len(text.breaking_changes) == 1
    assert len(text.new_features) == 1
    assert ("1 new feature" if lang == "en" else "新機能1件") in text.highlights
    assert any("`docs/old.md`" in p for p in text.insights)
    assert any("New page" in p for p in text.insights)
    assert "`" not in text.summary
    assert "\n" not in text.summary


def test_a_saved_report_keeps_its_analysis_typed_and_only_the_facts_found(tmp_path: Path):
    facts = reasoning_facts()
    report = Report(
        title="t",
        date="2025-04-19",
        base="a" * 40,
        head="b" * 40,
        files=[report_file(facts, narrate(facts, "en")[0], Label.NEW_FEATURE)],
    )
    saved = json.loads(report.model_dump_json())
    stored = saved["files"][0]["analysis"]
    assert set(stored) == facts.model_fields_set  # the facts found; fields left at their defaults are not
    assert stored["sections"][0] == {
        "kind": "added",
        "path": "Azure OpenAI reasoning models > Reasoning summary",
        "title": "Reasoning summary",
        "level": 2,
        "line": 384,
        "size": 7,
    }
    assert (saved["files"][0]["status"], saved["files"][0]["label"]) == ("modified", "new feature")
    loaded = Report.model_validate_json(report.model_dump_json())
    assert loaded.files[0].analysis == facts
    assert (loaded.files[0].status, loaded.files[0].label) == (Status.MODIFIED, Label.NEW_FEATURE)
    assert describe_report(loaded.files, "en") == describe_report(report.files, "en")


@pytest.mark.parametrize(
    ("field", "value"), [("analysis", {"kind": "markdown", "status": "gone"}), ("label", "big change")]
)
def test_a_saved_report_with_a_broken_file_entry_is_refused(field: str, value: object):
    entry = {"path": "a.md", "status": "modified", "anchor": anchor_for("a.md"), field: value}
    text = json.dumps({"title": "t", "date": "2025-04-19", "base": "a", "head": "b", "files": [entry]})
    with pytest.raises(ValidationError) as caught:
        Report.model_validate_json(text)
    assert caught.value.errors()[0]["loc"][:3] == ("files", 0, field)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_highlights_count_and_rank_the_labels_in_the_one_label_order(lang):
    files = []
    for i, label in enumerate([Label.MINOR_UPDATE, Label.BUG_FIX, Label.NEW_FEATURE, Label.BREAKING_CHANGE]):
        facts = FileAnalysis(kind="markdown", path=f"docs/p{i}.md", status="modified", additions=1)
        files.append(report_file(facts, f"Title {i}", label))
    highlights = describe_report(files, lang).highlights
    counted = {
        "en": ["1 breaking change", "1 new feature", "1 fix", "1 minor update"],
        "ja": ["破壊的変更1件", "新機能1件", "修正1件", "軽微な更新1件"],
    }[lang]
    positions = [highlights.index(words) for words in counted]
    assert positions == sorted(positions)
    # the three files named after the counts come in the same order: the breaking change first
    named = [highlights.index(f"Title {i}") for i in (3, 2, 1)]
    assert named == sorted(named)
    assert "Title 0" not in highlights


def test_nothing_to_say_is_said_plainly():
    facts = FileAnalysis(
        kind="markdown", path="a/b.md", status="modified", additions=1, deletions=1, whitespace_only=True
    )
    title, explanation = narrate(facts, "en")
    assert title == "Whitespace-only change in b.md"
    assert explanation == "Only whitespace changed."
    text = describe_report([report_file(facts, title)], "en")
    assert text.insights == [
        "No change in this range needs action from readers: no page was removed or moved, "
        "and no version, lifecycle marker or alert changed."
    ]


def test_japanese_catalog_is_complete_and_keeps_placeholders():
    with (LOCALE_DIR / "ja" / "LC_MESSAGES" / "diffreport.po").open("rb") as fh:
        catalog = read_po(fh, locale="ja")
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"untranslated: {msgid!r}"
        assert "fuzzy" not in message.flags, msgid
        for s in strings:
            assert set(re.findall(r"\{(\w+)\}", s)) == set(re.findall(r"\{(\w+)\}", msgid)), msgid


def test_template_pot_matches_the_code():
    """Every message in the code and templates is in diffreport.pot (run the extraction in README)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(ROOT), method_map, options):
        found.add(msg if isinstance(msg, str) else msg[0])
    with (LOCALE_DIR / "diffreport.pot").open("rb") as fh:
        pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert found - pot == set(), "run the pybabel extract/update steps of README 'Languages'"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_braces_and_markup_in_page_text_are_just_text(lang):
    facts = FileAnalysis(
        kind="markdown",
        path="a/{x}.md",
        status="modified",
        additions=3,
        deletions=1,
        sections=[
            SectionChange(kind="added", path="Use {name}", title="Use {name}", level=2, line=5, size=3)
        ],
        links=[LinkChange(kind="retargeted", text="{0} docs", url="https://x/{y}", old_url="https://x/z")],
        tables=[TableRowChange(kind="added", name="{row}")],
    )
    title, explanation = narrate(facts, lang)
    assert "{name}" in title
    assert "{0} docs" in explanation or "{row}" in explanation
    text = describe_report([report_file(facts, title)], lang)
    assert "{name}" in text.highlights


@pytest.mark.parametrize(("lang", "title"), [("en", "Reworded '"), ("ja", "に書き換え")])
def test_prose_edit_without_structure_quotes_what_changed(lang, title):
    patch = (
        "@@ -20,3 +20,3 @@ intro\n"
        " \n"
        "-> - Create a skillset\n"
        "+> - Create a skillset that chunks, vectorizes, and recognizes entities\n"
        " \n"
    )
    facts = FileAnalysis(
        kind="markdown", path="docs/tutorial.md", status="modified", additions=1, deletions=1
    )
    change = FileChange(path=facts.path, status=Status.MODIFIED, additions=1, deletions=1, patch=patch)
    got_title, explanation = describe_file(change, facts, Classification(), lang)
    assert title in got_title
    assert "Create a skillset that chunks, vectorizes, and recognizes entities" in explanation
    assert "> -" not in explanation


_LONG = "Because the kernel has all of the services and plugins necessary to run both native code and AI " * 3


@pytest.mark.parametrize(
    ("old", "new", "en", "ja"),
    [
        # semantic-kernel-docs: a word inserted early in a line longer than a quote shows
        (
            f"This means that if run any prompt. {_LONG}",
            f"This means that if you run any prompt. {_LONG}",
            "Inserted 'you'",
            "「you」を挿入",
        ),
        (
            "An `RequestPort` emits a `RequestInfoEvent`.",
            "A `RequestPort` emits a `RequestInfoEvent`.",
            "Replaced 'An' with 'A'",
            "「An」を「A」に置換",
        ),
        (
            "Headers are **TODO** kept for the run.",
            "Headers are kept for the run.",
            "Deleted 'TODO'",
            "「TODO」を削除",
        ),
        (
            "Create a skillset",
            "Create a skillset that chunks, vectorizes, and recognizes entities",
            "Reworded 'Create a skillset that chunks, vectorizes, and…'",
            "に書き換え",
        ),
    ],
)
def test_a_few_words_edited_in_prose_are_named_in_the_title(old: str, new: str, en: str, ja: str) -> None:
    patch = f"@@ -20,3 +20,3 @@ intro\n \n-{old}\n+{new}\n \n"
    facts = FileAnalysis(kind="markdown", path="docs/kernel.md", status="modified", additions=1, deletions=1)
    change = FileChange(path=facts.path, status=Status.MODIFIED, additions=1, deletions=1, patch=patch)
    assert describe_file(change, facts, Classification(), "en")[0] == en
    assert ja in describe_file(change, facts, Classification(), "ja")[0]


@pytest.mark.parametrize(("lang", "words"), [("en", "anchors stop working"), ("ja", "アンカーへのリンク")])
def test_removed_section_is_an_insight_but_a_renamed_one_is_not(lang, words):
    facts = FileAnalysis(
        kind="markdown",
        path="docs/limits.md",
        status="modified",
        additions=3,
        deletions=12,
        sections=[
            SectionChange(
                kind="removed", path="Limits > Legacy quotas", title="Legacy quotas", level=2, size=9
            ),
            SectionChange(
                kind="removed", path="Limits > Regions (Preview)", title="Regions (Preview)", level=2
            ),
            SectionChange(kind="added", path="Limits > Regions", title="Regions", level=2, line=20, size=3),
        ],
    )
    title, explanation = narrate(facts, lang)
    assert "Legacy quotas" in title
    assert "Regions (Preview)" in explanation  # said as a rename
    insights = describe_report([report_file(facts, title)], lang).insights
    removed = [p for p in insights if words in p]
    assert len(removed) == 1
    assert "Legacy quotas" in removed[0]
    assert "Regions" not in removed[0]


def test_removed_sections_sharing_a_title_are_told_apart_by_their_parent(git_repo) -> None:
    from diffreport.pipeline import CompareOptions, compare

    body = "".join(
        f"## {part}\n\nAbout {part}.\n\n### Deep dive\n\n"
        + "".join(f"Line {i} of {part}.\n" for i in range(12))
        + "\n"
        for part in ("Agent", "Chat")
    )
    git_repo.write("docs/arch.md", "# Architecture\n\nIntro.\n\n" + body)
    git_repo.commit("base", "2025-04-16T10:00:00+00:00")
    kept = "".join(f"## {part}\n\nAbout {part}.\n\n" for part in ("Agent", "Chat"))
    git_repo.write("docs/arch.md", "# Architecture\n\nIntro.\n\n" + kept)
    git_repo.commit("drop the deep dives", "2025-04-17T10:00:00+00:00")
    report = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path)))
    (line,) = [p for p in report.insights if p.startswith("Sections removed")]
    assert "'Agent > Deep dive' (`arch.md`)" in line
    assert "'Chat > Deep dive' (`arch.md`)" in line


def test_a_row_added_to_two_tables_is_named_once() -> None:
    """The same provider added to a page's two zone-pivot tables (semantic-kernel-docs, 2026-04-01)."""
    patch = (
        "@@ -1,9 +1,11 @@\n"
        " | RAG Provider | Status |\n"
        " | --- | --- |\n"
        "+| [Neo4j GraphRAG Provider](./neo4j-graphrag.md) | Preview |\n"
        " | [Text Search Provider](./text.md) | Preview |\n"
        " \n"
        " | RAG Provider | Status |\n"
        " | --- | --- |\n"
        " | [Azure AI Search Provider](./search.md) | Preview |\n"
        "+| [Neo4j GraphRAG Provider](./neo4j-graphrag.md) | Preview |\n"
        "+| [Neo4j Memory Provider](./neo4j-memory.md) | Preview |\n"
    )
    facts = analyse_patch("docs/index.md", "modified", patch, 3, 0)
    assert [r.name for r in facts.tables if r.kind == "added"].count("Neo4j GraphRAG Provider") == 2
    title, explanation = narrate(facts, "en")
    assert title == "Added table rows `Neo4j GraphRAG Provider` and `Neo4j Memory Provider`"
    assert "`Neo4j GraphRAG Provider` and `Neo4j Memory Provider`." in explanation


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "en",
            "New article (37 lines) with the sections 'Passing images to the agent' and 'Next steps'; "
            "it has .NET CLI, C#, and Python samples.",
        ),
        (
            "ja",
            "新しい記事です（37行）。セクション「Passing images to the agent」、「Next steps」で構成され、"
            ".NET CLI、C#、Pythonのサンプルを含みます。",
        ),
    ],
)
def test_a_new_page_written_per_language_names_each_section_once(lang: str, sentence: str) -> None:
    """semantic-kernel-docs, agents/multimodal.md (2025): one section per zone pivot, each with the same
    title; its .NET CLI sample is `dotnetcli` in the page."""
    pivots = [("csharp", ["dotnetcli", "csharp"]), ("python", ["python"]), ("go", ["text"])]
    page = "# Using images with an agent\n\n" + "".join(
        f'::: zone pivot="programming-language-{zone}"\n\n## Passing images to the agent\n\n'
        + "".join(f"```{fence}\nrun\n```\n\n" for fence in fences)
        + "::: zone-end\n\n"
        for zone, fences in pivots
    )
    page += "## Next steps\n"
    lines = page.splitlines()
    patch = f"@@ -0,0 +1,{len(lines)} @@\n" + "".join(f"+{line}\n" for line in lines)
    facts = analyse_patch("agents/multimodal.md", "added", patch, len(lines), 0)
    assert facts.headings.count("Passing images to the agent") == 3  # the facts keep every heading
    title, explanation = narrate(facts, lang, Status.ADDED)
    assert explanation == sentence


def test_a_table_losing_its_numbering_column_keeps_its_row_names() -> None:
    """semantic-kernel-docs, concepts/kernel.md: a table's leading number column was dropped. The rows
    are the same rows (named by their first cell that names something), and no empty name is said."""
    patch = (
        "@@ -1,4 +1,4 @@\n"
        "-| | Components | Description |\n"
        "-|---|---|---|\n"
        "-| 1 | **Services** | AI services and other services. |\n"
        "-| 2 | **Plugins** | What your AI services use to do work. |\n"
        "+| Component | Description |\n"
        "+|---|---|\n"
        "+| **Services** | AI services and other services. |\n"
        "+| **Plugins** | What your AI services use to do work. |\n"
    )
    facts = analyse_patch("concepts/kernel.md", "modified", patch, 4, 4)
    assert {(r.kind, r.name) for r in facts.tables} == {  # (the header rows are no rows)
        ("changed", "Services"),
        ("changed", "Plugins"),
    }
    blank = analyse_patch("a.md", "modified", "@@ -1,1 +1,1 @@\n-| | |\n+|  | x |\n", 1, 1)
    assert [r.name for r in blank.tables] == ["x", ""]
    for read in (facts, blank):
        title, explanation = narrate(read, "en")
        assert "``" not in title + explanation


def test_a_retitle_and_a_rename_said_as_the_page_shows_them(git_repo) -> None:
    """semantic-kernel-docs: a title written with `&colon;` (Learn shows a colon), and a section renamed in
    each of a page's zone pivots (said once)."""
    from diffreport.pipeline import CompareOptions, compare

    def page(title: str, verb: str) -> str:
        body = "".join(
            f'::: zone pivot="programming-language-{zone}"\n\n## {verb} a Custom Agent\n\nText for {zone}.\n\n'
            "::: zone-end\n\n"
            for zone in ("csharp", "python")
        )
        return f"---\ntitle: {title}\n---\n\n# Custom agents\n\n{body}"

    git_repo.write("docs/custom.md", page("How-To&colon; Custom Agents", "Creating"))
    git_repo.commit("base", "2025-04-16T10:00:00+00:00")
    git_repo.write("docs/custom.md", page("How-To&colon; Build Custom Agents", "Create"))
    git_repo.commit("retitle", "2025-04-17T10:00:00+00:00")
    (file,) = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path))).files
    assert file.analysis.title == "How-To: Build Custom Agents"
    assert (
        "Changed the title from 'How-To: Custom Agents' to 'How-To: Build Custom Agents'." in file.explanation
    )
    renamed = "Renamed the section 'Creating a Custom Agent' to 'Create a Custom Agent'."
    assert file.explanation.count(renamed) == 1, file.explanation


@pytest.mark.parametrize(
    ("lang", "sentences"),
    [
        (
            "en",
            [
                "Added the sections 'Code examples' in 3 places (18 lines) and 'Ordering' (3 lines).",
                "Removed the sections 'Coming soon' in 3 places (12 lines); links to their anchors stop working.",
            ],
        ),
        (
            "ja",
            [
                "セクション「Code examples」（3か所、18行）、「Ordering」（3行）を追加しました。",
                "セクション「Coming soon」（3か所）を削除しました（12行）。",
            ],
        ),
    ],
)
def test_sections_a_page_repeats_under_each_parent_are_named_once_with_their_count(
    git_repo, lang: str, sentences: list[str]
) -> None:
    """semantic-kernel-docs, enterprise-readiness/filters.md (2025): 'Code examples' added and 'Coming soon'
    removed under each kind of filter."""
    from analysis_helpers import commit_pair

    filters = ("Function Invocation Filter", "Prompt Render Filter", "Auto Function Invocation Filter")

    def page(part: str) -> str:
        return "# Filters\n\nIntro.\n\n" + "".join(
            f"## {name}\n\nWhat it does.\n\n{part}" for name in filters
        )

    old = page("### Coming soon\n\nMore to come.\n\n")
    new = page("### Code examples\n\n```python\nkernel.add_filter(f)\n```\n\n") + "## Ordering\n\nIn order.\n"
    change = commit_pair(git_repo, {"docs/filters.md": old}, {"docs/filters.md": new})["docs/filters.md"]
    _, explanation = describe_file(change, analyse(change), Classification(), lang)
    for sentence in sentences:
        assert sentence in explanation


def test_a_one_hyphen_delimiter_row_and_dotted_step_numbers_name_no_row() -> None:
    """semantic-kernel-docs, overview/index.md (2023): a table written with `|:-|:-|` gained a step column
    numbered `**1**`, `**2.1**` ...: the delimiter row and the header rows are no rows, and the rows are named
    by their component."""
    patch = (
        "@@ -1,4 +1,5 @@\n"
        "-| Component | Description |\n"
        "-|:-|:-|\n"
        "-| **Ask** | A user's goal |\n"
        "-| **Planner** | Makes steps |\n"
        "+| Step | Component | Description |\n"
        "+|:-|:-|:-|\n"
        "+| **1** | Ask | A goal sent by a user or developer |\n"
        "+| **2.1** | Memories | Recall and store context |\n"
        "+| **2.2** | Planner | Makes steps |\n"
    )
    facts = analyse_patch("overview/index.md", "modified", patch, 5, 4)
    assert {(r.kind, r.name) for r in facts.tables} == {
        ("changed", "Ask"),
        ("added", "Memories"),
        ("changed", "Planner"),
    }
    # GitHub's renderer reads the same rows
    from markdown_it import MarkdownIt

    new = "\n".join(line[1:] for line in patch.splitlines() if line.startswith("+"))
    cells = [
        t.children[0].content for t in MarkdownIt("gfm-like").parse(new) if t.type == "inline" and t.children
    ]
    assert cells[:3] == ["Step", "Component", "Description"]
    assert ":-" not in cells


@pytest.mark.parametrize(
    ("heading", "en", "ja"),
    [
        # semantic-kernel-docs, agents/kernel/adding-services.md (2024)
        (
            "### Text generation deployments (deprecated)",
            "Marked 'Text generation deployments' as 'deprecated'",
            "「Text generation deployments」を「deprecated」と明記",
        ),
        (
            "## Legacy SDK - Deprecated",
            "Marked 'Legacy SDK' as 'deprecated'",
            "「Legacy SDK」を「deprecated」と明記",
        ),
        # a section about deprecated things is not itself marked
        (
            "## Deprecated features",
            "'Services' now mentions 'deprecated'",
            "「Services」に「deprecated」の記述を追加",
        ),
    ],
)
def test_a_section_marked_deprecated_is_named_in_the_title(heading: str, en: str, ja: str) -> None:
    old = heading.replace(" (deprecated)", "").replace(" - Deprecated", "").replace("Deprecated ", "Old ")
    patch = f"@@ -1,5 +1,5 @@\n # Services\n \n-{old}\n+{heading}\n \n Text.\n"
    facts = analyse_patch("docs/services.md", "modified", patch, 1, 1)
    facts.title = "Services"
    assert [(p.kind, p.phrase) for p in facts.phrases] == [("appeared", "deprecated")]
    assert narrate(facts, "en")[0] == en
    assert narrate(facts, "ja")[0] == ja


@pytest.mark.parametrize(("changed_lines", "said"), [(1, False), (3, True)])
def test_samples_changed_beyond_the_values_replaced_are_said(changed_lines: int, said: bool) -> None:
    """semantic-kernel-docs, embedding-generation/index.md: one value replaced ('similiarty') while three C#
    samples changed: the samples are said too; when the value is all they changed, the value says it."""
    facts = FileAnalysis(
        kind="markdown",
        path="docs/embeddings.md",
        status="modified",
        additions=changed_lines,
        deletions=changed_lines,
        values=[ValueChange(old="similiarty", new="similarity", count=1, lines=[10])],
        code_blocks=[
            CodeBlockChange(kind="changed", language="csharp", lines=1, line=8 + 20 * k, section="Embeddings")
            for k in range(changed_lines)
        ],
    )
    _, explanation = narrate(facts, "en")
    assert "Changed `similiarty` to `similarity` in 1 place." in explanation
    assert ("code sample" in explanation) is said
    if said:
        assert "Updated 3 code samples (C#)." in explanation


@pytest.mark.parametrize(
    ("lang", "title", "sentence"),
    [
        (
            "en",
            "Changed `CosmosNoSqlKey` to `CosmosKey`",
            "Removed the mention 'preview' (1 place). The page still mentions it in 2 places.",
        ),
        ("ja", "`CosmosNoSqlKey` を `CosmosKey` に変更", "ページにはまだ2か所残っています。"),
    ],
)
def test_a_preview_notice_removed_from_one_zone_does_not_unmark_the_page(
    git_repo, lang: str, title: str, sentence: str
) -> None:
    """semantic-kernel-docs a0ac1565: the C# preview warning went, the title and the Python warning still
    say preview. The page is not 'no longer marked as preview'; the last mention going is."""
    from diffreport.pipeline import CompareOptions, compare

    def page(zones: tuple[str, ...], key: str, title: str = "Connector (Preview)") -> str:
        warnings = "".join(
            f'::: zone pivot="programming-language-{z}"\n\n> [!WARNING]\n> The {z} connector is in preview.\n\n'
            "::: zone-end\n\n"
            for z in zones
        )
        return (
            f"---\ntitle: {title}\n---\n\n# {title}\n\n{warnings}## Keys\n\nUse `{key}` for keys.\n\n"
            f"```csharp\nvar k = new {key}();\n```\n"
        )

    git_repo.write("docs/connector.md", page(("csharp", "python"), "CosmosNoSqlKey"))
    git_repo.commit("base", "2026-08-18T10:00:00+00:00")
    git_repo.write("docs/connector.md", page(("python",), "CosmosKey"))
    git_repo.commit("csharp out of preview", "2026-08-19T10:00:00+00:00")
    options = CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path), language=lang)
    (file,) = compare(options).files
    (gone,) = [p for p in file.analysis.phrases if p.phrase == "preview"]
    assert (gone.kind, gone.count, gone.remaining) == ("disappeared", 1, 2)
    assert file.title == title
    assert sentence in file.explanation
    assert "no longer marked" not in file.explanation
    assert "プレビュー表記を削除" not in file.explanation

    git_repo.write("docs/connector.md", page((), "CosmosKey", "Connector"))
    git_repo.commit("generally available", "2026-08-20T10:00:00+00:00")
    (file,) = compare(options).files
    (gone,) = [p for p in file.analysis.phrases if p.phrase == "preview"]
    assert gone.remaining == 0
    assert file.title == (
        "'Connector' no longer marked as preview" if lang == "en" else "「Connector」のプレビュー表記を削除"
    )


def test_a_page_retitled_out_of_preview_is_no_longer_marked_though_it_names_other_previews(git_repo) -> None:
    """semantic-kernel-docs 700b1cc0: 'Out-of-the-box Vector Store connectors (Preview)' lost its mark; its
    table still says which connectors are in preview."""
    from diffreport.pipeline import CompareOptions, compare

    def page(title: str, warning: str) -> str:
        return (
            f"---\ntitle: {title}\n---\n\n# {title}\n\n{warning}"
            "| Connector | Status |\n| --- | --- |\n| Redis | GA |\n| Qdrant | Preview |\n\n"
            "<!-- Writers: the preview list is in preview.yml -->\n"  # (a mention no reader sees)
        )

    git_repo.write("docs/connectors.md", page("Connectors (Preview)", "> [!WARNING]\n> In preview.\n\n"))
    git_repo.commit("base", "2026-08-18T10:00:00+00:00")
    git_repo.write("docs/connectors.md", page("Connectors", ""))
    git_repo.commit("out of preview", "2026-08-19T10:00:00+00:00")
    (file,) = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path))).files
    (gone,) = [p for p in file.analysis.phrases if p.phrase == "preview"]
    assert gone.remaining == 1
    assert file.title == "'Connectors' no longer marked as preview"


def test_one_alert_removed_from_several_zones_is_said_once() -> None:
    """semantic-kernel-docs 9ef9a46c: the same tip left the Java zone of two sections. One added to two
    sections is said for each."""
    tip = "More updates coming soon to the Java SDK"

    def explain(*alerts: AlertChange) -> str:
        facts = FileAnalysis(
            kind="markdown",
            path="docs/behaviors.md",
            status="modified",
            deletions=9,
            additions=1,
            alerts=alerts,
        )
        return narrate(facts, "en")[1]

    removed = explain(
        AlertChange(kind="removed", alert="TIP", text=tip, section="Auto", old_line=40),
        AlertChange(kind="removed", alert="TIP", text=tip, section="Required", old_line=90),
    )
    assert removed == f"Removed a tip: '{tip}'."
    added = explain(
        AlertChange(kind="added", alert="NOTE", text="Same note.", section="Auto", line=41),
        AlertChange(kind="added", alert="NOTE", text="Same note.", section="Required", line=91),
    )
    assert added == "Added a note to 'Auto': 'Same note'. Added a note to 'Required': 'Same note'."


def test_new_material_leaves_out_routine_sections(git_repo) -> None:
    """semantic-kernel-docs 4bf5bbd9: 'Next Steps' and 'Additional Resources' came with a walkthrough; only
    the walkthrough is new material to read."""
    from diffreport.pipeline import CompareOptions, compare

    intro = "# Testing with Dojo\n\nIntro.\n"
    git_repo.write("docs/dojo.md", intro)
    git_repo.commit("base", "2026-08-18T10:00:00+00:00")
    steps = "".join(f"{i}. Step {i} of the walkthrough.\n" for i in range(1, 25))
    git_repo.write(
        "docs/dojo.md",
        f"{intro}\n## C# walkthrough\n\n{steps}\n## Next Steps\n\n- [More](more.md)\n\n"
        "## Additional Resources\n\n- [Docs](https://example.com)\n",
    )
    git_repo.commit("walkthrough", "2026-08-19T10:00:00+00:00")
    report = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path)))
    (new_material,) = [line for line in report.insights if line.startswith("New material to read")]
    assert new_material == "New material to read: the section 'C# walkthrough' (`dojo.md`)."


def test_table_rows_whose_links_were_repointed_are_said_as_links(git_repo) -> None:
    """semantic-kernel-docs 9beba41e: the bookmarks of a table's link column were fixed; the rows said
    nothing else ('Updated table rows `Per-service-call history persistence`, `Compaction`, and 6 more')."""
    from diffreport.pipeline import CompareOptions, compare

    def page(anchor: str) -> str:
        rows = "".join(
            f"| {name} | Enabled. | [{name}](./{name.lower()}.md#use-{name.lower()}-with-{anchor}) |\n"
            for name in ("Sessions", "Compaction", "Todos")
        )
        return f"# Harness\n\n| Feature | Default | Learn more |\n|---|---|---|\n{rows}"

    git_repo.write("docs/harness.md", page("harnessed-agent"))
    git_repo.commit("base", "2026-08-10T10:00:00+00:00")
    git_repo.write("docs/harness.md", page("harness-agent"))
    git_repo.commit("fix bookmarks", "2026-08-11T10:00:00+00:00")
    (file,) = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path))).files
    assert file.analysis.link_only
    assert file.title == "Repointed 3 links"
    assert "table rows" not in file.explanation


def test_coming_soon_removed_where_it_still_stands_elsewhere_titles_the_new_feature(git_repo) -> None:
    """semantic-kernel-docs 9ef9a46c: 'More updates coming soon to the Java SDK' went from three places and
    stayed in others; the rule that makes it a new feature is what the title says."""
    from diffreport.pipeline import CompareOptions, compare

    def page(java: str) -> str:
        return (
            "# Function Choice Behavior\n\nUse `Sematic` kernels.\n\n"
            f"## Java\n\n{java}\n\n## Go\n\nGo support is coming soon.\n"
        )

    git_repo.write("docs/behaviors.md", page("Java support is coming soon."))
    git_repo.commit("base", "2026-08-10T10:00:00+00:00")
    git_repo.write("docs/behaviors.md", page("Java: call `autoInvoke()`.").replace("Sematic", "Semantic"))
    git_repo.commit("java", "2026-08-11T10:00:00+00:00")
    (file,) = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path))).files
    assert file.label == "new feature"
    assert file.title == "Removed the mention 'coming soon' (1 place; still in 1 place)"


def test_routine_sections_added_follow_the_sections_of_substance(git_repo) -> None:
    """semantic-kernel-docs 2025: pages that gained only 'Next steps' were titled 'Added section 'Next
    steps'' over the identifiers their samples renamed; beside a new section of substance it comes last."""
    from analysis_helpers import commit_pair

    old = "# Agents\n\nUse `OpenAIClientProvider` to connect.\n"
    renamed = old.replace("OpenAIClientProvider", "AzureOpenAIClient")
    only = renamed + "\n## Next steps\n\n- [More](more.md)\n"
    change = commit_pair(git_repo, {"docs/a.md": old}, {"docs/a.md": only})["docs/a.md"]
    title, _ = describe_file(change, analyse(change), Classification(), "en")
    assert title == "Changed `OpenAIClientProvider` to `AzureOpenAIClient`"

    body = "".join(f"Step {k} of the deployment.\n" for k in range(25))
    both = renamed + f"\n## Next steps\n\n- [More](more.md)\n\n## Deploy\n\n{body}"
    change = commit_pair(git_repo, {"docs/b.md": old}, {"docs/b.md": both})["docs/b.md"]
    title, _ = describe_file(change, analyse(change), Classification(), "en")
    assert title == "Added sections 'Deploy' and 'Next steps'"


def test_two_links_to_one_target_name_it_once() -> None:
    """semantic-kernel-docs 9ef9a46c: 'Removed the links to `/dotnet/api/…history` and
    `/dotnet/api/…history`'."""
    url = "/dotnet/api/microsoft.semantickernel.agents.history"
    facts = FileAnalysis(
        kind="markdown",
        path="docs/agent-chat.md",
        status="modified",
        deletions=2,
        links=[
            LinkChange(kind="removed", text="History", url=url, section="Selection", old_line=340),
            LinkChange(kind="removed", text="History", url=url, section="Termination", old_line=483),
        ],
    )
    title, explanation = narrate(facts, "en")
    assert (title, explanation) == ("Removed 2 links", f"Removed the links to `{url}`.")


@pytest.mark.parametrize(
    ("lang", "title", "explanation"),
    [
        (
            "en",
            "Swapped `Dapr` and `Orleans`",
            "Swapped `Dapr` and `Orleans`. Changed `net8.0` to `net9.0` in 1 place.",
        ),
        (
            "ja",
            "`Dapr` と `Orleans` を入れ替え",
            "`Dapr` と `Orleans` を入れ替えました。1か所で `net8.0` を `net9.0` に変更しました。",
        ),
    ],
)
def test_two_values_that_took_each_others_places_are_one_swap(
    lang: str, title: str, explanation: str
) -> None:
    """semantic-kernel-docs 256ac7e1: 'Orleans will be supported first ..., followed by Dapr' became the
    other way round ('Changed `Orleans` to `Dapr` (1 place) and `Dapr` to `Orleans` (1 place)')."""
    facts = FileAnalysis(
        kind="markdown",
        path="docs/process-deployment.md",
        status="modified",
        additions=2,
        deletions=2,
        values=[
            ValueChange(old="Orleans", new="Dapr", count=2, lines=[32]),
            ValueChange(old="Dapr", new="Orleans", count=2, lines=[32]),
            ValueChange(old="net8.0", new="net9.0", count=1, lines=[40]),
        ],
    )
    assert narrate(facts, lang) == (title, explanation)


def test_a_title_that_only_lost_its_full_stop_is_no_retitle() -> None:
    """semantic-kernel-docs f4cdf421: "Changed the title from 'Orchestrate your AI with Semantic Kernel' to
    'Orchestrate your AI with Semantic Kernel'" (the quotes drop a final full stop)."""
    old, new = "Orchestrate your AI with Semantic Kernel. ", "Orchestrate your AI with Semantic Kernel"
    facts = FileAnalysis(
        kind="markdown",
        path="overview/index.md",
        status="modified",
        additions=1,
        deletions=1,
        title=new,
        old_title=old,
        front_matter=[FrontMatterChange(kind="changed", key="title", old=old, new=new, line=2, old_line=2)],
        metadata_only=True,
    )
    title, explanation = narrate(facts, "en")
    assert "Changed the title" not in explanation
    assert explanation == (
        "Changed the front matter: `title` from `Orchestrate your AI with Semantic Kernel.` to "
        "`Orchestrate your AI with Semantic Kernel`."
    )
    assert title == "Updated metadata (`title`)"


def test_a_long_value_is_cut_between_words() -> None:
    """A description cut where it changed keeps whole words either side (labelled corpus: "from `…th Azure
    AI Studio.` to `…th Azure AI Foundry.`"); a value without spaces is cut where the characters run out."""
    old = "Learn how to deploy Azure OpenAI models and use them with Azure AI Studio."
    new = old.replace("Studio", "Foundry")
    facts = FileAnalysis(
        kind="markdown",
        path="how-to/deploy.md",
        status="modified",
        additions=1,
        deletions=1,
        front_matter=[
            FrontMatterChange(kind="changed", key="description", old=old, new=new, line=3, old_line=3)
        ],
        metadata_only=True,
    )
    _title, explanation = narrate(facts, "en")
    assert explanation == (
        "Changed the front matter: `description` from `…Azure AI Studio.` to `…Azure AI Foundry.`."
    )
    url = "/azure/role-based-access-control/role-assignments-portal-subscription-admin"
    facts.front_matter = [
        FrontMatterChange(kind="changed", key="redirect", old=url, new=url.replace("portal", "cli"), line=3)
    ]
    _title, explanation = narrate(facts, "en")
    assert "from `…assignments-portal-subscriptio…` to `…assignments-cli-subscriptio…`" in explanation


def test_symbolic_links_are_said_as_links_not_articles(git_repo) -> None:
    """A `*.md` symbolic link was "New article (1 line)", its text the target's path; it adds a path to
    content there already, so it is no new feature."""
    import os

    from diffreport.pipeline import CompareOptions, compare

    page = "# Setup\n\n" + "".join(f"Step {k}.\n" for k in range(60))  # (a large removal, were it a page)
    git_repo.write("docs/setup.md", page)
    git_repo.write("docs/old.md", page)
    git_repo.write("docs/gone-link.md", "x")
    (git_repo.path / "docs/gone-link.md").unlink()
    os.symlink("archive/setup-2025.md", git_repo.path / "docs/gone-link.md")
    os.symlink("setup.md", git_repo.path / "docs/moving-link.md")
    git_repo.commit("base", "2026-08-18T10:00:00+00:00")
    os.symlink("setup.md", git_repo.path / "docs/install.md")  # added
    (git_repo.path / "docs/gone-link.md").unlink()  # removed
    (git_repo.path / "docs/moving-link.md").unlink()
    os.symlink("../docs/old.md", git_repo.path / "docs/moving-link.md")  # pointed elsewhere
    (git_repo.path / "docs/old.md").unlink()
    os.symlink("setup.md", git_repo.path / "docs/old.md")  # a page replaced by a link
    git_repo.commit("links", "2026-08-19T10:00:00+00:00")

    def files(lang: str) -> dict[str, tuple[str, str, str]]:
        report = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path), language=lang))
        return {f.path: (f.label, f.title, f.explanation) for f in report.files}

    en = files("en")
    assert en["docs/install.md"] == (
        "minor update",
        "Added a symbolic link to `setup.md`",
        "Added `install.md`, a symbolic link to `setup.md`.",
    )
    assert en["docs/gone-link.md"][:2] == ("breaking change", "Removed symbolic link gone-link.md")
    assert en["docs/gone-link.md"][2].startswith(
        "Removed `gone-link.md`, a symbolic link to `archive/setup-2025.md`."
    )
    assert en["docs/moving-link.md"] == (
        "minor update",
        "Repointed the symbolic link `moving-link.md` to `../docs/old.md`",
        "Repointed the symbolic link `moving-link.md` from `setup.md` to `../docs/old.md`.",
    )
    assert en["docs/old.md"] == (
        "minor update",
        "Replaced `old.md` with a symbolic link to `setup.md`",
        "Replaced the file `old.md` (62 lines) with a symbolic link to `setup.md`.",
    )
    ja = files("ja")
    assert ja["docs/install.md"][1:] == (
        "`setup.md` へのシンボリックリンクを追加",
        "`setup.md` へのシンボリックリンク `install.md` を追加しました。",
    )


@pytest.mark.parametrize(
    ("lang", "added", "removed"),
    [
        (
            "en",
            (
                "Added the anchor `create-search` to 'Create an Azure AI Search service'",
                "Added the anchor `#create-search`: links can point at it.",
            ),
            (
                "Removed the anchor `create-search` from 'Create an Azure AI Search service'",
                "Removed the anchor `#create-search`: links to it stop working.",
            ),
        ),
        (
            "ja",
            (
                "「Create an Azure AI Search service」にアンカー `create-search` を追加",
                "アンカー `#create-search` を追加しました。リンク先として指定できます。",
            ),
            (
                "「Create an Azure AI Search service」からアンカー `create-search` を削除",
                "アンカー `#create-search` を削除しました。そこへのリンクは機能しなくなります。",
            ),
        ),
    ],
)
def test_an_anchor_added_to_or_removed_from_a_heading_is_said(
    git_repo, lang: str, added: tuple[str, str], removed: tuple[str, str]
) -> None:
    """azure-ai-docs (2024 corpus), copilot-sdk-create-resources.md: `## <a name="create-search"></a> Create
    an Azure AI Search service` read the same as the heading before it, so the page was 'Updated …: 1 line
    added and 1 line removed'."""
    from analysis_helpers import commit_pair

    plain = "# Tutorial\n\nIntro.\n\n## Create an Azure AI Search service\n\nSteps.\n"
    marked = plain.replace("## Create", '## <a name="create-search"></a> Create')
    for old, new, expected in ((plain, marked, added), (marked, plain, removed)):
        change = commit_pair(git_repo, {"docs/t.md": old}, {"docs/t.md": new})["docs/t.md"]
        title, explanation = describe_file(change, analyse(change), Classification(), lang)
        assert title == expected[0]
        assert explanation.startswith(expected[1])  # (then: the section edited, 1 line each way)


def test_the_title_of_a_breaking_change_says_what_broke(git_repo) -> None:
    """semantic-kernel-docs 494726c8: 217 lines of a provider's sections went and a 7-line section came; the
    page was a breaking change titled "Added section 'Python guidance'". 700b1cc0: a note announcing a
    deprecation made a breaking change titled "Added sections 'Tools' and 'Azure OpenAI'"."""
    from diffreport.pipeline import CompareOptions, compare

    steps = "".join(f"Step {k} of the setup.\n" for k in range(40))
    old = "# Azure OpenAI agents\n\nIntro.\n\n" + "".join(
        f"## {name}\n\n{steps}\n" for name in ("Installation", "Configuration", "Chat Completion")
    )
    new = "# Azure OpenAI agents\n\nIntro.\n\n## Python guidance\n\nUse the Python package.\n"
    git_repo.write("docs/azure-openai.md", old)
    git_repo.commit("base", "2026-08-18T10:00:00+00:00")
    git_repo.write("docs/azure-openai.md", new)
    git_repo.commit("trim", "2026-08-19T10:00:00+00:00")
    (file,) = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path))).files
    assert file.label == "breaking change"
    assert file.title == "Removed sections 'Installation', 'Configuration', and 'Chat Completion'"
    assert "Added the section 'Python guidance'" in file.explanation

    tools = "".join(f"Tool {k}.\n" for k in range(30))
    deprecated = (
        new + f"\n## Tools\n\n{tools}\n> [!NOTE]\n> The Assistants API is deprecated. Use Responses.\n"
    )
    git_repo.write("docs/azure-openai.md", deprecated)
    git_repo.commit("deprecate", "2026-08-20T10:00:00+00:00")
    (file,) = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path))).files
    assert file.label == "breaking change"
    assert file.title == "'Azure OpenAI agents' now mentions 'deprecated'"


def test_a_page_moved_as_it_was_is_titled_by_what_makes_it_new(git_repo) -> None:
    """semantic-kernel-docs 96ddb0b5: pages moved into a new folder while their 'coming soon' notes went were
    new features titled "Moved devui/index.md to integrations/…"; a page moved and rewritten keeps that."""
    from diffreport.pipeline import CompareOptions, compare

    body = "".join(f"Line {k} of the guide.\n" for k in range(40))
    page = f"---\ntitle: Workflows with AG-UI\n---\n\n# Workflows with AG-UI\n\n{body}"
    git_repo.write("docs/ag-ui/workflows.md", page + "\n> [!NOTE]\n> Python support is coming soon.\n")
    git_repo.commit("base", "2026-08-10T10:00:00+00:00")
    (git_repo.path / "docs/ag-ui/workflows.md").unlink()
    git_repo.write("docs/integrations/ag-ui/workflows.md", page + "\nPython: see the sample.\n")
    git_repo.commit("move", "2026-08-11T10:00:00+00:00")
    (file,) = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path))).files
    assert (file.status, file.label) == ("renamed", "new feature")
    assert file.title == "'Workflows with AG-UI' no longer marked as coming soon"
    assert (
        "Moved from `docs/ag-ui/workflows.md` to `docs/integrations/ag-ui/workflows.md`" in file.explanation
    )


def test_an_anchor_is_named_with_its_own_line(git_repo) -> None:
    """The first edit is markup elsewhere (emphasis); the anchor's title names the heading it was put on."""
    from analysis_helpers import commit_pair

    old = "# Tutorial\n\nRead the intro.\n\n## Create an Azure AI Search service\n\nSteps.\n"
    new = old.replace("Read the intro.", "Read the *intro*.").replace(
        "## Create", '## <a name="create-search"></a> Create'
    )
    change = commit_pair(git_repo, {"docs/t.md": old}, {"docs/t.md": new})["docs/t.md"]
    title, _ = describe_file(change, analyse(change), Classification(), "en")
    assert title == "Added the anchor `create-search` to 'Create an Azure AI Search service'"
