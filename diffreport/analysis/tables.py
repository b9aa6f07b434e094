"""Table rows from the changed lines, named by their first cell and paired across the two sides: by name,
by name less a note in brackets, then by a name corrected in its hunk, then by what the rest of the row kept
(its link, its other cells); and the columns a table gained, lost or renamed (:mod:`.table_columns`)."""

from __future__ import annotations

import difflib
import re
from typing import Literal

from ..models import TableColumnChange, TableRowChange
from .context import Context
from .inline import old_spelling
from .pairing import Pool
from .patch import Lines
from .syntax import LINK_RE, MAX_ITEMS, MAX_LINE, clean_inline
from .table_columns import CELL_END, Headers, cells, changed_cell, separator, table_columns

_NUMBERING = re.compile(r"#?\d{1,4}(?:\.\d{1,4}){0,3}[.)]?")  # a row's number (`2`, `2.1`), not its name
_NAME_LINK = re.compile(r"\]\(\s*<?([^\s()<>]+)")  # where a cell's link goes: `[name](./page.md)`


def _row_name(text: str) -> str:
    """A table row's name: its first cell, cleaned, or past a numbering column or empty cells (``| 1 |
    **Services** |`` is the row "Services") the first cell that names something; cells end at a ``|`` not
    escaped."""
    inner = text.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    first = None
    start = 0
    while start <= len(inner):
        end = inner.find("|", start)
        while end > 0 and inner[end - 1] == "\\":
            end = inner.find("|", end + 1)
        name = clean_inline(inner[start:] if end == -1 else inner[start:end])
        if name and not _NUMBERING.fullmatch(name):
            return name
        first = name if first is None else first
        if end == -1:
            break
        start = end + 1
    return first or ""


def _row_key(name: str) -> str | None:
    """A row's name less a final note in brackets, in lower case: the key a renamed row is found by."""
    if name.endswith(")"):
        at = name.rfind("(")
        if at != -1 and ")" not in name[at + 1 : -1]:
            name = name[:at].rstrip()
    return name.lower() or None


def _header(lines: Lines, i: int) -> bool:
    """Whether line ``i`` (a row) heads its table: the next line of its version in the hunk is a delimiter
    row, and the line before it in the hunk (if any) is no row (a row of hyphens further down a table is a
    row). (The lines of the other side between are passed over: each run of them once for the whole diff.)"""
    texts, signs = lines.texts, lines.signs
    side, span = signs[i], lines.span_of(i)
    j = i + 1
    while j < span.end and signs[j] != side and signs[j] != " ":
        j += 1
    if j == span.end:
        return False
    row = texts[j].strip()
    if not (row.startswith("|") and separator(row)):
        return False
    k = i - 1
    while k >= span.first and signs[k] != side and signs[k] != " ":
        k -= 1
    return k < span.first or not texts[k].lstrip().startswith("|")


_NUMBERS = re.compile(r"\d+")
_ROW_WINDOW = 4  # an unpaired added row is compared with the removed rows of its hunk this near its place


def _similar_rows(
    lines: Lines,
    olds: Pool[tuple[str, int]],
    new: list[tuple[str, int]],
    matches: list[tuple[str, int] | None],
) -> list[tuple[str, int] | None]:
    """``matches`` with the unpaired added rows paired to free removed rows of their hunks whose names are
    much alike (at least 0.8; the most alike pairs first), among those near each one's place in the hunk:
    the same row, its name corrected;
    or failing that, to the one row there whose name links to the same page, or whose other cells are all
    the same and say something in words (`TextSkill` -> `TextPlugin`, "To deterministically manipulate text
    strings" kept): the row renamed."""
    free: dict[int, list[int]] = {}
    for n, (_name, i) in enumerate(olds.items):
        if olds.is_free(n):
            free.setdefault(lines.span_of(i).first, []).append(n)
    out = list(matches)
    nearby: list[tuple[int, list[int]]] = []  # unpaired added rows: (index, removed rows near it)
    alike: list[tuple[float, int, int]] = []  # (ratio, added row, removed row) of names much alike
    seen: dict[int, int] = {}  # hunk -> added rows met in it
    for k, ((name, i), match) in enumerate(zip(new, matches, strict=True)):
        hunk = lines.span_of(i).first
        place = seen[hunk] = seen.get(hunk, -1) + 1
        if match is not None:
            continue
        sm = difflib.SequenceMatcher(None, "", name.lower())
        shape = _NUMBERS.sub("#", name)
        # (not "GPT-4" -> "GPT-5": rows that differ in a number are other rows, a model or version each)
        near = [
            n
            for n in free.get(hunk, [])[max(0, place - _ROW_WINDOW) : place + _ROW_WINDOW]
            if _NUMBERS.sub("#", olds.items[n][0]) != shape
        ]
        for n in near:
            sm.set_seq1(olds.items[n][0].lower())
            if (
                sm.real_quick_ratio() >= _ALIKE
                and sm.quick_ratio() >= _ALIKE
                and (ratio := sm.ratio()) >= _ALIKE
            ):
                alike.append((ratio, k, n))
        nearby.append((k, near))
    # the names most alike first, each row once: `workflow_agents` is `workflow_with_agents` renamed, though
    # `workflow_fanout`, met first, is alike too
    for _ratio, k, n in sorted(alike, key=lambda c: (-c[0], c[1], c[2])):
        if out[k] is None and olds.is_free(n):
            out[k] = olds.take(n)
    later = [(k, near) for k, near in nearby if out[k] is None]
    # then the rows renamed further, once the names alike are paired (they may link to the same page)
    for k, near in later:
        n = _same_row(lines, olds, near, new[k][1])
        if n != -1:
            out[k] = olds.take(n)
    return out


def _target(text: str) -> str | None:
    """Where a row's name links to (``| [Azure AI Foundry](./azure-ai-foundry.md) | ✅ |``), if it does."""
    for cell in CELL_END.split(text.strip()[1:MAX_LINE]):
        name = clean_inline(cell)
        if name and not _NUMBERING.fullmatch(name):
            m = _NAME_LINK.search(cell)
            return m.group(1) if m else None
    return None


def _others(text: str) -> list[str]:
    """A row's cells less its name (the first that names something)."""
    rest = cells(text.strip())
    name = _row_name(text[:MAX_LINE])
    if name in rest:
        rest.remove(name)
    return rest


def _rest(text: str) -> list[str] | None:
    """A row's other cells when they say something in words (three or more, twelve letters or more): the
    cells a renamed row keeps. None for a row of marks, numbers or a few yes and no."""
    rest = _others(text)
    words = [w for cell in rest for w in cell.split() if any(c.isalpha() for c in w)]
    return rest if len(words) >= 3 and sum(c.isalpha() for w in words for c in w) >= 12 else None


_ALIKE = 0.8  # of two row names, for one to be the other corrected
_HALF_ALIKE = 0.6  # of two row names, the rest of their rows the same, for one to be the other renamed


def _same_row(lines: Lines, olds: Pool[tuple[str, int]], near: list[int], i: int) -> int:
    """The one free removed row among ``near`` that is row ``i`` under another name: its name links to the
    same place, or its other cells are the same and say something, or are the same and its name is still
    much alike ('Azure AI Studio hub' -> 'Azure AI Foundry hub', "Unsupported"); -1 when none is, or more
    than one. (``near`` holds no row whose name differs from row ``i``'s in a number only: "GPT-4" ->
    "GPT-5" is another model.)"""
    text = lines.texts[i]
    for key in (_target, _rest):
        mine = key(text)
        if mine is None:
            continue
        same = [n for n in near if olds.is_free(n) and key(lines.texts[olds.items[n][1]]) == mine]
        if len(same) == 1:
            return same[0]
    rest = _others(text)
    if not any(rest):
        return -1
    sm = difflib.SequenceMatcher(None, "", _row_name(text[:MAX_LINE]).lower())
    same = []
    for n in near:
        if olds.is_free(n) and _others(lines.texts[olds.items[n][1]]) == rest:
            sm.set_seq1(olds.items[n][0].lower())
            if (
                sm.real_quick_ratio() >= _HALF_ALIKE
                and sm.quick_ratio() >= _HALF_ALIKE
                and sm.ratio() >= _HALF_ALIKE
            ):
                same.append(n)
    return same[0] if len(same) == 1 else -1


def _written(row: str) -> list[str]:
    """A row's cells as written, their spacing aside and less the empty cells that end it: a row that only
    lost or gained empty cells at its end (an empty column dropped) is the same row."""
    found = [" ".join(cell.split()) for cell in CELL_END.split(row.strip()[1:MAX_LINE])]
    while found and not found[-1]:
        found.pop()
    return found


def _untargeted(row: str) -> str:
    """A row with its links' targets left out: a row whose links were only repointed is said by the links."""
    return LINK_RE.sub(r"\1[\2]()", row[:MAX_LINE])


def _column(headers: Headers, i: int, old: str, new: str) -> str | None:
    """The header of the one column whose cell row ``i`` changed (``old`` -> ``new``), when it is one and
    the table's header row is found."""
    cell = changed_cell(old, new)
    if cell is None:
        return None
    head = headers.of(i)
    if head is None or cell[0] >= len(head):
        return None
    return head[cell[0]] or None


def table_rows(
    body: list[int], ctx: Context, moved: tuple[str, str] | None = None
) -> tuple[list[TableRowChange], list[TableColumnChange]]:
    """Rows of the lines ``body`` (indexes), paired by name across the two sides; and the columns of the
    tables whose header row changed. A row of a file ``moved`` (old path, new path) whose links were only
    rewritten to name the same files from the new folder is no change."""
    lines = ctx.lines
    texts, signs = lines.texts, lines.signs
    rows: dict[str, list[tuple[str, int]]] = {"+": [], "-": []}
    headers: dict[str, list[int]] = {"+": [], "-": []}
    held = [i for i in body if "|" in texts[i]]
    if not held:
        return [], []
    one_side = None if "+" in signs and "-" in signs else rows[signs[held[0]]]  # as links_and_includes
    for i in held:
        text = texts[i].strip()
        if text.startswith("|") and text.count("|") >= 2 and not separator(text):
            if _header(lines, i):
                headers[signs[i]].append(i)
                continue
            rows[signs[i]].append((_row_name(text[:MAX_LINE]), i))
            if one_side is not None and len(one_side) >= MAX_ITEMS:  # nothing to pair: the first rows it is
                break
    found: list[tuple[Literal["added", "removed", "changed"], str, int | None, int | None]] = []
    olds = Pool(rows["-"], lambda o: o[0], lambda o: _row_key(o[0]))
    # a row keeps its name, or failing that its name less a note in brackets ("Qdrant (Memory)" -> "Qdrant")
    matches = [olds.take_first(0, name) for name, _ in rows["+"]]
    matches = [
        m or olds.take_first(1, _row_key(name)) for m, (name, _) in zip(matches, rows["+"], strict=True)
    ]
    # failing both, a name typo-fixed in its hunk ("suppoprt" -> "support")
    if None in matches and olds.left():
        matches = _similar_rows(lines, olds, rows["+"], matches)
    for (name, k), match in zip(rows["+"], matches, strict=True):
        if match is None:
            found.append(("added", name, None, k))
        elif (
            _written(texts[match[1]]) != _written(texts[k])
            and (
                "](" not in texts[k]
                or _written(_untargeted(texts[match[1]])) != _written(_untargeted(texts[k]))
            )
            and (
                moved is None
                or " ".join(texts[match[1]].split())
                != " ".join(old_spelling(texts[match[1]], texts[k], moved).split())
            )
        ):
            found.append(("changed", name, match[1], k))
    found += [("removed", name, j, None) for name, j in olds.left()]
    columns: list[TableColumnChange] = []
    explained: set[tuple[int, int]] = set()
    if headers["+"] and headers["-"]:
        changed = [(o, n) for kind, _, o, n in found if kind == "changed" and o is not None and n is not None]
        columns, explained = table_columns(ctx, headers, changed)
    out: list[TableRowChange] = []
    heads = Headers(ctx)
    for kind, name, old_at, new_at in found[:MAX_ITEMS]:
        if new_at is None:
            assert old_at is not None
            old = texts[old_at].strip()
            out.append(
                TableRowChange(
                    kind=kind, name=name, old=old, old_line=lines.old(old_at), section=ctx.section(old_at)
                )
            )
        elif old_at is None:
            new = texts[new_at].strip()
            out.append(
                TableRowChange(
                    kind=kind, name=name, new=new, line=lines.new(new_at), section=ctx.section(new_at)
                )
            )
        else:
            old_name = _row_name(texts[old_at].strip()[:MAX_LINE])
            old, new = texts[old_at].strip(), texts[new_at].strip()
            out.append(
                TableRowChange(
                    kind=kind,
                    name=name,
                    old_name=old_name if old_name != name else None,
                    old=old,
                    new=new,
                    line=lines.new(new_at),
                    old_line=lines.old(old_at),
                    section=ctx.section(new_at),
                    columns_only=(old_at, new_at) in explained,
                    column=None if old_name != name else _column(heads, new_at, old, new),
                )
            )
    return out, columns
