"""``diffreport run`` on odd histories and states: a forced push that dropped the recorded commit, a report
date before the state's, a revert on the same day, a state or journal of the wrong shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from run_helpers import docs_repo, reports, run_cli, state, url, write_config

from diffreport.models import Report

JSON_OUT = "output/posts/%Y%m/report-%Y%m%d-{category}.json"


def load(site: Path) -> dict[str, Report]:
    return {name: Report.model_validate_json(text) for name, text in reports(site).items()}


def test_force_push_that_removed_the_recorded_commit_loses_no_new_commit(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")  # 2025-04-17
    root = repo.git("rev-parse", "HEAD").strip()
    repo.write("articles/search/index.md", "# Search\n\nto be dropped\n")
    repo.commit("dropped later", date="2025-04-18T10:00:00+00:00")
    site = tmp_path / "site"
    cfg = write_config(site, str(repo.path), output=JSON_OUT)  # read in place: no cache keeps old objects
    assert run_cli(cfg, "--date", "2025-04-18").returncode == 0

    repo.git("reset", "-q", "--hard", root)
    repo.write("articles/openai/models.md", "# Models\n\nrewritten, first\n")
    repo.commit("rewritten 1", date="2025-04-19T09:00:00+00:00")
    repo.write("articles/speech/overview.md", "# Speech\n\nrewritten, second\n")
    head = repo.commit("rewritten 2", date="2025-04-19T10:00:00+00:00")
    repo.git("reflog", "expire", "--expire=now", "--all")
    repo.git("gc", "-q", "--prune=now")

    proc = run_cli(cfg, "--date", "2025-04-19")

    assert proc.returncode == 0, proc.stderr
    assert "is no longer in the repository" in proc.stderr
    assert "reporting every commit since 2025-04-18" in proc.stderr
    day = {k: v for k, v in load(site).items() if "20250419" in k}
    # Both new commits are reported (not only the head's own change), from the last commit before that day.
    assert sorted(day) == ["202504/report-20250419-openai.json", "202504/report-20250419-speech.json"]
    assert {(r.base, r.head) for r in day.values()} == {(root, head)}
    assert state(site)["sources"]["docs"]["commit"] == head  # type: ignore[index]


def test_a_date_before_the_states_date_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    assert run_cli(cfg, "--date", "2025-04-18").returncode == 0
    before, saved = reports(site), state(site)
    repo.write("articles/openai/models.md", "# Models\n\nnewer\n")
    repo.commit("newer", date="2025-04-19T10:00:00+00:00")

    proc = run_cli(cfg, "--date", "2025-04-17")

    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "diffreport: error: docs: --date 2025-04-17 is before its last report date 2025-04-18"
    )
    assert "Traceback" not in proc.stderr
    assert reports(site) == before
    assert state(site) == saved
    assert run_cli(cfg, "--date", "2025-04-19").returncode == 0  # a later date still works
    assert "202504/report-20250419-openai.md" in reports(site)


def test_a_revert_on_the_same_day_removes_that_categorys_stale_report(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    root = repo.git("rev-parse", "HEAD").strip()
    repo.write("articles/openai/models.md", "# Models\n\nGPT-4o too.\n")
    repo.write("articles/search/index.md", "# Search\n\nIndexes and vectors.\n")
    repo.commit("openai and search", date="2025-04-18T09:00:00+00:00")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=JSON_OUT)
    assert run_cli(cfg, "--date", "2025-04-18").returncode == 0
    assert sorted(reports(site)) == [
        "202504/report-20250418-openai.json",
        "202504/report-20250418-search.json",
    ]
    repo.write("articles/search/index.md", "# Search\n\nIndexes.\n")  # the search change reverted
    head = repo.commit("revert search", date="2025-04-18T15:00:00+00:00")

    proc = run_cli(cfg, "--date", "2025-04-18")

    assert proc.returncode == 0, proc.stderr
    assert "removed " in proc.stderr
    got = load(site)
    assert sorted(got) == ["202504/report-20250418-openai.json"]  # the day's range has no search change
    report = got["202504/report-20250418-openai.json"]
    assert (report.base, report.head) == (root, head)
    assert [f.path for f in report.files] == ["articles/openai/models.md"]
    again = run_cli(cfg, "--date", "2025-04-18")
    assert "nothing new" in again.stderr
    assert sorted(load(site)) == ["202504/report-20250418-openai.json"]


def test_a_pattern_without_the_day_keeps_the_latest_report_of_every_category(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output="output/posts/{category}.md")
    assert run_cli(cfg, "--date", "2025-04-17").returncode == 0
    before = reports(site)
    repo.write("articles/openai/models.md", "# Models\n\nGPT-4o too.\n")
    repo.commit("openai", date="2025-04-18T10:00:00+00:00")

    proc = run_cli(cfg, "--date", "2025-04-18")

    assert proc.returncode == 0, proc.stderr
    assert "removed" not in proc.stderr
    after = reports(site)
    assert sorted(after) == ["openai.md", "search.md", "speech.md"]
    assert after["openai.md"] != before["openai.md"]
    assert {name: after[name] for name in ("search.md", "speech.md")} == {
        name: before[name] for name in ("search.md", "speech.md")
    }


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("state.json", {"version": 1, "sources": {"docs": "a string"}}, "the entry of source 'docs'"),
        ("state.json", {"version": 1, "sources": {"docs": {"commit": 5}}}, "'commit' of source 'docs'"),
        ("state.json", {"version": 1, "sources": {"docs": {"date": "soon"}}}, "'date' of source 'docs'"),
        ("state.json.pending", {"jobs": [], "state": "a string"}, "its state is damaged: not a JSON object"),
        ("state.json.pending", {"jobs": [{"source": "docs"}], "state": {"sources": {}}}, "not a job"),
    ],
)
def test_a_state_or_journal_of_the_wrong_shape_is_one_line_and_the_state_is_kept(
    tmp_path: Path, name: str, content: object, problem: str
) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    assert run_cli(cfg, "--date", "2025-04-17").returncode == 0
    (site / "output" / name).write_text(json.dumps(content), encoding="utf-8")
    saved = (site / "output" / "state.json").read_bytes()

    proc = run_cli(cfg, "--date", "2025-04-18")

    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert problem in lines[0]
    assert lines[0].endswith("fix or delete it")
    assert (site / "output" / "state.json").read_bytes() == saved
