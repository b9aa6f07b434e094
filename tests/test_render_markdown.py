"""The Markdown report renders right in CommonMark and GFM viewers; the pandoc form stays available."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS
from render_helpers import PRESETS, check_report_structure
from run_helpers import docs_repo, reports, run_cli, url, write_config

from diffreport.cli import main
from diffreport.demo import build_repo
from diffreport.models import Report
from diffreport.pipeline import CompareOptions, compare
from diffreport.render import render_markdown
from diffreport.site.markdown import render_markdown_html
from diffreport.site.reports import split_front_matter

# a real day of the corpus: 172 changed files, renames, deletions, patches with fences and blank lines
CORPUS_BUNDLE = CORPUS / "repos" / "semantic-kernel-docs.bundle"
CORPUS_DAY = ("cc7b8078625ece20db8af89ea1ddafb9e22a6d10", "96ddb0b5ed3d32a9332d2a5dc857f6fa96eebce6")


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    repo = tmp_path_factory.mktemp("demo") / "repo"
    commits = build_repo(repo)
    return compare(CompareOptions(range=f"{commits[0][0]}..{commits[-1][0]}", repo=str(repo), jobs=1))


@pytest.mark.parametrize("preset", PRESETS)
def test_demo_report_keeps_every_section_whole(demo_report: Report, preset: str) -> None:
    assert any("\n \n" in f.patch or "\n\n" in f.patch for f in demo_report.files), "a blank context line"
    check_report_structure(demo_report, render_markdown(demo_report), preset)


def test_the_check_catches_the_pandoc_form_outside_pandoc(demo_report: Report) -> None:
    """The reference's form breaks in CommonMark (diffs spill out, anchors land nowhere): the check sees it."""
    with pytest.raises(AssertionError):
        check_report_structure(demo_report, render_markdown(demo_report, markdown="pandoc"), "commonmark")


def test_a_real_day_keeps_every_section_whole(tmp_path: Path) -> None:
    if not CORPUS_BUNDLE.is_file():
        pytest.skip(f"shared corpus not found at {CORPUS_BUNDLE}")
    repo = tmp_path / "skd"
    subprocess.run(["git", "clone", "-q", str(CORPUS_BUNDLE), str(repo)], check=True)
    report = compare(CompareOptions(range="..".join(CORPUS_DAY), repo=str(repo), jobs=1))
    assert len(report.files) > 100
    text = render_markdown(report)
    for preset in PRESETS:
        check_report_structure(report, text, preset)


def _site_headings(html: str) -> dict[str, str]:
    return dict(re.findall(r'<h2 id="(item-[0-9a-f]{6})">([^<]*)</h2>', html))


def test_the_site_reads_both_forms(demo_report: Report) -> None:
    pages = {}
    for form in ("commonmark", "pandoc"):
        _, body = split_front_matter(render_markdown(demo_report, markdown=form))
        html = render_markdown_html(body)
        assert _site_headings(html) == {f.anchor: f.path for f in demo_report.files}, form
        assert html.count('<details class="file-diff">') == sum(1 for f in demo_report.files if f.patch)
        assert html.count("</details>") == html.count("<details")
        assert "&lt;a id=" not in html
        assert "{#" not in html
        pages[form] = html.replace(' target="_blank" rel="noopener noreferrer"', "")
    assert pages["commonmark"] == pages["pandoc"]


def test_the_site_keeps_a_stray_anchor_as_an_anchor() -> None:
    html = render_markdown_html('text\n\n<a id="item-abc123"></a>\n\nmore\n\n<a id="item-zzz"></a>\n')
    assert '<a id="item-abc123"></a>' in html
    assert "&lt;a id=&quot;item-zzz&quot;&gt;" in html  # not our anchor: shown as text, never as HTML


def test_markdown_flag_and_config_pick_the_form(
    tmp_path: Path, demo_report: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "report.json"
    saved.write_text(demo_report.model_dump_json(), encoding="utf-8")
    anchor = demo_report.files[0].anchor

    assert main(["render", str(saved), "-f", "md"]) == 0
    assert f'<a id="{anchor}"></a>\n## ' in capsys.readouterr().out
    assert main(["render", str(saved), "-f", "md", "--markdown", "pandoc"]) == 0
    assert "{#" + anchor + "}\n" in capsys.readouterr().out
    assert main(["render", str(saved), "--markdown", "kramdown"]) == 2
    assert "--markdown must be one of commonmark, pandoc" in capsys.readouterr().err

    repo = tmp_path / "repo"
    commits = build_repo(repo)
    config = tmp_path / "diffreport.toml"
    config.write_text('[report]\nmarkdown = "pandoc"\n', encoding="utf-8")
    args = ["compare", f"{commits[0][0]}..{commits[-1][0]}", "-C", str(repo), "-c", str(config)]
    assert main(args) == 0
    assert "{#" + anchor + "}\n" in capsys.readouterr().out
    assert main([*args, "--markdown", "commonmark"]) == 0
    assert f'<a id="{anchor}"></a>' in capsys.readouterr().out
    config.write_text('[report]\nmarkdown = "github"\n', encoding="utf-8")
    assert main(args) == 2
    assert "markdown" in capsys.readouterr().err


def test_json_summary_in_both_forms_is_the_files_own(demo_report: Report) -> None:
    for form in ("commonmark", "pandoc"):
        blocks = re.findall(r"```json\n(.*?)\n```", render_markdown(demo_report, markdown=form), re.DOTALL)
        assert [json.loads(b)["modification_title"] for b in blocks] == [f.title for f in demo_report.files]


@pytest.mark.parametrize(("flag", "heading"), [((), "{#item-"), (("--markdown", "commonmark"), "\n")])
def test_run_writes_the_form_of_its_config_unless_the_flag_says(
    tmp_path: Path, flag: tuple[str, ...], heading: str
) -> None:
    repo = docs_repo(tmp_path / "repo")
    config = write_config(tmp_path / "site", url(repo), categories={"openai": ["articles/openai"]})
    config.write_text(config.read_text().replace("[report]\n", '[report]\nmarkdown = "pandoc"\n', 1))
    proc = run_cli(config, "--date", "2025-04-17", *flag)
    assert proc.returncode == 0, proc.stderr
    (text,) = reports(tmp_path / "site").values()
    assert f"## articles/openai/models.md{heading}" in text
    assert ('"></a>\n## articles/openai/models.md' in text) == bool(flag)
