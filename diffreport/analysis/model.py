"""The analysis model: what changed in one file, as small flat facts.

Every list holds small models with a ``kind`` field saying what happened (``added``, ``removed``,
``changed``, ...). Line numbers are 1-based: ``line`` is in the new version, ``old_line`` in the old
one (``None`` when unknown, e.g. a patch without that side). ``section`` is the heading path of the
fact, e.g. ``"Reasoning models > API support"`` (only the nearest heading when analysed from a patch).
The model is a public contract for narration and classification: extend it, don't rename fields.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

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
    lines_added: int = 0
    lines_removed: int = 0
    size: int = Field(default=0, description="Lines of the section (new version; old one if removed).")


class TableRowChange(Fact):
    """A table row added, removed or changed; named by its first cell."""

    kind: Change
    name: str
    old: str | None = Field(default=None, description="The old row text (changed/removed).")
    new: str | None = Field(default=None, description="The new row text (changed/added).")


class CodeBlockChange(Fact):
    """A fenced code block added, removed or changed."""

    kind: Change
    language: str = ""
    lines: int = Field(default=0, description="Lines of the block (or changed lines inside it).")


class ValueChange(BaseModel):
    """One value replaced by another, summarised once however many places it changed in."""

    kind: Literal["replaced"] = "replaced"
    old: str
    new: str
    count: int = 1
    lines: list[int] = Field(default_factory=list, description="New-version lines where it changed.")


class AlertChange(Fact):
    """A GitHub/Learn alert (``> [!NOTE]`` ...) added or removed, with its text."""

    kind: Literal["added", "removed"]
    alert: str = Field(description="NOTE, TIP, IMPORTANT, WARNING or CAUTION.")
    text: str = ""


class LinkChange(Fact):
    """A link or image added, removed, or pointed elsewhere (same text, new target)."""

    kind: Literal["added", "removed", "retargeted"]
    image: bool = False
    text: str = ""
    url: str = Field(description="Target in the new version (the old one for removed links).")
    old_url: str | None = None


class IncludeChange(Fact):
    """An include directive ``[!INCLUDE [title](path)]`` added or removed."""

    kind: Literal["added", "removed"]
    title: str = ""
    target: str


class PhraseChange(Fact):
    """A lifecycle phrase (``coming soon``, ``preview``, ``deprecated``, ``retired``, ...) that appeared
    or disappeared; ``count`` is the net number of occurrences and ``text`` an example line."""

    kind: Literal["appeared", "disappeared"]
    phrase: str
    count: int = 1
    text: str = ""


class TocEntryChange(Fact):
    """A toc.yml entry added, removed, renamed (same href) or retargeted (same name)."""

    kind: Literal["added", "removed", "renamed", "retargeted"]
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
    referrers: list[Referrer] = Field(default_factory=list, description="Up to 50, in path/line order.")
    total: int = Field(default=0, description="References found, all of them.")
    redirect: str | None = Field(default=None, description="Where a redirection sends readers, if any.")

    @property
    def referring_files(self) -> list[str]:
        return sorted({r.path for r in self.referrers})


class FileAnalysis(BaseModel):
    """What changed in one file, as facts that narration and classification work from."""

    kind: str = Field(description="markdown, yaml, json, image, binary or other")
    path: str = ""
    old_path: str | None = None
    status: str
    additions: int = 0
    deletions: int = 0
    source: Literal["full", "patch", "none"] = Field(
        default="none", description="What the facts come from: both versions, the patch only, or nothing."
    )
    title: str | None = Field(default=None, description="Document title (front matter title or first H1).")
    old_title: str | None = None
    headings: list[str] = Field(
        default_factory=list, description="Top-level section titles of an added/removed document."
    )
    front_matter: list[FrontMatterChange] = Field(default_factory=list)
    sections: list[SectionChange] = Field(default_factory=list)
    tables: list[TableRowChange] = Field(default_factory=list)
    code_blocks: list[CodeBlockChange] = Field(default_factory=list)
    values: list[ValueChange] = Field(default_factory=list)
    alerts: list[AlertChange] = Field(default_factory=list)
    links: list[LinkChange] = Field(default_factory=list)
    includes: list[IncludeChange] = Field(default_factory=list)
    phrases: list[PhraseChange] = Field(default_factory=list)
    toc: list[TocEntryChange] = Field(default_factory=list)
    redirects: list[RedirectChange] = Field(default_factory=list)
    image: Literal["added", "replaced", "removed", "renamed"] | None = None
    body_added: int = Field(default=0, description="Changed lines outside front matter, added.")
    body_removed: int = Field(default=0, description="Changed lines outside front matter, removed.")
    metadata_only: bool = Field(default=False, description="Only front matter changed.")
    whitespace_only: bool = Field(default=False, description="Only whitespace changed.")
    link_only: bool = Field(default=False, description="Only link targets changed.")
    impact: Impact | None = Field(
        default=None, description="What still points at this removed or moved file at the head commit."
    )
    notes: list[str] = Field(default_factory=list, description="Limits of this analysis.")
