"""Blocks of steps added or removed whole: Learn zone pivots and runs of numbered steps.

Both are read from the changed lines of each hunk, one side at a time: the ``-`` (or ``+``) lines between
two context lines are one stretch of the old (new) version, and a block lies inside such a stretch. One
pass over each stretch, so the scan stays linear.
"""

from __future__ import annotations

import re
from typing import Literal

from ..models import ProcedureChange
from .context import Context, PatchContext
from .syntax import MAX_ITEMS, MAX_LINE, clean_inline

_ZONE = re.compile(r"^ {0,3}:::[ \t]*zone(-end)?\b")
_PIVOT = re.compile(r"\bpivot[ \t]*=[ \t]*\"([^\"]*)\"")
_STEP = re.compile(r"^( {0,3})\d{1,9}[.)][ \t]+(?=\S)")
MIN_STEPS = 2  # a list of one item is not a run of steps

_Kind = Literal["added", "removed"]
_SIDES: tuple[tuple[str, _Kind], ...] = (("-", "removed"), ("+", "added"))


def procedures(ctx: Context, code: PatchContext) -> list[ProcedureChange]:
    """Zone pivots and runs of at least :data:`MIN_STEPS` numbered steps that lie wholly in the added or
    the removed lines (``code`` tells lines inside fenced code blocks, which are never steps)."""
    out: list[ProcedureChange] = []
    texts = ctx.lines.texts
    for side, kind in _SIDES:
        for stretch in _stretches(ctx, side):
            out += _pivots(texts, stretch, kind, ctx)
            out += _steps(texts, stretch, kind, ctx, code)
    return out[:MAX_ITEMS]


_CHANGED_RUN = re.compile(r"[^ ]+")  # changed lines with no context line between them


def _stretches(ctx: Context, side: str) -> list[list[int]]:
    """Runs of ``side`` lines with no context line between them (the other side's lines and the front
    matter's skipped)."""
    out: list[list[int]] = []
    lines, front = ctx.lines, ctx.front
    signs = lines.signs
    for span in lines.spans:
        for run in _CHANGED_RUN.finditer(signs, span.first, span.end):
            stretch = [k for k in range(*run.span()) if signs[k] == side and k not in front]
            if stretch:
                out.append(stretch)
    return out


def _fact(
    first: int,
    kind: _Kind,
    ctx: Context,
    form: Literal["pivot", "steps"],
    name: str,
    lines: int,
    steps: int = 0,
) -> ProcedureChange:
    return ProcedureChange(
        kind=kind,
        form=form,
        name=name,
        lines=lines,
        steps=steps,
        line=ctx.lines.new(first),
        old_line=ctx.lines.old(first),
        section=ctx.section(first),
    )


def _pivots(texts: list[str], stretch: list[int], kind: _Kind, ctx: Context) -> list[ProcedureChange]:
    """Each ``::: zone pivot`` opener with its ``::: zone-end`` in the stretch. A diff may slide a removed
    block so that the stretch starts with the end of the zone before it and stops short of its own end
    (``zone-end, , zone pivot="b", ...``): an opener left open pairs with such a leading end."""
    out: list[ProcedureChange] = []
    opener: tuple[int, str] | None = None
    lead_end: int | None = None
    for i, k in enumerate(stretch):
        m = _ZONE.match(texts[k]) if ":::" in texts[k] else None
        if m is None:
            continue
        if m.group(1):
            if opener is not None:
                if opener[1]:
                    out.append(_fact(stretch[opener[0]], kind, ctx, "pivot", opener[1], i - opener[0] + 1))
                opener = None
            elif lead_end is None:
                lead_end = i
            continue
        pivot = _PIVOT.search(texts[k][:MAX_LINE])
        opener = (i, pivot.group(1).strip() if pivot else "")
    if opener is not None and opener[1] and lead_end is not None:
        lines = len(stretch) - opener[0] + lead_end + 1
        out.append(_fact(stretch[opener[0]], kind, ctx, "pivot", opener[1], lines))
    return out


def _steps(
    texts: list[str], stretch: list[int], kind: _Kind, ctx: Context, code: PatchContext
) -> list[ProcedureChange]:
    """Runs of numbered items at one indentation, with the blank and more-indented lines between them."""
    out: list[ProcedureChange] = []
    i, n = 0, len(stretch)
    while i < n:
        first = _STEP.match(texts[stretch[i]])
        if first is None or stretch[i] in code.code:
            i += 1
            continue
        indent, steps, last, j = len(first.group(1)), 0, i, i
        while j < n:
            text = texts[stretch[j]]
            step = _STEP.match(text)
            if step is not None and len(step.group(1)) == indent:
                steps, last = steps + 1, j
            elif text.strip():
                if len(text) - len(text.lstrip()) <= indent:
                    break
                last = j  # a continuation: indented text, a nested list or a code block of the step
            j += 1
        if steps >= MIN_STEPS:
            name = clean_inline(texts[stretch[i]][first.end() : MAX_LINE])[:120]
            out.append(_fact(stretch[i], kind, ctx, "steps", name, last - i + 1, steps))
        i = max(j, i + 1)
    return out
