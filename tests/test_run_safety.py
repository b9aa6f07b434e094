"""``diffreport run`` killed while it writes, and two runs at once: every report exactly once.

The run is held or slowed through its progress callback (tests/run_driver.py), then killed.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from run_helpers import (
    docs_repo,
    reports,
    run_cli,
    start_cli_logged,
    start_driver,
    state,
    url,
    wait_for,
    write_config,
)

DAY = "2025-04-17"
DATE = ["--date", DAY]
EXPECTED = [
    "202504/report-20250417-openai.md",
    "202504/report-20250417-search.md",
    "202504/report-20250417-speech.md",
]


def reference(tmp_path: Path, repo_url: str) -> tuple[dict[str, str], dict[str, object]]:
    """What an uninterrupted run writes."""
    site = tmp_path / "reference"
    proc = run_cli(write_config(site, repo_url), *DATE)
    assert proc.returncode == 0, proc.stderr
    assert sorted(reports(site)) == EXPECTED
    return reports(site), state(site)


def leftovers(site: Path) -> list[Path]:
    return [p for p in (site / "output").rglob(".*") if p.is_file()]


@pytest.mark.parametrize("written_before_kill", [0, 1, 2])
def test_killed_while_writing_then_the_next_run_completes_it_once(
    tmp_path: Path, written_before_kill: int
) -> None:
    repo = docs_repo(tmp_path / "repo")
    expected_reports, expected_state = reference(tmp_path, url(repo))
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    journal = site / "output" / "state.json.pending"

    # The run is held for good before its report number `written_before_kill`, and killed there.
    proc = start_driver(cfg, DAY, "--hold-at", str(written_before_kill))
    try:
        wait_for(lambda: journal.exists() and len(reports(site)) >= written_before_kill)
        time.sleep(0.2)  # give a wrongly continuing run the chance to write more (it must not)
    finally:
        proc.kill()
        proc.communicate()
    partial = reports(site)
    assert len(partial) == written_before_kill
    assert all(partial[name] == expected_reports[name] for name in partial)
    assert not (site / "output" / "state.json").exists()  # the state never moves before the outputs

    # The next run happens on another day: the interrupted reports keep their date, and are not duplicated.
    clean = run_cli(cfg, "--date", "2025-04-18")
    assert clean.returncode == 0, clean.stderr
    assert "finished an interrupted run" in clean.stderr
    assert reports(site) == expected_reports
    assert state(site) == expected_state
    assert not journal.exists()
    assert not leftovers(site)

    after = run_cli(cfg, "--date", "2025-04-19")
    assert after.returncode == 0
    assert "nothing new" in after.stderr
    assert reports(site) == expected_reports


def test_killed_at_random_points_never_loses_or_duplicates(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    expected_reports, expected_state = reference(tmp_path, url(repo))
    rng = random.Random(20250417)
    for i in range(4):
        site = tmp_path / f"site{i}"
        cfg = write_config(site, url(repo))
        proc = start_driver(cfg, DAY, "--delay", "0.15")
        time.sleep(rng.uniform(0.0, 1.2))
        proc.kill()
        proc.communicate()
        partial = reports(site)
        assert set(partial) <= set(expected_reports)
        assert all(partial[name] == expected_reports[name] for name in partial)  # no partial report, ever
        started = (site / "output" / "state.json.pending").exists() or (
            site / "output" / "state.json"
        ).exists()
        clean = run_cli(cfg, "--date", "2025-04-20")
        assert clean.returncode == 0, clean.stderr
        if started:  # the killed run had begun to write: its reports, under its date, once
            assert reports(site) == expected_reports
            assert state(site) == expected_state
        else:  # killed before writing anything: the next run reports the same changes under its own date
            assert sorted(reports(site)) == [name.replace("20250417", "20250420") for name in EXPECTED]
        assert not leftovers(site)


@pytest.mark.parametrize("nothing_new", [True, False])
def test_a_state_or_journal_left_half_written_is_cleared(tmp_path: Path, nothing_new: bool) -> None:
    """A run killed inside the write of its state or journal leaves its temporary file: the next run
    removes it, whether it has anything to write or not (the random kills above sometimes land there)."""
    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    if nothing_new:
        assert run_cli(cfg, *DATE).returncode == 0
    out = site / "output"
    out.mkdir(parents=True, exist_ok=True)
    half = [out / ".state.json.e39f7b20.tmp", out / ".state.json.pending.0a1b2c3d.tmp"]
    other = [out / ".state.json.notours.tmp", out / ".notes.json.e39f7b20.tmp"]  # not a state write's
    for path in half + other:
        path.write_text("{", encoding="utf-8")
    proc = run_cli(cfg, *DATE)
    assert proc.returncode == 0, proc.stderr
    assert ("nothing new" in proc.stderr) == nothing_new
    assert sorted(leftovers(site)) == sorted(other)
    assert sorted(reports(site)) == EXPECTED


def test_two_runs_at_once(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    expected_reports, _ = reference(tmp_path, url(repo))
    site = tmp_path / "site"
    cfg = write_config(site, url(repo))
    release = tmp_path / "release"

    # The first run is held, with the lock, before its second report until `release` exists.
    first = start_driver(cfg, DAY, "--hold-at", "1", "--release", str(release))
    try:
        wait_for(lambda: len(reports(site)) == 1)
        impatient = run_cli(cfg, *DATE, "--wait", "0")
        patient_log = tmp_path / "patient.log"
        patient = start_cli_logged(cfg, *DATE, "--wait", "60", stderr=patient_log)
        wait_for(lambda: "waiting up to 60 s for another run" in patient_log.read_text(encoding="utf-8"))
        assert patient.poll() is None
        release.touch()
        _, first_err = first.communicate(timeout=120)
        patient.wait(timeout=120)
    finally:
        first.kill()
    patient_err = patient_log.read_text(encoding="utf-8")

    assert impatient.returncode == 1, impatient.stderr
    assert impatient.stderr.strip().splitlines()[-1].startswith("diffreport: error: another diffreport run")
    assert "wrote" not in impatient.stderr
    assert first.returncode == 0, first_err
    assert first_err.count("wrote ") == 3
    assert patient.returncode == 0, patient_err
    assert "nothing new" in patient_err
    assert "wrote" not in patient_err
    assert reports(site) == expected_reports
