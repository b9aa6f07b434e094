"""Two versions of a member block compared as text first: only the fields, and the parameters, whose text
changed are read.

A field's value is read from its own text alone (:func:`~.reference_blocks.read_field`), so a field whose
text is the same in both versions has the same value, and a parameter whose text is the same is the same
parameter. A member that gained a parameter is then read as the one field, and the one parameter, that
changed. :func:`diff_texts` finds what :func:`diff_members` finds in the two members read whole, or says
None when the blocks are not alike enough to tell (a field added, removed or renamed, the name or status
changed, a changed parameter named in text the versions share): they are read whole then.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .reference_blocks import (
    NOT_COMPARED,
    PARAM_LISTS,
    STATUS_KEYS,
    Items,
    Member,
    Param,
    field_starts,
    member_name,
    param_key,
    params,
    read_field,
)

# A field of a member block (as reference_blocks._FIELD) with its key when its line has the colon.
_FIELD_KEY = re.compile(r"\n(?:- |  )(?=[^\s#])(?!- [^\s#])([^:\n]*)(:?)")
_ITEM_AT = re.compile(r"(?:- |  )- (?=[^\s#])")  # an item of a list in a member block, at a line start
_HOLDERS = ("syntax", "constructor")  # fields whose "parameters:" are parameters too
_NOT_FAST = frozenset({"uid", "name", "constructor", *STATUS_KEYS})  # fields whose change is read whole
_LISTS = frozenset({*(key for key, _r in PARAM_LISTS), *_HOLDERS})  # fields the parameters are read from


@dataclass
class Diff:
    """How a member's two versions differ: its (new) name, the parameters to compare (those of each version,
    or only those that differ: the others are the same), status changes (kind, message), fields changed."""

    name: str
    params: tuple[dict[str, Param], dict[str, Param]] | None = None
    status: list[tuple[str, str]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    syntax_changed: Callable[[], bool] | None = None
    """Whether the syntax changed, when not read yet: it lists the parameters, so its change is said (and
    read) only when no parameter change was."""


def diff_members(member: Member, after: Member) -> Diff:
    """How a member read whole changed."""
    out = Diff(
        after.name,
        fields=[k for k in {**member.fields, **after.fields} if member.fields.get(k) != after.fields.get(k)],
    )
    if member.param_lists != after.param_lists:  # else the same parameters, read the same way
        out.params = params(member.param_lists), params(after.param_lists)
    for flag, gone in (("deprecated", "undeprecated"), ("preview", "released")):
        if (flag in after.status) != (flag in member.status):
            kind = flag if flag in after.status else gone
            out.status.append((kind, after.message if kind == "deprecated" else ""))
    return out


class _Fields:
    """A member block cut into fields (where each starts, and with ``keyed``, its key), each read when asked."""

    __slots__ = ("ends", "last", "lined", "starts", "text", "values")

    def __init__(self, text: str, *, keyed: bool = False) -> None:
        self.text = text
        self.lined = "\n" + text  # a match at i in ``lined`` is the line starting at i in ``text``
        self.last: dict[str | None, int] = {}  # the field a key's value is read from: its last one
        if keyed:
            found = list(_FIELD_KEY.finditer(self.lined))
            self.starts = [m.start() for m in found]
            keys = [m.group(1) if m.group(2) else None for m in found]  # None: a key over lines
            self.last = dict(zip(keys, range(len(keys)), strict=True))
        else:
            self.starts = field_starts(self.lined)
        self.ends = [*self.starts[1:], len(text)]
        self.values: dict[int, Any] = {}

    def key(self, n: int) -> str | None:
        """The key of field ``n`` (None when its first line has no colon: it is read over lines)."""
        found = _FIELD_KEY.match(self.lined, self.starts[n])
        return found.group(1) if found is not None and found.group(2) else None

    def get(self, key: str) -> Any:
        n = self.last.get(key)
        return None if n is None else self.value(n)

    def value(self, n: int) -> Any:
        if n not in self.values:
            self.values[n] = read_field(self.text, self.lined, self.starts[n], self.ends[n])[1]
        return self.values[n]

    def span(self, n: int) -> str:
        return self.text[self.starts[n] : self.ends[n]]

    def same(self, other: _Fields, n: int) -> bool:
        """Whether field ``n`` has the same text in both."""
        start, end, other_start = self.starts[n], self.ends[n], other.starts[n]
        return end - start == other.ends[n] - other_start and other.text.startswith(
            self.text[start:end], other_start
        )


def diff_texts(old_text: str, new_text: str, fallback: str) -> Diff | None:
    """How a member changed from its old to its new block text, as :func:`diff_members` finds it in the
    blocks read whole; None when their fields do not pair up (then read them whole)."""
    if old_text == new_text:
        return Diff(fallback)
    old, new = _Fields(old_text), _Fields(new_text, keyed=True)
    if len(old.starts) != len(new.starts) or not new.starts or new.starts[0] != 0 or old.starts[0] != 0:
        return None  # a field more or less, or items before the first field
    changed: dict[str, int] = {}  # the keys whose value may have changed, and the field it is read from
    for n in range(len(new.starts)):
        if old.same(new, n):
            continue
        key = new.key(n)
        if key is None or key != old.key(n) or key in _NOT_FAST:
            return None  # a field renamed, a key over lines, or a change read whole (name, status)
        if new.last.get(key) == n:  # else a later field of that key gives its value
            changed[key] = n
    if not changed:
        return Diff(fallback)
    out = Diff(member_name(new, fallback))
    if not _LISTS.isdisjoint(changed):
        found = _differing_params(old, new, changed)
        if found is False:
            return None
        out.params = found
    if "syntax" in changed:
        n = changed.pop("syntax")
        out.syntax_changed = lambda: old.value(n) != new.value(n)
    out.fields = [k for k, n in changed.items() if k not in NOT_COMPARED and old.value(n) != new.value(n)]
    return out


def _differing_params(
    old: _Fields, new: _Fields, changed: dict[str, int]
) -> tuple[dict[str, Param], dict[str, Param]] | None | Literal[False]:
    """The parameters of the two versions to compare: only those whose text differs (keyed as
    :func:`.reference_blocks.params` keys them), None when the lists are the same, False when that cannot
    be told without reading them whole: a list read whole, parameters in the syntax, or a parameter that
    differs named in text the versions share (which would be a parameter of that name on both sides)."""
    for key in _HOLDERS:  # parameters of the syntax or constructor are read whole
        n = new.last.get(key)
        if n is not None and (
            new.text.find("parameters:", new.starts[n], new.ends[n]) >= 0
            or (key in changed and old.text.find("parameters:", old.starts[n], old.ends[n]) >= 0)
        ):
            return False
    shared: list[str] = []  # text of parameters the same on both sides
    old_middle: list[tuple[list[str], bool | None]] = []
    new_middle: list[tuple[list[str], bool | None]] = []
    for key, required in PARAM_LISTS:
        n = new.last.get(key)
        if n is None or key not in changed:
            if n is not None:
                shared.append(new.span(n))
            continue
        before, after = old.value(n), new.value(n)
        added = _appended(before, after)
        if added is not None:  # items added after the others (or taken from the end): the others are shared
            shorter, longer = (before.text, after.text) if added else (after.text, before.text)
            shared.append(shorter)
            extra = Items(longer[len(shorter) :]).split()
            old_middle.append(([] if added else extra, required))
            new_middle.append((extra if added else [], required))
            continue
        old_items, new_items = _items(before), _items(after)
        if old_items is None or new_items is None:
            return False
        head = 0
        while head < min(len(old_items), len(new_items)) and old_items[head] == new_items[head]:
            head += 1
        tail = 0
        while (
            tail < min(len(old_items), len(new_items)) - head and old_items[-1 - tail] == new_items[-1 - tail]
        ):
            tail += 1
        shared += old_items[:head] + old_items[len(old_items) - tail :]
        old_middle.append((old_items[head : len(old_items) - tail], required))
        new_middle.append((new_items[head : len(new_items) - tail], required))
    if not any(items for items, _r in old_middle) and not any(items for items, _r in new_middle):
        return None
    names = {param_key(raw) for side in (old_middle, new_middle) for items, _r in side for raw in items}
    if any(name and name in text for name in names for text in shared):
        return False
    return params(old_middle), params(new_middle)


def _appended(before: Any, after: Any) -> bool | None:
    """True when the items of ``after`` are those of ``before`` and more, False when it is the other way
    round, else None: whole items, each list of items being the start of the other, cut at an item."""
    if not (isinstance(before, Items) and isinstance(after, Items)) or before.text == after.text:
        return None
    short, long = sorted((before.text, after.text), key=len)
    if short[-1:] != "\n" or not long.startswith(short) or not _ITEM_AT.match(long, len(short)):
        return None
    return long is after.text


def _items(value: Any) -> list[str] | None:
    """The items of a parameter list read from a block, as texts; None for a list read whole."""
    if isinstance(value, Items):
        return value.split()
    if isinstance(value, list):
        return None if value else []
    return []  # not a list: no parameters
