"""What the head commit of a range still says about paths: fixed-string search and small file reads.

Used by the repository-impact pass: one ``git grep`` over the head tree for every name a range
removes or moves, plus the redirection files at the repository root. Nothing here interprets what
it finds; :mod:`diffreport.analysis.impact` resolves the hits.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from ..errors import GitError
from ._cmd import first_line, open_stream, run_git

# A line longer than this is cut before anything scans it (minified files, generated tables).
MAX_LINE_CHARS = 8192
# Redirection files are small JSON lists; a larger one is skipped rather than held in memory.
MAX_REDIRECT_FILE_BYTES = 32 * 1024 * 1024
# Files a search never reads, by name: images, media, archives, office files and fonts. ``-I`` would skip
# them too, but only after inflating each (a docs tree is mostly such bytes); a repository's own
# attributes, which could say so, are not read (git runs in the git folder, not a work tree).
NOT_TEXT_SUFFIXES = (
    *("png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "tif", "tiff", "psd", "heic"),
    *("mp4", "mov", "webm", "avi", "mkv", "mp3", "wav", "ogg"),
    *("zip", "gz", "tgz", "7z", "rar", "jar", "nupkg", "whl", "pdf"),
    *("docx", "xlsx", "pptx", "vsdx", "msi", "exe", "dll", "so", "dylib"),
    *("woff", "woff2", "ttf", "otf", "eot"),
)
_SKIP_NOT_TEXT = [f":(exclude,glob,icase)**/*.{suffix}" for suffix in NOT_TEXT_SUFFIXES]


class GrepHit(NamedTuple):
    """One line of a file at a commit that contains one of the searched strings."""

    path: str
    line: int
    text: str


class Grep:
    """One ``git grep`` of the tree at ``rev`` for fixed strings, started at once and read later.

    git writes to an unnamed temporary file, so it never waits for a reader: a caller starts the search
    early (as soon as it knows what to look for) and reads :meth:`hits` when it needs them.
    """

    def __init__(self, git_dir: str | Path, rev: str, needles: Iterable[str]) -> None:
        if rev.startswith("-"):
            raise GitError(f"unknown revision: {rev!r}")
        self.rev = rev
        self.needles = frozenset(n for n in needles if n and "\n" not in n and "\0" not in n)
        self._proc: subprocess.Popen[bytes] | None = None
        if not self.needles:
            return
        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        fd, self._patterns = tempfile.mkstemp(prefix="diffreport-grep-", suffix=".txt")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write("\n".join(sorted(self.needles)) + "\n")
            args = ["grep", "-I", "-n", "-z", "--no-color", "-F", "-f", self._patterns, rev]
            args += ["--", *_SKIP_NOT_TEXT]
            self._proc = open_stream(git_dir, args, into=(self._out, self._err))
        except BaseException:
            self.close()
            raise

    def hits(self) -> Iterator[GrepHit]:
        """Every line holding one of the needles (streamed from the file: memory bounded by one line)."""
        if self._proc is None:
            return
        code = self._proc.wait()
        if code not in (0, 1):  # 1: nothing found
            self._err.seek(0)
            raise GitError(first_line(self._err.read(4096)) or "git grep failed")
        self._out.seek(0)
        prefix = f"{self.rev}:".encode()
        for raw in self._out:
            hit = _parse_hit(raw.rstrip(b"\n"), prefix)
            if hit is not None:
                yield hit

    def close(self) -> None:
        """Stop git if it still runs and drop its output."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        if self.needles:
            self._out.close()
            self._err.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._patterns)


def grep_fixed(git_dir: str | Path, rev: str, needles: Iterable[str]) -> Iterator[GrepHit]:
    """Every line of the tree at ``rev`` holding one of ``needles`` (fixed strings, text files only: not
    even read when named as one of :data:`NOT_TEXT_SUFFIXES`).

    One ``git grep`` process reads the whole tree once, whatever the number of needles.
    """
    search = Grep(git_dir, rev, needles)
    try:
        yield from search.hits()
    finally:
        search.close()


def _parse_hit(raw: bytes, prefix: bytes) -> GrepHit | None:
    # rev:path \0 line \0 text
    parts = raw.split(b"\0", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    path = parts[0].removeprefix(prefix)
    text = parts[2][: MAX_LINE_CHARS * 4].decode("utf-8", "replace")[:MAX_LINE_CHARS]
    return GrepHit(path.decode("utf-8", "surrogateescape"), int(parts[1]), text)


def root_files(
    git_dir: str | Path, rev: str, prefix: str, suffix: str, read_blob: Callable[[str], bytes] | None = None
) -> dict[str, str]:
    """Text of the files at the top of the tree at ``rev`` whose names start with ``prefix`` and end
    with ``suffix`` (e.g. ``.openpublishing.redirection*.json``), read through ``read_blob`` (a
    repository's open blob reader, :meth:`GitRepo.blob`) or else a ``git cat-file`` each."""
    out = run_git(git_dir, ["ls-tree", "-z", "-l", "--end-of-options", rev])
    found: dict[str, str] = {}
    for entry in out.split(b"\0"):
        meta, _, name_bytes = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4 or fields[1] != b"blob":
            continue
        name = name_bytes.decode("utf-8", "surrogateescape")
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        if not fields[3].isdigit() or int(fields[3]) > MAX_REDIRECT_FILE_BYTES:
            continue
        sha = fields[2].decode()
        blob = read_blob(sha) if read_blob is not None else run_git(git_dir, ["cat-file", "blob", sha])
        found[name] = blob.decode("utf-8-sig", "replace")
    return found


def head_references(
    git_dir: str | Path,
    rev: str,
    started: Grep | None = None,
    read_blob: Callable[[str], bytes] | None = None,
) -> tuple[Callable[[set[str]], Iterator[GrepHit]], dict[str, str]]:
    """The two inputs of :func:`diffreport.analysis.impact.find` for the tree at ``rev``: a grep over
    it (the ``started`` one when it looks for every needle asked, else a new one), and the redirection
    files and publish configuration at its root (read as :func:`root_files` reads them)."""
    texts = root_files(git_dir, rev, ".openpublishing.", ".json", read_blob)

    def grep(needles: set[str]) -> Iterator[GrepHit]:
        if started is not None and started.rev == rev and started.needles >= needles:
            return started.hits()
        return grep_fixed(git_dir, rev, needles)

    return grep, texts
