"""Translations from gettext catalogs shipped as .po files, compiled with Babel.

A compiled catalog is kept in the user's cache folder (``locale/``) under a checksum of its .po file (and
of Babel's version): reading the .po takes Babel ~25 ms, loading the compiled one well under a millisecond.
"""

from __future__ import annotations

import gettext
import hashlib
from functools import cache
from io import BytesIO
from pathlib import Path

from .cachedir import user_cache_dir
from .errors import OutputError, UsageError

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "diffreport"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction, translate later"
    """``message`` itself, marked for the catalogs: it is translated where a report's language is known."""
    return message


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
    import babel
    from babel.support import Translations

    source = po.read_bytes()
    key = hashlib.sha256(f"{babel.__version__}\0{lang}\0".encode() + source).hexdigest()[:32]
    compiled = user_cache_dir() / "locale" / f"{DOMAIN}-{lang}-{key}.mo"
    try:
        return Translations(fp=BytesIO(compiled.read_bytes()), domain=DOMAIN)
    except Exception:  # not compiled yet, unreadable or damaged: compile it
        pass
    from .writer import write_atomic

    data = _compile(source, lang)
    try:
        write_atomic(compiled, data)
    except OutputError:  # a read-only or full cache folder: the next command compiles again
        pass
    return Translations(fp=BytesIO(data), domain=DOMAIN)


def _compile(source: bytes, lang: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buf = BytesIO()
    write_mo(buf, read_po(BytesIO(source), locale=lang))
    return buf.getvalue()
