"""Table rows from the changed lines, named by their first cell and paired across the two sides: by name,
by name less a note in brackets, then by a name corrected in its hunk; and the columns a table gained, lost
or renamed, from its header row changed in a hunk."""

from __future__ import annotations

import difflib
import re
from typing import Literal

from ..models import TableColumnChange, TableRowChange
from .context import Context
from .pairing import Pool
from .patch import Lines
from .syntax import MAX_ITEMS, MAX_LINE, clean_inline

_SEP_CELL = re.compile(r":?-+:?")  # (one hyphen is enough: `|:-|:-|` is a delimiter row)
_PIPE = re.compile(r"(?<!\\)\|")  # a cell's end: a "|" not escaped
_MAX_COLUMNS = 100  # header cells compared: a wider header is not read column by column
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


def _separator(row: str) -> bool:
    """A table's delimiter row (``| --- | :-: |``), ``row`` stripped and starting with ``|``: every cell
    holds a "-", so a row without one is none."""
    if "-" not in row:
        return False
    inner = row[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return all(_SEP_CELL.fullmatch(cell.strip()) for cell in inner.split("|"))


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
    if not (row.startswith("|") and _separator(row)):
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
    """``matches`` with each unpaired added row paired to the free removed row of its hunk whose name is
    most alike (at least 0.8), among those near its place in the hunk: the same row, its name corrected;
    or failing that, to the one row there whose name links to the same page, or whose other cells are all
    the same and say something in words (`TextSkill` -> `TextPlugin`, "To deterministically manipulate text
    strings" kept): the row renamed."""
    free: dict[int, list[int]] = {}
    for n, (_name, i) in enumerate(olds.items):
        if olds.is_free(n):
            free.setdefault(lines.span_of(i).first, []).append(n)
    out = list(matches)
    later: list[tuple[int, list[int]]] = []  # added rows no name is like: (index, removed rows near it)
    seen: dict[int, int] = {}  # hunk -> added rows met in it
    for k, ((name, i), match) in enumerate(zip(new, matches, strict=True)):
        hunk = lines.span_of(i).first
        place = seen[hunk] = seen.get(hunk, -1) + 1
        if match is not None:
            continue
        sm = difflib.SequenceMatcher(None, "", name.lower())
        best = (0.8, -1)
        shape = _NUMBERS.sub("#", name)
        # (not "GPT-4" -> "GPT-5": rows that differ in a number are other rows, a model or version each)
        near = [
            n
            for n in free.get(hunk, [])[max(0, place - _ROW_WINDOW) : place + _ROW_WINDOW]
            if _NUMBERS.sub("#", olds.items[n][0]) != shape
        ]
        for n in near:
            if olds.is_free(n):
                sm.set_seq1(olds.items[n][0].lower())
                if sm.real_quick_ratio() >= best[0] and sm.quick_ratio() >= best[0]:
                    best = max(best, (sm.ratio(), n))
        if best[1] != -1:
            out[k] = olds.take(best[1])
        else:
            later.append((k, near))
    # then the rows renamed further, once the names alike are paired (they may link to the same page)
    for k, near in later:
        n = _same_row(lines, olds, near, new[k][1])
        if n != -1:
            out[k] = olds.take(n)
    return out


def _target(text: str) -> str | None:
    """Where a row's name links to (``| [Azure AI Foundry](./azure-ai-foundry.md) | ✅ |``), if it does."""
    for cell in _PIPE.split(text.strip()[1:MAX_LINE]):
        name = clean_inline(cell)
        if name and not _NUMBERING.fullmatch(name):
            m = _NAME_LINK.search(cell)
            return m.group(1) if m else None
    return None


def _others(text: str) -> list[str]:
    """A row's cells less its name (the first that names something)."""
    rest = _cells(text.strip())
    name = _row_name(text)
    if name in rest:
        rest.remove(name)
    return rest


def _rest(text: str) -> list[str] | None:
    """A row's other cells when they say something in words (three or more, twelve letters or more): the
    cells a renamed row keeps. None for a row of marks, numbers or a few yes and no."""
    rest = _others(text)
    words = [w for cell in rest for w in cell.split() if any(c.isalpha() for c in w)]
    return rest if len(words) >= 3 and sum(c.isalpha() for w in words for c in w) >= 12 else None


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
    name = _row_name(text).lower()
    same = [
        n
        for n in near
        if olds.is_free(n)
        and _others(lines.texts[olds.items[n][1]]) == rest
        and difflib.SequenceMatcher(None, olds.items[n][0].lower(), name).ratio() >= _HALF_ALIKE
    ]
    return same[0] if len(same) == 1 else -1


def _cells(row: str) -> list[str]:
    """The cells of a row (stripped, starting with ``|``) as a reader sees them."""
    inner = row[1:MAX_LINE]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [clean_inline(cell) for cell in _PIPE.split(inner)]


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
        keys = {c.lower() for c in _cells(lines.texts[i].strip())[:_MAX_COLUMNS] if c}
        free.setdefault(lines.span_of(i).first, []).append((i, keys))
    pairs = []
    for j in headers["+"][:MAX_ITEMS]:
        keys = {c.lower() for c in _cells(lines.texts[j].strip())[:_MAX_COLUMNS] if c}
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


def _columns(
    ctx: Context, headers: dict[str, list[int]], changed: list[tuple[int, int]]
) -> tuple[list[TableColumnChange], set[tuple[int, int]]]:
    """The columns added, removed or renamed in the tables whose header row the diff edits; and which of the
    ``changed`` rows (old and new line indexes) changed only by them (their other cells as they were)."""
    lines = ctx.lines
    texts = lines.texts
    out: list[TableColumnChange] = []
    explained: set[tuple[int, int]] = set()
    for i, j in _header_pairs(lines, headers):
        old, new = _cells(texts[i].strip()), _cells(texts[j].strip())
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
                old_row, new_row = _cells(texts[a].strip()), _cells(texts[b].strip())
                if (
                    len(old_row) == len(old)
                    and len(new_row) == len(new)
                    and all(old_row[x] == new_row[y] for x, y in kept)
                ):
                    explained.add((a, b))
    return out[:MAX_ITEMS], explained


def table_rows(body: list[int], ctx: Context) -> tuple[list[TableRowChange], list[TableColumnChange]]:
    """Rows of the lines ``body`` (indexes), paired by name across the two sides; and the columns of the
    tables whose header row changed."""
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
        if text.startswith("|") and text.count("|") >= 2 and not _separator(text):
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
        elif " ".join(texts[match[1]].split()) != " ".join(texts[k].split()):
            found.append(("changed", name, match[1], k))
    found += [("removed", name, j, None) for name, j in olds.left()]
    columns: list[TableColumnChange] = []
    explained: set[tuple[int, int]] = set()
    if headers["+"] and headers["-"]:
        changed = [(o, n) for kind, _, o, n in found if kind == "changed" and o is not None and n is not None]
        columns, explained = _columns(ctx, headers, changed)
    out: list[TableRowChange] = []
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
            out.append(
                TableRowChange(
                    kind=kind,
                    name=name,
                    old_name=old_name if old_name != name else None,
                    old=texts[old_at].strip(),
                    new=texts[new_at].strip(),
                    line=lines.new(new_at),
                    old_line=lines.old(old_at),
                    section=ctx.section(new_at),
                    columns_only=(old_at, new_at) in explained,
                )
            )
    return out, columns
