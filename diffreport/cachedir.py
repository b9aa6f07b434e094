"""The user's cache folder: ``$XDG_CACHE_HOME/diffreport``, else ``~/.cache/diffreport``.

It holds the clones of remote repositories (``repos/``), the LLM's answers (``llm-cache.sqlite3``), the
compiled templates (``templates/``) and translation catalogs (``locale/``); each can be removed at any time.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diffreport"
