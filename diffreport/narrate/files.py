"""Per-file narration: a title and at most three sentences, each stating one fact of the analysis.

Facts become :class:`Point` objects with a weight; the heaviest point gives the title, the three
heaviest give the explanation. Nothing is said that the analysis does not show.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import FileAnalysis
from ..models import Status
from .facts import (
    LIFECYCLE_GONE,
    LIFECYCLE_NEW,
    added_section_paths,
    diff_window,
    first_edit,
    inside_section,
    is_wording,
    notable_value,
    phrase_instance,
    samples,
    section_plan,
    short_pair,
)
from .lang import Lang

MAX_SENTENCES = 3


@dataclass
class Point:
    """One thing to say about a file."""

    weight: int
    title: str
    sentence: str
    topic: str


class FileNarrator:
    """Turns one :class:`FileAnalysis` into points; one instance per file."""

    def __init__(
        self,
        facts: FileAnalysis,
        lang: Lang,
        *,
        path: str,
        status: str,
        old_path: str | None,
        binary: bool = False,
        patch: str = "",
    ) -> None:
        self.a = facts
        self.patch = patch
        self.t = lang
        self.path = path
        self.name = path.rsplit("/", 1)[-1]
        self.status = status
        self.old_path = old_path
        self.binary = binary
        self.used_rows: set[str] = set()

    # -- entry points ------------------------------------------------------------------------
    def points(self) -> list[Point]:
        if self.status == Status.ADDED.value:
            found = [self.added_file()]
        elif self.status == Status.DELETED.value:
            found = [self.deleted_file()]
        else:
            found = self.changed_file()
        return sorted(found, key=lambda p: -p.weight)

    def describe(self) -> tuple[str, str]:
        found = self.points()
        said = [p.sentence for p in found if p.sentence]
        return found[0].title, self.t.sentences(said[:MAX_SENTENCES])

    # -- whole files ---------------------------------------------------------------------------
    def _doc(self) -> str:
        return self.a.title or self.a.old_title or ""

    def added_file(self) -> Point:
        _ = self.t.gettext
        t, a = self.t, self.a
        if a.kind == "image" or a.image:
            return Point(
                100,
                _("Added image {name}").format(name=self.name),
                _("Added the image {name}.").format(name=t.code_span(self.name)),
                "image",
            )
        if self.binary:
            return Point(
                100,
                _("Added {name}").format(name=self.name),
                _("Added the binary file {name}.").format(name=t.code_span(self.name)),
                "file",
            )
        if a.kind == "yaml" and a.toc:
            names = [t.quote(e.name) for e in a.toc if e.kind == "added" and e.name]
            return Point(
                100,
                _("Added table of contents {name}").format(name=self.name),
                self.t.ngettext(
                    "New table of contents with {count} entry: {names}.",
                    "New table of contents with {count} entries: {names}.",
                    len(names),
                ).format(count=t.number(len(names)), names=t.series(names)),
                "toc",
            )
        samples_ = samples(c.language for c in a.code_blocks if c.kind == "added")
        title = (
            _("New article {title}").format(title=t.quote(self._doc()))
            if a.kind == "markdown" and self._doc()
            else _("Added {name}").format(name=self.name)
        )
        lines = t.lines(a.additions)
        if a.kind == "markdown" and a.headings:
            heads = t.series([t.quote(h) for h in a.headings])
            if samples_:
                sentence = _("New article ({lines}) with the sections {sections}; it has {samples} samples.")
            else:
                sentence = _("New article ({lines}) with the sections {sections}.")
            sentence = sentence.format(lines=lines, sections=heads, samples=t.series(samples_))
        elif a.kind == "markdown":
            sentence = _("New article ({lines}).").format(lines=lines)
        else:
            sentence = _("New file ({lines}).").format(lines=lines)
        return Point(100, title, sentence, "article-added")

    def deleted_file(self) -> Point:
        _ = self.t.gettext
        t, a = self.t, self.a
        if a.kind == "image" or a.image:
            return Point(
                100,
                _("Removed image {name}").format(name=self.name),
                _("Removed the image {name}; pages that still show it lose the picture.").format(
                    name=t.code_span(self.name)
                ),
                "image",
            )
        if a.kind == "markdown":
            title = (
                _("Removed article {title}").format(title=t.quote(self._doc()))
                if self._doc()
                else _("Removed {name}").format(name=self.name)
            )
            sentence = _(
                "Removed the article ({lines}); links to {path} stop working unless it is redirected."
            ).format(lines=t.lines(a.deletions), path=t.code_span(self.path, 200))
            return Point(100, title, sentence, "article-removed")
        return Point(
            100,
            _("Removed {name}").format(name=self.name),
            _("Removed the file ({lines}).").format(lines=t.lines(a.deletions)),
            "file",
        )

    def changed_file(self) -> list[Point]:
        _ = self.t.gettext
        t, a = self.t, self.a
        found: list[Point] = []
        if self.status == Status.RENAMED.value and self.old_path:
            found.append(
                Point(
                    95,
                    _("Moved {old} to {new}").format(old=self.old_path.rsplit("/", 1)[-1], new=self.name),
                    _(
                        "Moved from {old} to {new}; "
                        "links to the old path stop working unless it is redirected."
                    ).format(old=t.code_span(self.old_path, 200), new=t.code_span(self.path, 200)),
                    "moved",
                )
            )
        if self.binary or a.kind == "image":
            if not found:
                found.append(
                    Point(
                        60,
                        _("Replaced image {name}").format(name=self.name),
                        _("Replaced the image {name}.").format(name=t.code_span(self.name)),
                        "image",
                    )
                )
            return found
        if a.whitespace_only:
            return [
                *found,
                Point(
                    5,
                    _("Whitespace-only change in {name}").format(name=self.name),
                    _("Only whitespace changed."),
                    "whitespace",
                ),
            ]
        for make in (
            self.sections,
            self.phrases,
            self.values,
            self.alerts,
            self.includes,
            self.tables,
            self.code,
            self.links,
            self.toc,
            self.redirects,
            self.front_matter,
        ):
            found.extend(make())
        if not found:
            found.extend(self.text_edit())
        elif all(p.topic in {"section-changed", "date"} for p in found):
            # only "a section was edited": the edited text itself says more
            found.extend(Point(13 + p.weight, p.title, p.sentence, p.topic) for p in self.text_edit()[:1])
        if not found:
            found.append(
                Point(
                    1,
                    _("Updated {name}").format(name=self.name),
                    _("{added} added and {removed} removed.").format(
                        added=t.lines(a.additions), removed=t.lines(a.deletions)
                    ),
                    "edit",
                )
            )
        elif a.toc and self.status == Status.MODIFIED.value:
            found.sort(key=lambda p: -p.weight)
            found[0].title = self.toc_title()
        elif a.metadata_only and found[0].topic != "moved":
            keys = t.series([t.code_span(f.key) for f in a.front_matter])
            found[0].title = _("Updated metadata ({keys})").format(keys=keys)
        return found

    # -- facts -----------------------------------------------------------------------------------
    def fact_sections(self) -> set[str]:
        """Sections that other facts already speak about."""
        a = self.a
        facts = [*a.tables, *a.alerts, *a.phrases, *a.links, *a.includes, *a.code_blocks]
        return {f.section for f in facts if f.section}

    def covered_lines(self) -> list[int]:
        return [n for v in self.a.values for n in v.lines]

    def sections(self) -> list[Point]:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        t, a = self.t, self.a
        out: list[Point] = []
        plan = section_plan(a)
        top = plan.added
        if top:
            if len(top) == 1:
                new = top[0]
                langs = new.tabs or samples(
                    c.language
                    for c in a.code_blocks
                    if c.kind == "added" and inside_section(c.section, new.paths)
                )
                sentence = (
                    _("Added the section {name} ({lines}, with {samples} samples).")
                    if langs
                    else _("Added the section {name} ({lines}).")
                ).format(name=t.quote(new.title), lines=t.lines(new.size), samples=t.series(langs))
                title = _("Added section {name}").format(name=t.quote(new.title))
            else:
                items = [
                    _("{name} ({lines})").format(name=t.quote(x.title), lines=t.lines(x.size)) for x in top
                ]
                sentence = _("Added the sections {names}.").format(names=t.series(items))
                title = _("Added sections {names}").format(names=t.series([t.quote(x.title) for x in top], 3))
            out.append(Point(90 + min(9, sum(x.size for x in top) // 20), title, sentence, "section-added"))
        top_removed = plan.removed
        if top_removed:
            names = [t.quote(s.title or s.path) for s in top_removed]
            out.append(
                Point(
                    86,
                    ngettext("Removed section {names}", "Removed sections {names}", len(names)).format(
                        names=t.series(names, 3)
                    ),
                    ngettext(
                        "Removed the section {names} ({lines}); links to its anchor stop working.",
                        "Removed the sections {names} ({lines}); links to their anchors stop working.",
                        len(names),
                    ).format(names=t.series(names), lines=t.lines(sum(s.size for s in top_removed))),
                    "section-removed",
                )
            )
        renamed = [
            ((s.old_path or "").rpartition(" > ")[2] or s.old_path or "", s.title or s.path)
            for s in a.sections
            if s.kind == "renamed"
        ]
        for old_title, new_title in renamed + plan.renamed:
            was, now = t.quote(old_title), t.quote(new_title)
            out.append(
                Point(
                    60,
                    _("Renamed section {old} to {new}").format(old=was, new=now),
                    _("Renamed the section {old} to {new}.").format(old=was, new=now),
                    "section-renamed",
                )
            )
        covered = self.covered_lines()
        edited = [
            s
            for s in a.sections
            if s.kind == "changed"
            and s.path not in self.fact_sections()
            and not any(s.line is not None and s.line <= n < s.line + s.size for n in covered)
        ]
        if edited:
            names = [t.quote(s.title or s.path) for s in edited]
            added_n = sum(s.lines_added for s in edited)
            removed_n = sum(s.lines_removed for s in edited)
            if removed_n and added_n:
                sentence = ngettext(
                    "Edited the section {names} ({added} added, {removed} removed).",
                    "Edited the sections {names} ({added} added, {removed} removed).",
                    len(names),
                )
            elif added_n:
                sentence = ngettext(
                    "Added text to the section {names} ({added}).",
                    "Added text to the sections {names} ({added}).",
                    len(names),
                )
            else:
                sentence = ngettext(
                    "Removed text from the section {names} ({removed}).",
                    "Removed text from the sections {names} ({removed}).",
                    len(names),
                )
            out.append(
                Point(
                    12,
                    ngettext("Edited section {names}", "Edited sections {names}", len(names)).format(
                        names=t.series(names, 3)
                    ),
                    sentence.format(
                        names=t.series(names, 3), added=t.lines(added_n), removed=t.lines(removed_n)
                    ),
                    "section-changed",
                )
            )
        return out

    def phrases(self) -> list[Point]:
        _ = self.t.gettext
        t, a = self.t, self.a
        out: list[Point] = []
        for p in a.phrases:
            phrase = p.phrase.lower()
            shown = t.quote(phrase_instance(p.text, p.phrase))
            if p.kind == "disappeared":
                rows = [
                    r
                    for r in a.tables
                    if r.kind == "changed"
                    and phrase in (r.old or "").lower()
                    and phrase not in (r.new or "").lower()
                ]
                self.used_rows |= {r.name for r in rows}
                if phrase in LIFECYCLE_GONE:
                    soon = phrase == "coming soon"
                    if rows and len(rows) <= 3:
                        subject = t.series([t.code_span(r.name.split(" (")[0], 30) for r in rows])
                    elif self._doc():
                        subject = t.quote(self._doc())
                    else:
                        subject = ""
                    if subject:
                        title = (
                            _("{subject} no longer marked as coming soon")
                            if soon
                            else _("{subject} no longer marked as preview")
                        ).format(subject=subject)
                    else:
                        title = (
                            _("No longer marked as coming soon") if soon else _("No longer marked as preview")
                        )
                    weight = 84
                else:
                    title = _("No longer mentions {phrase}").format(phrase=t.quote(phrase))
                    weight = 55
                if rows:
                    sentence = _("Removed {phrase} from the table rows {rows} ({places}).").format(
                        phrase=shown,
                        rows=t.series([t.code_span(r.name) for r in rows]),
                        places=t.places(p.count),
                    )
                else:
                    sentence = _("Removed the mention {phrase} ({places}).").format(
                        phrase=shown, places=t.places(p.count)
                    )
                out.append(Point(weight, title, sentence, f"phrase-gone:{phrase}"))
            else:
                weight = 88 if phrase in LIFECYCLE_NEW else 50
                title = _("Now mentions {phrase}").format(phrase=t.quote(phrase))
                if phrase in LIFECYCLE_NEW and self._doc():
                    title = _("{subject} now mentions {phrase}").format(
                        subject=t.quote(self._doc()), phrase=t.quote(phrase)
                    )
                sentence = _("Now mentions {phrase} ({places}).").format(
                    phrase=shown, places=t.places(p.count)
                )
                if p.section:
                    sentence = _("Now mentions {phrase} in {section} ({places}).").format(
                        phrase=shown,
                        section=t.quote(p.section.rpartition(" > ")[2]),
                        places=t.places(p.count),
                    )
                if any(al.kind == "added" and phrase in al.text.lower() for al in a.alerts):
                    sentence = ""  # the added alert that says it is quoted in full
                out.append(Point(weight, title, sentence, f"phrase-new:{phrase}"))
        return out

    def text_edit(self) -> list[Point]:
        """When no structure changed: quote the first edited line of the patch."""
        _ = self.t.gettext
        t, a = self.t, self.a
        old, new = first_edit(self.patch)
        if not old and not new:
            return []
        more = a.additions + a.deletions > 2
        if old and new:
            old, new = diff_window(old, new, context=3)
            if t.quote(old, 100) == t.quote(new, 100):
                return []  # the difference is in markup, spacing, or past what a quote can show
            title = _("Reworded {text}").format(text=t.quote(new, 50))
            sentence = _("Changed the text {old} to {new}.").format(
                old=t.quote(old, 100), new=t.quote(new, 100)
            )
        elif new:
            title = _("Added text {text}").format(text=t.quote(new, 50))
            sentence = _("Added the text {text}.").format(text=t.quote(new, 100))
        else:
            title = _("Removed text {text}").format(text=t.quote(old, 50))
            sentence = _("Removed the text {text}.").format(text=t.quote(old, 100))
        out = [Point(3, title, sentence, "text")]
        if more:
            out.append(
                Point(
                    2,
                    title,
                    _("In all, {added} added and {removed} removed.").format(
                        added=t.lines(a.additions), removed=t.lines(a.deletions)
                    ),
                    "edit",
                )
            )
        return out

    def values(self) -> list[Point]:
        _ = self.t.gettext
        t = self.t
        # a value that only moved a link's target is said by the link point
        targets = [x.url for x in self.a.links if x.kind == "retargeted"]
        vals = sorted(
            (v for v in self.a.values if notable_value(v) and not any(v.new in url for url in targets)),
            key=lambda v: -v.count,
        )
        if not vals:
            return []
        if not all(is_wording(v) for v in vals):
            vals = [v for v in vals if not is_wording(v)]
        pairs = [(*short_pair(v.old, v.new), v.count) for v in vals]
        old, new, count = pairs[0]
        title = _("Changed {old} to {new}").format(old=t.code_span(old), new=t.code_span(new))
        if len(vals) == 1:
            sentence = _("Changed {old} to {new} in {places}.").format(
                old=t.code_span(old), new=t.code_span(new), places=t.places(count)
            )
        else:
            items = [
                _("{old} to {new} ({places})").format(
                    old=t.code_span(a), new=t.code_span(b), places=t.places(n)
                )
                for a, b, n in pairs
            ]
            sentence = _("Changed {items}.").format(items=t.series(items))
        weight = 6 if all(is_wording(v) for v in vals) else 70 + min(9, sum(v.count for v in vals))
        return [Point(weight, title, sentence, "value")]

    def _alert_name(self, alert: str) -> str:
        """The alert's kind with its article (``a note``, ``an important note``)."""
        _ = self.t.gettext
        names = {
            "NOTE": _("a note"),
            "TIP": _("a tip"),
            "IMPORTANT": _("an important note"),
            "WARNING": _("a warning"),
            "CAUTION": _("a caution"),
        }
        return names.get(alert.upper(), alert.lower())

    def alerts(self) -> list[Point]:
        _ = self.t.gettext
        t = self.t
        out: list[Point] = []
        inside_new = added_section_paths(self.a)
        for al in self.a.alerts:
            if inside_section(al.section, inside_new):
                continue
            kind = self._alert_name(al.alert)
            where = t.quote(al.section.rpartition(" > ")[2]) if al.section else ""
            text = t.quote(al.text, 160)
            strong = al.alert.upper() in {"IMPORTANT", "WARNING", "CAUTION"}
            if al.kind == "added":
                title = (
                    _("Added {alert} to {section}").format(alert=kind, section=where)
                    if where
                    else _("Added {alert}").format(alert=kind)
                )
                sentence = (
                    _("Added {alert} to {section}: {text}.") if where else _("Added {alert}: {text}.")
                ).format(alert=kind, section=where, text=text)
                out.append(Point(78 if strong else 72, title, sentence, f"alert-added:{al.alert.upper()}"))
            else:
                title = _("Removed {alert}").format(alert=kind)
                sentence = _("Removed {alert}: {text}.").format(alert=kind, text=text)
                out.append(Point(66 if strong else 58, title, sentence, f"alert-removed:{al.alert.upper()}"))
        return out

    def includes(self) -> list[Point]:
        _ = self.t.gettext
        t = self.t
        out: list[Point] = []
        added = [i for i in self.a.includes if i.kind == "added"]
        removed = [i for i in self.a.includes if i.kind == "removed"]
        pairs = list(zip(removed, added, strict=False))
        for old, new in pairs:
            old_label = t.quote(old.title) if old.title else t.code_span(old.target)
            new_label = t.quote(new.title) if new.title else t.code_span(new.target)
            if old.target == new.target:
                sentence = _("Renamed the include {target} from {old} to {new}.").format(
                    target=t.code_span(new.target, 120), old=old_label, new=new_label
                )
            else:
                sentence = _("Replaced the include {old} ({old_target}) with {new} ({new_target}).").format(
                    old=old_label,
                    new=new_label,
                    old_target=t.code_span(old.target, 120),
                    new_target=t.code_span(new.target, 120),
                )
            out.append(
                Point(50, _("Replaced include {name}").format(name=old_label), sentence, "include-replaced")
            )
        paired = {id(x) for pair in pairs for x in pair}
        for inc in self.a.includes:
            if id(inc) in paired:
                continue
            label = t.quote(inc.title) if inc.title else t.code_span(inc.target)
            if inc.kind == "added":
                out.append(
                    Point(
                        56,
                        _("Added include {name}").format(name=label),
                        _("Added the include {name} ({target}).").format(
                            name=label, target=t.code_span(inc.target, 120)
                        ),
                        "include-added",
                    )
                )
            else:
                out.append(
                    Point(
                        57,
                        _("Removed include {name}").format(name=label),
                        _("Removed the include {name} ({target}).").format(
                            name=label, target=t.code_span(inc.target, 120)
                        ),
                        "include-removed",
                    )
                )
        return out

    def tables(self) -> list[Point]:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        t = self.t
        out: list[Point] = []
        added_sections = added_section_paths(self.a)
        rows = [
            r
            for r in self.a.tables
            if r.name not in self.used_rows and not inside_section(r.section, added_sections)
        ]
        # a row removed and added under the same name was edited
        both = {r.name for r in rows if r.kind == "added"} & {r.name for r in rows if r.kind == "removed"}
        rows = [r for r in rows if r.name not in both or r.kind == "added"]
        rows = [r.model_copy(update={"kind": "changed"}) if r.name in both else r for r in rows]
        for kind, weight in (("added", 52), ("removed", 54), ("changed", 40)):
            names = [t.code_span(r.name, 40) for r in rows if r.kind == kind]
            if not names:
                continue
            n = len(names)
            title, sentence = {
                "added": (
                    ngettext("Added table row {names}", "Added table rows {names}", n),
                    ngettext("Added the table row {names}.", "Added the table rows {names}.", n),
                ),
                "removed": (
                    ngettext("Removed table row {names}", "Removed table rows {names}", n),
                    ngettext("Removed the table row {names}.", "Removed the table rows {names}.", n),
                ),
                "changed": (
                    ngettext("Updated table row {names}", "Updated table rows {names}", n),
                    ngettext("Updated the table row {names}.", "Updated the table rows {names}.", n),
                ),
            }[kind]
            out.append(
                Point(
                    weight,
                    title.format(names=t.series(names, 3)),
                    sentence.format(names=t.series(names, 5)),
                    f"table-{kind}",
                )
            )
        return out

    def code(self) -> list[Point]:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        t = self.t
        added_sections = added_section_paths(self.a)
        blocks = [c for c in self.a.code_blocks if not inside_section(c.section, added_sections)]
        # a block can only have changed inside a section that changed
        edited = {s.path for s in self.a.sections}
        if self.a.sections:
            blocks = [c for c in blocks if c.kind != "changed" or not c.section or c.section in edited]
        out: list[Point] = []
        for kind, weight in (("added", 46), ("removed", 47), ("changed", 11)):
            group = [c for c in blocks if c.kind == kind]
            if not group or (kind == "changed" and self.a.values):
                continue
            n = len(group)
            langs = samples(c.language for c in group)
            msgs = {
                "added": ngettext("Added {count} code sample", "Added {count} code samples", n),
                "removed": ngettext("Removed {count} code sample", "Removed {count} code samples", n),
                "changed": ngettext("Updated {count} code sample", "Updated {count} code samples", n),
            }
            head = msgs[kind].format(count=t.number(n))
            sentence = (
                _("{what} ({languages}).").format(what=head, languages=t.series(langs))
                if langs
                else _("{what}.").format(what=head)
            )
            out.append(Point(weight, head, sentence, f"code-{kind}"))
        return out

    def links(self) -> list[Point]:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        t = self.t
        added_sections = added_section_paths(self.a)
        links = [x for x in self.a.links if not inside_section(x.section, added_sections)]
        # a link removed and added with the same target only had its text or position changed
        same = {x.url for x in links if x.kind == "added"} & {x.url for x in links if x.kind == "removed"}
        links = [x for x in links if x.kind == "retargeted" or x.url not in same]
        out: list[Point] = []
        images = [x for x in links if x.image and x.kind == "added"]
        if images:
            names = [t.quote(x.text) if x.text else t.code_span(x.url) for x in images]
            out.append(
                Point(
                    42,
                    ngettext("Added image {names}", "Added images {names}", len(names)).format(
                        names=t.series(names, 2)
                    ),
                    ngettext("Added the image {names}.", "Added the images {names}.", len(names)).format(
                        names=t.series(names)
                    ),
                    "image-link",
                )
            )
        for kind, weight in (("added", 30), ("removed", 32), ("retargeted", 28)):
            group = [x for x in links if x.kind == kind and not x.image]
            if not group:
                continue
            n = len(group)
            targets = [t.code_span(x.url, 80) for x in group]
            if kind == "retargeted":
                items = [
                    _("{text} to {url}").format(
                        text=t.quote(x.text or x.old_url), url=t.code_span(x.url, 120)
                    )
                    for x in group
                ]
                title = ngettext("Repointed {count} link", "Repointed {count} links", n)
                if n == 1 and group[0].text:
                    title = _("Repointed the link {text}").format(text=t.quote(group[0].text, 50))
                sentence = ngettext("Repointed the link {items}.", "Repointed the links {items}.", n).format(
                    items=t.series(items, 3)
                )
            elif kind == "added":
                title = ngettext("Added {count} link", "Added {count} links", n)
                sentence = ngettext("Added a link to {targets}.", "Added links to {targets}.", n).format(
                    targets=t.series(targets, 3)
                )
            else:
                title = ngettext("Removed {count} link", "Removed {count} links", n)
                sentence = ngettext(
                    "Removed the link to {targets}.", "Removed the links to {targets}.", n
                ).format(targets=t.series(targets, 3))
            out.append(Point(weight, title.replace("{count}", t.number(n)), sentence, f"link-{kind}"))
        return out

    def toc_title(self) -> str:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        counts = {
            k: sum(1 for e in self.a.toc if e.kind == k)
            for k in ("added", "removed", "renamed", "retargeted")
        }
        words = {
            "added": ngettext("{count} entry added", "{count} entries added", counts["added"]),
            "removed": ngettext("{count} entry removed", "{count} entries removed", counts["removed"]),
            "renamed": ngettext("{count} renamed", "{count} renamed", counts["renamed"]),
            "retargeted": ngettext("{count} repointed", "{count} repointed", counts["retargeted"]),
        }
        parts = [words[k].format(count=self.t.number(n)) for k, n in counts.items() if n]
        return _("Updated the table of contents ({changes})").format(changes=self.t.series(parts))

    def toc(self) -> list[Point]:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        t = self.t
        out: list[Point] = []
        for kind, weight in (("added", 50), ("removed", 55), ("renamed", 40), ("retargeted", 38)):
            group = [e for e in self.a.toc if e.kind == kind]
            if not group:
                continue
            n = len(group)
            if kind == "renamed":
                items = [
                    _("{old} to {new}").format(old=t.quote(e.old_name), new=t.quote(e.name)) for e in group
                ]
                title = ngettext("Renamed {count} TOC entry", "Renamed {count} TOC entries", n)
                sentence = ngettext(
                    "Renamed the TOC entry {items}.", "Renamed the TOC entries {items}.", n
                ).format(items=t.series(items, 3))
            elif kind == "retargeted":
                items = [
                    _("{name} to {href}").format(name=t.quote(e.name), href=t.code_span(e.href, 80))
                    for e in group
                ]
                title = ngettext("Repointed {count} TOC entry", "Repointed {count} TOC entries", n)
                sentence = ngettext(
                    "Repointed the TOC entry {items}.", "Repointed the TOC entries {items}.", n
                ).format(items=t.series(items, 3))
            elif kind == "added":
                title = ngettext("Added {count} TOC entry", "Added {count} TOC entries", n)
                sentence = ngettext(
                    "Added the TOC entry {names}.", "Added the TOC entries {names}.", n
                ).format(names=t.series([t.quote(e.name) for e in group]))
            else:
                title = ngettext("Removed {count} TOC entry", "Removed {count} TOC entries", n)
                sentence = ngettext(
                    "Removed the TOC entry {names}.", "Removed the TOC entries {names}.", n
                ).format(names=t.series([t.quote(e.name) for e in group]))
            out.append(Point(weight, title.format(count=t.number(n)), sentence, f"toc-{kind}"))
        return out

    def redirects(self) -> list[Point]:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        t = self.t
        out: list[Point] = []
        for kind, weight in (("added", 50), ("removed", 53), ("retargeted", 45)):
            group = [r for r in self.a.redirects if r.kind == kind]
            if not group:
                continue
            n = len(group)
            items = [t.code_span(r.source, 80) for r in group]
            head = {
                "added": ngettext("Added {count} redirect", "Added {count} redirects", n),
                "removed": ngettext("Removed {count} redirect", "Removed {count} redirects", n),
                "retargeted": ngettext("Repointed {count} redirect", "Repointed {count} redirects", n),
            }[kind].format(count=t.number(n))
            out.append(
                Point(
                    weight,
                    head,
                    _("{what}: {items}.").format(what=head, items=t.series(items, 3)),
                    f"redirect-{kind}",
                )
            )
        return out

    def front_matter(self) -> list[Point]:
        _ = self.t.gettext
        ngettext = self.t.ngettext
        t = self.t
        out: list[Point] = []
        rest = []
        for f in self.a.front_matter:
            if f.key == "title" and f.kind == "changed":
                out.append(
                    Point(
                        64,
                        _("Retitled to {new}").format(new=t.quote(f.new)),
                        _("Changed the title from {old} to {new}.").format(
                            old=t.quote(f.old), new=t.quote(f.new)
                        ),
                        "retitled",
                    )
                )
            elif f.kind == "changed" and f.key.endswith("date"):
                out.append(
                    Point(
                        8,
                        _("Updated {key}").format(key=t.code_span(f.key)),
                        _("Updated {key} from {old} to {new}.").format(
                            key=t.code_span(f.key), old=t.date_text(f.old), new=t.date_text(f.new)
                        ),
                        "date",
                    )
                )
            else:
                rest.append(f)
        if rest:
            keys = t.series([t.code_span(f.key) for f in rest])
            out.append(
                Point(
                    20,
                    _("Updated metadata ({keys})").format(keys=keys),
                    ngettext(
                        "Changed the front matter field {keys}.",
                        "Changed the front matter fields {keys}.",
                        len(rest),
                    ).format(keys=keys),
                    "metadata",
                )
            )
        return out
