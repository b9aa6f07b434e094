"""Names a reader can tell apart: a move shown from the folder both paths share, and the shortest end of
each path that no other file of the report shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def relative_pair(old: str, new: str) -> tuple[str, str]:
    """``old`` and ``new`` without the folders they share at the start:
    ``docs/agents/chat.md``, ``docs/concepts/agents/chat.md`` -> ``agents/chat.md``, ``concepts/agents/chat.md``.
    """
    a, b = old.split("/"), new.split("/")
    shared = 0
    while shared < min(len(a), len(b)) - 1 and a[shared] == b[shared]:
        shared += 1
    return "/".join(a[shared:]), "/".join(b[shared:])


def distinct_names(paths: Iterable[str]) -> dict[str, str]:
    """Each path's shortest ending (whole folders) that no other path ends with: the file name when it is
    unique, ``agents/index.md`` and ``workflows/index.md`` when two files are called ``index.md``."""
    unique = list(dict.fromkeys(paths))
    parts = {p: p.split("/") for p in unique}
    depth = dict.fromkeys(unique, 1)
    pending = set(unique)
    while pending:
        seen = Counter("/".join(parts[p][-depth[p] :]) for p in unique)
        clashing = {p for p in pending if seen["/".join(parts[p][-depth[p] :])] > 1}
        pending = {p for p in clashing if depth[p] < len(parts[p])}
        for p in pending:
            depth[p] += 1
    return {p: "/".join(parts[p][-depth[p] :]) for p in unique}


def short_url(url: str, limit: int) -> str:
    """A long link target cut in its middle, at ``/`` where it can be, keeping its start and its end (the page
    it names): ``https://github.com/microsoft/…/skills/SummarizeSkill/Summarize``. Two targets that differ only
    at their ends stay apart, as a cut at the end would not keep them. When a long query or fragment would push
    the page out, the page is kept whole and the query cut at its end instead
    (``https://…/activitiescontainer-post-contentactivities?view=graph-rest-1.0&tabs=h…``)."""
    start = url.find("//")
    start = start + 2 if start != -1 else 0
    cut = _cut_middle(url, limit, "/", "/?&#=.-_", start)
    query = min((at for at in (url.find("?", start), url.find("#", start)) if at != -1), default=-1)
    if query == -1 or cut == url:
        return cut
    base = url[:query]
    page = base[base.rfind("/") + 1 :]
    if not page or page in cut:  # the page kept whole (or none: the query names it, `?view=…-preview`)
        return cut
    # the page kept whole, then the query (cut at its end), then the host if there is room for it
    host = base.find("/", start)
    head = base[: host + 1] if host != -1 else base[:start]
    if len(head) + 2 + len(page) + len(url) - query > limit:
        head = base[:start]  # (the scheme alone)
    room = limit - len(head) - 2 - len(page)
    if room < 8:
        return cut
    rest = url[query:] if len(url) - query <= room else url[query : query + room - 1] + "…"
    kept = _cut_middle(base, limit - len(rest), "/", "/.-_", start)
    return (kept if kept.endswith("/" + page) else head + "…/" + page) + rest


def short_key(key: str, limit: int) -> str:
    """A long YAML key path cut in its middle at a ``.``, keeping its start and the field it ends with:
    ``productDirectory.items[Creating chains].…links[Auto create chains with planners].text``."""
    return _cut_middle(key, limit, ".", ".[")


def _cut_middle(text: str, limit: int, head_mark: str, tail_marks: str, keep: int = 0) -> str:
    """``text`` cut in its middle to ``limit`` characters: its first half up to a ``head_mark`` (past ``keep``
    characters; less of it when that keeps all of the text past its last ``head_mark``, the page, whole),
    then "…", then its end from one of ``tail_marks`` when one comes early enough."""
    if len(text) <= limit:
        return text
    head = text[: limit // 2]
    mark = head.rfind(head_mark, keep)
    if mark > 0:
        head = head[: mark + 1]
    name = len(text) - text.rfind(head_mark) - 1
    shorter = head
    while len(shorter) + 1 + name > limit and (mark := shorter.rfind(head_mark, keep, len(shorter) - 1)) > 0:
        shorter = shorter[: mark + 1]
    if len(shorter) + 1 + name <= limit:
        head = shorter
    room = limit - len(head) - 1
    tail = text[len(text) - room :]
    if tail[0] in tail_marks or text[len(text) - room - 1] in tail_marks:  # the end starts at a mark already
        return head + "…" + tail
    cut = min((at for at in (tail.find(c, 1) for c in tail_marks) if 0 < at < room // 2), default=0)
    return head + "…" + tail[cut:]
