"""Footnote marks taken off lines, or put on them, the lines otherwise kept.

Learn pages mark list items and table rows with ``**<sup>*</sup>**`` or ``<sup>1</sup>`` (GitHub with
``[^1]``) and say under them what the mark means ("Fine-tuning for this model is currently in public
preview."): a mark taken off says the note no longer applies. Only the marks of lines that are no table row
are read here (a table row changed is said by the tables).
"""

from __future__ import annotations

import re

from ..models import FootnoteChange
from .context import Context
from .syntax import MAX_ITEMS, MAX_LINE, clean_inline
from .values import replaced_lines

# a mark: HTML superscript (bold or not) holding a short label, or a GitHub footnote reference
_MARK = re.compile(r"\*{0,2}<sup>\s*([^<>]{1,12}?)\s*</sup>\*{0,2}|\[\^([^\]\s]{1,12})\](?!:)")
# a footnote itself: its mark, then its text
_NOTE = re.compile(r"^\s*(?:\*{0,2}<sup>\s*([^<>]{1,12}?)\s*</sup>\*{0,2}|\[\^([^\]\s]{1,12})\]:)\s*(\S.*)$")


def footnotes(ctx: Context) -> list[FootnoteChange]:
    lines = ctx.lines
    texts = lines.texts
    found: list[FootnoteChange] = []
    for old, new in replaced_lines(lines):
        a, b = texts[old][:MAX_LINE], texts[new][:MAX_LINE]
        if (
            "<sup>" not in a and "[^" not in a and "<sup>" not in b and "[^" not in b
        ) or a.lstrip().startswith("|"):
            continue
        if _MARK.sub("", a).strip() != _MARK.sub("", b).strip() or _NOTE.match(a) or _NOTE.match(b):
            continue  # the line changed otherwise too (its other facts say it), or is a footnote itself
        before, after = _labels(a), _labels(b)
        if before and after:
            continue  # marks renumbered or regrouped (`<sup>2</sup>` -> `<sup>1</sup>`): no note came or went
        text = _LIST_MARKER.sub("", clean_inline(_MARK.sub("", b))).strip()[:120]
        for mark in sorted(before or after):
            found.append(
                FootnoteChange(
                    kind="removed" if before else "added",
                    mark=mark,
                    text=text,
                    line=lines.new(new),
                    old_line=lines.old(old),
                    section=ctx.section(new),
                )
            )
        if len(found) >= MAX_ITEMS:
            break
    if found:
        notes = _notes(texts)
        for f in found:
            f.note = notes.get(f.mark)
    return found[:MAX_ITEMS]


_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


def _labels(text: str) -> set[str]:
    return {m.group(1) or m.group(2) for m in _MARK.finditer(text)}


def _notes(texts: list[str]) -> dict[str, str]:
    """Each footnote the diff shows, by its label: its text, plain and cut short (the first one seen)."""
    notes: dict[str, str] = {}
    for text in texts:
        if "<sup>" in text or "[^" in text:
            m = _NOTE.match(text[:MAX_LINE])
            if m:
                notes.setdefault(m.group(1) or m.group(2), clean_inline(m.group(3)).strip()[:200])
    return notes
