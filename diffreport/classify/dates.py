"""Dates written in a notice (``March 31, 2025``, ``31 March 2025``, ``2025-03-31``, ``03/31/2025``,
``June 2026``), for weighing a retirement by how soon it takes effect. Every pattern is anchored on
literals with bounded repeats: linear in the text's length."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s{{1,3}}(\d{{1,2}})(?:st|nd|rd|th)?,?\s{{1,3}}(\d{{4}})\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s{{1,3}}{_MONTH},?\s{{1,3}}(\d{{4}})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s{{1,3}}(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_US = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
MAX_TEXT = 4000


def _date(year: str, month: int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def notice_dates(text: str) -> list[dt.date]:
    """Every date the text names, in no particular order; a month alone (its first day) counts only
    when no full date is written."""
    text = text[:MAX_TEXT]
    found: list[dt.date | None] = []
    found += [_date(y, _MONTHS[m.lower()], d) for m, d, y in _MONTH_DAY_YEAR.findall(text)]
    found += [_date(y, _MONTHS[m.lower()], d) for d, m, y in _DAY_MONTH_YEAR.findall(text)]
    found += [_date(y, int(m), d) for y, m, d in _ISO.findall(text)]
    found += [_date(y, int(m), d) for m, d, y in _US.findall(text)]
    if not any(found):  # "June 2026" only when no full date was written
        found += [_date(y, _MONTHS[m.lower()], 1) for m, y in _MONTH_YEAR.findall(text)]
    return [d for d in found if d is not None]
