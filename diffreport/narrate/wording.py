"""Points about the words: lifecycle and other phrases, values replaced, and a quoted edit of plain text."""

from __future__ import annotations

import re
from functools import partial

from ..analysis import PhraseChange, SectionChange, TableRowChange, ValueChange
from ..analysis.markdown import PHRASES
from ..analysis.syntax import ZONE_RE, clean_inline, heading
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
    replaced,
)
from .points import FileContext, Point, Weight
from .quotes import anchor_edit, diff_window, first_edit, short_pair, text_lines_changed, word_edit


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
    title = file._("Changed {old} to {new}").format(old=lang.code_span(old), new=lang.code_span(new))
    if len(found) == 1:
        sentence = file._("Changed {old} to {new} in {places}.").format(
            old=lang.code_span(old), new=lang.code_span(new), places=lang.places(found[0].count)
        )
    else:
        sentence = file._("Changed {items}.").format(
            items=lang.series_of(found, lambda v: _replaced(file, v))
        )
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
        return file._("{a} and {b}").format(a=lang.code_span(a), b=lang.code_span(b))

    first = short_pair(swaps[0].old, swaps[0].new)
    title = file._("Swapped {a} and {b}").format(a=lang.code_span(first[0]), b=lang.code_span(first[1]))
    sentence = file._("Swapped {pairs}.").format(pairs=lang.series_of(swaps, pair, 3))
    if all(is_wording(v) for v in swaps):
        weight = Weight.WORDING
    else:
        weight = Weight.VALUE + min(Weight.BONUS_CAP, sum(v.count for v in swaps))
    return [Point(weight, title, sentence, "value-swap")]


def _replaced(file: FileContext, v: ValueChange) -> str:
    before, after = short_pair(v.old, v.new)
    return file._("{old} to {new} ({places})").format(
        old=file.lang.code_span(before), new=file.lang.code_span(after), places=file.lang.places(v.count)
    )


_FEW_WORDS = 40  # characters of words replaced, inserted or deleted that a title names (else "Reworded ...")


def _anchors(file: FileContext) -> list[Point]:
    """An edit in markup alone that adds or removes HTML anchors (``<a name="create-search"></a>`` put
    before a heading's text): where links can now point, or no longer; the title names the first anchor's
    line."""
    added, removed = anchor_edit(file.patch)
    if not added and not removed:
        return []
    lang, span = file.lang, file.lang.code_span
    first, text = next(iter((added or removed).items()))
    where = lang.quote(text, 60)
    if added:
        title = file._("Added the anchor {anchor} to {text}").format(anchor=span(first, 60), text=where)
        sentence = file.ngettext(
            "Added the anchor {anchors}: links can point at it.",
            "Added the anchors {anchors}: links can point at them.",
            len(added),
        ).format(anchors=lang.series_of(list(added), lambda a: span("#" + a, 60), 3))
    else:
        title = file._("Removed the anchor {anchor} from {text}").format(anchor=span(first, 60), text=where)
        sentence = ""
    if removed:
        gone = file.ngettext(
            "Removed the anchor {anchors}: links to it stop working.",
            "Removed the anchors {anchors}: links to them stop working.",
            len(removed),
        ).format(anchors=lang.series_of(list(removed), lambda a: span("#" + a, 60), 3))
        sentence = lang.sentences([sentence, gone])
    return [Point(Weight.QUOTED_EDIT, title, sentence, "text")]


def _zone_lines(file: FileContext) -> list[Point]:
    """Only ``::: zone`` lines changed, and no heading changed the pivot it is shown for: the markup that
    chooses what each pivot shows."""
    edges = [line for line in (file.patch or "").splitlines() if line[:1] in "+-" and ZONE_RE.match(line[1:])]
    if not edges:
        return []
    added = sum(line[0] == "+" for line in edges)
    return [
        Point(
            Weight.QUOTED_EDIT,
            file._("Changed zone pivot markup"),
            file._(
                "Changed the zone pivot lines that choose what each pivot shows ({added} added, {removed} removed)."
            ).format(added=file.lang.number(added), removed=file.lang.number(len(edges) - added)),
            "text",
        )
    ]


def text_edit(file: FileContext, where: SectionChange | None = None) -> list[Point]:
    """When no structure changed: quote the first edited line of the patch. When that line is the patch's
    only line of text changed, and ``where`` its section, the sentence names the section (topic
    ``text-in-section``): it says all of the section's edit."""
    lang, facts = file.lang, file.analysis
    old, new, span = first_edit(file.patch, past_markup=False)
    if old and new and lang.quote(old, 100) == lang.quote(new, 100):  # markup first: an anchor put in?
        anchors = _anchors(file)
        if anchors:
            return anchors
        old, new, span = first_edit(file.patch)  # else the first edit of words, past markup
    if not old and not new:
        return _zone_lines(file)
    whole = where is not None and text_lines_changed(file.patch) == (span * bool(old), span * bool(new))
    section = lang.quote(where.title or where.path) if where is not None else ""
    said = _quoted(file, old, new, section if whole else "")
    if said is None:  # in markup, spacing, or past what a quote shows
        return _anchors(file)
    title, sentence = said
    out = [Point(Weight.QUOTED_EDIT, title, sentence, "text-in-section" if whole else "text")]
    if facts.additions + facts.deletions > 2:
        totals = file._("In all, {added} added and {removed} removed.").format(
            added=lang.lines(facts.additions), removed=lang.lines(facts.deletions)
        )
        out.append(Point(Weight.EDIT_TOTALS, title, totals, "edit"))
    return out


def _quoted(file: FileContext, old: str, new: str, section: str) -> tuple[str, str] | None:
    """The title and sentence of an edit of text, quoted (``section``, quoted, the one it is in, or ""):
    the words replaced, inserted or deleted in a window of context; None when a reader sees no change in
    what a quote shows."""
    lang = file.lang
    if old and new:
        removed, inserted = word_edit(old, new)
        old, new = diff_window(old, new, context=3)
        if lang.quote(old, 100) == lang.quote(new, 100):
            return None
        if len(removed) + len(inserted) > _FEW_WORDS:
            title = file._("Reworded {text}").format(text=lang.quote(new, 50))
        elif not removed:
            title = file._("Inserted {text}").format(text=lang.quote(inserted))
        elif not inserted:
            title = file._("Deleted {text}").format(text=lang.quote(removed))
        else:
            title = file._("Replaced {old} with {new}").format(
                old=lang.quote(removed), new=lang.quote(inserted)
            )
        spans = {"old": lang.quote(old, 100), "new": lang.quote(new, 100), "section": section}
        if section:
            sentence = file._("Changed the text {old} to {new} in {section}.").format(**spans)
        else:
            sentence = file._("Changed the text {old} to {new}.").format(**spans)
    elif new:
        title = file._("Added text {text}").format(text=lang.quote(new, 50))
        if section:
            sentence = file._("Added the text {text} to {section}.")
        else:
            sentence = file._("Added the text {text}.")
        sentence = sentence.format(text=lang.quote(new, 100), section=section)
    else:
        title = file._("Removed text {text}").format(text=lang.quote(old, 50))
        if section:
            sentence = file._("Removed the text {text} from {section}.")
        else:
            sentence = file._("Removed the text {text}.")
        sentence = sentence.format(text=lang.quote(old, 100), section=section)
    return title, sentence


def prose_edit(file: FileContext, quoted: set[str]) -> list[Point]:
    """Beside the file's other facts: the first run of running text it changed, quoted in its section (what
    the page now says, or no longer says), as the least of its points; none in a section the file added,
    which says itself. With edits ``quoted`` already (their titles: the patch's first edit), the next run,
    not one titled as one of them (the same words replaced again)."""
    values = file.analysis.values
    for change in file.analysis.prose[1:] if quoted else file.analysis.prose:
        if inside_section(change.section, file.added_paths):
            continue
        if values and change.old and change.new and replaced(values, change.old) == change.new:
            continue  # the values replaced say it
        text = f"{change.old or ''} {change.new or ''}".lower()
        if any(p.phrase.lower() in text for p in file.analysis.phrases):
            continue  # the lifecycle phrase it brought or took away says it
        where = file.lang.quote(change.section.rpartition(" > ")[2]) if change.section else ""
        said = _quoted(file, change.old or "", change.new or "", where)
        if said is not None and said[0] not in quoted:
            return [Point(Weight.QUOTED_EDIT, *said, "text")]
    return []
