"""Pages moved and rewritten: a deleted and an added Markdown page of one range reported as one move.

git pairs a deleted and an added file as a rename only when at least half of the content is the same.
A page moved and rewritten in the same range falls below that and reads as a breaking deletion plus an
unrelated new article. :func:`pair_moves` pairs such pages when they have the same title or mostly the
same sections, and only when the match is unambiguous (each is the other's one best match).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from .analysis import is_symlink, kind_of
from .analysis.document import Document, parse_document
from .analysis.patch import parse_patch
from .errors import DiffreportError
from .models import FileChange, Status

log = logging.getLogger(__name__)

BlobDiff = Callable[[str, str], tuple[str, int, int, bool]]
"""``(old_blob, new_blob) -> (patch, additions, deletions, truncated)`` (:meth:`GitRepo.diff_blobs`)."""

MIN_SHARED_SECTIONS = 3
MIN_SECTION_OVERLAP = 0.6  # shared sections / all sections of both pages
MAX_CANDIDATES = 500  # deleted or added pages: past this, a range is a reorganisation, not a few moves
MAX_PAGE_CHARS = 2_000_000


@dataclass(frozen=True)
class Outline:
    """What pairing compares of a page: its title and section titles (normalised), and its length."""

    title: str
    sections: frozenset[str]
    lines: int


@dataclass(frozen=True)
class _Page:
    change: FileChange
    outline: Outline


def may_pair(changes: Iterable[FileChange]) -> bool:
    """Whether a range of these changes (as git lists them, patches not read yet) can hold a move to
    pair: it removes a Markdown page and adds one. Only then are pages outlined."""
    statuses = {c.status for c in changes if kind_of(c.path) == "markdown"}
    return Status.DELETED in statuses and Status.ADDED in statuses


def is_page(change: FileChange) -> bool:
    """A deleted or added Markdown page: what pairing outlines."""
    return (
        change.status in (Status.DELETED, Status.ADDED)
        and not change.binary
        and kind_of(change.path) == "markdown"
        and not is_symlink(change)
    )


def outline_of(doc: Document) -> Outline:
    sections = frozenset(
        _norm(h.title) for h in doc.headings if h.level >= 2 and not h.tab and h.title.strip()
    )
    return Outline(_norm(doc.title or ""), sections, doc.line_count)


def page_outline(change: FileChange) -> Outline | None:
    """The outline of a deleted or added Markdown page (None for any other change, or a page that cannot
    be read), read from its patch (the page whole), so call it while the change still has it."""
    if not is_page(change):
        return None
    try:
        text = _whole_text(change)
    except DiffreportError as exc:
        log.warning("cannot read %s from git: %s", change.path, exc)
        return None
    if text is None or len(text) > MAX_PAGE_CHARS:
        return None
    return outline_of(parse_document(text))


def pair_moves(
    changes: list[FileChange], diff_blobs: BlobDiff, outlines: Mapping[str, Outline | None] | None = None
) -> list[FileChange]:
    """``changes`` with each unambiguous (deleted, added) page pair replaced, at the added page's place, by
    one ``renamed`` change from the old path to the new one whose patch goes from the old page to the new.
    ``outlines`` are the deleted and added pages' outlines made beforehand (by path), for changes that no
    longer hold their patch; without it they are made now (:func:`page_outline`)."""
    deleted = _pages((c for c in changes if c.status == Status.DELETED), outlines)
    added = _pages((c for c in changes if c.status == Status.ADDED), outlines) if deleted else []
    if not added:
        return changes
    pairs = _match(deleted, added)
    if not pairs:
        return changes
    merged: dict[str, FileChange] = {}
    dropped: set[str] = set()
    for old, new in pairs:
        try:
            patch, additions, deletions, truncated = diff_blobs(
                old.change.old_blob or "", new.change.new_blob or ""
            )
        except DiffreportError as exc:
            log.warning("cannot compare %s with %s: %s", old.change.path, new.change.path, exc)
            continue
        kept = max(0, old.outline.lines - deletions)
        merged[new.change.path] = replace(
            new.change,
            status=Status.RENAMED,
            old_path=old.change.path,
            old_blob=old.change.old_blob,
            old_mode=old.change.old_mode,
            additions=additions,
            deletions=deletions,
            patch=patch,
            patch_truncated=truncated,
            similarity=100 * kept // max(old.outline.lines, new.outline.lines, 1),
        )
        dropped.add(old.change.path)
        log.debug("paired %s -> %s as a move", old.change.path, new.change.path)
    out = []
    for c in changes:
        if c.status == Status.DELETED and c.path in dropped:
            continue
        out.append(merged.get(c.path, c) if c.status == Status.ADDED else c)
    return out


def _pages(changes: Iterable[FileChange], known: Mapping[str, Outline | None] | None) -> list[_Page]:
    pages = []
    for c in changes:
        outline = known.get(c.path) if known is not None else page_outline(c)
        if outline is None:
            continue
        pages.append(_Page(c, outline))
        if len(pages) > MAX_CANDIDATES:
            return []
    return pages


def _whole_text(change: FileChange) -> str | None:
    """The whole deleted (added) page: its patch holds every line of it, so no blob is read unless git cut
    the patch short."""
    if change.patch and not change.patch_truncated:
        hunks = parse_patch(change.patch)
        sign = "-" if change.status == Status.DELETED else "+"
        if len(hunks) == 1 and all(line.sign == sign for line in hunks[0].lines):
            return "\n".join(line.text for line in hunks[0].lines)
    return change.old_text() if change.status == Status.DELETED else change.new_text()


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _score(old: _Page, new: _Page) -> tuple[float, int] | None:
    """How well two pages match (higher is better), or None when they are not the same page: the share of
    their sections they have in common, half a point for the same title, then the same file name."""
    a, b = old.outline, new.outline
    shared = len(a.sections & b.sections)
    overlap = shared / len(a.sections | b.sections) if shared else 0.0
    same_title = bool(a.title) and a.title == b.title
    if not same_title and (shared < MIN_SHARED_SECTIONS or overlap < MIN_SECTION_OVERLAP):
        return None
    same_name = old.change.path.rsplit("/", 1)[-1] == new.change.path.rsplit("/", 1)[-1]
    return (overlap + 0.5 * same_title, int(same_name))


def _match(deleted: list[_Page], added: list[_Page]) -> list[tuple[_Page, _Page]]:
    """Pairs where each page is the other's single best match (a tie pairs nothing)."""
    by_old: dict[int, list[tuple[tuple[float, int], int]]] = {}
    by_new: dict[int, list[tuple[tuple[float, int], int]]] = {}
    for i, old in enumerate(deleted):
        for j, new in enumerate(added):
            score = _score(old, new)
            if score is not None:
                by_old.setdefault(i, []).append((score, j))
                by_new.setdefault(j, []).append((score, i))
    best_new = {i: _single_best(found) for i, found in by_old.items()}
    best_old = {j: _single_best(found) for j, found in by_new.items()}
    return [(deleted[i], added[j]) for i, j in best_new.items() if j is not None and best_old.get(j) == i]


def _single_best(found: list[tuple[tuple[float, int], int]]) -> int | None:
    found.sort(key=lambda item: item[0], reverse=True)
    if len(found) > 1 and found[0][0] == found[1][0]:
        return None
    return found[0][1]
