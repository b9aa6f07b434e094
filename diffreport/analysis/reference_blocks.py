"""Member blocks of Microsoft Learn reference YAML, read from the text at their own level.

A reference file is cut at column 0 (:func:`read_blocks`): one block per top-level key, one per item of a
member list. A member block is read at its own level only (:func:`read_member_block`): its fields as their
text (enough to tell that they changed), its parameter lists kept as one text until they differ, anything
nested through :func:`~diffreport.analysis.yaml_tree.outline`. :mod:`.reference` compares what is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from .memo import short_texts
from .yaml_tree import MAX_SCALAR_CHARS, outline

MEMBER_LISTS = frozenset({"directCommands", "items", "methods", "attributes", "functions", "operations"})
PARAM_LISTS: tuple[tuple[str, bool | None], ...] = (
    ("requiredParameters", True),
    ("optionalParameters", False),
    ("parameters", None),
    ("uriParameters", None),
)
STATUS_KEYS = frozenset(
    {"status", "isPreview", "isDeprecated", "deprecationMessage", "deprecated", "preview"}
)
NOT_COMPARED = frozenset({*(k for k, _r in PARAM_LISTS), *STATUS_KEYS, "uid", "name", "constructor"})
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
_PARAM_KEYS = frozenset(k for k, _r in PARAM_LISTS)


@dataclass(slots=True)
class Block:
    key: str  # the top-level key it is (or whose list item it is)
    start: int  # first line, 1-based
    text: str
    member: str | None = None  # identity of a member list item


def read_blocks(text: str) -> list[Block]:
    """The file cut at column 0: one block per top-level key, one per item of a member list."""
    out: list[Block] = []
    line, last, key = 1, 0, ""
    lined = "\n" + text  # a match at i is the line starting at i in ``text``
    starts: list[tuple[int, int]] = []
    for m in _TOP_LINE.finditer(lined):
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
                head = pos + 1 + min(4000, end - pos)  # the identity is read in the first 4,000 characters
                found = _UID.search(lined, pos, head) or _ID.search(lined, pos, head)
                ident = found.group(2).strip().strip("'\"") if found else f"#{ln}"
                out.append(Block(key, ln, chunk, ident))
            elif out and out[-1].key == key and out[-1].member is None:
                out[-1].text += chunk  # an item of another list: part of its key's block
            continue
        key = chunk.split(":", 1)[0].strip().strip("'\"")
        out.append(Block(key, ln, chunk))
    return out


@dataclass(slots=True)
class Param:
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

    def same_as(self, other: Param) -> bool:
        return (
            self.raw is not None and self.raw == other.raw and self.listed_required == other.listed_required
        )


@dataclass
class Member:
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


class Node(Protocol):
    """A member's fields as read: a mapping, or fields read when asked."""

    def get(self, key: str) -> Any: ...


def param_lists(node: Node) -> list[tuple[Any, bool | None]]:
    """A member's parameter lists as read, each with whether the list says its parameters are required."""
    lists = [(node.get(k), req) for k, req in PARAM_LISTS]
    for holder in (node.get("syntax"), node.get("constructor")):
        if isinstance(holder, dict):
            lists.append((holder.get("parameters"), None))
    return lists


def params(lists: list[tuple[Any, bool | None]]) -> dict[str, Param]:
    out: dict[str, Param] = {}
    for listed, required in lists:
        items = listed.split() if isinstance(listed, Items) else listed
        for p in items if isinstance(items, list) else []:
            if isinstance(p, str):  # an item of a member block, as its text
                name, key = _param_name(p)
                if key:
                    out[key] = Param(name, required, raw=p)
            elif isinstance(p, dict):
                name = str(p.get("name") or p.get("id") or "").strip()
                if name:
                    out[name.split()[0]] = Param(name, required, node=p)
    return out


def param_key(raw: str) -> str:
    """The key of a parameter given as its text (the first word of its name; "" if it has none)."""
    return _param_name(raw)[1]


# reference sets repeat the same parameters (``--resource-group``) in every command of every file
@short_texts(maxsize=4096, max_chars=1_000)
def _param_name(raw: str) -> tuple[str, str]:
    """The name of a parameter given as its text, and its key (the name's first word: ``--name -n``)."""
    found = _PARAM_NAME.match(raw) or _PARAM_NAME_LATER.search(raw)
    name = _value(found.group(1)) if found else ""
    return name, name.split()[0] if name else ""


def member_name(node: Node, fallback: str) -> str:
    return str(node.get("name") or node.get("uid") or fallback)


def read_member(node: dict[str, Any], fallback: str) -> Member:
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
    return Member(
        name=member_name(node, fallback),
        param_lists=param_lists(node),
        status=frozenset(flags),
        message=message,
        fields={k: v for k, v in node.items() if k not in NOT_COMPARED},
    )


@dataclass(frozen=True)
class Items:
    """The items of a parameter list as one text, cut into items only when the list changed."""

    text: str

    def split(self) -> list[str]:
        starts = [m.start() for m in _ITEM.finditer("\n" + self.text)] + [len(self.text)]
        return [self.text[i:j] for i, j in zip(starts, starts[1:], strict=False)]


def read_member_block(block: Block) -> dict[str, Any]:
    """A member block as a mapping, read at its own level only: its fields as their text (enough to tell
    that they changed), its parameter lists as small mappings, and anything nested through :func:`outline`."""
    text = block.text
    lined = "\n" + text  # a match at i in ``lined`` is the line starting at i in ``text``
    node: dict[str, Any] = {}
    fields = field_starts(lined)
    fields.append(len(text))
    first = _ITEM.search(lined, 0, fields[0] + 1)
    if first is not None:  # items before any field: the key "" holds them
        node[""] = text[first.start() : fields[0]]
    for n in range(len(fields) - 1):
        key, value = read_field(text, lined, fields[n], fields[n + 1])
        node[key] = value
    return node


def field_starts(lined: str) -> list[int]:
    """Where the fields of a member block start (``lined`` is the block's text after a "\\n")."""
    return [m.start() for m in _FIELD.finditer(lined)]


def read_field(text: str, lined: str, start: int, end: int) -> tuple[str, Any]:
    """The key and value of the field of a member block that runs from ``start`` to ``end``: a function of
    that text alone."""
    found = _ITEM.search(lined, start + 1, end + 1)
    items_at = found.start() if found is not None else end  # where the items of ``key`` start
    segment = text[start:items_at]
    key, _colon, rest = segment[2:].partition(":")
    first_line, _nl, more = rest.partition("\n")
    value = first_line.strip()
    more_text = bool(more) and not more.isspace()
    if key in _PARAM_KEYS and not more_text:
        return key, (Items(text[items_at:end]) if items_at < end else [])
    read: Any
    if (key in _NESTED and "parameters:" in more) or (key in _PARAM_KEYS and more_text):
        read = (outline(segment[2:].replace("\n  ", "\n")) or {}).get(key)
    elif (value and value[0] in "|>" and _BLOCK_START.match(value)) or (not value and more_text):
        read = " ".join(more.split())[:MAX_SCALAR_CHARS]
    else:
        read = _value(value) + (more if more_text else "")
    if items_at < end:
        if key in _PARAM_KEYS and isinstance(read, list):
            read += Items(text[items_at:end]).split()
        else:
            read = str(read or "") + text[items_at:end]
    return key, read


def _value(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text
