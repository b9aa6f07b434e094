"""Reading a saved JSON report back (``diffreport render``)."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..models import Report


def load_report(path: str | Path) -> Report:
    """A saved JSON report, validated."""
    from pydantic import ValidationError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return Report.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(document)"
        raise UsageError(f"{path} is not a diffreport JSON report: {where}: {first['msg']}") from None
