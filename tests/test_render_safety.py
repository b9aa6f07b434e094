"""Hostile report fields: a hand-edited JSON report is refused with one line; any text is inert in every format."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from markdown_it.token import Token
from render_helpers import PRESETS, check_report_structure, parser

from diffreport.cli import main
from diffreport.demo import build_repo
from diffreport.models import Report
from diffreport.pipeline import CompareOptions, compare
from diffreport.render import render, render_markdown

SCRIPT = "<script>alert(1)</script>"
JS = "javascript:alert(1)"
_OUR_HTML = re.compile(r'<details>\n<summary>Diff</summary>\n|</details>\n|<a id="[A-Za-z0-9_-]+">|</a>')
# model text that tries to become structure: a heading, links, an image, a reference, a list, a fence
LLM_TEXT = (
    "Fine.\n\n# Injected heading\n\n[click](javascript:alert(1)) ![x](http://tracker.example/p.png) "
    "\\[esc](javascript:alert(2)) <img src=x onerror=alert(3)> `[kept](code)`\n\n"
    "[ref]: javascript:alert(4)\n\n- injected item\n\n```\nfence that never closes"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    repo = tmp_path_factory.mktemp("demo") / "repo"
    commits = build_repo(repo)
    subprocess.run(
        ["git", "-C", str(repo), "remote", "add", "origin", "https://github.com/contoso/docs.git"], check=True
    )
    return compare(CompareOptions(range=f"{commits[0][0]}..{commits[-1][0]}", repo=str(repo), jobs=1))


def _tokens(tokens: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        flat += _tokens(token.children or [])
    return flat


def _structure(text: str, preset: str) -> dict[str, Any]:
    tokens = _tokens(parser(preset).parse(text))
    return {
        "links": [str(t.attrGet("href")) for t in tokens if t.type == "link_open"],
        "images": [str(t.attrGet("src")) for t in tokens if t.type == "image"],
        "html": [t.content for t in tokens if t.type in ("html_block", "html_inline")],
        "headings": [
            (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
        ],
    }


def _hand_edited(tmp_path: Path, report: Report, key: str, value: object) -> Path:
    data = json.loads(report.model_dump_json())
    target = data["files"][0] if key.startswith("files.") else data
    target[key.removeprefix("files.")] = value
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("permalink", JS),
        ("permalink", f"https://example.com/{SCRIPT}\n"),
        ("files.status", SCRIPT),
        ("files.anchor", JS),
        ("files.anchor", 'item-abc123"><script>'),
        ("files.label", "major update"),
        ("date", "2025-13-45"),
        ("date", "2025-04-19T25:99"),
        ("language", "xx"),
    ],
)
def test_render_refuses_a_hand_edited_report_in_one_line(
    tmp_path: Path, report: Report, capsys: pytest.CaptureFixture[str], key: str, value: str
) -> None:
    path = _hand_edited(tmp_path, report, key, value)
    assert main(["render", str(path), "-f", "md"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert f"{key.replace('files.', 'files.0.')}: " in err


def test_render_takes_a_hostile_host_as_text(
    tmp_path: Path, report: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hand_edited(tmp_path, report, "host", f"{SCRIPT}](javascript:alert(2))")
    assert main(["render", str(path), "-f", "md"]) == 0
    out = capsys.readouterr().out
    for preset in PRESETS:
        found = _structure(out, preset)
        assert [h for h in found["links"] if not h.startswith("#")] == [report.permalink]
        assert all(_OUR_HTML.fullmatch(h) for h in found["html"]), found["html"]


@pytest.mark.filterwarnings(
    "ignore:Pydantic serializer warnings"
)  # values the enums would refuse, on purpose
def test_every_field_is_escaped_in_every_format(report: Report) -> None:
    """Fields that loading would refuse, set in memory: still inert in Markdown, HTML and JSON."""
    first = report.files[0].model_copy(
        update={"status": SCRIPT, "anchor": f'{JS}"><script>', "label": SCRIPT, "title": SCRIPT}
    )
    hostile = report.model_copy(
        update={"host": SCRIPT, "permalink": JS, "files": [first, *report.files[1:]], "category": SCRIPT}
    )
    markdown = render(hostile, "md")
    pandoc = render(hostile, "md", markdown="pandoc")
    assert "javascript:" not in pandoc.split("# Modified Contents")[0]
    for text in (markdown,):  # the pandoc form is read right by pandoc only (see test_render_markdown)
        assert "javascript:" not in text.split("# Modified Contents")[0]
        for preset in PRESETS:
            found = _structure(text, preset)
            anchors = [f"#{f.anchor}" for f in report.files[1:]]
            assert found["links"][-len(anchors) :] == anchors  # the Summary Table's, after any bullet's
            assert set(found["links"]) <= {"#javascriptalert1script", *anchors}
            assert all(_OUR_HTML.fullmatch(h) for h in found["html"]), found["html"]
    html = render(hostile, "html")
    assert "<script>alert" not in html
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert json.loads(render(hostile, "json"))["files"][0]["status"] == SCRIPT  # data, JSON-escaped


def test_model_text_never_becomes_structure(report: Report) -> None:
    """An LLM's title, explanation, highlights, insights and notes stay text (code spans stay code)."""
    files = [f.model_copy(update={"title": LLM_TEXT, "explanation": LLM_TEXT}) for f in report.files]
    hostile = report.model_copy(
        update={
            "files": files,
            "summary": LLM_TEXT,
            "highlights": LLM_TEXT,
            "insights": [LLM_TEXT],
            "new_features": [LLM_TEXT, "# heading", "1. one", "- two", "***", "~~~"],
            "notes": [LLM_TEXT],
        }
    )
    for form in ("commonmark", "pandoc"):
        text = render_markdown(hostile, markdown=form)
        for preset in PRESETS:
            found = _structure(text, preset)
            assert found["headings"] == _structure(render_markdown(report, markdown=form), preset)["headings"]
            assert found["images"] == []
            links = [h for h in found["links"] if not h.startswith("#item-")]
            if preset == "commonmark":
                assert links == [report.permalink]
            else:  # GFM autolinks bare web addresses, and only those
                assert all(h == report.permalink or h == "http://tracker.example/p.png" for h in links)
            if form == "commonmark":
                assert all(_OUR_HTML.fullmatch(h) for h in found["html"]), found["html"]
                check_report_structure(hostile, text, preset)
            else:  # CommonMark shows the pandoc form's diffs as raw HTML blocks (see test_render_markdown)
                assert not any("onerror" in h or "javascript" in h for h in found["html"])
            html = parser(preset).render(text)
            assert "<code>[kept](code)</code>" in html
            assert "Injected heading" in html


def test_a_patch_with_old_mac_line_ends_stays_in_its_fence(report: Report) -> None:
    """A lone carriage return ends a line for CommonMark (git sees one line): a run of backticks or tildes
    after one cannot close the diff's fence, in Markdown or in HTML."""
    patch = "@@ -1 +1 @@\n-old\n+a\r``````\r# Injected heading\r``````\r~~~~~~\r</details>\r<details>\n+b"
    files = [report.files[0].model_copy(update={"patch": patch}), *report.files[1:]]
    hostile = report.model_copy(update={"files": files})
    text = render_markdown(hostile)
    for preset in PRESETS:
        check_report_structure(hostile, text, preset)  # every diff whole in its fence
        assert _structure(text, preset)["headings"] == _structure(render_markdown(report), preset)["headings"]
    html = render(hostile, "html")
    assert "Injected heading</h1>" not in html
    assert html.count('<details class="file-diff">') == html.count("</details>")
