"""Language helpers for narration: gettext lookups and locale-aware numbers, dates and lists (Babel).

Every sentence narration writes is a whole translatable message with named placeholders, so a
translator can reorder it freely (Japanese puts the verb last). Quotes are translatable too:
``'{text}'`` in English is ``「{text}」`` in Japanese.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import TypeVar

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from ..analysis.syntax import clean_inline
from ..i18n import translations

T = TypeVar("T")
_DATE_FORMS = (
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("m", "d", "y")),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), ("y", "m", "d")),
)


@lru_cache(maxsize=1024)  # a report reads the same few dates thousands of times
def parse_date(value: str | None) -> dt.date | None:
    """A date as written in front matter (``04/17/2025`` or ``2025-04-17``), or None."""
    if not value:
        return None
    for pattern, order in _DATE_FORMS:
        match = pattern.match(value.strip())
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def plain(text: str | None, limit: int = 80) -> str:
    """A line of the repository's Markdown as a reader sees it (:func:`~diffreport.analysis.syntax.clean_inline`),
    cut at a word: for text quoted from a page as it is, such as an edited line."""
    return _shortened(clean_inline((text or "")[:20_000]).strip(" |"), limit)


def one_line(text: str | None, limit: int = 80) -> str:
    """Text as it is (no markup taken away), on one line and cut at a word to ``limit`` characters."""
    return _shortened(" ".join((text or "")[: limit + 20_000].split()), limit)


def _shortened(text: str, limit: int) -> str:
    if len(text) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
        text = cut.rstrip(" ,;:") + "…"
    return text


@dataclass(frozen=True)
class Lang:
    """One report language: translations plus Babel formatting."""

    code: str

    @cached_property
    def _catalog(self):  # noqa: ANN202 - gettext.NullTranslations
        return translations(self.code)

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def number(self, value: int) -> str:
        return _number(value, self.code)

    def date(self, value: dt.date) -> str:
        return _date(value, self.code)

    def date_text(self, value: str | None) -> str:
        """A front matter date in the reader's format; other values as they are, in code quotes."""
        parsed = parse_date(value)
        return self.date(parsed) if parsed else self.code_span(value or "")

    def series(self, items: Iterable[str], limit: int = 4) -> str:
        """``a, b, and c`` / ``a、b、c``; past ``limit`` items, ``and N more``."""
        return self.series_of(list(items), str, limit)

    def series_of(self, values: Sequence[T], show: Callable[[T], str], limit: int = 4) -> str:
        """:meth:`series` of ``show(value)`` for the ``values``, ``show`` called only for those it names."""
        if len(values) > limit:
            rest = len(values) - (limit - 1)
            more = self.gettext("{count} more").format(count=self.number(rest))
            items = [*map(show, values[: limit - 1]), more]
        else:
            items = [*map(show, values)]
        return _format_list(items, self.code)

    def quote(self, text: str | None, limit: int = 80) -> str:
        """Plain text (a title, a name, a line made :func:`plain`) in quotes, cut at ``limit``."""
        return self.gettext("'{text}'").format(text=one_line(text, limit).rstrip(".。"))

    def code_span(self, text: str | None, limit: int = 60) -> str:
        """``text`` as code: as it is (a path, a key, a value: its underscores, stars and angle brackets are
        part of it), on one line and cut at ``limit``."""
        text = one_line((text or "").replace("`", ""), limit)
        return f"`{text}`" if text else "``"

    def lines(self, count: int) -> str:
        return self.ngettext("{count} line", "{count} lines", count).format(count=self.number(count))

    def places(self, count: int) -> str:
        return self.ngettext("{count} place", "{count} places", count).format(count=self.number(count))

    def files(self, count: int) -> str:
        return self.ngettext("{count} file", "{count} files", count).format(count=self.number(count))

    def tight(self, text: str) -> str:
        """``text`` without the spaces its messages put around a value, next to the language's own quotes
        (Japanese sets `code` apart with spaces, 「words」 not)."""
        if self.code not in {"ja", "zh", "ko"}:
            return text
        return text.replace(" 「", "「").replace("」 ", "」")

    def sentences(self, parts: list[str]) -> str:
        """Sentences joined the way the language joins them (a space in English, nothing in Japanese)."""
        sep = "" if self.code in {"ja", "zh", "ko"} else " "
        return sep.join(p for p in parts if p)


@cache
def language(code: str) -> Lang:
    """The one :class:`Lang` of ``code``, shared: its catalog is looked up once."""
    return Lang(code)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


# Babel formats a number or date in tens of microseconds; a report writes the same few thousands of times
@lru_cache(maxsize=4096)
def _number(value: int, code: str) -> str:
    return format_decimal(value, locale=_locale(code))


@lru_cache(maxsize=1024)
def _date(value: dt.date, code: str) -> str:
    return format_date(value, format="long", locale=_locale(code))


def _format_list(items: list[str], code: str) -> str:
    """Babel's ``format_list`` of ``items``: the text around the items is the same for every list of that
    length, so it is asked of Babel once."""
    around = _list_shape(len(items), code)
    if around is None:
        return format_list(items, locale=_locale(code))
    parts = [*around, *items]
    parts[0::2], parts[1::2] = around, items
    return "".join(parts)


_MARK = re.compile(r"\x00(\d+)\x00")


@lru_cache(maxsize=64)
def _list_shape(count: int, code: str) -> tuple[str, ...] | None:
    """The texts before, between and after ``count`` items of a list as Babel formats it (None when the
    items are not each put once, in their order, into text of its own)."""
    text = format_list([f"\x00{n}\x00" for n in range(count)], locale=_locale(code))
    parts = _MARK.split(text)
    around = parts[0::2]
    if parts[1::2] != [str(n) for n in range(count)] or any("\x00" in t for t in around):
        return None
    return tuple(around)


class Speaker:
    """The gettext set-up of narration code: ``self._`` and ``self.ngettext`` speak the report's language."""

    lang: Lang

    def _(self, message: str) -> str:
        return self.lang.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.lang.ngettext(singular, plural, n)
