"""What changed in one file, as small flat facts: the analysis's output (:class:`FileAnalysis`), which
classification and narration read. Part of :mod:`diffreport.models`' API, which re-exports every name here.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from .change import Status
from .factories import empty_list

# Every list holds small models with a ``kind`` field saying what happened (``added``, ``removed``,
# ``changed``, ...). Line numbers are 1-based: ``line`` is in the new version, ``old_line`` in the old
# one (``None`` when unknown, e.g. a patch without that side). ``section`` is the heading path of the
# fact, e.g. ``"Reasoning models > API support"`` (only the nearest heading when analysed from a patch).
# The analysis is a public contract for narration and classification: extend it, don't rename fields.

Change = Literal["added", "removed", "changed"]


class Fact(BaseModel):
    """Common fields of every fact."""

    line: int | None = Field(default=None, description="Line in the new version (1-based).")
    old_line: int | None = Field(default=None, description="Line in the old version (1-based).")
    section: str | None = Field(default=None, description="Heading path, ' > '-joined.")


class FrontMatterChange(Fact):
    """A YAML front matter field added, removed or changed (``ms.date 03/27/2025 -> 04/17/2025``)."""

    kind: Change
    key: str
    old: str | None = None
    new: str | None = None


class SectionChange(Fact):
    """A section (by heading path) added, removed, renamed, moved or changed."""

    kind: Literal["added", "removed", "renamed", "moved", "changed"]
    path: str = Field(description="Heading path in the new version (old one for removed sections).")
    old_path: str | None = Field(default=None, description="Heading path before a rename or move.")
    title: str = Field(default="", description="The heading text itself.")
    level: int = 0
    old_level: int | None = Field(
        default=None, description="Heading level before a move that changed it (``##`` -> ``###``)."
    )
    lines_added: int = 0
    lines_removed: int = 0
    size: int = Field(
        default=0,
        description="Lines of the section (new version; old one if removed, less the subsections moved out).",
    )
    pivot: str | None = Field(
        default=None,
        description="When the Learn zone pivot around the heading changed: the new one ('' for none).",
    )
    old_pivot: str | None = Field(default=None, description="... and the old one ('' for none).")
    title_remains: bool = Field(
        default=False,
        description="A removed section whose heading text another section of the new version still has (one "
        "of two zone pivots' 'Prerequisites'): links to its anchor may still work. Known only from the blobs.",
    )


class TableRowChange(Fact):
    """A table row added, removed or changed; named by its first cell."""

    kind: Change
    name: str
    old_name: str | None = Field(
        default=None,
        description="The name it had, when a changed row was renamed (`TextSkill` -> `TextPlugin`).",
    )
    old: str | None = Field(default=None, description="The old row text (changed/removed).")
    new: str | None = Field(default=None, description="The new row text (changed/added).")
    columns_only: bool = Field(
        default=False,
        description="Changed only by its table's columns added, removed or renamed (see TableColumnChange).",
    )
    column: str | None = Field(
        default=None,
        description="The header of the one column a changed row changed a cell in, when it changed one only and"
        " its table's header row is known (from the new version, or the hunk).",
    )


class TableColumnChange(Fact):
    """A table column added, removed or renamed, seen in its table's header row; named by its header cell."""

    kind: Literal["added", "removed", "renamed"]
    name: str = Field(description="The column's header (the new one when renamed).")
    old: str | None = Field(default=None, description="The old header of a renamed column.")


class CodeBlockChange(Fact):
    """A fenced code block added, removed, changed, moved (its code as it was, put elsewhere), reformatted
    (its code as it was, re-indented or quoted where it was) or relabelled (its code as it was, its fence
    naming another language: ```` ```csharp ```` -> ```` ```java ````), or a code sample a Learn ``:::code`` directive
    shows from a file (``source``)."""

    kind: Literal["added", "removed", "changed", "moved", "reformatted", "relabelled"]
    language: str = ""
    old_language: str | None = Field(
        default=None,
        description="For a block relabelled (its code kept, its fence naming another "
        "language): the language it named.",
    )
    lines: int = Field(
        default=0, description="Lines of the block (or changed lines inside it); 0 for a directive."
    )
    source: str | None = Field(default=None, description="The file a ``:::code`` directive shows (new one).")
    attributes: list[str] = Field(
        default_factory=empty_list,
        description="For a ``:::code`` directive changed: the attributes that changed (``range``, "
        "``highlight`` ...), in name order.",
    )
    edit: tuple[str, str] | None = Field(
        default=None,
        description="For a block changed in a few lines (10 at most), one of them replaced by one line (blank "
        "lines aside): the first such line, old and new, stripped; failing that, the first run of lines replaced "
        "by another number of lines: the line alike to the one line of the other side, or each side joined "
        "with spaces. Of these, the first the values replaced do not make, else the first.",
    )
    edit_more: bool = Field(default=False, description="... and other lines of the block changed too.")


class ValueChange(BaseModel):
    """One value replaced by another, summarised once however many places it changed in."""

    kind: Literal["replaced"] = "replaced"
    old: str
    new: str
    count: int = 1
    lines: list[int] = Field(default_factory=empty_list, description="New-version lines where it changed.")
    words: bool = Field(
        default=False,
        description="Both are words (letters, no inner capital) replaced in running text only, outside code "
        "spans: said in quotes, not as code ('ranking' -> 'ranker').",
    )


class AlertChange(Fact):
    """A GitHub/Learn alert (``> [!NOTE]`` ...) added, removed, moved as it was to another section,
    retyped (the same text as another kind of alert: ``[!IMPORTANT]`` -> ``[!NOTE]``), or reworded (the same
    kind of alert in the same section, its text much alike)."""

    kind: Literal["added", "removed", "moved", "retyped", "reworded"]
    alert: str = Field(description="NOTE, TIP, IMPORTANT, WARNING or CAUTION.")
    text: str = ""
    old_section: str | None = Field(default=None, description="The section a moved alert was in.")
    old_alert: str | None = Field(default=None, description="The kind a retyped alert was.")
    old_text: str | None = Field(default=None, description="The text a reworded alert had.")


class LinkChange(Fact):
    """A link or image added, removed, or pointed elsewhere (same text, new target)."""

    kind: Literal["added", "removed", "retargeted"]
    image: bool = False
    text: str = ""
    url: str = Field(description="Target in the new version (the old one for removed links).")
    old_url: str | None = None


class IncludeChange(Fact):
    """An include directive ``[!INCLUDE [title](path)]`` added, removed, or moved to another section."""

    kind: Literal["added", "removed", "moved"]
    title: str = ""
    target: str


class FootnoteChange(Fact):
    """A footnote mark taken off a line, or put on one, the line otherwise kept (``**<sup>*</sup>**``,
    ``<sup>1</sup>``, ``[^1]``): the footnote no longer, or now, applies to it."""

    kind: Literal["removed", "added"]
    mark: str = Field(description="The mark's label (`*`, `1`).")
    text: str = Field(description="The line's text without its marks, plain and cut short.")
    note: str | None = Field(default=None, description="The footnote's text, where the diff shows it.")


class PhraseChange(Fact):
    """A lifecycle phrase (``coming soon``, ``preview``, ``deprecated``, ``retired``, ...) that appeared
    or disappeared; ``count`` is the net number of occurrences and ``text`` an example line."""

    kind: Literal["appeared", "disappeared"]
    phrase: str
    count: int = 1
    text: str = ""
    remaining: int | None = Field(
        default=None,
        description="For a phrase that disappeared: how often the new version's body still holds it "
        "(absent when the new version was not read).",
    )


class ProcedureChange(Fact):
    """A block of steps added or removed whole: a Learn zone pivot (``::: zone pivot="..."`` to
    ``::: zone-end``) or a run of numbered steps (``1.``, ``2.`` ... with their indented lines)."""

    kind: Literal["added", "removed"]
    form: Literal["pivot", "steps"]
    name: str = Field(default="", description="The pivot's name, or the first step's text.")
    lines: int = Field(default=0, description="Lines of the block.")
    steps: int = Field(default=0, description="Numbered steps in the run (form 'steps').")


class TocEntryChange(Fact):
    """A toc.yml entry added, removed, renamed (same href), retargeted (same name) or moved (both the same,
    elsewhere in the table of contents)."""

    kind: Literal["added", "removed", "renamed", "retargeted", "moved"]
    name: str = ""
    href: str | None = None
    old_name: str | None = None
    old_href: str | None = None


class RedirectChange(Fact):
    """A redirection entry (``source_path`` -> ``redirect_url``) added, removed or retargeted."""

    kind: Literal["added", "removed", "retargeted"]
    source: str
    target: str | None = None
    old_target: str | None = None


RefKind = Literal["link", "image", "include", "toc"]
TargetKind = Literal["page", "include", "image", "toc", "file"]


class Referrer(BaseModel):
    """A place at the head commit that still points at a removed or moved path."""

    path: str
    line: int
    kind: RefKind


class Impact(BaseModel):
    """What still points at ``target`` (a removed file, or the old path of a moved one) at the head."""

    MAX_REFERRERS: ClassVar[int] = 50

    target: str
    target_kind: TargetKind = "file"
    referrers: list[Referrer] = Field(default_factory=empty_list, description="Up to 50, in path/line order.")
    total: int = Field(default=0, description="References found, all of them.")
    redirect: str | None = Field(default=None, description="Where a redirection sends readers, if any.")

    @property
    def referring_files(self) -> list[str]:
        return sorted({r.path for r in self.referrers})


class MemberChange(Fact):
    """A member of reference YAML (a command, type, method, operation) added, removed, deprecated, marked
    preview or released, or changed in other ``fields`` (``summary``, ``examples`` ...)."""

    kind: Literal["added", "removed", "changed", "deprecated", "undeprecated", "preview", "released"]
    member: str = Field(description="The member's name, e.g. 'az acat onboard'.")
    fields: list[str] = Field(default_factory=empty_list, description="Fields that changed (kind 'changed').")
    text: str = Field(default="", description="The deprecation message, if any.")


class ParameterChange(Fact):
    """A parameter of a reference member added, removed, made required or optional, or whose default or
    accepted values changed."""

    kind: Literal["added", "removed", "made-required", "made-optional", "default-changed", "values-changed"]
    member: str
    name: str = Field(description="The parameter as documented, e.g. '--resource-group -g'.")
    required: bool = Field(default=False, description="Required in the new version (the old one if removed).")
    old: str | None = None
    new: str | None = None


class KeyChange(Fact):
    """A key of a YAML file (by dotted path, e.g. ``metadata.ms.date``) added, removed or changed."""

    kind: Change
    key: str
    old: str | None = None
    new: str | None = None


class ProseChange(Fact):
    """Running text a run of changed lines added, removed or changed, as a reader sees it: the lines outside
    code, tables, alerts and quotes, headings, Learn directives, images and front matter, and not a list item
    that is one link (the facts of those say them)."""

    kind: Change
    old: str | None = Field(default=None, description="The text removed (changed/removed).")
    new: str | None = Field(default=None, description="The text added (changed/added).")


class FileAnalysis(BaseModel):
    """What changed in one file, as facts that narration and classification work from."""

    kind: str = Field(description="markdown, yaml, json, image, binary, symlink or other")
    path: str = ""
    old_path: str | None = None
    status: Status
    additions: int = 0
    deletions: int = 0
    source: Literal["full", "patch", "none"] = Field(
        default="none", description="What the facts come from: both versions, the patch only, or nothing."
    )
    title: str | None = Field(default=None, description="Document title (front matter title or first H1).")
    old_title: str | None = None
    headings: list[str] = Field(
        default_factory=empty_list, description="Top-level section titles of an added/removed document."
    )
    front_matter: list[FrontMatterChange] = Field(default_factory=empty_list)
    sections: list[SectionChange] = Field(default_factory=empty_list)
    tables: list[TableRowChange] = Field(default_factory=empty_list)
    columns: list[TableColumnChange] = Field(default_factory=empty_list)
    code_blocks: list[CodeBlockChange] = Field(default_factory=empty_list)
    values: list[ValueChange] = Field(default_factory=empty_list)
    alerts: list[AlertChange] = Field(default_factory=empty_list)
    links: list[LinkChange] = Field(default_factory=empty_list)
    includes: list[IncludeChange] = Field(default_factory=empty_list)
    phrases: list[PhraseChange] = Field(default_factory=empty_list)
    footnotes: list[FootnoteChange] = Field(default_factory=empty_list)
    procedures: list[ProcedureChange] = Field(
        default_factory=empty_list,
        description="Zone pivots and runs of numbered steps added or removed whole.",
    )
    prose: list[ProseChange] = Field(
        default_factory=empty_list, description="Running text changed, run by run of changed lines."
    )
    toc: list[TocEntryChange] = Field(default_factory=empty_list)
    redirects: list[RedirectChange] = Field(default_factory=empty_list)
    yaml_mime: str | None = Field(
        default=None, description="Schema of Learn reference YAML (its '### YamlMime:' first line)."
    )
    members: list[MemberChange] = Field(default_factory=empty_list)
    parameters: list[ParameterChange] = Field(default_factory=empty_list)
    keys: list[KeyChange] = Field(default_factory=empty_list)
    image: Literal["added", "replaced", "removed", "renamed"] | None = None
    body_added: int = Field(default=0, description="Changed lines outside front matter, added.")
    body_removed: int = Field(default=0, description="Changed lines outside front matter, removed.")
    metadata_only: bool = Field(default=False, description="Only front matter changed.")
    whitespace_only: bool = Field(default=False, description="Only whitespace changed.")
    reindented: list[str] = Field(
        default_factory=empty_list,
        description="YAML lines whose indent alone changed (in YAML, a change of structure: an item put "
        "in a list), stripped.",
    )
    comments_only: bool = Field(
        default=False,
        description="Every changed body line (blank ones aside) is inside an HTML comment block: "
        "readers see no change in the page's text (its front matter may have changed).",
    )
    link_only: bool = Field(default=False, description="Only link targets changed.")
    link_target: str | None = Field(
        default=None, description="A symbolic link's target in the new version (kind symlink)."
    )
    old_link_target: str | None = Field(
        default=None, description="A symbolic link's target in the old version (kind symlink)."
    )
    code_only: bool = Field(
        default=False, description="Every changed body line (blank ones aside) is inside a fenced code block."
    )
    impact: Impact | None = Field(
        default=None, description="What still points at this removed or moved file at the head commit."
    )
    notes: list[str] = Field(default_factory=empty_list, description="Limits of this analysis.")

    def compact(self) -> dict[str, Any]:
        """The facts as JSON data, without the fields left at their defaults: what a report stores."""
        return self.model_dump(mode="json", exclude_defaults=True)
