"""Markdown analysis: the structure of a document (markdown-it-py) and the facts of a diff.

Structure (front matter, headings) comes from markdown-it-py tokens and their ``.map`` line
ranges, when a full version is available. Line-level facts (tables, code blocks, alerts, links,
includes, phrases, repeated values) are read from the changed lines of the diff only, so an
unchanged part of a document is never looked at more than it takes to know its section.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ..models import FileAnalysis, FrontMatterChange
from .alerts import alerts
from .blocks import code_blocks, code_references
from .context import Context, FullContext, Opened, PatchContext
from .document import Document
from .footnotes import footnotes
from .frontmatter import shown_title
from .inline import links_and_includes
from .patch import Lines, Span
from .phrases import PHRASES, count_remaining, phrases
from .procedures import procedures
from .prose import prose
from .sections import compare_sections
from .sections_patch import sections_from_patch
from .syntax import FM_KEY_RE, LINK_RE, MAX_ITEMS, clean_inline, heading
from .tables import table_rows
from .values import respelled, values

# PHRASES: the classifier's rules and the narration read it from here
__all__ = ["PHRASES", "analyse_markdown"]

FM_ITEM_RE = re.compile(r"^\s+-\s*(.*)$")


def analyse_markdown(
    fa: FileAnalysis, lines: Lines, old: Document | None = None, new: Document | None = None
) -> FileAnalysis:
    """Fill ``fa`` with the facts of a Markdown diff (``old``/``new`` when full versions exist)."""
    parsed = (old is not None or fa.status == "added") and (new is not None or fa.status == "deleted")
    patch_ctx = PatchContext(
        lines,
        sections=_unparsed_lines(lines.signs, old, new),
        code=_Versions(lines, old, new) if parsed else None,
    )
    ctx: Context = FullContext(old, new, patch_ctx) if (old or new) else patch_ctx
    texts, signs = lines.texts, lines.signs
    changed = lines.changed()
    front = sorted(i for i in ctx.front if signs[i] != " ")
    body = [i for i in changed if i not in ctx.front] if front else changed
    hidden = _in_comments(lines, changed, old, new)
    if hidden:  # what readers never see says nothing of the page (its lines still count)
        shown = [i for i in body if i not in hidden]
        fa.comments_only = not any(texts[i].strip() for i in shown)  # (front matter aside)
        body = shown
    front_signs = "".join([signs[i] for i in front])
    fa.body_added = signs.count("+") - front_signs.count("+")
    fa.body_removed = signs.count("-") - front_signs.count("-")
    code = patch_ctx.code
    fa.code_only = any(texts[i].strip() for i in body) and all(i in code for i in body if texts[i].strip())
    if new is not None:
        fa.title = new.title
    if old is not None:
        fa.old_title = old.title
    whole = fa.status in ("added", "deleted")
    moved = (fa.old_path, fa.path) if fa.old_path and fa.old_path != fa.path else None
    if old is not None or new is not None:
        fa.front_matter = compare_front_matter(old, new) if not whole else []
    else:
        fa.front_matter = front_matter_from_patch(ctx)
        title = next((c.new for c in fa.front_matter if c.key == "title" and c.new), None)
        fa.title = fa.title or (shown_title(title) if title else None)
    if whole:
        doc = new if fa.status == "added" else old
        if doc is not None:
            fa.headings = [h.title for h in doc.headings if h.level == 2 and not h.tab][:MAX_ITEMS]
        else:
            fa.headings = [clean_inline(m[1]) for i in body if (m := heading(texts[i])) and m[0] == 2][
                :MAX_ITEMS
            ]
    elif old is not None and new is not None:
        # a moved page's lines whose links were only rewritten for its new folder edit no section
        same = respelled(lines, moved) if moved else set()
        fa.sections = compare_sections(old, new, lines, [i for i in body if i not in same] if same else body)
    else:
        fa.sections = sections_from_patch(ctx)
    fa.tables, fa.columns = table_rows(body, ctx, moved)
    if not whole:
        fa.values = values(ctx, code, hidden, moved)
    fa.code_blocks = [*code_blocks(ctx, fa.values), *code_references(body, ctx, code)][:MAX_ITEMS]
    fa.alerts = alerts(ctx)
    fa.links, fa.includes = links_and_includes(body, ctx, moved)
    fa.phrases = phrases(body, ctx)
    if not whole:
        fa.footnotes = footnotes(ctx)
    if new is not None and not whole:
        count_remaining(fa.phrases, new.lines, new.fm_end, new.comment_blocks())
    if not whole:
        fa.procedures = procedures(ctx, patch_ctx)
        fa.prose = prose(body, ctx, code, fa.values)
    _flags(fa, lines, body, front)
    fa.whitespace_only = fa.whitespace_only and not fa.comments_only  # (the lines shown were only blank)
    return fa


class _Versions:
    """The code blocks of a diff's versions, where both versions it has lines of are parsed."""

    def __init__(self, lines: Lines, old: Document | None, new: Document | None) -> None:
        self._lines, self._old, self._new = lines, old, new

    def opened(self, span: Span) -> tuple[Opened, Opened]:
        was = self._old.code_block_at(span.old_start) if self._old is not None else None
        now = self._new.code_block_at(span.new_start) if self._new is not None else None
        return was, now

    def fences(self, lines: list[int]) -> set[int]:
        signs = self._lines.signs
        return {
            i
            for i, n in zip(lines, self._lines.numbers(lines), strict=True)
            if (doc := self._old if signs[i] == "-" else self._new) is not None and doc.is_fence(n)
        }

    def code(self, span: Span) -> list[int]:
        signs = self._lines.signs
        size = span.end - span.first
        old_last = span.old_start + size - signs.count("+", span.first, span.end) - 1
        new_last = span.new_start + size - signs.count("-", span.first, span.end) - 1
        if not (
            _has_code(self._old, span.old_start, old_last) or _has_code(self._new, span.new_start, new_last)
        ):
            return []  # (most hunks: no block of either version reaches their lines)
        if not span.minus:  # an added page: every line is read in the new version, its number known at once
            return _block_lines(self._new, span.new_start, span.first, span.end)
        # each side's lines come in the order of their numbers: one walk along each version's blocks
        out: list[int] = []
        old, new = _Walk(self._old, span.old_start), _Walk(self._new, span.new_start)
        for i in range(span.first, span.end):
            sign = signs[i]
            if sign == "-":
                in_code = old.step()
            elif sign == "+":
                in_code = new.step()
            else:
                in_code = new.step()
                old.step()
            if in_code:
                out.append(i)
        return out


def _has_code(doc: Document | None, first: int, last: int) -> bool:
    """Whether a code block of ``doc`` holds one of its lines ``first`` to ``last`` (a block holds the lines
    after its opening fence, to its end)."""
    if doc is None or last < first:
        return False
    blocks, ends = doc.code_blocks()
    k = bisect.bisect_left(ends, first)
    return k < len(blocks) and blocks[k][0] < last


def _block_lines(doc: Document | None, start: int, first: int, end: int) -> list[int]:
    """The indexes ``first`` to ``end`` (excluded) of lines numbered ``start`` on in ``doc`` that its code
    blocks hold, as :class:`_Walk` finds them (the lines after a block's opening fence, to its end, less a
    closing fence), a block at a time."""
    if doc is None:
        return []
    blocks, ends = doc.code_blocks()
    last = start + (end - first) - 1
    out: list[int] = []
    k = bisect.bisect_left(ends, start)
    while k < len(blocks) and blocks[k][0] < last:
        opened, closed, _ = blocks[k]
        high = min(closed, last)
        if high == closed and doc.is_fence(closed):
            high -= 1
        low = max(opened + 1, start)
        out.extend(range(first + low - start, first + high - start + 1))
        k += 1
    return out


class _Walk:
    """Line after line of one version from ``start``: whether each is inside one of its blocks (fences
    excluded), the blocks passed once."""

    def __init__(self, doc: Document | None, start: int) -> None:
        self._n = start
        self._doc = doc
        self._blocks, ends = doc.code_blocks() if doc is not None else ([], [])
        self._k = bisect.bisect_left(ends, start)

    def step(self) -> bool:
        n, blocks = self._n, self._blocks
        self._n += 1
        while self._k < len(blocks) and blocks[self._k][1] < n:
            self._k += 1
        if self._k == len(blocks):
            return False
        start, end, _ = blocks[self._k]
        return start < n and (n < end or (self._doc is not None and not self._doc.is_fence(n)))


def _in_comments(lines: Lines, changed: list[int], old: Document | None, new: Document | None) -> set[int]:
    """The changed lines (indexes) inside an HTML comment block of their version."""
    blocks = {
        sign: ([b[0] for b in found], found)
        for sign, doc in (("-", old), ("+", new))
        if doc is not None and (found := doc.comment_blocks())
    }
    if not blocks:
        return set()
    out: set[int] = set()
    signs = lines.signs
    for i, n in zip(changed, lines.numbers(changed), strict=True):
        side = blocks.get(signs[i])
        if side is None:
            continue
        starts, found = side
        k = bisect.bisect_right(starts, n) - 1
        if k >= 0 and n <= found[k][1]:
            out.add(i)
    return out


def _unparsed_lines(signs: str, old: Document | None, new: Document | None) -> bool:
    """Whether a line of the diff (``signs``: one a line) lies in a version not parsed: the patch has to
    guess its section."""
    return (old is None and "-" in signs) or (new is None and bool(signs.strip("-")))


def _same_runs(changed: list[int], texts: list[str], signs: str) -> bool:
    """Whether every run of adjacent changed lines removes the lines it adds, in order, spaces and blank
    lines aside: lines moved elsewhere (removed in one run, added in another) are no whitespace change."""
    runs: list[tuple[list[str], list[str]]] = []
    last = -2
    for i in changed:
        if i != last + 1:
            runs.append(([], []))
        last = i
        words = " ".join(texts[i].split())
        if words:
            runs[-1][signs[i] == "+"].append(words)
    return all(removed == added for removed, added in runs)


def _flags(fa: FileAnalysis, lines: Lines, body: list[int], front: list[int]) -> None:
    changed = body + front
    if not changed:
        return
    texts, signs = lines.texts, lines.signs
    fa.metadata_only = bool(front) and not any(texts[i].strip() for i in body)
    if "-" not in signs or "+" not in signs:  # one side only: whitespace only if it is all blank
        fa.whitespace_only = not any(texts[i].strip() for i in changed)
    else:  # each run of changed lines has the same lines on both sides, spaces aside (not a line moved)
        fa.whitespace_only = _same_runs(sorted(changed), texts, signs)
    if fa.whitespace_only or not fa.links or any(link.kind != "retargeted" for link in fa.links):
        return

    def strip_urls(text: str) -> str:
        return " ".join(LINK_RE.sub(lambda m: f"{m.group(1)}[{m.group(2)}]()", text).split())

    minus = Counter(strip_urls(texts[i]) for i in body if signs[i] == "-" and texts[i].strip())
    plus = Counter(strip_urls(texts[i]) for i in body if signs[i] == "+" and texts[i].strip())
    fa.link_only = minus == plus


# ---------------------------------------------------------------- front matter


def compare_front_matter(old: Document | None, new: Document | None) -> list[FrontMatterChange]:
    a = old.front_matter if old else {}
    b = new.front_matter if new else {}
    out: list[FrontMatterChange] = []
    for key in list(b) + [k for k in a if k not in b]:
        line = new.fm_lines.get(key) if new else None
        old_line = old.fm_lines.get(key) if old else None
        if key not in a:
            out.append(FrontMatterChange(kind="added", key=key, new=b[key], line=line))
        elif key not in b:
            out.append(FrontMatterChange(kind="removed", key=key, old=a[key], old_line=old_line))
        elif a[key] != b[key]:
            out.append(
                FrontMatterChange(
                    kind="changed", key=key, old=a[key], new=b[key], line=line, old_line=old_line
                )
            )
    return out


@dataclass
class _FmEntry:
    old: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    line: int | None = None
    old_line: int | None = None


def front_matter_from_patch(ctx: Context) -> list[FrontMatterChange]:
    found: dict[str, _FmEntry] = {}
    lines = ctx.lines
    texts, signs = lines.texts, lines.signs
    key: str | None = None
    end = -1  # the end of the current hunk: a key does not run on into the next one
    for i in sorted(ctx.front):
        if i >= end:
            key, end = None, lines.span_of(i).end
        m = FM_KEY_RE.match(texts[i])
        item = FM_ITEM_RE.match(texts[i])
        if m:
            key = m.group(1)
            value = m.group(2).strip().strip("'\"")
        elif item and key:
            value = item.group(1).strip().strip("'\"")
        else:
            continue
        sign = signs[i]
        if sign == " ":
            continue
        entry = found.setdefault(key, _FmEntry())
        if sign == "+":
            entry.new.append(value)
            entry.line = entry.line or lines.new(i)
        else:
            entry.old.append(value)
            entry.old_line = entry.old_line or lines.old(i)
    out = []
    for key, e in found.items():
        kind: Literal["added", "removed", "changed"] = (
            "changed" if e.old and e.new else ("added" if e.new else "removed")
        )
        old = ", ".join(v for v in e.old if v) or None
        new = ", ".join(v for v in e.new if v) or None
        if old != new:
            out.append(
                FrontMatterChange(kind=kind, key=key, old=old, new=new, line=e.line, old_line=e.old_line)
            )
    return out
