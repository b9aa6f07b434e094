"""What the head commit of a range still says about paths: fixed-string search and small file reads.

Used by the repository-impact pass: one ``git grep`` over the head tree for every name a range
removes or moves, plus the redirection files at the repository root. Nothing here interprets what
it finds; :mod:`diffreport.analysis.impact` resolves the hits.
"""

from __future__ import annotations

import os
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


class GrepHit(NamedTuple):
    """One line of a file at a commit that contains one of the searched strings."""

    path: str
    line: int
    text: str


def grep_fixed(git_dir: str | Path, rev: str, needles: Iterable[str]) -> Iterator[GrepHit]:
    """Every line of the tree at ``rev`` holding one of ``needles`` (fixed strings, text files only).

    One ``git grep`` process reads the whole tree once, whatever the number of needles; the output
    is streamed, so memory stays bounded by one line.
    """
    if rev.startswith("-"):
        raise GitError(f"unknown revision: {rev!r}")
    unique = sorted({n for n in needles if n and "\n" not in n and "\0" not in n})
    if not unique:
        return
    fd, pattern_file = tempfile.mkstemp(prefix="diffreport-grep-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write("\n".join(unique) + "\n")
        proc = open_stream(
            git_dir,
            ["grep", "-I", "-n", "-z", "--no-color", "-F", "-f", pattern_file, rev, "--"],
        )
        assert proc.stdout is not None
        prefix = f"{rev}:".encode()
        try:
            for raw in proc.stdout:
                hit = _parse_hit(raw.rstrip(b"\n"), prefix)
                if hit is not None:
                    yield hit
        finally:
            stderr = proc.stderr.read() if proc.stderr else b""
            code = proc.wait()
            proc.stdout.close()
            if proc.stderr:
                proc.stderr.close()
        if code not in (0, 1):  # 1: nothing found
            raise GitError(first_line(stderr) or "git grep failed")
    finally:
        os.unlink(pattern_file)


def _parse_hit(raw: bytes, prefix: bytes) -> GrepHit | None:
    # rev:path \0 line \0 text
    parts = raw.split(b"\0", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    path = parts[0].removeprefix(prefix)
    text = parts[2][: MAX_LINE_CHARS * 4].decode("utf-8", "replace")[:MAX_LINE_CHARS]
    return GrepHit(path.decode("utf-8", "surrogateescape"), int(parts[1]), text)


def root_files(git_dir: str | Path, rev: str, prefix: str, suffix: str) -> dict[str, str]:
    """Text of the files at the top of the tree at ``rev`` whose names start with ``prefix`` and end
    with ``suffix`` (e.g. ``.openpublishing.redirection*.json``)."""
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
        blob = run_git(git_dir, ["cat-file", "blob", fields[2].decode()])
        found[name] = blob.decode("utf-8-sig", "replace")
    return found


def head_references(
    git_dir: str | Path, rev: str
) -> tuple[Callable[[set[str]], Iterator[GrepHit]], dict[str, str]]:
    """The two inputs of :func:`diffreport.analysis.impact.find` for the tree at ``rev``: a grep over
    it, and the redirection files and publish configuration at its root."""
    texts = root_files(git_dir, rev, ".openpublishing.", ".json")
    return (lambda needles: grep_fixed(git_dir, rev, needles)), texts
