"""Points about the words: lifecycle and other phrases, and values replaced (quoted edits of text are :mod:`.texts`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from ..analysis import PhraseChange, TableRowChange, ValueChange
from ..analysis.markdown import PHRASES
from ..analysis.syntax import clean_inline, heading
from .facts import (
    LIFECYCLE_GONE,
    LIFECYCLE_NEW,
    alert_key,
    digits_only,
    inside_section,
    is_wording,
    notable_value,
    numbers_in,
    phrase_instance,
    renumbered,
)
from .points import FileContext, Point, Weight
from .quotes import short_pair


def phrases(file: FileContext) -> list[Point]:
    return [
        _phrase_gone(file, p) if p.kind == "disappeared" else _phrase_new(file, p)
        for p in file.analysis.phrases
    ]


def _phrase_gone(file: FileContext, p: PhraseChange) -> Point:
    phrase = p.phrase.lower()
    rows = [
        r
        for r in file.analysis.tables
        if r.kind == "changed" and phrase in (r.old or "").lower() and phrase not in (r.new or "").lower()
    ]
    file.used_rows |= {r.name for r in rows}  # now, before the tables speak
    still = not rows and _still_said(file, p)
    # a lifecycle ended where the page no longer says it; "coming soon" going at all makes a new feature
    ended = phrase in LIFECYCLE_GONE and (not still or phrase == "coming soon")
    weight = Weight.LIFECYCLE_ENDED if ended else Weight.PHRASE_GONE
    return Point.later(weight, f"phrase-gone:{phrase}", partial(_gone_text, file, p, rows, still))


def _still_said(file: FileContext, p: PhraseChange) -> bool:
    """Whether the page still says a phrase that went from some of its lines: it does elsewhere, and its
    title did not lose it (a page retitled from 'X (Preview)' to 'X' is no longer marked, whatever its other
    lines say of other things)."""
    if not p.remaining:
        return False
    pattern = PHRASES.get(p.phrase.lower())
    old, new = file.analysis.old_title, file.analysis.title
    return not (pattern and old and new is not None and pattern.search(old) and not pattern.search(new))


def _gone_text(
    file: FileContext, p: PhraseChange, rows: list[TableRowChange], still: bool
) -> tuple[str, str]:
    lang = file.lang
    phrase = p.phrase.lower()
    shown = lang.quote(phrase_instance(p.text, p.phrase))
    if still and p.remaining:  # the page still says it: neither "no longer marked" nor "no longer mentions"
        title = file._("Removed the mention {phrase} ({places}; still in {left})").format(
            phrase=lang.quote(phrase), places=lang.places(p.count), left=lang.places(p.remaining)
        )
    elif phrase in LIFECYCLE_GONE:
        soon = phrase == "coming soon"
        if rows and len(rows) <= 3:
            subject = lang.series([lang.code_span(r.name.split(" (")[0], 30) for r in rows])
        elif file.document_title:
            subject = lang.quote(file.document_title)
        else:
            subject = ""
        if subject:
            title = (
                file._("{subject} no longer marked as coming soon")
                if soon
                else file._("{subject} no longer marked as preview")
            ).format(subject=subject)
        else:
            title = (
                file._("No longer marked as coming soon") if soon else file._("No longer marked as preview")
            )
    else:
        title = file._("No longer mentions {phrase}").format(phrase=lang.quote(phrase))
    if rows:
        sentence = file.ngettext(
            "Removed {phrase} from the table row {rows} ({places}).",
            "Removed {phrase} from the table rows {rows} ({places}).",
            len(rows),
        ).format(
            phrase=shown,
            rows=lang.series_of(rows, lambda r: lang.code_span(r.name)),
            places=lang.places(p.count),
        )
    else:
        sentence = file._("Removed the mention {phrase} ({places}).").format(
            phrase=shown, places=lang.places(p.count)
        )
    if p.remaining:
        left = file._("The page still mentions it in {left}.").format(left=lang.places(p.remaining))
        sentence = lang.sentences([sentence, left])
    return title, sentence


def _phrase_new(file: FileContext, p: PhraseChange) -> Point:
    phrase = p.phrase.lower()
    weight = Weight.LIFECYCLE_WARNING if phrase in LIFECYCLE_NEW else Weight.PHRASE_NEW
    quoted = next(
        (
            al
            for al in file.analysis.alerts
            if al.kind in ("added", "reworded")
            and phrase in al.text.lower()
            and not inside_section(al.section, file.added_paths)  # (not quoted: its new section is said)
        ),
        None,
    )
    point = Point.later(weight, f"phrase-new:{phrase}", partial(_new_text, file, p, quoted is not None))
    if quoted is not None:  # the added alert that says it is quoted in full: this point has no sentence
        point.told_by = alert_key(quoted)
    return point


def _new_text(file: FileContext, p: PhraseChange, quoted: bool) -> tuple[str, str]:
    lang = file.lang
    phrase = p.phrase.lower()
    shown = lang.quote(phrase_instance(p.text, p.phrase))
    title = file._("Now mentions {phrase}").format(phrase=lang.quote(phrase))
    marked = _marked_heading(p.text, phrase) if phrase in LIFECYCLE_NEW else None
    if marked:  # "### Text generation deployments (deprecated)": that section is what changed status
        title = file._("Marked {subject} as {phrase}").format(
            subject=lang.quote(marked), phrase=lang.quote(phrase)
        )
    elif phrase in LIFECYCLE_NEW and file.document_title:
        title = file._("{subject} now mentions {phrase}").format(
            subject=lang.quote(file.document_title), phrase=lang.quote(phrase)
        )
    sentence = file._("Now mentions {phrase} ({places}).").format(phrase=shown, places=lang.places(p.count))
    if p.section:
        sentence = file._("Now mentions {phrase} in {section} ({places}).").format(
            phrase=shown, section=lang.quote(p.section.rpartition(" > ")[2]), places=lang.places(p.count)
        )
    return title, "" if quoted else sentence


def _marked_heading(line: str, phrase: str) -> str | None:
    """The title of a heading line marked with a lifecycle phrase in brackets or after a dash (``## Text
    models (deprecated)``, ``## Old API - Retired``); None for any other line (``## Deprecated features`` is
    a section about them, not one marked)."""
    found = heading(line)
    if found is None:
        return None
    title = clean_inline(found[1])
    mark = re.escape(phrase)
    # (each alternative starts at a bracket or a dash: one try each, however long the runs of spaces)
    marked = re.compile(rf"[(\[]\s*{mark}\s*[)\]]|[-–—:]\s*{mark}\s*$", re.IGNORECASE)
    rest = " ".join(marked.sub(" ", title).split())
    return rest if rest != " ".join(title.split()) and rest else None


def values(file: FileContext) -> list[Point]:
    lang = file.lang
    # a value that only moved a link's target (or became one) is said by the link point
    targets = [x.url for x in file.analysis.links if x.kind in ("retargeted", "added")]
    headers = {
        c.line for c in file.analysis.columns
    }  # a value changed in a table's header: its columns say it
    found = sorted(
        (
            v
            for v in file.directive_values[1]
            if notable_value(v)
            and not any(v.new in url for url in targets)
            and not (headers and v.lines and headers.issuperset(v.lines))
        ),
        key=lambda v: -v.count,
    )
    if not found:
        return []
    wording = [is_wording(v) for v in found]
    if not all(wording):
        found = [v for v, swap in zip(found, wording, strict=True) if not swap]
    shifted = renumbered(found)
    out = _renumbered(file, shifted) if shifted else []
    if shifted:
        found = [v for v in found if v not in shifted]
        if not found:
            return out
    out += _swaps(file, found)
    if out:
        swapped = {(v.old, v.new) for v in found if (v.new, v.old) in {(w.old, w.new) for w in found}}
        found = [v for v in found if (v.old, v.new) not in swapped]
        if not found:
            return out
    old, new = short_pair(found[0].old, found[0].new)
    said = _shown(file, found[0])
    title = lang.tight(file._("Changed {old} to {new}").format(old=said(old), new=said(new)))
    if len(found) == 1:
        sentence = file._("Changed {old} to {new} in {places}.").format(
            old=said(old), new=said(new), places=lang.places(found[0].count)
        )
    else:
        sentence = file._("Changed {items}.").format(
            items=lang.series_of(found, lambda v: _replaced(file, v))
        )
    sentence = lang.tight(sentence)
    if all(is_wording(v) for v in found):  # else the words were left out above
        weight = Weight.WORDING
    else:
        weight = Weight.VALUE + min(Weight.BONUS_CAP, sum(v.count for v in found))
    return [Point(weight, title, sentence, "value"), *out]


def _renumbered(file: FileContext, shifted: list[ValueChange]) -> list[Point]:
    """Numbers shifted by one offset: "Renumbered 2–6 as 3–7", not five values changed."""
    lang = file.lang
    offset = int(shifted[0].new) - int(shifted[0].old)
    numbers = {int(v.old) for v in shifted}
    for s in file.analysis.sections:  # a heading renumbered whose line the diff paired with another one
        old_title = (s.old_path or "").rpartition(" > ")[2]
        if s.kind == "renamed" and digits_only(old_title, s.title):
            pairs = zip(numbers_in(old_title), numbers_in(s.title), strict=False)
            numbers |= {int(a) for a, b in pairs if len(a) < 4 and len(b) < 4 and int(b) - int(a) == offset}
    olds = sorted(numbers)
    if olds == list(range(olds[0], olds[-1] + 1)):
        old = f"{lang.number(olds[0])}–{lang.number(olds[-1])}"
        new = f"{lang.number(olds[0] + offset)}–{lang.number(olds[-1] + offset)}"
    else:
        old = lang.series([lang.number(n) for n in olds])
        new = lang.series([lang.number(n + offset) for n in olds])
    return [
        Point(
            Weight.RENUMBERED,
            file._("Renumbered {old} as {new}").format(old=old, new=new),
            file._("Renumbered {old} as {new}.").format(old=old, new=new),
            "renumbered",
        )
    ]


def _swaps(file: FileContext, found: list[ValueChange]) -> list[Point]:
    """Two values that took each other's places (``Orleans`` -> ``Dapr`` and ``Dapr`` -> ``Orleans``): one
    swap, not two changes."""
    pairs = {(v.old, v.new) for v in found}
    swaps = [v for v in found if (v.new, v.old) in pairs and v.old < v.new]
    if not swaps:
        return []
    lang = file.lang

    def pair(v: ValueChange) -> str:
        a, b = short_pair(v.old, v.new)
        return file._("{a} and {b}").format(a=_shown(file, v)(a), b=_shown(file, v)(b))

    first = short_pair(swaps[0].old, swaps[0].new)
    said = _shown(file, swaps[0])
    title = lang.tight(file._("Swapped {a} and {b}").format(a=said(first[0]), b=said(first[1])))
    sentence = lang.tight(file._("Swapped {pairs}.").format(pairs=lang.series_of(swaps, pair, 3)))
    if all(is_wording(v) for v in swaps):
        weight = Weight.WORDING
    else:
        weight = Weight.VALUE + min(Weight.BONUS_CAP, sum(v.count for v in swaps))
    return [Point(weight, title, sentence, "value-swap")]


def _replaced(file: FileContext, v: ValueChange) -> str:
    before, after = short_pair(v.old, v.new)
    said = _shown(file, v)
    return file._("{old} to {new} ({places})").format(
        old=said(before), new=said(after), places=file.lang.places(v.count)
    )


def _shown(file: FileContext, v: ValueChange) -> Callable[[str], str]:
    """How a value replaced is written: words of running text in quotes ('ranking'), the rest as code."""
    return file.lang.quote if v.words else file.lang.code_span
