"""A Report as JSON: the model itself, serialised (``diffreport schema`` prints its schema)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Report


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"
