"""The output folder's manifest: which outputs the builder wrote, with what key, and its report cache.

Its presence marks a folder as the builder's own: it is written before anything else, so a build killed
half-way leaves a folder the next build recognises and finishes.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

from ..errors import OutputError, UsageError
from ..writer import write_atomic

MANIFEST = ".diffreport-site.json"
MANIFEST_FORMAT = 1
_TEMP_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # write_atomic's temporary name


def load_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}


def check_dirs(reports_dir: Path, out_dir: Path) -> None:
    if not reports_dir.is_dir():
        raise UsageError(f"reports folder not found: {reports_dir}")
    if out_dir.exists():
        if not out_dir.is_dir():
            raise UsageError(f"output is not a folder: {out_dir}")
        if any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
            raise OutputError(
                f"{out_dir} is not empty and was not built by diffreport site; choose another folder"
            )


def write_manifest(out: Path, code: str, outputs: dict[str, str], reports: dict[str, Any]) -> None:
    write_atomic(
        out / MANIFEST,
        json.dumps(
            {"format": MANIFEST_FORMAT, "code": code, "outputs": outputs, "reports": reports},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    )


def remove_temp_files(out: Path) -> None:
    """Temporary files of atomic writes that a killed build left behind."""
    for path in out.rglob(".*.tmp"):
        if _TEMP_FILE.fullmatch(path.name) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
