"""Inline facts from the changed lines: links and images, and includes (values: :mod:`.values`)."""

from __future__ import annotations

import posixpath
import re
from typing import Any, TypeVar

from ..models import IncludeChange, LinkChange
from .context import Context
from .impact import candidates
from .pairing import Pool, cancel
from .syntax import INCLUDE_RE, LINK_RE, MAX_ITEMS, MAX_LINE, clean_inline

REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_LINK_RE = re.compile(r"<a\s[^<>]*href=[\"']([^\"']+)[\"'][^<>]*>(.*?)</a>", re.IGNORECASE)
LEARN_IMAGE_RE = re.compile(
    r":::image\s[^:]*?source=\"([^\"]+)\"(?:[^:]*?alt-text=\"([^\"]*)\")?", re.IGNORECASE
)
LEARN_VIDEO_RE = re.compile(r"\[!VIDEO\s+([^\]\s]+)\s*\]", re.IGNORECASE)  # > [!VIDEO https://...]


def _links_of(text: str) -> list[tuple[bool, str, str]]:
    """Links and images of a line, each pattern run only when the text holds the characters it needs."""
    out: list[tuple[bool, str, str]] = []
    if "[!" in text:
        text = INCLUDE_RE.sub("", text)
        out += [(False, "video", m.group(1)) for m in LEARN_VIDEO_RE.finditer(text)]
    if "](" in text:
        out += [(m.group(1) == "!", clean_inline(m.group(2)), m.group(3)) for m in LINK_RE.finditer(text)]
    if "</" in text:
        end = max(text.rfind("</a>"), text.rfind("</A>")) + 4  # a link's text ends before it
        if end > 3:
            out += [
                (False, clean_inline(m.group(2)), m.group(1)) for m in HTML_LINK_RE.finditer(text, 0, end)
            ]
    if ":::" in text:
        out += [(True, m.group(2) or "", m.group(1)) for m in LEARN_IMAGE_RE.finditer(text)]
    if "]:" in text:
        ref = REF_DEF_RE.match(text)
        if ref and not text.lstrip().startswith("[!"):
            out.append((False, ref.group(1), ref.group(2)))
    return out


def old_spelling(old: str, new: str, moved: tuple[str, str]) -> str:
    """The line ``new`` of a page ``moved`` (old path, new path) with each link's target that names, from the
    new folder, the file a link of the line ``old`` named from the old folder written as that one was."""
    was = {_resolved(moved[0], m.group(3)): m.group(3) for m in LINK_RE.finditer(old)}

    def spelled(m: re.Match[str]) -> str:
        url = m.group(3)
        before = was.get(_resolved(moved[1], url))
        return m.group(0) if before is None or before == url else m.group(0).replace(url, before, 1)

    return LINK_RE.sub(spelled, new)


def _resolved(referrer: str, url: str) -> str:
    """A relative link target as the repository path the impact pass resolves it to from ``referrer``
    (:func:`.impact.candidates`: ``../media/a.png`` from ``docs/how-to/a.md`` -> ``docs/media/a.png``), its
    ``#anchor`` or ``?query`` kept; any other target (``/azure/...``, ``https:...``, ``#anchor``) as it is."""
    if url.startswith(("/", "~")):  # the same from every folder
        return url
    found = candidates(referrer, url, [])
    if not found:
        return url
    path = url.split("#", 1)[0].split("?", 1)[0]
    return found[0] + url[len(path) :]


_Found = TypeVar("_Found", bound=tuple[tuple[Any, ...], int])  # (a link or an include, its line index)


def _same_target_after_move(
    plus: list[_Found], minus: list[_Found], moved: tuple[str, str], target: int
) -> tuple[list[_Found], list[_Found]]:
    """``plus`` and ``minus`` without the links (or includes) of a moved file whose relative target changed
    only to name the same file from the new folder (``../includes/a.md`` -> ``../../includes/a.md``)."""
    old_path, new_path = moved
    if posixpath.dirname(old_path) == posixpath.dirname(new_path) or not plus or not minus:
        return plus, minus

    def keyed(found: list[_Found], referrer: str) -> list[tuple[tuple[Any, ...], int]]:
        return [
            ((*item[:target], _resolved(referrer, item[target]), *item[target + 1 :]), k)
            for k, (item, _line) in enumerate(found)
        ]

    kept_plus, kept_minus = cancel(keyed(plus, new_path), keyed(minus, old_path))
    return [plus[k] for _key, k in kept_plus], [minus[k] for _key, k in kept_minus]


def links_and_includes(
    body: list[int], ctx: Context, moved: tuple[str, str] | None = None
) -> tuple[list[LinkChange], list[IncludeChange]]:
    """Links, images and includes of the lines ``body`` (indexes), paired across the two sides. For a file
    ``moved`` (old path, new path), a relative target rewritten to name the same file is no change."""
    lines = ctx.lines
    texts, signs = lines.texts, lines.signs
    links: dict[str, list[tuple[tuple[bool, str, str], int]]] = {"+": [], "-": []}
    incs: dict[str, list[tuple[tuple[str, str], int]]] = {"+": [], "-": []}
    # every link, image and include form needs one of these (":::" looked for only where ":" is: faster)
    held = [i for i in body if "[" in texts[i] or "<" in texts[i] or (":" in texts[i] and ":::" in texts[i])]
    if not held:
        return [], []
    # changed lines all on one side (a page added or removed whole): nothing cancels, the first MAX_ITEMS
    # links are all a report keeps, so no line after them is read for links
    one_side = None if "+" in signs and "-" in signs else links[signs[held[0]]]
    for i in held:
        text = texts[i][:MAX_LINE]
        if one_side is None or len(one_side) < MAX_ITEMS:
            links[signs[i]] += [(link, i) for link in _links_of(text)]
        if "[!" in text:
            incs[signs[i]] += [((m.group(1).strip(), m.group(2)), i) for m in INCLUDE_RE.finditer(text)]
    if moved:
        links["+"], links["-"] = _same_target_after_move(links["+"], links["-"], moved, 2)
        incs["+"], incs["-"] = _same_target_after_move(incs["+"], incs["-"], moved, 1)
    plus, minus = cancel(links["+"], links["-"])
    same_text = Pool(minus, lambda o: (o[0][0], o[0][1]) if o[0][1] else None)
    found: list[tuple[tuple[bool, str, str], int | None, tuple[tuple[bool, str, str], int] | None]] = []
    for link, k in plus:
        found.append((link, k, same_text.take_first(0, link[:2]) if link[1] else None))
    found += [(link, None, (link, j)) for link, j in same_text.left()]
    out: list[LinkChange] = []
    for (image, text, url), at, twin in found[:MAX_ITEMS]:
        if at is None:
            assert twin is not None
            j = twin[1]
            out.append(
                LinkChange(
                    kind="removed",
                    image=image,
                    text=text,
                    url=url,
                    old_line=lines.old(j),
                    section=ctx.section(j),
                )
            )
        elif twin is None:
            out.append(
                LinkChange(
                    kind="added", image=image, text=text, url=url, line=lines.new(at), section=ctx.section(at)
                )
            )
        else:
            out.append(
                LinkChange(
                    kind="retargeted",
                    image=image,
                    text=text,
                    url=url,
                    old_url=twin[0][2],
                    line=lines.new(at),
                    old_line=lines.old(twin[1]),
                    section=ctx.section(at),
                )
            )
    iplus, iminus, shifted = _moved_includes(incs["+"], incs["-"], ctx)
    includes = [
        IncludeChange(kind="added", title=t, target=p, line=lines.new(i), section=ctx.section(i))
        for (t, p), i in iplus[:MAX_ITEMS]
    ]
    includes += [
        IncludeChange(
            kind="moved", title=t, target=p, line=lines.new(i), old_line=lines.old(j), section=ctx.section(i)
        )
        for (t, p), i, j in shifted[: MAX_ITEMS - len(includes)]
    ]
    includes += [
        IncludeChange(kind="removed", title=t, target=p, old_line=lines.old(j), section=ctx.section(j))
        for (t, p), j in iminus[: MAX_ITEMS - len(includes)]
    ]
    return out, includes


_Include = tuple[tuple[str, str], int]  # (title, target), line index


def _moved_includes(
    plus: list[_Include], minus: list[_Include], ctx: Context
) -> tuple[list[_Include], list[_Include], list[tuple[tuple[str, str], int, int]]]:
    """The includes added and removed, less those on both sides; of these, the ones put in another
    section (a hunk apart, or more than a few lines away) are moved: (include, new index, old index)."""
    lines = ctx.lines
    pool = Pool(minus, lambda item: item[0])
    kept: list[_Include] = []
    moved: list[tuple[tuple[str, str], int, int]] = []
    for key, i in plus:
        twin = pool.take_first(0, key)
        if twin is None:
            kept.append((key, i))
            continue
        j = twin[1]
        apart = (
            lines.span_of(i).first != lines.span_of(j).first
            or abs((lines.new(i) or 0) - (lines.old(j) or 0)) > _NEAR
        )
        if apart and ctx.section(i) != ctx.section(j):
            moved.append((key, i, j))
    return kept, pool.left(), moved


_NEAR = 5  # lines between an include removed and the same one added for them to be one line edited
