"""Points about sections: added (with their tabs and samples), removed, renamed, moved (elsewhere on the
page, or up or down a level), and edited in place."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from ..analysis import SectionChange
from ..analysis.frontmatter import shown_title
from ..analysis.syntax import ROUTINE_SECTION
from .facts import NewSection, SectionPlan, digits_only, inside_section, renumbered, restyled, samples
from .points import FileContext, Point, Weight
from .quotes import diff_window


def sections(file: FileContext) -> list[Point]:
    plan = file.plan
    out: list[Point] = []
    tabs = [x for x in plan.added if x.tab]
    added = [x for x in plan.added if not x.tab]
    if tabs:
        out.append(_tabs_added(file, tabs))
    if added:
        # sections of substance first: "Next steps" and the like follow from them, and say little alone
        routine = [x for x in added if ROUTINE_SECTION.match(x.title.strip())]
        if len(routine) == len(added):
            point = _added(file, added)
            out.append(Point(Weight.ROUTINE_SECTION_ADDED, point.title, point.sentence, point.topic))
        else:
            out.append(_added(file, [x for x in added if x not in routine] + routine))
    if plan.removed:
        out.append(_removed(file, plan.removed))
    out += _renamed(file, plan)
    out += _moved(file)
    out += _pivots(file)
    edited = edited_alone(file)
    if edited:
        out.append(Point.later(Weight.SECTION_EDITED, "section-changed", partial(_edited, file, edited)))
    return out


def _added(file: FileContext, top: list[NewSection]) -> Point:
    lang = file.lang
    if len(top) == 1:
        new = top[0]
        paths = set(new.paths)
        languages = new.tabs or samples(
            c.language
            for c in file.analysis.code_blocks
            if c.kind == "added" and inside_section(c.section, paths)
        )
        sentence = (
            file._("Added the section {name} ({lines}, with {samples} samples).")
            if languages
            else file._("Added the section {name} ({lines}).")
        ).format(name=lang.quote(new.title), lines=_size(file, [new]), samples=lang.series(languages))
        title = file._("Added section {name}").format(name=lang.quote(new.title))
    else:  # a title the page repeats (one per zone pivot or tab) said once, with its count
        groups = _by_title(top, lambda x: x.title)
        items = lang.series_of(
            groups,
            lambda g: (
                file._("{name} ({lines})").format(name=lang.quote(g[0]), lines=_size(file, g[1]))
                if len(g[1]) == 1
                else file._("{name} in {count} places ({lines})").format(
                    name=lang.quote(g[0]),
                    count=lang.number(len(g[1])),
                    lines=_size(file, g[1]),
                )
            ),
        )
        sentence = file.ngettext(
            "Added the section {names}.", "Added the sections {names}.", len(groups)
        ).format(names=items)
        title = file.ngettext("Added section {names}", "Added sections {names}", len(groups)).format(
            names=lang.series_of(groups, lambda g: lang.quote(g[0]), 3)
        )
    bonus = min(Weight.BONUS_CAP, sum(x.new if _mostly_old(x) else x.size for x in top) // 20)
    return Point(Weight.SECTION_ADDED + bonus, title, sentence, "section-added")


def _tabs_added(file: FileContext, groups: list[NewSection]) -> Point:
    """Tabs (``# [Bash](#tab/bash)``) added to sections the page had: each tab named once, with the
    sections they were added to."""
    lang = file.lang
    names = list(dict.fromkeys(t for x in groups for t in (x.tabs or [x.title])))
    hosts = list(dict.fromkeys(h for x in groups if (h := x.path.rpartition(" > ")[0].rpartition(" > ")[2])))
    shown = lang.series_of(names, lang.quote)
    lines = _size(file, groups)
    if hosts:
        sentence = file.ngettext(
            "Added the tab {names} to {sections} ({lines}).",
            "Added the tabs {names} to {sections} ({lines}).",
            len(names),
        ).format(names=shown, sections=lang.series_of(hosts, lang.quote), lines=lines)
    else:
        sentence = file.ngettext(
            "Added the tab {names} ({lines}).", "Added the tabs {names} ({lines}).", len(names)
        ).format(names=shown, lines=lines)
    title = file.ngettext("Added tab {names}", "Added tabs {names}", len(names)).format(
        names=lang.series_of(names, lang.quote, 3)
    )
    bonus = min(Weight.BONUS_CAP, sum(x.new if _mostly_old(x) else x.size for x in groups) // 20)
    return Point(Weight.SECTION_ADDED + bonus, title, sentence, "section-added")


def _mostly_old(new: NewSection) -> bool:
    """Whether fewer than half the lines of a new section are new: a heading put over text already on the
    page, or new lines that a zone pivot's other languages follow under the same heading."""
    return 0 < new.new and new.new * 2 < new.size


def _size(file: FileContext, sections: list[NewSection]) -> str:
    """The lines of new sections, and how many of them are new when most are not ("65 lines, 8 of them
    new": the heading 'Simulating function calls' put over text the page had)."""
    size = sum(x.size for x in sections)
    if not any(_mostly_old(x) for x in sections):
        return file.lang.lines(size)
    new = sum(x.new if _mostly_old(x) else x.size for x in sections)
    return file._("{lines}, {count} of them new").format(
        lines=file.lang.lines(size), count=file.lang.number(new)
    )


def _removed(file: FileContext, top_removed: list[SectionChange]) -> Point:
    lang = file.lang
    groups = _by_title(top_removed, lambda s: s.title or s.path)
    names = [
        lang.quote(title)
        if len(group) == 1
        else file._("{name} in {count} places").format(name=lang.quote(title), count=lang.number(len(group)))
        for title, group in groups
    ]
    spans = {"names": lang.series(names), "lines": lang.lines(sum(s.size for s in top_removed))}
    lost = [title for title, group in groups if not all(s.title_remains for s in group)]
    if len(lost) == len(groups):
        sentence = file.ngettext(
            "Removed the section {names} ({lines}); links to its anchor stop working.",
            "Removed the sections {names} ({lines}); links to their anchors stop working.",
            len(top_removed),
        ).format(**spans)
    elif not lost:  # another section has each heading still (a zone pivot's copy): its anchor may still work
        sentence = file.ngettext(
            "Removed the section {names} ({lines}); another section still has the same heading.",
            "Removed the sections {names} ({lines}); other sections still have the same headings.",
            len(top_removed),
        ).format(**spans)
    else:
        sentence = file.ngettext(
            "Removed the sections {names} ({lines}); links to the anchor of {lost} stop working.",
            "Removed the sections {names} ({lines}); links to the anchors of {lost} stop working.",
            len(lost),
        ).format(lost=lang.series([lang.quote(title) for title in lost]), **spans)
    return Point(
        Weight.SECTION_REMOVED,
        file.ngettext("Removed section {names}", "Removed sections {names}", len(top_removed)).format(
            names=lang.series([lang.quote(title) for title, _ in groups], 3)
        ),
        sentence,
        "section-removed",
    )


T = TypeVar("T")


def _by_title(sections: list[T], title: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """The sections grouped by title, in the order each title first comes."""
    groups: dict[str, list[T]] = {}
    for section in sections:
        groups.setdefault(title(section), []).append(section)
    return list(groups.items())


def _renamed(file: FileContext, plan: SectionPlan) -> list[Point]:
    renamed = [
        ((s.old_path or "").rpartition(" > ")[2] or s.old_path or "", s.title or s.path)
        for s in file.analysis.sections
        if s.kind == "renamed"
    ]
    pairs = renamed + plan.renamed
    # "1) Create" -> "2) Create": the renumbering says it
    if pairs and renumbered(file.directive_values[1]):
        pairs = [(old, new) for old, new in pairs if not digits_only(old, new)]
    # the page's heading renamed as its front matter title was: the retitle says it
    retitled = {
        (shown_title(f.old or ""), shown_title(f.new or ""))
        for f in file.analysis.front_matter
        if f.key == "title" and f.kind == "changed"
    }
    if retitled:
        pairs = [pair for pair in pairs if pair not in retitled]
    return [  # the same rename in each of a page's zone pivots is said once; a restyled title weighs little
        Point.later(
            Weight.SECTION_RESTYLED if restyled(old, new) else Weight.SECTION_RENAMED,
            "section-renamed",
            partial(_renamed_text, file, old, new),
        )
        for old, new in dict.fromkeys(pairs)
    ]


def _renamed_text(file: FileContext, old_title: str, new_title: str) -> tuple[str, str]:
    was, now = file.lang.quote(old_title), file.lang.quote(new_title)
    if was == now:  # long titles that differ past what a quote shows: the words where they differ
        was, now = (file.lang.quote(t) for t in diff_window(old_title, new_title))
    return (
        file._("Renamed section {old} to {new}").format(old=was, new=now),
        file._("Renamed the section {old} to {new}.").format(old=was, new=now),
    )


def _moved(file: FileContext) -> list[Point]:
    """Sections moved as they were: their subsections went with them and are not named; the same title
    moved in each of a page's zone pivots is named once."""
    moved = [s for s in file.analysis.sections if s.kind == "moved"]
    if not moved:
        return []
    paths = {s.path for s in moved}
    top = [s for s in moved if not inside_section(s.path.rpartition(" > ")[0], paths)]
    return [Point.later(Weight.SECTION_MOVED, "section-moved", partial(_moved_text, file, top))]


def _moved_text(file: FileContext, top: list[SectionChange]) -> tuple[str, str]:
    lang = file.lang
    groups: dict[str, list[str]] = {"up": [], "down": [], "across": []}
    for s in top:
        way = "across" if s.old_level is None else "up" if s.old_level > s.level else "down"
        groups[way].append(s.title or s.path)
    sentences = []
    for way, titles in groups.items():
        names = list(dict.fromkeys(titles))
        if names:
            sentences.append(
                _moved_sentence(file, way, len(names)).format(names=lang.series(map(lang.quote, names)))
            )
    every = list(dict.fromkeys(t for titles in groups.values() for t in titles))
    title = file.ngettext("Moved section {names}", "Moved sections {names}", len(every)).format(
        names=lang.series(map(lang.quote, every), 3)
    )
    return title, lang.sentences(sentences)


def _moved_sentence(file: FileContext, way: str, n: int) -> str:
    if way == "up":
        return file.ngettext(
            "Moved the section {names} up a level.", "Moved the sections {names} up a level.", n
        )
    if way == "down":
        return file.ngettext(
            "Moved the section {names} down a level.", "Moved the sections {names} down a level.", n
        )
    return file.ngettext(
        "Moved the section {names} to another place on the page.",
        "Moved the sections {names} to other places on the page.",
        n,
    )


def _pivots(file: FileContext) -> list[Point]:
    """Sections a zone pivot's edge moved past: now shown only for one pivot (a programming language, an
    environment ...), for every one, or for another one."""
    changed = [s for s in file.analysis.sections if s.pivot is not None and s.pivot != s.old_pivot]
    if not changed:
        return []
    return [Point.later(Weight.PIVOT_CHANGED, "section-pivot", partial(_pivots_text, file, changed))]


def _pivots_text(file: FileContext, changed: list[SectionChange]) -> tuple[str, str]:
    lang = file.lang
    groups: dict[tuple[str, str], list[str]] = {}
    for s in changed:
        groups.setdefault((s.old_pivot or "", s.pivot or ""), []).append(s.title or s.path)
    sentences: list[str] = []
    titles: list[str] = []
    for (was, now), names in groups.items():
        unique = list(dict.fromkeys(names))
        n = len(unique)
        if not was:  # into a zone
            title = file.ngettext(
                "Section {names} now shows only for {pivot}", "Sections {names} now show only for {pivot}", n
            )
            sentence = file.ngettext(
                "The section {names} now shows only for the pivot {pivot}.",
                "The sections {names} now show only for the pivot {pivot}.",
                n,
            )
        elif not now:  # out of one
            title = file.ngettext(
                "Section {names} now shows for every pivot", "Sections {names} now show for every pivot", n
            )
            sentence = file.ngettext(
                "The section {names} now shows for every pivot, not only {pivot}.",
                "The sections {names} now show for every pivot, not only {pivot}.",
                n,
            )
        else:  # from one zone to another
            title = file.ngettext(
                "Section {names} now shows for {new}", "Sections {names} now show for {new}", n
            )
            sentence = file.ngettext(
                "The section {names} now shows for the pivot {new}, not {old}.",
                "The sections {names} now show for the pivot {new}, not {old}.",
                n,
            )
        spans = {
            "pivot": _pivot_names(file, now or was),
            "new": _pivot_names(file, now),
            "old": _pivot_names(file, was),
        }
        titles.append(title.format(names=lang.series(map(lang.quote, unique), 3), **spans))
        sentences.append(sentence.format(names=lang.series(map(lang.quote, unique)), **spans))
    return titles[0], lang.sentences(sentences)


def _pivot_names(file: FileContext, pivot: str) -> str:
    """A zone's pivots, each named (``pivot="programming-language-csharp,programming-language-python"``)."""
    names = [p.strip() for p in pivot.split(",") if p.strip()] or [pivot]
    return file.lang.series([file.lang.code_span(p) for p in names])


def edited_alone(file: FileContext) -> list[SectionChange]:
    """Edited sections that no other fact (a table row, an alert, a value ...) already speaks about."""
    facts = file.analysis
    spoken = {
        f.section
        for f in [
            *facts.tables,
            *facts.alerts,
            *facts.phrases,
            *facts.links,
            *facts.includes,
            *facts.code_blocks,
            *facts.footnotes,
        ]
        if f.section
    } | {a.old_section for a in facts.alerts if a.old_section}
    covered = sorted(n for v in facts.values for n in v.lines)
    return [
        s
        for s in facts.sections
        if s.kind == "changed"
        and (s.lines_added or s.lines_removed)  # (not a section only a zone pivot's edge moved past)
        and s.path not in spoken
        and not _holds(covered, s.line, s.size)
    ]


def only_edited_section(file: FileContext) -> SectionChange | None:
    """The one section edited alone, if it is the only one."""
    edited = edited_alone(file)
    return edited[0] if len(edited) == 1 else None


def _holds(lines: list[int], start: int | None, size: int) -> bool:
    """Whether one of the sorted ``lines`` is in ``start`` .. ``start + size - 1``."""
    if start is None:
        return False
    at = bisect_left(lines, start)
    return at < len(lines) and lines[at] < start + size


def _edited(file: FileContext, edited: list[SectionChange]) -> tuple[str, str]:
    lang = file.lang
    names = [lang.quote(s.title or s.path) for s in edited]
    added = sum(s.lines_added for s in edited)
    removed = sum(s.lines_removed for s in edited)
    if removed and added:
        sentence = file.ngettext(
            "Edited the section {names} ({added} added, {removed} removed).",
            "Edited the sections {names} ({added} added, {removed} removed).",
            len(names),
        )
    elif added:
        sentence = file.ngettext(
            "Added text to the section {names} ({added}).",
            "Added text to the sections {names} ({added}).",
            len(names),
        )
    else:
        sentence = file.ngettext(
            "Removed text from the section {names} ({removed}).",
            "Removed text from the sections {names} ({removed}).",
            len(names),
        )
    return (
        file.ngettext("Edited section {names}", "Edited sections {names}", len(names)).format(
            names=lang.series(names, 3)
        ),
        sentence.format(names=lang.series(names, 3), added=lang.lines(added), removed=lang.lines(removed)),
    )
