"""diffreport: readable change reports from the git history of documentation repositories."""

from __future__ import annotations

__version__ = "0.1.0"

from .models import Label, Report, ReportFile, Status  # noqa: E402
from .pipeline import CompareOptions, compare  # noqa: E402

__all__ = ["CompareOptions", "Label", "Report", "ReportFile", "Status", "__version__", "compare"]
