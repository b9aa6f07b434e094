"""The site builder and server against bad reports, killed builds and hostile URLs; progress; search data."""

from __future__ import annotations

import http.client
import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from site_helpers import load_search_script, search_site, write_post

from diffreport.site.build import build_site
from diffreport.site.reports import inline_html
from diffreport.site.search import search_sections
from diffreport.site.serve import make_server

REPORT = "report-20250102-docs.md"


def _posts(root: Path, count: int = 3) -> Path:
    for day in range(1, count + 1):
        write_post(
            root,
            f"202501/report-202501{day:02d}-docs.md",
            title="Diff Insight Report - docs",
            date=f"2025-01-{day:02d}",
            summary=f"Day {day} changed `config.yaml`.",
            body=f"# Highlights\nThe walrus{day} page changed.\n",
        )
    return root


@pytest.mark.parametrize(
    ("front", "why"),
    [
        ("title: Diff Insight Report - bad\ndate: 2025-13-45", "impossible date"),
        ("title: Diff Insight Report - bad\ndate: 2025-01-02T25:99:00", "impossible date"),
        ("title: Diff Insight Report - bad\ndate: '2025-13-45'", "impossible date"),
        ("title: Diff Insight Report - bad\ndate: '2025-01-02T25:99'", "impossible date"),
        ("title: Diff Insight Report - bad\ndate: [2025", "broken front matter"),
        ("title: x\n  bad: indent: here", "broken front matter"),
        ("- a list", "not a mapping"),
        ("summary: no title, no date", "no title or date"),
    ],
)
def test_a_bad_report_is_skipped_with_a_warning_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, front: str, why: str
) -> None:
    posts = _posts(tmp_path / "posts")
    bad = posts / "202502" / "report-bad.md"
    bad.parent.mkdir()
    bad.write_text(f"---\n{front}\n---\n\n# Highlights\nx\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="diffreport.site"):
        result = build_site(posts, tmp_path / "site")
    assert result.reports == 3
    assert (tmp_path / "site" / "index.html").is_file()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].startswith("skipping 202502/report-bad.md: ")
    assert why in warnings[0]


def test_unclosed_front_matter_warns_and_a_plain_markdown_file_does_not(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    posts = _posts(tmp_path / "posts")
    (posts / "unclosed.md").write_text("---\ntitle: Diff Insight Report - x\n\n# Body\n", encoding="utf-8")
    (posts / "README.md").write_text("# Notes about this folder\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="diffreport.site"):
        assert build_site(posts, tmp_path / "site").reports == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["skipping unclosed.md: its front matter has no closing ---"]


_KILLER = """
import os, signal, sys
from diffreport.site.build import build_site

def progress(stage, done, total):
    if stage == "writing pages" and done == 3:
        os.kill(os.getpid(), signal.SIGKILL)

build_site(sys.argv[1], sys.argv[2], jobs=1, progress=progress)
"""


def test_a_build_killed_half_way_is_finished_by_the_next(tmp_path: Path) -> None:
    posts = _posts(tmp_path / "posts")
    site = tmp_path / "site"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLER, str(posts), str(site)], capture_output=True, text=True, timeout=120
    )
    assert killed.returncode == -9, killed.stderr
    assert len(list((site / "reports").rglob("*.html"))) == 3  # some pages, not the site
    assert not (site / "index.html").exists()
    leftover = site / "reports" / ".report.html.abcd1234.tmp"  # as an atomic write killed mid-way leaves it
    leftover.write_text("half", encoding="utf-8")

    result = build_site(posts, site)
    assert result.reports == 3
    assert (site / "index.html").is_file()
    assert not leftover.exists()
    assert load_search_script(site / "search" / "meta.js")["counts"] == [1, 1, 1]
    assert build_site(posts, site).rendered == 0


def test_progress_hears_reading_and_every_page_written(tmp_path: Path) -> None:
    posts = _posts(tmp_path / "posts")
    events: list[tuple[str, int, int]] = []
    result = build_site(posts, tmp_path / "site", progress=lambda *event: events.append(event))
    reading = [e for e in events if e[0] == "reading reports"]
    writing = [e for e in events if e[0] == "writing pages"]
    assert [e[1] for e in reading] == [0, 1, 2]
    assert [e[1] for e in writing] == list(range(result.rendered + 1))
    assert {e[2] for e in writing} == {result.rendered}


def test_serve_answers_a_nul_in_the_url_with_404_and_keeps_serving(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    build_site(_posts(tmp_path / "posts"), tmp_path / "site")
    server = make_server(tmp_path / "site", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path, status in (("/%00", 404), ("/reports/%00.html", 404)):
            conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
            conn.request("GET", path)
            assert conn.getresponse().status == status, path
            conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        conn.request("GET", "/index.html")
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def test_summaries_render_code_spans_escaped(tmp_path: Path) -> None:
    assert str(inline_html("Set `<b>x</b>` and <i>y</i>.")) == (
        "Set <code>&lt;b&gt;x&lt;/b&gt;</code> and &lt;i&gt;y&lt;/i&gt;."
    )
    assert str(inline_html("one ` tick")) == "one ` tick"
    assert str(inline_html("a" * 30, limit=10)) == "a" * 10 + "…"
    site = tmp_path / "site"
    build_site(_posts(tmp_path / "posts"), site)
    assert "Day 3 changed <code>config.yaml</code>." in (site / "index.html").read_text(encoding="utf-8")
    page = (site / "reports" / "202501" / "report-20250102-docs.html").read_text(encoding="utf-8")
    assert '<p class="lead">Day 2 changed <code>config.yaml</code>.</p>' in page


def test_sections_are_found_in_pandoc_and_commonmark_forms() -> None:
    body = (
        "# Highlights\nOverview words.\n\n# Modified Contents\n"
        "## docs/a.md{#item-aaaaaa}\n\n### Summary\nAlpha text.\n\n````diff\n## not/a/section.md{#item-ffffff}\n````\n"
        '<a id="item-bbbbbb"></a>\n\n## docs/b.md\n\n### Summary\nBeta text.\n'
        '## <a id="item-cccccc"></a>docs/c.md\nGamma text.\n'
        "## Plain heading\nStill gamma.\n"
    )
    sections = search_sections(body)
    assert [(a, h) for a, h, _ in sections] == [
        ("", ""),
        ("item-aaaaaa", "docs/a.md"),
        ("item-bbbbbb", "docs/b.md"),
        ("item-cccccc", "docs/c.md"),
    ]
    assert sections[0][2] == "Highlights Overview words."
    assert sections[1][2] == "Alpha text."
    assert "Still gamma." in sections[3][2]


def test_search_finds_japanese_and_prefixes_and_links_the_file_section(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    write_post(
        posts,
        "report-20250110-ai.md",
        title="Diff Insight Report - ai",
        date="2025-01-10",
        summary="東京リージョンが追加されました。",
        body=(
            "# Highlights\n概要。\n\n# Modified Contents\n"
            "## docs/regions.md{#item-123abc}\n\n### Summary\nモデルのデプロイ先にquotas表を追加。\n"
            "## docs/other.md{#item-456def}\n\n### Summary\n別の変更。\n"
        ),
    )
    write_post(
        posts, "report-20250111-ai.md", title="Diff Insight Report - ai", date="2025-01-11", body="京都"
    )
    site = tmp_path / "site"
    build_site(posts, site)
    page = "reports/report-20250110-ai.html"
    assert search_site(site, "東京") == [(page, [""])]
    assert search_site(site, "デプロイ") == [(page, ["item-123abc"])]
    assert search_site(site, "quot デプロイ") == [(page, ["item-123abc"])]
    assert search_site(site, "京") == [("reports/report-20250111-ai.html", [""]), (page, [""])]
    assert search_site(site, "大阪") == []
    html = (site / page).read_text(encoding="utf-8")
    assert 'id="item-123abc"' in html
