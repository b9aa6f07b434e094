"""Simple analyses of navigation files: toc.yml entries and redirection JSON entries.

Both are read from the diff lines (entries are a key line and a target line close to each
other), which works the same on a patch and on two full versions.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from ..models import FileAnalysis, RedirectChange, TocEntryChange
from ..similarity import similar
from .pairing import Pool
from .patch import DiffLine, Hunk

MAX_ITEMS = 60
# An entry's key line (group 1 set: its name, or its source) or target line; group 2 is the value (unquoted
# and stripped afterwards). The keys and targets start with different words: a line is one or the other.
# (a breadcrumb's entries link with ``tocHref`` and ``topicHref``: the first of them is the entry's target,
# unless only the other changed)
TOC_LINE = re.compile(r"^\s*(?:-\s*)?(?:(name|displayName)|href|tocHref|topicHref)\s*:\s*(.*)")
REDIRECT_LINE = re.compile(r"^\s*\"(?:(source_path(?:_from_root)?)|redirect_url)\"\s*:\s*\"([^\"]*)\"")


@dataclass
class Entry:
    name: str
    target: str | None = None
    name_sign: str = " "
    target_sign: str = " "
    line: int | None = None
    old_line: int | None = None


def _entries(hunks: list[Hunk], entry_line: re.Pattern[str]) -> tuple[list[Entry], list[Entry]]:
    """The entries of the new (``+``) and of the old (``-``) side that a changed line belongs to: a key line,
    and the first target line after it on that side, at most three lines on. Both sides are read in one pass
    (a context line is on both)."""
    new, old = _Side("-"), _Side("+")
    for hunk in hunks:
        new.entry = old.entry = None
        for line in hunk.lines:
            found = entry_line.match(line.text)
            value = None if found is None else found.group(2)
            key = found is not None and found.group(1) is not None
            for side in (new, old):
                if line.sign != side.other:
                    side.read(line, value, key)
    # an entry is touched on a side when one of its lines changed there; then so is the entry of its name line
    # on the other side, kept as it was: a target line added under it is another entry's on that side
    # (two entries that swapped their names read as one renamed and one added)
    touched = [
        (f, side) for found, side in ((new.found, "+"), (old.found, "-")) for f in found if side in f[2:4]
    ]
    shared = {(f[4], f[5]) for f, _side in touched if f[2] == " "}
    return _touched(new.found, "+", shared), _touched(old.found, "-", shared)


class _Side:
    """One side's entries as read so far: each a list ``[name, target, name sign, target sign, line, old
    line]`` until it is known to be kept; lines of the ``other`` side are not this one's."""

    __slots__ = ("entry", "far", "found", "other")

    def __init__(self, other: str) -> None:
        self.other = other
        self.found: list[list[Any]] = []
        self.entry: list[Any] | None = None
        self.far = 0  # lines since the current entry

    def read(self, line: DiffLine, value: str | None, key: bool) -> None:
        self.far += 1
        if key:
            self.entry = [value, None, line.sign, " ", line.new, line.old]
            self.found.append(self.entry)
            self.far = 0
        elif value is not None and self.entry is not None and self.far <= 3:
            # the entry's first target, or a later one that changed when the first did not (a breadcrumb's
            # `topicHref` repointed under its kept `tocHref`)
            if self.entry[1] is None or (self.entry[3] == " " and line.sign != " "):
                self.entry[1], self.entry[3] = value, line.sign


def _touched(found: list[list[Any]], side: str, shared: set[tuple[int | None, int | None]]) -> list[Entry]:
    return [
        Entry(_unquote(name), None if target is None else _unquote(target), name_sign, target_sign, new, old)
        for name, target, name_sign, target_sign, new, old in found
        if side in (name_sign, target_sign) or (name_sign == " " and (new, old) in shared)
    ]


def _unquote(text: str) -> str:
    return text.strip().strip("'\"")


def _pair(
    plus: list[Entry], minus: list[Entry], *, moves: bool = False
) -> list[tuple[str, Entry | None, Entry | None]]:
    """(kind, new, old) with kind added/removed/renamed/retargeted; an entry removed and added unchanged is
    ``moved`` with ``moves`` (a TOC's order is what readers see), else dropped."""
    out: list[tuple[str, Entry | None, Entry | None]] = []
    moved: list[tuple[str, Entry | None, Entry | None]] = []  # (said last: the other kinds matter more)
    left = Pool(minus, lambda o: (o.name, o.target), lambda o: o.target, lambda o: o.name)
    for e in plus:
        same = left.take_first(0, (e.name, e.target))
        if same is not None:
            # moved: its name line went from one place and came to another (a target line alone that git
            # shows as changed, as when a newline is added at the end of the file, moves nothing)
            if moves and e.name_sign == "+" and same.name_sign == "-":
                moved.append(("moved", e, same))
            continue
        by_target = left.take_first(1, e.target) if e.target else None
        by_name = left.take_first(2, e.name) if by_target is None else None
        if by_target is not None:
            out.append(("renamed", e, by_target))
        elif by_name is not None:
            out.append(("retargeted", e, by_name))
        else:
            out.append(("added", e, None))
    out += [("removed", None, o) for o in left.left()]
    return out + moved


def analyse_toc(fa: FileAnalysis, hunks: list[Hunk]) -> FileAnalysis:
    plus, minus = _entries(hunks, TOC_LINE)
    for entry in (*plus, *minus):  # a name as shown, its entities decoded (`How-To&colon; …`)
        if "&" in entry.name:
            entry.name = html.unescape(entry.name)
    pairs = _renamed_and_repointed(_pair(plus, minus, moves=True))
    for kind, new, old in map(_kept_name, pairs[:MAX_ITEMS]):
        ref = new or old
        assert ref is not None
        fa.toc.append(
            TocEntryChange(
                kind=kind,  # type: ignore[arg-type]
                name=ref.name,
                href=ref.target,
                old_name=old.name if old and new and old.name != new.name else None,
                old_href=old.target if old and new and old.target != new.target else None,
                line=new.line if new else None,
                old_line=old.old_line if old else None,
            )
        )
    return fa


_FEW_ENTRIES = 100  # entries added and removed that are compared with each other
_ALIKE = 0.8


def _renamed_and_repointed(
    pairs: list[tuple[str, Entry | None, Entry | None]],
) -> list[tuple[str, Entry | None, Entry | None]]:
    """An entry added and one removed whose names and targets are both much alike (`Structured Output`,
    `structured-output.md` -> `Structured Outputs`, `structured-outputs.md`: a page renamed with its entry)
    are that entry renamed, its target changed too. Among a few entries only."""
    added = [n for n, (kind, _new, _old) in enumerate(pairs) if kind == "added"]
    removed = [n for n, (kind, _new, _old) in enumerate(pairs) if kind == "removed"]
    if not added or not removed or len(added) > _FEW_ENTRIES or len(removed) > _FEW_ENTRIES:
        return pairs
    out = list(pairs)
    taken: set[int] = set()
    for n in added:
        new = pairs[n][1]
        assert new is not None
        for m in removed:
            old = pairs[m][2]
            assert old is not None
            if m not in taken and _alike(old.name, new.name) and _alike(old.target or "", new.target or ""):
                out[n] = ("renamed", new, old)
                taken.add(m)
                break
    return [pair for m, pair in enumerate(out) if m not in taken]


def _alike(old: str, new: str) -> bool:
    return similar(old.lower(), new.lower(), _ALIKE)


def _kept_name(pair: tuple[str, Entry | None, Entry | None]) -> tuple[str, Entry | None, Entry | None]:
    """An entry "added" or "removed" whose name line git kept is that entry, its link added or taken away
    (an entry that now groups others and links nowhere itself): retargeted."""
    kind, new, old = pair
    if kind == "removed" and old is not None and old.name_sign == " ":
        return "retargeted", Entry(old.name, None, " ", " ", old.line, old.old_line), old
    if kind == "added" and new is not None and new.name_sign == " ":
        return "retargeted", new, Entry(new.name, None, " ", " ", new.line, new.old_line)
    return pair


def analyse_redirects(fa: FileAnalysis, hunks: list[Hunk]) -> FileAnalysis:
    plus, minus = _entries(hunks, REDIRECT_LINE)
    for kind, new, old in _pair(plus, minus)[:MAX_ITEMS]:
        ref = new or old
        assert ref is not None
        if kind == "renamed":  # same target, new source: a redirect removed and one added
            fa.redirects.append(
                RedirectChange(kind="added", source=ref.name, target=ref.target, line=ref.line)
            )
            assert old is not None
            fa.redirects.append(
                RedirectChange(kind="removed", source=old.name, target=old.target, old_line=old.old_line)
            )
            continue
        fa.redirects.append(
            RedirectChange(
                kind=kind,  # type: ignore[arg-type]
                source=ref.name,
                target=ref.target,
                old_target=old.target if kind == "retargeted" and old else None,
                line=new.line if new else None,
                old_line=old.old_line if old else None,
            )
        )
    return fa
