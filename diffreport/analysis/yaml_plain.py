"""Plain block YAML read in one pass over its lines, into the objects libyaml's safe loader builds.

Most YAML a documentation repository changes besides reference (landing pages, zone pivot groups, metadata
files) is block mappings and sequences of one-line scalars. :func:`read_plain` reads that shape, several
times faster than libyaml (whose objects are built in Python), and refuses anything else (``NOT_PLAIN``):
flow collections, block scalars, anchors, aliases, tags, multi-line or escaped scalars, document markers,
tabs and uneven indentation. Scalars are resolved and built by PyYAML's own resolver and constructors, so
what it accepts reads as ``yaml.load(text, Loader=CSafeLoader)`` reads it
(tests/test_yaml_fastpaths.py holds it to that on generated files).
"""

from __future__ import annotations

from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .memo import short_texts

NOT_PLAIN = object()
"""What :func:`read_plain` returns for YAML it does not read (libyaml reads it)."""

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_RESOLVED_FIRST = frozenset(
    Resolver.yaml_implicit_resolvers
)  # first characters a plain scalar may be typed by
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp", "str")
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_MAX_KEY = 1000  # libyaml's simple keys end at 1024 characters


class _Refused(Exception):
    """The text is not plain block YAML."""


# A line: (its indent, its text without the indent and trailing spaces, whether it is a sequence item "- ")
_Line = tuple[int, str, bool]


def read_plain(text: str) -> Any:
    """The YAML document of ``text`` as libyaml's safe loader reads it, or ``NOT_PLAIN``."""
    try:
        lines = _lines(text)
        if not lines:
            raise _Refused
        value, at = _node(lines, 0, -1)
        if at != len(lines):
            raise _Refused
    except _Refused:
        return NOT_PLAIN
    return value


def _lines(text: str) -> list[_Line]:
    out = []
    for raw in text.split("\n"):
        body = raw.strip(" ")
        if not body or body[0] == "#":
            continue
        if not raw.isprintable():  # tabs, CR, controls, and what YAML takes for line breaks
            raise _Refused
        out.append((len(raw) - len(raw.lstrip(" ")), body, body[0] == "-" and body[1:2] in ("", " ")))
    return out


def _node(lines: list[_Line], at: int, parent: int, *, level: bool = True) -> tuple[Any, int]:
    """The block node starting at line ``at``, below a key at column ``parent``: a mapping indented more, a
    sequence indented more or (``level``, below a mapping's key) as much, else nothing (null)."""
    if at >= len(lines):
        return None, at
    indent, _text, item = lines[at]
    if item and (indent > parent or (level and indent == parent)):
        return _sequence(lines, at, indent)
    if not item and indent > parent:
        return _mapping(lines, at, indent)
    return None, at


def _mapping(lines: list[_Line], at: int, column: int) -> tuple[dict[Any, Any], int]:
    out: dict[Any, Any] = {}
    end = len(lines)
    while at < end:
        indent, text, item = lines[at]
        if indent != column or item:
            break
        key_text, colon, value_text = text.partition(": ")
        if not colon:
            if key_text[-1] != ":":
                raise _Refused  # a scalar where a key goes
            key_text = key_text[:-1]
        if len(key_text) > _MAX_KEY or ":" in key_text or key_text[-1:] == " ":
            raise _Refused
        key = _plain(key_text)
        at += 1
        if colon:
            out[key] = _scalar(value_text.lstrip(" "))
        else:
            out[key], at = _node(lines, at, column)
        if at < end and lines[at][0] > column:
            raise _Refused  # deeper lines no value took: a multi-line scalar, or uneven indentation
    return out, at


def _sequence(lines: list[_Line], at: int, column: int) -> tuple[list[Any], int]:
    out: list[Any] = []
    end = len(lines)
    while at < end:
        indent, text, item = lines[at]
        if indent != column or not item:
            break
        rest = text[1:]
        body = rest.lstrip(" ")
        if not body:  # the item is on the next lines, indented more (else it is null)
            value, at = _node(lines, at + 1, column, level=False)
            out.append(value)
        elif body[0] == "-" and body[1:2] in ("", " "):
            raise _Refused  # a sequence in a sequence on one line
        elif ": " in body or body[-1] == ":":  # a mapping, its first key on the item's line
            inner = column + 1 + len(rest) - len(body)
            lines[at] = (inner, body, False)
            value, at = _mapping(lines, at, inner)
            out.append(value)
        else:
            out.append(_scalar(body))
            at += 1
        if at < end and lines[at][0] > column:
            raise _Refused
    return out, at


def _scalar(text: str) -> Any:
    """A one-line scalar: plain, or quoted without escapes."""
    if text[:1] in ("'", '"'):
        quote, inner = text[0], text[1:-1]
        if len(text) < 2 or text[-1] != quote or quote in inner or (quote == '"' and "\\" in inner):
            raise _Refused
        return inner
    return _plain(text)


@short_texts(maxsize=4096)  # keys and many values repeat from line to line and file to file
def _plain(text: str) -> Any:
    """A plain scalar, typed as PyYAML types it (``yes`` is true, ``2025-04-16`` a date); the values are
    immutable, so one can be shared."""
    if not text or text[0] in _INDICATORS or ": " in text or " #" in text or text[-1] == ":":
        raise _Refused
    if text[0] not in _RESOLVED_FIRST and None not in _RESOLVED_FIRST:
        return text
    tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
    if tag not in _SCALAR_TAGS:
        raise _Refused
    return SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
