"""The columns a table gained, lost or renamed, from its header row changed in a hunk: each header paired
with the one it replaced by the cells they share, then its cells compared by name and place; and the cells of
a row as a reader sees them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Literal

from ..models import TableColumnChange
from .context import Context, FullContext
from .patch import Lines
from .syntax import MAX_ITEMS, MAX_LINE, clean_inline

CELL_END = re.compile(r"(?<!\\)\|")  # a cell's end: a "|" not escaped
_SEP_CELL = re.compile(r":?-+:?")  # (one hyphen is enough: `|:-|:-|` is a delimiter row)
_MAX_COLUMNS = 100  # header cells compared: a wider header is not read column by column


def cells(row: str) -> list[str]:
    """The cells of a row (stripped, starting with ``|``) as a reader sees them."""
    inner = row[1:MAX_LINE]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [clean_inline(cell) for cell in CELL_END.split(inner)]


def _table_end(lines: Lines, i: int) -> int:
    """Past the last row, in its hunk, of the table whose header is line ``i`` (on that line's side)."""
    texts, signs = lines.texts, lines.signs
    other = "-" if signs[i] == "+" else "+"
    last = i + 1
    for j in range(i + 1, lines.span_of(i).end):
        if signs[j] != other:
            if not texts[j].lstrip().startswith("|"):
                break
            last = j + 1
    return last


def _header_pairs(lines: Lines, headers: dict[str, list[int]]) -> list[tuple[int, int]]:
    """Each added header row paired with the free removed one of its hunk that shares the most cells with it
    (the earliest on a tie), at least half of the larger one's: one table's header, edited."""
    free: dict[int, list[tuple[int, set[str]]]] = {}
    for i in headers["-"][:MAX_ITEMS]:
        keys = {c.lower() for c in cells(lines.texts[i].strip())[:_MAX_COLUMNS] if c}
        free.setdefault(lines.span_of(i).first, []).append((i, keys))
    pairs = []
    for j in headers["+"][:MAX_ITEMS]:
        keys = {c.lower() for c in cells(lines.texts[j].strip())[:_MAX_COLUMNS] if c}
        olds = free.get(lines.span_of(j).first, [])
        best, most = -1, 0
        for n, (_i, old_keys) in enumerate(olds):
            shared = len(keys & old_keys)
            if shared > most and 2 * shared >= max(len(keys), len(old_keys)):
                best, most = n, shared
        if best != -1:
            pairs.append((olds.pop(best)[0], j))
    return pairs


def _alike(old: list[str], olds: list[int], new: list[str], news: list[int]) -> tuple[list[int], list[int]]:
    """The columns of a few old and new header cells in place of each other that pair up by their names being
    much alike (``… v4.0 preview`` -> ``… v4.0``), in order: renamed. Past a few, none."""
    if len(olds) > _FEW_CELLS or len(news) > _FEW_CELLS:
        return [], []
    paired_old: list[int] = []
    paired_new: list[int] = []
    start = 0
    for b in news:
        matcher = difflib.SequenceMatcher(None, "", new[b].lower(), False)
        best, score = -1, _ALIKE
        for n in range(start, len(olds)):
            matcher.set_seq1(old[olds[n]].lower())
            ratio = matcher.ratio()
            if ratio >= score:
                best, score = n, ratio
        if best != -1:
            paired_old.append(olds[best])
            paired_new.append(b)
            start = best + 1
    return paired_old, paired_new


_FEW_CELLS = 8
_ALIKE = 0.75


def table_columns(
    ctx: Context, headers: dict[str, list[int]], changed: list[tuple[int, int]]
) -> tuple[list[TableColumnChange], set[tuple[int, int]]]:
    """The columns added, removed or renamed in the tables whose header row the diff edits; and which of the
    ``changed`` rows (old and new line indexes) changed only by them (their other cells as they were)."""
    lines = ctx.lines
    texts = lines.texts
    out: list[TableColumnChange] = []
    explained: set[tuple[int, int]] = set()
    for i, j in _header_pairs(lines, headers):
        old, new = cells(texts[i].strip()), cells(texts[j].strip())
        if old == new or len(old) > _MAX_COLUMNS or len(new) > _MAX_COLUMNS:
            continue
        line, old_line, section = lines.new(j), lines.old(i), ctx.section(j)
        found: list[TableColumnChange] = []
        kept: list[tuple[int, int]] = []  # (old position, new position) of each column kept, renamed or moved
        gone: list[int] = []
        came: list[int] = []
        matcher = difflib.SequenceMatcher(None, [c.lower() for c in old], [c.lower() for c in new], False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            if tag == "replace" and len(olds) != len(news):
                # a column without a header went or came; of the others, each like another is it renamed
                olds, news = [a for a in olds if old[a]], [b for b in news if new[b]]
                if len(olds) != len(news):
                    olds, news = _alike(old, olds, new, news)
                gone += [a for a in range(i1, i2) if a not in olds]
                came += [b for b in range(j1, j2) if b not in news]
            if tag == "equal" or (tag == "replace" and len(olds) == len(news)):
                kept += zip(olds, news, strict=True)
                found += [
                    TableColumnChange(
                        kind="renamed", name=new[b], old=old[a], line=line, old_line=old_line, section=section
                    )
                    for a, b in zip(olds, news, strict=True)
                    if tag == "replace" and old[a] and new[b]
                ]
            else:
                gone += olds
                came += news
        # a column removed in one place and added in another was moved: neither
        at_new = {new[b].lower(): b for b in came}
        moved = {old[a].lower() for a in gone} & at_new.keys()
        kept += [(a, at_new[old[a].lower()]) for a in gone if old[a].lower() in moved]
        sides: tuple[tuple[Literal["removed", "added"], list[str]], ...] = (
            ("removed", [old[a] for a in gone if old[a].lower() not in moved]),
            ("added", [new[b] for b in came if new[b].lower() not in moved]),
        )
        for kind, names in sides:
            found += [
                TableColumnChange(kind=kind, name=name, line=line, old_line=old_line, section=section)
                for name in names
                if name
            ]
        if not found:
            continue
        out += found
        old_end, new_end = _table_end(lines, i), _table_end(lines, j)
        for a, b in changed:
            if i < a < old_end and j < b < new_end:
                old_row, new_row = cells(texts[a].strip()), cells(texts[b].strip())
                if (
                    len(old_row) == len(old)
                    and len(new_row) == len(new)
                    and all(old_row[x] == new_row[y] for x, y in kept)
                ):
                    explained.add((a, b))
    return out[:MAX_ITEMS], explained


def separator(row: str) -> bool:
    """A table's delimiter row (``| --- | :-: |``), ``row`` stripped and starting with ``|``: every cell
    holds a "-", so a row without one is none."""
    if "-" not in row:
        return False
    inner = row[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return all(_SEP_CELL.fullmatch(cell.strip()) for cell in inner.split("|"))


def changed_cell(old: str, new: str) -> tuple[int, str, str] | None:
    """The one cell two versions of a row (stripped, starting with ``|``) differ in as a reader sees them:
    its place, old and new text; None when they differ in more cells, or in their number of cells."""
    a, b = cells(old), cells(new)
    if len(a) != len(b):
        return None
    found = None
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        if " ".join(x.split()) != " ".join(y.split()):
            if found is not None:
                return None
            found = (k, x, y)
    return found


class Headers:
    """The header cells of the table each new row is in, found by walking up from the row to its table's
    delimiter row: in the new version when it was read, else in the row's hunk (None when the hunk does not
    reach the table's head). Each line is walked once for all the rows of a file."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._doc = ctx.new.lines if isinstance(ctx, FullContext) and ctx.new is not None else None
        self._memo: dict[int, list[str] | None] = {}

    def of(self, i: int) -> list[str] | None:
        """The header cells of the table that new row ``i`` (a line index of the diff) is in."""
        lines = self._ctx.lines
        if self._doc is not None:
            n = lines.new(i)
            return self._walk(self._doc, range((n or 1) - 2, -1, -1)) if n else None
        texts, signs = lines.texts, lines.signs
        first = lines.span_of(i).first
        return self._walk(texts, (j for j in range(i - 1, first - 1, -1) if signs[j] != "-"))

    def _walk(self, texts: list[str], above: Iterable[int]) -> list[str] | None:
        path: list[int] = []  # the rows walked, the delimiter row last
        found: list[str] | None = None
        for j in above:
            if j in self._memo:
                found = self._memo[j]
                break
            row = texts[j].strip()
            if not row.startswith("|"):
                break
            if path and separator(texts[path[-1]].strip()):
                found = cells(row)  # the row above the delimiter row: the header
                break
            path.append(j)
        for j in path:
            self._memo[j] = found
        return found
