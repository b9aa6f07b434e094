"""What commands say on stderr: -q/-v on every command, progress as plain lines off a terminal, and log
records printed whole above a terminal's progress bars."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typer
from conftest import GitRepoFactory
from rich.console import Console
from run_helpers import docs_repo, url, write_config

from diffreport.cli import app, main, output


def commands(group: object, prefix: str = "") -> dict[str, object]:
    found: dict[str, object] = {}
    for name, command in getattr(group, "commands", {}).items():
        if getattr(command, "commands", None):
            found.update(commands(command, f"{prefix}{name} "))
        else:
            found[prefix + name] = command
    return found


def test_every_command_has_quiet_and_verbose() -> None:
    every = commands(typer.main.get_command(app))
    assert {"compare", "render", "schema", "classify", "run", "demo", "site build", "site serve"} <= set(
        every
    )
    for name, command in every.items():
        flags = {flag for param in command.params for flag in param.opts}  # type: ignore[attr-defined]
        assert {"-q", "--quiet", "-v", "--verbose"} <= flags, name


@pytest.fixture
def big_range(git_repo: GitRepoFactory) -> tuple[GitRepoFactory, str, str]:
    r = git_repo
    for i in range(120):
        r.write(f"docs/page-{i:03}.md", f"# Page {i}\n\nFirst text.\n")
    base = r.commit("base", "2025-04-16T10:00:00+00:00")
    for i in range(120):
        r.write(f"docs/page-{i:03}.md", f"# Page {i}\n\nSecond text.\n")
    head = r.commit("head", "2025-04-17T10:00:00+00:00")
    return r, base, head


def test_a_large_compare_shows_plain_progress_lines_and_q_silences_them(
    big_range: tuple[GitRepoFactory, str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r, base, head = big_range
    out = tmp_path / "report.md"
    assert main(["compare", f"{base}..{head}", "-C", str(r.path), "--no-config", "-o", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    progress = [line for line in err if line.startswith("diffreport: analysing files: ")]
    assert progress[-1] == "diffreport: analysing files: 120/120"
    assert 2 <= len(progress) <= 11  # a line a tenth, not a line a file
    assert err[-1] == f"wrote {out}"

    assert main(["compare", f"{base}..{head}", "-C", str(r.path), "--no-config", "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == ""
    # errors still come through -q
    assert main(["compare", "nope..HEAD", "-C", str(r.path), "--no-config", "-q"]) == 1
    assert capsys.readouterr().err.startswith("diffreport: error: ")


def test_a_small_compare_says_nothing_as_plain_lines(
    git_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    git_repo.write("a.md", "# A\n")
    base = git_repo.commit("base")
    git_repo.write("a.md", "# A\n\nmore\n")
    head = git_repo.commit("head")
    assert main(["compare", f"{base}..{head}", "-C", str(git_repo.path), "--no-config"]) == 0
    assert capsys.readouterr().err == ""


def test_verbose_and_quiet_on_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = docs_repo(tmp_path / "repo")
    cfg = write_config(tmp_path / "site", url(repo))
    assert main(["run", "--config", str(cfg), "--date", "2025-04-17", "-v"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"diffreport: config: {cfg}"
    assert any(line.startswith("diffreport: INFO: cloning ") for line in err)  # -v: the library's steps
    assert "diffreport: reading docs" in err  # the run's steps
    repo.write("articles/openai/models.md", "# Models\n\nGPT-5 is available.\n")
    repo.commit("next", date="2025-04-18T10:00:00+00:00")
    assert main(["run", "--config", str(cfg), "--date", "2025-04-18", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_a_warning_during_a_run_is_a_whole_line_above_the_bars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = docs_repo(tmp_path / "repo")
    first = repo.git("rev-parse", "HEAD").strip()
    repo.write("articles/search/index.md", "# Search\n\ndropped later\n")
    repo.commit("to be dropped", date="2025-04-18T10:00:00+00:00")
    cfg = write_config(tmp_path / "site", url(repo))
    assert main(["run", "--config", str(cfg), "--date", "2025-04-18"]) == 0
    capsys.readouterr()
    repo.git("reset", "-q", "--hard", first)  # force-pushed: the run warns about it
    repo.write("articles/openai/models.md", "# Models\n\nrewritten history\n")
    repo.commit("force-pushed", date="2025-04-19T10:00:00+00:00")

    terminal = io.StringIO()
    monkeypatch.setattr(
        output, "console_factory", lambda: Console(file=terminal, force_terminal=True, width=60)
    )
    assert main(["run", "--config", str(cfg), "--date", "2025-04-19"]) == 0
    screen = terminal.getvalue()
    assert "\x1b[" in screen  # a live display was drawn
    lines = [ANSI.sub("", part).strip() for part in re.split(r"[\r\n]", screen)]
    warning = [line for line in lines if "branch rewritten" in line]
    assert len(warning) == 1
    assert re.fullmatch(
        r"diffreport: WARNING: docs: branch rewritten; reporting from \w{7} to its new head", warning[0]
    )
    assert "branch rewritten" not in capsys.readouterr().err  # not written beside the display
