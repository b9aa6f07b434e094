"""The values of a Markdown page's front matter, each as a string.

PyYAML reads the block and each top-level value becomes a string. Most front matter is flat
``key: value`` lines, though, and for those the answer is certain without a YAML parser: when every
line is provably simple, :func:`_simple` reads them directly and gives exactly what PyYAML would;
anything else goes to PyYAML. tests/test_frontmatter.py holds the two equal.
"""

from __future__ import annotations

import html
import re

from .memo import short_texts
from .syntax import FM_KEY_RE


def _implicit() -> dict[str | None, list[re.Pattern[str]]]:
    """PyYAML's implicit types of a plain scalar (its resolver's bool, float, int, merge, null, timestamp,
    value and yaml patterns, in its order), by first character: a plain scalar none of them matches is a
    string. Written out here, so that reading simple front matter imports no PyYAML (a fifth of a one-day
    report's start); tests/test_frontmatter.py holds them equal to the loader's own."""
    types = (
        (
            r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
            re.X,
            "yYnNtTfFoO",
        ),
        (
            r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
            re.X,
            "-+0123456789.",
        ),
        (
            r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
            re.X,
            "-+0123456789",
        ),
        (r"^(?:<<)$", 0, "<"),
        (
            r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
            re.X,
            ["~", "n", "N", ""],
        ),
        (
            r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
            "0123456789",
        ),
        (r"^(?:=)$", 0, "="),
        (r"^(?:!|&|\*)$", 0, "!&*"),
    )
    table: dict[str | None, list[re.Pattern[str]]] = {}
    for pattern, flags, firsts in types:
        compiled = re.compile(pattern, flags)
        for first in firsts:
            table.setdefault(first, []).append(compiled)
    return table


_IMPLICIT = _implicit()
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,127}")
# characters that cannot start a plain scalar we read ourselves (YAML's indicators, the backtick, and
# space: the value then has trailing spaces)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")


def shown_title(value: str) -> str:
    """A front matter ``title`` as the page shows it: its HTML entities decoded (Learn writes
    ``How-To&colon; …`` for a colon YAML would misread)."""
    return html.unescape(value) if "&" in value else value


def front_matter_values(content: str) -> dict[str, str]:
    """Each top-level value of the front matter ``content`` as a string."""
    values = _simple(content)
    return values if values is not None else _loaded(content)


def _simple(content: str) -> dict[str, str] | None:
    """The values when every line is a plain key with a simple value (or blank); None otherwise."""
    values: dict[str, str] = {}
    for line in content.split("\n"):
        if not line:
            continue
        colon = line.find(":")
        # printable excludes tabs, control characters and every other line break
        if colon < 1 or not line.isprintable():
            return None
        key = line[:colon]
        if key in values or not _KEY.fullmatch(key) or not _plain_string(key):
            return None
        rest = line[colon + 1 :]
        if not rest:
            values[key] = ""  # null
            continue
        value = rest.lstrip(" ")
        if rest[0] != " " or not value or value[-1] == " ":
            return None
        quote = value[0]
        if quote in "\"'":
            inner = value[1:-1]
            # one quoted scalar with no escapes: its text as written
            if len(value) < 2 or value[-1] != quote or quote in inner or (quote == '"' and "\\" in inner):
                return None
            values[key] = inner
        elif (
            quote in _INDICATORS
            or value[-1] == ":"
            or ": " in value
            or " #" in value
            or not _plain_string(value)
        ):
            return None
        else:
            values[key] = value
    return values or None


@short_texts(maxsize=4096)  # keys and many values (dates, topics) come back page after page
def _plain_string(text: str) -> bool:
    """Whether the loader reads the plain scalar ``text`` as a string (no implicit type matches it)."""
    for first in (text[0], None):
        for regexp in _IMPLICIT.get(first, ()):
            if regexp.match(text):
                return False
    return True


def _loaded(content: str) -> dict[str, str]:
    """The values as PyYAML reads them; the ``key: value`` lines when it cannot."""
    import yaml  # (only here: simple front matter is read without it)

    try:
        data = yaml.load(content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):  # unparsable: fall back to the key: value lines
        values = {}
        for line in content.splitlines():
            m = FM_KEY_RE.match(line)
            if m:
                values[m.group(1)] = m.group(2).strip()
        return values
    return {str(k): _scalar(v) for k, v in data.items()}


def _scalar(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
    return "" if value is None else str(value)
