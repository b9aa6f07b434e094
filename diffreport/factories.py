"""Default factories of the list and dict fields of the pydantic models (the report's, the config's).

Plain functions rather than ``list`` and ``dict``: building a model, pydantic reads the signature of each
field's factory, and a builtin's is parsed from its text (the first one compiles :mod:`tokenize`'s regular
expressions), ~4 ms of every command's start-up for these fields. The fields and their values are the same.
"""

from __future__ import annotations

from typing import Any


def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[Any, Any]:
    return {}
