"""Site rendering: Markdown policy, diff view, injection, standalone HTML report, CLI, config, serve."""

from __future__ import annotations

import re
import threading
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from site_helpers import load_search_script, parse_html, write_post

from diffreport.cli import main
from diffreport.errors import ConfigError
from diffreport.models import Report, ReportFile, anchor_for
from diffreport.render import render_html
from diffreport.settings import parse_config
from diffreport.site.build import build_site
from diffreport.site.diffview import render_diff, word_diff
from diffreport.site.markdown import render_markdown_html
from diffreport.site.search import js_json, search_text
from diffreport.site.serve import make_server

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
DIFF_POST = """[View Diff on GitHub](https://github.com/o/r/compare/a...b){target="_blank"}

# Summary Table
|  Filename  | Type |    Title    | Status | A  | D  | M  |
|------------|------|-------------|--------|----|----|----|
| [guide.md](#item-0a1b2c) | minor update | Edited | modified | 1 | 1 | 2 |

# Modified Contents
## docs/guide.md{#item-0a1b2c}

<details>
<summary>Diff</summary>
````diff
@@ -10,3 +10,3 @@ intro
 Keep this line.
-The quick brown fox jumps over the lazy dog.
+The quick red fox jumps over the lazy cat.
 Last line.
````
</details>
"""


def test_heading_ids_link_attributes_tables_and_details() -> None:
    html = render_markdown_html(DIFF_POST)
    assert '<h2 id="item-0a1b2c">docs/guide.md</h2>' in html
    assert '<a href="https://github.com/o/r/compare/a...b" target="_blank" rel="noopener noreferrer">' in html
    assert '<td><a href="#item-0a1b2c">guide.md</a></td>' in html
    assert re.search(r'<details class="file-diff">\n<summary>Diff</summary>\n<div class="diff">', html)
    assert html.count("</details>") == 1


def test_diff_view_marks_changed_words_and_numbers_lines() -> None:
    html = render_diff("@@ -10,3 +10,3 @@\n keep\n-The quick brown fox\n+The quick red fox\n end\n")
    assert '<tr class="del"><td class="ln" data-n="11"></td>' in html
    assert '<td class="ln" data-n="11"></td><td class="code"><span class="sign">+</span>' in html
    assert "<del>brown</del>" in html
    assert "<ins>red</ins>" in html
    assert '<tr class="ctx"><td class="ln" data-n="12"></td><td class="ln" data-n="12"></td>' in html


def test_word_diff_compares_japanese_per_character_and_skips_unrelated_lines() -> None:
    marked = word_diff("地域サポートの更新", "地域サポートの追加")
    assert marked == ("地域サポートの<del>更新</del>", "地域サポートの<ins>追加</ins>")
    assert word_diff("completely different words", "日本語の文章です") is None


def test_dangerous_urls_and_raw_html_are_neutralised() -> None:
    text = (
        "[a](javascript:alert(1)) [b](JaVaScRiPt&#58;alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) "
        "[d](vbscript:msgbox) [e]( java\tscript:x) <javascript:alert(3)> ![i](http://tracker.example/p.png)\n\n"
        "<script>alert(1)</script>\n\n<div onclick=alert(1)>x</div>\n\n"
        '[f](https://ok.example/){onclick="alert(1)" target="_blank"}\n'
    )
    html = render_markdown_html(text)
    parsed = parse_html(html)
    assert [t for t, _ in parsed.tags if t in ("script", "img", "div", "iframe")] == []
    assert all(not k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    hrefs = [url for _, url in parsed.links]
    assert hrefs == ["http://tracker.example/p.png", "https://ok.example/"]  # the image is a link, not loaded


def test_injected_post_stays_inert_everywhere(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    write_post(
        posts,
        "202501/report-20250101-evil.md",
        title=f"Diff Insight Report - {EVIL}",
        date="2025-01-01",
        summary=f"summary {EVIL} \u2028 </script> \x01",
        body=(
            f"# Highlights\n{EVIL}\n\n[x](javascript:alert(1)) [y](data:text/html,<script>)\n\n"
            f"## {EVIL}/file.md{{#item-abcdef}}\n\n<details>\n<summary>{EVIL}</summary>\n"
            f"````diff\n@@ -1 +1 @@\n-{EVIL}\n+{EVIL}</script>\n````\n</details>\n"
        ),
    )
    out = tmp_path / "site"
    build_site(posts, out)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script[^>]*>", text)
        assert all(re.fullmatch(r'<script src="[./]*static/\w+\.js">', s) for s in scripts), page
        parsed = parse_html(text)
        assert all(not k.startswith("on") for _, attrs in parsed.tags for k in attrs), page
        assert not any(
            url.lower().lstrip().startswith(("javascript:", "data:")) for _, url in parsed.links
        ), page
        assert "<img" not in text
    for feed in out.rglob("*.xml"):
        entry_titles = [e.text for e in ET.parse(feed).getroot().iter("{http://www.w3.org/2005/Atom}title")]
        assert any(t and EVIL in t for t in entry_titles)  # kept as text, escaped by XML
        assert "<script" not in feed.read_text(encoding="utf-8")
    for script in (out / "search").glob("*.js"):
        index_text = script.read_text(encoding="utf-8")
        assert "<" not in index_text
        assert ">" not in index_text
        assert "\u2028" not in index_text
    _url, label, parts = load_search_script(out / "search" / "r0.js")
    assert EVIL in label  # the category survives as data
    assert parts[1][:2] == ["item-abcdef", f"{EVIL}/file.md"]
    assert js_json(["</script>\u2029"]) == '["\\u003c/script\\u003e\\u2029"]'


def _report() -> Report:
    path = "docs/how-to/<b>guide</b>.md"
    return Report(
        title="Diff Insight Report - docs",
        date="2025-04-17",
        category="docs",
        base="a" * 40,
        head="b" * 40,
        summary="One file changed.",
        files=[
            ReportFile(
                path=path,
                status="modified",
                additions=1,
                deletions=1,
                changes=2,
                anchor=anchor_for(path),
                title="Edited <i>guide</i>",
                explanation="The fox is red now.",
                patch="@@ -1,2 +1,2 @@\n-The brown fox.\n+The red fox.\n same\n",
            )
        ],
    )


def test_compare_html_is_the_site_report_page_standalone() -> None:
    html = render_html(_report())
    assert html.startswith("<!doctype html>")
    assert '<html lang="en">' in html
    assert "<style>" in html
    assert "details.file-diff" in html
    assert re.findall(r'href="[^#]', html.split("<main", 1)[0]) == []  # no stylesheet, feed or site links
    assert f'id="{anchor_for("docs/how-to/<b>guide</b>.md")}"' in html
    assert "<del>brown</del>" in html
    assert "<ins>red</ins>" in html
    assert "<b>guide" not in html
    assert "&lt;b&gt;guide" in html
    assert "static/" not in html


def test_cli_build_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts = tmp_path / "posts"
    write_post(posts, "report-20250102-docs.md", title="Diff Insight Report - docs", date="2025-01-02")
    config = tmp_path / "diffreport.toml"
    about = tmp_path / "about.md"
    about.write_text("# About these reports\n\nWritten by the docs team.\n", encoding="utf-8")
    config.write_text(
        '[site]\ntitle = "Docs changes"\nabout_file = "about.md"\nlanguage = "ja"\n', encoding="utf-8"
    )
    assert main(["site", "build", str(posts), str(tmp_path / "out"), "--config", str(config)]) == 0
    err = capsys.readouterr().err
    assert "1 reports" in err
    assert re.search(
        r"diffreport: site: writing pages: (\d+)/\1\n", err
    )  # plain lines when not on a terminal
    assert "Written by the docs team." in (tmp_path / "out" / "about.html").read_text(encoding="utf-8")
    assert "カテゴリ" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")

    assert main(["site", "build", str(tmp_path / "missing"), str(tmp_path / "out2")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "reports folder not found" in err
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "precious.txt").write_text("keep", encoding="utf-8")
    assert main(["site", "build", str(posts), str(tmp_path / "busy")]) == 1
    assert "not built by diffreport site" in capsys.readouterr().err
    assert (tmp_path / "busy" / "precious.txt").read_text(encoding="utf-8") == "keep"


def test_cli_build_finds_its_config_as_run_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``./diffreport.toml`` (the one ``run`` writes its reports with), else ``$DIFFREPORT_CONFIG``."""
    posts = tmp_path / "posts"
    write_post(posts, "report-20250102-docs.md", title="Diff Insight Report - docs", date="2025-01-02")
    monkeypatch.chdir(tmp_path)
    Path("diffreport.toml").write_text('[site]\ntitle = "Docs changes"\n', encoding="utf-8")
    assert main(["site", "build", "posts", "out", "-v"]) == 0
    assert "diffreport: config: diffreport.toml" in capsys.readouterr().err
    assert "<title>Docs changes</title>" in Path("out/index.html").read_text(encoding="utf-8")

    other = tmp_path / "other.toml"
    other.write_text('[site]\ntitle = "Other title"\nindex_limit = "many"\n', encoding="utf-8")
    monkeypatch.setenv("DIFFREPORT_CONFIG", str(other))
    assert main(["site", "build", "posts", "out"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "site.index_limit" in err
    other.write_text('[site]\ntitle = "Other title"\n', encoding="utf-8")
    assert main(["site", "build", "posts", "out"]) == 0
    assert "<title>Other title</title>" in Path("out/index.html").read_text(encoding="utf-8")


def test_site_config_section() -> None:
    config = parse_config({"site": {"title": "X", "base_url": "https://example.org/docs"}})
    assert config.site.base_url == "https://example.org/docs/"
    with pytest.raises(ConfigError, match=r"site\.titel: unknown key \(did you mean 'title'\?\)"):
        parse_config({"site": {"titel": "X"}})
    with pytest.raises(ConfigError, match=r"site\.base_url"):
        parse_config({"site": {"base_url": "javascript:alert(1)"}})


def test_serve_previews_on_localhost(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    write_post(posts, "report-20250102-docs.md", title="Diff Insight Report - docs", date="2025-01-02")
    build_site(posts, tmp_path / "out")
    server = make_server(tmp_path / "out", 0)
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as response:
            assert "2025-01-02 · docs".encode() in response.read()
    finally:
        server.shutdown()
        server.server_close()


def test_search_text_keeps_prose_file_names_and_titles_but_not_diffs() -> None:
    text = search_text(DIFF_POST)
    assert "guide.md Edited" in text  # the Summary Table row: file name and title only
    assert "docs/guide.md" in text
    assert "quick brown fox" not in text  # inside the diff
    assert "minor update" not in text
    assert "View Diff on GitHub" in text


def test_demo_builds_the_site_of_its_reports(tmp_path: Path) -> None:
    from diffreport.demo import run_demo

    lines = list(run_demo(tmp_path / "demo"))
    posts = sorted((tmp_path / "demo" / "posts").rglob("*.md"))
    site = tmp_path / "demo" / "site"
    assert any(str(site / "index.html") in line for line in lines)
    assert len(posts) == len(list((site / "reports").rglob("*.html"))) > 0
    assert (site / "category" / "contoso.html").is_file()


def test_a_new_code_or_template_version_rebuilds_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import diffreport.site.build as builder

    posts = tmp_path / "posts"
    write_post(posts, "report-20250102-docs.md", title="Diff Insight Report - docs", date="2025-01-02")
    first = build_site(posts, tmp_path / "out")
    assert build_site(posts, tmp_path / "out").rendered == 0
    monkeypatch.setattr(builder, "code_version", lambda *_: "another version")
    again = build_site(posts, tmp_path / "out")
    assert again.rendered == first.outputs
    assert again.rendered_reports == ["report-20250102-docs.md"]


def test_summary_table_types_are_marked() -> None:
    html = render_markdown_html(
        "| File | Type |\n|---|---|\n| a.md | breaking change |\n| b.md | major update |\n"
    )
    assert '<td class="label label-breaking-change">breaking change</td>' in html
    assert "<td>major update</td>" in html  # not one of the four types: left as it is


def test_index_cards_count_files_and_types(tmp_path: Path) -> None:
    rows = "".join(
        f"| [f{i}.md](#item-00000{i}) | {label} | T | added | 1 | 0 | 1 |\n"
        for i, label in enumerate(["new feature", "new feature", "breaking change", "minor update"])
    )
    body = f"# Summary Table\n| Filename | Type | Title | Status | A | D | M |\n|---|---|---|---|---|---|---|\n{rows}"
    posts = tmp_path / "posts"
    write_post(
        posts, "report-20250103-docs.md", title="Diff Insight Report - docs", date="2025-01-03", body=body
    )
    build_site(posts, tmp_path / "out")
    card = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert ">2025-01-03 · docs · 4 files: 2 new features, 1 breaking change</a>" in card
    feed = ET.parse(tmp_path / "out" / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "2025-01-03 · docs · 4 files: 2 new features, 1 breaking change" in titles
