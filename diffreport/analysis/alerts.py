"""Alert facts from the changed lines: `> [!NOTE]` … alerts added, removed, moved to another section,
retyped over the same text, or reworded.

Each scanner pairs and orders plain tuples, and builds fact models only for the :data:`MAX_ITEMS` it keeps.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

from ..models import AlertChange
from .context import Context
from .pairing import Pool
from .patch import Lines
from .syntax import MAX_ITEMS, MAX_LINE, clean_inline

ALERT_RE = re.compile(r"^\s*>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
_BULLET = re.compile(r"^[*+-][ \t]+")


def alerts(ctx: Context) -> list[AlertChange]:
    lines = ctx.lines
    texts, signs = lines.texts, lines.signs
    found: dict[str, list[tuple[str, str, int]]] = {"+": [], "-": []}  # alert, text, line index
    held = [i for i, t in enumerate(texts) if "[" in t and "[!" in t]  # ALERT_RE needs "[!" ("[" is faster)
    if not held:
        return []
    edited: list[AlertChange] = []  # alerts whose first line was kept and whose text changed
    for i in held:
        m = ALERT_RE.match(texts[i])
        if not m:
            continue
        sign, kind = signs[i], m.group(1).upper()
        if sign != " ":
            found[sign].append((kind, _alert_body(lines, i, m.end(), sign), i))
            continue
        old, new = _alert_body(lines, i, m.end(), "-"), _alert_body(lines, i, m.end(), "+")
        if old != new:
            edited.append(
                AlertChange(
                    kind="reworded",
                    alert=kind,
                    text=new,
                    old_text=old,
                    line=lines.new(i),
                    old_line=lines.old(i),
                    section=ctx.section(i),
                )
            )
    # an alert whose text is the same on both sides was only touched, or moved to another section; with
    # the same text as another kind of alert, it was retyped
    minus = Pool(found["-"], lambda b: (b[0], b[1]), lambda b: b[1] or None)
    plus: list[tuple[str, str, int]] = []
    paired: list[AlertChange] = []
    for alert, body, i in found["+"]:
        twin = minus.take_first(0, (alert, body))
        if twin is None:
            plus.append((alert, body, i))
        elif ctx.section(twin[2]) != ctx.section(i) and body:
            paired.append(_twin("moved", alert, body, i, twin, ctx))
    unpaired = plus
    plus = []
    for alert, body, i in unpaired:
        twin = minus.take_first(1, body) if body else None
        if twin is None:
            plus.append((alert, body, i))
        else:
            paired.append(_twin("retyped", alert, body, i, twin, ctx))
    if plus and minus.left():
        plus = _reworded(plus, minus, paired, ctx)
    paired += edited
    return [
        AlertChange(
            kind="added" if signs[i] == "+" else "removed",
            alert=alert,
            text=body,
            line=lines.new(i),
            old_line=lines.old(i),
            section=ctx.section(i),
        )
        for alert, body, i in (plus + minus.left())[:MAX_ITEMS]
    ] + paired[: max(0, MAX_ITEMS - len(plus) - len(minus.left()))]


def _alert_body(lines: Lines, i: int, start: int, sign: str) -> str:
    """The text of the alert whose first line is ``lines[i]`` (its kind ending at ``start``), as the
    version of ``sign`` has it ("+" or "-"; the lines of the other side passed over): up to the first line
    that is no part of the quote, or that opens another alert."""
    texts, signs = lines.texts, lines.signs
    other = "+" if sign == "-" else "-"
    text: list[str] = []
    fence = ""  # a code block (or complex image) open inside the alert: its lines are no part of its words
    for k in range(i + 1, lines.span_of(i).end):
        if signs[k] == other:
            continue
        nxt = texts[k].lstrip()
        if not nxt.startswith(">") or ("[!" in nxt and ALERT_RE.match(nxt)):
            break
        inner = nxt[1:].strip()
        if fence.startswith(":::"):  # a complex image's long description, up to its end
            if inner.startswith(":::image-end"):
                fence = ""
            continue
        if inner.startswith(":::") and not fence:  # a Learn directive (`:::image …:::`): said as what it is
            if inner.startswith(":::image") and 'type="complex"' in inner:
                fence = ":::image-end:::"
            continue
        if inner[:3] in ("```", "~~~"):
            mark = inner[: len(inner) - len(inner.lstrip(inner[0]))]
            if not fence:
                fence = mark
            elif mark.startswith(fence) and not inner[len(mark) :].strip():
                fence = ""
            continue
        if not fence:
            text.append(_BULLET.sub("", inner))  # an alert's list: its items' text
    rest = texts[i][start:].strip()
    return clean_inline(" ".join([rest, *text])[:MAX_LINE])[:300]


_ALIKE = 0.6  # of the words of an alert and of the one it replaced, for it to be that one reworded
_CANDIDATES = 16


def _reworded(
    plus: list[tuple[str, str, int]],
    minus: Pool[tuple[str, str, int]],
    paired: list[AlertChange],
    ctx: Context,
) -> list[tuple[str, str, int]]:
    """The added alerts (kind, text, line index) that are not a removed one of the same kind, in the same
    section or hunk, reworded (their words much alike: "… is experimental, still in development and …" ->
    "… is in preview and …", under a heading that lost its "(Experimental)"); those go to ``paired``, taken
    from ``minus``."""
    left: list[tuple[str, str, int]] = []
    places: dict[tuple[str, object], list[int]] = {}  # (kind, section or hunk) -> free removed alerts
    for n, (old_alert, _old_body, j) in enumerate(minus.items):
        if minus.is_free(n):
            places.setdefault((old_alert, ctx.section(j)), []).append(n)
            places.setdefault((old_alert, ctx.lines.span_of(j).first), []).append(n)
    for alert, body, i in plus:
        sm = difflib.SequenceMatcher(None, [], body.lower().split(), autojunk=False)
        best, score = -1, _ALIKE
        lists = [places.get((alert, ctx.section(i)), []), places.get((alert, ctx.lines.span_of(i).first), [])]
        for n in dict.fromkeys([*lists[0][:_CANDIDATES], *lists[1][:_CANDIDATES]]):
            sm.set_seq1(minus.items[n][1].lower().split())
            if sm.real_quick_ratio() >= score and sm.quick_ratio() >= score and sm.ratio() >= score:
                best, score = n, sm.ratio()
        if best == -1:
            left.append((alert, body, i))
            continue
        twin = minus.take(best)
        for place in (
            ctx.section(twin[2]),
            ctx.lines.span_of(twin[2]).first,
        ):  # (only free alerts are listed)
            places[(alert, place)].remove(best)
        change = _twin("reworded", alert, body, i, twin, ctx)
        change.old_text = twin[1]
        paired.append(change)
    return left


def _twin(
    kind: Literal["moved", "retyped", "reworded"],
    alert: str,
    body: str,
    i: int,
    twin: tuple[str, str, int],
    ctx: Context,
) -> AlertChange:
    """An alert paired with its old self (``twin``: kind, text, line index) by its text."""
    old_section = ctx.section(twin[2])
    return AlertChange(
        kind=kind,
        alert=alert,
        text=body,
        line=ctx.lines.new(i),
        old_line=ctx.lines.old(twin[2]),
        section=ctx.section(i),
        old_section=old_section if kind == "moved" or old_section != ctx.section(i) else None,
        old_alert=twin[0] if kind == "retyped" else None,
    )
