"""Microsoft Learn reference YAML, read by members: commands, methods and operations, and their parameters.

A reference file names its schema on its first line (``### YamlMime:AzureCLIGroup``). Its members are the
items of its top-level member lists (``directCommands``, ``items``, ``methods`` ...), each written as one
block starting at column 0; the rest of the file describes the document itself. Only the blocks the patch
touches are read, on both sides (the old version is rebuilt from the new one and the patch), so a file where
one summary changed costs a few lines of parsing whatever its size.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..models import FileAnalysis, MemberChange, ParameterChange
from .patch import Hunk
from .reference_blocks import (
    NOT_COMPARED,
    Block,
    Member,
    Param,
    read_blocks,
    read_member,
    read_member_block,
)
from .reference_fields import Diff, diff_members, diff_texts
from .yaml_keys import MAX_KEYS, compare_keys
from .yaml_tree import outline

MAX_FACTS = 300


def _touched(blocks: list[Block], lines: Iterable[int]) -> set[int]:
    starts = [b.start for b in blocks]
    return {i for i in (bisect.bisect_right(starts, n) - 1 for n in lines) if i >= 0}


@dataclass
class _Side:
    members: dict[str, tuple[Member | Block, int]] = field(
        default_factory=dict
    )  # blocks are read when needed
    document: dict[str, Any] = field(default_factory=dict)


def _side(blocks: list[Block], picked: set[int], wanted: set[str]) -> _Side:
    side = _Side()
    for i, b in enumerate(blocks):
        if b.member is not None:
            if b.member in wanted:
                side.members[b.member] = (b, b.start)
        elif i in picked or b.key in ("uid", "name"):
            side.document.update(outline(b.text) or {})
    return side


def _read(found: Member | Block) -> Member:
    if isinstance(found, Member):
        return found
    assert found.member is not None
    return read_member(read_member_block(found), found.member)


def analyse_reference(fa: FileAnalysis, hunks: list[Hunk], new_text: str, old_text: str) -> FileAnalysis:
    """Member facts of a modified reference file (both versions given whole)."""
    new_blocks, old_blocks = read_blocks(new_text), read_blocks(old_text)
    plus = [ln.new for h in hunks for ln in h.lines if ln.sign == "+" and ln.new is not None]
    minus = [ln.old for h in hunks for ln in h.lines if ln.sign == "-" and ln.old is not None]
    new_hit, old_hit = _touched(new_blocks, plus), _touched(old_blocks, minus)
    wanted = {new_blocks[i].member for i in new_hit} | {old_blocks[i].member for i in old_hit}
    wanted.discard(None)
    keys = {new_blocks[i].key for i in new_hit if new_blocks[i].member is None}
    keys |= {old_blocks[i].key for i in old_hit if old_blocks[i].member is None}
    new = _side(new_blocks, {i for i, b in enumerate(new_blocks) if b.key in keys}, wanted)  # type: ignore[arg-type]
    old = _side(old_blocks, {i for i, b in enumerate(old_blocks) if b.key in keys}, wanted)  # type: ignore[arg-type]
    doc_name = str(new.document.get("name") or old.document.get("name") or fa.path)
    if keys:
        new.members[""] = (read_member(new.document, doc_name), 1)
        old.members[""] = (read_member(old.document, doc_name), 1)
        found = compare_keys(
            {k: v for k, v in old.document.items() if k not in NOT_COMPARED},
            {k: v for k, v in new.document.items() if k not in NOT_COMPARED},
        )
        fa.keys += found[:MAX_KEYS]
    _compare(fa, old, new)
    if len(fa.members) + len(fa.parameters) > MAX_FACTS:
        fa.notes.append(f"reference: only the first {MAX_FACTS} member changes are listed")
        fa.members = fa.members[:MAX_FACTS]
        fa.parameters = fa.parameters[: max(0, MAX_FACTS - len(fa.members))]
    return fa


def _compare(fa: FileAnalysis, old: _Side, new: _Side) -> None:
    for ident, (found, line) in new.members.items():
        if ident not in old.members:
            fa.members.append(MemberChange(kind="added", member=_read(found).name, line=line))
    for ident, (before, old_line) in old.members.items():
        if ident not in new.members:
            fa.members.append(MemberChange(kind="removed", member=_read(before).name, old_line=old_line))
            continue
        after, line = new.members[ident]
        diff = None
        if isinstance(before, Block) and isinstance(after, Block):  # their changed text alone, when it tells
            diff = diff_texts(before.text, after.text, ident)
        if diff is None:
            diff = diff_members(_read(before), _read(after))
        _say(fa, diff, ident, line, old_line)


def _say(fa: FileAnalysis, diff: Diff, ident: str, line: int, old_line: int) -> None:
    n = len(fa.parameters)
    if diff.params is not None:
        _compare_params(fa, diff.name, *diff.params, line)
    for kind, text in diff.status:
        fa.members.append(MemberChange(kind=kind, member=diff.name, text=text, line=line))  # type: ignore[arg-type]
    if ident == "":
        return  # the document's own fields are compared key by key
    changed = list(diff.fields)
    if len(fa.parameters) > n and "syntax" in changed:
        changed.remove("syntax")  # the syntax line lists the parameters: already said
    elif len(fa.parameters) == n and diff.syntax_changed is not None and diff.syntax_changed():
        changed.append("syntax")
    if changed:
        fa.members.append(
            MemberChange(
                kind="changed", member=diff.name, fields=sorted(changed), line=line, old_line=old_line
            )
        )


def _compare_params(
    fa: FileAnalysis, member: str, old: dict[str, Param], new: dict[str, Param], line: int
) -> None:
    def say(kind: str, p: Param, before: str | None = None, after: str | None = None) -> None:
        fa.parameters.append(
            ParameterChange(
                kind=kind,  # type: ignore[arg-type]
                member=member,
                name=p.name,
                required=p.required,
                old=before,
                new=after,
                line=line,
            )
        )

    for key, p in new.items():
        was = old.get(key)
        if was is None:
            say("added", p)
            continue
        if p.same_as(was):
            continue
        if p.required != was.required:
            say("made-required" if p.required else "made-optional", p)
        if p.default != was.default:
            say("default-changed", p, was.default, p.default)
        if p.values != was.values:
            say("values-changed", p, was.values, p.values)
    for key, p in old.items():
        if key not in new:
            say("removed", p)
