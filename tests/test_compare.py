"""``diffreport compare``/``render``/``schema`` end to end: the reference layout, JSON, errors."""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from pathlib import Path

import pytest
import yaml
from conftest import GitRepoFactory

from diffreport.cli import main
from diffreport.models import Report, anchor_for
from diffreport.templating import fence_for, md_cell


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def docs_repo(git_repo: GitRepoFactory) -> tuple[GitRepoFactory, str, str]:
    r = git_repo
    r.write(
        "articles/ai-services/openai/concepts/models.md",
        "---\ntitle: Models\nms.date: 03/27/2025\n---\n\n# Models\n\n"
        "| Model | Notes |\n| --- | --- |\n| `o3` | soon |\n",
    )
    r.write("articles/ai-services/openai/old.md", "# Old\n\nretired page\n")
    r.write("articles/ai-services/openai/sample.md", "# Sample\n\ntext\n")
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    r.write(
        "articles/ai-services/openai/concepts/models.md",
        "---\ntitle: Models\nms.date: 04/17/2025\n---\n\n# Models\n\n| Model | Notes |\n| --- | --- |\n| `o3` | GA |\n",
    )
    r.remove("articles/ai-services/openai/old.md")
    r.write("articles/ai-services/openai/a|b [x].md", "# Pipes\n\n<script>alert(1)</script>\n")
    r.write("articles/ai-services/openai/sample.md", "# Sample\n\ntext\n\n```python\nprint('hi')\n```\n")
    head = r.commit("head", "2025-04-17T10:00:00+00:00")
    r.git("remote", "add", "origin", "https://user:s3cret@github.com/MicrosoftDocs/azure-ai-docs.git")
    return r, base, head


def test_markdown_follows_the_reference_layout(
    docs_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    r, base, head = docs_repo
    code, out, err = run_cli(
        capsys,
        "compare",
        f"{base}..{head}",
        "--repo",
        str(r.path),
        "--date",
        "2025-04-19",
        "--title",
        "Diff Insight Report - openai",
    )
    assert code == 0, err
    front, body = re.match(r"^---\n(.*?)\n---\n\n(.*)$", out, re.S).groups()  # type: ignore[union-attr]
    meta = yaml.safe_load(front)
    assert meta["title"] == "Diff Insight Report - openai"
    assert meta["date"] == "2025-04-19"
    assert meta["permalink"] == (
        f"https://github.com/MicrosoftDocs/azure-ai-docs/compare/MicrosoftDocs:{base[:7]}...MicrosoftDocs:{head[:7]}"
    )
    assert meta["summary"]
    assert "s3cret" not in out
    assert body.startswith(f"[View Diff on GitHub]({meta['permalink']})\n")
    headings = re.findall(r"^#{1,2} .*$", body, re.M)
    top = [h for h in headings if not h.startswith("## articles")]
    assert top == [
        "# Highlights",
        "## New features",
        "## Breaking changes",
        "## Other updates",
        "# Insights",
        "# Summary Table",
        "# Modified Contents",
    ]
    table = body.split("# Summary Table\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert table[0] == "|  Filename  | Type |    Title    | Status | A  | D  | M  |"
    assert len(table) == 2 + 4
    for row in table[2:]:
        # every row keeps exactly 7 cells: escaped pipes do not split it
        assert len(re.split(r"(?<!\\)\|", row)) == 9, row
    models_anchor = anchor_for("articles/ai-services/openai/concepts/models.md")
    assert models_anchor == "item-db2c37"
    assert f"| [models.md](#{models_anchor}) | minor update |" in body
    assert "| [a\\|b \\[x\\].md](#" in body
    assert f'<a id="{models_anchor}"></a>\n## articles/ai-services/openai/concepts/models.md\n' in body
    assert "<script>" not in body.split("# Modified Contents")[0]
    assert "| deleted | 0 | 3 | 3 |" in body
    section = body.split("## articles/ai-services/openai/concepts/models.md", 1)[1]
    assert section.startswith("\n\n<details>\n<summary>Diff</summary>\n\n````diff\n@@ ")
    summary = re.search(r"### Summary\n\n```json\n(.*?)\n```", section, re.S)
    assert summary
    assert json.loads(summary.group(1))["modification_type"] == "minor update"
    assert "### Explanation\n" in section


def test_japanese_headings(
    docs_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    r, base, head = docs_repo
    code, out, _ = run_cli(capsys, "compare", f"{base}..{head}", "-C", str(r.path), "--lang", "ja")
    assert code == 0
    for heading in (
        "# ハイライト",
        "## 新機能",
        "## 破壊的変更",
        "## その他の更新",
        "# インサイト",
        "# Summary Table",
    ):
        assert f"\n{heading}\n" in out


def test_json_report_schema_and_rerender(
    docs_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r, base, head = docs_repo
    out_json = tmp_path / "out" / "report.json"
    code, _, err = run_cli(
        capsys,
        "compare",
        f"{base}..{head}",
        "-C",
        str(r.path),
        "--format",
        "json",
        "-o",
        str(out_json),
        "--date",
        "2025-04-19",
    )
    assert code == 0, err
    data = json.loads(out_json.read_text())
    for key in ("base", "head", "permalink", "date", "title", "language", "files"):
        assert key in data
    assert (data["base"], data["head"]) == (base, head)
    by_path = {f["path"]: f for f in data["files"]}
    for f in data["files"]:
        for key in (
            "path",
            "old_path",
            "status",
            "additions",
            "deletions",
            "changes",
            "binary",
            "anchor",
            "label",
            "title",
            "explanation",
            "patch",
        ):
            assert key in f
        assert f["changes"] == f["additions"] + f["deletions"]
        assert f["anchor"] == anchor_for(f["path"])
    assert by_path["articles/ai-services/openai/old.md"]["status"] == "deleted"

    code, schema_out, _ = run_cli(capsys, "schema")
    assert code == 0
    schema = json.loads(schema_out)
    assert set(schema["required"]) >= {"title", "date", "base", "head"}

    code, md_direct, _ = run_cli(
        capsys, "compare", f"{base}..{head}", "-C", str(r.path), "--date", "2025-04-19"
    )
    code2, md_again, _ = run_cli(capsys, "render", str(out_json), "--format", "md")
    assert code == code2 == 0
    assert md_again == md_direct
    assert Report.model_validate_json(out_json.read_text()).files[0].path == data["files"][0]["path"]


def test_render_writes_what_compare_wrote_under_the_same_config(
    docs_repo: tuple[GitRepoFactory, str, str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r, base, head = docs_repo
    work = tmp_path / "work"
    (work / "tpl").mkdir(parents=True)
    (work / "diffreport.toml").write_text('[report]\nmarkdown = "pandoc"\n', encoding="utf-8")
    monkeypatch.chdir(work)  # ./diffreport.toml, as compare and run find it
    compare = ["compare", f"{base}..{head}", "-C", str(r.path), "--date", "2025-04-19"]
    code, md_direct, err = run_cli(capsys, *compare)
    assert code == 0, err
    assert run_cli(capsys, *compare, "--format", "json", "-o", "r.json")[0] == 0
    assert run_cli(capsys, "render", "r.json") == (0, md_direct, "")
    code, md_plain, _ = run_cli(capsys, "render", "r.json", "--no-config")
    assert code == 0
    assert md_plain == run_cli(capsys, *compare, "--no-config")[1] != md_direct  # pandoc's form is another

    other = tmp_path / "other.toml"  # $DIFFREPORT_CONFIG, templates relative to that file
    other.write_text('[report]\ntemplates = "work/tpl"\n', encoding="utf-8")
    (work / "tpl" / "report.md.j2").write_text(
        "Report of {{ report.files | length }} files\n", encoding="utf-8"
    )
    monkeypatch.setenv("DIFFREPORT_CONFIG", str(other))
    assert run_cli(capsys, "render", "r.json") == (0, "Report of 4 files\n", "")


@pytest.mark.parametrize(
    ("args", "message", "exit_code"),
    [
        (["compare", "nope..HEAD"], "unknown revision", 1),
        (["compare", "HEAD..HEAD"], "no matching changes", 1),
        (["compare", "HEAD~1..HEAD", "--date", "19/04/2025"], "--date must be YYYY-MM-DD", 2),
        (["compare", "HEAD~1..HEAD", "--lang", "xx"], "unsupported language", 2),
        (["compare", "HEAD~1..HEAD", "--format", "pdf"], "--format must be one of", 2),
        (["render", "missing.json"], "cannot read", 2),
    ],
)
def test_errors_are_one_line_without_traceback(
    docs_repo: tuple[GitRepoFactory, str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
    exit_code: int,
) -> None:
    r, _, _ = docs_repo
    monkeypatch.chdir(r.path)
    code, out, err = run_cli(capsys, *args)
    assert code == exit_code
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_not_a_repository_and_unwritable_output(
    docs_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r, base, head = docs_repo
    plain = tmp_path / "plain"
    plain.mkdir()
    code, _, err = run_cli(capsys, "compare", "HEAD~1..HEAD", "--repo", str(plain))
    assert code == 1
    assert "not a git repository" in err
    assert len(err.splitlines()) == 1
    blocker = tmp_path / "file"
    blocker.write_text("I am a file")
    code, _, err = run_cli(
        capsys, "compare", f"{base}..{head}", "-C", str(r.path), "-o", str(blocker / "x.md")
    )
    assert code == 1
    assert "cannot write" in err
    assert len(err.splitlines()) == 1
    assert blocker.read_text() == "I am a file"


def test_bad_json_report_names_the_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"title": "x", "date": "2025-01-01", "base": "a"}))
    code, _, err = run_cli(capsys, "render", str(bad))
    assert code == 2
    assert "head" in err
    assert len(err.splitlines()) == 1


def test_fence_outgrows_fences_in_the_patch() -> None:
    assert fence_for("+plain\n-text") == "````"
    assert fence_for("+```python\n ```") == "````"
    assert fence_for(" ````\n+`````md") == "``````"
    assert fence_for("+text with ```````` inside") == "````"
    assert fence_for("+old Mac line ends\r`````` start a line too") == "```````"


def test_fence_for_finds_what_the_line_pattern_finds() -> None:
    r"""The one-pass scan agrees with the pattern it stands for, `(?:^|\r)[ +\-\\]?[ \t]*(`{3,})`, on random
    patches of backticks, tildes, signs, blanks and line ends (a 100,000-character line of backticks too)."""
    import random

    def pattern(patch: str, char: str) -> str:
        runs = re.finditer(rf"(?:^|\r)[ +\-\\]?[ \t]*({re.escape(char)}{{3,}})", patch, re.MULTILINE)
        return char * max(4, max((len(m.group(1)) for m in runs), default=0) + 1)

    rng = random.Random(7)
    for _ in range(3000):
        patch = "".join(rng.choice("``````~~~ \t+-\\\n\rab") for _ in range(rng.randrange(60)))
        for char in "`~":
            assert fence_for(patch, char) == pattern(patch, char), repr(patch)
    assert fence_for("+" + "` " * 50_000) == "````"
    assert fence_for("`" * 100_000) == "`" * 100_001


def test_table_cells_are_escaped() -> None:
    assert md_cell("a|b") == "a\\|b"
    assert md_cell("two\nlines <b>") == "two lines &lt;b&gt;"


def test_python_dash_m_entry_point(docs_repo: tuple[GitRepoFactory, str, str]) -> None:
    import subprocess
    import sys

    r, base, head = docs_repo
    proc = subprocess.run(
        [sys.executable, "-m", "diffreport", "compare", f"{base}..{head}", "--format", "json"],
        cwd=r.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["files"]) == 4


def test_usage_errors_exit_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "compare")
    assert code == 2
    assert "Missing argument 'RANGE'" in err
    assert "Traceback" not in err
    code, _, err = run_cli(capsys, "no-such-command")
    assert code == 2
    assert "Traceback" not in err


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from diffreport.cli import app

    group = typer.main.get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert {"compare", "render", "schema", "demo"} <= set(names)
    for name in names:
        code, out, _ = run_cli(capsys, name, "--help")
        assert code == 0
        assert "Usage:" in out
        assert group.commands[name].help  # type: ignore[attr-defined]
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0
    assert out.startswith("diffreport ")


def test_config_language_and_invalid_config(
    docs_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r, base, head = docs_repo
    good = tmp_path / "diffreport.toml"
    good.write_text('[report]\nlanguage = "ja"\n')
    code, out, _ = run_cli(capsys, "compare", f"{base}..{head}", "-C", str(r.path), "--config", str(good))
    assert code == 0
    assert "\n# ハイライト\n" in out
    code, out, _ = run_cli(
        capsys, "compare", f"{base}..{head}", "-C", str(r.path), "-c", str(good), "--lang", "en"
    )
    assert "\n# Highlights\n" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('[report]\nlanguag = "ja"\n')
    code, _, err = run_cli(capsys, "compare", f"{base}..{head}", "-C", str(r.path), "--config", str(bad))
    assert code == 2
    assert "report.languag: unknown key (did you mean 'language'?)" in err
    assert len(err.splitlines()) == 1


def test_worker_processes_give_the_same_report(
    git_repo: GitRepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diffreport import pipeline

    r = git_repo
    for i in range(24):
        r.write(
            f"docs/p{i}.md", f"---\ntitle: P{i}\nms.date: 01/01/2025\n---\n\n# P{i}\n\n## Use\n\ntext {i}\n"
        )
    base = r.commit("base")
    for i in range(24):
        r.write(
            f"docs/p{i}.md",
            f"---\ntitle: P{i}\nms.date: 02/01/2025\n---\n\n# P{i}\n\n## Use\n\ntext {i} more\n",
        )
    r.write("docs/new.md", "# New\n\n```python\nprint(1)\n```\n")
    head = r.commit("head")
    opts = {"range": f"{base}..{head}", "repo": str(r.path), "date": None}
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 5)
    one = pipeline.compare(pipeline.CompareOptions(**opts, jobs=1))
    two = pipeline.compare(pipeline.CompareOptions(**opts, jobs=2))
    assert len(two.files) == 25
    assert two.model_dump() == one.model_dump()
    # both versions were read from git inside the workers (not analysed from the patch alone)
    assert all(f.analysis and f.analysis.source == "full" for f in two.files)


def test_a_deleted_page_does_not_count_as_a_feature_leaving_preview(git_repo: GitRepoFactory) -> None:
    from diffreport.pipeline import CompareOptions, compare

    r = git_repo
    r.write("docs/old.md", "# Old\n\nThis feature is in preview and coming soon.\n")
    r.write("docs/keep.md", "# Keep\n\nText.\n")
    base = r.commit("base")
    r.remove("docs/old.md")
    r.write("docs/keep.md", "# Keep\n\nText, edited.\n")
    head = r.commit("remove the preview page")
    report = compare(CompareOptions(range=f"{base}..{head}", repo=str(r.path)))
    assert not any("old.md" in insight and "available" in insight for insight in report.insights)
    assert any("old.md" in insight for insight in report.insights)  # still reported as a removed page


def test_report_notes_are_shown_and_escaped() -> None:
    from diffreport.models import Report
    from diffreport.render import render_markdown

    report = Report(
        title="t",
        date="2025-04-19",
        base="a" * 40,
        head="b" * 40,
        notes=["LLM: 2 of 4 files kept their rule-based text (server unreachable).", "<script>x</script>"],
    )
    text = render_markdown(report)
    assert "> LLM: 2 of 4 files kept their rule-based text (server unreachable).\n" in text
    assert "> &lt;script&gt;x&lt;/script&gt;\n" in text
    assert text.index("> LLM:") < text.index("# Highlights")


def test_compare_a_remote_url_clones_then_fetches(
    docs_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r, base, head = docs_repo
    url = r.path.resolve().as_uri()
    code, out, err = run_cli(capsys, "compare", f"{base[:8]}..main", "--repo", url, "--format", "json")
    assert code == 0, err
    assert len(json.loads(out)["files"]) == 4
    clones = list((Path.home() / ".cache" / "diffreport" / "repos").glob("compare-*.git"))
    assert len(clones) == 1
    assert (clones[0] / "HEAD").is_file()
    assert [h.name for h in (clones[0] / "hooks").glob("*") if not h.name.endswith(".sample")] == []
    r.write("articles/ai-services/openai/later.md", "# Later\n")
    later = r.commit("later", "2025-04-18T10:00:00+00:00")
    code, out, err = run_cli(capsys, "compare", f"{head[:8]}..main", "--repo", url, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["head"] == later
    assert [f["path"] for f in report["files"]] == ["articles/ai-services/openai/later.md"]
    code, _, err = run_cli(capsys, "compare", "HEAD~1..HEAD", "--repo", "file:///nonexistent/repo.git")
    assert code == 1
    assert "cannot fetch" in err
    assert len(err.splitlines()) == 1


def test_hostile_inputs_end_to_end(
    git_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Odd names, non-UTF-8, huge, binary and symlinked files go through every stage and format."""
    r = git_repo
    r.write("docs/seed.md", "# Seed\n")
    base = r.commit("base")
    names = ["docs/new\nline.md", "docs/<script>alert(1)</script>.md", "docs/a|b.md", "docs/日本語.md"]
    for i, name in enumerate(names):
        r.write(name, f"# Page {i}\n\n[link](javascript:alert({i}))\n")
    r.write("docs/latin1.md", "# Caf\xe9\n\nna\xefve\n".encode("latin-1"))
    r.write("docs/huge.md", "# Huge\n\n" + "".join(f"line {i} " + "x" * 100 + "\n" for i in range(30000)))
    r.write("docs/pic.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    r.write("docs/nul.md", b"# has a NUL\x00 byte\n")
    (r.path / "docs" / "link.md").symlink_to("seed.md")
    head = r.commit("hostile")
    outputs = {}
    for fmt in ("md", "json", "html"):
        out = tmp_path / f"report.{fmt}"
        code, _, err = run_cli(capsys, "compare", f"{base}..{head}", "-C", str(r.path), "-o", str(out))
        assert code == 0, err
        assert "Traceback" not in err
        outputs[fmt] = out.read_text(encoding="utf-8")
    data = json.loads(outputs["json"])
    assert {f["path"] for f in data["files"]} == {
        *names,
        "docs/latin1.md",
        "docs/huge.md",
        "docs/pic.png",
        "docs/nul.md",
        "docs/link.md",
    }
    assert next(f for f in data["files"] if f["path"] == "docs/huge.md")["additions"] == 30002
    assert "<script>alert" not in outputs["html"]
    assert 'href="javascript:' not in outputs["html"]
    table = outputs["md"].split("# Summary Table\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(table) == 2 + 9
    assert all(len(re.split(r"(?<!\\)\|", row)) == 9 for row in table[2:])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_output_to_a_device_or_a_pipe_is_written_to_not_replaced(
    docs_repo: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``-o /dev/null`` renamed a temporary file over the device (as root, /dev/null became a file); a
    named pipe was replaced the same way, and its reader got nothing."""
    r, base, head = docs_repo
    to_null = tmp_path / "to-null"
    to_null.symlink_to(os.devnull)  # (the device itself is never at risk here, whatever the code does)
    code, _, err = run_cli(capsys, "compare", f"{base}..{head}", "-C", str(r.path), "-o", str(to_null))
    assert (code, err) == (0, f"wrote {to_null}\n")
    assert to_null.is_symlink()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, _, _ = run_cli(capsys, "compare", f"{base}..{head}", "-C", str(r.path), "-o", str(pipe))
    reader.join(timeout=30)
    assert code == 0
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert received[0].decode().startswith("---\n")
    assert "# Summary Table" in received[0].decode()
