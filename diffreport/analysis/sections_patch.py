"""Section facts read from the patch alone (no full version parsed): headings the diff adds or removes,
paired into moves and renames, and the lines each section gained or lost."""

from __future__ import annotations

import difflib
from bisect import bisect_left, bisect_right
from collections import deque

from ..models import SectionChange
from .context import Context
from .heading_pairs import BUDGET, CANDIDATES, ratio_from
from .pairing import Pool
from .syntax import MAX_ITEMS, clean_inline, heading

_PatchHeading = tuple[int, int, str]  # line index, level, title


def _first_free(pool: Pool[_PatchHeading], queue: deque[int]) -> list[int]:
    """The first ``CANDIDATES`` free items of ``queue`` (taken ones are dropped from it for good)."""
    options: list[int] = []
    while queue and len(options) < CANDIDATES:
        n = queue.popleft()
        if pool.is_free(n):
            options.append(n)
    queue.extendleft(reversed(options))
    return options


def _most_similar(pool: Pool[_PatchHeading], options: list[int], title: str) -> _PatchHeading | None:
    """The first removed heading of ``options`` with the most similar title (at least 0.5), taken."""
    sm = difflib.SequenceMatcher(None, "", title.lower())
    best, found = 0.5, None
    for n in options:
        score = ratio_from(sm, pool.items[n][2].lower(), best)
        if score > best or (found is None and score == best):
            best, found = score, n
    return None if found is None else pool.take(found)


class _Places:
    """Whether a heading removed and one added with its title are in the same place among the sections: in
    one hunk, with no other heading between them (kept or changed), as the versions' sections would have it
    (a paragraph moved over a heading moves no section)."""

    def __init__(self, ctx: Context) -> None:
        self._lines = ctx.lines
        self._heads: list[int] | None = None  # every line (index) of the diff that is a heading, when asked

    def same(self, old: int, new: int) -> bool:
        lo, hi = min(old, new), max(old, new)
        if self._lines.span_of(lo) is not self._lines.span_of(hi):
            return False
        if self._heads is None:
            texts = self._lines.texts
            self._heads = [i for i, t in enumerate(texts) if "#" in t[:4] and heading(t)]
        return bisect_right(self._heads, lo) == bisect_left(self._heads, hi)


def sections_from_patch(ctx: Context) -> list[SectionChange]:
    out: list[SectionChange] = []
    counts: dict[str, list[int]] = {}
    heads: dict[str, list[_PatchHeading]] = {"+": [], "-": []}
    front, lines = ctx.front, ctx.lines
    texts, signs = lines.texts, lines.signs
    for span, fences, fence in zip(lines.spans, ctx.fences, ctx.starts_in_code, strict=True):
        at = {i for i, _ in fences}
        for i in range(span.first, span.end):
            if i in at:
                fence = not fence
            sign = signs[i]
            if sign == " " or i in front:
                continue
            m = heading(texts[i]) if "#" in texts[i] else None
            if m and not fence:
                heads[sign].append((i, m[0], clean_inline(m[1])))
                continue
            sec = ctx.section(i)
            if sec is not None:
                c = counts.setdefault(sec, [0, 0])
                c[0 if sign == "+" else 1] += 1
    removed = Pool(heads["-"], lambda r: r[2])
    by_level: dict[int, deque[int]] = {}
    for n, r in enumerate(removed.items):
        by_level.setdefault(r[1], deque()).append(n)
    budget = BUDGET
    places = _Places(ctx)
    for line, level, title in heads["+"]:
        same = removed.take_first(0, title)
        if same is not None and same[1] == level and places.same(same[0], line):
            continue  # the heading typed again where it was (a space dropped from its end): no move
        if same is not None:
            out.append(
                SectionChange(
                    kind="moved",
                    path=title,
                    old_path=title,
                    title=title,
                    level=level,
                    old_level=same[1] if same[1] != level else None,
                    line=lines.new(line),
                    old_line=lines.old(same[0]),
                )
            )
            continue
        options = _first_free(removed, by_level.get(level, deque()))
        budget -= len(options)
        near = _most_similar(removed, options, title) if budget >= 0 else None
        c = counts.pop(title, [0, 0])
        if near is not None:
            c[1] += counts.pop(near[2], [0, 0])[1]
            out.append(
                SectionChange(
                    kind="renamed",
                    path=title,
                    old_path=near[2],
                    title=title,
                    level=level,
                    line=lines.new(line),
                    old_line=lines.old(near[0]),
                    lines_added=c[0],
                    lines_removed=c[1],
                )
            )
        else:
            out.append(
                SectionChange(
                    kind="added",
                    path=title,
                    title=title,
                    level=level,
                    line=lines.new(line),
                    lines_added=c[0],
                    size=c[0] + 1,
                )
            )
    for line, level, title in removed.left():
        c = counts.pop(title, [0, 0])
        out.append(
            SectionChange(
                kind="removed",
                path=title,
                title=title,
                level=level,
                old_line=lines.old(line),
                lines_removed=c[1],
                size=c[1] + 1,
            )
        )
    for sec, (plus, minus) in counts.items():
        out.append(SectionChange(kind="changed", path=sec, title=sec, lines_added=plus, lines_removed=minus))
    return out[:MAX_ITEMS]
