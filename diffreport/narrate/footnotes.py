"""Points about footnote marks taken off lines or put on them: the note they carry no longer applies, or now
does ("Fine-tuning for this model is currently in public preview." taken off `gpt-4o`)."""

from __future__ import annotations

from ..analysis import FootnoteChange
from .points import FileContext, Point, Weight


def footnotes(file: FileContext) -> list[Point]:
    out: list[Point] = []
    for kind, weight in (("removed", Weight.FOOTNOTE_REMOVED), ("added", Weight.FOOTNOTE_ADDED)):
        marks: dict[str, list[FootnoteChange]] = {}
        for f in file.analysis.footnotes:
            if f.kind == kind:
                marks.setdefault(f.mark, []).append(f)
        for group in marks.values():
            out.append(Point(weight, *_said(file, kind, group), f"footnote-{kind}"))
    return out


def _said(file: FileContext, kind: str, group: list[FootnoteChange]) -> tuple[str, str]:
    lang = file.lang
    items = list(dict.fromkeys(f.text for f in group))
    spans = {
        "mark": lang.code_span(group[0].mark, 20),
        "items": lang.series_of(items, lambda t: lang.quote(t, 60), 3),
        "first": lang.series_of(items, lambda t: lang.quote(t, 40), 2),
    }
    if kind == "removed":
        title = file._("Took footnote {mark} off {first}")
        sentence = file._("Took the footnote mark {mark} off {items}.")
    else:
        title = file._("Marked {first} with footnote {mark}")
        sentence = file._("Marked {items} with the footnote {mark}.")
    said = [sentence.format(**spans)]
    note = group[0].note
    if note:
        said.append(file._("The footnote reads: {note}.").format(note=lang.quote(note, 160)))
    return lang.tight(title.format(**spans)), lang.tight(lang.sentences(said))
