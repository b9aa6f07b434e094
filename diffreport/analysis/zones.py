"""Learn zone pivots around headings: the pivot (``::: zone pivot="programming-language-python"`` ...
``::: zone-end``) each heading is shown for, and the headings a moved zone line changed it for."""

from __future__ import annotations

from ..models import SectionChange
from .document import Document
from .syntax import MAX_LINE, PIVOT_RE, ZONE_RE


def _zones(doc: Document) -> list[tuple[int, str | None]]:
    """The page's zone lines outside code blocks, in order: (line number, the pivot a zone opens, '' for a
    zone with none, None for a ``::: zone-end``)."""
    out: list[tuple[int, str | None]] = []
    lines = doc.lines
    for n in [n for n, text in enumerate(lines, 1) if ":::" in text]:  # (the search in C)
        m = ZONE_RE.match(lines[n - 1])
        if m is None or doc.code_block_at(n) is not None:
            continue
        pivot = None if m.group(1) else PIVOT_RE.search(lines[n - 1][:MAX_LINE])
        out.append((n, None if m.group(1) else pivot.group(1) if pivot else ""))
    return out


def _heading_pivots(doc: Document) -> list[str]:
    """The zone pivot each heading is in ('' for none), in one pass over the page's zone lines."""
    out: list[str] = []
    current = ""
    heads = doc.headings
    k = 0
    for n, pivot in _zones(doc):
        while k < len(heads) and heads[k].line <= n:
            out.append(current)
            k += 1
        current = pivot or ""
    out += [current] * (len(heads) - len(out))
    return out


def zone_capped(doc: Document, ends: list[int]) -> list[int]:
    """``ends`` (each heading's last line) with the section of a heading inside a zone pivot ending at its
    ``::: zone-end``: a reader of that pivot sees no more of it, and the other pivots' lines below are not
    its lines (a section added at the end of the Python zone is not the Java zone's page too)."""
    if not doc.headings:
        return ends
    capped = list(ends)
    heads = doc.headings
    k = start = 0
    opened = False
    for n, pivot in _zones(doc):
        while k < len(heads) and heads[k].line < n:
            k += 1
        if pivot is None:  # the zone's end: the headings inside it end above it
            if opened:
                for j in range(start, k):
                    capped[j] = min(capped[j], n - 1)
            opened = False
        else:
            opened, start = True, k
    return capped


def pivot_changes(
    old: Document, new: Document, pairs: dict[int, int], out: list[SectionChange]
) -> list[SectionChange]:
    """``out`` with the zone pivot changes of the paired headings (new index -> old index): set on the
    section's change, or a ``changed`` one made for a section whose lines did not change."""
    was, now = _heading_pivots(old), _heading_pivots(new)
    by_path = {(s.path, s.line): s for s in out if s.kind != "removed"}
    for j, i in sorted(pairs.items()):
        if was[i] == now[j]:
            continue
        h = new.headings[j]
        change = by_path.get((h.path, h.line))
        if change is None:
            change = SectionChange(
                kind="changed",
                path=h.path,
                title=h.title,
                level=h.level,
                line=h.line,
                old_line=old.headings[i].line,
            )
            out.append(change)
        change.pivot, change.old_pivot = now[j], was[i]
    return out
