"""Report-level narration: highlights, grouped bullets, insights and the front matter summary.

Works from the files' light forms only (:func:`light_file`: titles, labels and the facts it reads of each
analysis), so it runs the same on a freshly built report, on one whose files wait on disk, and on one
loaded from JSON.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..analysis.syntax import ROUTINE_SECTION
from ..models import Label, ReportFile, ReportText, Status
from .facts import LIFECYCLE_GONE, LIFECYCLE_NEW, is_include, own_title
from .impact import impact_sentence
from .lang import Lang, Speaker, one_line
from .light import LightFile, light_files
from .paths import distinct_names, relative_pair
from .reference import breaking_insight

MAX_INSIGHT_ITEMS = 4


@dataclass
class Group:
    """Files with the same label and title: the same change made in several places."""

    label: Label
    title: str
    files: list[LightFile] = field(default_factory=list)
    shared: tuple[str, ...] | None = None
    """The new optional parameters that are all these reference files' change, if they are grouped by it."""
    moved: tuple[str, str] | None = None
    """The folders (old, new) every file of a group of plain moves left and went to."""

    @property
    def weight(self) -> int:
        return sum(f.changes for f in self.files)


def name_of(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def group_files(files: list[LightFile], lang: Lang) -> list[Group]:
    """Files with the same label and title; files moved, name unchanged, from one folder to another;
    reference files that only gained the same optional parameters, whatever their titles."""
    groups: dict[tuple[object, ...], Group] = {}
    for f in files:
        folders = _moved_folders(f, lang)
        shared = None if folders else f.facts.shared
        if folders:
            key: tuple[object, ...] = (f.label, "moved", *folders)
        else:
            key = (f.label, shared or f.title)
        groups.setdefault(key, Group(f.label, f.title, moved=folders, shared=shared)).files.append(f)
    return list(groups.values())


def _moved_folders(f: LightFile, lang: Lang) -> tuple[str, str] | None:
    """The old and new folder of a file only moved (its title says just that), keeping its name."""
    if f.status != Status.RENAMED or not f.old_path or name_of(f.old_path) != name_of(f.path):
        return None
    old, new = relative_pair(f.old_path, f.path)
    if f.title != lang.gettext("Moved {old} to {new}").format(old=old, new=new):
        return None
    return posixpath.dirname(f.old_path), posixpath.dirname(f.path)


class ReportNarrator(Speaker):
    def __init__(self, files: Sequence[ReportFile | LightFile], lang: Lang) -> None:
        self.files = light_files(files)
        self.lang = lang
        self.names = distinct_names(f.path for f in self.files)

    def groups(self) -> list[Group]:
        """:func:`group_files`, with a group of files that gained the same parameters titled by them."""
        groups = group_files(self.files, self.lang)
        for g in groups:
            if g.shared and len(g.files) > 1:
                count = sum(f.facts.shared_members for f in g.files)
                names = self.lang.series([self.lang.code_span(n, 80) for n in g.shared], 3)
                if all(f.facts.yaml_mime == "AzureCLIGroup" for f in g.files):
                    title = self.ngettext(
                        "{names} added to {count} command", "{names} added to {count} commands", count
                    )
                else:
                    title = self.ngettext(
                        "{names} added to {count} member", "{names} added to {count} members", count
                    )
                g.title = title.format(names=names, count=self.lang.number(count))
        return groups

    def text(self) -> ReportText:
        out = ReportText()
        for group in self.groups():
            bullet = self.bullet(group)
            if group.label == Label.NEW_FEATURE:
                out.new_features.append(bullet)
            elif group.label == Label.BREAKING_CHANGE:
                out.breaking_changes.append(bullet)
            else:
                out.other_updates.append(bullet)
        out.highlights = self.highlights()
        out.insights = self.insights()
        out.summary = one_line(out.highlights.replace("`", ""), 10_000)  # plain text and code spans
        return out

    def anchors(self) -> dict[str, str]:
        """Each highlight bullet this narration writes -> the anchor of its (first) file's section."""
        return {self.bullet(g): g.files[0].anchor for g in self.groups()}

    def files_list(self, files: list[LightFile], limit: int = 5, *, short: bool = False) -> str:
        """The files' names (``short``: the file names alone), as many as tell them apart, as code."""
        return self.lang.series(
            [self.lang.code_span(name_of(f.path) if short else self.names[f.path], 100) for f in files], limit
        )

    def bullet(self, group: Group) -> str:
        if group.moved and len(group.files) > 1:
            return self._("{title}: {files}").format(
                title=self.moves_title(group), files=self.files_list(group.files, short=True)
            )
        if len(group.files) == 1:
            if name_of(group.files[0].path) in group.title:
                return group.title
            return self._("{title} ({file})").format(title=group.title, file=self.files_list(group.files))
        folder = posixpath.commonpath([posixpath.dirname(f.path) for f in group.files])
        if folder:
            return self._("{title}, in {count} under {folder}: {files}").format(
                title=group.title,
                count=self.lang.files(len(group.files)),
                folder=self.lang.code_span(folder + "/", 120),
                files=self.files_list(group.files),
            )
        return self._("{title}, in {count}: {files}").format(
            title=group.title, count=self.lang.files(len(group.files)), files=self.files_list(group.files)
        )

    def moves_title(self, group: Group) -> str:
        """``Moved 9 files from agents/ to concepts/agents/`` (the folders below the one they share)."""
        assert group.moved is not None
        old, new = group.moved
        if old and new:
            old, new = relative_pair(old + "/", new + "/")
        return self._("Moved {count} from {old} to {new}").format(
            count=self.lang.files(len(group.files)),
            old=self.lang.code_span((old.rstrip("/") or ".") + "/", 120),
            new=self.lang.code_span((new.rstrip("/") or ".") + "/", 120),
        )

    # -- highlights ---------------------------------------------------------------------------
    def highlights(self) -> str:
        if not self.files:
            return self._("No documentation files changed in this range.")
        counts = Counter(f.label for f in self.files)
        parts = [self._label_count(label, counts[label]) for label in Label if counts[label]]
        first = self.ngettext(
            "{count} file changed: {parts}.", "{count} files changed: {parts}.", len(self.files)
        )
        sentences = [first.format(count=self.lang.number(len(self.files)), parts=self.lang.series(parts))]
        order = list(Label)
        groups = sorted(self.groups(), key=lambda g: (order.index(g.label), -g.weight))
        for g in groups[:3]:
            if g.moved and len(g.files) > 1:
                sentences.append(self._("{title}.").format(title=self.moves_title(g)))
            elif len(g.files) == 1 and name_of(g.files[0].path) in g.title:
                sentences.append(self._("{title}.").format(title=g.title))
            elif g.shared and len(g.files) > 1:
                files = self.lang.files(len(g.files))
                sentences.append(self._("{title} ({files}).").format(title=g.title, files=files))
            else:
                sentences.append(
                    self._("{files}: {title}.").format(files=self.files_list(g.files, 2), title=g.title)
                )
        return self.lang.sentences(sentences)

    def _label_count(self, label: Label, count: int) -> str:
        """``2 breaking changes``, ``1 fix`` ..."""
        words = {
            Label.BREAKING_CHANGE: self.ngettext(
                "{count} breaking change", "{count} breaking changes", count
            ),
            Label.NEW_FEATURE: self.ngettext("{count} new feature", "{count} new features", count),
            Label.BUG_FIX: self.ngettext("{count} fix", "{count} fixes", count),
            Label.MINOR_UPDATE: self.ngettext("{count} minor update", "{count} minor updates", count),
        }
        return words[label].format(count=self.lang.number(count))

    # -- insights ---------------------------------------------------------------------------------
    def insights(self) -> list[str]:
        if not self.files:
            return []
        out = [
            p
            for p in (
                self.versions(),
                self.lifecycle_gone(),
                self.lifecycle_new(),
                self.removed_pages(),
                self.still_referenced(),
                breaking_insight(self.lang, [(name_of(f.path), f.facts) for f in self.files]),
                self.removed_sections(),
                self.new_docs(),
                self.alerts(),
                self.metadata_only(),
            )
            if p
        ]
        if not out:
            out.append(
                self._(
                    "No change in this range needs action from readers: no page was removed or moved, and "
                    "no version, lifecycle marker or alert changed."
                )
            )
        return out

    def versions(self) -> str:
        pairs: dict[tuple[str, str], list[tuple[LightFile, int]]] = defaultdict(list)
        for f in self.files:
            for old, new, count in f.facts.versions:
                pairs[(old, new)].append((f, count))
        if not pairs:
            return ""
        ordered = sorted(pairs.items(), key=lambda kv: -sum(c for _f, c in kv[1]))[:MAX_INSIGHT_ITEMS]
        items = [
            self._("{new} replaces {old} in {places} ({files})").format(
                new=self.lang.code_span(new),
                old=self.lang.code_span(old),
                places=self.lang.places(sum(c for _f, c in hits)),
                files=self.files_list([f for f, _c in hits], 3),
            )
            for (old, new), hits in ordered
        ]
        return self.lang.sentences(
            [
                self._("Version numbers changed: {items}.").format(items=self.lang.series(items)),
                self._(
                    "If your own code or configuration pins an old version, "
                    "update it to the one the documentation now uses."
                ),
            ]
        )

    def _phrase_files(self, phrases: set[str], kind: str) -> tuple[list[LightFile], list[str]]:
        files, found = [], []
        for f in self.files:
            if kind == "disappeared" and f.status == Status.DELETED:
                continue  # a removed page takes its markers with it: that says nothing about the feature
            hits = [phrase for said, phrase in f.facts.phrases if said == kind and phrase in phrases]
            if hits:
                files.append(f)
                found += [h for h in hits if h not in found]
        return files, found

    def lifecycle_gone(self) -> str:
        files, found = self._phrase_files(LIFECYCLE_GONE, "disappeared")
        if not files:
            return ""
        return self._(
            "Markers such as {phrases} were removed in {files}: check whether the features they described "
            "are now available to you."
        ).format(phrases=self.lang.series([self.lang.quote(p) for p in found]), files=self.files_list(files))

    def lifecycle_new(self) -> str:
        files, found = self._phrase_files(LIFECYCLE_NEW, "appeared")
        if not files:
            return ""
        return self.ngettext(
            "{files} now mentions {phrases}: if you use what it describes, plan the move to its replacement.",
            "{files} now mention {phrases}: "
            "if you use what they describe, plan the move to their replacements.",
            len(files),
        ).format(files=self.files_list(files), phrases=self.lang.series([self.lang.quote(p) for p in found]))

    def removed_pages(self) -> str:
        gone = [f for f in self.files if f.status == Status.DELETED and f.facts.kind == "markdown"]
        moved = [f for f in self.files if f.status == Status.RENAMED and f.old_path]
        if not gone and not moved:
            return ""
        redirected = {source for f in self.files for source in f.facts.redirected}
        redirected |= {impact.target for f in self.files if (impact := f.facts.impact) and impact.redirect}
        items = [self.lang.code_span(f.path, 200) for f in gone]
        items += [
            self._("{old} (now {new})").format(
                old=self.lang.code_span(f.old_path, 200), new=self.lang.code_span(f.path, 200)
            )
            for f in moved
            if f.old_path
        ]
        old_paths = [f.path for f in gone] + [f.old_path or "" for f in moved]
        covered = [p for p in old_paths if p in redirected]
        sentences = [self._("Pages removed or moved: {items}.").format(items=self.lang.series(items, 6))]
        if covered and len(covered) == len(old_paths):  # every one: no "others" to warn of
            sentences.append(
                self.ngettext(
                    "It is redirected: links to its old path keep working.",
                    "All of them are redirected: links to their old paths keep working.",
                    len(covered),
                )
            )
        elif covered:
            sentences.append(
                self.ngettext(
                    "{count} of them is redirected; links to the others stop working unless a redirect is added.",
                    "{count} of them are redirected; links to the others stop working unless a redirect is added.",
                    len(covered),
                ).format(count=self.lang.number(len(covered)))
            )
        else:
            sentences.append(
                self._("Links and bookmarks to the old paths stop working unless redirects are added.")
            )
        return self.lang.sentences(sentences)

    def still_referenced(self) -> str:
        """What the head still points at, for the removed and moved files that something refers to."""
        hit = [impact for f in self.files if (impact := f.facts.impact) is not None and impact.total]
        hit.sort(key=lambda impact: -impact.total)
        return self.lang.sentences([impact_sentence(self, impact) for impact in hit[:MAX_INSIGHT_ITEMS]])

    def removed_sections(self) -> str:
        items: dict[str, None] = {}  # in order, once each
        for f in (f for f in self.files if f.status != Status.DELETED):
            removed = f.facts.removed_sections
            titles = Counter(title for title, _path in removed)
            for title, path in removed:  # a title two removed sections share is told apart by its parent
                name = title if title and titles[title] == 1 else " > ".join(path.split(" > ")[-2:])
                file = self.lang.code_span(self.names[f.path])
                items[self._("{title} ({file})").format(title=self.lang.quote(name), file=file)] = None
        if not items:
            return ""
        return self._("Sections removed: {items}. Links to their anchors stop working.").format(
            items=self.lang.series(list(items), MAX_INSIGHT_ITEMS + 1)
        )

    def new_docs(self) -> str:
        items: list[str] = []
        for f in self.files:
            a = f.facts
            if f.status == Status.ADDED and a.kind == "markdown" and is_include(f.path):
                items.append(
                    self._("the include file {file}").format(file=self.lang.code_span(self.names[f.path]))
                )
            elif f.status == Status.ADDED and a.kind == "markdown":
                items.append(
                    self._("the article {title} ({file})").format(
                        title=self.lang.quote(own_title(a.title or "") or name_of(f.path)),
                        file=self.lang.code_span(self.names[f.path]),
                    )
                )
            if f.status != Status.ADDED:
                items += [
                    self._("the section {title} ({file})").format(
                        title=self.lang.quote(title), file=self.lang.code_span(self.names[f.path])
                    )
                    for title in a.added_sections
                    if not ROUTINE_SECTION.match(title.strip())  # "Next steps" is no material of its own
                ]
        if not items:
            return ""
        return self._("New material to read: {items}.").format(
            items=self.lang.series(items, MAX_INSIGHT_ITEMS + 1)
        )

    def alerts(self) -> str:
        items = []
        for f in self.files:
            if f.status == Status.ADDED:
                continue
            items += [
                self._("{text} ({file})").format(
                    text=self.lang.quote(text, 200), file=self.lang.code_span(self.names[f.path])
                )
                for text in f.facts.alerts
            ]
        if not items:
            return ""
        return self._("Notes added in this range: {items}.").format(items=self.lang.series(items, 3))

    def metadata_only(self) -> str:
        files = [f for f in self.files if f.facts.metadata_only and f.status == Status.MODIFIED]
        if not files:
            return ""
        return self.ngettext(
            "{count} file changed only its metadata ({files}); its content needs no review.",
            "{count} files changed only their metadata ({files}); their content needs no review.",
            len(files),
        ).format(count=self.lang.number(len(files)), files=self.files_list(files))
