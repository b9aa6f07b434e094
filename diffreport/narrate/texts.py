"""Points quoting the text a change edited: the patch's first edit when no structure changed, the runs of
running text beside the other facts, HTML anchors put in or taken out, zone pivot lines."""

from __future__ import annotations

from ..analysis import SectionChange
from ..analysis.syntax import ZONE_RE
from .facts import inside_section
from .points import FileContext, Point, Weight
from .quotes import anchor_edit, diff_window, first_edit, formatting_only, text_lines_changed, word_edit

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


def _formatting(file: FileContext, where: SectionChange | None) -> list[Point]:
    """Every run of lines a Markdown patch changed has the same lines on both sides but for emphasis and code
    span marks and spacing (`_Prompts_` in italics, a code span's backtick put back): the text reads the same
    (said of ``where``, the one section edited, if any). A link repointed or a footnote mark taken out is
    no formatting."""
    said = tuple(f"{f.key}:" for f in file.analysis.front_matter)  # (`ms.date:` lines: their own sentence)
    if file.analysis.kind != "markdown" or not formatting_only(file.patch, said):
        return []
    if where is None:
        return [
            Point(
                Weight.QUOTED_EDIT,
                file._("Changed the formatting of the text"),
                file._("Changed the formatting of the text; it reads the same."),
                "text",
            )
        ]
    section = file.lang.quote(where.title or where.path)
    return [
        Point(
            Weight.QUOTED_EDIT,
            file._("Changed the formatting in {section}").format(section=section),
            file._("Changed the formatting of the text in {section}; it reads the same.").format(
                section=section
            ),
            "text-in-section",
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
        return _zone_lines(file) or _formatting(file, where)
    whole = where is not None and text_lines_changed(file.patch) == (span * bool(old), span * bool(new))
    section = lang.quote(where.title or where.path) if where is not None else ""
    said = _quoted(file, old, new, section if whole else "")
    if said is None:  # in markup, spacing, or past what a quote shows
        return _anchors(file) or _formatting(file, where)
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


def prose_edit(file: FileContext, quoted: set[str], alone: SectionChange | None = None) -> list[Point]:
    """Beside the file's other facts: the first run of running text it changed, quoted in its section (what
    the page now says, or no longer says), as the least of its points; none in a section the file added,
    which says itself. With edits ``quoted`` already (their titles: the patch's first edit), the next run,
    not one titled as one of them (the same words replaced again). When the run is one line replaced, added
    or removed, and all the edit of ``alone`` (the one section edited with no other fact), the topic is
    ``text-in-section``: it says all the section's edit."""
    for change in file.analysis.prose[1:] if quoted else file.analysis.prose:
        if inside_section(change.section, file.added_paths):
            continue
        text = f"{change.old or ''} {change.new or ''}".lower()
        if any(p.phrase.lower() in text for p in file.analysis.phrases):
            continue  # the lifecycle phrase it brought or took away says it
        where = file.lang.quote(change.section.rpartition(" > ")[2]) if change.section else ""
        said = _quoted(file, change.old or "", change.new or "", where)
        if said is not None and said[0] not in quoted:
            lines = (int(change.new is not None), int(change.old is not None))
            whole = (
                alone is not None
                and alone.path == change.section
                and (alone.lines_added, alone.lines_removed) == lines
            )
            return [Point(Weight.QUOTED_EDIT, *said, "text-in-section" if whole else "text")]
    return []
