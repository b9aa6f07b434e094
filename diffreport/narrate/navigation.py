"""Points about where readers go: links, the table of contents, redirects, and the front matter."""

from __future__ import annotations

import operator
from collections import Counter
from functools import partial

from ..analysis import FrontMatterChange, LinkChange
from ..analysis.frontmatter import shown_title
from ..similarity import similar
from .facts import inside_section, short_pair
from .points import FileContext, Point, Weight


def _same_link(old: LinkChange, new: LinkChange) -> bool:
    """A removed and an added link in the same section that read alike or lead to a page of the same name:
    one link pointed elsewhere, not one taken away."""
    if old.section != new.section or old.image != new.image:
        return False
    if old.text and new.text and similar(old.text.lower(), new.text.lower(), 0.6):
        return True
    return _page_name(old.url) != "" and _page_name(old.url) == _page_name(new.url)


def _page_name(url: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()


_fields = operator.attrgetter(*LinkChange.model_fields)  # equal links have equal fields


def _pair_retargeted(links: list[LinkChange]) -> list[LinkChange]:
    """Removed and added links that are one link repointed become one ``retargeted`` link: a removed link
    takes the first added link not taken yet that :func:`_same_link` pairs with it (one in its section, of
    its kind), and an added link equal to one still free is said as added."""
    free: dict[tuple[str | None, bool], list[LinkChange]] = {}
    free_fields: Counter[tuple[object, ...]] = Counter()
    for x in links:
        if x.kind == "added":
            free.setdefault((x.section, x.image), []).append(x)
            free_fields[_fields(x)] += 1
    out: list[LinkChange] = []
    for x in links:
        if x.kind != "removed":
            if x.kind != "added" or free_fields[_fields(x)]:
                out.append(x)
            continue
        candidates = free.get((x.section, x.image), [])
        at = next((i for i, y in enumerate(candidates) if _same_link(x, y)), None)
        if at is None:
            out.append(x)
            continue
        match = candidates.pop(at)
        free_fields[_fields(match)] -= 1
        out = [y for y in out if y is not match]
        out.append(match.model_copy(update={"kind": "retargeted", "old_url": x.url}))
    return out


def links(file: FileContext) -> list[Point]:
    added_sections = file.added_paths
    links = [x for x in file.analysis.links if not inside_section(x.section, added_sections)]
    # a link removed and added with the same target only had its text or position changed
    same = {x.url for x in links if x.kind == "added"} & {x.url for x in links if x.kind == "removed"}
    links = _pair_retargeted([x for x in links if x.kind == "retargeted" or x.url not in same])
    out: list[Point] = []
    images = [x for x in links if x.image and x.kind == "added"]
    if images:
        out.append(Point.later(Weight.IMAGE_LINK_ADDED, "image-link", partial(_images_text, file, images)))
    swapped = [x for x in links if x.image and x.kind == "retargeted"]
    if swapped:  # the same image (its alt text) shown from another file: a new screenshot, most often
        out.append(Point.later(Weight.IMAGE_SWAPPED, "image-swapped", partial(_swapped_text, file, swapped)))
    groups = {
        kind: [x for x in links if x.kind == kind and not x.image]
        for kind in ("added", "removed", "retargeted")
    }
    replaced = _replaced(groups)
    if replaced:
        out.append(Point.later(Weight.LINK_REMOVED, "link-replaced", partial(_replaced_text, file, replaced)))
    # links added, removed and repointed together (a "Next steps" list redone): each point's title counts them all
    mixed = {k: len(g) for k, g in groups.items()} if sum(1 for g in groups.values() if g) > 1 else None
    for kind, weight in (
        ("added", Weight.LINK_ADDED),
        ("removed", Weight.LINK_REMOVED),
        ("retargeted", Weight.LINK_RETARGETED),
    ):
        if groups[kind]:
            out.append(
                Point.later(weight, f"link-{kind}", partial(_links_text, file, kind, groups[kind], mixed))
            )
    return out


def _replaced(groups: dict[str, list[LinkChange]]) -> list[tuple[LinkChange, LinkChange]]:
    """The sections where one link, and only one, was removed and another added, each with its text: one
    link replaced by another ("Deploy your plugins" -> "Learn about Chat Copilot"), taken out of ``groups``."""
    by_section: dict[str | None, tuple[list[LinkChange], list[LinkChange]]] = {}
    for k, kind in enumerate(("removed", "added")):
        for x in groups[kind]:
            by_section.setdefault(x.section, ([], []))[k].append(x)
    pairs = [
        (gone[0], new[0])
        for gone, new in by_section.values()
        if len(gone) == len(new) == 1 and gone[0].text and new[0].text
    ]
    taken = {id(x) for pair in pairs for x in pair}
    for kind in ("removed", "added"):
        groups[kind] = [x for x in groups[kind] if id(x) not in taken]
    return pairs


def _replaced_text(file: FileContext, pairs: list[tuple[LinkChange, LinkChange]]) -> tuple[str, str]:
    lang = file.lang
    old, new = pairs[0]
    title = (
        file._("Replaced the link {old} with {new}").format(
            old=lang.quote(old.text, 50), new=lang.quote(new.text, 50)
        )
        if len(pairs) == 1
        else file.ngettext("Replaced {count} link", "Replaced {count} links", len(pairs)).format(
            count=lang.number(len(pairs))
        )
    )
    items = lang.series_of(
        pairs,
        lambda p: file._("{old} with {new} ({url})").format(
            old=lang.quote(p[0].text, 60), new=lang.quote(p[1].text, 60), url=lang.code_span(p[1].url, 80)
        ),
        3,
    )
    sentence = file.ngettext("Replaced the link {items}.", "Replaced the links {items}.", len(pairs)).format(
        items=items
    )
    return title, sentence


def _mixed_title(file: FileContext, counts: dict[str, int]) -> str:
    words = {
        "added": file.ngettext("{count} added", "{count} added", counts["added"]),
        "removed": file.ngettext("{count} removed", "{count} removed", counts["removed"]),
        "retargeted": file.ngettext("{count} repointed", "{count} repointed", counts["retargeted"]),
    }
    parts = [words[k].format(count=file.lang.number(n)) for k, n in counts.items() if n]
    return file._("Updated links ({changes})").format(changes=file.lang.series(parts))


def _images_text(file: FileContext, images: list[LinkChange]) -> tuple[str, str]:
    names = [file.lang.quote(x.text) if x.text else file.lang.code_span(x.url) for x in images]
    return (
        file.ngettext("Added image {names}", "Added images {names}", len(names)).format(
            names=file.lang.series(names, 2)
        ),
        file.ngettext("Added the image {names}.", "Added the images {names}.", len(names)).format(
            names=file.lang.series(names)
        ),
    )


def _swapped_text(file: FileContext, images: list[LinkChange]) -> tuple[str, str]:
    lang, n = file.lang, len(images)

    def name(x: LinkChange) -> str:
        return lang.quote(x.text, 60) if x.text else lang.code_span(x.old_url or x.url, 80)

    files = lang.series_of(images, lambda x: lang.code_span(x.url.rsplit("/", 1)[-1], 80), 3)
    return (
        file.ngettext("Replaced image {names}", "Replaced images {names}", n).format(
            names=lang.series_of(images, name, 2)
        ),
        file.ngettext(
            "Replaced the image {names} with {files}.", "Replaced the images {names} with {files}.", n
        ).format(names=lang.series_of(images, name, 3), files=files),
    )


def _links_text(
    file: FileContext, kind: str, group: list[LinkChange], mixed: dict[str, int] | None = None
) -> tuple[str, str]:
    n = len(group)
    if kind == "retargeted":
        items = file.lang.series_of(
            group,
            lambda x: file._("{text} to {url}").format(
                text=file.lang.quote(x.text or x.old_url), url=file.lang.code_span(x.url, 120)
            ),
            3,
        )
        title = file.ngettext("Repointed {count} link", "Repointed {count} links", n)
        if n == 1 and group[0].text:
            title = file._("Repointed the link {text}").format(text=file.lang.quote(group[0].text, 50))
        sentence = file.ngettext("Repointed the link {items}.", "Repointed the links {items}.", n).format(
            items=items
        )
    elif kind == "added":
        title = file.ngettext("Added {count} link", "Added {count} links", n)
        sentence = file.ngettext("Added a link to {targets}.", "Added links to {targets}.", n).format(
            targets=_targets(file, group)
        )
    else:
        title = file.ngettext("Removed {count} link", "Removed {count} links", n)
        sentence = file.ngettext(
            "Removed the link to {targets}.", "Removed the links to {targets}.", n
        ).format(targets=_targets(file, group))
    if mixed is not None:
        return _mixed_title(file, mixed), sentence
    return title.replace("{count}", file.lang.number(n)), sentence


def _targets(file: FileContext, links: list[LinkChange]) -> str:
    """The links' targets, each once (two links to one page name it once: "the links to X")."""
    urls = list(dict.fromkeys(x.url for x in links))
    return file.lang.series_of(urls, lambda url: file.lang.code_span(url, 80), 3)


def toc_title(file: FileContext) -> str:
    counts = {
        k: sum(1 for e in file.analysis.toc if e.kind == k)
        for k in ("added", "removed", "renamed", "retargeted", "moved")
    }
    words = {
        "added": file.ngettext("{count} entry added", "{count} entries added", counts["added"]),
        "removed": file.ngettext("{count} entry removed", "{count} entries removed", counts["removed"]),
        "renamed": file.ngettext("{count} renamed", "{count} renamed", counts["renamed"]),
        "retargeted": file.ngettext("{count} repointed", "{count} repointed", counts["retargeted"]),
        "moved": file.ngettext("{count} moved", "{count} moved", counts["moved"]),
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
            items = file.lang.series_of(
                group,
                lambda e: file._("{old} to {new}").format(
                    old=file.lang.quote(e.old_name), new=file.lang.quote(e.name)
                ),
                3,
            )
            title = file.ngettext("Renamed {count} TOC entry", "Renamed {count} TOC entries", n)
            sentence = file.ngettext(
                "Renamed the TOC entry {items}.", "Renamed the TOC entries {items}.", n
            ).format(items=items)
        elif kind == "retargeted":
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
