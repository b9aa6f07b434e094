"""Token counting and trimming to a budget.

``tiktoken`` needs its BPE file, which it downloads from the internet on first use. diffreport never
triggers that download: it uses tiktoken only when the encoding file is already in tiktoken's cache
(``$TIKTOKEN_CACHE_DIR``, ``$DATA_GYM_CACHE_DIR`` or ``<tmp>/data-gym-cache``). Otherwise it uses a
heuristic estimator: one token per 4 ASCII characters (rounded up) plus one token per non-ASCII
character (CJK text is close to one token per character). It over-estimates English slightly, which
is the safe side for a budget.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

log = logging.getLogger(__name__)

Counter = Callable[[str], int]

_BPE_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}


def heuristic_tokens(text: str) -> int:
    """A network-free estimate: ceil(ASCII chars / 4) + non-ASCII chars."""
    ascii_chars = len(text.encode("ascii", errors="ignore"))
    return math.ceil(ascii_chars / 4) + (len(text) - ascii_chars)


def _tiktoken_cache_dir() -> str:
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if var in os.environ:
            return os.environ[var]
    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def _encoding_name(model: str) -> str:
    try:
        from tiktoken.model import encoding_name_for_model

        return encoding_name_for_model(model)
    except (ImportError, KeyError):
        return "o200k_base"


@cache
def counter_for(model: str, mode: str = "auto") -> tuple[str, Counter]:
    """(name, counting function) for a model: tiktoken if its file is cached locally, else the heuristic."""
    if mode == "auto":
        name = _encoding_name(model)
        url = _BPE_URLS.get(name)
        cache_dir = _tiktoken_cache_dir()
        if (
            url
            and cache_dir
            and os.path.exists(os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest()))
        ):
            try:
                import tiktoken

                enc = tiktoken.get_encoding(name)
                return f"tiktoken:{name}", lambda text: len(enc.encode(text, disallowed_special=()))
            except Exception as exc:  # a broken cache file: fall back, never download
                log.debug("tiktoken unavailable (%s); using the heuristic estimator", exc)
    return "heuristic", heuristic_tokens


@dataclass(frozen=True)
class Trimmed:
    text: str
    kept_lines: int
    total_lines: int

    @property
    def trimmed(self) -> bool:
        return self.kept_lines < self.total_lines


def trim_lines(text: str, budget: int, count: Counter) -> Trimmed:
    """The longest prefix of whole lines of ``text`` that fits ``budget`` tokens (binary search)."""
    lines = text.splitlines()
    total = len(lines)
    if count(text) <= budget:
        return Trimmed(text, total, total)
    lo, hi = 0, total
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count("\n".join(lines[:mid])) <= budget:
            lo = mid
        else:
            hi = mid - 1
    kept = "\n".join(lines[:lo])
    if lo == 0 and lines and budget > 0:  # one enormous line: cut it by characters
        first = lines[0]
        cut = max(0, min(len(first), budget * 2))
        while cut and count(first[:cut]) > budget:
            cut //= 2
        kept = first[:cut]
    return Trimmed(kept, lo, total)
