"""Per-file narration: a title and at most three sentences, each stating one fact of the analysis.

Facts become :class:`~.points.Point` objects with a weight (see :class:`~.points.Weight`); the heaviest
point gives the title, the three heaviest give the explanation. Nothing is said that the analysis does
not show. The topic modules (:mod:`.whole`, :mod:`.sections`, :mod:`.wording`, :mod:`.blocks`,
:mod:`.navigation`) each say what they can about one part of the analysis.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from ..models import Classification, FileAnalysis, Label, Status
from .blocks import alerts, includes
from .facts import LIFECYCLE_NEW
from .footnotes import footnotes
from .links import links
from .navigation import front_matter, redirects, toc, toc_title
from .points import FileContext, Point, Weight
from .reference import keys, members, parameters
from .samples import code, code_sources
from .sections import only_edited_section, sections
from .tables import columns, tables
from .texts import prose_edit, text_edit
from .whole import (
    added_file,
    comments_only,
    deleted_file,
    line_counts,
    moved_file,
    reindented,
    replaced_image,
    still_referenced,
    symlink_changed,
    whitespace_only,
)
from .wording import phrases, values

MAX_SENTENCES = 3
# points that say no words of the page changed: beside them alone, the edited text is quoted too
_BESIDE_QUOTE = frozenset({"section-changed", "date", "include-moved", "code-relabelled", "image-described"})

Topic = Callable[[FileContext], list[Point]]

# In this order: the phrases mark the table rows they already spoke about, which the tables then skip.
# Each topic speaks of one list of facts (named next to it) and says nothing when that list is empty.
_TOPICS: tuple[tuple[Topic, str], ...] = (
    (sections, "sections"),
    (phrases, "phrases"),
    (values, "values"),
    (footnotes, "footnotes"),
    (code_sources, "values"),
    (alerts, "alerts"),
    (includes, "includes"),
    (tables, "tables"),
    (columns, "columns"),
    (code, "code_blocks"),
    (links, "links"),
    (toc, "toc"),
    (redirects, "redirects"),
    (front_matter, "front_matter"),
    (members, "members"),
    (parameters, "parameters"),
    (keys, "keys"),
)


_topic_facts = operator.attrgetter(*(name for _topic, name in _TOPICS))


def _topics(facts: FileAnalysis) -> list[Topic]:
    """The topics that have facts to speak of (a file has a few kinds of facts)."""
    return [topic for (topic, _name), found in zip(_TOPICS, _topic_facts(facts), strict=True) if found]


def _points(file: FileContext) -> list[Point]:
    """Everything narration could say about one file, heaviest first."""
    if file.status == Status.ADDED:
        found = [added_file(file)]
    elif file.status == Status.DELETED:
        found = [deleted_file(file), *still_referenced(file)]
    else:
        found = _changed_file(file)
    return sorted(found, key=lambda p: -p.weight)


# The points that say why a rule gave its label: when a file is a breaking change or a fix, the title is the
# heaviest of these (the title speaks for the label), ahead of heavier points about other things ("Added
# section 'Python guidance'" over 217 lines of tabs removed). A new feature's heavier points (sections added, a
# page rewritten) say what is new better than the rule's reason ("coming soon" removed) would; only a page
# moved as it was says nothing of what is new in it.
_RETIRED = tuple(f"phrase-new:{phrase}" for phrase in sorted(LIFECYCLE_NEW))
_BACKING: dict[str, tuple[str, ...]] = {
    "content-removed": ("section-removed", "code-removed", "table-removed"),
    "procedure-removed": ("section-removed",),
    "sections-removed": ("section-removed",),
    "retirement-notice": (*_RETIRED, "alert-added:"),
    "section-added": ("section-added",),
    "coming-soon-removed": ("phrase-gone:coming soon",),
    "generally-available": ("phrase-gone:", "phrase-new:generally available"),
    "code-sample-fixed": ("code-changed", "code-sources", "value"),
    "reference-member-removed": ("member-removed",),
    "reference-parameter-removed": ("parameter-removed",),
    "reference-parameter-required": ("parameter-",),
    "reference-member-added": ("member-added",),
    "reference-parameter-added": ("parameter-added",),
}


def backing_topics(classification: Classification | None) -> tuple[tuple[str, ...], bool]:
    """The point topics (prefixes) that say why ``classification`` gave its label, and whether they title the
    file over any other point (a breaking change, a fix) or only over a plain move (a new feature)."""
    if classification is None or classification.label == Label.MINOR_UPDATE:
        return (), False
    topics = tuple(
        topic
        for hit in classification.rules
        if hit.label == classification.label
        for topic in _BACKING.get(hit.id, ())
    )
    return topics, classification.label != Label.NEW_FEATURE


def describe(file: FileContext, backing: tuple[str, ...] = (), over_all: bool = True) -> tuple[str, str]:
    """The title (heaviest point, or the heaviest of the ``backing`` topics: over any point with ``over_all``,
    else over a page moved as it was) and the explanation (up to three sentences, that point's first)."""
    found = _points(file)
    plain_move = found[0].topic == "moved" and not file.rewritten
    if backing and (over_all or plain_move) and not found[0].topic.startswith(backing):
        first = next((k for k, point in enumerate(found) if point.topic.startswith(backing)), None)
        if first is not None:
            found.insert(0, found.pop(first))
    if found[0].told_by is not None:  # the title's fact is said by another point's sentence: that one next
        teller = next((k for k, p in enumerate(found) if k and found[0].told_by in p.keys), None)
        if teller is not None:
            found.insert(1, found.pop(teller))
    said: list[str] = []
    for point in found:  # the points after these are not written
        if len(said) == MAX_SENTENCES:
            break
        if point.sentence:
            said.append(point.sentence)
    return found[0].title, file.lang.sentences(said)


_LARGE_EDIT = 20  # lines changed, for a file whose only facts are phrases to quote its edit too


def _changed_file(file: FileContext) -> list[Point]:
    facts = file.analysis
    found: list[Point] = []
    if file.status == Status.RENAMED and file.old_path:
        found.append(moved_file(file, file.old_path))
        found.extend(still_referenced(file))
    if file.binary or facts.kind == "image":
        return found or [replaced_image(file)]
    if facts.kind == "symlink":
        return [*found, *symlink_changed(file)] or [line_counts(file)]
    if facts.whitespace_only:
        return [*found, whitespace_only(file)]
    if facts.comments_only:
        return [*found, comments_only(file), *front_matter(file)]
    for topic in _topics(facts):
        found.extend(topic(file))
    alone = only_edited_section(file)  # the one section edited that no other fact speaks of, if one
    if not found:
        found.extend(text_edit(file))
    elif all(p.topic in _BESIDE_QUOTE for p in found) or (
        facts.additions + facts.deletions >= _LARGE_EDIT and all(p.topic.startswith("phrase-") for p in found)
    ):
        # only "a section was edited" (or a word a long edit brought or took away): the edited text itself
        # says more, and all of it when it was one line
        quoted = text_edit(file, alone)[:1]
        if quoted and quoted[0].topic == "text-in-section":
            found = [p for p in found if p.topic != "section-changed"]
        found.extend(Point(Weight.QUOTED_EDIT_BONUS + p.weight, p.title, p.sentence, p.topic) for p in quoted)
    if found:  # the text the page now says, where the other points leave room, but no edit quoted already
        prose = prose_edit(file, {p.title for p in found if p.topic.startswith("text")}, alone)
        edited = next((p for p in found if p.topic == "section-changed"), None)
        if prose and prose[0].topic == "text-in-section" and edited is not None:
            found.remove(edited)  # the quote says all that section's edit, in its place
            prose[0].weight = edited.weight
        found.extend(prose)
    if not found:
        found.append(reindented(file) if facts.reindented else line_counts(file))
    elif facts.toc and file.status == Status.MODIFIED:
        found.sort(key=lambda p: -p.weight)
        found[0].title = toc_title(file)
    elif facts.metadata_only and found[0].topic not in ("moved", "retitled"):  # a new title says more
        keys = file.lang.series_of(facts.front_matter, lambda f: file.lang.code_span(f.key))
        found[0].title = file._("Updated metadata ({keys})").format(keys=keys)
    return found
