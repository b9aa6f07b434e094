"""Microsoft Learn reference YAML, read by members: commands, methods and operations, and their parameters.

A reference file names its schema on its first line (``### YamlMime:AzureCLIGroup``). Its members are the
items of its top-level member lists (``directCommands``, ``items``, ``methods`` ...), each written as one
block starting at column 0; the rest of the file describes the document itself. Only the blocks the patch
touches are read, on both sides (the old version is rebuilt from the new one and the patch), so a file where
one summary changed costs a few lines of parsing whatever its size.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..models import FileAnalysis, MemberChange, ParameterChange
from .patch import Hunk
from .yaml_keys import MAX_KEYS, compare_keys
from .yaml_tree import MAX_SCALAR_CHARS, outline

YAML_MIME = re.compile(r"^###\s*YamlMime\s*:\s*([A-Za-z][\w.-]*)")
REFERENCE_SCHEMAS = frozenset(
    {
        "AzureCLIGroup",
        "JavaEnum",
        "JavaMember",
        "JavaPackage",
        "JavaType",
        "ManagedReference",
        "NetEnum",
        "NetMember",
        "NetNamespace",
        "NetType",
        "PowerShellCmdlet",
        "PythonClass",
        "PythonEnum",
        "PythonModule",
        "PythonPackage",
        "RESTOperation",
        "RESTOperationGroup",
        "UniversalReference",
    }
)
MEMBER_LISTS = frozenset({"directCommands", "items", "methods", "attributes", "functions", "operations"})
_PARAM_LISTS: tuple[tuple[str, bool | None], ...] = (
    ("requiredParameters", True),
    ("optionalParameters", False),
    ("parameters", None),
    ("uriParameters", None),
)
_STATUS_KEYS = frozenset(
    {"status", "isPreview", "isDeprecated", "deprecationMessage", "deprecated", "preview"}
)
_NOT_COMPARED = frozenset({*(k for k, _r in _PARAM_LISTS), *_STATUS_KEYS, "uid", "name", "constructor"})
# Line starts are found as "\n" + the line (a literal prefix: a fast scan), the text given a leading "\n".
_TOP_LINE = re.compile(r"\n[^\s#]")
_FIELD = re.compile(r"\n(?:- |  )(?=[^\s#])(?!- [^\s#])")  # a field of a member block
_ITEM = re.compile(r"\n(?:- |  )- (?=[^\s#])")  # an item of a list in a member block
_PARAM_FIELD = re.compile(
    r"^(?:  - |    )(name|id|defaultValue|parameterValueGroup|acceptedValues|isRequired)[ \t]*:[ \t]*(.*)$",
    re.M,
)
_PARAM_NAME = re.compile(r"(?:  - |    )(?:name|id)[ \t]*:[ \t]*(.*)")  # on the first line, else:
_PARAM_NAME_LATER = re.compile(r"\n(?:  - |    )(?:name|id)[ \t]*:[ \t]*(.*)")
_BLOCK_START = re.compile(r"^[|>][-+0-9]*$")
_NESTED = frozenset({"syntax", "constructor"})
_UID = re.compile(r"\n(?:- |  )(uid):[ \t]*(.*)")
_ID = re.compile(r"\n(?:- |  )(name|id):[ \t]*(.*)")
MAX_FACTS = 300
_PARAM_KEYS = frozenset(k for k, _r in _PARAM_LISTS)


@dataclass
class _Block:
    key: str  # the top-level key it is (or whose list item it is)
    start: int  # first line, 1-based
    text: str
    member: str | None = None  # identity of a member list item


def _blocks(text: str) -> list[_Block]:
    """The file cut at column 0: one block per top-level key, one per item of a member list."""
    out: list[_Block] = []
    line, last, key = 1, 0, ""
    starts: list[tuple[int, int]] = []
    for m in _TOP_LINE.finditer("\n" + text):  # a match at i is the line starting at i in ``text``
        line += text.count("\n", last, m.start())
        last = m.start()
        starts.append((last, line))
    starts.append((len(text), line + text.count("\n", last)))
    for (pos, ln), (end, _e) in zip(starts, starts[1:], strict=False):
        chunk = text[pos:end]
        if chunk.startswith("---"):
            continue
        if chunk.startswith("-"):
            if key in MEMBER_LISTS:
                head = "\n" + chunk[:4000]
                found = _UID.search(head) or _ID.search(head)
                ident = found.group(2).strip().strip("'\"") if found else f"#{ln}"
                out.append(_Block(key, ln, chunk, ident))
            elif out and out[-1].key == key and out[-1].member is None:
                out[-1].text += chunk  # an item of another list: part of its key's block
            continue
        key = chunk.split(":", 1)[0].strip().strip("'\"")
        out.append(_Block(key, ln, chunk))
    return out


@dataclass(slots=True)
class _Param:
    """A parameter; one read from a member block keeps its text and is parsed only if that text changed."""

    name: str
    listed_required: bool | None  # from the list it is in (requiredParameters / optionalParameters)
    raw: str | None = None
    node: dict[str, Any] | None = None

    def field(self, key: str) -> Any:
        if self.node is None:
            self.node = {f.group(1): _value(f.group(2)) for f in _PARAM_FIELD.finditer(self.raw or "")}
        return self.node.get(key)

    @property
    def required(self) -> bool:
        return self.listed_required if self.listed_required is not None else _truthy(self.field("isRequired"))

    @property
    def default(self) -> str | None:
        return _text(self.field("defaultValue"))

    @property
    def values(self) -> str | None:
        found = self.field("parameterValueGroup")
        return _text(found if found is not None else self.field("acceptedValues"))

    def same_as(self, other: _Param) -> bool:
        return (
            self.raw is not None and self.raw == other.raw and self.listed_required == other.listed_required
        )


@dataclass
class _Member:
    name: str
    param_lists: list[tuple[Any, bool | None]] = field(default_factory=list)
    status: frozenset[str] = frozenset()
    message: str = ""
    fields: dict[str, Any] = field(default_factory=dict)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "yes")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _param_lists(node: dict[str, Any]) -> list[tuple[Any, bool | None]]:
    """A member's parameter lists as read, each with whether the list says its parameters are required."""
    lists = [(node.get(k), req) for k, req in _PARAM_LISTS]
    for holder in (node.get("syntax"), node.get("constructor")):
        if isinstance(holder, dict):
            lists.append((holder.get("parameters"), None))
    return lists


def _params(lists: list[tuple[Any, bool | None]]) -> dict[str, _Param]:
    out: dict[str, _Param] = {}
    for listed, required in lists:
        items = listed.split() if isinstance(listed, _Items) else listed
        for p in items if isinstance(items, list) else []:
            if isinstance(p, str):  # an item of a member block, as its text
                name, key = _param_name(p)
                if key:
                    out[key] = _Param(name, required, raw=p)
            elif isinstance(p, dict):
                name = str(p.get("name") or p.get("id") or "").strip()
                if name:
                    out[name.split()[0]] = _Param(name, required, node=p)
    return out


def _param_name(raw: str) -> tuple[str, str]:
    """The name of a parameter given as its text, and its key (the name's first word: ``--name -n``)."""
    # reference sets repeat the same parameters (``--resource-group``) in every command of every file
    return _known_param_name(raw) if len(raw) <= _MAX_CACHED_PARAM else _read_param_name(raw)


def _read_param_name(raw: str) -> tuple[str, str]:
    found = _PARAM_NAME.match(raw) or _PARAM_NAME_LATER.search(raw)
    name = _value(found.group(1)) if found else ""
    return name, name.split()[0] if name else ""


_MAX_CACHED_PARAM = 1_000
_known_param_name = functools.lru_cache(maxsize=4096)(_read_param_name)


def _member(node: dict[str, Any], fallback: str) -> _Member:
    status = str(node.get("status") or "").lower()
    flags = set()
    if (
        _truthy(node.get("isPreview"))
        or _truthy(node.get("preview"))
        or status in ("preview", "experimental")
    ):
        flags.add("preview")
    message = str(node.get("deprecationMessage") or "")
    if (
        _truthy(node.get("isDeprecated"))
        or _truthy(node.get("deprecated"))
        or status == "deprecated"
        or message
    ):
        flags.add("deprecated")
    return _Member(
        name=str(node.get("name") or node.get("uid") or fallback),
        param_lists=_param_lists(node),
        status=frozenset(flags),
        message=message,
        fields={k: v for k, v in node.items() if k not in _NOT_COMPARED},
    )


@dataclass(frozen=True)
class _Items:
    """The items of a parameter list as one text, cut into items only when the list changed."""

    text: str

    def split(self) -> list[str]:
        starts = [m.start() for m in _ITEM.finditer("\n" + self.text)] + [len(self.text)]
        return [self.text[i:j] for i, j in zip(starts, starts[1:], strict=False)]


def _parse_item(block: _Block) -> dict[str, Any]:
    """A member block as a mapping, read at its own level only: its fields as their text (enough to tell
    that they changed), its parameter lists as small mappings, and anything nested through :func:`outline`."""
    text = block.text
    lined = "\n" + text  # a match at i in ``lined`` is the line starting at i in ``text``
    node: dict[str, Any] = {}
    fields = [m.start() for m in _FIELD.finditer(lined)]
    fields.append(len(text))
    first = _ITEM.search(lined, 0, fields[0] + 1)
    if first is not None:  # items before any field: the key "" holds them
        node[""] = text[first.start() : fields[0]]
    for n in range(len(fields) - 1):
        start, end = fields[n], fields[n + 1]
        found = _ITEM.search(lined, start + 1, end + 1)
        items_at = found.start() if found is not None else end  # where the items of ``key`` start
        segment = text[start:items_at]
        key, _colon, rest = segment[2:].partition(":")
        first_line, _nl, more = rest.partition("\n")
        value = first_line.strip()
        more_text = bool(more) and not more.isspace()
        if key in _PARAM_KEYS and not more_text:
            node[key] = _Items(text[items_at:end]) if items_at < end else []
            continue
        if (key in _NESTED and "parameters:" in more) or (key in _PARAM_KEYS and more_text):
            node[key] = (outline(segment[2:].replace("\n  ", "\n")) or {}).get(key)
        elif (value and value[0] in "|>" and _BLOCK_START.match(value)) or (not value and more_text):
            node[key] = " ".join(more.split())[:MAX_SCALAR_CHARS]
        else:
            node[key] = _value(value) + (more if more_text else "")
        if items_at < end:
            if key in _PARAM_KEYS and isinstance(node[key], list):
                node[key] += _Items(text[items_at:end]).split()
            else:
                node[key] = str(node.get(key) or "") + text[items_at:end]
    return node


def _value(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def _touched(blocks: list[_Block], lines: Iterable[int]) -> set[int]:
    starts = [b.start for b in blocks]
    return {i for i in (bisect.bisect_right(starts, n) - 1 for n in lines) if i >= 0}


@dataclass
class _Side:
    members: dict[str, tuple[_Member, int]] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)


def _side(blocks: list[_Block], picked: set[int], wanted: set[str]) -> _Side:
    side = _Side()
    for i, b in enumerate(blocks):
        if b.member is not None:
            if b.member in wanted:
                side.members[b.member] = (_member(_parse_item(b), b.member), b.start)
        elif i in picked or b.key in ("uid", "name"):
            side.document.update(outline(b.text) or {})
    return side


def analyse_reference(fa: FileAnalysis, hunks: list[Hunk], new_text: str, old_text: str) -> FileAnalysis:
    """Member facts of a modified reference file (both versions given whole)."""
    new_blocks, old_blocks = _blocks(new_text), _blocks(old_text)
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
        new.members[""] = (_member(new.document, doc_name), 1)
        old.members[""] = (_member(old.document, doc_name), 1)
        found = compare_keys(
            {k: v for k, v in old.document.items() if k not in _NOT_COMPARED},
            {k: v for k, v in new.document.items() if k not in _NOT_COMPARED},
        )
        fa.keys += found[:MAX_KEYS]
    _compare(fa, old, new)
    if len(fa.members) + len(fa.parameters) > MAX_FACTS:
        fa.notes.append(f"reference: only the first {MAX_FACTS} member changes are listed")
        fa.members = fa.members[:MAX_FACTS]
        fa.parameters = fa.parameters[: max(0, MAX_FACTS - len(fa.members))]
    return fa


def _compare(fa: FileAnalysis, old: _Side, new: _Side) -> None:
    for ident, (member, line) in new.members.items():
        if ident not in old.members:
            fa.members.append(MemberChange(kind="added", member=member.name, line=line))
    for ident, (member, old_line) in old.members.items():
        if ident not in new.members:
            fa.members.append(MemberChange(kind="removed", member=member.name, old_line=old_line))
            continue
        after, line = new.members[ident]
        n = len(fa.parameters)
        if member.param_lists != after.param_lists:  # else the same parameters, read the same way
            _compare_params(fa, after.name, _params(member.param_lists), _params(after.param_lists), line)
        for flag, gone in (("deprecated", "undeprecated"), ("preview", "released")):
            if (flag in after.status) == (flag in member.status):
                continue
            kind = flag if flag in after.status else gone
            text = after.message if kind == "deprecated" else ""
            fa.members.append(MemberChange(kind=kind, member=after.name, text=text, line=line))  # type: ignore[arg-type]
        if ident == "":
            continue  # the document's own fields are compared key by key
        changed = [
            k for k in {**member.fields, **after.fields} if member.fields.get(k) != after.fields.get(k)
        ]
        if len(fa.parameters) > n and "syntax" in changed:
            changed.remove("syntax")  # the syntax line lists the parameters: already said
        if changed:
            fa.members.append(
                MemberChange(
                    kind="changed", member=after.name, fields=sorted(changed), line=line, old_line=old_line
                )
            )


def _compare_params(
    fa: FileAnalysis, member: str, old: dict[str, _Param], new: dict[str, _Param], line: int
) -> None:
    def say(kind: str, p: _Param, before: str | None = None, after: str | None = None) -> None:
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
