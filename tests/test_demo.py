"""``diffreport demo``: builds a realistic repository and reports it, with no network and no key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diffreport.cli import main


def test_demo_builds_repository_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--output", str(out)]) == 0
    report = json.loads((out / "report.json").read_text())
    statuses = {f["path"].rsplit("/", 1)[-1]: f["status"] for f in report["files"]}
    assert statuses["reasoning.md"] == "added"
    assert statuses["fine-tuning-v1.md"] == "deleted"
    assert statuses["batch.md"] == "renamed"
    assert statuses["architecture.png"] == "modified"
    assert next(f for f in report["files"] if f["path"].endswith(".png"))["binary"] is True
    assert "# ハイライト" in (out / "report.ja.md").read_text()
    posts = sorted(p.name for p in (out / "posts").rglob("*.md"))
    assert posts == ["report-20250415-contoso.md", "report-20250416-contoso.md", "report-20250417-contoso.md"]
    # a second run rebuilds in place
    assert main(["demo", "--output", str(out)]) == 0


def test_demo_refuses_to_overwrite_a_foreign_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    (out / "repo").mkdir(parents=True)
    (out / "repo" / "precious.txt").write_text("keep me")
    assert main(["demo", "--output", str(out)]) == 1
    assert "not a diffreport demo" in capsys.readouterr().err
    assert (out / "repo" / "precious.txt").read_text() == "keep me"
