"""Names a reader can tell apart: moves shown from their common folder, distinct Summary Table names,
pages moved and rewritten reported as one move, and compare's date taken from the head commit."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import GitRepoFactory

from diffreport.change import FileChange, Status
from diffreport.cli import main
from diffreport.models import Report
from diffreport.moves import pair_moves
from diffreport.narrate.paths import distinct_names, relative_pair, short_url
from diffreport.vcs import GitRepo


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/microsoft/semantic-kernel/tree/main/samples/skills/SummarizeSkill/Summarize",
        "/rest/api/aiservices/operation-groups?view=rest-aiservices-v4.0%20(2024-11-30)&preserve-view=true",
        "https://learn.microsoft.com/en-us/graph/api/activitiescontainer-post-contentactivities?view=graph-rest-1.0",
        "https://a.example/" + "y" * 150,
        "z" * 300,
    ],
)
def test_a_long_url_keeps_its_start_and_the_page_it_names(url: str) -> None:
    page = url.partition("?")[0].rpartition("/")[2]
    for limit in (40, 80, 120):
        short = short_url(url, limit)
        if len(url) <= limit:
            assert short == url
            continue
        assert len(short) <= limit
        pieces = short.split("…")
        assert url.startswith(pieces[0])
        at = 0
        for piece in pieces:  # what is kept is the URL's own text, in its order
            at = url.index(piece, at) + len(piece)
        if len(page) + 16 <= limit:
            assert page in short, (limit, short)
        else:
            assert url.endswith(pieces[-1])
            assert len(pieces[-1]) >= limit // 3
    assert short_url("https://a.example/b", 80) == "https://a.example/b"


def test_links_that_differ_in_their_page_stay_apart_behind_a_long_query() -> None:
    """semantic-kernel-docs dc85ee5d added links to three Graph API pages with `?view=graph-rest-1.0&tabs=http`:
    two read the same, `https://learn.microsoft.com/en-us/graph/…?view=graph-rest-1.0&tabs=http`."""
    urls = [
        f"https://learn.microsoft.com/en-us/graph/api/{page}?view=graph-rest-1.0&tabs=http"
        for page in (
            "activitiescontainer-post-contentactivities",
            "userdatasecurityandgovernance-processcontent",
        )
    ]
    shorts = [short_url(url, 80) for url in urls]
    assert shorts == [
        "https://…/activitiescontainer-post-contentactivities?view=graph-rest-1.0&tabs=h…",
        "https://…/userdatasecurityandgovernance-processcontent?view=graph-rest-1.0&tabs…",
    ]


def test_a_long_url_keeps_the_page_it_names_whole() -> None:
    # semantic-kernel-docs 06be8b16: one character too long, it was `/azure/architecture/ai-ml/guide/…#concurrent-…`
    url = "/azure/architecture/ai-ml/guide/ai-agent-design-patterns#concurrent-orchestration"
    assert (
        short_url(url, 80) == "/azure/architecture/ai-ml/…/ai-agent-design-patterns#concurrent-orchestration"
    )


def compare_json(capsys: pytest.CaptureFixture[str], *args: str) -> Report:
    code = main(["compare", *args, "--format", "json", "--no-config"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return Report.model_validate_json(out)


def test_relative_pair_drops_only_the_shared_leading_folders() -> None:
    assert relative_pair("af/agents/chat.md", "af/concepts/agents/chat.md") == (
        "agents/chat.md",
        "concepts/agents/chat.md",
    )
    assert relative_pair("docs/a.md", "docs/b.md") == ("a.md", "b.md")
    assert relative_pair("a.md", "sub/a.md") == ("a.md", "sub/a.md")
    assert relative_pair("x/y/a.md", "x/y/z/a.md") == ("a.md", "z/a.md")


def test_distinct_names_use_the_shortest_ending_no_other_file_has() -> None:
    paths = [
        "a/agents/index.md",
        "a/workflows/index.md",
        "b/x/index.md",
        "c/x/index.md",
        "a/solo.md",
        "index.md",
    ]
    names = distinct_names(paths)
    assert names == {
        "a/agents/index.md": "agents/index.md",
        "a/workflows/index.md": "workflows/index.md",
        "b/x/index.md": "b/x/index.md",
        "c/x/index.md": "c/x/index.md",
        "a/solo.md": "solo.md",
        "index.md": "index.md",
    }
    assert len(set(names.values())) == len(paths)


# a rewritten page loses most of its lines: a page whose words were all replaced under the same headings
OLD_WORDS = "Old words\nwritten long ago\nfor the first version"


def _page(title: str, sections: list[str], body: str) -> str:
    parts = [f"---\ntitle: {title}\n---\n\n# {title}\n\n{body}\n"]
    parts += [f"\n## {s}\n\n{body} about {s.lower()}.\n" for s in sections]
    return "".join(parts)


@pytest.fixture
def moves_repo(git_repo: GitRepoFactory) -> tuple[GitRepoFactory, str, str]:
    r = git_repo
    for name in ("chat", "session", "storage"):
        r.write(f"docs/agents/conversations/{name}.md", f"# {name}\n\nAbout {name}.\n")
    r.write("docs/agents/index.md", "# Agents\n\nThe agents.\n")
    r.write("docs/workflows/index.md", "# Workflows\n\nThe workflows.\n")
    sections = ["Create a harness", "Enable compaction", "Customize features", "Loop until done"]
    r.write("docs/agents/harness.md", _page("Agent harness", sections, OLD_WORDS))
    r.write("docs/legacy.md", _page("Legacy", ["One", "Two", "Three"], "Old page"))
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    for name in ("chat", "session", "storage"):
        r.move(f"docs/agents/conversations/{name}.md", f"docs/concepts/agents/conversations/{name}.md")
    r.write("docs/agents/index.md", "# Agents\n\nThe agents, updated.\n")
    r.write("docs/workflows/index.md", "# Workflows\n\nThe workflows, updated.\n")
    r.remove("docs/agents/harness.md")
    rewritten = _page(
        "Agent harness", [*sections[:3], "Architecture", "Samples"], "Entirely new text\n\nwith more\n\nlines"
    )
    r.write("docs/concepts/harness.md", rewritten)
    r.remove("docs/legacy.md")  # two new pages match it equally: nothing is paired
    r.write("docs/new/one.md", _page("Legacy", ["One", "Two", "Three"], "First copy"))
    r.write("docs/new/two.md", _page("Legacy", ["One", "Two", "Three"], "Second copy"))
    head = r.commit("head", "2025-04-17T23:30:00-05:00")
    return r, base, head


def test_moves_read_from_their_common_folder_and_a_rewrite_is_one_move(
    moves_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    r, base, head = moves_repo
    report = compare_json(capsys, f"{base}..{head}", "-C", str(r.path))
    by_path = {f.path: f for f in report.files}
    chat = by_path["docs/concepts/agents/conversations/chat.md"]
    assert chat.title == "Moved agents/conversations/chat.md to concepts/agents/conversations/chat.md"
    # the three files moved together are one bullet naming both folders
    moved = [b for b in report.other_updates + report.breaking_changes if b.startswith("Moved 3 files")]
    assert moved == [
        "Moved 3 files from `agents/conversations/` to `concepts/agents/conversations/`: "
        "`chat.md`, `session.md`, and `storage.md`"
    ]

    harness = by_path["docs/concepts/harness.md"]
    assert harness.status == "renamed"
    assert harness.old_path == "docs/agents/harness.md"
    assert harness.title == "Moved and rewrote agents/harness.md as concepts/harness.md"
    assert "docs/agents/harness.md" not in by_path  # no separate deletion
    assert harness.patch.startswith("@@ ")
    assert "-Old words" in harness.patch
    assert "+Entirely new text" in harness.patch
    assert harness.analysis is not None
    assert {s.title for s in harness.analysis.sections if s.kind == "added"} >= {"Architecture", "Samples"}

    # an ambiguous match stays a deletion and two additions
    assert by_path["docs/legacy.md"].status == "deleted"
    assert by_path["docs/new/one.md"].status == "added"
    assert by_path["docs/new/two.md"].status == "added"

    ja = compare_json(capsys, f"{base}..{head}", "-C", str(r.path), "--lang", "ja")
    ja_harness = next(f for f in ja.files if f.path == "docs/concepts/harness.md")
    assert ja_harness.title == "agents/harness.md を concepts/harness.md に移動して書き直し"


def test_summary_table_names_files_apart(
    moves_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    r, base, head = moves_repo
    code = main(["compare", f"{base}..{head}", "-C", str(r.path), "--no-config"])
    out, err = capsys.readouterr()
    assert code == 0, err
    table = out.split("# Summary Table\n", 1)[1].split("\n\n", 1)[0]
    assert "| [agents/index.md](#" in table
    assert "| [workflows/index.md](#" in table
    assert "| [chat.md](#" in table  # a unique name stays short


def test_highlight_bullets_link_to_their_file_section(
    moves_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    r, base, head = moves_repo
    report = compare_json(capsys, f"{base}..{head}", "-C", str(r.path))
    code = main(["compare", f"{base}..{head}", "-C", str(r.path), "--no-config"])
    out, _ = capsys.readouterr()
    assert code == 0
    harness = next(f for f in report.files if f.path == "docs/concepts/harness.md")
    highlights = out.split("# Insights", 1)[0]
    bullets = [line for line in highlights.splitlines() if line.startswith("- ")]
    linked = [b for b in bullets if "](#item-" in b]
    assert f"- [{harness.title}](#{harness.anchor})" in bullets
    bullet_count = len(report.new_features + report.breaking_changes + report.other_updates)
    assert len(linked) == bullet_count


def test_compare_date_is_the_head_commit_day_in_the_configured_time_zone(
    moves_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r, base, head = moves_repo  # head committed 2025-04-17 23:30 at UTC-5: 2025-04-18 04:30 UTC
    assert compare_json(capsys, f"{base}..{head}", "-C", str(r.path)).date == "2025-04-18"
    config = tmp_path / "diffreport.toml"
    config.write_text('[report]\ntimezone = "America/Chicago"\n', encoding="utf-8")
    code = main(
        ["compare", f"{base}..{head}", "-C", str(r.path), "--format", "json", "--config", str(config)]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["date"] == "2025-04-17"
    report = compare_json(capsys, f"{base}..{head}", "-C", str(r.path), "--date", "2024-01-02")
    assert report.date == "2024-01-02"  # --date wins


@pytest.mark.corpus
def test_a_real_page_moved_and_rewritten_is_one_move(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """semantic-kernel-docs a6cec2bd (2026-02-12) moved tutorial pages into agents/ and grew them: this one kept
    238 of its 246 lines and gained a 322-line example. It was "Moved and rewrote …", read from a similarity
    over the larger side (42%); it is one move that added a section."""
    bundle = corpus / "repos" / "semantic-kernel-docs.bundle"
    if not bundle.is_file():
        pytest.skip(f"{bundle} not found")
    mirror = tmp_path / "skd.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(mirror)], check=True)
    report = compare_json(capsys, "a6cec2bd", "-C", str(mirror), "--include", "*.md")
    by_path = {f.path: f for f in report.files}
    old = "agent-framework/tutorials/agents/function-tools-approvals.md"
    new = "agent-framework/agents/tools/tool-approval.md"
    assert old not in by_path
    move = by_path[new]
    assert (move.status, move.old_path) == ("renamed", old)
    assert (move.additions, move.deletions) == (328, 8)
    assert move.title == "Added section 'Complete example'"
    assert f"Moved from `{old}` to `{new}`." in move.explanation
    assert "rewrote" not in move.explanation
    for f in report.files:  # no move reads "Moved session.md to session.md"
        if (
            f.status == "renamed"
            and f.old_path
            and f.old_path.rsplit("/", 1)[-1] == f.path.rsplit("/", 1)[-1]
        ):
            assert f"{f.path.rsplit('/', 1)[-1]} to {f.path.rsplit('/', 1)[-1]}" not in f.title


def test_a_page_moved_and_rewritten_says_what_still_links_to_its_old_path(
    git_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    r = git_repo
    sections = ["Create a harness", "Enable compaction", "Customize features", "Loop until done"]
    r.write("docs/agents/harness.md", _page("Agent harness", sections, OLD_WORDS))
    r.write("docs/overview.md", "# Overview\n\nSee [the harness](agents/harness.md).\n")
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    r.remove("docs/agents/harness.md")
    rewritten = _page(
        "Agent harness", [*sections[:3], "Architecture", "Samples"], "Entirely new text\n\nwith more\n\nlines"
    )
    r.write("docs/concepts/harness.md", rewritten)
    head = r.commit("head", "2025-04-17T10:00:00+00:00")

    report = compare_json(capsys, f"{base}..{head}", "-C", str(r.path))
    (harness,) = report.files
    assert harness.status == "renamed"
    assert harness.old_path == "docs/agents/harness.md"
    assert harness.title == "Moved and rewrote agents/harness.md as concepts/harness.md"  # paired, not git's
    assert harness.analysis is not None
    assert harness.analysis.impact is not None  # the paired move's old path was searched for
    assert harness.analysis.impact.referring_files == ["docs/overview.md"]
    assert "1 page still links to `docs/agents/harness.md`: overview.md" in harness.explanation
    assert "unless it is redirected" not in harness.explanation  # the impact sentence says it instead


def test_move_pairing_reads_whole_pages_from_their_patches(
    moves_repo: tuple[GitRepoFactory, str, str],
) -> None:
    """A deleted or added page's patch is the whole page: pairing reads no blob unless git cut it short."""
    r, base, head = moves_repo
    with GitRepo(str(r.path)) as git:
        changes = list(git.changes(base, head, include=["*"]))
        read: list[str] = []

        def counting(sha: str) -> bytes:
            read.append(sha)
            return git.blob(sha)

        def paired(found: list[FileChange]) -> dict[str, str | None]:
            return {
                c.path: c.old_path for c in pair_moves(found, git.diff_blobs) if c.status == Status.RENAMED
            }

        whole = paired([c.with_loader(counting) for c in changes])
        assert whole["docs/concepts/harness.md"] == "docs/agents/harness.md"
        assert read == []
        cut = [replace(c, patch_truncated=True).with_loader(counting) for c in changes]
        assert paired(cut) == whole  # the same pairs, read from the blobs
        assert len(read) == sum(
            c.status in (Status.ADDED, Status.DELETED) for c in changes if c.path.endswith(".md")
        )


@pytest.mark.corpus
def test_an_added_page_is_outlined_alike_by_its_analysis_and_from_its_patch(
    corpus: Path, tmp_path: Path
) -> None:
    """Pairing reads an added page's outline from the structure its analysis parsed (no second parse): the
    same as reading the page from its patch, on every page semantic-kernel-docs added in 2025."""
    from diffreport.moves import page_outline
    from diffreport.pipeline import build_file
    from diffreport.vcs import GitRepo
    from diffreport.workers import Recipe, with_blobs

    bundle = corpus / "repos" / "semantic-kernel-docs.bundle"
    if not bundle.is_file():
        pytest.skip(f"{bundle} not found")
    mirror = tmp_path / "skd.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(mirror)], check=True)
    recipe = Recipe(build_file, "en", None, None, outlines=True)
    seen = 0
    with GitRepo(mirror) as repo:
        added = [c for c in repo.changes("ca2f2dbef4b1", "33575d4a9676") if c.status == Status.ADDED]
        for change in with_blobs(added, repo):
            _, outline = recipe.make(change, None)
            assert outline == page_outline(change), change.path
            seen += outline is not None
    assert seen > 200


def test_a_page_moved_that_only_grew_is_no_rewrite(
    git_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page kept whole and tripled in length scores under 50% similarity (kept over the larger side):
    it is moved, with a section added, not "moved and rewrote most of it"."""
    r = git_repo
    sections = ["Create a harness", "Enable compaction", "Customize features"]
    page = _page("Agent harness", sections, OLD_WORDS)
    r.write("docs/agents/harness.md", page)
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    r.remove("docs/agents/harness.md")
    example = "".join(f"Step {k} of the complete example.\n\n" for k in range(40))
    r.write("docs/concepts/harness.md", page + f"\n## Complete example\n\n{example}")
    head = r.commit("head", "2025-04-17T10:00:00+00:00")
    (harness,) = compare_json(capsys, f"{base}..{head}", "-C", str(r.path)).files
    assert (harness.status, harness.old_path) == ("renamed", "docs/agents/harness.md")
    assert harness.title == "Added section 'Complete example'"
    assert "Moved from `docs/agents/harness.md` to `docs/concepts/harness.md`" in harness.explanation
    assert "rewrote" not in harness.explanation
