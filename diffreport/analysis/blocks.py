"""Block facts from the changed lines: fenced code blocks, and Learn ``:::code`` samples. Alerts are
:mod:`.alerts`, table rows :mod:`.tables`.

Each scanner pairs and orders plain tuples, and builds fact models only for the :data:`MAX_ITEMS` it keeps.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Literal

from ..models import CodeBlockChange, ValueChange
from ..similarity import similar
from .context import Context, Opened
from .pairing import Pool, cancel
from .patch import Lines, Span
from .syntax import MAX_ITEMS, MAX_LINE
from .values import made_by


def code_blocks(ctx: Context, values: Sequence[ValueChange] = ()) -> list[CodeBlockChange]:
    """Blocks between two fences of one side (each side read with the context lines): only the fence
    lines are walked, the lines between a pair are counted once it closes. A hunk that starts inside a
    block opened above it holds that block's last lines, to its first fence on the side (or its end); one
    that ends inside a block holds its first lines. The hunks of one block make one change; a block removed
    and one added with the same code are that block moved, or reformatted (re-indented or quoted) in place.
    A block changed says a line it replaced: one the ``values`` replaced do not make, where it can."""
    places: dict[
        int, tuple[int, int, str]
    ] = {}  # each block added or removed whole, by index: its fences, side
    found = _code_blocks(ctx, places, values)
    kinds = {found[k].kind for k in places}
    return _moved(ctx.lines, found, places) if "added" in kinds and "removed" in kinds else found


def _moved(
    lines: Lines, found: list[CodeBlockChange], places: dict[int, tuple[int, int, str]]
) -> list[CodeBlockChange]:
    """``found`` with each block removed and one added with the same code (their fences and sides in
    ``places``) made one block, in the added one's place: reformatted where it was (its hunk and section:
    re-indented or quoted), else moved."""
    codes = {k: _code(lines, *place) for k, place in places.items()}
    removed: dict[str, list[int]] = {}
    for k, change in enumerate(found):
        if change.kind == "removed" and codes.get(k):
            removed.setdefault(codes[k], []).append(k)
    out = list(found)
    gone: set[int] = set()
    for k, change in enumerate(found):
        twins = removed.get(codes[k]) if change.kind == "added" and codes.get(k) else None
        if twins:
            j = twins.pop(0)
            gone.add(j)
            hunk = lines.span_of(places[j][0]).first == lines.span_of(places[k][0]).first
            here = hunk and found[j].section == change.section
            update = {"kind": "reformatted" if here else "moved", "old_line": found[j].old_line}
            out[k] = change.model_copy(update=update)
    return [change for k, change in enumerate(out) if k not in gone]


def _code(lines: Lines, start: int, end: int, side: str) -> str:
    """The code between a block's fences (line indexes ``start`` and ``end``) on one side, each line less its
    indent and quote marks: what stays the same when a block is re-indented into a list or quoted."""
    texts, signs = lines.texts, lines.signs
    return "\n".join(
        _QUOTED.sub("", texts[k]) for k in range(start + 1, end) if signs[k] == " " or signs[k] == side
    ).strip()


_QUOTED = re.compile(r"^[ \t>]*")


def _code_blocks(
    ctx: Context, places: dict[int, tuple[int, int, str]], values: Sequence[ValueChange]
) -> list[CodeBlockChange]:
    found: list[CodeBlockChange] = []
    lines, front = ctx.lines, ctx.front
    signs = lines.signs
    last_front = max(front, default=-1)
    for span, fences, opened in zip(lines.spans, ctx.fences, ctx.opened, strict=True):
        if not fences and opened == (None, None):
            continue
        plus = signs.find("+", span.first, span.end) != -1
        sides = {
            side: [(i, lang) for i, lang in fences if signs[i] in (" ", side) and i not in front]
            for side in "+-"
        }
        # each side's blocks by their closing fence: a fence both sides share may close a block opened on
        # one side only (a new block written above an old one's end), or two openers of one block rewritten
        openers: dict[str, dict[int, int]] = {}
        for side, above in (("+", opened[1]), ("-", opened[0])):
            o = sides[side][1:] if above is not None else sides[side]
            openers[side] = {end: start for (start, _), (end, _) in zip(o[::2], o[1::2], strict=False)}
        fences_of = dict(fences)
        for side, above in (("+", opened[1]), ("-", opened[0])):
            own = sides[side]
            other = "-" if side == "+" else "+"
            if above is not None:  # the block the hunk starts in closes at the side's first fence
                close = own.pop(0)[0] if own else span.end
                n_changed = signs.count(side, span.first, close)
                if n_changed and (side == "+" or not plus):
                    edit = _edit(lines, span.first, close, values)
                    _changed_above(found, ctx, span, opened, above[1], n_changed, edit, values)
            for (start, lang), (end, _) in zip(own[::2], own[1::2], strict=False):
                # the lines between, less the front matter's (few if any: a set to walk, not the lines)
                inner = signs[start + 1 : end]
                skip = "".join([signs[k] for k in front if start < k < end]) if start < last_front else ""
                n_changed = inner.count(side) - skip.count(side)
                kept = inner.count(" ") - skip.count(" ")  # lines of the block on both sides
                # a block opened on this side with none of its lines kept is new here, whichever closing
                # fence it has: one an old block closed with (```json added under a block, sharing its end),
                # unless the other side's block that fence closes lost its opener too (one block rewritten)
                rewritten = signs[openers[other].get(end, start)] == other
                if signs[start] == side and (signs[end] == side or not (kept or rewritten)):
                    kind: Literal["added", "removed", "changed"] = "added" if side == "+" else "removed"
                    n_changed += kept
                elif n_changed and (side == "+" or not plus):
                    kind = "changed"
                else:
                    # its opener alone rewritten, none of its lines taken away
                    if side == "+" and rewritten and signs[start] == "+" and "-" not in signs[start:end]:
                        _relabelled(found, ctx, start, lang, fences_of[openers[other][end]])
                    continue
                if kind != "changed":
                    places[len(found)] = (start, end, side)
                edit = _edit(lines, start + 1, end, values) if kind == "changed" else None
                found.append(_block(ctx, kind, lang, n_changed, start, edit))
                if len(found) >= MAX_ITEMS:  # all a report keeps (the numbering of a line walks its hunk)
                    return found
            if len(own) % 2 and signs[own[-1][0]] == " ":  # a block still open where the hunk ends
                start, lang = own[-1]
                n_changed = signs.count(side, start + 1, span.end)
                if n_changed and (side == "+" or not plus):
                    found.append(
                        _block(
                            ctx, "changed", lang, n_changed, start, _edit(lines, start + 1, span.end, values)
                        )
                    )
            if len(found) >= MAX_ITEMS:
                return found[:MAX_ITEMS]
    return found


# A Learn code sample shown from a file: ':::code language="csharp" source="~/samples/Program.cs" range="5-16":::'
# (its attributes up to the closing colons, read one by one). No part can match what another can, and each
# scan stops at the next ":": linear on any line.
_CODE_DIRECTIVE = re.compile(r":::code(?![\w-])([^:]*):::", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(?<![\w-])([\w-]+)="([^"]*)"')  # a name's scan starts where the name does


# A directive: its attributes (sorted name, value pairs) and its line index.
_Directive = tuple[tuple[tuple[str, str], ...], int]


def code_references(body: list[int], ctx: Context, code: set[int]) -> list[CodeBlockChange]:
    """Learn ``:::code`` directives added, removed or changed (source, range or id) in the lines ``body``
    outside fenced code (``code``, the lines inside: a sample may show one):
    the same directive on both sides cancels out (moved, or its attributes reordered); then in each hunk a
    removed one pairs with an added one showing the same file, the rest in order."""
    lines = ctx.lines
    texts, signs = lines.texts, lines.signs
    sides: dict[str, list[_Directive]] = {"+": [], "-": []}
    for i in body:
        text = texts[i]
        if ":::" not in text or ":::code" not in text.lower() or i in code:
            continue
        for m in _CODE_DIRECTIVE.finditer(text[:MAX_LINE]):
            attributes = tuple(sorted((k.lower(), v) for k, v in _ATTRIBUTE.findall(m.group(1))))
            if any(k == "source" for k, _ in attributes):
                sides[signs[i]].append((attributes, i))
    plus, minus = cancel(sides["+"], sides["-"])
    hunks: dict[int, tuple[list[_Directive], list[_Directive]]] = {}
    for side, directives in ((0, plus), (1, minus)):
        for directive in directives:
            hunks.setdefault(lines.span_of(directive[1]).first, ([], []))[side].append(directive)
    found: list[tuple[_Directive | None, _Directive | None]] = []
    for added, removed in hunks.values():
        by_source = Pool(removed, _source)
        pairs: list[tuple[_Directive | None, _Directive | None]] = [
            (new, by_source.take_first(0, _source(new))) for new in added
        ]
        rest = iter(by_source.left())
        pairs = [(new, old if old is not None else next(rest, None)) for new, old in pairs]
        found += pairs + [(None, old) for old in rest]
    found.sort(key=lambda pair: (pair[0] or pair[1] or ((), 0))[1])  # in the diff's order
    return [_reference(ctx, new, old) for new, old in found[:MAX_ITEMS]]


def _source(directive: _Directive) -> str:
    return dict(directive[0])["source"]


def _reference(ctx: Context, new: _Directive | None, old: _Directive | None) -> CodeBlockChange:
    either = new or old
    assert either is not None
    shown = dict(either[0])
    changed = []
    if new and old:
        was = dict(old[0])
        changed = sorted({k for k in (*shown, *was) if shown.get(k) != was.get(k)})
    return CodeBlockChange(
        kind="changed" if new and old else "added" if new else "removed",
        language=shown.get("language", "").lower(),
        source=shown["source"],
        attributes=changed,
        line=ctx.lines.new(new[1]) if new else None,
        old_line=ctx.lines.old(old[1]) if old else None,
        section=ctx.section(either[1]),
    )


def _relabelled(found: list[CodeBlockChange], ctx: Context, opener: int, language: str, old: str) -> None:
    """A block whose code was kept and whose opening fence was rewritten: relabelled when the fence names
    another language (not when only its attributes or its marks changed)."""
    if language != old:
        found.append(
            _block(ctx, "changed", language, 0, opener).model_copy(
                update={"kind": "relabelled", "old_language": old}
            )
        )


def _block(
    ctx: Context,
    kind: Literal["added", "removed", "changed"],
    language: str,
    n: int,
    opener: int,
    edit: tuple[str, str, bool] | None = None,
) -> CodeBlockChange:
    """A block whose opening fence is line ``opener`` of the diff (``edit``, for a block changed: the first
    line it replaced, and whether other lines changed too)."""
    lines = ctx.lines
    return CodeBlockChange(
        kind=kind,
        language=language,
        lines=n,
        edit=None if edit is None else edit[:2],
        edit_more=edit is not None and edit[2],
        line=lines.new(opener),
        old_line=lines.old(opener),
        section=ctx.section(opener),
    )


def _changed_above(
    found: list[CodeBlockChange],
    ctx: Context,
    span: Span,
    opened: tuple[Opened, Opened],
    language: str,
    n_changed: int,
    edit: tuple[str, str, bool] | None,
    values: Sequence[ValueChange],
) -> None:
    """Count ``n_changed`` lines of the block a hunk starts in: one more block changed (``edit``: the first
    line it replaced), or more lines of the block the hunk before ended in (its first line replaced stays,
    unless the ``values`` replaced make it and not this hunk's)."""
    line, old_line = (opened[1][0] if opened[1] else None), (opened[0][0] if opened[0] else None)
    last = found[-1] if found else None
    if last and last.kind == "changed" and (last.line, last.old_line) == (line, old_line) != (None, None):
        last.lines += n_changed
        if last.lines > _FEW_EDITED:
            last.edit = None
        elif edit is not None and (
            last.edit is None or (made_by(values, *last.edit) and not made_by(values, *edit[:2]))
        ):
            last.edit = edit[:2]
        last.edit_more = last.edit is not None
        return
    found.append(
        CodeBlockChange(
            kind="changed",
            language=language,
            lines=n_changed,
            line=line,
            old_line=old_line,
            section=ctx.section(span.first),
            edit=edit[:2] if edit is not None else None,
            edit_more=edit is not None and edit[2],
        )
    )


def _edit(
    lines: Lines, first: int, end: int, values: Sequence[ValueChange] = ()
) -> tuple[str, str, bool] | None:
    """The first line among lines ``first`` to ``end`` (excluded) of the diff replaced by one line (one removed
    line then one added, blank lines aside), stripped and cut short, and whether other lines changed too;
    failing that, the first run of removed lines then added lines (a line split in several, several made one):
    the one line of one side and the one line of the other alike to it, or the two sides each joined with
    spaces. Of those, the first the ``values`` replaced do not make (`client = AzureOpenAIResponsesClient(` ->
    `client = FoundryChatClient(` said by the value, the next line's `deployment_name=…` -> `model=…` not),
    else the first. None when no line was replaced, or more than a few lines changed (then no one line speaks
    for it)."""
    texts, signs = lines.texts, lines.signs
    runs: list[tuple[list[str], list[str]]] = []  # (removed, added), in order
    changed = 0  # lines with text removed or added
    for i in range(first, end):
        text = texts[i].strip()
        if not text:
            continue
        sign = signs[i]
        if sign == " ":
            if runs and runs[-1] != ([], []):
                runs.append(([], []))
            continue
        changed += 1
        if changed > _FEW_EDITED:
            return None
        if not runs or (sign == "-" and runs[-1][1]):
            runs.append(([], []))
        runs[-1][0 if sign == "-" else 1].append(text[:_EDIT_CHARS])
    replaced = [(old, new) for old, new in runs if old and new]
    pair: tuple[str, str] | None = None
    for candidate in _pairs(replaced):
        if not made_by(values, *candidate):
            pair = candidate
            break
        pair = pair or candidate
    return None if pair is None else (pair[0], pair[1], changed > 2)


def _pairs(runs: list[tuple[list[str], list[str]]]) -> Iterator[tuple[str, str]]:
    """The lines ``runs`` replaced one for one, in order; then what the other runs say, in order."""
    yield from ((old[0], new[0]) for old, new in runs if len(old) == len(new) == 1)
    yield from filter(None, (_run_pair(old, new) for old, new in runs if len(old) != 1 or len(new) != 1))


def _run_pair(old: list[str], new: list[str]) -> tuple[str, str] | None:
    """What a run of ``old`` lines replaced by ``new`` ones says: a line and the one line of the other side
    alike to it (``import os`` added above an import changed), else each side joined with spaces, when the
    side with fewer words has mostly words of the other (a call split over lines; not a placeholder filled in)."""
    if len(old) == 1 or len(new) == 1:
        single, others = (old[0], new) if len(old) == 1 else (new[0], old)
        words = Counter(_WORD.findall(single))
        # alike, and holding most of its words (not a part of it split off: `credential=…,` of `x = f(credential=…)`)
        alike = [
            line
            for line in others
            if 2 * (Counter(_WORD.findall(line)) & words).total() > words.total()  # (the cheap test first)
            and similar(single, line, _ALIKE)
        ]
        if len(alike) == 1:
            return (single, alike[0]) if len(old) == 1 else (alike[0], single)
    before, after = " ".join(old)[:_EDIT_CHARS], " ".join(new)[:_EDIT_CHARS]
    fewer, more = sorted((Counter(_WORD.findall(before)), Counter(_WORD.findall(after))), key=Counter.total)
    kept = (fewer & more).total()
    return (before, after) if kept and kept >= _KEPT * fewer.total() else None


_WORD = re.compile(r"\w+")
_ALIKE = 0.5  # difflib's ratio of a line to the one line of a run it became (or came from)
_KEPT = 0.6  # of the words of the side of a run with fewer, found in the other
_EDIT_CHARS = 500  # of a line of code kept in a block's edit
_FEW_EDITED = 10  # lines changed in a block, at most, for its first line replaced to be said
