"""`diffreport run` with the other stages: the LLM hook, and local sources opened exactly where configured."""

from __future__ import annotations

import json
from pathlib import Path

from llm_helpers import API_KEY, closed_port_url, fake_llm_server
from run_helpers import docs_repo, reports, run_cli, state, url, write_config


def llm_config(folder: Path, repo: str, base_url: str) -> Path:
    llm = {
        "base_url": base_url,
        "cache_dir": str(folder / "llm-cache"),
        "backoff_base": 0.001,
        "max_retries": 1,
    }
    extra = "\n".join(f"{key} = {json.dumps(value)}" for key, value in llm.items())
    config = write_config(folder, repo)
    config.write_text(config.read_text() + "\n[llm]\n" + extra + "\n", encoding="utf-8")
    return config


def test_run_with_llm_writes_llm_reports(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    with fake_llm_server() as server:
        config = llm_config(tmp_path / "site", url(repo), server.base_url)
        proc = run_cli(config, "--llm", "--date", "2025-04-17", env={"OPENAI_API_KEY": API_KEY})
        assert proc.returncode == 0, proc.stderr
        assert server.requests, "no request reached the LLM"
    written = reports(tmp_path / "site")
    openai = next(text for name, text in written.items() if name.endswith("-openai.md"))
    assert "LLM title for articles/openai/models.md" in openai
    assert "LLM highlights" in openai
    assert API_KEY not in proc.stderr
    assert "requests" in proc.stderr  # the usage line


def test_required_llm_that_fails_writes_nothing_and_keeps_the_state(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "repo")
    config = llm_config(tmp_path / "site", url(repo), closed_port_url())
    proc = run_cli(config, "--llm-required", "--date", "2025-04-17", env={"OPENAI_API_KEY": API_KEY})
    assert proc.returncode == 1
    assert "--llm-required" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert reports(tmp_path / "site") == {}
    assert state(tmp_path / "site") == {}  # nothing advanced: the next run reports the same changes
    # without --llm-required the same unreachable server still gives complete rule-based reports
    proc = run_cli(config, "--llm", "--date", "2025-04-17", env={"OPENAI_API_KEY": API_KEY})
    assert proc.returncode == 0, proc.stderr
    assert len(reports(tmp_path / "site")) == 3
    assert state(tmp_path / "site")


def test_a_local_source_inside_another_repository_is_not_read_from_the_parent(tmp_path: Path) -> None:
    outer = docs_repo(tmp_path / "outer")
    inner = outer.path / "not-a-repo"
    inner.mkdir()
    config = write_config(tmp_path / "site", str(inner))
    proc = run_cli(config, "--date", "2025-04-17")
    assert proc.returncode == 1
    assert "not a git repository" in proc.stderr
    assert reports(tmp_path / "site") == {}
