"""Language helpers for narration: gettext lookups and locale-aware numbers, dates and lists (Babel).

Every sentence narration writes is a whole translatable message with named placeholders, so a
translator can reorder it freely (Japanese puts the verb last). Quotes are translatable too:
``'{text}'`` in English is ``「{text}」`` in Japanese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from ..i18n import translations

_DATE_FORMS = (
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("m", "d", "y")),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), ("y", "m", "d")),
)
# (pattern, replacement, the text every match ends with): a pattern runs only up to the last place
# a match can end, so no "<" or "[" scans on to the end of a long line (repository text: keep it linear)
_MARKUP = [
    (re.compile(r"<sup>.*?</sup>", re.S), "", "</sup>"),
    (re.compile(r"<br\s*/?>"), " ", ""),
    (re.compile(r"<[^>]+>"), "", ">"),
    (re.compile(r"!?\[([^\[\]]*)\]\([^)]*\)"), r"\1", ")"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2", ""),
    (re.compile(r"\s+"), " ", ""),
]
# what any of the patterns above needs to change a text (a lone space stays a space)
_MARKUP_HINT = re.compile(r"[<\[]|\*\*|__|\s\s|[^\S ]")


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
    """Markdown reduced to short plain text: no emphasis, links as their text, cut at a word."""
    text = (text or "")[:20_000]  # repository text: a bounded prefix is plenty for `limit` characters
    if _MARKUP_HINT.search(text):
        for pattern, repl, closer in _MARKUP:
            end = text.rfind(closer) + len(closer)  # "" is found at the very end
            if end >= len(closer):
                text = pattern.sub(repl, text[:end]) + text[end:]
    text = text.strip(" |")
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

    def series(self, items: list[str], limit: int = 4) -> str:
        """``a, b, and c`` / ``a、b、c``; past ``limit`` items, ``and N more``."""
        items = list(items)
        if len(items) > limit:
            rest = len(items) - (limit - 1)
            items = [*items[: limit - 1], self.gettext("{count} more").format(count=self.number(rest))]
        return format_list(items, locale=_locale(self.code)) if items else ""

    def quote(self, text: str | None, limit: int = 80) -> str:
        return self.gettext("'{text}'").format(text=plain(text, limit).rstrip(".。"))

    def code_span(self, text: str | None, limit: int = 60) -> str:
        text = plain(text, limit).replace("`", "")
        return f"`{text}`" if text else "``"

    def lines(self, count: int) -> str:
        return self.ngettext("{count} line", "{count} lines", count).format(count=self.number(count))

    def places(self, count: int) -> str:
        return self.ngettext("{count} place", "{count} places", count).format(count=self.number(count))

    def files(self, count: int) -> str:
        return self.ngettext("{count} file", "{count} files", count).format(count=self.number(count))

    def sentences(self, parts: list[str]) -> str:
        """Sentences joined the way the language joins them (a space in English, nothing in Japanese)."""
        sep = "" if self.code in {"ja", "zh", "ko"} else " "
        return sep.join(p for p in parts if p)


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


class Speaker:
    """The gettext set-up of narration code: ``self._`` and ``self.ngettext`` speak the report's language."""

    lang: Lang

    def _(self, message: str) -> str:
        return self.lang.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.lang.ngettext(singular, plural, n)
