"""A Report as JSON: the model itself, serialised (``diffreport schema`` prints its schema).

:func:`json_chunks` gives the same text as ``report.model_dump_json(indent=2)`` one file at a time: the
report without its files, then each file serialised on its own and indented one level deeper (safe, as a
JSON string never holds a raw newline), so no copy of the whole text is ever built.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Report

# Where the files go in the report dumped with no files: a top-level key, so once only.
_EMPTY_FILES = '\n  "files": []'


def json_chunks(report: Report) -> Iterator[str]:
    head, sep, tail = (
        report.model_copy(update={"files": []}).model_dump_json(indent=2).partition(_EMPTY_FILES)
    )
    if not sep:  # pragma: no cover - a change in pydantic's layout
        raise AssertionError("unexpected JSON layout of a report without files")
    return _chunks(report, head, tail) if report.files else iter((head, sep, tail, "\n"))


def _chunks(report: Report, head: str, tail: str) -> Iterator[str]:
    yield head + '\n  "files": ['
    separator = "\n    "
    for item in report.files:
        yield separator + item.model_dump_json(indent=2).replace("\n", "\n    ")
        separator = ",\n    "
    yield "\n  ]" + tail + "\n"


def render_json(report: Report) -> str:
    return "".join(json_chunks(report))
