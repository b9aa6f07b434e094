"""What file narration is made of: :class:`Point`, the :class:`Weight` table and the :class:`FileContext`.

Every topic module (whole files, sections, wording, blocks, navigation) turns part of one file's
analysis into points; the heaviest point gives the title, the three heaviest give the explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

from ..analysis import FileAnalysis, ValueChange
from ..models import Status
from .facts import SectionPlan, directive_values, own_title, section_plan
from .lang import Lang, Speaker


class Point:
    """One thing to say about a file: its weight and topic, and its title and sentence, which a point made
    :meth:`later` writes when they are first asked for (a file has more points than it says).

    ``keys`` name the facts a point speaks of (its alerts' lines); ``told_by`` is a key of the point whose
    sentence says this one's fact for it (a phrase quoted by the alert it is in): a title point without a
    sentence of its own is followed by that point."""

    __slots__ = ("_sentence", "_title", "_write", "keys", "told_by", "topic", "weight")

    def __init__(self, weight: int, title: str, sentence: str, topic: str) -> None:
        self.weight, self.topic = weight, topic
        self._title, self._sentence = title, sentence
        self._write: Callable[[], tuple[str, str]] | None = None
        self.keys: tuple[object, ...] = ()
        self.told_by: object = None

    @classmethod
    def later(cls, weight: int, topic: str, write: Callable[[], tuple[str, str]]) -> Point:
        point = cls(weight, "", "", topic)
        point._write = write
        return point

    def _written(self) -> None:
        if self._write is not None:
            self._title, self._sentence = self._write()
            self._write = None

    @property
    def title(self) -> str:
        self._written()
        return self._title

    @title.setter
    def title(self, value: str) -> None:
        self._written()
        self._title = value

    @property
    def sentence(self) -> str:
        self._written()
        return self._sentence


class Weight:
    """How much each kind of point weighs, heaviest first: the heaviest point of a file gives its title.

    A point with a size bonus (``SECTION_ADDED``, ``VALUE``) adds at most ``BONUS_CAP`` so it stays
    below the next kind up.
    """

    WHOLE_FILE: Final = 100  # the file itself was added or removed
    MOVED: Final = 95
    IMPACT: Final = 94  # what still points at a removed or moved file (a sentence, never a title)
    SECTION_ADDED: Final = 90  # + up to BONUS_CAP for the size of the new sections
    LIFECYCLE_WARNING: Final = 88
    INTO_INCLUDES: Final = (
        87  # tabs or code samples replaced by includes  # "deprecated", "retired" ... now mentioned
    )
    SECTION_REMOVED: Final = 86
    LIFECYCLE_ENDED: Final = 84  # "preview", "coming soon" ... no longer mentioned
    STRONG_ALERT_ADDED: Final = 78  # IMPORTANT, WARNING, CAUTION
    TABLE_COLUMN_REMOVED: Final = 76
    TABLE_COLUMN_ADDED: Final = 75
    ALERT_ADDED: Final = 72
    VALUE: Final = 70  # + up to BONUS_CAP for the places it changed in
    STRONG_ALERT_REMOVED: Final = 66
    ALERT_MADE_STRONG: Final = 65  # the same text, now IMPORTANT, WARNING or CAUTION (it was not)
    RETITLED: Final = 64
    IMAGE_REPLACED: Final = 60
    SECTION_RENAMED: Final = 60
    TABLE_COLUMN_RENAMED: Final = 60
    TABLE_ROW_RENAMED: Final = 60  # a row under another name, the rest of it kept or its name much alike
    ROUTINE_SECTION_ADDED: Final = 59  # only "Next steps", "See also", "Prerequisites" ... added
    ALERT_REMOVED: Final = 58
    INCLUDE_REMOVED: Final = 57
    INCLUDE_ADDED: Final = 56
    PHRASE_GONE: Final = 55
    TOC_ENTRY_REMOVED: Final = 55
    TABLE_ROW_REMOVED: Final = 54
    REDIRECT_REMOVED: Final = 53
    TABLE_ROW_ADDED: Final = 52
    PHRASE_NEW: Final = 50
    FOOTNOTE_REMOVED: Final = 49  # a note (often 'preview') no longer marks a line
    FOOTNOTE_ADDED: Final = 47
    INCLUDE_REPLACED: Final = 50
    TOC_ENTRY_ADDED: Final = 50
    REDIRECT_ADDED: Final = 50
    PIVOT_CHANGED: Final = 48  # a section now shown for one zone pivot only, or for every one
    CODE_REMOVED: Final = 47
    CODE_ADDED: Final = 46
    CODE_REWRITTEN: Final = 45  # a sample removed and another in its language added in its place
    REDIRECT_RETARGETED: Final = 45
    ALERT_RETYPED: Final = 43  # the same text as another kind of alert, no stronger
    STRONG_ALERT_REWORDED: Final = 46  # the same IMPORTANT, WARNING or CAUTION alert, its words changed
    ALERT_REWORDED: Final = 39  # the same note or tip, its words changed
    IMAGE_LINK_REMOVED: Final = 44
    IMAGE_LINK_ADDED: Final = 42
    IMAGE_SWAPPED: Final = 41  # an image (by its alt text) shown from another file
    TABLE_ROW_CHANGED: Final = 40
    TOC_ENTRY_RENAMED: Final = 40
    TOC_ENTRY_RETARGETED: Final = 38
    TOC_ENTRY_MOVED: Final = 36
    CODE_MOVED: Final = 35  # a sample's code as it was, put elsewhere
    INCLUDE_MOVED: Final = 35  # an include put in another section
    CODE_REFORMATTED: Final = 10  # a sample's code as it was, re-indented or quoted where it was
    SECTION_MOVED: Final = 34  # a section moved as it was, elsewhere on the page or up or down a level
    ALERT_MOVED: Final = 33  # an alert moved as it was to another section
    LINK_REMOVED: Final = 32
    LINK_ADDED: Final = 30
    LINK_RETARGETED: Final = 28
    SECTION_RESTYLED: Final = 25  # a section renamed in its case or punctuation alone
    RENUMBERED: Final = 24  # numbers shifted by one offset: a step or section put in before them
    INCLUDE_RENAMED: Final = 21  # an include's title, which the page does not show
    METADATA: Final = 20
    QUOTED_EDIT_BONUS: Final = 13  # a quoted edit outranks a bare "edited section" or date point
    CODE_RELABELLED: Final = 12  # a sample's code as it was, its fence naming another language
    CODE_CHANGED: Final = 12  # samples changed by as many lines as the sections "edited" alone, or more
    SECTION_EDITED: Final = 11
    COMMENTS: Final = 9  # only HTML comments changed in the page's text (above a date, below other metadata)
    CODE_CHANGED_LESS: Final = 10  # ... by fewer lines
    IMAGE_DESCRIBED: Final = 10  # the same image, its alt text rewritten (below a quoted edit or a sample)
    DATE: Final = 8
    WORDING: Final = 6  # only a swap of lowercase words
    WHITESPACE: Final = 5
    QUOTED_EDIT: Final = 3
    EDIT_TOTALS: Final = 2
    LINE_COUNTS: Final = 1  # nothing else to say

    BONUS_CAP: Final = 9

    # reference YAML (members and parameters) and other YAML (keys); no Markdown point competes with them
    MEMBER_REMOVED: Final = 87
    PARAMETER_REQUIRED: Final = 86  # made required, or a new required parameter
    PARAMETER_REMOVED: Final = 85
    MEMBER_ADDED: Final = 83
    PARAMETER_ADDED: Final = 82
    MEMBER_DEPRECATED: Final = 80
    MEMBER_STATUS: Final = 62  # now in preview, no longer in preview or deprecated
    PARAMETER_CHANGED: Final = 44  # default or accepted values changed, made optional
    MEMBER_CHANGED: Final = 24  # summary, examples ... changed
    KEY_CHANGED: Final = 22


@dataclass
class FileContext(Speaker):
    """One file being narrated: its analysis, its change, and the language to say it in."""

    analysis: FileAnalysis
    lang: Lang
    path: str
    status: Status
    old_path: str | None = None
    binary: bool = False
    patch: str = ""
    rewritten: bool = False
    """A move of a page whose content was mostly rewritten (a deleted and an added page paired)."""
    used_rows: set[str] = field(default_factory=set)
    """Table rows a point already spoke about (a lifecycle phrase removed from them)."""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def document_title(self) -> str:
        return own_title(self.analysis.title or self.analysis.old_title or "")

    @cached_property
    def plan(self) -> SectionPlan:
        """The sections added, removed and renamed (read once: several topics ask)."""
        return section_plan(self.analysis)

    @cached_property
    def directive_values(self) -> tuple[list[ValueChange], list[ValueChange]]:
        """The values replaced on Learn ``:::code`` directives' lines, and the others (read once: the values,
        the code samples and their sources ask)."""
        return directive_values(self.analysis)

    @cached_property
    def added_paths(self) -> frozenset[str]:
        """Paths of the added sections and their tabs: what is said inside them is said by the section."""
        return frozenset(self.plan.added_paths)
