"""Golden reports: real repositories in tmp folders, full reports compared with files checked in.

The expected reports live in ``tests/golden/<case>.<lang>.md`` (the default CommonMark form) and
``tests/golden/<case>.<lang>.pandoc.md`` (the reference's pandoc form) so a reviewer reads them as documents.
After an intended change of the output, rewrite them with::

    DIFFREPORT_UPDATE_GOLDEN=1 pytest tests/test_golden.py

and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import GitRepoFactory
from golden_helpers import GOLDEN, OPENAI_FILES, build_openai_repo, build_tree_repo, reference_patch
from render_helpers import PRESETS, check_report_structure

from diffreport.pipeline import CompareOptions, compare
from diffreport.render import render_markdown

UPDATE = os.environ.get("DIFFREPORT_UPDATE_GOLDEN") == "1"
DATE = dt.date(2025, 4, 19)
CASES = ("openai-20250419", "contoso-includes", "housekeeping")


def build_case(name: str, repo: GitRepoFactory) -> tuple[str, str]:
    if name == "openai-20250419":
        base, head = build_openai_repo(repo)
    else:
        base, head = build_tree_repo(repo, name)
    # a remote, so the report carries the permalink line of the reference layout
    repo.git("remote", "add", "origin", "https://github.com/MicrosoftDocs/azure-ai-docs.git")
    return base, head


def check_golden(actual: str, expected_file: Path) -> None:
    if UPDATE or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{expected_file.name} did not exist; written now, read it and commit it")
    assert actual == expected_file.read_text(encoding="utf-8"), (
        f"{expected_file.name} differs; if the change is intended, run DIFFREPORT_UPDATE_GOLDEN=1 pytest"
    )


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("case", CASES)
def test_golden_report(case: str, lang: str, tmp_path: Path) -> None:
    repo = GitRepoFactory(tmp_path / case)
    base, head = build_case(case, repo)
    report = compare(
        CompareOptions(
            range=f"{base}..{head}",
            repo=str(repo.path),
            language=lang,
            date=DATE,
            category=case.split("-")[0],
        )
    )
    text = render_markdown(report)
    check_golden(text, GOLDEN / f"{case}.{lang}.md")
    check_golden(render_markdown(report, markdown="pandoc"), GOLDEN / f"{case}.{lang}.pandoc.md")
    for preset in PRESETS:
        check_report_structure(report, text, preset)


def test_reference_patches_are_rebuilt_exactly(tmp_path: Path) -> None:
    """The fixture's diffs are the ones the reference report shows, hunk headers included."""
    repo = GitRepoFactory(tmp_path / "openai")
    base, head = build_openai_repo(repo)
    report = compare(CompareOptions(range=f"{base}..{head}", repo=str(repo.path), date=DATE))
    assert [f.path for f in report.files] == list(OPENAI_FILES)
    for f in report.files:
        assert f.patch.strip("\n") == reference_patch(f.path).strip("\n"), f.path
    assert [(f.additions, f.deletions) for f in report.files] == [(2, 2), (4, 1), (139, 8), (35, 0)]
