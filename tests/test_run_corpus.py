"""``diffreport run --backfill`` over two months of a real docs repository (shared corpus)."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest
from run_helpers import reports, run_cli, state, write_config

from diffreport.models import Report

pytestmark = pytest.mark.corpus

PREFIXES = ("agent-framework/", "semantic-kernel/concepts/", "semantic-kernel/Frameworks/")
CATEGORIES = {
    "agents": ["agent-framework"],
    "concepts": ["semantic-kernel/concepts"],
    "frameworks": ["semantic-kernel/Frameworks"],
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def test_backfill_of_a_real_repository_reports_every_file_once(tmp_path: Path, corpus: Path) -> None:
    bundle = corpus / "repos" / "semantic-kernel-docs.bundle"
    if not bundle.is_file():
        pytest.skip(f"{bundle} not found")
    mirror = tmp_path / "sk.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(mirror)], check=True)
    site = tmp_path / "site"
    cfg = write_config(
        site,
        mirror.as_uri(),
        categories=CATEGORIES,
        output="output/posts/%Y%m/report-%Y%m%d-{category}.json",
        timezone="Asia/Tokyo",
        source_extra='include = ["**/*.md", "**/*.yml"]',
    )
    proc = run_cli(cfg, "--backfill", "--since", "2026-07-01", "--until", "2026-08-31")
    assert proc.returncode == 0, proc.stderr
    got = [Report.model_validate_json(text) for text in reports(site).values()]
    assert got

    by_range: dict[tuple[str, str, str], list[Report]] = {}
    for report in got:
        by_range.setdefault((report.date, report.base, report.head), []).append(report)
    assert len({date for date, _, _ in by_range}) == len(by_range)  # one range per day

    unmatched = 0
    for (_, base, head), day in by_range.items():
        expected = set(
            git(mirror, "diff", "--name-only", "-M", base, head, "--", "*.md", "*.yml").split("\n")
        ) - {""}
        listed = Counter(f.path for report in day for f in report.files)
        assert all(n == 1 for n in listed.values())  # no file in two categories
        assert set(listed) <= expected
        # a page deleted and re-added rewritten is one move: its old path is reported with the new one
        covered = set(listed) | {f.old_path for report in day for f in report.files if f.old_path}
        for report in day:
            rules = CATEGORIES[report.category or ""]
            assert all(any(f.path.startswith(p + "/") for p in rules) for f in report.files)
        unmatched += len(expected - covered)
        assert not [p for p in expected - covered if p.startswith(PREFIXES)]  # unmatched really match none
    if unmatched:
        assert f"{unmatched} file(s) matched no category" in proc.stderr
    assert state(site)["sources"]["docs"]["commit"] == max(by_range)[2]  # type: ignore[index]
