"""``diffreport run --backfill``: one report per day and category, days cut in the configured time zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import GitRepoFactory
from run_helpers import docs_repo, reports, run_cli, state, url, write_config

from diffreport.models import Report

JSON_OUT = "output/posts/%Y%m/report-%Y%m%d-{category}.json"


def history(path: Path) -> tuple[GitRepoFactory, dict[str, str]]:
    """Commits around midnight in Tokyo (UTC+9): 14:30Z is the 17th there, 15:30Z already the 18th."""
    repo = docs_repo(path)
    shas = {"c1": repo.git("rev-parse", "HEAD").strip()}  # 2025-04-17T10:00Z, every category
    repo.write("articles/openai/models.md", "# Models\n\nc2\n")
    shas["c2"] = repo.commit("c2", date="2025-04-17T14:30:00+00:00")
    repo.write("articles/search/index.md", "# Search\n\nc3\n")
    shas["c3"] = repo.commit("c3", date="2025-04-17T15:30:00+00:00")
    repo.write("articles/openai/models.md", "# Models\n\nc4\n")
    shas["c4"] = repo.commit("c4", date="2025-04-18T10:00:00+00:00")
    repo.write("articles/speech/overview.md", "# Speech\n\nc5\n")
    shas["c5"] = repo.commit("c5", date="2025-04-20T01:00:00+00:00")
    return repo, shas


def load(folder: Path) -> dict[str, Report]:
    return {name.split("/")[-1]: Report.model_validate_json(text) for name, text in reports(folder).items()}


def ranges(got: dict[str, Report]) -> dict[str, tuple[str, str, str]]:
    return {name: (r.date, r.base, r.head) for name, r in got.items()}


@pytest.mark.parametrize("timezone", ["UTC", "Asia/Tokyo"])
def test_backfill_one_report_per_day_and_category(tmp_path: Path, timezone: str) -> None:
    repo, c = history(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=JSON_OUT, timezone=timezone)
    proc = run_cli(cfg, "--backfill", "--since", "2025-04-17")
    assert proc.returncode == 0, proc.stderr
    got = ranges(load(site))
    empty = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    if timezone == "UTC":  # c1, c2, c3 on the 17th
        day17, day18 = (empty, c["c3"]), (c["c3"], c["c4"])
        expected_18 = {"openai"}
    else:  # c3 (15:30Z) is 00:30 on the 18th in Tokyo
        day17, day18 = (empty, c["c2"]), (c["c2"], c["c4"])
        expected_18 = {"openai", "search"}
    assert {k: v for k, v in got.items() if "20250417" in k} == {
        f"report-20250417-{cat}.json": ("2025-04-17", *day17) for cat in ("openai", "search", "speech")
    }
    assert {k: v for k, v in got.items() if "20250418" in k} == {
        f"report-20250418-{cat}.json": ("2025-04-18", *day18) for cat in expected_18
    }
    assert not [k for k in got if "20250419" in k]  # no commits that day: no report
    assert got["report-20250420-speech.json"] == ("2025-04-20", c["c4"], c["c5"])
    assert len(got) == 3 + len(expected_18) + 1
    assert state(site)["sources"]["docs"]["commit"] == c["c5"]  # type: ignore[index]

    again = run_cli(cfg, "--date", "2025-04-21")
    assert again.returncode == 0
    assert "nothing new" in again.stderr


def test_backfill_until_then_incremental_run_continues(tmp_path: Path) -> None:
    repo, c = history(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=JSON_OUT, timezone="Asia/Tokyo")
    proc = run_cli(cfg, "--backfill", "--since", "2025-04-18", "--until", "2025-04-19")
    assert proc.returncode == 0, proc.stderr
    assert sorted(load(site)) == ["report-20250418-openai.json", "report-20250418-search.json"]
    assert state(site)["sources"]["docs"]["commit"] == c["c4"]  # type: ignore[index]

    proc = run_cli(cfg, "--date", "2025-04-21")
    assert proc.returncode == 0, proc.stderr
    got = load(site)
    assert sorted(got) == [
        "report-20250418-openai.json",
        "report-20250418-search.json",
        "report-20250421-speech.json",
    ]
    assert (got["report-20250421-speech.json"].base, got["report-20250421-speech.json"].head) == (
        c["c4"],
        c["c5"],
    )


def test_backfill_follows_first_parent_history(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    first = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "side")
    repo.write("articles/search/side.md", "# Side\n")
    repo.commit("side work", date="2025-04-19T10:00:00+00:00")  # dated the 19th, merged on the 20th
    repo.git("checkout", "-q", "main")
    dates = {
        "GIT_AUTHOR_DATE": "2025-04-20T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2025-04-20T10:00:00+00:00",
    }
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", env=dates)
    merge = repo.git("rev-parse", "HEAD").strip()
    site = tmp_path / "site"
    cfg = write_config(site, url(repo), output=JSON_OUT)
    assert run_cli(cfg, "--backfill", "--since", "2025-04-18").returncode == 0
    got = load(site)
    assert sorted(got) == ["report-20250420-search.json"]
    report = got["report-20250420-search.json"]
    assert (report.base, report.head) == (first, merge)
    assert [f.path for f in report.files] == ["articles/search/side.md"]


@pytest.mark.parametrize(
    ("output", "clash"),
    [
        # a pattern without the day: every day of the backfill would write each category's one report
        ("output/report-%Y%m-{category}.json", "docs/openai on 2025-04-17 and docs/openai on 2025-04-18"),
        # braces doubled are a literal "{category}": every category would write the same report
        ("output/report-%Y%m%d-{{category}}.json", "docs/openai on 2025-04-17 and docs/search on 2025-04-17"),
    ],
)
def test_reports_that_would_share_a_path_stop_the_run_before_any_range_is_read(
    tmp_path: Path, output: str, clash: str
) -> None:
    from diffreport.errors import UsageError
    from diffreport.schedule import ProgressEvent, run
    from diffreport.settings.loader import load_config

    repo, _ = history(tmp_path / "repo")
    site = tmp_path / "site"
    config = load_config(write_config(site, url(repo), output=output))
    steps: list[str] = []

    def progress(event: ProgressEvent) -> None:
        steps.append(event.step)

    with pytest.raises(UsageError) as raised:
        run(config, since=dt.date(2025, 4, 17), backfill=True, progress=progress)
    message = str(raised.value)
    assert message.startswith(f"report.output: {clash} would both write {site / 'output'}")
    assert "\n" not in message
    assert "build" not in steps  # said before the first range was read, not after all of them
    assert reports(site) == {}
    assert not (site / "output" / "state.json").exists()

    proc = run_cli(write_config(site, url(repo), output=output), "--backfill", "--since", "2025-04-17")
    assert proc.returncode == 2
    *said, last = proc.stderr.strip().splitlines()
    assert last == f"diffreport: error: {message}"
    assert said == ["diffreport: reading docs"]  # no range read


def test_a_backfill_opens_each_repository_once_for_all_its_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backfill reads every day's range through one open repository (one `git rev-parse` and one
    `git cat-file --batch` a source): three days open it as often as one day does."""
    from diffreport.schedule import run
    from diffreport.settings import load_config
    from diffreport.vcs import GitRepo

    repo, _c = history(tmp_path / "repo")
    opened: list[str] = []
    real_init = GitRepo.__init__

    def counting(self: GitRepo, path: str | Path = ".", **kwargs: bool) -> None:
        opened.append(str(path))
        real_init(self, path, **kwargs)

    monkeypatch.setattr(GitRepo, "__init__", counting)
    counts = []
    for name, until in (("one", dt.date(2025, 4, 17)), ("all", None)):
        opened.clear()
        config = load_config(write_config(tmp_path / name, url(repo), output=JSON_OUT))
        result = run(config, backfill=True, since=dt.date(2025, 4, 17), until=until)
        counts.append((len(result.jobs), len(opened)))
    (one_day, opens_one), (days, opens_all) = counts
    assert (one_day, days) == (1, 3)
    assert opens_all == opens_one
