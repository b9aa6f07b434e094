"""The classifier's named rules, their [classifier] settings, and ``diffreport classify --jsonl``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from analysis_helpers import NEW_ARTICLE, OLD_ARTICLE, commit_pair, read_changes
from conftest import GitRepoFactory

from diffreport.analysis import analyse, analyse_patch
from diffreport.classify import check_settings, classify
from diffreport.classify.rules import RULES
from diffreport.cli import main
from diffreport.errors import ConfigError
from diffreport.settings import ClassifierSettings, load_config

PATH = "articles/openai/how-to/reasoning.md"
LONG = "# Guide\n\n" + "".join(f"## Step {i}\n\nDo thing {i} with care.\n\n" for i in range(30))


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in result.rules]


def test_retirement_alert_is_a_breaking_change_with_evidence(git_repo: GitRepoFactory) -> None:
    change = commit_pair(git_repo, {PATH: OLD_ARTICLE}, {PATH: NEW_ARTICLE})[PATH]
    result = classify(change, analyse(change))
    assert result.label == "breaking change"
    hit = next(h for h in result.rules if h.id == "retirement-notice")
    assert hit.level == "warn"
    assert any("IMPORTANT" in e and "retired" in e for e in hit.evidence)
    assert "coming-soon-removed" in ids(result)
    assert "value-replaced" in ids(result)
    replaced = next(h for h in result.rules if h.id == "value-replaced")
    assert replaced.message == "2024-12-01-preview -> 2025-03-01-preview in 3 places."


def test_status_rules(git_repo: GitRepoFactory) -> None:
    changes = commit_pair(
        git_repo,
        {
            "docs/gone.md": OLD_ARTICLE,
            "docs/move.md": NEW_ARTICLE,
            "media/x.png": b"\x89PNG\r\n\x1a\n\x00\x01",
        },
        {"docs/gone.md": None, "docs/new.md": LONG, "media/x.png": None},
    )
    git_repo.move("docs/move.md", "docs/moved/move.md")
    git_repo.commit("move")
    results = {p: classify(c, analyse(c)) for p, c in changes.items()}
    assert results["docs/gone.md"].label == "breaking change"
    assert ids(results["docs/gone.md"]) == ["file-removed"]
    assert results["docs/new.md"].label == "new feature"
    assert ids(results["docs/new.md"]) == ["file-added"]
    assert results["media/x.png"].label == "breaking change"
    assert ids(results["media/x.png"]) == ["image-removed"]


def test_rename_and_large_removal(git_repo: GitRepoFactory) -> None:
    changes = commit_pair(git_repo, {"docs/guide.md": LONG, "docs/a.md": NEW_ARTICLE}, {})
    git_repo.move("docs/a.md", "docs/howto/a.md")
    git_repo.write("docs/guide.md", LONG.split("## Step 10")[0])
    base = git_repo.git("rev-parse", "HEAD").strip()
    head = git_repo.commit("move and cut")
    changes = read_changes(git_repo, base, head)
    moved = classify(changes["docs/howto/a.md"], analyse(changes["docs/howto/a.md"]))
    assert changes["docs/howto/a.md"].status.value == "renamed"
    assert ids(moved) == ["file-renamed"]
    assert moved.label == "minor update"
    assert moved.rules[0].message == "Moved from docs/a.md; the old URL needs a redirect."
    cut = classify(changes["docs/guide.md"], analyse(changes["docs/guide.md"]))
    assert ids(cut) == ["content-removed", "sections-removed"]
    assert cut.label == "breaking change"
    removed = next(h for h in cut.rules if h.id == "sections-removed")
    assert removed.evidence[0] == "removed section 'Guide > Step 10' (4 lines)"


def test_only_links_removed_is_a_minor_update(git_repo: GitRepoFactory) -> None:
    """Feedback links taken out correct nothing readers were told: housekeeping, not a bug fix."""
    old = (
        '# Setup\n\nInstall it.\n\n> [!div class="nextstepaction"]\n'
        "> [I ran into an issue](https://example.com/form?a=1)\n\n## Run\n\nRun it.\n"
    )
    new = "# Setup\n\nInstall it.\n\n\n## Run\n\nRun it.\n"
    change = commit_pair(git_repo, {"docs/setup.md": old}, {"docs/setup.md": new})["docs/setup.md"]
    result = classify(change, analyse(change))
    assert result.label == "minor update"
    assert ids(result) == ["links-removed"]


def test_settings_disable_relabel_and_thresholds(git_repo: GitRepoFactory) -> None:
    change = commit_pair(git_repo, {PATH: OLD_ARTICLE}, {PATH: NEW_ARTICLE})[PATH]
    facts = analyse(change)
    disabled = classify(change, facts, ClassifierSettings(disable=["retirement-notice"]))
    assert "retirement-notice" not in ids(disabled)
    assert disabled.label == "new feature"  # coming-soon-removed is the strongest left
    relabelled = classify(
        change,
        facts,
        ClassifierSettings(labels={"retirement-notice": "minor update", "coming-soon-removed": "bug fix"}),
    )
    assert relabelled.label == "bug fix"
    assert next(h for h in relabelled.rules if h.id == "retirement-notice").label == "minor update"
    few = ClassifierSettings.model_validate({"thresholds": {"repeated_value_count": 4}})
    assert "value-replaced" not in ids(classify(change, facts, few))


def test_config_file_classifier_section(tmp_path: Path) -> None:
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text(
        '[classifier]\ndisable = ["image-removed"]\n[classifier.labels]\n"file-renamed" = "breaking change"\n'
        "[classifier.thresholds]\nremoval_lines = 10\n"
    )
    settings = load_config(cfg).classifier
    assert settings.disable == ["image-removed"]
    assert settings.labels == {"file-renamed": "breaking change"}
    assert settings.thresholds.removal_lines == 10
    cfg.write_text('[classifier]\ndisable = ["image-remove"]\n')
    with pytest.raises(ConfigError, match=r"classifier\.disable\.0: .*did you mean 'image-removed'"):
        check_settings(load_config(cfg))  # rule ids are the classifier's: checked after validation
    cfg.write_text('[classifier.labels]\n"file-renamed" = "major update"\n')
    with pytest.raises(ConfigError, match=r"classifier\.labels\.file-renamed"):
        load_config(cfg)
    cfg.write_text("[classifier.thresholds]\nremoval_line = 3\n")
    with pytest.raises(ConfigError, match="did you mean 'removal_lines'"):
        load_config(cfg)


def test_every_rule_has_a_valid_label_and_doc() -> None:
    for rule in RULES.values():
        assert rule.label.value in {"new feature", "breaking change", "bug fix", "minor update"}
        assert rule.doc
        assert rule.level in {"info", "warn", "error"}


# ---------------------------------------------------------------- classify --jsonl


def jsonl(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


RETIRE_PATCH = (
    "@@ -27,6 +27,9 @@ This is the replacement for the following preview models:\n"
    " \n - Vision enhancements aren't supported.\n \n"
    "+> [!IMPORTANT]\n+> Vision enhancements will be retired and no longer available.\n+\n"
    " ## Next steps\n"
)


def test_classify_jsonl_in_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl(
        tmp_path,
        {
            "path": "b/new.md",
            "status": "added",
            "additions": 3,
            "deletions": 0,
            "patch": "@@ -0,0 +1,3 @@\n+# New\n+\n+Text",
        },
        {"path": "a/gone.png", "status": "deleted", "additions": 0, "deletions": 0, "patch": None},
        {"path": "c/turbo.md", "status": "modified", "additions": 3, "deletions": 0, "patch": RETIRE_PATCH},
        {"path": "d/same.md", "status": "modified", "additions": 1, "deletions": 1, "patch": None},
    )
    assert main(["classify", "--jsonl", str(src)]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["path"] for r in rows] == ["b/new.md", "a/gone.png", "c/turbo.md", "d/same.md"]
    assert [r["label"] for r in rows] == ["new feature", "breaking change", "breaking change", "minor update"]
    assert all(r["title"] for r in rows)
    assert [h["id"] for h in rows[2]["rules"]] == ["retirement-notice"]
    assert rows[3]["rules"] == []
    assert err == ""


def test_classify_jsonl_with_config_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl(
        tmp_path,
        {"path": "c/turbo.md", "status": "modified", "additions": 3, "deletions": 0, "patch": RETIRE_PATCH},
    )
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text('[classifier.labels]\n"retirement-notice" = "minor update"\n')
    out_file = tmp_path / "out" / "labels.jsonl"
    assert (
        main(["classify", "--jsonl", str(src), "--config", str(cfg), "--output", str(out_file), "--analysis"])
        == 0
    )
    row = json.loads(out_file.read_text())
    assert row["label"] == "minor update"
    assert row["analysis"]["alerts"][0]["alert"] == "IMPORTANT"
    capsys.readouterr()


DATED_PATCH = RETIRE_PATCH.replace("no longer available.", "no longer available on June 30, 2025.")


@pytest.mark.parametrize(
    ("args", "label"),
    [
        ([], "breaking change"),  # no report date: every notice counts
        (["--date", "2025-05-01"], "breaking change"),  # 60 days ahead: soon
        (["--date", "2023-01-01"], "minor update"),  # years ahead: news, not a break
    ],
)
def test_classify_jsonl_weighs_dated_notices_by_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], label: str
) -> None:
    src = jsonl(
        tmp_path,
        {"path": "c/turbo.md", "status": "modified", "additions": 3, "deletions": 0, "patch": DATED_PATCH},
    )
    assert main(["classify", "--jsonl", str(src), *args]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["label"] == label
    assert ("retirement-notice" in [h["id"] for h in row["rules"]]) is (label == "breaking change")


def test_classify_jsonl_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl(tmp_path, {"path": "ok.md", "status": "modified", "patch": None})
    assert main(["classify", "--jsonl", str(src), "--date", "30/06/2025"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--date must be YYYY-MM-DD, not '30/06/2025'" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "in.jsonl:2: invalid JSON"),
        ('{"path": "x.md", "status": "gone"}', "in.jsonl:2: 'status' must be one of"),
        ('{"path": "x.md", "status": "modified", "additions": -1}', "in.jsonl:2: 'additions' must be"),
        (
            '{"path": "x.md", "status": "modified", "patch": 3}',
            "in.jsonl:2: 'patch' must be a string or null",
        ),
        ("[1, 2]", "in.jsonl:2: expected a JSON object"),
        ('{"path": "a\\ud800.md", "status": "modified"}', "in.jsonl:2: 'path' holds a lone surrogate"),
        ('{"path": "a.md", "status": "modified", "patch": "+\\udfff"}', "in.jsonl:2: 'patch' holds a lone"),
        (
            '{"path": "a.md", "status": "renamed", "old_path": 5}',
            "in.jsonl:2: 'old_path' must be a non-empty",
        ),
    ],
)
def test_classify_jsonl_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, message: str
) -> None:
    src = jsonl(tmp_path, {"path": "ok.md", "status": "modified", "patch": None}, bad)
    assert main(["classify", "--jsonl", str(src)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_classify_jsonl_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "--jsonl", str(tmp_path / "none.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


# ---------------------------------------------------------------- real corpus lines


def corpus_rows(corpus: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    rows = {}
    with (corpus / "labeled-changes-2024.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            key = (row["report"], row["path"])
            if key in wanted:
                rows[key] = row
    missing = wanted - set(rows)
    if missing:
        pytest.skip(f"corpus lines not found: {sorted(missing)}")
    return rows


def test_corpus_sample_facts(corpus: Path) -> None:
    turbo = ("202411/report-20241106-openai.md", "articles/ai-services/openai/includes/gpt-4-turbo.md")
    rag = ("202411/report-20241105-search.md", "articles/search/search-get-started-rag.md")
    receipt = (
        "202410/report-20241018-misc.md",
        "articles/ai-services/document-intelligence/prebuilt/receipt.md",
    )
    rows = corpus_rows(corpus, {turbo, rag, receipt})

    def facts(key: tuple[str, str]):  # type: ignore[no-untyped-def]
        r = rows[key]
        return analyse_patch(r["path"], r["status"], r["patch"], r["additions"], r["deletions"])

    t = facts(turbo)
    assert [(a.kind, a.alert) for a in t.alerts] == [("added", "IMPORTANT")]
    assert "will be retired" in t.alerts[0].text
    assert classify(None, t).label == "breaking change"

    g = facts(rag)
    assert [(v.old, v.new, v.count) for v in g.values] == [("intall", "install", 2)]

    c = facts(receipt)
    assert ("ms.date", "05/23/2024", "10/16/2024") in {(f.key, f.old, f.new) for f in c.front_matter}
    assert {"receipt.retailMeal", "receipt.hotel"} <= {s.title for s in c.sections if s.kind == "removed"}
    assert "content-removed" in ids(classify(None, c))


@pytest.mark.parametrize(
    ("lines", "fires"),
    [
        (["## Global batch", "", "Global batch is now generally available in all regions."], True),
        (
            ["## Global batch", "", "Features at this stage are stable but not yet generally available."],
            False,
        ),
        # an announcement in old text, with nothing leaving preview: a footnote, not news
        (["Global batch is now generally available in all regions."], False),
    ],
)
def test_generally_available_needs_an_announcement(lines: list[str], fires: bool) -> None:
    added = "".join(f"+{line}\n" for line in lines)
    patch = f"@@ -10,3 +10,{3 + len(lines)} @@ ## What's new\n \n{added} Other news.\n "
    fa = analyse_patch("docs/whats-new.md", "modified", patch, len(lines), 0)
    assert ("appeared", "generally available") in {(p.kind, p.phrase) for p in fa.phrases}
    assert ("generally-available" in ids(classify(None, fa))) is fires


def test_compare_json_carries_rules_and_analysis(
    git_repo: GitRepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit_pair(git_repo, {PATH: OLD_ARTICLE, "docs/old.md": LONG}, {PATH: NEW_ARTICLE, "docs/old.md": None})
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text('[classifier]\ndisable = ["file-removed"]\n')
    out = tmp_path / "report.json"
    assert (
        main(["compare", "HEAD~1..HEAD", "--repo", str(git_repo.path), "-o", str(out), "--config", str(cfg)])
        == 0
    )
    capsys.readouterr()
    files = {f["path"]: f for f in json.loads(out.read_text())["files"]}
    article = files[PATH]
    assert article["label"] == "breaking change"
    assert "retirement-notice" in [r["id"] for r in article["rules"]]
    assert article["analysis"]["values"][0]["new"] == "2025-03-01-preview"
    assert files["docs/old.md"]["rules"] == []  # disabled in the config file
    assert files["docs/old.md"]["label"] == "minor update"
