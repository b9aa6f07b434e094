"""How alike two short texts are (difflib's ratio), told cheaply when they are far apart."""

from __future__ import annotations

from difflib import SequenceMatcher


def similar(old: str, new: str, at_least: float) -> bool:
    """``SequenceMatcher(None, old, new).ratio() >= at_least``, its cheap upper bounds tried first (most
    pairs differ in length or in letters)."""
    matcher = SequenceMatcher(None, old, new)
    return (
        matcher.real_quick_ratio() >= at_least
        and matcher.quick_ratio() >= at_least
        and matcher.ratio() >= at_least
    )
