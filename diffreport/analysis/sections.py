"""Section facts: headings added, removed, renamed or moved, and sections with changed lines."""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from itertools import islice, repeat
from operator import sub
from typing import Literal

from ..models import SectionChange
from .document import Document
from .heading_pairs import FreeHeadings
from .patch import Lines
from .syntax import MAX_ITEMS, ZONE_RE
from .zones import pivot_changes, zone_capped


def compare_sections(old: Document, new: Document, lines: Lines, body: list[int]) -> list[SectionChange]:
    """Align the two heading lists (level and title), then name what is left: renamed (same place and
    level, similar title or body), moved (same heading elsewhere, or at another level), added, removed;
    aligned sections with changed lines (``body``, indexes in ``lines``) are ``changed``, unless their own
    lines are the same on both sides (lines the diff moved past a moved section). A renamed parent does
    not make its children moved."""
    texts = lines.texts
    zones = [k for k in body if ":::" in texts[k] and ZONE_RE.match(texts[k])]
    zoned = bool(zones)  # a zone's edge moved: said as the pivots of the headings, not as edited lines
    if zoned:  # (nor the blank lines that moved with it)
        edges = set(zones)
        body = [k for k in body if k not in edges and texts[k].strip()]
    added, removed = _changed_lines(old, new, lines, body)
    # a section whose only changed lines are blank was not edited (its counts still hold every line)
    blank = [k for k in body if not texts[k].strip()]
    edited = (added, removed)
    if blank:
        no_text = _changed_lines(old, new, lines, blank)
        edited = (added - no_text[0], removed - no_text[1])
    if _same_headings(old, new):
        same = _changed_sections(old, new, added, removed, edited)
        if zoned:
            same = pivot_changes(old, new, {k: k for k in range(len(new.headings))}, same)
        return same[:MAX_ITEMS]
    aligned, free_old, anchors = _align(old, new)
    moved, renamed = FreeHeadings(old, new, free_old, anchors).match()
    matched_old = set(moved.values()) | set(renamed.values())
    new_added = {j for j in anchors if j not in moved and j not in renamed}
    old_removed = {i for i in free_old if i not in matched_old}
    out: list[SectionChange] = []
    new_ends, old_ends = zone_capped(new, _section_ends(new)), zone_capped(old, _section_ends(old))
    for j, h in enumerate(new.headings):
        size = new_ends[j] - h.line + 1
        if j in new_added:
            if not _inside(new.parent(j), new_added, h.line, new_ends):
                out.append(_added(new, j, size, added))
            continue
        i = aligned.get(j, renamed.get(j, moved.get(j)))
        assert i is not None
        kind: Literal["renamed", "moved", "changed"] = (
            "renamed" if j in renamed else "moved" if j in moved else "changed"
        )
        if kind != "changed" or (edited[0][j] or edited[1][i]) and not _same_own_lines(old, i, new, j):
            o = old.headings[i]
            out.append(
                SectionChange(
                    kind=kind,
                    path=h.path,
                    old_path=o.path if kind != "changed" else None,
                    title=h.title,
                    level=h.level,
                    old_level=o.level if o.level != h.level else None,
                    line=h.line,
                    old_line=o.line,
                    size=size,
                    lines_added=added[j],
                    lines_removed=removed[i],
                )
            )
    titles = {h.title for h in new.headings}
    for i in sorted(old_removed):
        if not _inside(old.parent(i), old_removed, old.headings[i].line, old_ends):
            o = old.headings[i]
            size = _removed_size(old, i, old_ends[i], old_removed)
            out.append(
                SectionChange(
                    kind="removed",
                    path=o.path,
                    title=o.title,
                    level=o.level,
                    old_line=o.line,
                    size=size,
                    lines_removed=size,
                    title_remains=o.title in titles,
                )
            )
    if zoned:
        out = pivot_changes(old, new, {**aligned, **moved, **renamed}, out)
    return out[:MAX_ITEMS]


def _inside(parent: int, whole: set[int], line: int, ends: list[int]) -> bool:
    """Whether the heading at ``line`` is inside its ``parent`` added (or removed) whole: said with it. (A
    heading of another zone pivot below the parent's zone is not inside it.)"""
    return parent in whole and line <= ends[parent]


def _own_lines(doc: Document, index: int) -> list[str]:
    """The section's own lines, heading excluded, up to its first subsection or the next heading."""
    h = doc.headings[index]
    nxt = doc.headings[index + 1].line if index + 1 < len(doc.headings) else doc.line_count + 1
    return doc.lines[h.line : nxt - 1]


def _same_own_lines(old: Document, i: int, new: Document, j: int) -> bool:
    return _own_lines(old, i) == _own_lines(new, j)


def _removed_size(old: Document, top: int, end: int, removed: set[int]) -> int:
    """Lines of the removed section ``top`` that went with it: its subsections matched elsewhere (moved
    out, e.g. up a level when their parent heading was dropped) are not part of what was removed."""
    heads = old.headings
    gone = {top}
    size = 0
    k = top
    while k < len(heads) and heads[k].line <= end:
        nxt = heads[k + 1].line if k + 1 < len(heads) else old.line_count + 1
        if k == top or (k in removed and old.parent(k) in gone):
            gone.add(k)
            size += min(nxt, end + 1) - heads[k].line
        k += 1
    return size


def _same_headings(old: Document, new: Document) -> bool:
    a, b = old.headings, new.headings
    if a is b:  # an old version derived from the new one with no line moved
        return True
    return len(a) == len(b) and all(
        x.level == y.level and x.title == y.title for x, y in zip(a, b, strict=True)
    )


def _changed_sections(
    old: Document,
    new: Document,
    added: Counter[int],
    removed: Counter[int],
    edited: tuple[Counter[int], Counter[int]],
) -> list[SectionChange]:
    """:func:`compare_sections` when both versions have the same headings (level and title): every
    heading is aligned with the one at its index, so only the sections with changed lines (``edited``:
    lines not blank) are said."""
    touched = sorted(k for k in edited[0].keys() | edited[1].keys() if k >= 0)
    if not touched:
        return []
    out: list[SectionChange] = []
    for j in touched[:MAX_ITEMS]:
        h = new.headings[j]
        end = next(
            (k.line - 1 for k in islice(new.headings, j + 1, None) if k.level <= h.level), new.line_count
        )
        out.append(
            SectionChange(
                kind="changed",
                path=h.path,
                title=h.title,
                level=h.level,
                line=h.line,
                old_line=old.headings[j].line,
                size=end - h.line + 1,
                lines_added=added[j],
                lines_removed=removed[j],
            )
        )
    return out


def _section_ends(doc: Document) -> list[int]:
    """The last line of every heading's section (subsections included), in one pass: a section ends
    before the next heading of its level or above."""
    ends = [doc.line_count] * len(doc.headings)
    open_: list[int] = []
    for k, h in enumerate(doc.headings):
        while open_ and doc.headings[open_[-1]].level >= h.level:
            ends[open_.pop()] = h.line - 1
        open_.append(k)
    return ends


def _changed_lines(
    old: Document, new: Document, lines: Lines, body: list[int]
) -> tuple[Counter[int], Counter[int]]:
    """Added lines per new heading index, removed lines per old heading index."""
    signs = lines.signs
    numbers = lines.numbers(body)
    added = [n for i, n in zip(body, numbers, strict=True) if signs[i] == "+"]
    removed = [n for i, n in zip(body, numbers, strict=True) if signs[i] == "-"]
    return _per_section(new, added), _per_section(old, removed)


def _per_section(doc: Document, numbers: list[int]) -> Counter[int]:
    """How many of the lines ``numbers`` each heading's section holds (-1: the lines above the first)."""
    return Counter(
        map(sub, map(bisect.bisect_right, repeat(doc.starts()), numbers), repeat(1))
    )  # index_at, in C


def _align(old: Document, new: Document) -> tuple[dict[int, int], list[int], dict[int, int]]:
    """Aligned headings (new index -> old index), the unaligned old ones, and for every unaligned new
    heading the old index it would have (its offset in its run of changed headings)."""
    a = [(h.level, h.title) for h in old.headings]
    b = [(h.level, h.title) for h in new.headings]
    aligned: dict[int, int] = {}
    free_old: list[int] = []
    anchors: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            aligned.update({j1 + k: i1 + k for k in range(i2 - i1)})
        else:
            free_old += range(i1, i2)
            anchors.update({j: i1 + (j - j1) for j in range(j1, j2)})
    return aligned, free_old, anchors


def _added(new: Document, j: int, size: int, added: Counter[int]) -> SectionChange:
    h = new.headings[j]
    end = h.line + size - 1
    own = 0
    for k in range(j, len(new.headings)):  # the section and its subsections
        if new.headings[k].line > end:
            break
        own += added[k]
    return SectionChange(  # (the lines counted past a zone's end, other pivots' lines, are not its own)
        kind="added",
        path=h.path,
        title=h.title,
        level=h.level,
        line=h.line,
        size=size,
        lines_added=min(own, size),
    )
