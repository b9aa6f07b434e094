"""Any other YAML, compared key by key: the dotted paths added, removed or changed between two versions.

List items are named by the first of their ``uid``/``id``/``name``/``title``/``text``/``href`` values that is
unique in the list (``landingContent[Get started].linkLists[0].links[Quickstart].url``), else by position;
lists of plain values are compared as one value. The facts are bounded: at most :data:`MAX_KEYS` paths,
values cut to :data:`MAX_VALUE`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..models import FileAnalysis, KeyChange
from .yaml_tree import load

MAX_KEYS = 60
MAX_VALUE = 200
MAX_PATHS = 20_000
_NAMES = ("uid", "id", "name", "title", "text", "href", "url")
_NAME_TYPES = (str, int)
_CONTAINERS = (dict, list)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return str(value)


def _name(item: Any) -> str | None:
    """The first of an item's names (``uid``, ``id``, ``name`` ...)."""
    if isinstance(item, dict):
        for key in _NAMES:
            value = item.get(key)
            if isinstance(value, _NAME_TYPES):
                return str(value)
    return None


def _label(item: Any, index: int, taken: set[str]) -> str:
    if isinstance(item, dict):
        for key in _NAMES:
            value = item.get(key)
            if isinstance(value, _NAME_TYPES) and str(value) not in taken:
                return str(value)
    return str(index)


def _flatten(node: Any, prefix: str, out: dict[str, str], items: set[str]) -> None:
    if len(out) >= MAX_PATHS:
        return
    if isinstance(node, dict):
        if not node and prefix:
            out[prefix] = "{}"
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if type(value) is str:  # a leaf, stored as the call below would store it
                if len(out) < MAX_PATHS:
                    out[path or "."] = value[:MAX_VALUE]
            else:
                _flatten(value, path, out, items)
    elif isinstance(node, list) and any(isinstance(v, _CONTAINERS) for v in node):
        names = [_name(item) for item in node]
        counts: dict[str, int] = {}
        for name in names:
            if name is not None:
                counts[name] = counts.get(name, 0) + 1
        taken = {k for k, n in counts.items() if n > 1}
        for index, (item, name) in enumerate(zip(node, names, strict=True)):
            # the first name when it is unique, else as _label finds it
            label = name if name is not None and name not in taken else _label(item, index, taken)
            path = f"{prefix}[{label}]"
            items.add(path)
            if type(item) is str:
                if len(out) < MAX_PATHS:
                    out[path] = item[:MAX_VALUE]
            else:
                _flatten(item, path, out, items)
    else:
        out[prefix or "."] = _scalar(node)[:MAX_VALUE]


def _whole_item(key: str, other_items: set[str]) -> str:
    """The outermost list item holding ``key`` that the other version does not have (else ``key``)."""
    at = key.find("]")
    while at != -1:
        if key[: at + 1] not in other_items:
            return key[: at + 1]
        at = key.find("]", at + 1)
    return key


def compare_keys(old: Any, new: Any) -> list[KeyChange]:
    """The paths added, removed or changed from ``old`` to ``new`` (in the new version's order); a list item
    added or removed whole is one path, unless it is an item renamed (see :func:`_renamed_items`)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    old_items: set[str] = set()
    new_items: set[str] = set()
    _flatten(old, "", before, old_items)
    _flatten(new, "", after, new_items)
    out: dict[tuple[str, str], KeyChange] = {}
    fields: dict[str, dict[str, dict[str, str]]] = {"added": {}, "removed": {}}  # whole item -> its fields
    for k, v in after.items():
        if k in before:
            if before[k] != v:
                out[("changed", k)] = KeyChange(kind="changed", key=k, old=before[k], new=v)
            continue
        path = _whole_item(k, old_items)
        out.setdefault(("added", path), KeyChange(kind="added", key=path, new=v if path == k else None))
        if path != k:
            fields["added"].setdefault(path, {})[k[len(path) :]] = v
    for k, v in before.items():
        if k not in after:
            path = _whole_item(k, new_items)
            out.setdefault(
                ("removed", path), KeyChange(kind="removed", key=path, old=v if path == k else None)
            )
            if path != k:
                fields["removed"].setdefault(path, {})[k[len(path) :]] = v
    renamed = _renamed_items(fields["removed"], fields["added"])
    if not renamed:
        return list(out.values())
    gone = set(renamed.values())
    found: list[KeyChange] = []
    for (kind, path), change in out.items():
        if kind == "removed" and path in gone:
            continue
        if kind == "added" and path in renamed:
            was = fields["removed"][renamed[path]]
            found += [
                KeyChange(kind="changed", key=path + rest, old=was[rest], new=value)
                for rest, value in fields["added"][path].items()
                if was[rest] != value
            ]
            continue
        found.append(change)
    return found


_CANDIDATES = 16  # removed items looked at for one added item


def _renamed_items(removed: dict[str, dict[str, str]], added: dict[str, dict[str, str]]) -> dict[str, str]:
    """List items that changed the value they are named by (a landing page's link whose ``text`` changed, its
    ``url`` kept): an added item and a removed one of the same list with the same fields, at least one value
    the same and at most half of them changed. Added path -> removed path."""
    index: dict[tuple[str, str, str], list[str]] = {}
    for path, values in removed.items():
        parent = path[: path.rfind("[")]
        for item in values.items():
            index.setdefault((parent, *item), []).append(path)
    taken: set[str] = set()
    out: dict[str, str] = {}
    for path, values in added.items():
        parent = path[: path.rfind("[")]
        seen: set[str] = set()
        for item in values.items():
            for candidate in index.get((parent, *item), [])[:_CANDIDATES]:
                if candidate in taken or candidate in seen:
                    continue
                seen.add(candidate)
                was = removed[candidate]
                changed = sum(was.get(rest) != value for rest, value in values.items())
                if was.keys() == values.keys() and 2 * changed <= len(values):
                    out[path] = candidate
                    taken.add(candidate)
                    break
            if path in out or len(seen) >= _CANDIDATES:
                break
    return out


def analyse_keys(fa: FileAnalysis, old_text: str, new_text: str) -> FileAnalysis:
    """Key facts of a modified YAML file that is neither a table of contents nor reference."""
    old, new = load(old_text), load(new_text)
    if old is None or new is None:
        fa.notes.append("YAML not compared: too large or not parsable")
        return fa
    found = compare_keys(old, new)
    if len(found) > MAX_KEYS:
        fa.notes.append(f"YAML: {len(found)} keys changed, the first {MAX_KEYS} are listed")
    fa.keys += found[:MAX_KEYS]
    return fa
