"""Parsing of one ``git diff --raw -p -z`` stream: the NUL-separated raw records first, then the patches,
cut per file and counted (see :meth:`diffreport.vcs.reader.GitRepo.changes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from ..change import FileChange, Status
from ..errors import GitError

_STATUS = {
    "A": Status.ADDED,
    "M": Status.MODIFIED,
    "D": Status.DELETED,
    "R": Status.RENAMED,
    "C": Status.COPIED,
    "T": Status.TYPE_CHANGED,
}


@dataclass
class RawEntry:
    status: Status
    path: str
    old_path: str | None
    old_mode: str
    new_mode: str
    old_sha: str
    new_sha: str
    score: int | None

    def build(self, patch: Patch, loader: object) -> FileChange:
        return FileChange(
            path=self.path,
            status=self.status,
            old_path=self.old_path,
            additions=patch.additions,
            deletions=patch.deletions,
            binary=patch.binary,
            patch=patch.text,
            old_blob=None if _is_null(self.old_sha) or self.old_mode == "160000" else self.old_sha,
            new_blob=None if _is_null(self.new_sha) or self.new_mode == "160000" else self.new_sha,
            similarity=self.score,
            old_mode=None if self.old_mode == "000000" else self.old_mode,
            new_mode=None if self.new_mode == "000000" else self.new_mode,
            patch_truncated=patch.truncated,
            _loader=loader,  # type: ignore[arg-type]
        )


def _is_null(sha: str) -> bool:
    """git's null id (40 or 64 zeros): no blob on this side."""
    return not sha.strip("0")


def display_path(raw: bytes) -> str:
    """A path as text: UTF-8 as is; otherwise escaped as git shows it (``caf\\351.md``).

    Paths are only ever shown (git is called with object ids), so this is the one place names are decoded.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out = []
    for piece in raw.decode("utf-8", "surrogateescape").replace("\\", "\\\\"):
        code = ord(piece)
        out.append(f"\\{code - 0xDC00:03o}" if 0xDC80 <= code <= 0xDCFF else piece)
    return "".join(out)


@dataclass
class Patch:
    text: str = ""
    additions: int = 0
    deletions: int = 0
    binary: bool = False
    truncated: bool = False


def read_raw_section(stream: IO[bytes]) -> tuple[bytes, bytes]:
    """Split the stream at the NUL that separates the raw records from the patches."""
    buf = bytearray()
    while True:
        chunk = stream.read1(1 << 16) if hasattr(stream, "read1") else stream.read(1 << 16)
        if not chunk:
            return bytes(buf), b""
        start = max(0, len(buf) - 1)
        buf += chunk
        idx = buf.find(b"\0\0", start)
        if idx != -1:
            return bytes(buf[: idx + 1]), bytes(buf[idx + 2 :])


def parse_raw(raw: bytes) -> list[RawEntry]:
    tokens = raw.split(b"\0")
    entries: list[RawEntry] = []
    i = 0
    while i < len(tokens):
        meta = tokens[i]
        if not meta:
            i += 1
            continue
        if not meta.startswith(b":"):
            raise GitError(f"unexpected git output: {meta[:40]!r}")
        old_mode, new_mode, old_sha, new_sha, status = meta[1:].decode().split(" ")
        letter, score = status[0], status[1:]
        path1 = display_path(tokens[i + 1])
        if letter in "RC":
            path2 = display_path(tokens[i + 2])
            entries.append(
                RawEntry(_STATUS[letter], path2, path1, old_mode, new_mode, old_sha, new_sha, int(score or 0))
            )
            i += 3
        else:
            kind = _STATUS.get(letter, Status.MODIFIED)
            entries.append(RawEntry(kind, path1, None, old_mode, new_mode, old_sha, new_sha, None))
            i += 2
    return entries


_HEADER = b"\ndiff --git "


def patch_chunks(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """Yield each file's patch block (from its ``diff --git`` line), reading the pipe in large chunks.

    Blocks are cut from the buffer by position (the buffer is only rebuilt when a chunk is read), so each
    byte is copied a bounded number of times however many small patches a chunk holds.
    """
    buf = head
    start = 0  # where the next block begins in buf
    search_from = 1
    eof = False
    while True:
        idx = buf.find(_HEADER, search_from)
        if idx != -1:
            yield buf[start : idx + 1]
            start = idx + 1
            search_from = start + 1
            continue
        if eof:
            if start < len(buf):
                yield buf[start:]
            return
        chunk = stream.read(1 << 20)
        if not chunk:
            eof = True
            continue
        buf = buf[start:] + chunk
        search_from = max(1, search_from - start, len(buf) - len(chunk) - len(_HEADER))
        start = 0


def collect(chunks: Iterator[bytes], count: int, max_bytes: int) -> Patch:
    """Counts and hunk text of one file (a type change comes as two blocks: deletion, creation)."""
    patch = Patch()
    bodies: list[bytes] = []
    for _ in range(count):
        block = next(chunks, None)
        if block is None:
            break
        at = block.find(b"\n@@")
        if at == -1:
            patch.binary = patch.binary or b"\nBinary files " in block or b"\nGIT binary patch" in block
            continue
        body = block[at + 1 :]
        # Hunk lines start with " ", "+", "-" or "\\"; headers (---/+++) come before the first @@.
        patch.additions += body.count(b"\n+")
        patch.deletions += body.count(b"\n-")
        bodies.append(body)
    data = b"".join(bodies)
    if len(data) > max_bytes:
        cut = data.rfind(b"\n", 0, max_bytes)
        data = data[: cut + 1 if cut > 0 else max_bytes]
        patch.truncated = True
    text = data.decode("utf-8", "replace")
    patch.text = text[:-1] if text.endswith("\n") else text
    return patch
