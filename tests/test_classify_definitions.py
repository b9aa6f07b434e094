"""Rules written from the label definitions: code-sample corrections, dated retirements, tabs removed,
and what the repository-impact pass lets rules and narration say about removed or moved files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from analysis_helpers import commit_pair
from conftest import GitRepoFactory

from diffreport.analysis import analyse
from diffreport.classify import classify
from diffreport.classify.dates import notice_dates
from diffreport.pipeline import CompareOptions, compare
from diffreport.settings import ClassifierSettings

PAGE = "docs/quickstart.md"
SAMPLE = (
    "# Quickstart\n\nInstall the packages, then run the sample.\n\n"
    "```python\nfrom openai import AzureOpenAI\nclient = AzureOpenAI()\n"
    "reply = client.chat.completions.create(model='gpt-4o')\nprint(reply)\n```\n\n"
    "```bash\npip install openai==1.2.3\n```\n"
)


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in result.rules]


def _label(repo: GitRepoFactory, old: str, new: str, **kwargs: object):  # type: ignore[no-untyped-def]
    change = commit_pair(repo, {PAGE: old}, {PAGE: new})[PAGE]
    return classify(change, analyse(change), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "fires"),
    [
        ("chat.completions.create", "chat.ompletions.create", True),  # a misspelt member (either way)
        ("print(reply)", "print(reply);;", True),
        ("openai==1.2.3", "openai==1.4.0", False),  # a version bump is a minor update
        ("Install the packages", "Install both packages", False),  # prose changed
    ],
)
def test_code_sample_correction_is_a_bug_fix(
    git_repo: GitRepoFactory, old: str, new: str, fires: bool
) -> None:
    result = _label(git_repo, SAMPLE, SAMPLE.replace(old, new))
    assert ("code-sample-fixed" in ids(result)) is fires
    assert (result.label == "bug fix") is fires


_LONG_SAMPLES = (
    "# Middleware\n\nRegister the middleware on the agent.\n\n```csharp\nvar agent = original\n"
    + "".join(f"    .With{i}()\n" for i in range(6))
    + "        .Use(CustomMiddleware)\n"
    + "".join(f"    .With{i}()\n" for i in range(6, 12))
    + "    .Build();\n```\n\nThen run it.\n\n```python\ndef run(agent):\n"
    + "".join(f"    step_{i}(agent)\n" for i in range(6))
    + "    for turn in agent.turns():\n    print(turn)\n"
    + "".join(f"    step_{i}(agent)\n" for i in range(6, 12))
    + "```\n"
)


@pytest.mark.parametrize(
    ("old", "new", "label"),
    [
        # the hunks hold no fence: the blocks are read from the two versions
        ("        .Use(CustomMiddleware)", "    .Use(CustomMiddleware)", "minor update"),  # C#: formatting
        ("    print(turn)", "        print(turn)", "bug fix"),  # Python: the loop's body was outside it
        ("    .With8()", "    .With8(true)", "bug fix"),
    ],
)
def test_a_sample_corrected_deep_inside_its_block_is_a_fix_but_a_reindent_only_in_python(
    git_repo: GitRepoFactory, old: str, new: str, label: str
) -> None:
    new_page = _LONG_SAMPLES.replace(old, new)
    change = commit_pair(git_repo, {PAGE: _LONG_SAMPLES}, {PAGE: new_page})[PAGE]
    assert "```" not in change.patch
    fa = analyse(change)
    assert fa.code_only
    result = classify(change, fa)
    assert result.label == label
    assert ("code-sample-fixed" in ids(result)) is (label == "bug fix")


def test_large_code_rewrite_is_not_a_correction(git_repo: GitRepoFactory) -> None:
    rewritten = SAMPLE.replace("print(reply)\n", "".join(f"print(reply.choices[{i}])\n" for i in range(8)))
    assert "code-sample-fixed" not in ids(_label(git_repo, SAMPLE, rewritten))


def test_notice_dates_are_read_in_the_usual_forms() -> None:
    text = "Retires on 10 January 2025, or March 31, 2026 (2027-05-01, 06/30/2028); see June 2029."
    assert sorted(notice_dates(text)) == [
        dt.date(2025, 1, 10),
        dt.date(2026, 3, 31),
        dt.date(2027, 5, 1),
        dt.date(2028, 6, 30),
    ]
    assert notice_dates("Retires in June 2029.") == [dt.date(2029, 6, 1)]
    assert notice_dates("Retires on February 30, 2025.") == []


RETIRING = "# Models\n\n> [!IMPORTANT]\n> The `m-1` model will be retired on June 30, 2025.\n\nText.\n"


@pytest.mark.parametrize(
    ("report", "fires"),
    [
        (dt.date(2025, 4, 19), True),  # 72 days ahead: soon
        (dt.date(2025, 8, 1), True),  # already past
        (dt.date(2023, 1, 1), False),  # years ahead: news, not a break
        (None, True),  # no report date: every notice counts
    ],
)
def test_retirement_is_weighed_by_its_date(
    git_repo: GitRepoFactory, report: dt.date | None, fires: bool
) -> None:
    result = _label(git_repo, "# Models\n\nText.\n", RETIRING, date=report)
    assert ("retirement-notice" in ids(result)) is fires
    narrow = ClassifierSettings.model_validate({"thresholds": {"retirement_horizon_days": 30}})
    assert "retirement-notice" not in ids(
        _label(git_repo, "# Models\n\nText.\n", RETIRING, settings=narrow, date=dt.date(2025, 4, 19))
    )


def test_a_note_reworded_to_announce_a_deprecation_is_a_notice(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 479747d6 reworded a note to say `BaseHistoryProvider` "remain[s] as deprecated
    aliases": the note was kept, so it was no added alert; it says the deprecation all the same."""
    old = "# Memory\n\n> [!NOTE]\n> Persistence is handled by `BaseHistoryProvider`.\n\nText.\n"
    new = old.replace(
        "by `BaseHistoryProvider`.", "by `HistoryProvider`; `BaseHistoryProvider` remains a deprecated alias."
    )
    result = _label(git_repo, old, new, date=dt.date(2026, 4, 1))
    assert ids(result) == ["retirement-notice"]
    assert result.rules[0].evidence == [
        "reworded NOTE alert: 'Persistence is handled by HistoryProvider; BaseHistoryProvider remains a deprecated "
        "alias.'"
    ]


def test_a_feature_no_longer_maintained_is_a_deprecation_notice(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs said `AgentGroupChat` "is in the experimental stage but no longer maintained" in an
    added note: a deprecation in effect now, which no lifecycle phrase caught."""
    from diffreport.narrate import describe_file

    old = "# Agent collaboration\n\nAgents talk in a group chat.\n"
    new = old.replace(
        "\n\nAgents",
        "\n\n> [!IMPORTANT]\n> This feature is in the experimental stage but no longer maintained.\n\nAgents",
    )
    change = commit_pair(git_repo, {PAGE: old}, {PAGE: new})[PAGE]
    facts = analyse(change)
    result = classify(change, facts, date=dt.date(2025, 6, 1))
    assert result.label == "breaking change"
    assert ids(result) == ["retirement-notice"]
    assert result.rules[0].message == "Retirement or deprecation announced (no longer maintained)."
    assert (
        describe_file(change, facts, result, "en")[0]
        == "'Agent collaboration' now mentions 'no longer maintained'"
    )
    # still maintained, or not maintained here, is no notice
    for said in ("This feature is maintained by the community.", "Pages no longer maintain their own list."):
        assert _label(git_repo, old, old.replace("talk in a group chat.", said)).label != "breaking change"


def test_undated_notice_is_in_effect_now(git_repo: GitRepoFactory) -> None:
    undated = RETIRING.replace(" on June 30, 2025", "")
    assert "retirement-notice" in ids(
        _label(git_repo, "# Models\n\nText.\n", undated, date=dt.date(2025, 1, 1))
    )


def test_a_tab_of_steps_removed_is_breaking(git_repo: GitRepoFactory) -> None:
    steps = "".join(f"1. Step {i}: run `tool {i}`.\n" for i in range(12))
    old = f"# Setup\n\n## [Python](#tab/python)\n\n{steps}\n## [C#](#tab/csharp)\n\n{steps}\n---\n\nDone.\n"
    new = f"# Setup\n\n## [Python](#tab/python)\n\n{steps}\n---\n\nDone.\n"
    result = _label(git_repo, old, new)
    assert result.label == "breaking change"
    hit = next(h for h in result.rules if h.id == "procedure-removed")
    assert hit.message.startswith("Steps removed from the page: tab 'C#'")


@pytest.fixture
def docs(git_repo: GitRepoFactory) -> tuple[GitRepoFactory, str, str]:
    r = git_repo
    r.write("docs/how-to/old-setup.md", "# Old setup\n\nSteps.\n")
    r.write("docs/how-to/redirected.md", "# Redirected\n\nSteps.\n")
    r.write("docs/media/diagram.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
    r.write("docs/media/orphan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64, 128)))
    r.write(
        "docs/overview.md", "# Overview\n\n[Setup](how-to/old-setup.md)\n\n![Diagram](media/diagram.png)\n"
    )
    r.write("docs/quickstart.md", "# Quickstart\n\nSee [setup](how-to/old-setup.md#install).\n")
    r.write("docs/toc.yml", "items:\n- name: Setup\n  href: how-to/old-setup.md\n")
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    for rel in ("docs/how-to/old-setup.md", "docs/how-to/redirected.md", "docs/media/diagram.png"):
        r.remove(rel)
    r.remove("docs/media/orphan.png")
    r.write(
        ".openpublishing.redirection.json",
        json.dumps(
            {"redirections": [{"source_path": "docs/how-to/redirected.md", "redirect_url": "/docs/overview"}]}
        ),
    )
    head = r.commit("remove", "2025-04-17T10:00:00+00:00")
    return r, base, head


@pytest.mark.parametrize("jobs", [1, 2])
def test_compare_attaches_impact_and_rules_use_it(
    docs: tuple[GitRepoFactory, str, str], jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffreport import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)  # jobs=2: the files go to worker processes
    r, base, head = docs
    report = compare(
        CompareOptions(range=f"{base}..{head}", repo=str(r.path), date=dt.date(2025, 4, 19), jobs=jobs)
    )
    files = {f.path: f for f in report.files}

    page = files["docs/how-to/old-setup.md"]
    assert page.analysis is not None
    assert page.analysis.impact is not None
    assert page.analysis.impact.referring_files == ["docs/overview.md", "docs/quickstart.md", "docs/toc.yml"]
    assert page.label == "breaking change"
    removed = next(h for h in page.rules if h.id == "file-removed")
    assert (
        "3 file(s) still link to it (docs/overview.md, docs/quickstart.md, docs/toc.yml)" in removed.message
    )
    assert "no redirect was added" in removed.message
    assert (
        "3 pages still link to `docs/how-to/old-setup.md`: overview.md, quickstart.md, and docs/toc.yml; "
        "no redirect was added." in page.explanation
    )

    redirected = files["docs/how-to/redirected.md"]
    assert (
        "redirected to /docs/overview" in next(h for h in redirected.rules if h.id == "file-removed").message
    )
    assert (
        "Readers of `docs/how-to/redirected.md` are redirected to `/docs/overview`." in redirected.explanation
    )

    shown = files["docs/media/diagram.png"]
    assert shown.label == "breaking change"
    assert "1 file(s) still show it (docs/overview.md)" in shown.rules[0].message
    orphan = files["docs/media/orphan.png"]
    assert [h.id for h in orphan.rules] == ["unreferenced-removed"]
    assert orphan.label == "minor update"
    assert "No page shows `docs/media/orphan.png` any more." in orphan.explanation

    insights = " ".join(report.insights)
    assert "3 pages still link to `docs/how-to/old-setup.md`" in insights
    assert "1 page still shows `docs/media/diagram.png`: overview.md; no redirect was added." in insights


def test_impact_is_told_in_japanese(docs: tuple[GitRepoFactory, str, str]) -> None:
    r, base, head = docs
    report = compare(CompareOptions(range=f"{base}..{head}", repo=str(r.path), language="ja"))
    page = next(f for f in report.files if f.path == "docs/how-to/old-setup.md")
    assert "3ページがまだ `docs/how-to/old-setup.md` にリンクしています" in page.explanation
    assert "リダイレクトは追加されていません" in page.explanation


def test_moved_page_still_linked_without_redirect_is_breaking(git_repo: GitRepoFactory) -> None:
    r = git_repo
    r.write("docs/a.md", "# A\n\nText of a page long enough to be seen as the same file when moved.\n" * 3)
    r.write("docs/index.md", "# Home\n\n[A](a.md)\n")
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    r.move("docs/a.md", "docs/guides/a.md")
    head = r.commit("move", "2025-04-17T10:00:00+00:00")
    report = compare(CompareOptions(range=f"{base}..{head}", repo=str(r.path)))
    moved = next(f for f in report.files if f.path == "docs/guides/a.md")
    assert moved.label == "breaking change"
    assert "moved-still-referenced" in [h.id for h in moved.rules]
    assert "1 page still links to `docs/a.md`: docs/index.md; no redirect was added." in moved.explanation


def test_run_builds_groups_with_the_impact_of_the_whole_range(docs: tuple[GitRepoFactory, str, str]) -> None:
    """A category's removed page is told what another category's pages still say about it."""
    from diffreport.pipeline import build_groups
    from diffreport.spool import FileSpool

    r, base, head = docs
    spool = FileSpool()
    groups = build_groups(
        r.path,
        base,
        head,
        lambda changes: {"how-to": [c for c in changes if "/how-to/" in c.path]},
        spool,
        date=dt.date(2025, 4, 19),
    )
    built = next(b for b in groups["how-to"] if b.light.path == "docs/how-to/old-setup.md")
    page = spool.file(built.slot)
    assert page.analysis is not None
    assert page.analysis.impact is not None
    assert page.analysis.impact.total == 3


def test_pages_that_still_link_are_told_apart(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 213ef01e said "3 pages still link to …: index.md, index.md, and index.md"."""
    r = git_repo
    r.write("docs/plugins/chaining.md", "# Chaining\n\nSteps.\n")
    for folder in ("agents", "plugins", "prompts/templates"):
        r.write(f"docs/{folder}/index.md", f"# {folder}\n\n[Chaining](/docs/plugins/chaining.md)\n")
    r.write("docs/overview.md", "# Overview\n\n[Chaining](plugins/chaining.md)\n")
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    r.remove("docs/plugins/chaining.md")
    head = r.commit("remove", "2025-04-17T10:00:00+00:00")
    report = compare(CompareOptions(range=f"{base}..{head}", repo=str(r.path), date=dt.date(2025, 4, 19)))
    (page,) = report.files
    assert (
        "4 pages still link to `docs/plugins/chaining.md`: agents/index.md, overview.md, plugins/index.md, "
        "and templates/index.md; no redirect was added." in page.explanation
    )


def test_a_table_of_contents_removed_is_said_as_one(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 213ef01e: a nested TOC.yml removed was "Removed the file (6 lines) … no redirect
    was added", and breaking even when no TOC pointed to it any more."""
    r = git_repo
    toc = "- name: Run native code\n  href: native.md\n- name: Call nested functions\n  href: nested.md\n"
    r.write("docs/plugins/native/TOC.yml", toc)
    r.write("docs/plugins/chaining/TOC.yml", toc.replace("native", "chain"))
    r.write(
        "docs/plugins/TOC.yml",
        "- name: Native\n  href: native/TOC.yml\n- name: Chaining\n  href: chaining/TOC.yml\n",
    )
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    r.remove("docs/plugins/native/TOC.yml")
    r.remove("docs/plugins/chaining/TOC.yml")
    r.write("docs/plugins/TOC.yml", "- name: Native\n  href: native/TOC.yml\n")
    head = r.commit("remove", "2025-04-17T10:00:00+00:00")
    for lang in ("en", "ja"):
        report = compare(
            CompareOptions(
                range=f"{base}..{head}", repo=str(r.path), date=dt.date(2025, 4, 19), language=lang
            )
        )
        files = {f.path: f for f in report.files}
        still, orphan = files["docs/plugins/native/TOC.yml"], files["docs/plugins/chaining/TOC.yml"]
        assert (still.label, orphan.label) == ("breaking change", "minor update")
        assert [h.id for h in orphan.rules] == ["unreferenced-removed"]
        if lang == "en":
            assert still.title == "Removed table of contents TOC.yml"
            assert still.explanation == (
                "Removed the table of contents with 2 entries: 'Run native code' and 'Call nested functions'. "
                "1 table of contents still points to `docs/plugins/native/TOC.yml`: plugins/TOC.yml."
            )
            assert orphan.explanation.endswith(
                "No table of contents points to `docs/plugins/chaining/TOC.yml` any more."
            )
            assert orphan.rules[0].message == "Removed a table of contents that nothing refers to any more."
        else:
            assert still.title == "目次 TOC.yml を削除"
            assert "1件の目次がまだ `docs/plugins/native/TOC.yml` を参照しています: plugins/TOC.yml。" in (
                still.explanation
            )


def test_general_availability_said_late_in_a_long_line_is_found(git_repo: GitRepoFactory) -> None:
    """semantic-kernel-docs 469f971e: "… Microsoft Foundry Hosted Agents is generally available." ended a
    300-character line, past the 200 characters kept of it, so the announcement was never read."""
    intro = (
        "Hosted agents in Microsoft Foundry Agent Service let you deploy Agent Framework agents as containerized "
        "applications to Microsoft-managed infrastructure. The platform handles scaling, session state "
        "persistence, security, and lifecycle management so you can focus on your agent's logic."
    )
    old = f"# Foundry Hosted Agents\n\n{intro}\n\n> [!NOTE]\n> Foundry hosted agents are currently in preview.\n"
    new = f"# Foundry Hosted Agents\n\n{intro} Microsoft Foundry Hosted Agents is generally available.\n"
    result = _label(git_repo, old, new)
    assert result.label == "new feature"
    assert [h.id for h in result.rules] == ["generally-available"]
    facts = analyse(commit_pair(git_repo, {"docs/b.md": old}, {"docs/b.md": new})["docs/b.md"])
    ga = next(p for p in facts.phrases if p.phrase == "generally available")
    assert ga.text.startswith("…")
    assert ga.text.endswith("Hosted Agents is generally available.")
    assert len(ga.text) <= 200
