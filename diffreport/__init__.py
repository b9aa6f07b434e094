"""diffreport: readable change reports from the git history of documentation repositories."""

from __future__ import annotations

# not typing's: ``diffreport --version`` imports nothing it does not need (type checkers read this name)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

__all__ = ["CompareOptions", "Label", "Report", "ReportFile", "Status", "__version__", "compare"]

_LAZY = {
    "CompareOptions": "diffreport.pipeline",
    "compare": "diffreport.pipeline",
    "Label": "diffreport.models",
    "Report": "diffreport.models",
    "ReportFile": "diffreport.models",
    "Status": "diffreport.models",
}


def __getattr__(name: str) -> Any:
    """Import on first use, so the command line starts fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
