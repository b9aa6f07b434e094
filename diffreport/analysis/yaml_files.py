"""YAML read for what it is: a table of contents, Learn reference, or any other YAML.

The kind comes from the name (``toc.yml``), else from the text: a ``### YamlMime:<Schema>`` first line
names reference YAML, a top-level ``items:`` list (or a top-level list) of ``name``/``href`` entries is a
table of contents. Tables of contents are read from the patch alone; reference and other YAML need the new
version once (the old one is rebuilt from it and the patch), and only when the file was modified.
"""

from __future__ import annotations

import logging
import re

from ..models import FileAnalysis, Status
from .patch import Hunk, changed_runs
from .syntax import MAX_ITEMS
from .versions import Versions
from .yaml_docs import analyse_toc

# (the modules that read YAML with PyYAML are imported by the first file that needs them: a table of
# contents is read from its patch alone)

log = logging.getLogger(__name__)

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

_BOM = "\ufeff"  # a byte order mark before line 1: no part of the YAML (YAML itself allows it)
TOC_NAMES = frozenset({"toc.yml", "toc.yaml"})
_TOC_START = re.compile(r"^(?:items:\s*$|- (?:name|displayName|href|uid):)")
_TOC_HREF = re.compile(r"^\s*(?:- )?href:", re.M)
_TOC_NAME = re.compile(r"^\s*(?:- )?(?:name|displayName):", re.M)


def is_toc(text: str) -> bool:
    """A table of contents: first a top-level ``items:`` or a list entry, and entries with names and links."""
    lines = text.removeprefix(_BOM).split("\n", 50)
    start = next((ln for ln in lines if ln.strip() and not ln.startswith(("#", "---"))), "")
    return bool(_TOC_START.match(start)) and bool(_TOC_HREF.search(text)) and bool(_TOC_NAME.search(text))


def _whole(hunks: list[Hunk], sign: str) -> str | None:
    """The text of an added (``+``) or removed (``-``) file: its one hunk from line 1."""
    if len(hunks) != 1:
        return None
    return "\n".join(ln.text for ln in hunks[0].lines if ln.sign == sign)


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()


def _visible_first_line(hunks: list[Hunk]) -> str | None:
    """Line 1 of the new version when the patch shows it."""
    if not hunks or hunks[0].new_start > 1:
        return None
    line = next((ln for ln in hunks[0].lines if ln.sign != "-"), None)
    return line.text if line is not None and line.new == 1 else None


def analyse_yaml(fa: FileAnalysis, hunks: list[Hunk], versions: Versions) -> FileAnalysis:
    if fa.status in (Status.MODIFIED, Status.RENAMED) and hunks:
        if _spacing_only(hunks):
            fa.whitespace_only = True  # (a blank line put in a toc.yml: no entry, no key changed)
            return fa
        fa.reindented = _reindented(hunks)
    if fa.path.rsplit("/", 1)[-1].lower() in TOC_NAMES:
        return _toc_or_keys(analyse_toc(fa, hunks), hunks, versions)
    if fa.status in (Status.ADDED, Status.DELETED):
        text = _whole(hunks, "+" if fa.status == Status.ADDED else "-")
        if text is not None:
            _note_schema(fa, _first_line(text))
            return analyse_toc(fa, hunks) if is_toc(text) else fa
    if not any(ln.sign != " " for h in hunks for ln in h.lines):
        return fa
    new = versions.new()
    if new is None:  # no blob (a patch from a corpus): only line 1, if shown, says what this is
        visible = _visible_first_line(hunks)
        if visible is not None:
            _note_schema(fa, visible)
        return fa
    _note_schema(fa, _first_line(new))
    if is_toc(new):
        return _toc_or_keys(analyse_toc(fa, hunks), hunks, versions)
    from .reference import analyse_reference
    from .yaml_keys import analyse_keys
    from .yaml_tree import old_from_new

    old = old_from_new(new, hunks)
    if old is None:
        log.debug("%s: the patch does not apply to the new version; reading the old one", fa.path)
        old = versions.old()
    if old is None:
        return fa
    if fa.yaml_mime in REFERENCE_SCHEMAS:
        return analyse_reference(fa, hunks, new, old)
    return analyse_keys(fa, old, new)


def _spacing_only(hunks: list[Hunk]) -> bool:
    """Whether every run of changed lines has the same lines on both sides but for blank lines and spaces
    at their ends (the spaces that start a line are YAML's structure: a change of indent is no spacing)."""
    return all(old == new for old, new in changed_runs(hunks))


def _reindented(hunks: list[Hunk]) -> list[str]:
    """The lines of the runs of changed lines that are the same lines on both sides but for the spaces
    that start them (and blank lines), stripped (as many as a report keeps)."""
    out: list[str] = []
    for old, new in changed_runs(hunks):
        if old != new and [t.lstrip() for t in old] == [t.lstrip() for t in new]:
            out += [t.strip() for t, u in zip(old, new, strict=True) if t != u][: MAX_ITEMS - len(out)]
    return out


def _toc_or_keys(fa: FileAnalysis, hunks: list[Hunk], versions: Versions) -> FileAnalysis:
    """A table of contents changed in no entry's name or link (an entry now ``expanded: true``): its keys
    changed, read as any YAML's."""
    if fa.toc or fa.status not in (Status.MODIFIED, Status.RENAMED):
        return fa
    if not any(ln.sign != " " for h in hunks for ln in h.lines):
        return fa
    new = versions.new()
    if new is None:
        return fa
    from .yaml_keys import analyse_keys
    from .yaml_tree import old_from_new

    old = old_from_new(new, hunks) or versions.old()
    return fa if old is None else analyse_keys(fa, old, new)


def _note_schema(fa: FileAnalysis, line: str) -> None:
    match = YAML_MIME.match(line.removeprefix(_BOM))
    if match:
        fa.yaml_mime = match.group(1)
