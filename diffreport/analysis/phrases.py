"""Lifecycle phrases (``coming soon``, ``preview``, ``deprecated`` ...) that appeared or disappeared."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
from operator import methodcaller
from typing import AnyStr

from ..models import PhraseChange
from .context import Context
from .syntax import INCLUDE_RE, LINK_RE, MAX_LINE, clean_inline

PHRASES: dict[str, re.Pattern[str]] = {
    "coming soon": re.compile(r"\bcoming soon\b", re.IGNORECASE),
    "preview": re.compile(r"(?<![-\w/.])preview\b(?![-\w]|\.\w)", re.IGNORECASE),
    "deprecated": re.compile(r"\bdeprecat(?:ed|ion|es|ing|e)\b", re.IGNORECASE),
    "retired": re.compile(r"\bretir(?:ed|ement|es|ing|e)\b", re.IGNORECASE),
    "no longer supported": re.compile(r"\bno longer (?:be )?supported\b|\bunsupported\b", re.IGNORECASE),
    "no longer available": re.compile(r"\bno longer (?:be )?available\b", re.IGNORECASE),
    "no longer maintained": re.compile(r"\bno longer (?:being |actively )?maintained\b", re.IGNORECASE),
    "end of support": re.compile(r"\bend of (?:support|life)\b", re.IGNORECASE),
    "generally available": re.compile(r"\bgenerally available\b|\bgeneral availability\b", re.IGNORECASE),
    "breaking change": re.compile(r"\bbreaking changes?\b", re.IGNORECASE),
}
# Every phrase holds one of these, lower-cased: str.find on the lower-cased text is far faster than a
# case-insensitive regex, so only the lines that hold one are matched against PHRASES.
_HINTS = ("soon", "preview", "deprecat", "retir", "no longer", "unsupported", "end of", "availab", "breaking")
_BYTE_HINTS = tuple(hint.encode() for hint in _HINTS)
# The characters but ASCII letters that case-insensitive matching takes for an ASCII letter (İ, ı, ſ and the
# Kelvin sign). On a line without them, a phrase's pattern can only match where one of its hints is in the
# lower-cased line.
_LIKE_ASCII_LETTERS = "\u0130\u0131\u017f\u212a"
# The hints of each phrase.
_PHRASE_HINTS: dict[str, tuple[str, ...]] = {
    "coming soon": ("soon",),
    "preview": ("preview",),
    "deprecated": ("deprecat",),
    "retired": ("retir",),
    "no longer supported": ("no longer", "unsupported"),
    "no longer available": ("no longer",),
    "no longer maintained": ("no longer",),
    "end of support": ("end of",),
    "generally available": ("availab",),
    "breaking change": ("breaking",),
}


def _lines_with_hints(texts: list[str], body: list[int]) -> list[int]:
    """The lines of ``body`` holding a hint, found by substring search over their joined, lower-cased text
    (each hit's line told by counting the newlines before it)."""
    if body and body[-1] - body[0] == len(body) - 1:  # one stretch of lines, as in an added page
        joined = "\n".join(texts[body[0] : body[-1] + 1])
    else:
        joined = "\n".join([texts[i] for i in body])
    if "\u212a" in joined:  # the Kelvin sign lower-cases to "k"
        hits = _hit_lines(joined.lower(), _HINTS, "\n")
    else:  # bytes lower-case the ASCII letters alone, at a fraction of the cost: the hints are found the same
        hits = _hit_lines(joined.encode("utf-8", "surrogatepass").lower(), _BYTE_HINTS, b"\n")
    return [body[k] for k in sorted(hits)]


def _hit_lines(lowered: AnyStr, hints: tuple[AnyStr, ...], newline: AnyStr) -> set[int]:
    """The indexes of the lines of ``lowered`` holding one of ``hints``: the text split at each hint, the
    newlines in each piece counted (both in C, hit by hit)."""
    hits: set[int] = set()
    count = methodcaller("count", newline)
    for hint in hints:
        pieces = lowered.split(hint)
        if len(pieces) > 1:
            del pieces[-1]
            hits.update(accumulate(map(count, pieces)))
    return hits


def _patterns(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The phrases that may occur in ``text``: those with a hint in its lower-cased text, unless it holds a
    character that the patterns' case-insensitive matching takes for an ASCII letter (then all of them)."""
    if not text.isascii() and any(c in text for c in _LIKE_ASCII_LETTERS):
        return list(PHRASES.items())
    lowered = text.lower()
    return [(p, pattern) for p, pattern in PHRASES.items() if any(h in lowered for h in _PHRASE_HINTS[p])]


def _prose(line: str) -> str:
    """What of a line is read for phrases: no include directive, and a link's text without its target."""
    text = line[:MAX_LINE]
    if "[!" in text:
        text = INCLUDE_RE.sub("", text)
    if "](" in text:
        text = LINK_RE.sub(lambda m: m.group(2), text)
    return text


def phrases(body: list[int], ctx: Context) -> list[PhraseChange]:
    """Phrases that the lines ``body`` (indexes) hold more of on one side than on the other."""
    lines = ctx.lines
    texts, signs = lines.texts, lines.signs
    counts: dict[str, list[int]] = {}
    examples: dict[tuple[str, str], int] = {}
    for i in _lines_with_hints(texts, body):
        text = _prose(texts[i])
        for phrase, pattern in _patterns(text):
            n = len(pattern.findall(text))
            if n:
                c = counts.setdefault(phrase, [0, 0])
                c[0 if signs[i] == "+" else 1] += n
                examples.setdefault((phrase, signs[i]), i)
    out: list[PhraseChange] = []
    for phrase, (plus, minus) in counts.items():
        if plus == minus:
            continue
        sign = "+" if plus > minus else "-"
        i = examples[(phrase, sign)]
        out.append(
            PhraseChange(
                kind="appeared" if sign == "+" else "disappeared",
                phrase=phrase,
                count=abs(plus - minus),
                text=_example(clean_inline(texts[i][:MAX_LINE]), PHRASES[phrase]),
                line=lines.new(i),
                old_line=lines.old(i),
                section=ctx.section(i),
            )
        )
    return out


_EXAMPLE = 200  # characters of an example line kept


def _example(text: str, pattern: re.Pattern[str]) -> str:
    """At most :data:`_EXAMPLE` characters of ``text`` that hold the phrase: its start, or when the phrase
    comes later, from a word about 100 characters before it, marked with "…" ("… Foundry Hosted Agents is
    generally available."): what is said of the phrase is what a reader and the rules need."""
    if len(text) <= _EXAMPLE:
        return text
    m = pattern.search(text)
    if m is None or m.end() <= _EXAMPLE:
        return text[:_EXAMPLE]
    start = text.find(" ", max(0, m.start() - 100)) + 1
    return "…" + text[start : start + _EXAMPLE - 1]


def count_remaining(
    found: list[PhraseChange], lines: list[str], first: int, hidden: Sequence[tuple[int, int]] = ()
) -> None:
    """Set ``remaining`` of each phrase of ``found`` that disappeared: how often ``lines`` (a full version,
    read from index ``first``: its body) still hold it, read as :func:`phrases` reads changed lines, outside
    the ``hidden`` blocks (1-based first and last lines: comments readers never see)."""
    gone = {p.phrase for p in found if p.kind == "disappeared"}
    if not gone:
        return
    counts = dict.fromkeys(gone, 0)
    body = list(range(first, len(lines)))
    if hidden:
        unseen = {n - 1 for start, end in hidden for n in range(start, end + 1)}
        body = [i for i in body if i not in unseen]
    for i in _lines_with_hints(lines, body):
        text = _prose(lines[i])
        for phrase, pattern in _patterns(text):
            if phrase in counts:
                counts[phrase] += len(pattern.findall(text))
    for p in found:
        if p.kind == "disappeared":
            p.remaining = counts[p.phrase]
