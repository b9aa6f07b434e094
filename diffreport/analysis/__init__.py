"""Structural analysis of one changed file (Markdown, YAML, JSON redirections, images).

:func:`analyse` works from a :class:`~diffreport.models.FileChange` (both versions when the blobs
are there, else the patch); :func:`analyse_patch` works from a unified diff alone, as in a JSONL
corpus. Both return a :class:`FileAnalysis` (see :mod:`diffreport.models`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..errors import DiffreportError
from ..models import (
    AlertChange,
    CodeBlockChange,
    FileAnalysis,
    FileChange,
    FootnoteChange,
    FrontMatterChange,
    IncludeChange,
    KeyChange,
    LinkChange,
    MemberChange,
    ParameterChange,
    PhraseChange,
    ProcedureChange,
    ProseChange,
    RedirectChange,
    SectionChange,
    Status,
    TableColumnChange,
    TableRowChange,
    TocEntryChange,
    ValueChange,
)
from .document import Document, derive_old, parse_document
from .markdown import analyse_markdown
from .patch import Hunk, Lines, diff_lines, diff_texts, parse_lines, parse_patch, whole_lines
from .versions import Versions

log = logging.getLogger(__name__)

__all__ = [
    "AlertChange",
    "CodeBlockChange",
    "FileAnalysis",
    "FootnoteChange",
    "FrontMatterChange",
    "IncludeChange",
    "KeyChange",
    "LinkChange",
    "MemberChange",
    "ParameterChange",
    "PhraseChange",
    "ProcedureChange",
    "ProseChange",
    "RedirectChange",
    "SectionChange",
    "TableColumnChange",
    "TableRowChange",
    "TocEntryChange",
    "ValueChange",
    "analyse",
    "analyse_patch",
    "blobs_read",
    "cut_patch",
    "is_symlink",
    "kind_of",
]


def kind_of(path: str, binary: bool = False) -> str:
    """What a file is, by its name; a file git calls binary is no page, YAML or JSON, whatever its name."""
    lower = path.lower()
    if lower.endswith((".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")):
        return "image"
    if binary:
        return "binary"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if lower.endswith(".json"):
        return "json"
    return "other"


def analyse_patch(
    path: str,
    status: str,
    patch: str | None,
    additions: int = 0,
    deletions: int = 0,
    *,
    old_path: str | None = None,
) -> FileAnalysis:
    """Facts from a unified diff alone (``patch`` may be ``None``, e.g. binary or too large)."""
    fa = _start(path, status, additions, deletions, old_path, binary=False)
    if fa.kind in ("image", "binary"):
        return fa
    if not patch:
        if additions or deletions:
            fa.notes.append("no patch: only line counts are known")
        return fa
    fa.source = "patch"
    patch, cut = cut_patch(patch)
    if cut:
        fa.notes.append("patch too large: analysed in part")
    if fa.kind != "markdown":
        hunks = parse_patch(patch)
        return _guarded(fa, lambda: _data_facts(fa, hunks, Versions()))
    lines = parse_lines(patch)
    old = new = None
    if status in ("added", "deleted") and len(lines.spans) == 1:
        # the patch of an added (deleted) file is the whole new (old) version
        sign = "+" if status == "added" else "-"
        if lines.signs.count(sign) == len(lines.signs):
            text = "\n".join(lines.texts)
        else:
            text = "\n".join(t for t, s in zip(lines.texts, lines.signs, strict=True) if s == sign)
        if status == "added":
            new = _document(text)
        else:
            old = _document(text)
    return _guarded(fa, lambda: analyse_markdown(fa, lines, old, new))


def blobs_read(change: FileChange) -> tuple[str | None, ...]:
    """The blobs :func:`analyse` reads for ``change``, so that a caller can ask git for many at once: both
    versions of a text file; of a YAML or JSON file read from its patch, only the new version of a
    modified YAML file (read unless the patch changes nothing). A wrong guess costs a read, never a
    different result."""
    kind = kind_of(change.path, change.binary)
    if change.binary or kind in ("image", "binary"):
        return ()
    if not _read_from_patch(kind, change):
        return change.old_blob, change.new_blob
    if kind == "yaml" and change.status not in (Status.ADDED, Status.DELETED):
        return (change.new_blob,)
    return ()


_SYMLINK = "120000"  # git's mode of a symbolic link
_MAX_TARGET = 400  # characters of a link's target kept


def is_symlink(change: FileChange) -> bool:
    """Whether either version of ``change`` is a symbolic link (its blob holds the target path)."""
    return _SYMLINK in (change.old_mode, change.new_mode)


def _symlink(fa: FileAnalysis, change: FileChange) -> FileAnalysis:
    """A symbolic link added, removed, pointed elsewhere, or put in a file's place (or a file in its place):
    its targets, whatever its name says it is."""
    fa.kind, fa.source = "symlink", "full"
    if change.new_mode == _SYMLINK:
        fa.link_target = _target(_blob_text(change, new=True))
    if change.old_mode == _SYMLINK:
        fa.old_link_target = _target(_blob_text(change, new=False))
    return fa


def _target(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())[:_MAX_TARGET]


def _read_from_patch(kind: str, change: FileChange) -> bool:
    """YAML and JSON are read from their patch when git gave it whole."""
    return kind in ("yaml", "json") and bool(change.patch) and not change.patch_truncated


def cut_patch(patch: str) -> tuple[str, bool]:
    """``patch`` cut to ``MAX_PATCH_CHARS`` as compare cuts git's (at a line end, else hard), and
    whether it was cut."""
    if len(patch) <= MAX_PATCH_CHARS:
        return patch, False
    end = patch.rfind("\n", 0, MAX_PATCH_CHARS)
    return patch[: end if end > 0 else MAX_PATCH_CHARS], True


def analyse(change: FileChange, *, page: Callable[[Document], None] | None = None) -> FileAnalysis:
    """Facts of one change: both versions compared when available, else the patch. ``page`` hears the
    structure of an added or deleted Markdown page read whole (its one version), when it is."""
    fa = _start(
        change.path,
        change.status.value,
        change.additions,
        change.deletions,
        change.old_path,
        binary=change.binary,
    )
    if fa.kind in ("image", "binary") or change.binary:
        return fa
    if is_symlink(change):
        return _symlink(fa, change)
    if _read_from_patch(fa.kind, change):
        # read from the patch; a YAML file reads its new version only if the patch cannot tell
        fa.source = "patch"
        versions = Versions(lambda: _blob_text(change, new=True), lambda: _blob_text(change, new=False))
        hunks = parse_patch(change.patch)
        fa = _guarded(fa, lambda: _data_facts(fa, hunks, versions))
        if versions.read:
            fa.source = "full"
        return fa
    try:
        old_text = change.old_text() if change.old_blob else None
        new_text = change.new_text() if change.new_blob else None
    except DiffreportError as exc:  # a blob git cannot give: fall back on the patch
        log.warning("cannot read %s from git: %s", change.path, exc)
        old_text = new_text = None
    need_old = change.status not in (Status.ADDED,)
    need_new = change.status not in (Status.DELETED,)
    full = (old_text is not None or not need_old) and (new_text is not None or not need_new)
    too_big = max(len(old_text or ""), len(new_text or "")) > MAX_TEXT_CHARS
    if not full or too_big:
        if too_big:
            fa.notes.append("file too large: analysed from the patch")
        return (
            analyse_patch(
                change.path,
                fa.status,
                change.patch,
                change.additions,
                change.deletions,
                old_path=change.old_path,
            )
            if not change.binary
            else fa
        )
    fa.source = "full"
    from_patch = bool(change.patch) and not change.patch_truncated
    if fa.kind != "markdown":
        hunks = parse_patch(change.patch) if from_patch else diff_texts(old_text or "", new_text or "")
        versions = Versions(lambda: new_text, lambda: old_text)
        return _guarded(fa, lambda: _data_facts(fa, hunks, versions))
    new = _document(new_text) if new_text is not None else None
    old = None
    lines = None
    if old_text is None or new_text is None:  # an added or deleted page: its patch may be the page whole
        old = _document(old_text) if old_text is not None else None
        whole, sign = (new, "+") if new is not None else (old, "-")
        if whole is not None and page is not None:
            page(whole)
        if from_patch and whole is not None:
            lines = whole_lines(change.patch, whole.lines, sign)
    if lines is None:
        lines = parse_lines(change.patch) if from_patch else diff_lines(old_text or "", new_text or "")
    if old_text is not None and new_text is not None:
        if new is not None:  # a small edit leaves the structure: shift the new one's, don't parse again
            old = _derived(new, old_text, lines)
        if old is None:
            old = _document(old_text)
    return _guarded(fa, lambda: analyse_markdown(fa, lines, old, new))


MAX_TEXT_CHARS = 2_000_000
MAX_PATCH_CHARS = 2 * 1024 * 1024

_IMAGE_STATUS = {"added": "added", "deleted": "removed", "modified": "replaced", "renamed": "renamed"}


def _start(
    path: str, status: str, additions: int, deletions: int, old_path: str | None, *, binary: bool
) -> FileAnalysis:
    fa = FileAnalysis(
        kind=kind_of(path, binary),
        path=path,
        old_path=old_path,
        status=Status(status),
        additions=additions,
        deletions=deletions,
    )
    if fa.kind == "image":
        fa.image = _IMAGE_STATUS.get(status, "replaced")  # type: ignore[assignment]
    return fa


def _blob_text(change: FileChange, *, new: bool) -> str | None:
    try:
        text = change.new_text() if new else change.old_text()
    except DiffreportError as exc:  # a blob git cannot give: the patch alone has to do
        log.warning("cannot read %s from git: %s", change.path, exc)
        return None
    return text if text is None or len(text) <= MAX_TEXT_CHARS else None


def _document(text: str) -> Document | None:
    try:
        return parse_document(text)
    except Exception as exc:  # markdown-it never should, but a report must not die on one file
        log.warning("cannot parse Markdown: %s", exc)
        return None


def _derived(new: Document, old_text: str, lines: Lines) -> Document | None:
    try:
        return derive_old(new, old_text, lines)
    except Exception as exc:  # fall back on a full parse
        log.debug("cannot derive the old structure: %s", exc)
        return None


def _data_facts(fa: FileAnalysis, hunks: list[Hunk], versions: Versions) -> FileAnalysis:
    """The facts of a YAML or JSON file (none of another kind)."""
    if fa.kind == "yaml":  # the YAML modules are imported by the first YAML or JSON file of a range
        from .yaml_files import analyse_yaml

        return analyse_yaml(fa, hunks, versions)
    if fa.kind == "json":
        from .yaml_docs import analyse_redirects

        return analyse_redirects(fa, hunks)
    return fa


def _guarded(fa: FileAnalysis, facts: Callable[[], FileAnalysis]) -> FileAnalysis:
    """``facts()``, which fills ``fa``; ``fa`` as git gave it, with a note, when that fails."""
    try:
        return facts()
    except Exception as exc:  # one odd file must not stop a report: keep what git says
        log.warning("analysis of %s failed: %s", fa.path, exc)
        fa.notes.append(f"analysis failed: {type(exc).__name__}")
    return fa
