"""Remembering a function of a short text: the same headings, cells, keys and values come back page after
page, file after file.

A cache keyed by repository text must stay small whatever the repository holds: :func:`short_texts`
remembers at most ``maxsize`` results, and only of texts of at most ``max_chars`` characters (a longer text
is worked out each time), so a cache never holds more than ``maxsize * max_chars`` characters of keys.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def short_texts(maxsize: int, max_chars: int = 200) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    def wrap(function: Callable[[str], T]) -> Callable[[str], T]:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def remembered(text: str) -> T:
            return cached(text) if len(text) <= max_chars else function(text)

        return remembered

    return wrap
