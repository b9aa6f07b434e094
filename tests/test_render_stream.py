"""Rendering in pieces: the pieces join to exactly the text rendered whole, and are written as they come.

The whole-text references are the ones rendering used before it streamed: pydantic's ``model_dump_json``
of the whole report, and Jinja's ``Template.render`` (swapped in for ``Template.generate`` here).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import GitRepoFactory
from golden_helpers import GOLDEN, build_openai_repo

from diffreport.cli import main
from diffreport.demo import build_repo
from diffreport.errors import OutputError, UsageError
from diffreport.models import Report, RuleHit
from diffreport.pipeline import CompareOptions, compare
from diffreport.render import FORMATS, render, render_chunks
from diffreport.writer import write_atomic

# strings that could confuse a splice of JSON text or a template: the files key itself, braces, quotes,
# backslashes, control characters, line and paragraph separators, scripts, and text beyond the BMP
ODD = (
    '\n  "files": [],\n  "notes": []\n}',
    '"}, {"path": "x"}] \\ \\n \\u0000 \x00 \x1f \x7f \r\n \t',
    "\u2028\u2029 \ufeff \u200b",
    "日本語の説明。 — «ü» 🎉👩‍💻 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<script>alert(1)</script> {{ 1 }} {% raw %} ```",
)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    repo = tmp_path_factory.mktemp("demo") / "repo"
    commits = build_repo(repo)
    subprocess.run(
        ["git", "-C", str(repo), "remote", "add", "origin", "https://github.com/contoso/docs.git"], check=True
    )
    return compare(CompareOptions(range=f"{commits[0][0]}..{commits[-1][0]}", repo=str(repo), jobs=1))


@pytest.fixture(scope="module")
def odd_report(demo_report: Report) -> Report:
    """The demo report (nested analyses and rules) with odd text in every kind of field, many times over."""
    odd = " ".join(ODD)
    files = [
        f.model_copy(
            update={
                "title": f"{f.title} {ODD[n % len(ODD)]}",
                "explanation": odd,
                "notes": list(ODD),
                "rules": [*f.rules, RuleHit(id="odd", label=f.label, message=odd, evidence=list(ODD))],
            }
        )
        for n, f in enumerate(demo_report.files * 40)
    ]
    assert any(f.analysis is not None for f in files)
    return demo_report.model_copy(
        update={"files": files, "summary": odd, "insights": list(ODD), "notes": list(ODD), "title": ODD[3]}
    )


@pytest.fixture
def whole_jinja(monkeypatch: pytest.MonkeyPatch) -> None:
    """Templates rendered whole, as before rendering streamed."""

    def generate(self: jinja2.Template, *args: Any, **kwargs: Any) -> Iterator[str]:
        yield self.render(*args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "generate", generate)


def _whole(report: Report, fmt: str, markdown: str, request: pytest.FixtureRequest) -> str:
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    request.getfixturevalue("whole_jinja")
    return render(report, fmt, markdown=markdown)


@pytest.mark.parametrize(
    ("fmt", "markdown"),
    [("json", "commonmark"), ("md", "commonmark"), ("md", "pandoc"), ("html", "commonmark")],
)
@pytest.mark.parametrize("which", ["demo", "odd"])
def test_pieces_join_to_the_whole_rendering(
    fmt: str, markdown: str, which: str, request: pytest.FixtureRequest
) -> None:
    report: Report = request.getfixturevalue(f"{which}_report")
    pieces = list(render_chunks(report, fmt, markdown=markdown))
    assert "".join(pieces) == render(report, fmt, markdown=markdown)
    assert "".join(pieces) == _whole(report, fmt, markdown, request)
    if which == "odd":
        assert len(pieces) > 3
        if fmt != "html":  # the page's head and its body's top (the Summary Table) go whole: see below
            assert max(map(len, pieces)) <= 1 << 16


@pytest.mark.parametrize("count", [0, 1])
def test_json_of_few_files(demo_report: Report, count: int) -> None:
    report = demo_report.model_copy(update={"files": demo_report.files[:count], "notes": []})
    assert render(report, "json") == report.model_dump_json(indent=2) + "\n"


def test_a_golden_report_written_in_pieces(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    repo = GitRepoFactory(tmp_path / "openai")
    base, head = build_openai_repo(repo)
    repo.git("remote", "add", "origin", "https://github.com/MicrosoftDocs/azure-ai-docs.git")
    report = compare(
        CompareOptions(
            range=f"{base}..{head}", repo=str(repo.path), date=dt.date(2025, 4, 19), category="openai"
        )
    )
    for markdown, suffix in (("commonmark", "md"), ("pandoc", "pandoc.md")):
        out = write_atomic(tmp_path / f"report.{suffix}", render_chunks(report, "md", markdown=markdown))
        assert out.read_bytes() == (GOLDEN / f"openai-20250419.en.{suffix}").read_bytes()
    out = write_atomic(tmp_path / "report.json", render_chunks(report, "json"))
    assert out.read_bytes() == (report.model_dump_json(indent=2) + "\n").encode()
    streamed_html = "".join(render_chunks(report, "html"))
    request.getfixturevalue("whole_jinja")
    assert streamed_html == render(report, "html")


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_writes_the_rendering_to_a_file_and_to_stdout(
    fmt: str, odd_report: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = write_atomic(tmp_path / "report.json", render(odd_report, "json"))
    expected = render(Report.model_validate_json(saved.read_bytes()), fmt)
    assert main(["render", str(saved), "-f", fmt, "-o", str(tmp_path / f"out.{fmt}"), "-q"]) == 0
    assert (tmp_path / f"out.{fmt}").read_bytes() == expected.encode()
    capsys.readouterr()
    assert main(["render", str(saved), "-f", fmt]) == 0
    assert capsys.readouterr().out == expected


def test_bad_names_are_refused_before_any_piece(demo_report: Report) -> None:
    with pytest.raises(UsageError, match="unknown format"):
        render_chunks(demo_report, "pdf")
    with pytest.raises(UsageError, match="unknown Markdown form"):
        render_chunks(demo_report, "md", markdown="rst")


def test_a_failing_piece_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "new "
        raise UsageError("the template failed")

    with pytest.raises(UsageError, match="the template failed"):
        write_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_an_unencodable_piece_or_a_bad_folder_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_atomic(tmp_path / "report.md", iter(["fine ", "\udc80"]))
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(tmp_path / "file" / "report.md", iter(["x"]))
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "shift_jis"])
def test_large_pieces_are_written_whole_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    """Pieces larger than what is encoded at a time, with multi-byte characters across every boundary."""
    big = "日本語のテキスト。 abc\n" * 300_000
    pieces = ["前書き\n", big, "", "x", big[:1001]]
    out = write_atomic(tmp_path / "big.txt", iter(pieces), encoding=encoding)
    assert out.read_bytes() == "".join(pieces).encode(encoding)


def test_a_template_failing_halfway_prints_nothing_but_its_error(
    demo_report: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = write_atomic(tmp_path / "report.json", render(demo_report, "json"))
    templates = tmp_path / "templates"
    templates.mkdir()
    # more than a piece's worth of text (64 Ki characters) before the error
    body = "{% for i in range(20000) %}{{ report.files[0].path }} {{ i }}\n{% endfor %}{{ no_such.thing }}\n"
    (templates / "report.md.j2").write_text(body)
    capsys.readouterr()
    assert main(["render", str(saved), "-f", "md", "--templates", str(templates)]) != 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("diffreport: error: template report.md.j2: UndefinedError:")
    assert len(err.strip().splitlines()) == 1


def _page_converted_whole(report: Report) -> str:
    """The HTML page as it was made before its body went a file's section at a time: the Markdown body
    converted by the site's renderer in one go."""
    from diffreport.render.html import standalone_context
    from diffreport.site.pages import report_body_html
    from diffreport.site.reports import split_front_matter
    from diffreport.templating import get_env

    _, body = split_front_matter(render(report, "md"))
    page = get_env(report.language).get_template("report.html.j2")
    return page.render(report=report, body=report_body_html(body), **standalone_context(report))


def _conversions(files: int) -> int:
    """How many times a report's body is converted: its top with the first file, then once a file, and
    its Summary Table (a row a file) in parts of TABLE_ROWS rows."""
    from diffreport.render import html

    parts = files // html.TABLE_ROWS + (1 if files >= html.TABLE_ROWS and files % html.TABLE_ROWS else 0)
    return files + parts


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown texts the HTML page's body is converted from, one a call."""
    from diffreport.render import html
    from diffreport.site.pages import report_body_html

    texts: list[str] = []

    def converted(text: str) -> Any:
        texts.append(text)
        return report_body_html(text)

    monkeypatch.setattr(html, "report_body_html", converted)
    return texts


@pytest.mark.parametrize("which", ["demo", "odd"])
def test_the_html_body_is_converted_a_file_at_a_time_as_it_was_whole(
    which: str, request: pytest.FixtureRequest, conversions: list[str]
) -> None:
    report: Report = request.getfixturevalue(f"{which}_report")
    streamed = "".join(render_chunks(report, "html"))
    assert len(conversions) == _conversions(len(report.files))
    assert sum(text.startswith('<a id="item-') for text in conversions) == len(report.files) - 1
    assert streamed == _page_converted_whole(report)


def test_hostile_diffs_and_texts_still_convert_as_whole(demo_report: Report, conversions: list[str]) -> None:
    """Diffs that hold what a section starts with, fences, <details> and references, on git's lines and on
    CommonMark's (a lone carriage return ends a line for it); texts that try the same."""
    lines = [
        '<a id="item-abcdef"></a>',
        "",
        "````",
        "~~~~~",
        "<details>",
        "</details>",
        "[ref]: https://example.com",
        "# heading",
    ]
    patch = "@@ -1,9 +1,9 @@\n" + "".join(f" {line}\n+{line}\r{line}\r\n-\r{line}\n" for line in lines) + " "
    odd = "\n\n".join(lines)
    files = [
        f.model_copy(update={"patch": patch, "title": odd, "explanation": odd, "notes": [odd]})
        for f in demo_report.files * 3
    ]
    report = demo_report.model_copy(update={"files": files, "insights": [odd], "highlights": odd})
    assert "".join(render_chunks(report, "html")) == _page_converted_whole(report)
    assert len(conversions) == _conversions(len(files))


def test_a_template_of_the_users_gets_the_body_converted_whole(
    demo_report: Report, tmp_path: Path, conversions: list[str]
) -> None:
    (tmp_path / "report.md.j2").write_text(
        '# Files\n{% for f in report.files %}\n<a id="{{ f.anchor }}"></a>\n\n## {{ f.path }}\n{% endfor %}\n'
    )
    html = "".join(render_chunks(demo_report, "html", template_dir=str(tmp_path)))
    assert len(conversions) == 1
    assert conversions[0].startswith("# Files\n")
    assert html.count("<h2") == len(demo_report.files)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "rng"),
    [("semantic-kernel-docs", "ca2f2dbef4b1..33575d4a9676"), ("diff-insight-posts-2024", "HEAD~40..HEAD")],
)
def test_real_reports_convert_to_the_same_page(
    corpus: Path, tmp_path: Path, name: str, rng: str, conversions: list[str]
) -> None:
    """Real ranges: a docs repository's year, and reports about docs (whose diffs hold report sections)."""
    bundle = corpus / "repos" / f"{name}.bundle"
    if not bundle.is_file():
        pytest.skip(f"{bundle} not found")
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(tmp_path / "repo")], check=True)
    report = compare(CompareOptions(range=rng, repo=str(tmp_path / "repo"), include=["*"], jobs=1))
    assert "".join(render_chunks(report, "html")) == _page_converted_whole(report)
    assert len(conversions) == _conversions(len(report.files))


def test_the_body_is_cut_only_where_nothing_is_open(conversions: list[str]) -> None:
    from diffreport.render.html import _sections
    from diffreport.site.pages import report_body_html
    from diffreport.site.reports import split_front_matter

    def anchor(n: int) -> str:
        return f'<a id="item-00000{n}"></a>\n'

    markdown = (
        "---\ntitle: '```'\n---\n# Top\n\n"
        f"{anchor(1)}## one\n\n````\n\n{anchor(2)}```\n````\n\n"  # in a fence: no cut
        f"<details>\n\n{anchor(3)}</details>\n\n"  # in <details>: no cut
        f"text\n{anchor(4)}\n"  # no blank line before: no cut
        f"~~~\n\n{anchor(5)}~~~\n\n{anchor(6)}## six\n"
    )
    pieces = [markdown[i : i + 7] for i in range(0, len(markdown), 7)]  # cut anywhere by the template
    html = "".join(_sections(pieces))
    assert html == report_body_html(split_front_matter(markdown)[1])
    assert [text.splitlines()[0] for text in conversions[1:]] == [anchor(1).strip(), anchor(6).strip()]


def test_a_page_template_of_the_users_that_reads_the_body_gets_it_whole(
    demo_report: Report, tmp_path: Path, conversions: list[str]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shipped = Path(__file__).parents[1] / "templates" / "site" / "base.html"
    base = shipped.read_text(encoding="utf-8").replace(
        "<head>", "<head>\n<!-- {{ body | striptags | length }} -->", 1
    )
    (site / "base.html").write_text(base, encoding="utf-8")
    html = "".join(render_chunks(demo_report, "html", template_dir=str(tmp_path)))
    assert len(conversions) == 1
    length = int(html.split("<!-- ", 1)[1].split(" -->", 1)[0])
    assert length > 1000  # the body's text, not a stand-in's


@pytest.mark.parametrize("rows", [1, 2, 3, 7])
def test_the_summary_table_is_converted_some_rows_at_a_time(
    rows: int, odd_report: Report, monkeypatch: pytest.MonkeyPatch, conversions: list[str]
) -> None:
    from diffreport.render import html

    monkeypatch.setattr(html, "TABLE_ROWS", rows)
    report = odd_report.model_copy(update={"files": odd_report.files[:14]})  # 1, 2 and 7 divide 14
    assert "".join(render_chunks(report, "html")) == _page_converted_whole(report)
    parts = [text for text in conversions if text.startswith("|  Filename")]  # under the table's head again
    # a part every ``rows`` rows, the first with the top; what is left after the last, if anything
    assert len(parts) == {1: 13, 2: 6, 3: 4, 7: 1}[rows]


def test_pieces_reach_stdout_only_once_all_are_encoded(capsys: pytest.CaptureFixture[str]) -> None:
    """A report's pieces are held encoded until the last, not joined into one string (four bytes a
    character once one emoji is in it): a piece that cannot be encoded prints nothing."""
    from diffreport.cli.compare import emit

    capsys.readouterr()
    with pytest.raises(UnicodeEncodeError):
        emit(iter(["fine ", "\udc80"]), None)
    assert capsys.readouterr().out == ""
    emit(iter(["👋 Welcome\n", "", "日本語 ", "x" * 100_000]), None)
    assert capsys.readouterr().out == "👋 Welcome\n日本語 " + "x" * 100_000


def test_a_large_report_to_stdout_is_not_held_as_one_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """5 million characters with an emoji in them, written to stdout: the pieces are never joined (as one
    string they would take 20 MB, four bytes a character)."""
    import io
    import tracemalloc

    from diffreport.cli.compare import emit

    piece = "👋" + "x" * 49_999
    with (tmp_path / "out.txt").open("wb") as raw:
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8"))
        tracemalloc.start()
        try:
            emit((piece for _ in range(100)), None)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == piece * 100
    assert peak < 5_000_000
