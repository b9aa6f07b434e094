"""Odd repositories read for real: non-UTF-8 names, SHA-256, shallow clones, bare and separate git
folders, broken config, hostile GIT_* variables, and no git at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GitRepoFactory
from run_helpers import docs_repo, reports, run_cli, state, url, write_config

from diffreport.cli import main
from diffreport.models import anchor_for
from diffreport.vcs import GitRepo

LATIN1 = os.fsdecode(b"docs/caf\xe9.md")  # not valid UTF-8 on disk: b"caf\xe9"
SHOWN = "docs/caf\\351.md"  # as git shows it with core.quotepath


def compare(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["compare", *args])
    out, err = capsys.readouterr()
    return code, out, err


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diffreport", *args],
        env={**os.environ, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_non_utf8_name_is_shown_escaped_in_every_format(
    git_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r = git_repo
    r.write("docs/seed.md", "# Seed\n")
    r.write(os.fsdecode(b"docs/old\xff.md"), "# Old name\n\nsome text that stays the same\n")
    base = r.commit("base")
    r.write(LATIN1, "# Caf\xe9\n".encode("latin-1"))
    r.move(os.fsdecode(b"docs/old\xff.md"), "docs/renamed.md")
    head = r.commit("latin-1 names")
    out = {}
    for fmt in ("md", "json", "html"):
        code, text, err = compare(capsys, f"{base}..{head}", "-C", str(r.path), "--format", fmt)
        assert code == 0, err
        out[fmt] = text
    files = {f["path"]: f for f in json.loads(out["json"])["files"]}
    assert set(files) == {SHOWN, "docs/renamed.md"}
    assert files[SHOWN]["anchor"] == anchor_for(SHOWN)
    assert files["docs/renamed.md"]["old_path"] == "docs/old\\377.md"
    anchor = anchor_for(SHOWN)
    assert f"| [caf\\351.md](#{anchor}) | new feature |" in out["md"]
    assert f'<a href="#{anchor}">caf\\351.md</a>' in out["html"]
    assert f'<h2 id="{anchor}">{SHOWN}</h2>' in out["html"]


def test_run_reports_a_non_utf8_name_and_moves_on(tmp_path: Path) -> None:
    repo = docs_repo(tmp_path / "docs")
    repo.write(os.fsdecode(b"articles/search/caf\xe9.md"), "# Caf\xe9\n\nmenu\n".encode("latin-1"))
    head = repo.commit("latin-1 name", date="2025-04-18T10:00:00+00:00")
    config = write_config(tmp_path / "site", url(repo))
    proc = run_cli(config, "--date", "2025-04-18")
    assert proc.returncode == 0, proc.stderr
    written = reports(tmp_path / "site")
    assert any("articles/search/caf\\351.md" in text for text in written.values()), written
    assert state(tmp_path / "site")["sources"]["docs"]["commit"] == head  # type: ignore[index]
    site = cli("site", "build", str(tmp_path / "site" / "output" / "posts"), str(tmp_path / "public"))
    assert site.returncode == 0, site.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "public").rglob("*.html"))
    assert "caf\\351.md" in pages


def sha256_repo(path: Path) -> GitRepoFactory:
    path.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--object-format=sha256", "-b", "main", str(path)], check=True)
    repo = GitRepoFactory.__new__(GitRepoFactory)
    repo.path = path
    return repo


def test_sha256_compare_reads_the_right_blobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = sha256_repo(tmp_path / "repo")
    for name in ("a", "b", "c"):
        r.write(f"docs/{name}.md", f"# Page {name}\n\n## Old {name}\n\ntext {name}\n")
    base = r.commit("base")
    for name in ("a", "b", "c"):
        r.write(f"docs/{name}.md", f"# Page {name}\n\n## New {name}\n\ntext {name}\n")
    head = r.commit("rename sections")
    assert len(head) == 64
    r.git("remote", "add", "origin", "https://gitlab.com/group/docs.git")
    with GitRepo(r.path) as repo:
        changes = list(repo.changes(base, head))
        assert [c.new_bytes() for c in changes] == [(r.path / c.path).read_bytes() for c in changes]
        assert [c.old_bytes() for c in changes] == [
            r.git("show", f"{base}:{c.path}").encode() for c in changes
        ]
    code, out, err = compare(capsys, "HEAD", "-C", str(r.path), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["base"], report["head"]) == (base, head)
    assert report["permalink"] == f"https://gitlab.com/group/docs/-/compare/{base}...{head}"
    for f in report["files"]:  # each file analysed from its own two versions
        name = f["path"][5]
        assert f["analysis"]["source"] == "full"
        titles = {s["title"] for s in f["analysis"]["sections"]}
        assert f"New {name}" in titles
        assert titles <= {f"Page {name}", f"Old {name}", f"New {name}"}


def test_sha256_runs_pick_up_where_they_stopped(tmp_path: Path) -> None:
    r = sha256_repo(tmp_path / "docs")
    r.write("articles/search/index.md", "# Search\n\nIndexes.\n")
    r.commit("initial", date="2025-04-17T10:00:00+00:00")
    config = write_config(tmp_path / "site", str(r.path), categories={"search": ["articles/search/**"]})
    first = run_cli(config, "--date", "2025-04-17")
    assert first.returncode == 0, first.stderr
    r.write("articles/search/x.md", "# X\n\nnew page\n")
    r.commit("x", date="2025-04-18T09:00:00+00:00")
    r.write("articles/search/y.md", "# Y\n\nanother page\n")
    head = r.commit("y", date="2025-04-18T10:00:00+00:00")
    second = run_cli(config, "--date", "2025-04-18")
    assert second.returncode == 0, second.stderr
    assert "starting again" not in second.stderr
    day = reports(tmp_path / "site")["202504/report-20250418-search.md"]
    assert "articles/search/x.md" in day
    assert "articles/search/y.md" in day
    assert state(tmp_path / "site")["sources"]["docs"]["commit"] == head  # type: ignore[index]


def shallow_clone(source: GitRepoFactory, dest: Path, depth: int) -> Path:
    subprocess.run(
        ["git", "clone", "-q", f"--depth={depth}", "--no-local", source.path.resolve().as_uri(), str(dest)],
        check=True,
    )
    return dest


def test_shallow_boundary_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = docs_repo(tmp_path / "docs")
    for day in (18, 19):
        repo.write(f"articles/search/p{day}.md", f"# Page {day}\n")
        repo.commit(f"day {day}", date=f"2025-04-{day}T10:00:00+00:00")
    clone = shallow_clone(repo, tmp_path / "two", depth=2)
    code, out, err = compare(capsys, "HEAD", "-C", str(clone), "--format", "json")
    assert code == 0, err
    assert [f["path"] for f in json.loads(out)["files"]] == ["articles/search/p19.md"]
    code, out, err = compare(capsys, "HEAD~1", "-C", str(clone))
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "shallow clone" in err

    one = shallow_clone(repo, tmp_path / "one", depth=1)
    config = write_config(tmp_path / "site", str(one))
    proc = run_cli(config, "--date", "2025-04-19")
    assert proc.returncode == 1
    assert "shallow clone" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert reports(tmp_path / "site") == {}
    backfill = run_cli(config, "--backfill", "--since", "2025-04-19")
    assert backfill.returncode == 0, backfill.stderr
    assert "is cut off at" in backfill.stderr
    assert "shallow clone" in backfill.stderr


def test_bare_without_config_and_separate_git_dir_work_as_git_does(
    git_repo: GitRepoFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = git_repo
    r.write("docs/a.md", "# A\n")
    r.commit("a")
    r.write("docs/b.md", "# B\n")
    r.commit("b")
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(r.path), str(bare)], check=True)
    (bare / "config").unlink()
    code, out, err = compare(capsys, "HEAD", "-C", str(bare), "--format", "json")
    assert code == 0, err
    assert [f["path"] for f in json.loads(out)["files"]] == ["docs/b.md"]

    work = tmp_path / "work"
    subprocess.run(
        ["git", "clone", "-q", "--separate-git-dir", str(tmp_path / "sep.git"), str(r.path), str(work)]
    )
    assert (work / ".git").is_file()
    code, out, err = compare(capsys, "HEAD", "-C", str(work / "docs"), "--format", "json")
    assert code == 0, err
    assert [f["path"] for f in json.loads(out)["files"]] == ["docs/b.md"]


def test_gits_own_message_is_shown(git_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str]) -> None:
    r = git_repo
    r.write("docs/a.md", "# A\n")
    r.commit("a")
    r.write("docs/a.md", "# A\n\nmore\n")
    r.commit("b")
    (r.path / "broken.cfg").write_text("[core\nthis is not config\n")
    r.git("config", "include.path", str(r.path / "broken.cfg"))
    code, _, err = compare(capsys, "HEAD~1", "-C", str(r.path))
    assert code == 1
    assert "bad config line 1" in err
    assert "unknown revision" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a folder away"
)
def test_a_repository_owned_by_another_user_says_so(
    git_repo: GitRepoFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    r = git_repo
    r.write("docs/a.md", "# A\n")
    r.commit("a")
    r.write("docs/a.md", "# A\n\nmore\n")
    r.commit("b")
    for folder, _, names in os.walk(r.path):
        for name in [folder, *(os.path.join(folder, n) for n in names)]:
            os.lchown(name, 12345, 12345)
    code, _, err = compare(capsys, "HEAD~1", "-C", str(r.path))
    assert code == 1
    assert "dubious ownership" in err
    assert "unknown revision" not in err
    assert len(err.splitlines()) == 1


def test_git_variables_of_the_caller_do_not_reach_git(
    git_repo: GitRepoFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    r = git_repo
    r.write("docs/a.md", "# A\n\n## Old\n")
    r.commit("a")
    r.write("docs/a.md", "# A\n\n## New\n")
    r.commit("b")
    monkeypatch.setenv("GIT_TRACE", str(tmp_path / "trace.log"))
    monkeypatch.setenv("GIT_OBJECT_DIRECTORY", str(tmp_path / "nowhere"))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "nowhere.git"))
    code, out, err = compare(capsys, "HEAD", "-C", str(r.path), "--format", "json")
    assert code == 0, err
    assert err == ""
    assert json.loads(out)["files"][0]["analysis"]["source"] == "full"  # both blobs were read
    assert not (tmp_path / "trace.log").exists()


def test_without_git_on_path_one_line_and_gitless_commands_work(
    git_repo: GitRepoFactory, tmp_path: Path
) -> None:
    git_repo.write("docs/a.md", "# A\n")
    git_repo.commit("a")
    empty = tmp_path / "bin"
    empty.mkdir()
    assert shutil.which("git", path=str(empty)) is None
    env = {"PATH": str(empty)}
    schema = cli("schema", env=env)
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout)["title"] == "Report"
    assert schema.stderr == ""
    proc = cli("compare", "HEAD", "-C", str(git_repo.path), env=env)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == ["diffreport: error: git is not installed (no git on PATH)"]
