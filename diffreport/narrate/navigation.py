"""Points about where readers go: the table of contents, redirects, and the front matter (links are
:mod:`.links`)."""

from __future__ import annotations

from functools import partial

from ..analysis import FrontMatterChange, TocEntryChange
from ..analysis.frontmatter import shown_title
from .points import FileContext, Point, Weight
from .quotes import short_pair


def toc_title(file: FileContext) -> str:
    counts = {
        k: sum(1 for e in file.analysis.toc if e.kind == k and (k != "retargeted" or e.href))
        for k in ("added", "removed", "renamed", "retargeted", "moved")
    }
    counts["unlinked"] = sum(1 for e in file.analysis.toc if e.kind == "retargeted" and not e.href)
    words = {
        "added": file.ngettext("{count} entry added", "{count} entries added", counts["added"]),
        "removed": file.ngettext("{count} entry removed", "{count} entries removed", counts["removed"]),
        "renamed": file.ngettext("{count} renamed", "{count} renamed", counts["renamed"]),
        "retargeted": file.ngettext("{count} repointed", "{count} repointed", counts["retargeted"]),
        "moved": file.ngettext("{count} moved", "{count} moved", counts["moved"]),
        "unlinked": file.ngettext("{count} unlinked", "{count} unlinked", counts["unlinked"]),
    }
    parts = [words[k].format(count=file.lang.number(n)) for k, n in counts.items() if n]
    return file._("Updated the table of contents ({changes})").format(changes=file.lang.series(parts))


def toc(file: FileContext) -> list[Point]:
    out: list[Point] = []
    for kind, weight in (
        ("added", Weight.TOC_ENTRY_ADDED),
        ("removed", Weight.TOC_ENTRY_REMOVED),
        ("renamed", Weight.TOC_ENTRY_RENAMED),
        ("retargeted", Weight.TOC_ENTRY_RETARGETED),
        ("moved", Weight.TOC_ENTRY_MOVED),
    ):
        group = [e for e in file.analysis.toc if e.kind == kind]
        if not group:
            continue
        n = len(group)
        if kind == "renamed":
            items = file.lang.series_of(group, lambda e: _renamed_entry(file, e), 3)
            title = file.ngettext("Renamed {count} TOC entry", "Renamed {count} TOC entries", n)
            sentence = file.ngettext(
                "Renamed the TOC entry {items}.", "Renamed the TOC entries {items}.", n
            ).format(items=items)
        elif kind == "retargeted":
            unlinked = [e for e in group if not e.href]
            if unlinked:
                out.append(_unlinked(file, unlinked))
                group = [e for e in group if e.href]
                if not group:
                    continue
                n = len(group)
            items = file.lang.series_of(
                group,
                lambda e: file._("{name} to {href}").format(
                    name=file.lang.quote(e.name), href=file.lang.code_span(e.href, 80)
                ),
                3,
            )
            title = file.ngettext("Repointed {count} TOC entry", "Repointed {count} TOC entries", n)
            sentence = file.ngettext(
                "Repointed the TOC entry {items}.", "Repointed the TOC entries {items}.", n
            ).format(items=items)
        elif kind == "moved":
            title = file.ngettext("Moved {count} TOC entry", "Moved {count} TOC entries", n)
            sentence = file.ngettext(
                "Moved the TOC entry {names} to another place in the table of contents.",
                "Moved the TOC entries {names} to other places in the table of contents.",
                n,
            ).format(names=file.lang.series_of(group, lambda e: file.lang.quote(e.name)))
        elif kind == "added":
            title = file.ngettext("Added {count} TOC entry", "Added {count} TOC entries", n)
            sentence = file.ngettext(
                "Added the TOC entry {names}.", "Added the TOC entries {names}.", n
            ).format(names=file.lang.series_of(group, lambda e: file.lang.quote(e.name)))
        else:
            title = file.ngettext("Removed {count} TOC entry", "Removed {count} TOC entries", n)
            sentence = file.ngettext(
                "Removed the TOC entry {names}.", "Removed the TOC entries {names}.", n
            ).format(names=file.lang.series_of(group, lambda e: file.lang.quote(e.name)))
        out.append(Point(weight, title.format(count=file.lang.number(n)), sentence, f"toc-{kind}"))
    return out


def _renamed_entry(file: FileContext, e: TocEntryChange) -> str:
    """``'A' to 'B'``, and the entry's new target when it changed too."""
    old, new = file.lang.quote(e.old_name), file.lang.quote(e.name)
    if e.old_href is None or not e.href:
        return file._("{old} to {new}").format(old=old, new=new)
    return file._("{old} to {new}, now linking to {href}").format(
        old=old, new=new, href=file.lang.code_span(e.href, 80)
    )


def _unlinked(file: FileContext, group: list[TocEntryChange]) -> Point:
    """TOC entries whose link was emptied (``href:`` with nothing after it) or dropped (an entry that now
    only groups others): they open nothing now."""
    n, lang = len(group), file.lang
    title = file.ngettext(
        "{count} TOC entry no longer links anywhere", "{count} TOC entries no longer link anywhere", n
    ).format(count=lang.number(n))
    sentence = file.ngettext(
        "The TOC entry {names} no longer links anywhere (it linked to {old}).",
        "The TOC entries {names} no longer link anywhere (they linked to {old}).",
        n,
    ).format(
        names=lang.series_of(group, lambda e: lang.quote(e.name)),
        old=lang.series_of(group, lambda e: lang.code_span(e.old_href or "", 80)),
    )
    return Point(Weight.TOC_ENTRY_REMOVED, title, sentence, "toc-unlinked")


def redirects(file: FileContext) -> list[Point]:
    out: list[Point] = []
    for kind, weight in (
        ("added", Weight.REDIRECT_ADDED),
        ("removed", Weight.REDIRECT_REMOVED),
        ("retargeted", Weight.REDIRECT_RETARGETED),
    ):
        group = [r for r in file.analysis.redirects if r.kind == kind]
        if not group:
            continue
        n = len(group)
        head = {
            "added": file.ngettext("Added {count} redirect", "Added {count} redirects", n),
            "removed": file.ngettext("Removed {count} redirect", "Removed {count} redirects", n),
            "retargeted": file.ngettext("Repointed {count} redirect", "Repointed {count} redirects", n),
        }[kind].format(count=file.lang.number(n))
        out.append(
            Point(
                weight,
                head,
                file._("{what}: {items}.").format(
                    what=head,
                    items=file.lang.series_of(group, lambda r: file.lang.code_span(r.source, 80), 3),
                ),
                f"redirect-{kind}",
            )
        )
    return out


def front_matter(file: FileContext) -> list[Point]:
    out: list[Point] = []
    rest = []
    for f in file.analysis.front_matter:
        if f.key == "title" and f.kind == "changed" and _shows_apart(file, f):
            out.append(Point.later(Weight.RETITLED, "retitled", partial(_retitled_text, file, f)))
        elif f.kind == "changed" and f.key.endswith("date"):
            out.append(Point.later(Weight.DATE, "date", partial(_date_text, file, f)))
        else:
            rest.append(f)
    if rest:
        out.append(Point.later(Weight.METADATA, "metadata", partial(_metadata_text, file, rest)))
    return out


def _shows_apart(file: FileContext, f: FrontMatterChange) -> bool:
    """Whether a title's two versions quote apart (one that only lost a final full stop quotes the same:
    that is no retitle to tell, only the metadata that changed)."""
    quote = file.lang.quote
    return quote(shown_title(f.old or "")) != quote(shown_title(f.new or ""))


def _retitled_text(file: FileContext, f: FrontMatterChange) -> tuple[str, str]:
    old, new = shown_title(f.old or ""), shown_title(f.new or "")
    return (
        file._("Retitled to {new}").format(new=file.lang.quote(new)),
        file._("Changed the title from {old} to {new}.").format(
            old=file.lang.quote(old), new=file.lang.quote(new)
        ),
    )


def _date_text(file: FileContext, f: FrontMatterChange) -> tuple[str, str]:
    key = file.lang.code_span(f.key)
    return (
        file._("Updated {key}").format(key=key),
        file._("Updated {key} from {old} to {new}.").format(
            key=key, old=file.lang.date_text(f.old), new=file.lang.date_text(f.new)
        ),
    )


def _metadata_text(file: FileContext, rest: list[FrontMatterChange]) -> tuple[str, str]:
    keys = file.lang.series_of(rest, lambda f: file.lang.code_span(f.key))
    return (
        file._("Updated metadata ({keys})").format(keys=keys),
        file._("Changed the front matter: {items}.").format(
            items=file.lang.series_of(rest, lambda f: _field_change(file, f), MAX_FIELDS)
        ),
    )


MAX_FIELDS = 5


def _field_change(file: FileContext, f: FrontMatterChange) -> str:
    """``ms.topic`` from ``how-to`` to ``concept-article``; a field added or removed with its value."""
    key = file.lang.code_span(f.key)
    if f.kind == "changed" and f.old and f.new:
        old, new = short_pair(f.old, f.new)
        return file._("{key} from {old} to {new}").format(
            key=key, old=file.lang.code_span(old), new=file.lang.code_span(new)
        )
    if f.kind == "added" and f.new:
        return file._("{key} added ({value})").format(key=key, value=file.lang.code_span(f.new))
    if f.kind == "removed" and f.old:
        return file._("{key} removed ({value})").format(key=key, value=file.lang.code_span(f.old))
    return key
