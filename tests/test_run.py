"""``diffreport run``: incremental, per-category reports from a file:// URL or a local path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from run_helpers import docs_repo, reports, run_cli, state, url, write_config

from diffreport import schedule
from diffreport.models import Report
from diffreport.settings import load_config

JSON_OUT = "output/posts/%Y%m/report-%Y%m%d-{category}.json"


def run(config: Path, **kwargs: object) -> schedule.RunResult:
    return schedule.run(load_config(config), **kwargs)  # type: ignore[arg-type]


def load_reports(folder: Path) -> dict[str, Report]:
    return {name: Report.model_validate_json(text) for name, text in reports(folder).items()}


def snapshot(folder: Path) -> dict[str, bytes]:
    out = folder / "output"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_first_run_reports_only_the_head_commit(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    first = repo.git("rev-parse", "HEAD").strip()
    repo.write("articles/openai/models.md", "# Models\n\nGPT-4 and GPT-4o are available.\n")
    head = repo.commit("openai models", date="2025-04-18T09:00:00+00:00")
    cfg = write_config(tmp_path / "site", url(repo), output=JSON_OUT)

    result = run(cfg, date=__import__("datetime").date(2025, 4, 19))

    got = load_reports(tmp_path / "site")
    assert list(got) == ["202504/report-20250419-openai.json"]
    report = got["202504/report-20250419-openai.json"]
    assert (report.base, report.head, report.category, report.date) == (first, head, "openai", "2025-04-19")
    assert [f.path for f in report.files] == ["articles/openai/models.md"]
    assert report.title == "Diff Insight Report - openai"
    assert result.written
    assert not result.unmatched
    saved = state(tmp_path / "site")["sources"]["docs"]  # type: ignore[index]
    assert saved["commit"] == head
    assert saved["branch"] == "main"
    assert saved["repo"] == url(repo)


def test_incremental_runs_nothing_new_and_one_category(tmp_path: Path) -> None:
    import datetime as dt

    repo = docs_repo(tmp_path / "repo")
    c1 = repo.git("rev-parse", "HEAD").strip()
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=JSON_OUT)

    first = run(cfg, date=dt.date(2025, 4, 17))
    assert sorted(load_reports(site)) == [
        "202504/report-20250417-openai.json",
        "202504/report-20250417-search.json",
        "202504/report-20250417-speech.json",
    ]
    assert first.unmatched == {"docs": 1}  # articles/misc/other.md

    before = snapshot(site)
    names_before = set(load_reports(site))
    again = run(cfg, date=dt.date(2025, 4, 18))
    assert again.nothing_new
    assert not again.written
    assert snapshot(site) == before  # nothing written, not even the state

    repo.write("articles/search/index.md", "# Search\n\nIndexes and indexers.\n")
    repo.write("articles/search/new-page.md", "# New page\n")
    c2 = repo.commit("search", date="2025-04-18T08:00:00+00:00")
    third = run(cfg, date=dt.date(2025, 4, 18))
    new = sorted(set(load_reports(site)) - names_before)
    assert new == ["202504/report-20250418-search.json"]
    report = load_reports(site)["202504/report-20250418-search.json"]
    assert (report.base, report.head) == (c1, c2)
    assert sorted(f.path for f in report.files) == ["articles/search/index.md", "articles/search/new-page.md"]
    assert [p.name for p in third.written] == ["report-20250418-search.json"]
    assert state(site)["sources"]["docs"]["commit"] == c2  # type: ignore[index]


def test_a_run_with_nothing_new_asks_git_for_the_fetch_and_the_head_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from diffreport.vcs import _cmd

    repo = docs_repo(tmp_path / "repo")
    cfg = write_config(tmp_path / "site", url(repo), output=JSON_OUT)
    run(cfg, date=dt.date(2025, 4, 17))
    commands: list[str] = []
    start = _cmd._start

    def logged(cwd: object, args: list[str], *rest: object, **kwargs: object) -> object:
        commands.append(next(a for a in args if not a.startswith("-") and "=" not in a))
        return start(cwd, args, *rest, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_cmd, "_start", logged)
    assert run(cfg, date=dt.date(2025, 4, 18)).nothing_new
    assert commands == ["fetch", "rev-parse", "rev-parse"]  # fetch, open the clone, resolve the branch


def test_second_run_on_the_same_day_widens_that_days_report(tmp_path: Path) -> None:
    import datetime as dt

    repo = docs_repo(tmp_path / "repo")
    c1 = repo.git("rev-parse", "HEAD").strip()
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=JSON_OUT)
    run(cfg, date=dt.date(2025, 4, 17))
    repo.write("articles/search/index.md", "# Search\n\nv2\n")
    repo.commit("morning", date="2025-04-18T08:00:00+00:00")
    run(cfg, date=dt.date(2025, 4, 18))
    repo.write("articles/search/index.md", "# Search\n\nv3\n")
    repo.write("articles/openai/models.md", "# Models\n\nv3\n")
    c3 = repo.commit("evening", date="2025-04-18T20:00:00+00:00")
    run(cfg, date=dt.date(2025, 4, 18))

    got = load_reports(site)
    day = {k: v for k, v in got.items() if "20250418" in k}
    assert sorted(day) == ["202504/report-20250418-openai.json", "202504/report-20250418-search.json"]
    for report in day.values():  # the day's reports cover the whole day, each change once
        assert (report.base, report.head) == (c1, c3)
        assert len(report.files) == 1


def test_unmatched_files_are_counted_and_caught_by_catch_all(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    plain = write_config(tmp_path / "a", url(repo))
    proc = run_cli(plain, "--date", "2025-04-17")
    assert proc.returncode == 0, proc.stderr
    assert "1 file(s) matched no category (docs: 1)" in proc.stderr
    assert "articles/misc/other.md" in proc.stderr
    assert not any("other" in name for name in reports(tmp_path / "a"))

    caught = write_config(tmp_path / "b", url(repo), source_extra='catch_all = "other"')
    proc = run_cli(caught, "--date", "2025-04-17")
    assert proc.returncode == 0, proc.stderr
    assert "matched no category" not in proc.stderr
    other = reports(tmp_path / "b")["202504/report-20250417-other.md"]
    assert "articles/misc/other.md" in other
    assert "articles/openai/models.md" not in other


def test_since_on_a_first_run(tmp_path: Path) -> None:
    import datetime as dt

    repo = docs_repo(tmp_path / "repo")
    c1 = repo.git("rev-parse", "HEAD").strip()
    repo.write("articles/openai/models.md", "# Models\n\nday 2\n")
    repo.commit("d2", date="2025-04-18T10:00:00+00:00")
    repo.write("articles/speech/overview.md", "# Speech\n\nday 3\n")
    c3 = repo.commit("d3", date="2025-04-19T10:00:00+00:00")
    site = tmp_path / "site"
    run(write_config(site, url(repo), output=JSON_OUT), date=dt.date(2025, 4, 19), since=dt.date(2025, 4, 18))
    got = load_reports(site)
    assert sorted(got) == ["202504/report-20250419-openai.json", "202504/report-20250419-speech.json"]
    assert {(r.base, r.head) for r in got.values()} == {(c1, c3)}


def test_local_path_source_is_read_in_place(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, "../repo", categories={})  # relative to the config file
    proc = run_cli(cfg, "--date", "2025-04-17")
    assert proc.returncode == 0, proc.stderr
    assert list(reports(site)) == ["202504/report-20250417-docs.md"]  # no categories: one report
    assert not (site / "cache").exists()
    assert "Diff Insight Report - docs" in reports(site)["202504/report-20250417-docs.md"]
    repo.write("articles/misc/other.md", "# Other\n\nmore\n")
    repo.commit("more", date="2025-04-18T10:00:00+00:00")
    assert run_cli(cfg, "--date", "2025-04-18").returncode == 0
    assert "202504/report-20250418-docs.md" in reports(site)


def test_url_source_is_a_bare_cache_clone_fetched_later(tmp_path: Path) -> None:
    import datetime as dt

    repo = docs_repo(tmp_path / "repo")
    repo.write(".gitattributes", "*.md filter=evil\n")
    repo.commit("attributes", date="2025-04-17T11:00:00+00:00")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    run(cfg, date=dt.date(2025, 4, 17))
    (clone,) = [p for p in (site / "cache").iterdir() if p.suffix == ".git"]
    assert (clone / "HEAD").is_file()
    assert not (clone / "articles").exists()
    repo.write("articles/speech/overview.md", "# Speech\n\nnew\n")
    head = repo.commit("speech", date="2025-04-18T10:00:00+00:00")
    result = run(cfg, date=dt.date(2025, 4, 18))
    assert [p.name for p in result.written] == ["report-20250418-speech.md"]
    assert state(site)["sources"]["docs"]["commit"] == head  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--until", "2025-04-18"], "--until needs --backfill"),
        (["--backfill"], "--backfill needs --since DATE"),
        (["--date", "18/04/2025"], "--date must be YYYY-MM-DD"),
        (
            ["--backfill", "--since", "2025-04-18", "--until", "2025-04-01"],
            "--until must not be before --since",
        ),
    ],
)
def test_bad_usage_exits_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    repo = docs_repo(tmp_path / "repo")
    proc = run_cli(write_config(tmp_path / "site", url(repo)), *args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"diffreport: error: {message}")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "site" / "output" / "posts").exists()


def test_unreachable_repository_fails_with_exit_1(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "site", (tmp_path / "missing").as_uri())
    proc = run_cli(cfg)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("diffreport: error: ")
    assert not (tmp_path / "site" / "output" / "state.json").exists()


def test_state_file_is_json_per_source(tmp_path: Path) -> None:
    import datetime as dt

    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    run(write_config(site, url(repo)), date=dt.date(2025, 4, 17))
    data = json.loads((site / "output" / "state.json").read_text())
    assert data["version"] == 1
    assert set(data["sources"]["docs"]) == {"repo", "branch", "commit", "date", "day_base"}
    assert not (site / "output" / "state.json.pending").exists()


def test_every_report_goes_through_the_hook_before_rendering(tmp_path: Path) -> None:
    import datetime as dt

    from diffreport.settings import Config, SourceSettings

    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    seen: list[str | None] = []

    def hook(report: Report, source: SourceSettings, config: Config) -> Report:
        seen.append(report.category)
        return report.model_copy(update={"title": f"Rewritten {report.category} ({source.name})"})

    run(write_config(site, url(repo)), date=dt.date(2025, 4, 17), hook=hook)
    assert seen == ["openai", "search", "speech"]  # config order
    assert "title: Rewritten search (docs)" in reports(site)["202504/report-20250417-search.md"]


def test_credentials_in_the_url_never_reach_the_output(tmp_path: Path) -> None:
    site = tmp_path / "site"
    cfg = write_config(site, "http://user:s3cret-token@127.0.0.1:9/docs.git")
    proc = run_cli(cfg)
    assert proc.returncode == 1
    assert "s3cret" not in proc.stderr
    assert "diffreport: error: cannot fetch 'main' from http://127.0.0.1:9/docs.git" in proc.stderr
    assert not (site / "output" / "state.json").exists()


def test_two_sources_each_with_its_state(tmp_path: Path) -> None:
    import datetime as dt

    first = docs_repo(tmp_path / "first")
    second = docs_repo(tmp_path / "second")
    site = tmp_path / "site"
    site.mkdir()
    cfg = site / "diffreport.toml"
    cfg.write_text(
        '[report]\noutput = "output/posts/{source}/%Y%m%d-{category}.md"\nstate = "output/state.json"\n'
        'cache = "cache"\n'
        f'[[sources]]\nname = "one"\nrepo = "{url(first)}"\n[sources.categories]\nopenai = ["articles/openai"]\n'
        f'[[sources]]\nname = "two"\nrepo = "{url(second)}"\n[sources.categories]\nopenai = ["articles/openai"]\n',
        encoding="utf-8",
    )
    run(cfg, date=dt.date(2025, 4, 17))
    assert sorted(reports(site)) == ["one/20250417-openai.md", "two/20250417-openai.md"]
    second.write("articles/openai/models.md", "# Models\n\nchanged in two\n")
    head = second.commit("two only", date="2025-04-18T10:00:00+00:00")
    result = run(cfg, date=dt.date(2025, 4, 18))
    assert [p.relative_to(site / "output" / "posts").as_posix() for p in result.written] == [
        "two/20250418-openai.md"
    ]
    saved = state(site)["sources"]  # type: ignore[index]
    assert saved["two"]["commit"] == head  # type: ignore[index]
    assert saved["one"]["commit"] == first.git("rev-parse", "HEAD").strip()  # type: ignore[index]


def test_a_held_lock_makes_the_second_run_give_up(tmp_path: Path) -> None:
    import datetime as dt

    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    config = load_config(write_config(site, url(repo)))
    with schedule.run_lock(site / "output" / "state.json.lock", wait=0):
        with pytest.raises(schedule.RunLockedError, match="another diffreport run is using"):
            schedule.run(config, date=dt.date(2025, 4, 17), lock_wait=0.3)
    assert not reports(site)
    assert schedule.run(config, date=dt.date(2025, 4, 17)).written  # free again


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("state.json", "{not json", "cannot read the state file"),
        ("state.json", '["a list"]', "is not a diffreport state file"),
        ("state.json.pending", "{}", "cannot read the journal"),
    ],
)
def test_damaged_state_or_journal_fails_with_one_line(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    (site / "output").mkdir(parents=True)
    (site / "output" / name).write_text(content, encoding="utf-8")
    proc = run_cli(cfg)
    assert proc.returncode == 1
    assert message in proc.stderr.strip().splitlines()[-1]
    assert "Traceback" not in proc.stderr
    assert not reports(site)


def test_a_rewritten_branch_is_reported_from_the_last_processed_commit(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    first = repo.git("rev-parse", "HEAD").strip()
    repo.write("articles/search/index.md", "# Search\n\ndropped later\n")
    dropped = repo.commit("to be dropped", date="2025-04-18T10:00:00+00:00")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=JSON_OUT)
    assert run_cli(cfg, "--date", "2025-04-18").returncode == 0
    repo.git("reset", "-q", "--hard", first)
    repo.write("articles/openai/models.md", "# Models\n\nrewritten history\n")
    head = repo.commit("force-pushed", date="2025-04-19T10:00:00+00:00")
    proc = run_cli(cfg, "--date", "2025-04-19")
    assert proc.returncode == 0, proc.stderr
    assert "branch rewritten" in proc.stderr
    day = {k: v for k, v in load_reports(site).items() if "20250419" in k}
    assert sorted(day) == ["202504/report-20250419-openai.json", "202504/report-20250419-search.json"]
    assert {(r.base, r.head) for r in day.values()} == {(dropped, head)}


def test_new_commits_without_documentation_changes_only_move_the_state(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    assert run_cli(cfg, "--date", "2025-04-17").returncode == 0
    before = reports(site)
    repo.write("tools/build.py", "print('hello')\n")
    head = repo.commit("code only", date="2025-04-18T10:00:00+00:00")
    proc = run_cli(cfg, "--date", "2025-04-18")
    assert proc.returncode == 0, proc.stderr
    assert "no documentation changes to report; state updated" in proc.stderr
    assert reports(site) == before
    assert state(site)["sources"]["docs"]["commit"] == head  # type: ignore[index]
