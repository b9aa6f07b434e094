"""Block facts from the changed lines: table rows, fenced code blocks and alerts."""

from __future__ import annotations

import re
from typing import Literal

from ..models import AlertChange, CodeBlockChange, TableRowChange
from .context import Context
from .pairing import Pool
from .patch import DiffLine, Hunk
from .syntax import MAX_ITEMS, MAX_LINE, clean_inline

ALERT_RE = re.compile(r"^\s*>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
_SEP_CELL = re.compile(r":?-{2,}:?")


_CELL_SEP = re.compile(r"(?<!\\)\|")


def _first_cell(text: str) -> str:
    """The first cell of a table row, cleaned (the row's name)."""
    inner = text.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return clean_inline(_CELL_SEP.split(inner, maxsplit=1)[0])


def _separator(row: str) -> bool:
    """A table's delimiter row (``| --- | :--: |``), ``row`` stripped and starting with ``|``."""
    inner = row[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return all(_SEP_CELL.fullmatch(cell.strip()) for cell in inner.split("|"))


def table_rows(body: list[DiffLine], ctx: Context) -> list[TableRowChange]:
    rows: dict[str, list[tuple[str, DiffLine]]] = {"+": [], "-": []}
    for ln in [ln for ln in body if "|" in ln.text]:
        text = ln.text.strip()
        if text.startswith("|") and text.count("|") >= 2 and not _separator(text):
            rows[ln.sign].append((_first_cell(text[:MAX_LINE]), ln))
    out: list[TableRowChange] = []
    olds = Pool(rows["-"], lambda o: o[0])
    for name, ln in rows["+"]:
        match = olds.take_first(0, name)
        if match is not None:
            if " ".join(match[1].text.split()) != " ".join(ln.text.split()):
                out.append(
                    TableRowChange(
                        kind="changed",
                        name=name,
                        old=match[1].text.strip(),
                        new=ln.text.strip(),
                        line=ln.new,
                        old_line=match[1].old,
                        section=ctx.section(ln),
                    )
                )
        else:
            out.append(
                TableRowChange(
                    kind="added", name=name, new=ln.text.strip(), line=ln.new, section=ctx.section(ln)
                )
            )
    for name, ln in olds.left():
        out.append(
            TableRowChange(
                kind="removed", name=name, old=ln.text.strip(), old_line=ln.old, section=ctx.section(ln)
            )
        )
    return out[:MAX_ITEMS]


def code_blocks(hunks: list[Hunk], ctx: Context) -> list[CodeBlockChange]:
    """Blocks between two fences of one side (each side read with the context lines): only the fence
    lines are walked, the lines between a pair are counted once it closes."""
    out: list[CodeBlockChange] = []
    front = ctx.front
    for hunk in hunks:
        fences = ctx.fences[id(hunk)]
        if len(fences) < 2:
            continue
        lines = hunk.lines
        for side in ("+", "-"):
            block: tuple[int, str] | None = None
            for i, lang in fences:
                line = lines[i]
                if line.sign not in (" ", side) or (front and id(line) in front):
                    continue
                if block is None:
                    block = (i, lang)
                    continue
                start, lang = block
                block = None
                opener = lines[start]
                inner = [
                    ln
                    for ln in lines[start + 1 : i]
                    if ln.sign in (" ", side) and not (front and id(ln) in front)
                ]
                n_changed = sum(1 for ln in inner if ln.sign == side)
                if opener.sign == side and line.sign == side:
                    kind: Literal["added", "removed"] = "added" if side == "+" else "removed"
                    out.append(
                        CodeBlockChange(
                            kind=kind,
                            language=lang,
                            lines=len(inner),
                            line=opener.new,
                            old_line=opener.old,
                            section=ctx.section(opener),
                        )
                    )
                elif n_changed and (side == "+" or not any(ln.sign == "+" for ln in lines)):
                    out.append(
                        CodeBlockChange(
                            kind="changed",
                            language=lang,
                            lines=n_changed,
                            line=opener.new,
                            old_line=opener.old,
                            section=ctx.section(opener),
                        )
                    )
    return out[:MAX_ITEMS]


def alerts(hunks: list[Hunk], ctx: Context) -> list[AlertChange]:
    found: dict[str, list[AlertChange]] = {"+": [], "-": []}
    for hunk in hunks:
        for i in [i for i, ln in enumerate(hunk.lines) if "[!" in ln.text]:  # ALERT_RE needs "[!"
            line = hunk.lines[i]
            m = ALERT_RE.match(line.text)
            if not m or line.sign == " ":
                continue
            text: list[str] = []
            for k in range(i + 1, len(hunk.lines)):  # no copy of the hunk's tail per alert
                nxt = hunk.lines[k]
                if nxt.sign not in (" ", line.sign):
                    continue
                if not nxt.text.lstrip().startswith(">"):
                    break
                text.append(nxt.text.lstrip()[1:].strip())
            rest = line.text[m.end() :].strip()
            body = clean_inline(" ".join([rest, *text])[:MAX_LINE])[:300]
            alert_kind: Literal["added", "removed"] = "added" if line.sign == "+" else "removed"
            found[line.sign].append(
                AlertChange(
                    kind=alert_kind,
                    alert=m.group(1).upper(),
                    text=body,
                    line=line.new,
                    old_line=line.old,
                    section=ctx.section(line),
                )
            )
    # an alert whose text is the same on both sides was only moved or touched: not a fact
    minus = Pool(found["-"], lambda b: (b.alert, b.text))
    plus = [a for a in found["+"] if minus.take_first(0, (a.alert, a.text)) is None]
    return (plus + minus.left())[:MAX_ITEMS]
