"""Points about links and images on a page: added, removed, repointed, replaced by another link, an image
shown from a new file or in a video's place."""

from __future__ import annotations

import operator
from collections import Counter
from functools import partial

from ..analysis import LinkChange
from ..similarity import similar
from .facts import inside_section
from .paths import short_url
from .points import FileContext, Point, Weight
from .quotes import short_pair


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
    out: list[Point] = []
    if same:  # ... unless a video became an image of it (`[!VIDEO url]` -> `:::image source="url"`)
        videos = {x.url for x in links if x.kind == "removed" and _is_video(x)} & {
            x.url for x in links if x.kind == "added" and x.image
        }
        shown = [x for x in links if x.kind == "added" and x.image and x.url in videos]
        if shown:
            out.append(Point.later(Weight.IMAGE_SWAPPED, "video-image", partial(_video_text, file, shown)))
    described = _described(links, same)
    if described:
        out.append(
            Point.later(Weight.IMAGE_DESCRIBED, "image-described", partial(_described_text, file, described))
        )
    links = _pair_retargeted([x for x in links if x.kind == "retargeted" or x.url not in same])
    images = [x for x in links if x.image and x.kind == "added"]
    if images:
        out.append(Point.later(Weight.IMAGE_LINK_ADDED, "image-link", partial(_images_text, file, images)))
    gone = [x for x in links if x.image and x.kind == "removed"]
    if gone:
        out.append(Point.later(Weight.IMAGE_LINK_REMOVED, "image-removed", partial(_images_text, file, gone)))
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
    """Images put on the page, or taken off it (by their alt text, else their file), each named once."""
    names = list(
        dict.fromkeys(file.lang.quote(x.text) if x.text else file.lang.code_span(x.url) for x in images)
    )
    n = len(names)
    if images[0].kind == "added":
        title = file.ngettext("Added image {names}", "Added images {names}", n)
        sentence = file.ngettext("Added the image {names}.", "Added the images {names}.", n)
    else:
        title = file.ngettext("Removed image {names}", "Removed images {names}", n)
        sentence = file.ngettext("Removed the image {names}.", "Removed the images {names}.", n)
    return title.format(names=file.lang.series(names, 2)), sentence.format(names=file.lang.series(names))


def _is_video(x: LinkChange) -> bool:
    return not x.image and x.text == "video"  # as the analysis reads `[!VIDEO url]`


def _video_text(file: FileContext, images: list[LinkChange]) -> tuple[str, str]:
    lang = file.lang

    def name(x: LinkChange) -> str:
        return lang.quote(x.text, 60) if x.text else lang.code_span(x.url, 80)

    sentence = file.ngettext(
        "Showed {names} as an image instead of a video.",
        "Showed {names} as images instead of videos.",
        len(images),
    )
    return (
        file._("Showed {name} as an image, not a video").format(name=name(images[0])),
        sentence.format(names=lang.series_of(images, name, 3)),
    )


def _described(links: list[LinkChange], same: set[str]) -> list[tuple[str, str, str]]:
    """Images removed and added with the same file and other alt text, not only in case, spacing or a final
    full stop: (old text, new text, file), each file once."""
    old = {x.url: x.text for x in links if x.image and x.kind == "removed" and x.url in same}
    out: dict[str, tuple[str, str, str]] = {}
    for x in links:
        was = old.get(x.url) if x.image and x.kind == "added" else None
        if was and x.text and _words(was) != _words(x.text) and x.url not in out:
            name = x.url.replace("\\", "/").rsplit("/", 1)[-1]  # (a Learn path may use backslashes)
            out[x.url] = (was, x.text, name)
    return list(out.values())


def _words(text: str) -> str:
    """Alt text as it reads: its case, spacing and a final full stop aside."""
    return " ".join(text.split()).rstrip(".").casefold()


def _described_text(file: FileContext, described: list[tuple[str, str, str]]) -> tuple[str, str]:
    """The same images with their alt text rewritten: the one said with its words, several by their files."""
    lang, n = file.lang, len(described)
    if n == 1:
        old, new, name = described[0]
        before, after = short_pair(old, new, limit=100, keep=30)
        return (
            file._("Changed the alt text of image {name}").format(name=name),
            file._("Changed the alt text of the image {name}: {old} is now {new}.").format(
                name=lang.code_span(name, 80), old=lang.quote(before, 120), new=lang.quote(after, 120)
            ),
        )
    return (
        file.ngettext(
            "Changed the alt text of {count} image", "Changed the alt text of {count} images", n
        ).format(count=lang.number(n)),
        file.ngettext(
            "Changed the alt text of {count} image: {names}.",
            "Changed the alt text of {count} images: {names}.",
            n,
        ).format(
            count=lang.number(n), names=lang.series_of(described, lambda d: lang.code_span(d[2], 80), 3)
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
        lang = file.lang
        # each link once (a page linking twice with the same text to the same place says it once)
        pairs = list(dict.fromkeys((x.text or x.old_url or "", x.url) for x in group))
        targets = {url for _, url in pairs}
        title = file.ngettext("Repointed {count} link", "Repointed {count} links", n)
        if n == 1 and group[0].text:
            title = file._("Repointed the link {text}").format(text=lang.quote(group[0].text, 50))
        if len(targets) == 1 and len(pairs) > 1:  # several links, one new place
            sentence = file._("Repointed the links {names} to {url}.").format(
                names=lang.series_of(pairs, lambda p: lang.quote(p[0]), 3),
                url=lang.code_span(short_url(pairs[0][1], 120), 120),
            )
        else:
            items = lang.series_of(
                pairs,
                lambda p: file._("{text} to {url}").format(
                    text=lang.quote(p[0]), url=lang.code_span(short_url(p[1], 120), 120)
                ),
                3,
            )
            sentence = file.ngettext(
                "Repointed the link {items}.", "Repointed the links {items}.", len(pairs)
            ).format(items=items)
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
    return file.lang.series_of(urls, lambda url: file.lang.code_span(short_url(url, 80), 80), 3)
