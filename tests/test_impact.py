"""Repository-aware impact: what the head commit still says about removed or moved paths."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, GitRepoFactory

from diffreport.analysis import impact
from diffreport.vcs import GitRepo
from diffreport.vcs.refs import head_references


def _impacts(repo: GitRepoFactory, base: str, head: str) -> dict[str, impact.Impact]:
    with GitRepo(repo.path) as git:
        changes = list(git.changes(base, head))
        grep, texts = head_references(git.git_dir, head)
        return impact.find(impact.targets_of(changes), grep, texts)


@pytest.fixture
def docs(git_repo: GitRepoFactory) -> GitRepoFactory:
    repo = git_repo
    repo.write("docs/how-to/old-setup.md", "# Old setup\n\nSteps.\n")
    repo.write("docs/how-to/kept.md", "# Kept\n")
    repo.write("docs/media/diagram.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
    repo.write("docs/media/orphan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64, 128)))
    repo.write("docs/includes/note.md", "Shared note.\n")
    repo.write(
        "docs/overview.md",
        "# Overview\n\nSee [the setup](how-to/old-setup.md#install) and [kept](how-to/kept.md).\n\n"
        "![Diagram](media/diagram.png)\n\n[!INCLUDE [note](includes/note.md)]\n",
    )
    repo.write(
        "docs/quickstart.md",
        '# Quickstart\n\n:::image type="content" source="media/diagram.png" alt-text="x":::\n\n'
        "Read <./how-to/old-setup.md?tabs=cli> first: [setup](./how-to/old-setup.md?tabs=cli).\n",
    )
    repo.write(
        "docs/toc.yml",
        "items:\n- name: Setup\n  href: how-to/old-setup.md\n- name: Kept\n  href: how-to/kept.md\n",
    )
    repo.write("docs/other/deep.md", "[up](../how-to/old-setup.md) and [root](~/docs/includes/note.md)\n")
    repo.write(
        "docs/elsewhere.md", "[not it](old-setup.md) [absolute](https://example.com/how-to/old-setup.md)\n"
    )
    repo.git("add", "-A")
    repo.git("commit", "-qm", "base")
    return repo


def test_removed_page_image_and_include_list_what_still_points_at_them(docs: GitRepoFactory) -> None:
    base = docs.git("rev-parse", "HEAD").strip()
    for rel in (
        "docs/how-to/old-setup.md",
        "docs/media/diagram.png",
        "docs/media/orphan.png",
        "docs/includes/note.md",
    ):
        docs.remove(rel)
    docs.git("commit", "-qm", "remove")
    found = _impacts(docs, base, "HEAD")

    page = found["docs/how-to/old-setup.md"]
    assert page.target_kind == "page"
    assert [(r.path, r.kind) for r in page.referrers] == [
        ("docs/other/deep.md", "link"),
        ("docs/overview.md", "link"),
        ("docs/quickstart.md", "link"),
        ("docs/toc.yml", "toc"),
    ]
    assert page.total == 4
    assert page.redirect is None
    # a same-named file in another folder and an absolute URL are not references to it
    assert "docs/elsewhere.md" not in page.referring_files

    image = found["docs/media/diagram.png"]
    assert image.target_kind == "image"
    assert {(r.path, r.kind) for r in image.referrers} == {
        ("docs/overview.md", "image"),
        ("docs/quickstart.md", "image"),
    }
    assert found["docs/media/orphan.png"].total == 0

    include = found["docs/includes/note.md"]
    assert include.target_kind == "include"
    assert {(r.path, r.kind) for r in include.referrers} == {
        ("docs/overview.md", "include"),
        ("docs/other/deep.md", "link"),
    }


def test_moved_page_with_a_redirect_says_where_readers_land(docs: GitRepoFactory) -> None:
    base = docs.git("rev-parse", "HEAD").strip()
    (docs.path / "docs/get-started").mkdir()
    docs.git("mv", "docs/how-to/old-setup.md", "docs/get-started/setup.md")
    docs.write(
        ".openpublishing.redirection.json",
        json.dumps(
            {
                "redirections": [
                    {"source_path": "docs/how-to/old-setup.md", "redirect_url": "/docs/get-started/setup"}
                ]
            }
        ),
    )
    docs.write(
        ".openpublishing.publish.config.json",
        json.dumps(
            {"docsets_to_publish": [{"build_source_folder": "docs", "build_output_subfolder": "product"}]}
        ),
    )
    docs.write("docs/kept-link.md", "[absolute](/product/how-to/old-setup)\n")
    docs.git("add", "-A")
    docs.git("commit", "-qm", "move")
    found = _impacts(docs, base, "HEAD")
    moved = found["docs/how-to/old-setup.md"]
    assert moved.redirect == "/docs/get-started/setup"
    assert "docs/kept-link.md" in moved.referring_files  # site-absolute URL through the docset mapping
    assert "docs/toc.yml" in moved.referring_files


def test_nothing_removed_means_no_search(docs: GitRepoFactory) -> None:
    calls: list[set[str]] = []

    def grep(needles: set[str]) -> list[tuple[str, int, str]]:
        calls.append(needles)
        return []

    assert impact.find([], grep, {}) == {}
    assert calls == []


def test_pathological_lines_are_scanned_in_linear_time() -> None:
    # 100,000 '[' and a 200 KB line: cut at the scan limit, and nothing found, quickly
    assert len(list(impact.references_in("docs/x.md", 'source="' * 50_000))) <= impact.MAX_SCAN_CHARS
    for text in ("[" * 100_000, "a" * 200_000, "[!INCLUDE [" * 20_000):
        assert list(impact.references_in("docs/x.md", text)) == []
    junk = list(impact.references_in("docs/x.md", "](" * 100_000))
    assert len(junk) <= impact.MAX_SCAN_CHARS
    assert all(impact.candidates("docs/x.md", url, [])[0] == "docs/]" for _, url in junk)


def test_candidates_resolve_relative_rooted_and_site_absolute_urls() -> None:
    sets = [("semantic-kernel", "semantic-kernel")]
    assert impact.candidates("a/b/c.md", "../d.md#x", sets) == ["a/d.md"]
    assert impact.candidates("a/b/c.md", "~/x/y.png", sets) == ["x/y.png"]
    assert "semantic-kernel/concepts/agents.md" in impact.candidates(
        "z.md", "/semantic-kernel/concepts/agents", sets
    )
    assert impact.candidates("a/b.md", "https://learn.microsoft.com/x.md", sets) == []
    assert impact.candidates("a/b.md", "../../../outside.md", sets) == []


@pytest.mark.corpus
def test_real_repository_removed_pages_and_their_referrers(tmp_path: Path) -> None:
    bundle = CORPUS / "repos" / "semantic-kernel-docs.bundle"
    if not bundle.is_file():
        pytest.skip("../shared/corpus is not present")
    clone = tmp_path / "sk"
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(clone)], check=True)
    with GitRepo(clone) as git:
        changes = list(git.changes("ca2f2dbef4b1", "33575d4a9676"))
        targets = impact.targets_of(changes)
        grep, texts = head_references(git.git_dir, git.resolve("33575d4a9676"))
        found = impact.find(targets, grep, texts)
        # the root files read through the repository's open blob reader are the same texts
        _, read = head_references(git.git_dir, git.resolve("33575d4a9676"), read_blob=git.blob)
    assert read == texts
    assert ".openpublishing.redirection.json" in texts
    assert set(found) == {t.path for t in targets}
    # the page removed in 2025 that two pages still link to, with its redirect at the head
    generic = found["semantic-kernel/concepts/vector-store-connectors/generic-data-model.md"]
    assert generic.referring_files == [
        "semantic-kernel/concepts/vector-store-connectors/code-samples.md",
        "semantic-kernel/concepts/vector-store-connectors/defining-your-data-model.md",
    ]
    assert generic.redirect == "/semantic-kernel/concepts/vector-store-connectors/dynamic-data-model.md"
    assert found["semantic-kernel/Frameworks/agent/agent-chat.md"].total == 0


def _removed_pages_insight(docs: GitRepoFactory, base: str) -> str:
    from diffreport.pipeline import CompareOptions, compare

    report = compare(CompareOptions(range=f"{base}..HEAD", repo=str(docs.path)))
    (line,) = [x for x in report.insights if x.startswith("Pages removed or moved")]
    return line


def test_pages_moved_all_with_redirects_warn_of_no_others(docs: GitRepoFactory) -> None:
    """semantic-kernel-docs 4544c53a..ca927ec9 moved one page with a redirect and read "1 of them are
    redirected; links to the others stop working unless a redirect is added.": there were no others."""
    base = docs.git("rev-parse", "HEAD").strip()
    docs.git("mv", "docs/how-to/old-setup.md", "docs/how-to/setup.md")
    redirect = {"source_path": "docs/how-to/old-setup.md", "redirect_url": "/docs/how-to/setup"}
    docs.write(".openpublishing.redirection.json", json.dumps({"redirections": [redirect]}))
    docs.git("add", "-A")
    docs.git("commit", "-qm", "move")
    assert _removed_pages_insight(docs, base) == (
        "Pages removed or moved: `docs/how-to/old-setup.md` (now `docs/how-to/setup.md`). "
        "It is redirected: links to its old path keep working."
    )
    # one of two redirected: the other is warned of, in the singular
    docs.git("mv", "docs/how-to/kept.md", "docs/how-to/kept-now.md")
    docs.git("commit", "-qm", "move another")
    assert _removed_pages_insight(docs, base).endswith(
        "1 of them is redirected; links to the others stop working unless a redirect is added."
    )
