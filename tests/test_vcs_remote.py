"""Remotes that misbehave, read for real: a server that never answers, one that answers garbage,
concurrent first clones, a killed clone's leftovers, a default branch that is not ``main``."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import GitRepoFactory

from diffreport.errors import GitError, GitTimeoutError
from diffreport.vcs import remote
from diffreport.vcs.remote import Limits


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.held.append(conn)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def cache_entries(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if not p.name.endswith(".lock")) if root.exists() else []


def test_a_remote_that_never_answers_ends_in_one_line(silent_server: SilentServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    http_url = f"http://user:s3cret@127.0.0.1:{silent_server.port}/docs.git"
    with pytest.raises(GitError) as caught:  # http: git's low-speed limit gives up
        remote.mirror(http_url, cache / "a.git", Limits(stall=1, deadline=60))
    assert "cannot fetch" in caught.value.message
    assert "s3cret" not in caught.value.message
    git_url = f"git://127.0.0.1:{silent_server.port}/docs.git"
    with pytest.raises(GitTimeoutError) as timed_out:  # any transport: the deadline
        remote.sync(git_url, cache / "b.git", "main", Limits(deadline=2))
    assert timed_out.value.message == f"cannot fetch 'main' from {git_url}: not done after 2 s"
    assert cache_entries(cache) == []


class GarbageHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        body = b"<html>hello</html>\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def test_a_server_answering_garbage_is_not_a_git_repository(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GarbageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/docs.git"
        proc = compare_cli("HEAD", "--repo", url, home=tmp_path)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"diffreport: error: not a git repository: {url}"]
    assert cache_entries(tmp_path / ".cache" / "diffreport" / "repos") == []


def compare_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diffreport", "compare", *args],
        env={**os.environ, "XDG_CACHE_HOME": str(home / ".cache")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def trunk_repo(tmp_path: Path) -> GitRepoFactory:
    repo = GitRepoFactory(tmp_path / "src")
    repo.git("symbolic-ref", "HEAD", "refs/heads/trunk")
    repo.write("docs/a.md", "# A\n")
    repo.commit("a")
    repo.write("docs/b.md", "# B\n")
    repo.commit("b")
    return repo


def test_concurrent_first_compares_share_one_clone(trunk_repo: GitRepoFactory, tmp_path: Path) -> None:
    url = trunk_repo.path.resolve().as_uri()
    command = [sys.executable, "-m", "diffreport", "compare", "HEAD", "--repo", url, "--format", "json"]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    results = [(p.communicate(timeout=120), p.returncode) for p in procs]
    for (out, err), code in results:
        assert code == 0, err
        assert [f["path"] for f in json.loads(out)["files"]] == ["docs/b.md"]
    assert len({out for (out, _), _ in results}) == 1
    root = tmp_path / ".cache" / "diffreport" / "repos"
    [clone] = cache_entries(root)
    # the remote's default branch is trunk: HEAD of the mirror names it
    head = subprocess.run(["git", "symbolic-ref", "HEAD"], cwd=root / clone, capture_output=True, text=True)
    assert head.stdout.strip() == "refs/heads/trunk"


def test_a_killed_clones_leftovers_are_removed(trunk_repo: GitRepoFactory, tmp_path: Path) -> None:
    url = trunk_repo.path.resolve().as_uri()
    target = tmp_path / "cache" / "compare-x.git"
    target.parent.mkdir(parents=True)
    # what a compare killed while fetching leaves: a bare repository under the temporary name
    leftover = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    subprocess.run(["git", "init", "-q", "--bare", str(leftover)], check=True)
    assert remote.mirror(url, target) == target
    assert cache_entries(target.parent) == ["compare-x.git"]
    leftover.mkdir()  # and again when the clone exists already
    remote.mirror(url, target)
    assert cache_entries(target.parent) == ["compare-x.git"]
