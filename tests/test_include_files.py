"""Learn include files added or removed are said as include files, not as articles.

Taken from the labelled Azure changes (2024): `articles/ai-services/openai/includes/realtime-javascript.md`
and a dozen other includes read "New article (278 lines) …", and four whose front matter carries the
placeholder ``title: include file`` read "New article 'include file'". An include is text other pages show:
it has no page of its own, no link to it stops working, and its placeholder title names nothing.
"""

from __future__ import annotations

from analysis_helpers import commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse
from diffreport.models import Classification
from diffreport.narrate import describe_file
from diffreport.pipeline import CompareOptions, compare

INCLUDE = "articles/openai/includes/realtime-javascript.md"
PAGE = "articles/openai/realtime-quickstart.md"

FRONT = "---\nmanager: nitinme\nms.service: azure-ai-openai\nms.topic: include\nms.date: 12/26/2024\n---\n\n"
BODY = (
    "## Prerequisites\n\n- An Azure subscription.\n\n## Set up\n\n1. Create a folder:\n\n"
    "    ```shell\n    mkdir realtime-audio-quickstart\n    ```\n\n## Run the app\n\nRun it.\n"
)


def _described(
    git_repo: GitRepoFactory,
    before: dict[str, str],
    after: dict[str, str | None],
    lang: str,
    path: str = INCLUDE,
) -> tuple[str, str]:
    change = commit_pair(git_repo, before, after)[path]
    return describe_file(change, analyse(change), Classification(), lang)


def test_an_include_added_is_a_new_include_file(git_repo: GitRepoFactory) -> None:
    title, explanation = _described(git_repo, {PAGE: "# Quickstart\n"}, {INCLUDE: FRONT + BODY}, "en")
    assert title == "Added include file realtime-javascript.md"
    assert explanation == (
        "New include file (22 lines) with the sections 'Prerequisites', 'Set up', and 'Run the app'; it has "
        "Bash samples."
    )


def test_an_include_titled_include_file_is_named_by_its_file(git_repo: GitRepoFactory) -> None:
    placeholder = (
        "---\ntitle: include file\ndescription: include file\nms.topic: include\n---\n\nSome text.\n"
    )
    title, explanation = _described(git_repo, {PAGE: "# Quickstart\n"}, {INCLUDE: placeholder}, "en")
    assert (title, explanation) == (
        "Added include file realtime-javascript.md",
        "New include file (7 lines).",
    )
    other = INCLUDE.replace("javascript", "python")
    capital = placeholder.replace("include file", "Include file")
    title, explanation = _described(git_repo, {}, {other: capital}, "ja", other)
    assert (title, explanation) == (
        "インクルードファイル realtime-python.md を追加",
        "新しいインクルードファイルです（7行）。",
    )
    # a title of its own is said
    titled = placeholder.replace("title: include file", "title: Global Batch model availability")
    other = INCLUDE.replace("javascript", "dotnet")
    title, _explanation = _described(git_repo, {}, {other: titled}, "en", other)
    assert title == "New include file 'Global Batch model availability'"


def test_an_include_removed_breaks_no_link_but_the_pages_that_show_it(git_repo: GitRepoFactory) -> None:
    title, explanation = _described(git_repo, {INCLUDE: FRONT + BODY}, {INCLUDE: None}, "en")
    assert title == "Removed include file realtime-javascript.md"
    assert explanation == "Removed the include file (22 lines); pages that still include it lose its text."
    assert "links to" not in explanation


def test_new_material_names_an_include_by_its_file(git_repo: GitRepoFactory) -> None:
    git_repo.write(PAGE, "# Quickstart\n\nIntro.\n")
    git_repo.commit("base", "2025-04-16T10:00:00+00:00")
    git_repo.write(INCLUDE, "---\ntitle: include file\nms.topic: include\n---\n\n## Set up\n\nText.\n")
    git_repo.write("articles/openai/guide.md", "# Guide\n\nRead me.\n")
    git_repo.commit("add", "2025-04-17T10:00:00+00:00")
    report = compare(CompareOptions(range="HEAD~1..HEAD", repo=str(git_repo.path)))
    (new_material,) = [line for line in report.insights if line.startswith("New material to read")]
    assert new_material == (
        "New material to read: the article 'Guide' (`guide.md`) and the include file `realtime-javascript.md`."
    )
