"""Markdown-aware analysis: real before/after versions committed to real repositories."""

from __future__ import annotations

import pytest
from analysis_helpers import NEW_ARTICLE, OLD_ARTICLE, commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import FileAnalysis, analyse, analyse_patch
from diffreport.analysis.patch import diff_texts, parse_patch

PATH = "articles/openai/how-to/reasoning.md"


@pytest.fixture
def article(git_repo: GitRepoFactory) -> FileAnalysis:
    changes = commit_pair(git_repo, {PATH: OLD_ARTICLE}, {PATH: NEW_ARTICLE})
    return analyse(changes[PATH])


def test_full_versions_are_compared(article: FileAnalysis) -> None:
    assert article.source == "full"
    assert article.kind == "markdown"
    assert article.title == "Azure OpenAI reasoning models"


def test_front_matter_changes_with_old_and_new_values(article: FileAnalysis) -> None:
    by_key = {c.key: c for c in article.front_matter}
    assert set(by_key) == {"ms.date", "ms.custom"}
    assert (by_key["ms.date"].kind, by_key["ms.date"].old, by_key["ms.date"].new) == (
        "changed",
        "03/27/2025",
        "04/17/2025",
    )
    assert by_key["ms.date"].line == 5
    assert (by_key["ms.custom"].kind, by_key["ms.custom"].new) == ("added", "references_regions")


def test_sections_by_heading_path(article: FileAnalysis) -> None:
    by_kind = {(s.kind, s.path): s for s in article.sections}
    root = "Azure OpenAI reasoning models"
    added = by_kind[("added", f"{root} > Reasoning summary")]
    assert added.line == 39
    assert added.size == 9
    removed = by_kind[("removed", f"{root} > Old tips")]
    assert removed.old_line == 44
    renamed = by_kind[("renamed", f"{root} > Known limitations")]
    assert renamed.old_path == f"{root} > Limitations"
    changed = by_kind[("changed", f"{root} > API support")]
    assert changed.lines_added == 4
    assert changed.lines_removed == 5
    # unchanged sections are not reported
    assert all("Region" not in s.path or s.kind == "changed" for s in article.sections)


def test_table_rows_named_by_first_cell(article: FileAnalysis) -> None:
    rows = {(r.kind, r.name) for r in article.tables}
    assert rows == {("changed", "o1"), ("added", "o3"), ("removed", "o1-mini")}
    changed = next(r for r in article.tables if r.kind == "changed")
    assert changed.new is not None
    assert "West Europe" in changed.new
    assert changed.section == "Azure OpenAI reasoning models > Region availability"


def test_code_blocks_with_language(article: FileAnalysis) -> None:
    blocks = {(b.kind, b.language) for b in article.code_blocks}
    assert blocks == {("changed", "python"), ("changed", "rest"), ("added", "python")}
    added = next(b for b in article.code_blocks if b.kind == "added")
    assert added.lines == 2
    assert str(added.section).endswith("Reasoning summary")


def test_repeated_value_summarised_once(article: FileAnalysis) -> None:
    top = article.values[0]
    assert (top.old, top.new, top.count) == ("2024-12-01-preview", "2025-03-01-preview", 3)
    assert top.lines == [26, 29, 34]
    assert sum(1 for v in article.values if v.old == "2024-12-01-preview") == 1


def test_alerts_links_includes(article: FileAnalysis) -> None:
    alerts = {(a.kind, a.alert) for a in article.alerts}
    assert alerts == {("added", "IMPORTANT"), ("removed", "NOTE")}
    important = next(a for a in article.alerts if a.kind == "added")
    assert "retired" in important.text
    assert important.line == 13
    links = {(link.image, link.old_url, link.url) for link in article.links}
    assert links == {
        (False, "quickstart.md", "get-started.md"),
        (True, "media/old-diagram.png", "media/new-diagram.png"),
    }
    assert all(link.kind == "retargeted" for link in article.links)
    assert [(i.kind, i.target) for i in article.includes] == [("removed", "includes/preview-notice.md")]


def test_phrases_appearing_and_disappearing(article: FileAnalysis) -> None:
    phrases = {(p.kind, p.phrase) for p in article.phrases}
    assert ("disappeared", "coming soon") in phrases
    assert ("disappeared", "preview") in phrases  # "in preview." went; "o1-preview" is a name, not the phrase
    assert ("appeared", "retired") in phrases
    assert ("appeared", "no longer supported") in phrases
    assert not article.metadata_only
    assert not article.whitespace_only
    assert not article.link_only


def test_patch_only_analysis_of_the_same_change(git_repo: GitRepoFactory) -> None:
    change = commit_pair(git_repo, {PATH: OLD_ARTICLE}, {PATH: NEW_ARTICLE})[PATH]
    fa = analyse_patch(PATH, "modified", change.patch, change.additions, change.deletions)
    assert fa.source == "patch"
    assert {(c.key, c.old, c.new) for c in fa.front_matter} >= {("ms.date", "03/27/2025", "04/17/2025")}
    assert ("added", "Reasoning summary") in {(s.kind, s.title) for s in fa.sections}
    assert {(r.kind, r.name) for r in fa.tables} == {
        ("changed", "o1"),
        ("added", "o3"),
        ("removed", "o1-mini"),
    }
    assert fa.values[0].count == 3
    assert {(a.kind, a.alert) for a in fa.alerts} == {("added", "IMPORTANT"), ("removed", "NOTE")}
    assert ("disappeared", "coming soon") in {(p.kind, p.phrase) for p in fa.phrases}


_LONG_FRONT_MATTER = "".join(f"key{i}: value\n" for i in range(30))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("# Title\n\nSome text.\n", "# Title\n\nOther text.\n"),  # the heading is context
        ("# Title\n\nSome text.\n\n## Part\n\nMore.\n", "# New title\n\nSome text.\n\n## Part\n\nMore.\n"),
        # the hunk ends inside the front matter: only its opening line says it is front matter
        (
            f"---\nms.topic: how-to\n{_LONG_FRONT_MATTER}---\n# Page\n",
            f"---\nms.topic: concept-article\n{_LONG_FRONT_MATTER}---\n# Page\n",
        ),
    ],
)
def test_patch_only_analysis_ignores_a_byte_order_mark(git_repo: GitRepoFactory, old: str, new: str) -> None:
    """Patches alone (a corpus row, an API's patch) read a page opening with U+FEFF as its parsed versions
    do: the mark hides neither the front matter nor a heading on line 1."""
    plain = commit_pair(git_repo, {PATH: old}, {PATH: new})[PATH]
    marked = commit_pair(git_repo, {PATH: "\ufeff" + old}, {PATH: "\ufeff" + new})[PATH]
    assert "\ufeff" in marked.patch
    without = analyse_patch(PATH, "modified", plain.patch, plain.additions, plain.deletions)
    with_bom = analyse_patch(PATH, "modified", marked.patch, marked.additions, marked.deletions)
    assert with_bom.front_matter or with_bom.sections
    assert with_bom.model_dump() == without.model_dump()


def test_metadata_only(git_repo: GitRepoFactory) -> None:
    new = OLD_ARTICLE.replace("ms.date: 03/27/2025", "ms.date: 05/02/2025")
    fa = analyse(commit_pair(git_repo, {PATH: OLD_ARTICLE}, {PATH: new})[PATH])
    assert fa.metadata_only
    assert not fa.link_only
    assert [(c.key, c.new) for c in fa.front_matter] == [("ms.date", "05/02/2025")]
    assert fa.sections == []
    assert fa.body_added == 0


def test_whitespace_only(git_repo: GitRepoFactory) -> None:
    new = OLD_ARTICLE.replace("Some tips that are obsolete.", "Some  tips that are obsolete.   ")
    fa = analyse(commit_pair(git_repo, {PATH: OLD_ARTICLE}, {PATH: new})[PATH])
    assert fa.whitespace_only
    assert not fa.metadata_only


def test_link_only(git_repo: GitRepoFactory) -> None:
    new = OLD_ARTICLE.replace("(quickstart.md)", "(../get-started/quickstart.md)")
    fa = analyse(commit_pair(git_repo, {PATH: OLD_ARTICLE}, {PATH: new})[PATH])
    assert fa.link_only
    assert not fa.whitespace_only
    assert [(link.kind, link.url) for link in fa.links] == [("retargeted", "../get-started/quickstart.md")]


def test_added_and_deleted_documents(git_repo: GitRepoFactory) -> None:
    changes = commit_pair(
        git_repo, {"docs/old.md": OLD_ARTICLE}, {"docs/old.md": None, "docs/new.md": NEW_ARTICLE}
    )
    added, removed = analyse(changes["docs/new.md"]), analyse(changes["docs/old.md"])
    assert added.status == "added"
    assert added.title == "Azure OpenAI reasoning models"
    assert added.headings == ["Region availability", "API support", "Reasoning summary", "Known limitations"]
    assert removed.status == "deleted"
    assert removed.old_title == "Azure OpenAI reasoning models"
    assert "Old tips" in removed.headings


def test_toc_yaml_entries(git_repo: GitRepoFactory) -> None:
    old = (
        "items:\n- name: Overview\n  href: overview.md\n- name: Quickstart\n  href: quickstart.md\n"
        "- name: Old\n  href: old.md\n"
    )
    new = (
        "items:\n- name: Overview\n  href: overview.md\n- name: Get started\n  href: quickstart.md\n"
        "- name: Reasoning\n  href: reasoning.md\n"
    )
    fa = analyse(commit_pair(git_repo, {"docs/toc.yml": old}, {"docs/toc.yml": new})["docs/toc.yml"])
    kinds = {(e.kind, e.name) for e in fa.toc}
    assert kinds == {("renamed", "Get started"), ("added", "Reasoning"), ("removed", "Old")}
    renamed = next(e for e in fa.toc if e.kind == "renamed")
    assert renamed.old_name == "Quickstart"
    assert renamed.href == "quickstart.md"


def test_redirection_json(git_repo: GitRepoFactory) -> None:
    old = '{\n  "redirections": [\n    {\n      "source_path": "a.md",\n      "redirect_url": "/x/a"\n    }\n  ]\n}\n'
    new = (
        '{\n  "redirections": [\n    {\n      "source_path": "a.md",\n      "redirect_url": "/x/b"\n    },\n'
        '    {\n      "source_path": "c.md",\n      "redirect_url": "/x/c"\n    }\n  ]\n}\n'
    )
    rel = ".openpublishing.redirection.json"
    fa = analyse(commit_pair(git_repo, {rel: old}, {rel: new})[rel])
    got = {(r.kind, r.source, r.target, r.old_target) for r in fa.redirects}
    assert got == {("retargeted", "a.md", "/x/b", "/x/a"), ("added", "c.md", "/x/c", None)}


def test_images_and_binary_never_crash(git_repo: GitRepoFactory) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    changes = commit_pair(
        git_repo,
        {"media/a.png": png, "media/b.png": png, "docs/latin1.md": "# Caf\xe9\n".encode("latin-1")},
        {
            "media/a.png": png + b"\x00more",
            "media/b.png": None,
            "media/c.png": png[::-1],
            "docs/latin1.md": "# Caf\xe9 cr\xe8me\n".encode("latin-1") + b"\x00\xff",
        },
    )
    results = {path: analyse(c) for path, c in changes.items()}
    assert results["media/a.png"].image == "replaced"
    assert results["media/b.png"].image == "removed"
    assert results["media/c.png"].image == "added"
    assert changes["docs/latin1.md"].binary  # a NUL byte: git calls it binary
    assert results["docs/latin1.md"].kind == "binary"  # so it is no page, whatever its name


def test_a_binary_file_named_like_a_page_is_no_new_article(git_repo: GitRepoFactory) -> None:
    from diffreport.pipeline import CompareOptions, compare

    git_repo.write("docs/index.md", "# Index\n")
    git_repo.commit("base", "2025-04-16T10:00:00+00:00")
    git_repo.write("docs/guide.md", "# Guide\n\nRead me.\n")
    git_repo.write("docs/blob.md", b"\x00\x01\x02" * 100)
    git_repo.commit("add", "2025-04-17T10:00:00+00:00")
    report = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path)))
    (new_material,) = [line for line in report.insights if line.startswith("New material to read")]
    assert "'Guide'" in new_material
    assert "blob.md" not in new_material
    blob = next(f for f in report.files if f.path == "docs/blob.md")
    assert (blob.analysis.kind, blob.explanation) == ("binary", "Added the binary file `blob.md`.")


def test_patch_without_text_and_odd_input() -> None:
    assert analyse_patch("a.md", "modified", None, 3, 1).notes == ["no patch: only line counts are known"]
    odd = analyse_patch(
        "a.md", "modified", "@@ nonsense\n+| x\n@@ -1 +1 @@\n-```\n+~~~py\n\\ No newline at end of file"
    )
    assert odd.kind == "markdown"
    assert analyse_patch("a.png", "deleted", None).image == "removed"


def test_diff_texts_line_numbers_point_into_both_versions() -> None:
    old_lines, new_lines = OLD_ARTICLE.splitlines(), NEW_ARTICLE.splitlines()
    hunks = diff_texts(OLD_ARTICLE, NEW_ARTICLE)
    assert hunks
    for line in (ln for h in hunks for ln in h.lines):
        if line.sign != "+":
            assert old_lines[line.old - 1] == line.text
        if line.sign != "-":
            assert new_lines[line.new - 1] == line.text
    assert parse_patch("\n".join(["@@ -3,2 +3,2 @@ ## Head", " a", "-b", "+c"]))[0].lines[2].new == 4


def test_unreadable_blob_falls_back_on_the_patch() -> None:
    from diffreport.errors import GitError
    from diffreport.models import FileChange, Status

    def broken(sha: str) -> bytes:
        raise GitError(f"cannot read blob {sha}")

    change = FileChange(
        path="docs/a.md",
        status=Status.MODIFIED,
        additions=1,
        deletions=1,
        patch="@@ -1,4 +1,4 @@\n ---\n-ms.date: 01/02/2025\n+ms.date: 02/03/2025\n ---",
        old_blob="a" * 40,
        new_blob="b" * 40,
        _loader=broken,
    )
    fa = analyse(change)
    assert fa.source == "patch"
    assert [(c.key, c.old, c.new) for c in fa.front_matter] == [("ms.date", "01/02/2025", "02/03/2025")]
    assert fa.metadata_only


def test_renamed_parent_and_moved_section(git_repo: GitRepoFactory) -> None:
    old = (
        "# Agents (Experimental)\n\nIntro.\n\n## What is an agent?\n\nAn agent acts.\n\n"
        "## When to use one\n\nOften.\n\n## Limits\n\nSome.\n"
    )
    new = (
        "# Agents\n\nIntro.\n\n## Limits\n\nSome.\n\n## What is an agent?\n\nAn agent acts.\n\n"
        "## When to use one\n\nOften, and more.\n"
    )
    fa = analyse(commit_pair(git_repo, {"docs/agents.md": old}, {"docs/agents.md": new})["docs/agents.md"])
    got = {(s.kind, s.title, s.old_path) for s in fa.sections}
    assert got == {
        ("renamed", "Agents", "Agents (Experimental)"),
        ("moved", "Limits", "Agents (Experimental) > Limits"),
        ("changed", "When to use one", None),
    }
    changed = next(s for s in fa.sections if s.kind == "changed")
    assert changed.lines_added == 1  # "Often." -> "Often, and more."
    assert changed.lines_removed >= 1


def _analysed(git_repo: GitRepoFactory, old: str, new: str) -> FileAnalysis:
    return analyse(commit_pair(git_repo, {"docs/notes.md": old}, {"docs/notes.md": new})["docs/notes.md"])


def _sections(git_repo: GitRepoFactory, old: str, new: str) -> set[tuple[str, str, str | None]]:
    """The sections added, removed, renamed or moved (not those edited in place)."""
    return {
        (s.kind, s.title, s.old_path) for s in _analysed(git_repo, old, new).sections if s.kind != "changed"
    }


def test_empty_placeholder_sections_are_not_renamed_for_being_empty(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs 4111622e reworked an outline of empty headings: 'Analyze agent behavior' was said
    # renamed to 'Telemetry Backend', both empty, so alike in body only
    old = (
        "# Observability\n\n## Prerequisites\n\n## Understanding observability\n\n## Configure monitoring\n\n"
        "## Set up logging\n\n## Implement alerting\n\n## Analyze agent behavior\n\n## Related content\n\nLinks.\n"
    )
    new = (
        "# Observability\n\n## Prerequisites\n\n## Set up\n\n## Telemetry Backend\n\n## Tracing an AgentChat\n\n"
        "## Related content\n\nLinks.\n"
    )
    assert _sections(git_repo, old, new) == {
        ("renamed", "Set up", "Observability > Set up logging"),  # by title
        ("added", "Telemetry Backend", None),
        ("added", "Tracing an AgentChat", None),
        ("removed", "Understanding observability", None),
        ("removed", "Configure monitoring", None),
        ("removed", "Implement alerting", None),
        ("removed", "Analyze agent behavior", None),
    }


def test_a_title_kept_with_words_added_is_renamed_past_new_look_alikes(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs 4c26d01e: release sections put in above 'python-1.0.0', which gained its date; the
    # first of them, 'python-1.8.0 (June 4, 2026)', was said to be 'python-1.0.0' renamed
    old = "# Changes\n\nIntro.\n\n## python-1.0.0\n\nFirst release.\n"
    releases = "".join(f"## python-1.{k}.0 (May {k}, 2026)\n\nRelease {k}.\n\n" for k in (8, 7, 6))
    new = f"# Changes\n\nIntro.\n\n{releases}## python-1.0.0 (April 2, 2026)\n\nFirst release.\n"
    assert _sections(git_repo, old, new) == {
        ("added", "python-1.8.0 (May 8, 2026)", None),
        ("added", "python-1.7.0 (May 7, 2026)", None),
        ("added", "python-1.6.0 (May 6, 2026)", None),
        ("renamed", "python-1.0.0 (April 2, 2026)", "Changes > python-1.0.0"),
    }


def test_a_title_kept_at_the_end_is_renamed_and_git_order_pairs_the_rest(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs 9ef9a46c: '## Generating embeddings' became '## Generating embeddings yourself'
    # below a new section whose title looks as much like it
    old = "# Embeddings\n\n## Generating embeddings\n\nCall the generator.\n"
    new = (
        "# Embeddings\n\n## Letting the store generate embeddings\n\nThe store calls it.\n\n"
        "## Generating embeddings yourself\n\nCall the generator.\n"
    )
    assert _sections(git_repo, old, new) == {
        ("added", "Letting the store generate embeddings", None),
        ("renamed", "Generating embeddings yourself", "Embeddings > Generating embeddings"),
    }
    # e0b0a317: by title alone 'AI Service Connectors' is a little more like 'AI Services' than
    # 'AI service endpoints' is; the page's order says otherwise, and 'AI Services' is kept whole in the other
    old = "# Languages\n\n## AI Services\n\nA table.\n\n## AI service endpoints\n\nAnother table.\n"
    new = "# Languages\n\n## AI Services Modalities\n\nA table.\n\n## AI Service Connectors\n\nAnother.\n"
    assert _sections(git_repo, old, new) == {
        ("renamed", "AI Services Modalities", "Languages > AI Services"),
        ("renamed", "AI Service Connectors", "Languages > AI service endpoints"),
    }
    # a title is kept only whole: 'Agent' is not kept in 'Agents overview'
    old = "# Guide\n\n## Agent\n\nOne.\n"
    new = "# Guide\n\n## Agents overview\n\nOther words entirely here.\n\n## Agent setup\n\nOne.\n"
    assert ("renamed", "Agent setup", "Guide > Agent") in _sections(git_repo, old, new)


def test_the_one_top_heading_retitled_is_renamed_not_a_whole_page_added(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs a6cec2bd: '# Create a Workflow with Branching Logic' became '# Edges' over a new
    # '## Edge Types': it was "Added the section 'Edges' (2,194 lines)", the whole page
    body = "".join(f"## Step {k}\n\nDo step {k} of the workflow.\n\n" for k in range(30))
    old = f"# Create a Workflow with Branching Logic\n\nIntro.\n\n{body}"
    new = f"# Edges\n\nEdges connect executors.\n\n## Edge Types\n\nDirect and fan-in edges.\n\n{body}"
    fa = _analysed(git_repo, old, new)
    got = {(s.kind, s.title, s.old_path) for s in fa.sections if s.kind != "changed"}
    assert got == {
        ("renamed", "Edges", "Create a Workflow with Branching Logic"),
        ("added", "Edge Types", None),
    }
    assert next(s.size for s in fa.sections if s.kind == "added") == 4
    # two top headings on a side: neither is the page's title, and nothing is paired by guess
    two = f"# Edges\n\nEdges connect executors.\n\n# Appendix\n\nMore.\n\n{body}"
    assert ("renamed", "Edges", "Create a Workflow with Branching Logic") not in _sections(git_repo, old, two)


def test_a_heading_at_another_level_less_its_colon_is_moved(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs d2822459: '#### How-To:' -> '### How-To' was one section removed and another added;
    # at the same level, a title that only lost its colon is renamed, not moved
    body = "\n\nSee the samples.\n\n- one\n- two\n"
    old = (
        "# Agent\n\n## Creating\n\n### 1. By providing the service directly:\n\nText.\n\n#### How-To:" + body
    )
    new = "# Agent\n\n## Creating\n\n### 1. By providing the service directly\n\nText.\n\n### How-To" + body
    assert _sections(git_repo, old, new) == {
        (
            "renamed",
            "1. By providing the service directly",
            "Agent > Creating > 1. By providing the service directly:",
        ),
        ("moved", "How-To", "Agent > Creating > 1. By providing the service directly: > How-To:"),
    }


def test_a_page_s_only_heading_retitled_at_another_level_is_renamed(git_repo: GitRepoFactory) -> None:
    # semantic-kernel-docs c6c8c3ed: '### Get data from plugins for …' -> '# Using plugins for …', the page's only
    # heading: it was one section of 13 lines removed and another added
    text = "\n\nThese functions retrieve data so that an AI can answer.\n\n- a database\n- an API\n"
    old = "### Get data from plugins for Retrieval Augmented Generation (RAG)" + text
    new = "# Using plugins for Retrieval Augmented Generation (RAG)" + text
    assert _sections(git_repo, old, new) == {
        (
            "renamed",
            "Using plugins for Retrieval Augmented Generation (RAG)",
            "Get data from plugins for Retrieval Augmented Generation (RAG)",
        )
    }


def test_patch_front_matter_open_at_the_end_of_the_hunk() -> None:
    """A hunk that starts at line 1 with ``---`` and ends before the closing ``---`` is all front matter."""
    from diffreport.analysis import analyse_patch

    patch = (
        "@@ -1,7 +1,7 @@\n ---\n title: Quickstart\n-titleSuffix: Azure AI services\n"
        "+titleSuffix: Azure AI Foundry\n description: Learn how\n ms.service: azure-ai\n ms.topic: quickstart\n"
        "-ms.date: 08/30/2024\n+ms.date: 09/09/2024"
    )
    fa = analyse_patch("a/quick.md", "modified", patch, 2, 2)
    assert [(c.key, c.old, c.new) for c in fa.front_matter] == [
        ("titleSuffix", "Azure AI services", "Azure AI Foundry"),
        ("ms.date", "08/30/2024", "09/09/2024"),
    ]
    assert fa.metadata_only
    assert fa.values == []


def test_a_yaml_comment_in_patch_front_matter_is_no_heading() -> None:
    """Azure `create-azure-ai-resource.md` (Sept 2024) added `# Customer Intent: As an admin, …` to its front
    matter, above the closing `---`: it read "Added the section 'Customer Intent: As an admin, …' (1 line)"."""
    from diffreport.analysis import analyse_patch

    patch = (
        "@@ -12,6 +12,7 @@ ms.date: 5/21/2024\n ms.reviewer: deeikele\n ms.author: larryfr\n author: Blackmist\n"
        "+# Customer Intent: As an admin, I need to create and manage a hub.\n ---\n \n"
        " # How to create and manage a hub\n"
    )
    fa = analyse_patch("a/hub.md", "modified", patch, 1, 0)
    assert fa.sections == []
    assert fa.metadata_only
    # prose with a heading above a rule is no front matter
    prose = "@@ -12,4 +12,5 @@ Some text.\n More text here.\n+# A heading\n ---\n After.\n"
    fa = analyse_patch("a/page.md", "modified", prose, 1, 0)
    assert [(s.kind, s.title) for s in fa.sections] == [("added", "A heading")]


def test_a_key_commented_out_in_a_patch_of_front_matter_keeps_it_front_matter() -> None:
    """Azure `custom-text-classification/how-to/call-api.md` (Nov 2024) changed `ms.date` in a hunk of front
    matter keys that holds `# ms.devlang: csharp, python`: it read "Changed `12/19/2023` to `11/21/2024`", a
    value of the page, not its date."""
    from diffreport.cli.classify_cmd import change_from_record
    from diffreport.narrate import describe_file

    patch = (
        "@@ -7,7 +7,7 @@ author: jboback\n manager: nitinme\n ms.service: azure-ai-language\n ms.topic: how-to\n"
        "-ms.date: 12/19/2023\n+ms.date: 11/21/2024\n ms.author: jboback\n ms.devlang: csharp\n"
        " # ms.devlang: csharp, python\n"
    )
    record = {"path": "a/call-api.md", "status": "modified", "additions": 1, "deletions": 1, "patch": patch}
    change = change_from_record(record)
    fa = analyse(change)
    assert fa.metadata_only
    assert [(f.key, f.old, f.new) for f in fa.front_matter] == [("ms.date", "12/19/2023", "11/21/2024")]
    explanation = describe_file(change, fa, None, "en")[1]  # type: ignore[arg-type]
    assert explanation == "Updated `ms.date` from December 19, 2023 to November 21, 2024."
    # a heading among them is no key: the hunk is the page's text
    text = patch.replace(" # ms.devlang: csharp, python\n", " # Call the API\n")
    assert not analyse_patch("a/call-api.md", "modified", text, 1, 1).metadata_only


def test_emphasis_dropped_from_words_is_not_a_value(git_repo: GitRepoFactory) -> None:
    """``_Semantic Kernel SDK_`` -> ``Semantic Kernel SDK`` is formatting; the same underscores inside a code
    block are a changed identifier."""
    old = (
        "# Agents\n\nThe _Semantic Kernel SDK_ builds on the _Agent Framework_ for you.\n\n"
        "```python\nresult = kernel._invoke(args)\n```\n"
    )
    new = (
        "# Agents\n\nThe Semantic Kernel SDK builds on the Agent Framework for you.\n\n"
        "```python\nresult = kernel.invoke(args)\n```\n"
    )
    fa = analyse(commit_pair(git_repo, {PATH: old}, {PATH: new})[PATH])
    assert [(v.old, v.new) for v in fa.values] == [("kernel._invoke", "kernel.invoke")]


def test_lines_kept_while_others_are_put_in_before_them_are_no_values(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs b2986b37 put a `using` line in above three kept ones, which git shows removed and
    added again: paired in order, they were "Changed `Azure.Core` to `Azure.AI.OpenAI`, `Azure.Identity` to
    `Azure.Core`, …", a shift, which hid a real change in the lines after them."""
    old = (
        "# Purview\n\n```csharp\n    using Azure.Core;\n    using Azure.Identity;\n    using Microsoft.Agents.AI;\n"
        "    var agent = Build(credential);\n```\n"
    )
    new = (
        "# Purview\n\n```csharp\nusing Azure.AI.OpenAI;\nusing Azure.Core;\nusing Azure.Identity;\n"
        "using Microsoft.Agents.AI;\nvar agent = Build(AzureCliCredential);\n```\n"
    )
    fa = analyse(commit_pair(git_repo, {PATH: old}, {PATH: new})[PATH])
    assert [(v.old, v.new) for v in fa.values] == [("credential", "AzureCliCredential")]


def test_table_rows_that_dropped_a_note_in_brackets_are_the_same_rows() -> None:
    """semantic-kernel-docs 8f87719d: 'Qdrant (Memory)' became 'Qdrant' (and 'ChromaDb (Memory)' became
    'Chroma', another name); a row that keeps its exact name is paired first."""
    patch = (
        "@@ -1,5 +1,5 @@\n"
        "-| Qdrant (Memory) | yes | In review |\n"
        "-| ChromaDb (Memory) | yes | |\n"
        "-| Postgres (Memory) | yes | |\n"
        "-| Postgres | no | |\n"
        "-| Hostile (" + " " * 5_000 + "x) | no | |\n"
        "+| Qdrant | yes | In review |\n"
        "+| Chroma | yes | |\n"
        "+| Postgres | yes | |\n"
        "+| Postgres (Memory) | yes | |\n"
        "+| Hostile | no | |\n"
    )
    fa = analyse_patch("docs/connectors.md", "modified", patch, 5, 5)
    assert sorted((r.kind, r.name) for r in fa.tables) == [
        ("added", "Chroma"),
        ("changed", "Hostile"),
        ("changed", "Postgres"),  # the old "Postgres" row, not "Postgres (Memory)"
        ("changed", "Qdrant"),
        ("removed", "ChromaDb (Memory)"),
    ]
    (postgres,) = [r for r in fa.tables if r.name == "Postgres"]
    assert postgres.old == "| Postgres | no | |"


def test_a_table_row_whose_name_was_corrected_is_the_same_row() -> None:
    """semantic-kernel-docs 69c1dd96 fixed "suppoprt" in a row's first cell: it was a row removed and one
    added. Rows of another name stay apart, and each added row is compared with a few removed rows only."""
    patch = (
        "@@ -1,3 +1,3 @@\n"
        "-| Other endpoints that suppoprt OpenAI APIs | yes | yes |\n"
        "-| Pinecone | yes | no |\n"
        "-| GPT-4 | yes | no |\n"
        "+| Other endpoints that support OpenAI APIs | yes | yes |\n"
        "+| Weaviate | yes | no |\n"
        "+| GPT-5 | yes | no |\n"
    )
    fa = analyse_patch("docs/languages.md", "modified", patch, 3, 3)
    assert sorted((r.kind, r.name) for r in fa.tables) == [
        ("added", "GPT-5"),  # another model, not the same row renamed
        ("added", "Weaviate"),
        ("changed", "Other endpoints that support OpenAI APIs"),
        ("removed", "GPT-4"),
        ("removed", "Pinecone"),
    ]
    many = 3_000
    patch = (
        f"@@ -1,{many} +1,{many} @@\n"
        + "".join(f"-| Old row {k} | x |\n" for k in range(many))
        + "".join(f"+| New name {k} | x |\n" for k in range(many))
    )
    fa = analyse_patch("docs/big.md", "modified", patch, many, many)
    assert fa.tables  # (bounded: 8 comparisons a row; "old row 1" and "new name 1" are not alike)
    assert {r.kind for r in fa.tables} == {"added"}
    fixed = (
        f"@@ -1,{many} +1,{many} @@\n"
        + "".join(f"-| Conector {k} | x |\n" for k in range(many))
        + "".join(f"+| Connector {k} | y |\n" for k in range(many))
    )
    fa = analyse_patch("docs/big.md", "modified", fixed, many, many)
    assert {r.kind for r in fa.tables} == {"changed"}  # every one, however far down the hunk


def test_a_learn_directive_above_a_rule_is_no_heading(git_repo: GitRepoFactory) -> None:
    """``::: zone-end`` then ``---`` is a setext heading to CommonMark, a directive and a rule to Learn
    (semantic-kernel-docs copilot-studio-agent.md): its lines belong to the section above."""
    old = (
        '# Agent\n\n## How-To\n\nSteps.\n\n::: zone pivot="programming-language-java"\n\nNot in Java.\n\n'
        "::: zone-end\n---\n\n**Notes:**\n\n- Streaming is planned.\n"
    )
    new = old.replace("- Streaming is planned.", "- Streaming is planned for a later release.")
    fa = analyse(commit_pair(git_repo, {"docs/agent.md": old}, {"docs/agent.md": new})["docs/agent.md"])
    assert "::: zone-end" not in fa.headings
    assert [(s.kind, s.title) for s in fa.sections] == [("changed", "How-To")]


def test_a_moved_page_that_rewrote_its_relative_targets_for_its_new_folder_changed_no_link(
    git_repo: GitRepoFactory,
) -> None:
    """semantic-kernel-docs 8d663eaf moved pages one folder down and rewrote `../includes/pat_large.md` as
    `../../includes/pat_large.md`: the same file, said to be "Replaced the include 'pat_large.md' …"."""
    body = "".join(f"Plugins let the kernel call code, part {k}.\n" for k in range(20))
    old = (
        "# Plugins\n\n[!INCLUDE [pat_large.md](../includes/pat_large.md)]\n\n"
        + body
        + "\nSee [contributing](../get-started/contributing.md#issues) and [docs](/azure/ai).\n"
        "\n> [Deploy your plugins](../deploy/deploy-to-azure.md)\n"
    )
    new = (
        old.replace("](../", "](../../")
        .replace("../../deploy/deploy-to-azure.md", "../../chat-copilot/index.md")
        .replace("Deploy your plugins", "Learn about Chat Copilot")
    )
    changes = commit_pair(
        git_repo,
        {"docs/orchestration/plugins.md": old},
        {"docs/orchestration/plugins.md": None, "docs/orchestration/plugins/index.md": new},
    )
    fa = analyse(changes["docs/orchestration/plugins/index.md"])
    assert fa.status == "renamed"
    assert fa.includes == []
    assert {(link.kind, link.url) for link in fa.links} == {
        ("added", "../../chat-copilot/index.md"),
        ("removed", "../deploy/deploy-to-azure.md"),
    }


def test_a_moved_page_whose_links_name_the_same_files_replaced_no_value(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 920b7129 moved `agents/agent-pipeline.md` to `concepts/agents/` and wrote
    `./observability.md` as `../../agents/observability.md`: "Changed `observability.md` to
    `agents/observability.md`". A target spelled as it was, or one naming another file, is no such case."""
    body = "".join(f"The pipeline runs step {k}.\n" for k in range(20))
    old = (
        f"# Agent pipeline\n\n{body}\nSee [Middleware](./middleware/index.md) and "
        "[Observability](./observability.md).\n"
        "\n> [Multimodal](./multimodal.md)\n\nUse [Tools](./tools.md) too.\n\n| Feature | Page |\n|---|---|\n"
        "| Function tools | [Function tools](./tools/function-tools.md) |\n"
    )
    new = (
        old.replace("./observability.md", "../../agents/observability.md")
        .replace("./multimodal.md", "../../agents/multimodal.md")
        .replace("./tools.md", "./tooling.md")
        .replace("./tools/function-tools.md", "../../agents/tools/function-tools.md")
    )
    changes = commit_pair(
        git_repo,
        {"docs/agents/agent-pipeline.md": old},
        {"docs/agents/agent-pipeline.md": None, "docs/concepts/agents/agent-pipeline.md": new},
    )
    fa = analyse(changes["docs/concepts/agents/agent-pipeline.md"])
    assert fa.status == "renamed"
    assert [(v.old, v.new) for v in fa.values] == [("tools.md", "tooling.md")]
    assert fa.tables == []  # a row whose link names the same page from the new folder
    # the section's edit is the one line whose link names another page
    assert [(x.kind, x.title, x.lines_added, x.lines_removed) for x in fa.sections] == [
        ("changed", "Agent pipeline", 1, 1)
    ]


def test_a_table_row_renamed_keeps_its_link_or_the_rest_of_its_cells(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 6ee6832f renamed the row `TextSkill` to `TextPlugin`, its description kept: it
    read "Removed the table row `TextSkill`". 0b50e36b renamed rows 'Azure AI Foundry' to 'Microsoft
    Foundry', their link kept: a row removed and one added. Rows of marks alone, or names that differ in a
    number, stay apart; so do rows of which several are alike."""
    from diffreport.models import Classification
    from diffreport.narrate import describe_file

    old = (
        "# Plugins\n\n| Plugin | Purpose | C# | Python |\n|---|---|---|---|\n"
        "| `HttpSkill` | To call APIs | ✅ | ✅ |\n"
        "| `TextSkill` | To deterministically manipulate text strings | ✅ | ✅ |\n"
        "| `TimeSkill` | To acquire the time of day | ✅ | ✅ |\n\n"
        "## Providers\n\n| Provider | A | B |\n|---|---|---|\n"
        "| [Azure AI Foundry](./azure-ai-foundry.md) | ✅ | ✅ |\n| [OpenAI](./openai.md) | ✅ | ✅ |\n\n"
        "## Models\n\n| Model | Use |\n|---|---|\n| GPT-4 | A large model for text generation |\n"
        "| Alpha | ✅ |\n\nEnd.\n"
    )
    new = (
        old.replace("`TextSkill`", "`TextPlugin`")
        .replace("[Azure AI Foundry]", "[Microsoft Foundry]")
        .replace("GPT-4", "GPT-5")
        .replace("| Alpha |", "| Omega |")
    )
    change = commit_pair(git_repo, {"docs/p.md": old}, {"docs/p.md": new})["docs/p.md"]
    facts = analyse(change)
    assert sorted((r.kind, r.old_name, r.name) for r in facts.tables) == [
        ("added", None, "GPT-5"),  # another model
        ("added", None, "Omega"),  # nothing of the row but marks: another row
        ("changed", "Azure AI Foundry", "Microsoft Foundry"),
        ("changed", "TextSkill", "TextPlugin"),
        ("removed", None, "Alpha"),
        ("removed", None, "GPT-4"),
    ]
    for lang, said in (
        ("en", "Renamed the table row `Azure AI Foundry` to `Microsoft Foundry`."),
        ("ja", "表の行名を変更しました（`Azure AI Foundry` → `Microsoft Foundry`）。"),
    ):
        _title, explanation = describe_file(change, facts, Classification(), lang)
        assert said in explanation, explanation
        # the value replaced says the row renamed with it (once: the row is its only place)
        assert explanation.count("TextPlugin") == 1, explanation
    # the rest of the row the same but saying little, a name still much alike: 'Studio' to 'Foundry'
    hubs = "# Hubs\n\n| Resource | Recovery |\n|---|---|\n| Azure AI Studio hub | Unsupported |\n\nEnd.\n"
    renamed = hubs.replace("Studio", "Foundry")
    change = commit_pair(git_repo, {"docs/h.md": hubs}, {"docs/h.md": renamed})["docs/h.md"]
    facts = analyse(change)
    assert [(r.kind, r.old_name, r.name) for r in facts.tables] == [
        ("changed", "Azure AI Studio hub", "Azure AI Foundry hub")
    ]
    # long names cut at words, to where they differ
    long = hubs.replace(
        "Azure AI Studio hub", "AI Studio hub system-assigned managed identity for the workspace"
    )
    change = commit_pair(
        git_repo, {"docs/l.md": long}, {"docs/l.md": long.replace("AI Studio", "Azure AI Hub")}
    )["docs/l.md"]
    _title, explanation = describe_file(change, analyse(change), Classification(), "en")
    assert (
        "Renamed the table row `AI Studio hub system-assigned …` to `Azure AI Hub hub system-assigned …`."
        in explanation
    )
    # a row removed that is one added with the values replaced: the values say both (a810f289)
    skills = (
        "# Core\n\nUse `HttpSkill` to call.\n\n| Plugin | Use |\n|---|---|\n| `HttpSkill` | ✅ |\n\nEnd.\n"
    )
    change = commit_pair(
        git_repo, {"docs/s.md": skills}, {"docs/s.md": skills.replace("HttpSkill", "HttpPlugin")}
    )["docs/s.md"]
    facts = analyse(change)
    assert sorted(r.kind for r in facts.tables) == ["added", "removed"]
    _title, explanation = describe_file(change, facts, Classification(), "en")
    assert explanation == "Changed `HttpSkill` to `HttpPlugin` in 1 place."  # no row removed, no row added
    # two rows with the same cells: which one was renamed is not known
    twins = old.replace("To call APIs", "To deterministically manipulate text strings")
    twin = twins.replace("`TextSkill`", "`Str`").replace("`HttpSkill`", "`Web`")
    facts = analyse(commit_pair(git_repo, {"docs/p.md": twins}, {"docs/p.md": twin})["docs/p.md"])
    assert sorted(r.kind for r in facts.tables) == ["added", "added", "removed", "removed"]
