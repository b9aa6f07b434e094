"""``compare --fail-on``, the CI gate, through the CLI and through the script of ``action.yml``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import GitRepoFactory

from diffreport.cli import main
from diffreport.models import Report

ACTION = Path(__file__).resolve().parents[1] / "action.yml"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def pr_repo(git_repo: GitRepoFactory) -> GitRepoFactory:
    """``main`` with three pages and an image; branch ``feature`` removes a page and the image (which
    ``keep.md`` still shows: a broken image), adds a page and touches another (so ``main...feature``
    holds every kind of change)."""
    r = git_repo
    r.write("docs/old.md", "# Old\n\nA page readers still link to.\n")
    r.write("docs/keep.md", "# Keep\n\nSome text.\n\n![Diagram](media/diagram.png)\n")
    r.write("docs/media/diagram.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
    r.commit("base", "2025-04-16T10:00:00+00:00")
    r.git("checkout", "-q", "-b", "feature")
    r.remove("docs/old.md")
    r.remove("docs/media/diagram.png")
    r.write("docs/new.md", "# New\n\n## Getting started\n\nA new page.\n")
    r.write("docs/keep.md", "# Keep\n\nSome more text.\n\n![Diagram](media/diagram.png)\n")
    r.commit("feature", "2025-04-17T10:00:00+00:00")
    return r


def fail_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("diffreport: fail-on: ")]


def test_a_rule_fails_the_run_after_the_report_is_written(
    pr_repo: GitRepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    code, _, err = run_cli(
        capsys,
        "compare",
        "main...feature",
        "-C",
        str(pr_repo.path),
        "--fail-on",
        "file-removed",
        "-o",
        str(out),
    )
    assert code == 1, err
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert {f.path for f in report.files} == {
        "docs/old.md",
        "docs/media/diagram.png",
        "docs/new.md",
        "docs/keep.md",
    }
    removed = next(f for f in report.files if f.path == "docs/old.md")
    rules = ", ".join(hit.id for hit in removed.rules)
    assert fail_lines(err) == [f"diffreport: fail-on: docs/old.md: {removed.label} (rules: {rules})"]


def test_labels_and_rules_repeat_and_each_offending_file_has_one_line(
    pr_repo: GitRepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    args = ["compare", "main...feature", "-C", str(pr_repo.path), "-o", str(out)]
    code, _, err = run_cli(capsys, *args, "--fail-on", "breaking change", "--fail-on", "New Feature")
    assert code == 1
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    expected = sorted(f.path for f in report.files if f.label in ("breaking change", "new feature"))
    assert expected == ["docs/media/diagram.png", "docs/new.md", "docs/old.md"]
    assert sorted(line.split(": ")[2] for line in fail_lines(err)) == expected

    # nothing in the range has the label: the check passes, the report is still written
    out.unlink()
    code, _, err = run_cli(capsys, *args, "--fail-on", "bug fix", "--fail-on", "retirement-notice")
    assert code == 0, err
    assert fail_lines(err) == []
    assert out.is_file()


@pytest.mark.parametrize(
    ("value", "hint"),
    [("breaking-change", "did you mean 'breaking change'?"), ("file-remove", "did you mean 'file-removed'?")],
)
def test_an_unknown_value_is_refused_in_one_line_before_any_work(
    pr_repo: GitRepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, hint: str
) -> None:
    out = tmp_path / "report.md"
    code, stdout, err = run_cli(
        capsys, "compare", "main...feature", "-C", str(pr_repo.path), "--fail-on", value, "-o", str(out)
    )
    assert code == 2
    assert stdout == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"diffreport: error: --fail-on: unknown label or rule {value!r}")
    assert hint in err
    assert not out.exists()


def test_a_range_without_documentation_changes_passes_the_gate(
    pr_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    pr_repo.write("src/app.py", "print('not docs')\n")
    pr_repo.commit("code only", "2025-04-18T10:00:00+00:00")
    args = ["compare", "HEAD~1..HEAD", "-C", str(pr_repo.path)]
    code, out, err = run_cli(capsys, *args, "--fail-on", "breaking change")
    assert (code, out) == (0, "")
    assert "nothing to check" in err
    code, _, err = run_cli(capsys, *args)  # without the gate an empty range stays an error
    assert code == 1
    assert "no matching changes" in err


# -- action.yml --------------------------------------------------------------------------------
def compare_step() -> dict[str, object]:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "compare")
    assert step["shell"] == "bash"
    step["inputs"] = action["inputs"]
    return step


def run_action(repo: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The Compare step's script run as GitHub runs it (``bash -eo pipefail``), with its env mapping
    filled from the inputs (defaults of action.yml unless given) and ``python`` being this interpreter."""
    step = compare_step()
    defaults = {name: str(spec.get("default", "")) for name, spec in step["inputs"].items()}  # type: ignore[attr-defined]
    values = {**defaults, **inputs}
    env = dict(os.environ)
    for name, expr in step["env"].items():  # type: ignore[attr-defined]
        input_name = expr.removeprefix("${{ inputs.").removesuffix(" }}")
        assert input_name in values, expr
        env[name] = values[input_name]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    outputs = tmp_path / "github_output"
    outputs.write_text("", encoding="utf-8")
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["GITHUB_OUTPUT"] = str(outputs)
    script = tmp_path / "compare.sh"
    script.write_text(str(step["run"]), encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done, outputs


@pytest.mark.parametrize(
    "fail_on",
    ["image-removed, file-removed", "image-removed\nfile-removed\n", " image-removed ,\n file-removed"],
)
def test_action_passes_each_fail_on_item(pr_repo: GitRepoFactory, tmp_path: Path, fail_on: str) -> None:
    done, outputs = run_action(pr_repo.path, tmp_path, range="main...feature", **{"fail-on": fail_on})
    assert done.returncode == 1, done.stderr
    assert sorted(fail_lines(done.stderr)) == [
        "diffreport: fail-on: docs/media/diagram.png: breaking change (rules: image-removed)",
        "diffreport: fail-on: docs/old.md: breaking change (rules: file-removed)",
    ]
    report = pr_repo.path / compare_step()["inputs"]["output"]["default"]  # type: ignore[index]
    html = report.read_text(encoding="utf-8")
    assert html.lower().startswith("<!doctype html>")
    assert "docs/old.md" in html
    assert "docs/new.md" in html
    assert outputs.read_text(encoding="utf-8") == f"report={report.name}\n"


def test_action_passes_when_nothing_matches_and_writes_the_chosen_format(
    pr_repo: GitRepoFactory, tmp_path: Path
) -> None:
    done, outputs = run_action(
        pr_repo.path,
        tmp_path,
        range="main...feature",
        **{"fail-on": "bug fix", "format": "md", "output": "out/report.md", "language": "ja"},
    )
    assert done.returncode == 0, done.stderr
    text = (pr_repo.path / "out/report.md").read_text(encoding="utf-8")
    assert "# ハイライト" in text
    assert outputs.read_text(encoding="utf-8") == "report=out/report.md\n"

    done, _ = run_action(pr_repo.path, tmp_path, range="main...feature", **{"fail-on": "breaking chang"})
    assert done.returncode == 2
    assert "did you mean 'breaking change'?" in done.stderr
