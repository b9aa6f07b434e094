"""Section facts: headings added, removed, renamed or moved, and sections with changed lines."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Callable
from itertools import islice, repeat
from operator import sub
from typing import Any, Literal

from ..models import SectionChange
from .document import Document
from .patch import Lines
from .syntax import MAX_ITEMS, ZONE_RE
from .zones import pivot_changes

# Similarity work is bounded: each unmatched new heading is compared with at most CANDIDATES unmatched
# old headings of its level (the nearest to where it would be), and a file with more than BUDGET such
# comparisons in all leaves the rest added/removed. Small documents compare every pair, as before.
CANDIDATES = 16
BUDGET = 5_000
_DIGITS = re.compile(r"\d+")
_Score = Callable[[int, float], float]  # old index, least score worth computing -> score


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
    if _same_headings(old, new):
        same = _changed_sections(old, new, added, removed)
        if zoned:
            same = pivot_changes(old, new, {k: k for k in range(len(new.headings))}, same)
        return same[:MAX_ITEMS]
    aligned, free_old, anchors = _align(old, new)
    moved, renamed = _FreeHeadings(old, new, free_old, anchors).match()
    matched_old = set(moved.values()) | set(renamed.values())
    new_added = {j for j in anchors if j not in moved and j not in renamed}
    old_removed = {i for i in free_old if i not in matched_old}
    out: list[SectionChange] = []
    new_ends, old_ends = _section_ends(new), _section_ends(old)
    for j, h in enumerate(new.headings):
        size = new_ends[j] - h.line + 1
        if j in new_added:
            if new.parent(j) not in new_added:
                out.append(_added(new, j, size, added))
            continue
        i = aligned.get(j, renamed.get(j, moved.get(j)))
        assert i is not None
        kind: Literal["renamed", "moved", "changed"] = (
            "renamed" if j in renamed else "moved" if j in moved else "changed"
        )
        if kind != "changed" or (added[j] or removed[i]) and not _same_own_lines(old, i, new, j):
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
    for i in sorted(old_removed):
        if old.parent(i) not in old_removed:
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
                )
            )
    if zoned:
        out = pivot_changes(old, new, {**aligned, **moved, **renamed}, out)
    return out[:MAX_ITEMS]


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
    old: Document, new: Document, added: Counter[int], removed: Counter[int]
) -> list[SectionChange]:
    """:func:`compare_sections` when both versions have the same headings (level and title): every
    heading is aligned with the one at its index, so only the sections with changed lines are said."""
    touched = sorted(k for k in added.keys() | removed.keys() if k >= 0)
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
    return SectionChange(
        kind="added", path=h.path, title=h.title, level=h.level, line=h.line, size=size, lines_added=own
    )


class _FreeHeadings:
    """Pairs unaligned new headings with unaligned old ones of the same level: moved (same title), then
    renamed (similar title, then similar body). Each pass takes the best-scoring old heading (the last
    one on a tie) when it scores at least the pass's threshold."""

    def __init__(self, old: Document, new: Document, free_old: list[int], anchors: dict[int, int]) -> None:
        self.old, self.new, self.anchors = old, new, anchors
        self.free: dict[int, list[int]] = {}  # level -> unmatched old indices, ascending
        for i in free_old:
            self.free.setdefault(old.headings[i].level, []).append(i)
        self.budget = BUDGET
        self.moved: dict[int, int] = {}
        self.renamed: dict[int, int] = {}
        self._bodies: dict[tuple[bool, int], list[str]] = {}

    def match(self) -> tuple[dict[int, int], dict[int, int]]:
        self._same_titles()
        self._same_titles_other_level()
        self._same_titles_but_numbers()
        self._page_titles()
        self._kept_titles()
        self._similar(self._title_score, 0.5)
        self._similar(self._body_score, 0.6)
        return self.moved, self.renamed

    def _same_titles(self) -> None:
        by_title: dict[tuple[int, str], list[int]] = {}
        for indices in self.free.values():
            for i in indices:
                by_title.setdefault((self.old.headings[i].level, self.old.headings[i].title), []).append(i)
        for j in self.anchors:
            h = self.new.headings[j]
            same = by_title.get((h.level, h.title))
            if same:
                self._take(j, same.pop(), self.moved)

    def _same_titles_other_level(self) -> None:
        """A heading that changed level (``#`` -> ``##``, or its parent heading dropped) is moved; its title
        may have lost or gained a final colon or full stop, or changed case, too (``#### How-To:`` ->
        ``### How-To``)."""
        by_title: dict[str, list[int]] = {}
        for indices in self.free.values():
            for i in indices:
                by_title.setdefault(_loose(self.old.headings[i].title), []).append(i)
        for j in self.anchors:
            if j in self.moved:
                continue
            h = self.new.headings[j]
            same = by_title.get(_loose(h.title), [])
            # the last of a few: the same title, or a title alike at another level (alike at the same level, a
            # heading is renamed, by the passes below)
            for n in range(len(same) - 1, max(-1, len(same) - 1 - CANDIDATES), -1):
                old = self.old.headings[same[n]]
                if old.title == h.title or old.level != h.level:
                    self._take(j, same.pop(n), self.moved)
                    break

    def _same_titles_but_numbers(self) -> None:
        """``Step 1: Set up`` -> ``Step 2: Set up`` (a step put in before it) is that section renumbered:
        renamed, in order."""
        by_title: dict[tuple[int, str], list[int]] = {}
        for level, indices in self.free.items():
            for i in indices:
                title = self.old.headings[i].title
                if _DIGITS.search(title):
                    by_title.setdefault((level, _DIGITS.sub("#", title)), []).append(i)
        if not by_title:
            return
        for queue in by_title.values():
            queue.reverse()  # popped from the end: the first in the page first
        for j in self.anchors:
            h = self.new.headings[j]
            if j in self.moved or j in self.renamed or not _DIGITS.search(h.title):
                continue
            same = by_title.get((h.level, _DIGITS.sub("#", h.title)))
            if same:
                self._take(j, same.pop(), self.renamed)

    def _page_titles(self) -> None:
        """The page's one top heading (``#``), retitled: its sections stay under it, and it is not a section
        of the whole page's length added (semantic-kernel-docs a6cec2bd: 'Create a Workflow with Branching
        Logic' -> 'Edges'); and so a page's only heading, at another level too (c6c8c3ed: '### Get data from
        plugins for …' -> '# Using plugins for …')."""
        if len(self.old.headings) == len(self.new.headings) == 1:  # a page's one heading, whatever its level
            old, new = [0], [0]
        else:
            old = [i for i, h in enumerate(self.old.headings) if h.level == 1]
            new = [j for j, h in enumerate(self.new.headings) if h.level == 1]
        level = self.old.headings[old[0]].level if len(old) == 1 else 1
        if len(old) == len(new) == 1 and old == self.free.get(level, []) and new[0] in self.anchors:
            if new[0] not in self.moved and new[0] not in self.renamed:
                self._take(new[0], old[0], self.renamed)

    def _kept_titles(self) -> None:
        """``python-1.0.0`` -> ``python-1.0.0 (April 2, 2026)``, ``AI Services`` -> ``AI Services Modalities``:
        a title kept whole, with words put before or after it, is that section renamed, even when a heading
        put in before it looks as much like the old title (``python-1.8.0 (June 4, 2026)``)."""
        for j in self.anchors:
            if j in self.moved or j in self.renamed:
                continue
            title = self.new.headings[j].title.casefold()
            for i in reversed(self._candidates(j)):  # the last one, as the other passes do
                if _kept(self.old.headings[i].title.casefold(), title):
                    self._take(j, i, self.renamed)
                    break

    def _similar(self, scorer: Callable[[int], _Score], least: float) -> None:
        for j in self.anchors:
            if j in self.moved or j in self.renamed:
                continue
            options = self._candidates(j)
            if len(options) > self.budget:
                return
            self.budget -= len(options)
            score = scorer(j)
            best = (0.0, -1)
            for i in options:
                best = max(best, (score(i, max(least, best[0])), i))
            if best[0] >= least:
                self._take(j, best[1], self.renamed)

    def _title_score(self, j: int) -> _Score:
        sm = difflib.SequenceMatcher(None, "", self.new.headings[j].title.lower())
        return lambda i, floor: ratio_from(sm, self.old.headings[i].title.lower(), floor)

    def _body_score(self, j: int) -> _Score:
        new = self._body(True, j)
        sm = difflib.SequenceMatcher(None, [], new, autojunk=False)

        def score(i: int, floor: float) -> float:
            old = self._body(False, i)
            if not old and not new:  # two empty sections have nothing in common to be one by
                return -1.0
            return ratio_from(sm, old, max(floor, 0.6))

        return score

    def _candidates(self, j: int) -> list[int]:
        """The unmatched old headings of ``j``'s level nearest to where ``j`` would be."""
        free = self.free.get(self.new.headings[j].level, [])
        if len(free) <= CANDIDATES:
            return free
        anchor = self.anchors[j]
        lo = hi = bisect.bisect_left(free, anchor)
        while hi - lo < CANDIDATES:
            if hi >= len(free) or (lo > 0 and anchor - free[lo - 1] <= free[hi] - anchor):
                lo -= 1
            else:
                hi += 1
        return free[lo:hi]

    def _take(self, j: int, i: int, target: dict[int, int]) -> None:
        target[j] = i
        free = self.free[self.old.headings[i].level]
        del free[bisect.bisect_left(free, i)]

    def _body(self, new: bool, index: int) -> list[str]:
        key = (new, index)
        if key not in self._bodies:
            self._bodies[key] = _body(self.new if new else self.old, index)
        return self._bodies[key]


def _body(doc: Document, index: int) -> list[str]:
    """The section's own lines (up to the next heading), at most 200 of them."""
    h = doc.headings[index]
    nxt = doc.headings[index + 1].line if index + 1 < len(doc.headings) else doc.line_count + 1
    return [ln.strip() for ln in doc.lines[h.line : min(nxt - 1, h.line + 200)] if ln.strip()]


def _loose(title: str) -> str:
    """A title less its case and a final colon or full stop."""
    return title.rstrip(":.").rstrip().casefold()


def _kept(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with words put before or after it."""
    if not old or len(new) <= len(old):
        return False
    if new.startswith(old):
        return not new[len(old)].isalnum()
    return new.endswith(old) and not new[-len(old) - 1].isalnum()


def ratio_from(sm: difflib.SequenceMatcher[Any], old: Any, floor: float) -> float:
    """``sm``'s ratio with ``old`` as its first sequence; -1.0 when it cannot reach ``floor``."""
    sm.set_seq1(old)
    if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
        return -1.0
    return sm.ratio()
