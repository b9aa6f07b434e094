"""A report whose files wait on disk (diffreport.spool): the same output in every format as the report held
whole, templates that read its files as they please, and memory that does not grow with the patches."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from pathlib import Path

import pytest
from conftest import GitRepoFactory
from golden_helpers import build_openai_repo, build_tree_repo
from pydantic_core import PydanticSerializationError

from diffreport.cli._gate import FailOn, offending_files
from diffreport.models import Label, ReportFile, Status
from diffreport.pipeline import CompareOptions, compare_spooled
from diffreport.render import render
from diffreport.spool import FileSpool, SpooledReport, entry_of, file_json

DATE = dt.date(2025, 4, 19)


def spooled_case(case: str, repo: GitRepoFactory, lang: str = "en") -> SpooledReport:
    base, head = build_openai_repo(repo) if case == "openai-20250419" else build_tree_repo(repo, case)
    repo.git("remote", "add", "origin", "https://github.com/MicrosoftDocs/azure-ai-docs.git")
    opts = CompareOptions(range=f"{base}..{head}", repo=str(repo.path), language=lang, date=DATE)
    return compare_spooled(opts)


def test_the_spool_gives_back_each_file_and_its_text(tmp_path: Path) -> None:
    spool = FileSpool()
    files = [
        ReportFile(path=f"docs/p{i}.md", status=Status.ADDED, anchor="item-000000", patch="+x\n" * i)
        for i in range(5)
    ]
    slots = [spool.add(entry_of(f)) for f in reversed(files)]  # in any order
    for f, slot in zip(reversed(files), slots, strict=True):
        assert spool.file(slot) == f
        assert spool.text(slot) == file_json(f)
    # a text JSON cannot hold (a lone surrogate) is kept all the same; only JSON of it fails, as it would have
    odd = ReportFile(path="docs/odd.md", status=Status.MODIFIED, anchor="item-000000", title="bad \ud800")
    slot = spool.add(entry_of(odd))
    assert spool.file(slot) == odd
    with pytest.raises(PydanticSerializationError):
        spool.text(slot)
    spool.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("case", ["openai-20250419", "contoso-includes", "housekeeping"])
def test_a_spooled_report_renders_as_the_whole_one(case: str, lang: str, tmp_path: Path) -> None:
    spooled = spooled_case(case, GitRepoFactory(tmp_path / case), lang)
    whole = spooled.whole()
    assert len(whole.files) == len(spooled.slots) > 2
    for fmt, form in (("md", "commonmark"), ("md", "pandoc"), ("json", "commonmark"), ("html", "commonmark")):
        assert render(spooled, fmt, markdown=form) == render(whole, fmt, markdown=form), (fmt, form)
    gate = FailOn(frozenset(Label), frozenset())
    assert offending_files(spooled, gate) == offending_files(whole, gate) != []
    spooled.spool.close()


def test_templates_read_spooled_files_as_report_files(tmp_path: Path) -> None:
    spooled = spooled_case("contoso-includes", GitRepoFactory(tmp_path / "repo"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        "{{ report.title }}: {{ report.files | length }} files\n"
        "{% for f in report.files | selectattr('status', 'equalto', 'added') %}"
        "{{ f.path }} {{ f.patch | length }} {{ f.rules | map(attribute='id') | join(',') }}\n"
        "{% endfor %}"
        "{% for f in report.files | sort(attribute='changes', reverse=true) %}"
        "{{ f.analysis.kind if f.analysis else '-' }} {{ f.explanation[:30] }} {{ f.notes }}\n"
        "{% endfor %}"
        "{{ report.files[0].title }} / {{ report.files[-1].anchor }} / {{ report.highlights[:40] }}\n",
        encoding="utf-8",
    )
    text = render(spooled, "md", template_dir=str(templates))
    assert text == render(spooled.whole(), "md", template_dir=str(templates))
    assert text.splitlines()[0] == f"{spooled.title}: {len(spooled.slots)} files"
    assert "markdown" in text  # an analysis read back from the spool
    spooled.spool.close()


def test_a_spooled_report_is_not_a_model_to_copy(tmp_path: Path) -> None:
    """Only the header and texts are read through it: a copy of its model would have no files."""
    spooled = spooled_case("housekeeping", GitRepoFactory(tmp_path / "repo"))
    assert spooled.title == spooled.report.title
    with pytest.raises(AttributeError):
        spooled.model_copy  # noqa: B018
    spooled.spool.close()


def _held_after_compare(repo: GitRepoFactory, rng: str) -> tuple[int, SpooledReport]:
    gc.collect()
    tracemalloc.start()
    try:
        spooled = compare_spooled(CompareOptions(range=rng, repo=str(repo.path), date=DATE, jobs=1))
        gc.collect()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return held, spooled


def _pages_range(repo: GitRepoFactory, files: int, lines: int) -> str:
    """``files`` pages each rewritten whole: ``lines`` lines of links, a table and a code block each."""
    body = "".join(f"| row {j} | [link {j}](https://example.com/{j}) |\n" for j in range(lines))
    for i in range(files):
        repo.write(f"docs/p{i}.md", f"# Page {i}\n\n## Old\n\n| a | b |\n|---|---|\n{body}")
    base = repo.commit("base")
    for i in range(files):
        repo.write(
            f"docs/p{i}.md", f"# Page {i}\n\n## New\n\n| a | b |\n|---|---|\n{body.replace('row', 'line')}"
        )
    return f"{base}..{repo.commit('head')}"


def test_what_a_report_holds_does_not_grow_with_its_patches_and_facts(tmp_path: Path) -> None:
    """Twenty files with 2 lines each, and twenty with 1,500 lines each (3 MB of patch, 60,000 table rows and
    links): the second report holds in memory about what the first does (once a first run has loaded what
    a process loads once: locale data, bounded caches)."""
    small = GitRepoFactory(tmp_path / "small")
    large = GitRepoFactory(tmp_path / "large")
    rng = _pages_range(large, 20, 1_500)
    compare_spooled(CompareOptions(range=rng, repo=str(large.path), date=DATE, jobs=1)).spool.close()
    held_small, a = _held_after_compare(small, _pages_range(small, 20, 2))
    held_large, b = _held_after_compare(large, rng)
    patch = sum(len(f.patch) for f in b.files)
    assert patch > 3_000_000
    assert held_large < held_small + 200_000, (held_small, held_large)
    assert [f.changes for f in b.files] == [3_002] * 20  # the files are all there, read back from disk
    a.spool.close()
    b.spool.close()


def _hidden(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".*") if p.is_file())


def test_a_run_renders_into_staged_files_and_leaves_none_behind(tmp_path: Path) -> None:
    from run_helpers import docs_repo, reports, url, write_config

    from diffreport.schedule import run
    from diffreport.settings import Config, SourceSettings
    from diffreport.settings.loader import load_config

    repo = docs_repo(tmp_path / "repo")
    site = tmp_path / "site"
    config = load_config(write_config(site, url(repo)))
    calls: list[str | None] = []

    def failing(report: object, source: SourceSettings, cfg: Config) -> object:
        calls.append(getattr(report, "category", None))
        if len(calls) == 2:
            raise RuntimeError("the second report cannot be written")
        return report

    with pytest.raises(RuntimeError):
        run(config, date=dt.date(2025, 4, 17), hook=failing)  # type: ignore[arg-type]
    assert calls == ["openai", "search"]
    assert reports(site) == {}  # the first report was staged, never written
    assert _hidden(site / "output") == []  # and its staged file is gone
    assert not (site / "output" / "state.json").exists()

    # a killed run's staged reports, named in the staging log, are removed by the next run
    orphan = site / "output" / "posts" / "202504" / ".report-20250417-x.md.0badc0de.tmp"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_text("half a report")
    (site / "output" / "state.json.staged").write_text(f"{orphan}\n")
    run(config, date=dt.date(2025, 4, 17))
    assert sorted(reports(site)) == [
        "202504/report-20250417-openai.md",
        "202504/report-20250417-search.md",
        "202504/report-20250417-speech.md",
    ]
    assert _hidden(site / "output") == []


def test_no_room_for_the_files_is_one_line_and_no_report(
    docs: tuple[GitRepoFactory, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import errno
    import tempfile

    from diffreport.cli import main

    class Full:
        def seek(self, offset: int) -> None:
            pass

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            pass

    repo, rng = docs
    out = tmp_path / "report.md"
    monkeypatch.setattr(tempfile, "TemporaryFile", Full)
    assert main(["compare", rng, "-C", str(repo.path), "--no-config", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "cannot keep the report's files in" in err[0]
    assert "No space left on device" in err[0]
    assert not out.exists()
