"""Pairing the headings of two versions that their order does not pair: moved (the same title, at another
place or level), renumbered, the page's title retitled, kept with words added, then renamed (a similar
title, then a similar body). Each pass looks at a few candidates per heading, so the work stays linear."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable
from typing import Any

from .document import Document

# Similarity work is bounded: each unmatched new heading is compared with at most CANDIDATES unmatched
# old headings of its level (the nearest to where it would be), and a file with more than BUDGET such
# comparisons in all leaves the rest added/removed. Small documents compare every pair, as before.
CANDIDATES = 16
BUDGET = 5_000
_DIGITS = re.compile(r"\d+")
_Score = Callable[[int, float], float]  # old index, least score worth computing -> score


class FreeHeadings:
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
