"""Section facts: headings added, removed, renamed or moved, and sections with changed lines."""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Literal

from .context import Context, starts_in_code
from .document import Document
from .model import SectionChange
from .patch import DiffLine, Hunk
from .syntax import FENCE_RE, HEADING_RE, MAX_ITEMS, clean_inline


def compare_sections(old: Document, new: Document, body: list[DiffLine]) -> list[SectionChange]:
    """Align the two heading lists (level and title), then name what is left: renamed (same place and
    level, similar title or body), moved (same heading elsewhere), added, removed; aligned sections
    with changed lines are ``changed``. A renamed parent does not make its children moved."""
    added: Counter[int] = Counter()
    removed: Counter[int] = Counter()
    for ln in body:
        if ln.sign == "+" and ln.new is not None:
            added[new.index_at(ln.new)] += 1
        elif ln.sign == "-" and ln.old is not None:
            removed[old.index_at(ln.old)] += 1
    a = [(h.level, h.title) for h in old.headings]
    b = [(h.level, h.title) for h in new.headings]
    aligned: dict[int, int] = {}
    free_old: list[int] = []
    free_new: list[int] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            aligned.update({j1 + k: i1 + k for k in range(i2 - i1)})
        else:
            free_old += range(i1, i2)
            free_new += range(j1, j2)
    moved: dict[int, int] = {}
    renamed: dict[int, int] = {}
    for target, score, least in (
        (moved, lambda i, j: float(a[i] == b[j]), 1.0),
        (renamed, lambda i, j: _similar_title(a[i][1], b[j][1]), 0.5),
        (renamed, lambda i, j: _similar(_body(old, i), _body(new, j)), 0.6),
    ):
        for j in free_new:
            if j in moved or j in renamed:
                continue
            taken = set(moved.values()) | set(renamed.values())
            options = [(score(i, j), i) for i in free_old if i not in taken and a[i][0] == b[j][0]]
            best = max(options, default=(0.0, -1))
            if best[0] >= least:
                target[j] = best[1]
    new_added = {j for j in free_new if j not in moved and j not in renamed}
    old_removed = {i for i in free_old if i not in moved.values() and i not in renamed.values()}
    out: list[SectionChange] = []
    for j, h in enumerate(new.headings):
        size = new.section_end(j) - h.line + 1
        i = aligned.get(j, renamed.get(j, moved.get(j)))
        if j in new_added:
            if new.parent(j) in new_added:
                continue
            own = sum(
                added[k] for k in range(j, len(new.headings)) if new.headings[k].line <= h.line + size - 1
            )
            out.append(
                SectionChange(
                    kind="added",
                    path=h.path,
                    title=h.title,
                    level=h.level,
                    line=h.line,
                    size=size,
                    lines_added=own,
                )
            )
            continue
        assert i is not None
        o = old.headings[i]
        kind: Literal["renamed", "moved", "changed"] | None = (
            "renamed"
            if j in renamed
            else "moved"
            if j in moved
            else "changed"
            if added[j] or removed[i]
            else None
        )
        if kind is not None:
            out.append(
                SectionChange(
                    kind=kind,
                    path=h.path,
                    old_path=o.path if kind != "changed" else None,
                    title=h.title,
                    level=h.level,
                    line=h.line,
                    old_line=o.line,
                    size=size,
                    lines_added=added[j],
                    lines_removed=removed[i],
                )
            )
    for i in sorted(old_removed):
        if old.parent(i) in old_removed:
            continue
        o = old.headings[i]
        size = old.section_end(i) - o.line + 1
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
    return out[:MAX_ITEMS]


def _body(doc: Document, index: int) -> list[str]:
    """The section's own lines (up to the next heading), at most 200 of them."""
    h = doc.headings[index]
    nxt = doc.headings[index + 1].line if index + 1 < len(doc.headings) else doc.line_count + 1
    return [ln.strip() for ln in doc.lines[h.line : min(nxt - 1, h.line + 200)] if ln.strip()]


def _similar(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sm.ratio() if sm.quick_ratio() >= 0.6 else 0.0


def _similar_title(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def sections_from_patch(hunks: list[Hunk], ctx: Context) -> list[SectionChange]:
    out: list[SectionChange] = []
    counts: dict[str, list[int]] = {}
    heads: dict[str, list[tuple[DiffLine, int, str]]] = {"+": [], "-": []}
    for hunk in hunks:
        fence = starts_in_code(hunk)
        for line in hunk.lines:
            if FENCE_RE.match(line.text):
                fence = not fence
            if line.sign == " " or ctx.in_front_matter(line):
                continue
            m = HEADING_RE.match(line.text)
            if m and not fence:
                heads[line.sign].append((line, len(m.group(1)), clean_inline(m.group(2))))
                continue
            sec = ctx.section(line)
            if sec is not None:
                c = counts.setdefault(sec, [0, 0])
                c[0 if line.sign == "+" else 1] += 1
    removed = list(heads["-"])
    for line, level, title in heads["+"]:
        same = next((r for r in removed if r[2] == title), None)
        if same is not None:
            removed.remove(same)
            out.append(
                SectionChange(
                    kind="moved",
                    path=title,
                    old_path=title,
                    title=title,
                    level=level,
                    line=line.new,
                    old_line=same[0].old,
                )
            )
            continue
        near = max(
            (r for r in removed if r[1] == level),
            key=lambda r: _similar_title(r[2], title),
            default=None,
        )
        if near is not None and _similar_title(near[2], title) < 0.5:
            near = None
        c = counts.pop(title, [0, 0])
        if near is not None:
            removed.remove(near)
            c[1] += counts.pop(near[2], [0, 0])[1]
            out.append(
                SectionChange(
                    kind="renamed",
                    path=title,
                    old_path=near[2],
                    title=title,
                    level=level,
                    line=line.new,
                    old_line=near[0].old,
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
                    line=line.new,
                    lines_added=c[0],
                    size=c[0] + 1,
                )
            )
    for line, level, title in removed:
        c = counts.pop(title, [0, 0])
        out.append(
            SectionChange(
                kind="removed",
                path=title,
                title=title,
                level=level,
                old_line=line.old,
                lines_removed=c[1],
                size=c[1] + 1,
            )
        )
    for sec, (plus, minus) in counts.items():
        out.append(SectionChange(kind="changed", path=sec, title=sec, lines_added=plus, lines_removed=minus))
    return out[:MAX_ITEMS]
