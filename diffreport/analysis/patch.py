"""Unified diffs: parsing hunks, and diffing two texts into the same shape.

A :class:`DiffLine` knows its sign, its text and its line numbers on both sides, so the
analysers work the same way whether the lines come from git's patch, from a JSONL corpus, or
from :func:`diff_texts` on two full versions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

HUNK_RE = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$")


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


def parse_patch(patch: str | None) -> list[Hunk]:
    """Hunks of a unified diff; anything before the first ``@@`` and ``\\ No newline`` is skipped."""
    hunks: list[Hunk] = []
    if not patch:
        return hunks
    append = None  # the current hunk's lines.append (None before the first hunk and after a bad header)
    old = new = 0
    strip_cr = "\r" in patch
    for raw in patch.split("\n"):
        line = raw[:-1] if strip_cr and raw.endswith("\r") else raw
        sign = line[:1]
        if sign == "@" and line.startswith("@@"):
            match = HUNK_RE.match(line)
            if match is None:
                append = None
                continue
            old, new = int(match.group(1)), int(match.group(3))
            hunk = Hunk(old, new, match.group(5).strip())
            hunks.append(hunk)
            append = hunk.lines.append
        elif append is None or sign == "\\":
            continue
        elif sign == "+":
            append(DiffLine("+", line[1:], None, new))
            new += 1
        elif sign == "-":
            append(DiffLine("-", line[1:], old, None))
            old += 1
        else:
            append(DiffLine(" ", line[1:], old, new))
            old += 1
            new += 1
    return hunks


def diff_texts(old: str, new: str, context: int = 3) -> list[Hunk]:
    """Hunks between two texts, as git would give them (without the header text)."""
    a, b = old.splitlines(), new.splitlines()
    hunks: list[Hunk] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        hunk = Hunk(group[0][1] + 1, group[0][3] + 1, "")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.lines += [
                    DiffLine(" ", a[i], i + 1, j + 1)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            hunk.lines += [DiffLine("-", a[i], i + 1, None) for i in range(i1, i2)]
            hunk.lines += [DiffLine("+", b[j], None, j + 1) for j in range(j1, j2)]
        hunks.append(hunk)
    return hunks


def changed_lines(hunks: list[Hunk]) -> list[DiffLine]:
    return [line for hunk in hunks for line in hunk.lines if line.sign != " "]


def replacement_pairs(hunk: Hunk) -> list[tuple[DiffLine, DiffLine]]:
    """Removed/added lines paired in order within each run of ``-`` lines followed by ``+`` lines."""
    pairs: list[tuple[DiffLine, DiffLine]] = []
    minus: list[DiffLine] = []
    plus: list[DiffLine] = []
    for line in hunk.lines:
        sign = line.sign
        if sign == "-":
            if plus:
                pairs.extend(zip(minus, plus, strict=False))
                minus, plus = [], []
            minus.append(line)
        elif sign == "+":
            plus.append(line)
        elif minus or plus:
            pairs.extend(zip(minus, plus, strict=False))
            minus, plus = [], []
    pairs.extend(zip(minus, plus, strict=False))
    return pairs
