"""The LLM stage on a report whose files wait on disk: it reads them back and writes them back one at a
time, a bounded number in flight, and comes to the report the same stage makes of the files in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llm_helpers import fake_llm_server, make_docs_repo

from diffreport.llm import apply_llm
from diffreport.llm.summarizer import _IN_FLIGHT
from diffreport.models import Report
from diffreport.pipeline import CompareOptions, compare_spooled
from diffreport.render import render
from diffreport.settings.llm import LLMSettings
from diffreport.spool import FileSpool, SpooledReport

FILES = 30


def _settings(tmp_path: Path, base_url: str, cache: str, **extra: Any) -> LLMSettings:
    options = {"base_url": base_url, "cache_dir": str(tmp_path / cache), "backoff_base": 0.001, "timeout": 5}
    return LLMSettings.model_validate({**options, **extra})


def _docs(git_repo: Any) -> CompareOptions:
    """A range of ``FILES`` changed pages and a binary file (which the LLM is never asked about)."""
    base, head = make_docs_repo(git_repo, FILES, extra={"docs/media/logo.png": "\x89PNG\r\n\x1a\n\x00\x00"})
    return CompareOptions(range=f"{base}..{head}", repo=str(git_repo.path))


class _Watched:
    """Wraps a spool's reads and writes: the most files read back and not yet written back at once."""

    def __init__(self, spool: FileSpool) -> None:
        self.held = self.most = self.reads = 0
        read, add = spool.file, spool.add

        def file(slot: int) -> Any:
            self.reads += 1
            self.held += 1
            self.most = max(self.most, self.held)
            return read(slot)

        def written(entry: str | bytes) -> int:
            self.held -= 1
            return add(entry)

        spool.file = file  # type: ignore[method-assign]
        spool.add = written  # type: ignore[method-assign]


def test_a_spooled_report_is_enriched_file_by_file_into_the_same_report(git_repo, key, tmp_path):
    opts = _docs(git_repo)
    with fake_llm_server(latency=0.01) as server:
        server.path_faults["docs/page03.md"] = "invalid"  # always invalid: the file keeps its rule text
        spooled = compare_spooled(opts)
        try:
            watched = _Watched(spooled.spool)
            settings = _settings(tmp_path, server.base_url, "a", concurrency=2, max_invalid_retries=0)
            outcome = apply_llm(spooled, settings)
            report = outcome.report
            assert isinstance(report, SpooledReport)
            assert watched.reads == FILES + 1  # each file read back once
            assert watched.held == 0  # and each written back
            assert 2 <= watched.most <= _IN_FLIGHT * 2  # a few at once, never the whole range
            spooled_text = render(report, "json")
            whole_of_spooled = report.whole()
            spooled_requests = len(server.requests)
            spooled_problems = outcome.problems
        finally:
            spooled.spool.close()

        whole = compare_spooled(opts)
        try:
            in_memory = apply_llm(
                whole.whole(), _settings(tmp_path, server.base_url, "b", max_invalid_retries=0)
            )
        finally:
            whole.spool.close()
    assert isinstance(in_memory.report, Report)
    assert whole_of_spooled == in_memory.report
    assert spooled_text == render(in_memory.report, "json")
    assert spooled_problems == in_memory.problems
    assert len(server.requests) == 2 * spooled_requests == 2 * (FILES + 1)  # the binary file is not asked

    files = {f.path: f for f in whole_of_spooled.files}
    assert files["docs/page03.md"].source == "rules"
    assert any("LLM summary unavailable" in note for note in files["docs/page03.md"].notes)
    assert files["docs/page04.md"].title == "LLM title for docs/page04.md"
    assert files["docs/media/logo.png"].source == "rules"
    assert whole_of_spooled.summary == f"LLM summary of {FILES + 1} files."
    assert [f.path for f in whole_of_spooled.files] == [f.path for f in in_memory.report.files]


def test_a_dry_run_of_a_spooled_report_plans_what_the_report_in_memory_plans(git_repo, tmp_path):
    opts = _docs(git_repo)
    settings = _settings(tmp_path, "http://127.0.0.1:9/v1", "c")
    spooled = compare_spooled(opts)
    try:
        watched = _Watched(spooled.spool)
        planned = apply_llm(spooled, settings, dry_run=True)
        assert planned.report is spooled  # unchanged
        assert watched.reads == watched.held == FILES + 1  # each file read back once, none written back
        plain = apply_llm(spooled.whole(), settings, dry_run=True)
    finally:
        spooled.spool.close()
    assert planned.plan_lines == plain.plan_lines
    assert len(planned.plan_lines) == FILES + 2  # a line a text file, the summary, the total


def test_a_run_hook_that_reads_spooled_reports_gets_them_spooled(tmp_path: Path) -> None:
    import datetime as dt

    from run_helpers import docs_repo, reports, url, write_config

    from diffreport.schedule import run
    from diffreport.settings import load_config

    seen: list[type] = []

    class Spooled:
        reads_spooled = True  # as the LLM stage's hook: the files stay on disk

        def __call__(self, report: Any, source: object, config: object) -> Any:
            seen.append(type(report))
            return SpooledReport(
                report.report.model_copy(update={"title": f"Spooled {report.category}"}),
                report.light,
                report.spool,
                report.slots,
            )

    def plain(report: Any, source: object, config: object) -> Any:
        seen.append(type(report))
        return report

    repo = url(docs_repo(tmp_path / "repo"))
    run(load_config(write_config(tmp_path / "a", repo)), date=dt.date(2025, 4, 17), hook=Spooled())
    assert seen == [SpooledReport] * 3
    assert "title: Spooled search" in reports(tmp_path / "a")["202504/report-20250417-search.md"]
    # any other hook gets the report in memory
    run(load_config(write_config(tmp_path / "b", repo)), date=dt.date(2025, 4, 17), hook=plain)
    assert seen[3:] == [Report] * 3
