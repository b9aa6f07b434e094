"""A persistent answer cache: SQLite in the cache folder.

The key is a SHA-256 of the model, the prompt version, the language, the kind of request and the
hash of the rendered prompt (which holds the document data). Only validated answers are stored;
API keys, headers and URLs never are.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def cache_key(*, model: str, prompt_version: str, language: str, kind: str, prompt: str) -> str:
    input_hash = hashlib.sha256(prompt.encode("utf-8")).hexdigest()
    parts = {
        "model": model,
        "prompt_version": prompt_version,
        "language": language,
        "kind": kind,
        "input": input_hash,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


class AnswerCache:
    """``get``/``put`` of JSON answers by key; a cache that cannot be opened just stays empty."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, kind TEXT, model TEXT,"
                " value TEXT NOT NULL, created REAL NOT NULL)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            log.warning("LLM cache disabled: cannot open %s: %s", path, exc)
            self._db = None

    def get(self, key: str) -> dict[str, Any] | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            log.warning("LLM cache read failed: %s", exc)
            return None
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any], *, kind: str, model: str) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO answers (key, kind, model, value, created) VALUES (?, ?, ?, ?, ?)",
                (key, kind, model, json.dumps(value, ensure_ascii=False, sort_keys=True), time.time()),
            )
            self._db.commit()
        except sqlite3.Error as exc:
            log.warning("LLM cache write failed: %s", exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
