"""Where a line of Markdown has its code spans, found as CommonMark finds them.

A run of backticks opens a code span when a later run of the same length closes it; a run that nothing
closes is a literal backtick. Both readers of inline text use this: the analysis (a heading's or a cell's
plain text keeps a code span's text as it is) and the Markdown writer (it escapes the text around code
spans only). One pass over the text, whatever it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_BACKTICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, ticks)`` of each code span in ``text``: ``text[start:end]`` is the span with its
    backticks, ``ticks`` backticks at each end."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    closer: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):  # the next run of the same length closes a span
        length = runs[i][1] - runs[i][0]
        closer[i] = last.get(length)
        last[length] = i
    spans: list[tuple[int, int, int]] = []
    i = 0
    while i < len(runs):
        j = closer[i]
        if j is None:
            i += 1
            continue
        spans.append((runs[i][0], runs[j][1], runs[i][1] - runs[i][0]))
        i = j + 1
    return spans


def outside_code(text: str, change: Callable[[str], str], *, unwrap: bool = False) -> str:
    """``text`` with ``change`` made to each stretch outside its code spans; each span kept as it is, or
    only its text (``unwrap``: the backticks dropped)."""
    out: list[str] = []
    pos = 0
    for start, end, ticks in code_spans(text):
        out += [change(text[pos:start]), text[start + ticks : end - ticks] if unwrap else text[start:end]]
        pos = end
    out.append(change(text[pos:]))
    return "".join(out)
