"""The git reader against git's own output: statuses, numstat, renames, binary, odd names, hostile config."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import GitRepoFactory

from diffreport.errors import EmptyRangeError, GitError
from diffreport.models import Status
from diffreport.vcs import GitRepo, read_range

STATUS_LETTERS = {
    "A": Status.ADDED,
    "M": Status.MODIFIED,
    "D": Status.DELETED,
    "R": Status.RENAMED,
    "C": Status.COPIED,
    "T": Status.TYPE_CHANGED,
}


def git_numstat(repo: GitRepoFactory, base: str, head: str, *extra: str) -> dict[str, tuple[str, str]]:
    """``git diff -M --numstat -z`` parsed: path -> (added, deleted) as git prints them."""
    out = repo.git("-c", "color.ui=never", "diff", "-M", "--numstat", "-z", *extra, base, head)
    tokens = out.split("\0")
    result: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(tokens) - 1:
        added, deleted, path = tokens[i].split("\t")
        if path == "":
            path, i = tokens[i + 2], i + 3
        else:
            i += 1
        result[path] = (added, deleted)
    return result


def git_statuses(repo: GitRepoFactory, base: str, head: str) -> dict[str, tuple[Status, str | None]]:
    out = repo.git("-c", "color.ui=never", "diff", "-M", "--name-status", "-z", base, head)
    tokens = out.split("\0")
    result: dict[str, tuple[Status, str | None]] = {}
    i = 0
    while i < len(tokens) - 1:
        letter = tokens[i][0]
        if letter in "RC":
            result[tokens[i + 2]] = (STATUS_LETTERS[letter], tokens[i + 1])
            i += 3
        else:
            result[tokens[i + 1]] = (STATUS_LETTERS[letter], None)
            i += 2
    return result


def ours(repo_path: Path, base: str, head: str, include: tuple[str, ...] = ("*",)) -> dict[str, object]:
    with GitRepo(repo_path) as repo:
        return {f.path: f for f in repo.changes(base, head, include=include)}


@pytest.fixture
def mixed_repo(git_repo: GitRepoFactory) -> tuple[GitRepoFactory, str, str]:
    """A commit pair with every kind of change git reports."""
    r = git_repo
    r.write("docs/keep.md", "# Keep\n\nline one\nline two\n")
    r.write("docs/gone.md", "# Gone\n\nbye\n")
    r.write("docs/old-name.md", "".join(f"line {i}\n" for i in range(60)))
    r.write("docs/link.md", "target\n")
    r.write("media/pic.png", b"\x89PNG\r\n\x1a\n\x00\x01\x02" * 20)
    r.write("docs/mode.sh", "echo hi\n")
    base = r.commit("base", "2025-01-01T00:00:00+00:00")
    r.write("docs/keep.md", "# Keep\n\nline one changed\nline two\nline three\n")
    r.remove("docs/gone.md")
    r.move("docs/old-name.md", "docs/new-name.md")
    r.write("docs/new-name.md", "".join(f"line {i}\n" for i in range(60)) + "one more\n")
    (r.path / "docs/link.md").unlink()
    os.symlink("keep.md", r.path / "docs/link.md")
    r.write("media/pic.png", b"\x89PNG\r\n\x1a\n\x00\x09\x09" * 30)
    r.write("docs/added.md", "# New page\n\nhello\n")
    (r.path / "docs/mode.sh").chmod(0o755)
    head = r.commit("head", "2025-01-02T00:00:00+00:00")
    return r, base, head


def test_statuses_and_counts_equal_git(mixed_repo: tuple[GitRepoFactory, str, str]) -> None:
    r, base, head = mixed_repo
    files = ours(r.path, base, head)
    expected_status = git_statuses(r, base, head)
    expected_counts = git_numstat(r, base, head)
    assert set(files) == set(expected_status) == set(expected_counts)
    for path, f in files.items():
        status, old = expected_status[path]
        assert (f.status, f.old_path) == (status, old), path
        added, deleted = expected_counts[path]
        if added == "-":
            assert f.binary, path
            assert f.patch == ""
        else:
            assert (f.additions, f.deletions) == (int(added), int(deleted)), path
    assert files["docs/new-name.md"].similarity
    assert files["docs/new-name.md"].similarity > 90
    assert files["docs/link.md"].status is Status.TYPE_CHANGED
    assert files["docs/mode.sh"].status is Status.MODIFIED
    assert files["docs/mode.sh"].new_mode == "100755"


def test_patch_is_hunks_only_and_contents_are_lazy(mixed_repo: tuple[GitRepoFactory, str, str]) -> None:
    r, base, head = mixed_repo
    keep = ours(r.path, base, head)["docs/keep.md"]
    assert keep.patch.startswith("@@ -1,4 +1,5 @@")
    assert "-line one\n+line one changed" in keep.patch
    assert keep.old_text() == "# Keep\n\nline one\nline two\n"
    assert keep.new_text() == "# Keep\n\nline one changed\nline two\nline three\n"
    added = ours(r.path, base, head)["docs/added.md"]
    assert added.old_text() is None
    assert added.new_text() == "# New page\n\nhello\n"
    pic = ours(r.path, base, head)["media/pic.png"]
    assert pic.new_bytes() == b"\x89PNG\r\n\x1a\n\x00\x09\x09" * 30
    assert pic.new_text() is None  # binary is never decoded as text


ODD_NAMES = [
    "with space.md",
    'quote"d.md',
    "pipe|name.md",
    "new\nline.md",
    "日本語の名前.md",
    "-leading-dash.md",
    "tab\there.md",
    "back\\slash.md",
]


def test_odd_file_names_survive(git_repo: GitRepoFactory) -> None:
    r = git_repo
    r.write("seed.md", "seed\n")
    base = r.commit("base")
    for i, name in enumerate(ODD_NAMES):
        r.write(f"dir/{name}", f"content {i}\n")
    head = r.commit("odd")
    files = ours(r.path, base, head)
    assert set(files) == {f"dir/{n}" for n in ODD_NAMES}
    for i, name in enumerate(ODD_NAMES):
        assert files[f"dir/{name}"].new_text() == f"content {i}\n"
        assert files[f"dir/{name}"].additions == 1


def hostile(r: GitRepoFactory, marker: Path) -> None:
    """Configuration and attributes that change git's output or would run programs."""
    script = r.path.parent / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\necho INJECTED\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    order = r.path.parent / "order.txt"
    order.write_text(
        "z*\ny*\nx*\nw*\nv*\nt*\ns*\nr*\np*\no*\nn*\nm*\nl*\ni*\nh*\ng*\nf*\ne*\nd*\nc*\nb*\na*\n"
    )
    for key, value in [
        ("color.ui", "always"),
        ("color.diff", "always"),
        ("diff.noprefix", "true"),
        ("diff.mnemonicPrefix", "true"),
        ("diff.relative", "true"),
        ("core.quotepath", "true"),
        ("diff.renames", "false"),
        ("diff.external", str(script)),
        ("diff.evil.textconv", str(script)),
        ("diff.evil.command", str(script)),
        ("core.pager", str(script)),
        ("core.fsmonitor", str(script)),
        ("pager.diff", str(script)),
        # the patch's shape: how much context, which algorithm, in which order the files come
        ("diff.context", "0"),
        ("diff.interHunkContext", "20"),
        ("diff.algorithm", "patience"),
        ("diff.indentHeuristic", "false"),
        ("diff.orderFile", str(order)),
        ("diff.renameLimit", "1"),
    ]:
        r.git("config", key, value)
    r.write(".gitattributes", "*.md diff=evil\n")
    hooks = r.path / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    for hook in ("post-checkout", "pre-commit", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / hook).chmod(0o755)


def test_output_does_not_change_with_hostile_config(
    mixed_repo: tuple[GitRepoFactory, str, str], tmp_path: Path
) -> None:
    r, base, head = mixed_repo
    clean = {
        p: (f.status, f.old_path, f.additions, f.deletions, f.binary, f.patch)
        for p, f in ours(r.path, base, head).items()
    }
    assert any(line[:1] == " " for f in clean.values() for line in f[5].splitlines()), "no context to lose"
    marker = tmp_path / "ran"
    hostile(r, marker)
    (r.path / "docs").mkdir(exist_ok=True)
    with GitRepo(r.path / "docs") as repo:  # opened from a subfolder, as diff.relative would bite
        rng = repo.resolve_range(f"{base[:8]}..{head[:8]}")
        after = {f.path: f for f in repo.changes(rng.base, rng.head, include=("*",))}
        for f in after.values():
            f.old_bytes(), f.new_bytes()
    assert {
        p: (f.status, f.old_path, f.additions, f.deletions, f.binary, f.patch) for p, f in after.items()
    } == clean
    assert list(after) == list(clean)  # in git's own order, whatever diff.orderFile says
    assert not marker.exists(), "a program named by the repository's config or attributes ran"
    assert all("\x1b[" not in f.patch and "INJECTED" not in f.patch for f in after.values())


def test_three_thousand_files_are_all_reported(git_repo: GitRepoFactory) -> None:
    r = git_repo
    for i in range(3000):
        r.write(f"articles/area{i % 30}/page{i}.md", f"# Page {i}\n\nbody\n")
    base = r.commit("base")
    for i in range(3000):
        r.write(f"articles/area{i % 30}/page{i}.md", f"# Page {i}\n\nbody changed {i}\n\nmore\n")
    head = r.commit("edit all")
    files = ours(r.path, base, head, include=())  # the default filter keeps Markdown
    expected = git_numstat(r, base, head)
    assert len(files) == len(expected) == 3000
    assert all((str(f.additions), str(f.deletions)) == expected[p] for p, f in files.items())


def test_range_forms(git_repo: GitRepoFactory) -> None:
    r = git_repo
    r.write("a.md", "one\n")
    root = r.commit("root")
    r.write("a.md", "one\ntwo\n")
    second = r.commit("second")
    r.git("tag", "v1")
    r.git("checkout", "-q", "-b", "feature")
    r.write("b.md", "feature\n")
    feature = r.commit("feature")
    r.git("checkout", "-q", "main")
    r.write("a.md", "one\ntwo\nthree\n")
    main = r.commit("main moves on")
    with GitRepo(r.path) as repo:
        two_dots = repo.resolve_range("v1..feature")
        assert (two_dots.base, two_dots.head) == (second, feature)
        three_dots = repo.resolve_range("main...feature")
        assert (three_dots.base, three_dots.head) == (second, feature)
        assert repo.resolve_range(f"{root[:7]}..{main[:9]}").head == main
        single = repo.resolve_range(second)
        assert (single.base, single.head) == (root, second)
        first = repo.resolve_range(root)  # the root commit: its own changes, against the empty tree
        assert [f.path for f in repo.changes(first.base, first.head)] == ["a.md"]


def test_include_and_exclude(git_repo: GitRepoFactory) -> None:
    r = git_repo
    r.write("seed.txt", "x\n")
    base = r.commit("base")
    for rel in ["docs/a.md", "docs/sub/b.md", "docs/toc.yml", "docs/img.png", "src/code.py", "README.md"]:
        r.write(rel, "x\n")
    head = r.commit("many")
    assert set(ours(r.path, base, head, include=())) == {
        "docs/a.md",
        "docs/sub/b.md",
        "docs/toc.yml",
        "docs/img.png",
        "README.md",
    }
    assert set(ours(r.path, base, head, include=("docs/**/*.md",))) == {"docs/a.md", "docs/sub/b.md"}
    with GitRepo(r.path) as repo:
        kept = {f.path for f in repo.changes(base, head, include=(), exclude=("docs/sub/**", "*.png"))}
    assert kept == {"docs/a.md", "docs/toc.yml", "README.md"}


def test_huge_file_patch_is_cut_but_counts_are_exact(git_repo: GitRepoFactory) -> None:
    r = git_repo
    r.write("seed.md", "x\n")
    base = r.commit("base")
    r.write("huge.md", "".join(f"line {i} " + "x" * 80 + "\n" for i in range(40000)))
    r.write("latin1.md", "caf\xe9\n".encode("latin-1"))
    head = r.commit("huge")
    with GitRepo(r.path) as repo:
        files = {f.path: f for f in repo.changes(base, head, max_patch_bytes=100_000)}
    huge = files["huge.md"]
    assert huge.additions == 40000
    assert huge.patch_truncated
    assert len(huge.patch.encode()) <= 100_000
    assert files["latin1.md"].additions == 1
    assert "caf\ufffd" in files["latin1.md"].patch


def test_errors_are_one_line(git_repo: GitRepoFactory, tmp_path: Path) -> None:
    r = git_repo
    r.write("a.md", "x\n")
    sha = r.commit("one")
    plain = tmp_path / "plain-folder"
    plain.mkdir()
    with pytest.raises(GitError, match="not a git repository"):
        GitRepo(plain)
    with pytest.raises(GitError, match="no such folder"):
        GitRepo(tmp_path / "missing")
    with GitRepo(r.path) as repo:
        with pytest.raises(GitError, match="unknown revision"):
            repo.resolve_range("nope..HEAD")
        with pytest.raises(GitError, match="unknown revision"):
            repo.resolve("--output=/tmp/x")
        with pytest.raises(EmptyRangeError):
            read_range(repo, repo.resolve_range(f"{sha}..{sha}"))
