"""Translations from gettext catalogs shipped as .po files, compiled in memory with Babel."""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from .errors import UsageError

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "diffreport"


def languages() -> list[str]:
    found = {"en"}
    if LOCALE_DIR.is_dir():
        found |= {p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()}
    return sorted(found)


def check_language(lang: str) -> str:
    if lang not in languages():
        raise UsageError(f"unsupported language {lang!r} (choose from {', '.join(languages())})")
    return lang


@cache
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)
