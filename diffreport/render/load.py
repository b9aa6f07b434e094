"""Reading a saved JSON report back (``diffreport render``): a hand-edited file is checked before use."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import UsageError
from ..i18n import languages
from ..models import Report
from ..templating import md_url

_ANCHOR = re.compile(r"item-[0-9a-f]{6}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_URL_UNSAFE = re.compile(r'[\x00-\x20\x7f<>"`\\]')  # what no address diffreport writes holds


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _problems(report: Report) -> Iterator[str]:
    """What a report's fields hold that diffreport never writes, as ``key: what is wrong``.

    Labels and statuses are enums of the model, so the schema check has refused anything else already.
    """
    if not _is_date(report.date):
        yield f"date: {_shown(report.date)} is not a date (YYYY-MM-DD)"
    if report.language not in languages():
        yield f"language: {_shown(report.language)} is not one of {', '.join(languages())}"
    if report.permalink is not None and (
        not md_url(report.permalink) or _URL_UNSAFE.search(report.permalink)
    ):
        yield f"permalink: {_shown(report.permalink)} is not a plain http(s) address"
    for i, f in enumerate(report.files):
        if not _ANCHOR.fullmatch(f.anchor):
            yield f"files.{i}.anchor: {_shown(f.anchor)} is not 'item-' and 6 hex digits"


def load_report(path: str | Path) -> Report:
    """A saved JSON report, validated: its schema, then the values a report can hold."""
    from pydantic import ValidationError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not a diffreport JSON report: not UTF-8 text") from None
    try:
        report = Report.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(document)"
        raise UsageError(f"{path} is not a diffreport JSON report: {where}: {first['msg']}") from None
    found = list(_problems(report))
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise UsageError(f"{path} is not a valid diffreport report: {found[0]}{more}")
    return report
