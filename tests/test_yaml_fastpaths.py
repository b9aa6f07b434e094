"""The YAML analysis's quick ways give what the plain ones give, on generated files and edits."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
import yaml

from diffreport.analysis import reference, reference_fields, yaml_docs, yaml_keys, yaml_plain
from diffreport.analysis.patch import Hunk, diff_texts
from diffreport.analysis.reference_blocks import Block, read_member, read_member_block
from diffreport.models import FileAnalysis

# ---------------------------------------------------------------- toc.yml and redirection entries

_TOC_NAME = re.compile(r"^\s*(?:-\s*)?(?:name|displayName)\s*:\s*(.*)")
_TOC_HREF = re.compile(r"^\s*(?:-\s*)?href\s*:\s*(.*)")
_SOURCE = re.compile(r"^\s*\"source_path(?:_from_root)?\"\s*:\s*\"([^\"]*)\"")
_TARGET = re.compile(r"^\s*\"redirect_url\"\s*:\s*\"([^\"]*)\"")


def _entries_of_sides(
    hunks: list[Hunk], name_re: re.Pattern[str], target_re: re.Pattern[str]
) -> tuple[list[yaml_docs.Entry], list[yaml_docs.Entry]]:
    """The entries each side touches, and on each side those whose kept name line the other side touches."""
    new, old = _side(hunks, "+", name_re, target_re), _side(hunks, "-", name_re, target_re)
    touched = [e for e in new if "+" in (e.name_sign, e.target_sign)]
    touched += [e for e in old if "-" in (e.name_sign, e.target_sign)]
    kept = {(e.line, e.old_line) for e in touched if e.name_sign == " "}

    def of(entries: list[yaml_docs.Entry], sign: str) -> list[yaml_docs.Entry]:
        return [
            e
            for e in entries
            if sign in (e.name_sign, e.target_sign) or (e.name_sign == " " and (e.line, e.old_line) in kept)
        ]

    return of(new, "+"), of(old, "-")


def _side(
    hunks: list[Hunk], side: str, name_re: re.Pattern[str], target_re: re.Pattern[str]
) -> list[yaml_docs.Entry]:
    """Entries read as first written: one side at a time, with a key and a target pattern."""
    out: list[yaml_docs.Entry] = []
    for hunk in hunks:
        current: yaml_docs.Entry | None = None
        distance = 0
        for line in hunk.lines:
            if line.sign not in (" ", side):
                continue
            distance += 1
            m = name_re.match(line.text)
            if m:
                current = yaml_docs.Entry(
                    yaml_docs._unquote(m.group(1)), name_sign=line.sign, line=line.new, old_line=line.old
                )
                out.append(current)
                distance = 0
                continue
            t = target_re.match(line.text)
            # the first target, or a later one that changed under a kept one (a breadcrumb's topicHref)
            later = current is not None and current.target_sign == " " and line.sign != " "
            if t and current is not None and (current.target is None or later) and distance <= 3:
                current.target = yaml_docs._unquote(t.group(1))
                current.target_sign = line.sign
    return out


def _toc_line(rng: random.Random) -> str:
    return rng.choice(
        [
            f"- name: Entry {rng.randint(1, 4)}",
            f"  displayName: 'Shown {rng.randint(1, 3)}'",
            f"  href: page{rng.randint(1, 4)}.md",
            "  href:",
            "  items:",
            "  - name: Child",
            "- hrefx: no",
            "# name: in a comment",
            "",
        ]
    )


def _redirect_line(rng: random.Random) -> str:
    return rng.choice(
        [
            f'    "source_path": "a{rng.randint(1, 4)}.md",',
            f'    "source_path_from_root": "/b{rng.randint(1, 3)}.md",',
            f'    "redirect_url": "/x/{rng.randint(1, 4)}",',
            '    "redirect_document_id": false',
            "  {",
            "  },",
        ]
    )


@pytest.mark.parametrize("seed", range(60))
def test_entries_of_both_sides_read_in_one_pass(seed: int) -> None:
    rng = random.Random(seed)
    toc = seed % 2 == 0
    line = _toc_line if toc else _redirect_line
    old = [line(rng) for _ in range(rng.randint(0, 40))]
    new = [x for x in old if rng.random() > 0.15]
    for _ in range(rng.randint(0, 6)):
        new.insert(rng.randint(0, len(new)), line(rng))
    hunks = diff_texts("\n".join(old), "\n".join(new), context=rng.randint(0, 3))
    patterns = (_TOC_NAME, _TOC_HREF) if toc else (_SOURCE, _TARGET)
    both = yaml_docs._entries(hunks, yaml_docs.TOC_LINE if toc else yaml_docs.REDIRECT_LINE)
    assert both == _entries_of_sides(hunks, *patterns)


# ---------------------------------------------------------------- plain block YAML

_KEYS = [
    "title",
    "text",
    "url",
    "ms.date",
    "linkListType",
    "yes",
    "1",
    "null",
    "a b",
    "x:y",
    "'q'",
    "<<",
    "on",
]
_SCALARS = [
    "Link 1",
    "page5.md",
    "04/12/2025",
    "2025-04-12",
    "2001-12-14t21:59:43.10-05:00",
    "yes",
    "No",
    "True",
    "OFF",
    "~",
    "null",
    "",
    "1",
    "1.0",
    "0x1F",
    "1_000",
    "010",
    ".inf",
    ".nan",
    "+1",
    "-1",
    "'quoted'",
    '"double"',
    '"a: b"',
    "'it''s'",
    '"esc\\n"',
    "a: b",
    "a #b",
    "a#b",
    "[x]",
    "{y: 1}",
    "*alias",
    "&anchor v",
    "!tag v",
    "%x",
    "@x",
    "`x",
    "|",
    ">-",
    "<<",
    "=",
    "é à",
    "http://x.y/z?a=b",
    "C#",
    "x:y",
    "tab\there",
    "trailing  ",
    "key:",
    "-x",
    "- y",
]


_NICE_KEYS = ["title", "text", "url", "ms.date", "linkListType", "items"]
_NICE = ["Link 1", "page5.md", "04/12/2025", "Get started", "https://learn.microsoft.com/x", "C#", "12"]


def _scalar(rng: random.Random) -> str:
    return rng.choice(_NICE if rng.random() < 0.8 else _SCALARS)


def _tree(rng: random.Random, depth: int) -> object:
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return _scalar(rng)
    if roll < 0.65:
        keys = [
            rng.choice(_NICE_KEYS if rng.random() < 0.85 else _KEYS)
            for _ in range(rng.choice([0, 1, 2, 3, 4]))
        ]
        return {key: _tree(rng, depth + 1) for key in keys}
    return [_tree(rng, depth + 1) for _ in range(rng.choice([0, 1, 2, 3, 4]))]


def _emit(node: object, indent: int, rng: random.Random, out: list[str], first: str = "") -> None:
    """Block YAML of ``node`` at ``indent``; ``first`` is a "- " that starts its first line."""
    pad = " " * indent

    def line(text: str) -> None:
        nonlocal first
        out.append((first or pad) + text)
        first = ""

    if isinstance(node, dict):
        if not node:
            line("{}")
        for key, value in node.items():
            if isinstance(value, dict | list) and value:
                line(f"{key}:")
                same = isinstance(value, list) and rng.random() < 0.5  # a sequence as indented as its key
                _emit(value, indent if same else indent + rng.choice([2, 2, 4, 1]), rng, out)
            else:
                line(f"{key}: {value}" if not isinstance(value, dict | list) else f"{key}: {value or ''}")
    elif isinstance(node, list):
        if not node:
            line("[]")
        for item in node:
            dash = rng.choice(["- ", "- ", "-   "])
            if isinstance(item, dict) and item:
                _emit(item, indent + len(dash), rng, out, first=" " * indent + dash)
            elif isinstance(item, list) and item:
                line("-")
                _emit(item, indent + 2, rng, out)
            else:
                out.append(" " * indent + dash + (str(item) if not isinstance(item, dict | list) else ""))
    else:
        line(str(node))


def _document(rng: random.Random) -> str:
    out: list[str] = []
    root = _tree(rng, 1)
    _emit(root if root else {"title": root}, 0, rng, out)
    for _ in range(rng.randint(0, 3)):  # comments and blank lines anywhere
        out.insert(rng.randint(0, len(out)), rng.choice(["", "# a comment", "   # indented", "  "]))
    if rng.random() < 0.3:  # a slip: an indent off by one, a lost colon, a tab, a marker
        at = rng.randrange(len(out))
        out[at] = rng.choice([" " + out[at], out[at][1:], out[at].replace(":", "", 1), "\t" + out[at], "---"])
    if rng.random() < 0.2:
        out.insert(0, "### YamlMime:Landing")
    return "\n".join(out) + rng.choice(["", "\n"])


def _libyaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return "<not YAML>"


@pytest.mark.parametrize("seed", range(40))
def test_plain_yaml_reads_as_libyaml_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    read = 0
    for _ in range(150):
        text = _document(rng)
        found = yaml_plain.read_plain(text)
        if found is not yaml_plain.NOT_PLAIN:
            read += 1
            assert repr(found) == repr(_libyaml(text)), text
    assert read > 20  # most generated files are plain enough to be read


def test_plain_yaml_reads_landing_pages_and_refuses_the_rest() -> None:
    page = "### YamlMime:Landing\ntitle: Area\nmetadata:\n  ms.date: 04/12/2025\nlandingContent:\n- title: Start\n"
    assert yaml_plain.read_plain(page) == {
        "title": "Area",
        "metadata": {"ms.date": "04/12/2025"},
        "landingContent": [{"title": "Start"}],
    }
    for text in (
        "a: |\n  text\n",
        "a: [1, 2]\n",
        "a: &x 1\nb: *x\n",
        "---\na: 1\n",
        "a:\n\tb: 1\n",
        "# only\n",
    ):
        assert yaml_plain.read_plain(text) is yaml_plain.NOT_PLAIN, text


# ---------------------------------------------------------------- key paths of other YAML


def _flatten_plainly(node: object, prefix: str, out: dict[str, str], items: set[str]) -> None:
    """Key paths as first written: every value through one recursive call."""
    if len(out) >= yaml_keys.MAX_PATHS:
        return
    if isinstance(node, dict):
        if not node and prefix:
            out[prefix] = "{}"
        for key, value in node.items():
            _flatten_plainly(value, f"{prefix}.{key}" if prefix else str(key), out, items)
    elif isinstance(node, list) and any(isinstance(v, dict | list) for v in node):
        counts: dict[str, int] = {}
        for item in node:
            if isinstance(item, dict):
                for key in yaml_keys._NAMES:
                    if isinstance(item.get(key), str | int):
                        counts[str(item[key])] = counts.get(str(item[key]), 0) + 1
                        break
        taken = {k for k, n in counts.items() if n > 1}
        for index, item in enumerate(node):
            path = f"{prefix}[{yaml_keys._label(item, index, taken)}]"
            items.add(path)
            _flatten_plainly(item, path, out, items)
    else:
        out[prefix or "."] = yaml_keys._scalar(node)[: yaml_keys.MAX_VALUE]


def _named_tree(rng: random.Random, depth: int) -> object:
    roll = rng.random()
    if depth > 3 or roll < 0.35:
        return rng.choice(["a", "b", "", 1, 2, True, None, 1.5, dt.date(2025, 4, 16), ["x", 1]])
    if roll < 0.7:
        keys = rng.sample(
            ["uid", "id", "name", "title", "href", "url", "x", "", "a.b", "1"], rng.randint(0, 4)
        )
        return {key: _named_tree(rng, depth + 1) for key in keys}
    return [_named_tree(rng, depth + 1) for _ in range(rng.randint(0, 5))]


@pytest.mark.parametrize("seed", range(30))
def test_key_paths_as_one_call_a_value_finds_them(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        tree = _named_tree(rng, 0)
        if rng.random() < 0.3:
            monkeypatch.setattr(yaml_keys, "MAX_PATHS", rng.randint(1, 6))  # cut short
        quick: tuple[dict[str, str], set[str]] = ({}, set())
        plain: tuple[dict[str, str], set[str]] = ({}, set())
        yaml_keys._flatten(tree, "", *quick)
        _flatten_plainly(tree, "", *plain)
        assert list(quick[0].items()) == list(plain[0].items())
        assert quick[1] == plain[1]
        monkeypatch.undo()


# ---------------------------------------------------------------- reference members


def _param(rng: random.Random, name: str) -> list[str]:
    lines = [f"  - name: {name}"]
    if rng.random() < 0.3:
        lines.insert(0, f"  - isRequired: {rng.choice(['true', 'false'])}")
        lines[1] = "    " + lines[1][4:]
    if rng.random() < 0.6:
        lines.append(f'    defaultValue: "{rng.choice(["False", "True", "json"])}"')
    lines += ["    summary: |-", f"      {rng.choice(['The name.', 'Output format.', 'Use it.'])}"]
    if rng.random() < 0.5:
        lines.append(f'    parameterValueGroup: "{rng.choice(["false, true", "json, yaml", "a, b"])}"')
    return lines


def _member(rng: random.Random) -> list[str]:
    """A reference member block (an Azure CLI command), as lines; fields and parameters vary."""
    verb = rng.choice(["create", "delete", "show"])
    out = [f"- uid: az_grp_{verb}", f"  name: az grp {verb}", "  summary: |-", f"    {verb.title()} it."]
    out += [f"  status: {rng.choice(['GA', 'Preview', 'Deprecated'])}"] if rng.random() < 0.8 else []
    out += ["  isPreview: true"] if rng.random() < 0.2 else []
    out += ["  deprecationMessage: Use az other."] if rng.random() < 0.1 else []
    names = rng.sample(
        ["--name -n", "--output -o", "--yes", "--ids", "--acquire-policy-token"], rng.randint(0, 4)
    )
    out += ["  syntax: >-", f"    az grp {verb}"] + [f"      [{n.split()[0]}]" for n in names]
    cut = rng.randint(0, len(names))
    for key, group in (("requiredParameters", names[:cut]), ("optionalParameters", names[cut:])):
        if group or rng.random() < 0.2:
            out.append(f"  {key}:")
            for name in group:
                out += _param(rng, name)
    if rng.random() < 0.7:
        out += ["  examples:", "  - summary: Run it.", f"    syntax: az grp {verb} -n x"]
    if rng.random() < 0.2:  # a field twice: the last one gives its value
        out += rng.choice([["  summary: Once more."], ["  optionalParameters:", *_param(rng, "--late")]])
    return out


def _edit_member(rng: random.Random, lines: list[str]) -> list[str]:
    """Some lines changed, removed, added or moved: parameter lines mostly, any line now and then."""
    out = list(lines)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(1, len(out) + 1)
        roll = rng.random()
        items = [n for n, line in enumerate(out) if line.startswith("  - ")]
        if roll < 0.15 and items:  # a parameter (or an example) removed whole
            start = rng.choice(items)
            end = next((n for n in range(start + 1, len(out)) if not out[n].startswith("    ")), len(out))
            del out[start:end]
        elif roll < 0.3:
            out[at:at] = _param(rng, rng.choice(["--acquire-policy-token", "--new", "--name -n", "--yes"]))
        elif roll < 0.45 and at < len(out):
            del out[at]
        elif roll < 0.6 and at < len(out):
            out[at] = out[at].replace("False", "True").replace("GA", "Preview").replace("it.", "them.")
        elif roll < 0.7:
            out.insert(
                at, rng.choice(["      [--new]", "  sourceType: Core", "    more text", "  - name: --x"])
            )
        elif roll < 0.8 and at < len(out):
            out.insert(rng.randrange(1, len(out)), out.pop(at))
        elif roll < 0.9:
            out.insert(at, rng.choice(["  status: Preview", "  name: az grp other", "  syntax: az grp x"]))
        elif at < len(out):
            out[at] = out[at].replace("  ", "    ", 1)
    return out


def _facts(diff: reference_fields.Diff | None, ident: str) -> tuple[list[object], list[object]]:
    assert diff is not None
    fa = FileAnalysis(kind="yaml", path="ref.yml", status="modified")
    reference._say(fa, diff, ident, 9, 8)
    return fa.parameters, fa.members


@pytest.mark.parametrize("seed", range(40))
def test_members_compared_as_text_first(seed: int) -> None:
    rng = random.Random(seed)
    quick = 0
    for _ in range(100):
        old_lines = _member(rng)
        new_lines = _edit_member(rng, old_lines) if rng.random() < 0.9 else old_lines
        old, new = "\n".join(old_lines) + "\n", "\n".join(new_lines) + "\n"
        ident = "az_grp"
        whole = reference_fields.diff_members(
            read_member(read_member_block(Block("directCommands", 1, old, ident)), ident),
            read_member(read_member_block(Block("directCommands", 1, new, ident)), ident),
        )
        found = reference_fields.diff_texts(old, new, ident)
        if found is not None:
            quick += 1
            assert _facts(found, ident) == _facts(whole, ident), (old, new)
    assert quick > 30  # most edits are told from the changed text alone


@pytest.mark.parametrize("seed", range(15))
def test_reference_files_read_as_when_every_member_is_read_whole(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    cases = []
    for _ in range(20):
        members = [_member(rng) for _ in range(rng.randint(1, 5))]
        for n, lines in enumerate(members):  # one identity each
            lines[0], lines[1] = f"- uid: az_grp_{n}", f"  name: az grp {n}"
        edited = [_edit_member(rng, m) if rng.random() < 0.7 else m for m in members]
        head = "### YamlMime:AzureCLIGroup\nuid: az_grp\nname: az grp\ndirectCommands:\n"
        old = head + "".join("\n".join(m) + "\n" for m in members) + "metadata:\n  ms.date: 2025-04-16\n"
        new = head + "".join("\n".join(m) + "\n" for m in edited) + "metadata:\n  ms.date: 2025-04-17\n"
        cases.append((diff_texts(old, new), new, old))

    def facts() -> list[FileAnalysis]:
        out = []
        for hunks, new, old in cases:
            fa = FileAnalysis(kind="yaml", path="ref.yml", status="modified", yaml_mime="AzureCLIGroup")
            out.append(reference.analyse_reference(fa, hunks, new, old))
        return out

    quick = facts()
    monkeypatch.setattr(reference, "diff_texts", lambda _old, _new, _ident: None)
    assert quick == facts()
    assert sum(len(fa.parameters) + len(fa.members) for fa in quick) > 20
