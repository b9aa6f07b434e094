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
from .syntax import MAX_ITEMS, MAX_LINE, PIVOT_RE, ZONE_RE, clean_inline

_STEP = re.compile(r"^( {0,3})\d{1,9}[.)][ \t]+(?=\S)")
_STEP_LINE = re.compile(_STEP.pattern, re.MULTILINE)  # a line of a text that _STEP matches
MIN_STEPS = 2  # a list of one item is not a run of steps

_Kind = Literal["added", "removed"]
_KINDS: tuple[_Kind, _Kind] = ("removed", "added")


def procedures(ctx: Context, code: PatchContext) -> list[ProcedureChange]:
    """Zone pivots and runs of at least :data:`MIN_STEPS` numbered steps that lie wholly in the added or
    the removed lines (``code`` tells lines inside fenced code blocks, which are never steps)."""
    out: list[ProcedureChange] = []
    texts = ctx.lines.texts
    sides = _stretches(ctx)
    pivots, steps = _forms(
        "\n".join([texts[k] for stretches in sides for stretch in stretches for k in stretch])
    )
    for stretches, kind in zip(sides, _KINDS, strict=True):
        for stretch in stretches:
            if pivots:
                out += _pivots(texts, stretch, kind, ctx)
            if steps:
                out += _steps(texts, stretch, kind, ctx, code)
    return out[:MAX_ITEMS]


def _forms(text: str) -> tuple[bool, bool]:
    """Whether the lines of ``text`` can hold a pivot (a ":::" line) and steps (a numbered line): one search
    of them all tells which to look for."""
    return ":::" in text, _STEP_LINE.search(text) is not None


_CHANGED_RUN = re.compile(r"[^ ]+")  # changed lines with no context line between them


def _stretches(ctx: Context) -> tuple[list[list[int]], list[list[int]]]:
    """The runs of removed lines and those of added lines with no context line between them (the other
    side's lines and the front matter's skipped)."""
    minus: list[list[int]] = []
    plus: list[list[int]] = []
    lines, front = ctx.lines, ctx.front
    signs = lines.signs
    last_front = max(front, default=-1)
    for span in lines.spans:
        for run in _CHANGED_RUN.finditer(signs, span.first, span.end):
            start, end = run.span()
            cut = start + len(run.group()) - len(run.group().lstrip("-"))  # removed lines, then added ones
            if "-" in signs[cut:end]:  # mixed: sort them line by line
                minus.append([k for k in range(start, end) if signs[k] == "-"])
                plus.append([k for k in range(start, end) if signs[k] == "+"])
            else:
                minus.append(list(range(start, cut)))
                plus.append(list(range(cut, end)))
            if start <= last_front:
                minus[-1] = [k for k in minus[-1] if k not in front]
                plus[-1] = [k for k in plus[-1] if k not in front]
    return [m for m in minus if m], [p for p in plus if p]


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
        m = ZONE_RE.match(texts[k]) if ":::" in texts[k] else None
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
        pivot = PIVOT_RE.search(texts[k][:MAX_LINE])
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
