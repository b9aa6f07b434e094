"""LLM summaries over a real documentation history (semantic-kernel-docs bundle of ../shared/corpus)."""

from __future__ import annotations

import subprocess

import pytest
from llm_helpers import API_KEY, fake_llm_server

from diffreport.llm import apply_llm
from diffreport.llm.budget import heuristic_tokens
from diffreport.models import LABELS
from diffreport.pipeline import CompareOptions, compare
from diffreport.render import render
from diffreport.settings.llm import LLMSettings

pytestmark = pytest.mark.corpus


def test_real_range_every_file_summarised_within_budget(corpus, tmp_path, monkeypatch):
    bundle = corpus / "repos" / "semantic-kernel-docs.bundle"
    if not bundle.is_file():
        pytest.skip(f"{bundle} not found")
    repo = tmp_path / "skd"
    subprocess.run(["git", "clone", "-q", str(bundle), str(repo)], check=True, capture_output=True)
    report = compare(CompareOptions(range="HEAD~40..HEAD", repo=str(repo)))
    text_files = [f for f in report.files if not f.binary]
    assert len(text_files) > 100
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    budget = 3000
    with fake_llm_server() as server:
        settings = LLMSettings(
            base_url=server.base_url,
            cache_dir=str(tmp_path / "cache"),
            max_input_tokens=budget,
            report_max_input_tokens=budget,
        )
        outcome = apply_llm(report, settings)
    assert not outcome.failed, outcome.problems
    assert [f.path for f in outcome.report.files] == [f.path for f in report.files]  # none dropped
    assert all(f.source == "llm" and f.label in LABELS for f in outcome.report.files if not f.binary)
    assert len(server.requests) == len(text_files) + 1
    for req in server.requests:
        assert heuristic_tokens(req.system) + heuristic_tokens(req.user) <= budget
    assert any("TRIMMED to fit the token budget" in r.user for r in server.requests)
    report_req = next(r for r in server.requests if r.kind == "report")
    assert f"Files changed: {len(report.files)} (" in report_req.user  # counted even when not all are listed
    assert f"of {len(report.files)} files are listed below (trimmed" in report_req.user
    md = render(outcome.report, "md")
    assert all(f'<a id="{f.anchor}"></a>\n## ' in md for f in report.files)
