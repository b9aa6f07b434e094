"""Helpers for the ``diffreport run`` tests: a docs repository served as a file:// URL, configs, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conftest import GitRepoFactory

CATEGORIES = {
    "openai": ["articles/openai"],
    "search": ["articles/search/**"],
    "speech": ["articles/speech/*.md"],
}


def docs_repo(path: Path) -> GitRepoFactory:
    """A docs repository whose first commit (2025-04-17 10:00 UTC) touches all three categories."""
    repo = GitRepoFactory(path)
    repo.write("articles/openai/models.md", "# Models\n\nGPT-4 is available.\n")
    repo.write("articles/search/index.md", "# Search\n\nIndexes.\n")
    repo.write("articles/speech/overview.md", "# Speech\n\nSpeech to text.\n")
    repo.write("articles/misc/other.md", "# Other\n")
    repo.commit("initial", date="2025-04-17T10:00:00+00:00")
    return repo


def url(repo: GitRepoFactory) -> str:
    return repo.path.resolve().as_uri()


def toml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_config(
    folder: Path,
    repo: str,
    *,
    categories: dict[str, list[str]] | None = None,
    output: str = "output/posts/%Y%m/report-%Y%m%d-{category}.md",
    timezone: str = "UTC",
    language: str = "en",
    source_extra: str = "",
) -> Path:
    """A diffreport.toml in ``folder`` (outputs, state and cache all under it)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "[report]",
        f"output = {toml_value(output)}",
        f"language = {toml_value(language)}",
        f"timezone = {toml_value(timezone)}",
        'state = "output/state.json"',
        'cache = "cache"',
        "",
        "[[sources]]",
        'name = "docs"',
        f"repo = {toml_value(repo)}",
        'branch = "main"',
        source_extra,
        "",
    ]
    cats = CATEGORIES if categories is None else categories
    if cats:
        lines.append("[sources.categories]")
        lines += [f"{toml_value(name)} = {toml_value(paths)}" for name, paths in cats.items()]
    config = folder / "diffreport.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def run_command(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "diffreport", "run", "--config", str(config), *args]


def run_cli(
    config: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m diffreport run`` as a subprocess (stderr is not a terminal: plain log lines)."""
    return subprocess.run(
        run_command(config, *args),
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


DRIVER = Path(__file__).with_name("run_driver.py")


def start_driver(config: Path, date: str, *args: str) -> subprocess.Popen[str]:
    """``run`` through tests/run_driver.py: held before a chosen report (``--hold-at``), or slowed."""
    return subprocess.Popen(
        [sys.executable, str(DRIVER), str(config), "--date", date, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_cli_logged(config: Path, *args: str, stderr: Path) -> subprocess.Popen[str]:
    """The CLI with its stderr going to a file the test can watch while it runs."""
    with stderr.open("w", encoding="utf-8") as handle:
        return subprocess.Popen(
            run_command(config, *args), stdout=subprocess.DEVNULL, stderr=handle, text=True
        )


def reports(folder: Path) -> dict[str, str]:
    """Every report under ``folder/output/posts``: relative path -> text (temp files excluded)."""
    root = folder / "output" / "posts"
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def state(folder: Path) -> dict[str, object]:
    path = folder / "output" / "state.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    """Poll until ``condition()`` holds (a synchronisation aid, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)
