"""A Report as JSON: the model itself, serialised (``diffreport schema`` prints its schema).

:func:`json_chunks` gives the same text as ``report.model_dump_json(indent=2)`` one file at a time: the
report without its files, then each file serialised on its own and indented one level deeper (safe, as a
JSON string never holds a raw newline), so no copy of the whole text is ever built.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..spool import SpooledReport, file_json

if TYPE_CHECKING:
    from ..models import Report

# Where the files go in the report dumped with no files: a top-level key, so once only.
_EMPTY_FILES = '\n  "files": []'


def json_chunks(report: Report | SpooledReport) -> Iterator[str]:
    plain = report.report if isinstance(report, SpooledReport) else report
    head, sep, tail = plain.model_copy(update={"files": []}).model_dump_json(indent=2).partition(_EMPTY_FILES)
    if not sep:  # pragma: no cover - a change in pydantic's layout
        raise AssertionError("unexpected JSON layout of a report without files")
    if isinstance(report, SpooledReport):
        items, count = report.file_texts(), len(report.slots)
    else:
        items, count = map(file_json, report.files), len(report.files)
    return _chunks(items, head, tail) if count else iter((head, sep, tail, "\n"))


def _chunks(items: Iterator[str], head: str, tail: str) -> Iterator[str]:
    yield head + '\n  "files": ['
    separator = "\n    "
    for item in items:
        yield separator + item
        separator = ",\n    "
    yield "\n  ]" + tail + "\n"


def render_json(report: Report | SpooledReport) -> str:
    return "".join(json_chunks(report))
