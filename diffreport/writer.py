"""Atomic writes: a temp file in the target folder, fsync, then rename over the target.

The temp file is created with mode 0666 less the umask, as ``open()`` would create the target, and
renamed with :func:`os.replace` (atomic over an existing file on POSIX and Windows alike). On Windows a
rename fails while another process (a reader, an indexer, a virus scanner) holds the target open
without delete sharing; that is retried for a moment before it counts as an error.

The data may come in pieces (an iterable of str, e.g. :func:`diffreport.render.render_chunks`), each
written as it comes; if producing a piece fails, the temp file is removed and the target left as it was.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import secrets
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_SLICE = 1 << 20  # characters encoded at a time, so that a large text is never held twice
# Pauses between attempts to rename over a target that another process holds open (about 1.5 s in all).
_REPLACE_RETRIES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7)


def write_atomic(path: str | Path, data: str | bytes | Iterable[str], *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    A ``path`` that is no file to replace (``/dev/null``, ``/dev/stdout``, a named pipe: anything there but
    a regular file or a folder) is written to as it is: renaming over it would put a file in its place."""
    target = Path(path)
    if _special(target):
        try:
            with target.open("wb") as handle:
                _write_data(handle, data, encoding)
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        return target
    commit(stage(target, data, encoding=encoding), target)
    return target


def _special(target: Path) -> bool:
    """Whether ``target`` (its links followed) exists as something other than a regular file or a folder."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_data(handle: BinaryIO, data: str | bytes | Iterable[str], encoding: str) -> None:
    if isinstance(data, bytes):
        handle.write(data)
    else:
        _write_text(handle, (data,) if isinstance(data, str) else data, encoding)


def stage(
    path: str | Path, data: str | bytes | Iterable[str], *, encoding: str = "utf-8", temp: Path | None = None
) -> Path:
    """Write ``data`` to a new temporary file next to ``path`` (synced to disk), for :func:`commit` to put
    in its place later: a writer of several files stages them all before any takes its place. ``temp`` is
    the temporary file's name (from :func:`temp_name`) when the caller has to know it beforehand."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if temp is None:
            fd, tmp = _create_temp(target)
        else:
            fd, tmp = os.open(temp, _NEW_FILE_FLAGS, 0o666), temp
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_data(handle, data, encoding)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:  # an error writing, or one raised while producing the pieces
        _discard(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    return tmp


def commit(tmp: Path, path: str | Path) -> None:
    """Put a file :func:`stage` wrote in its place (atomically)."""
    target = Path(path)
    try:
        _replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None


def _discard(tmp: Path) -> None:
    """Remove a staged file that is not to be committed."""
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _write_text(handle: BinaryIO, pieces: Iterable[str], encoding: str) -> None:
    encoder = codecs.getincrementalencoder(encoding)()  # one byte order mark at most, whatever the slices
    for piece in pieces:
        for start in range(0, len(piece), _SLICE):
            handle.write(encoder.encode(piece[start : start + _SLICE]))
    handle.write(encoder.encode("", final=True))


def temp_name(target: Path) -> Path:
    """A name for a temporary file next to ``target``: ``.NAME.XXXXXXXX.tmp``."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def temp_files(target: Path) -> list[Path]:
    """The temporary files of writes to ``target`` that never finished (a killed process leaves them)."""
    prefix, size = f".{target.name}.", len(target.name) + 14  # "." NAME "." 8 hex ".tmp"
    try:
        names = [entry.name for entry in os.scandir(target.parent)]
    except OSError:
        return []
    return [
        target.with_name(name)
        for name in names
        if len(name) == size
        and name.startswith(prefix)
        and name.endswith(".tmp")
        and all(c in "0123456789abcdef" for c in name[-12:-4])
    ]


def _create_temp(target: Path) -> tuple[int, Path]:
    """A new, empty ``.NAME.XXXXXXXX.tmp`` next to ``target``, open for writing (mode 0666 & ~umask)."""
    for _ in range(100):
        tmp = temp_name(target)
        try:
            return os.open(tmp, _NEW_FILE_FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {target}")


def _replace(tmp: Path, target: Path) -> None:
    for pause in _REPLACE_RETRIES:
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            time.sleep(pause)
    os.replace(tmp, target)


def safe_join(root: str | Path, relative: str) -> Path:
    """Join ``relative`` under ``root``, refusing anything that would land outside it."""
    base = Path(root).resolve()
    candidate = (base / relative).resolve()
    if candidate != base and base not in candidate.parents:
        raise OutputError(f"refusing to write outside {base}: {relative!r}")
    return candidate
