"""Shared fixtures: an isolated environment and real git repositories in temporary folders."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_helpers import API_KEY, make_docs_repo

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the user's git config, keys or caches."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in list(os.environ):
        if key.startswith(("OPENAI_", "AZURE_OPENAI_", "GIT_AUTHOR_", "GIT_COMMITTER_")) or key in (
            "GIT_DIR",
            "DIFFREPORT_CONFIG",
        ):
            monkeypatch.delenv(key, raising=False)
    return


class GitRepoFactory:
    """A real repository in a temporary folder, with commits at chosen dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = {**os.environ, **(env or {})}
        out = subprocess.run(
            ["git", *args], cwd=self.path, env=full_env, check=True, capture_output=True
        ).stdout
        return out.decode("utf-8", "surrogateescape")

    def write(self, rel: str, content: str | bytes) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def remove(self, rel: str) -> None:
        self.git("rm", "-q", "--", rel)

    def move(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", "--", old, new)

    def commit(self, message: str = "change", date: str = "2025-04-17T10:00:00+00:00") -> str:
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("add", "-A", env=env)
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepoFactory:
    return GitRepoFactory(tmp_path / "repo")


@pytest.fixture
def docs(git_repo: GitRepoFactory) -> tuple[GitRepoFactory, str]:
    """A repository with four changed documentation pages, and the range that changes them."""
    base, head = make_docs_repo(git_repo, 4)
    return git_repo, f"{base}..{head}"


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    """The API key the fake LLM server accepts, in ``OPENAI_API_KEY``."""
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    return API_KEY


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
