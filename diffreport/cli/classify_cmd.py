"""``diffreport classify --jsonl``: label changes given as JSON lines, without a repository."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from ._app import command_app
from ._config import load_settings
from .compare import LARGE_RANGE, emit, parse_date
from .output import Quiet, Verbose, progress

if TYPE_CHECKING:
    from ..change import FileChange
    from ..models import ReportFile

app = command_app()


def change_from_record(record: object) -> FileChange:
    """A :class:`FileChange` without blobs from one JSONL record (``path``, ``status``, ``additions``,
    ``deletions``, ``patch`` which may be null); raises ``ValueError`` naming the bad field."""
    from ..analysis import cut_patch, kind_of
    from ..change import FileChange, Status

    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    path = record.get("path")
    if not isinstance(path, str) or not path:
        raise ValueError("'path' must be a non-empty string")
    old_path = record.get("old_path")
    if old_path is not None and (not isinstance(old_path, str) or not old_path):
        raise ValueError("'old_path' must be a non-empty string or null")
    statuses = {s.value: s for s in Status}
    status = statuses.get(str(record.get("status", "")))
    if status is None:
        raise ValueError(f"'status' must be one of {', '.join(statuses)}, not {record.get('status')!r}")
    counts = []
    for key in ("additions", "deletions"):
        value = record.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key!r} must be a non-negative integer")
        counts.append(value)
    patch = record.get("patch")
    if patch is not None and not isinstance(patch, str):
        raise ValueError("'patch' must be a string or null")
    for key, text in (("path", path), ("old_path", old_path), ("patch", patch)):
        if text is not None and not _is_unicode(text):
            raise ValueError(f"{key!r} holds a lone surrogate (\\ud800-\\udfff): not valid Unicode text")
    patch, truncated = cut_patch(patch) if patch else (patch, False)
    return FileChange(
        path=path,
        status=status,
        old_path=old_path,
        additions=counts[0],
        deletions=counts[1],
        binary=patch is None and kind_of(path) == "image",
        patch=patch or "",
        patch_truncated=truncated,
    )


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_records(path: Path) -> list[FileChange]:
    """One change per non-blank line; the first bad line stops everything with its line number."""
    import json

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    changes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number}: invalid JSON: {exc.msg} (column {exc.colno})") from None
        try:
            changes.append(change_from_record(record))
        except ValueError as exc:
            raise UsageError(f"{path}:{number}: {exc}") from None
    return changes


@app.command("classify")
def classify_cmd(
    jsonl: Annotated[
        Path,
        typer.Option(
            "--jsonl",
            help="Input: one JSON object a line with path, status, additions, deletions, patch (may be null).",
        ),
    ],
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="diffreport.toml ([classifier]).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of titles: en or ja.")] = None,
    with_analysis: Annotated[bool, typer.Option("--analysis", help="Add each file's analysis.")] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Report date, YYYY-MM-DD: dated retirement notices are weighed against it."
        ),
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Label changes read as JSON lines; writes one JSON object a line, in input order."""
    from ..i18n import check_language
    from ..pipeline import build_file

    settings = load_settings(config, discover=False)
    day = parse_date(date)
    language = check_language(lang or settings.report.language)
    lines = []
    changes = read_records(jsonl)
    with progress() as display:
        done = display.counter("classify", steps=10, plain_from=LARGE_RANGE)
        for number, change in enumerate(changes, start=1):
            lines.append(_line(build_file(change, language, settings, date=day), with_analysis))
            done(number, len(changes), "changes")
    emit("".join(lines), output)


def _line(item: ReportFile, with_analysis: bool) -> str:
    import json

    out: dict[str, object] = {
        "path": item.path,
        "status": item.status.value,
        "label": item.label.value,
        "title": item.title,
        "explanation": item.explanation,
        "rules": [hit.model_dump(mode="json") for hit in item.rules],
    }
    if with_analysis:
        out["analysis"] = item.analysis.compact() if item.analysis else None
    return json.dumps(out, ensure_ascii=False) + "\n"
