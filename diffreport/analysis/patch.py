"""Unified diffs: parsing hunks, and diffing two texts into the same shape.

A diff is read into :class:`Lines`: the texts and signs of every line of its hunks, as columns, with
the hunks as spans of them. Markdown analysis works on these columns, by line index, so that a page of
thousands of lines costs a few list operations, not an object a line. :meth:`Lines.hunks` gives the
same diff as :class:`Hunk` objects of :class:`DiffLine`, each knowing its sign, its text and its line
numbers on both sides, for the analyses that walk lines one by one. Both come the same way whether the
lines come from git's patch, from a JSONL corpus, or from :func:`diff_texts` on two full versions.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

HUNK_RE = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$")
_BOM = "\ufeff"
_NOT_A_SIGN = re.compile(r"[^+\-]")  # a line starting with anything else is a context line


@dataclass(slots=True)
class DiffLine:
    sign: str  # "+", "-" or " "
    text: str
    old: int | None  # line number in the old version (None for "+")
    new: int | None  # line number in the new version (None for "-")


@dataclass
class Hunk:
    old_start: int
    new_start: int
    header: str
    lines: list[DiffLine] = field(default_factory=list)


@dataclass(slots=True)
class Span:
    """A hunk within :class:`Lines`: its lines are ``first`` to ``end`` (excluded); ``plus`` and ``minus``
    tell whether it has added and removed lines."""

    first: int
    end: int
    old_start: int
    new_start: int
    header: str
    plus: bool
    minus: bool


class Lines:
    """Every line of a diff's hunks: ``texts``, ``signs`` (one character a line: ``+``, ``-`` or a space)
    and the hunks as ``spans``. A line is known by its index."""

    __slots__ = ("texts", "signs", "spans", "_firsts")

    def __init__(self, texts: list[str], signs: str, spans: list[Span]) -> None:
        self.texts, self.signs, self.spans = texts, signs, spans
        self._firsts = [s.first for s in spans]

    def span_of(self, i: int) -> Span:
        return self.spans[bisect.bisect_right(self._firsts, i) - 1]

    def old(self, i: int) -> int | None:
        """Line ``i``'s number in the old version (None for an added line)."""
        if self.signs[i] == "+":
            return None
        span = self.span_of(i)
        plus = self.signs.count("+", span.first, i) if span.plus else 0
        return span.old_start + (i - span.first) - plus

    def new(self, i: int) -> int | None:
        """Line ``i``'s number in the new version (None for a removed line)."""
        if self.signs[i] == "-":
            return None
        span = self.span_of(i)
        minus = self.signs.count("-", span.first, i) if span.minus else 0
        return span.new_start + (i - span.first) - minus

    def numbers(self, indexes: list[int]) -> list[int]:
        """The number of each line of ``indexes`` (ascending) in its version (the old one for a removed
        line), the signs counted on from one line to the next."""
        out: list[int] = []
        signs = self.signs
        end = prev = plus = minus = 0
        span = Span(0, 0, 0, 0, "", False, False)  # (none yet)
        for i in indexes:
            if i >= end:
                span = self.span_of(i)
                end, prev, plus, minus = span.end, span.first, 0, 0
            plus += signs.count("+", prev, i)
            minus += signs.count("-", prev, i)
            prev = i
            if signs[i] == "-":
                out.append(span.old_start + (i - span.first) - plus)
            else:
                out.append(span.new_start + (i - span.first) - minus)
        return out

    def changed(self) -> list[int]:
        """The indexes of the added and removed lines."""
        if " " not in self.signs:
            return list(range(len(self.signs)))
        return [i for i, sign in enumerate(self.signs) if sign != " "]

    def hunks(self) -> list[Hunk]:
        """The diff as hunks of :class:`DiffLine`."""
        out: list[Hunk] = []
        texts, signs = self.texts, self.signs
        for span in self.spans:
            hunk = Hunk(span.old_start, span.new_start, span.header)
            out.append(hunk)
            old, new = span.old_start, span.new_start
            if not span.minus and " " not in signs[span.first : span.end]:  # all added: no sign to tell
                hunk.lines = [
                    DiffLine("+", text, None, n) for n, text in enumerate(texts[span.first : span.end], new)
                ]
                continue
            append = hunk.lines.append
            for i in range(span.first, span.end):
                sign = signs[i]
                if sign == "+":
                    append(DiffLine("+", texts[i], None, new))
                    new += 1
                elif sign == "-":
                    append(DiffLine("-", texts[i], old, None))
                    old += 1
                else:
                    append(DiffLine(" ", texts[i], old, new))
                    old += 1
                    new += 1
        return out


def parse_lines(patch: str | None) -> Lines:
    """The lines of a unified diff; anything before the first ``@@`` and ``\\ No newline`` is skipped."""
    texts: list[str] = []
    signs: list[str] = []
    spans: list[Span] = []
    for match, body in _hunk_bodies(patch):
        marks = "".join([line[:1] or " " for line in body])
        if "\\" in marks:  # "\ No newline at end of file"
            body = [line for line in body if line[:1] != "\\"]
            marks = marks.replace("\\", "")
        first, old, new = len(texts), int(match.group(1)), int(match.group(3))
        spans.append(
            Span(first, first + len(body), old, new, match.group(5).strip(), "+" in marks, "-" in marks)
        )
        texts += [line[1:] for line in body]
        signs.append(marks)
    joined = "".join(signs)
    if joined.strip("+-"):
        joined = _NOT_A_SIGN.sub(" ", joined)
    return Lines(texts, joined, spans)


def whole_lines(patch: str, texts: list[str], sign: str) -> Lines | None:
    """The lines of ``patch`` when it adds (``sign`` "+") or removes ("-") the page of lines ``texts`` whole:
    the columns then share ``texts``, and the patch is compared, not split. None when it is another patch."""
    header, _, rest = patch.partition("\n")
    match = HUNK_RE.match(header)
    if match is None or not texts or "\r" in patch:
        return None
    whole = sign + ("\n" + sign).join(texts)
    if rest != whole and rest != whole + "\n\\ No newline at end of file":
        return None
    old, new = int(match.group(1)), int(match.group(3))
    return Lines(
        texts,
        sign * len(texts),
        [Span(0, len(texts), old, new, match.group(5).strip(), sign == "+", sign == "-")],
    )


def changed_runs(hunks: list[Hunk]) -> Iterator[tuple[list[str], list[str]]]:
    """Each run of changed lines (between lines kept) as its removed and its added lines, blank ones left
    out and the spaces ending them taken off."""
    for hunk in hunks:
        sides: tuple[list[str], list[str]] = ([], [])
        for ln in [*hunk.lines, None]:
            if ln is not None and ln.sign != " ":
                if ln.text.strip():
                    sides[ln.sign == "+"].append(ln.text.rstrip())
            elif sides[0] or sides[1]:
                yield sides
                sides = ([], [])


def parse_patch(patch: str | None) -> list[Hunk]:
    """Hunks of a unified diff; anything before the first ``@@`` and ``\\ No newline`` is skipped."""
    hunks: list[Hunk] = []
    for match, body in _hunk_bodies(patch):
        hunk = Hunk(int(match.group(1)), int(match.group(3)), match.group(5).strip())
        hunks.append(hunk)
        old, new = hunk.old_start, hunk.new_start
        append = hunk.lines.append
        for line in body:
            sign = line[:1]
            if sign == "+":
                append(DiffLine("+", line[1:], None, new))
                new += 1
            elif sign == "-":
                append(DiffLine("-", line[1:], old, None))
                old += 1
            elif sign != "\\":
                append(DiffLine(" ", line[1:], old, new))
                old += 1
                new += 1
    return hunks


def _hunk_bodies(patch: str | None) -> list[tuple[re.Match[str], list[str]]]:
    """Each hunk of a unified diff: its header's match and its lines (lines under a bad header skipped)."""
    if not patch:
        return []
    raw = patch.split("\n")
    if "\r" in patch:
        raw = [line[:-1] if line.endswith("\r") else line for line in raw]
    # the headers are found by searching the patch, not by testing every line
    heads = [0] if patch.startswith("@@") else []
    line = pos = 0
    at = patch.find("\n@@")
    while at != -1:
        line += patch.count("\n", pos, at + 1)
        pos = at + 1
        heads.append(line)
        at = patch.find("\n@@", pos)
    out = []
    for first, stop in itertools.pairwise([*heads, len(raw)]):
        match = HUNK_RE.match(raw[first])
        if match is not None:
            out.append((match, raw[first + 1 : stop]))
    if out and _BOM in patch:
        _drop_bom(*out[0])
    return out


def _drop_bom(match: re.Match[str], body: list[str]) -> None:
    """A byte order mark opening either version is no part of its first line, as for a parsed page
    (:func:`diffreport.analysis.document.parse_document`): the patch's line 1 on each side loses it."""
    for start, signs in ((match.group(1), "- "), (match.group(3), "+ ")):
        if start != "1":
            continue
        k = next((k for k, line in enumerate(body) if line[:1] in signs), None)
        if k is not None and body[k][1:2] == _BOM:
            body[k] = body[k][:1] + body[k][2:]


def diff_lines(old: str, new: str, context: int = 3) -> Lines:
    """The lines of the diff between two texts, as git would give them (hunks without header text)."""
    a, b = old.splitlines(), new.splitlines()
    texts: list[str] = []
    signs: list[str] = []
    spans: list[Span] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, at = len(texts), len(signs)
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                texts += a[i1:i2]
                signs.append(" " * (i2 - i1))
                continue
            texts += a[i1:i2]
            texts += b[j1:j2]
            signs.append("-" * (i2 - i1) + "+" * (j2 - j1))
        marks = "".join(signs[at:])
        spans.append(
            Span(first, len(texts), group[0][1] + 1, group[0][3] + 1, "", "+" in marks, "-" in marks)
        )
    return Lines(texts, "".join(signs), spans)


def diff_texts(old: str, new: str, context: int = 3) -> list[Hunk]:
    """Hunks between two texts, as git would give them (without the header text)."""
    return diff_lines(old, new, context).hunks()
