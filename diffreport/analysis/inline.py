"""Inline facts from the changed lines: links and images, includes, and repeated values."""

from __future__ import annotations

import difflib
import operator
import posixpath
import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from ..models import IncludeChange, LinkChange, ValueChange
from .context import Context
from .impact import candidates
from .pairing import Pool, cancel
from .patch import Lines
from .syntax import INCLUDE_RE, LINK_RE, MAX_ITEMS, MAX_LINE, clean_inline

REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_LINK_RE = re.compile(r"<a\s[^<>]*href=[\"']([^\"']+)[\"'][^<>]*>(.*?)</a>", re.IGNORECASE)
LEARN_IMAGE_RE = re.compile(
    r":::image\s[^:]*?source=\"([^\"]+)\"(?:[^:]*?alt-text=\"([^\"]*)\")?", re.IGNORECASE
)
LEARN_VIDEO_RE = re.compile(r"\[!VIDEO\s+([^\]\s]+)\s*\]", re.IGNORECASE)  # > [!VIDEO https://...]
TOKEN_RE = re.compile(r"[\w][\w.\-/:]*[\w]|[\w]")


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


# A run of removed lines, and the run of added lines right after it. Two scans, not "(-+)(\++)": that one
# backtracks through every shorter run of a removed run no added line follows (quadratic in its length).
_REMOVED_RUN = re.compile(r"-+")
_ADDED_RUN = re.compile(r"\++")
_LIST_ITEM = re.compile(r"[ \t]*\d{1,9}[.)](?:[ \t]|$)")


def replaced(values: Iterable[ValueChange], text: str) -> str:
    """``text`` with the values the file replaced put in (`TextSkill` -> `TextPlugin`): what it reads if
    those replacements were its only change."""
    for v in values:
        if v.old and v.old in text:
            text = text.replace(v.old, v.new)
    return text


def made_by(values: Sequence[ValueChange], old: str, new: str) -> bool:
    """Whether the ``values`` replaced, one of them or all, make line ``old`` the line ``new`` (`using
    Azure.AI.OpenAI;` -> `…Projects;` where `Azure.AI.OpenAI` -> `Azure.AI.Projects` was replaced)."""
    return replaced(values, old) == new or any(v.old and old.replace(v.old, v.new) == new for v in values)


def values(
    ctx: Context, code: Container[int] = (), hidden: Container[int] = (), moved: tuple[str, str] | None = None
) -> list[ValueChange]:
    """Values replaced by others in the removed/added line pairs (each run of removed lines paired in order
    with the run of added lines right after it), but in ``hidden`` lines (indexes). Outside ``code``
    (indexes of code lines), a token that only gains or loses underscores at its ends (``_Semantic`` ->
    ``Semantic``) is emphasis, and an ordered list item's number (``2.`` -> ``1.``) its marker, and a footnote's
    number (``<sup>7</sup>`` -> ``<sup>6</sup>``) its mark, not a value.
    For a file ``moved`` (old path, new path), a link's relative target rewritten to name the same file
    from the new folder (``./observability.md`` -> ``../../agents/observability.md``) replaces no value."""
    found: dict[tuple[str, str], tuple[list[int], list[int]]] = {}  # (old, new) -> ([count], new lines)
    code_words: set[tuple[str, str]] = set()  # replaced in a code line or span at least once
    lines, front = ctx.lines, ctx.front
    texts = lines.texts
    for old, new in _replaced_lines(lines):
        if (front and (old in front or new in front)) or old in hidden or new in hidden:
            continue
        before, after_text = texts[old][:MAX_LINE], texts[new][:MAX_LINE]
        if moved and "](" in before and "](" in after_text:
            after_text = old_spelling(before, after_text, moved)
        a, b = TOKEN_RE.findall(before), TOKEN_RE.findall(after_text)
        if not a or not b or len(a) > 400 or len(b) > 400 or a == b:
            continue  # (equal tokens: no replacement to find)
        prose = old not in code and new not in code
        # an ordered list item's number: Markdown numbers the items itself ("2." -> "1." shows as 2.)
        marks = prose and _LIST_ITEM.match(texts[old]) is not None and _LIST_ITEM.match(texts[new])
        for i1, j1 in _replacements(a, b):
            key = x, y = a[i1], b[j1]
            if (len(x) <= 2 and x.isalpha()) or (len(y) <= 2 and y.isalpha()):  # "it is" -> "it's"
                continue
            if marks and i1 == j1 == 0:
                continue
            if prose and x.strip("_") == y.strip("_"):
                continue
            if (
                prose
                and x.isdigit()
                and y.isdigit()
                and _footnote(a, i1, before)
                and _footnote(b, j1, after_text)
            ):
                continue  # a footnote renumbered: its mark, not a value
            if not (prose and _words(x, before) and _words(y, after_text)):
                code_words.add(key)
            count, at = found.setdefault(key, ([0], []))
            count[0] += 1
            if len(at) < 20:
                at.append(new)
    ranked = sorted(found.items(), key=lambda kv: (-kv[1][0][0], kv[1][1][:1]))[:MAX_ITEMS]
    return [
        ValueChange(
            old=old, new=new, count=count[0], lines=lines.numbers(at), words=(old, new) not in code_words
        )
        for (old, new), (count, at) in ranked
    ]


def _words(token: str, text: str) -> bool:
    """Whether ``token`` of the running text ``text`` is a word (letters, no capital after a small letter:
    `ranking`, `Studio`, not `CreateAIAgent`), not inside a code span of it, on no Learn directive or HTML
    line (`::: zone pivot="programming-language-python"`)."""
    if not _WORD.fullmatch(token) or _INNER_CAPITAL.search(token):
        return False
    if text.lstrip("> \t").startswith((":::", "<")):  # a Learn directive or HTML: its values are names
        return False
    return "`" not in text or not any(token in span for span in _CODE_SPAN.findall(text))


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_CODE_SPAN = re.compile(r"`[^`]*`")


def _footnote(tokens: list[str], k: int, text: str) -> bool:
    """Whether number ``tokens[k]`` of line ``text`` is a footnote's mark: ``<sup>7</sup>`` or ``[^7]``."""
    sup = 0 < k < len(tokens) - 1 and tokens[k - 1] == tokens[k + 1] == "sup"
    return sup or f"[^{tokens[k]}]" in text


def respelled(lines: Lines, moved: tuple[str, str]) -> set[int]:
    """The removed and added lines (indexes) of a page ``moved`` (old path, new path) that pair with each
    other and differ only in links rewritten to name the same files from the new folder."""
    texts = lines.texts
    out: set[int] = set()
    for old, new in _replaced_lines(lines):
        before = texts[old][:MAX_LINE]
        if "](" in before and old_spelling(before, texts[new][:MAX_LINE], moved) == before:
            out |= {old, new}
    return out


def _replaced_lines(lines: Lines) -> Iterator[tuple[int, int]]:
    """Each removed line (index) and the added line it became: every run of removed lines paired with the
    run of added lines right after it (:func:`_line_pairs`)."""
    texts, signs = lines.texts, lines.signs
    for span in lines.spans:
        for run in _REMOVED_RUN.finditer(signs, span.first, span.end):
            after = _ADDED_RUN.match(signs, run.end(), span.end)
            if after is not None:
                yield from _line_pairs(texts, range(*run.span()), range(*after.span()))


def _line_pairs(texts: list[str], removed: range, added: range) -> Iterable[tuple[int, int]]:
    """The removed and added lines of a run paired in order, less the lines on both sides (a line kept as
    it was while lines were put in before it: ``using A;`` removed and added again under a new ``using B;``),
    so that each does not pair with its neighbour (``A`` -> ``B``, ``B`` -> ``C``, …: a shift, no
    replacement). When lines were kept so and fewer are left on one side, each of a few pairs with the next
    line of the other side much alike in tokens, among the next few (the order of the rest is no guide)."""
    if len(removed) < 2 and len(added) < 2:
        return zip(removed, added, strict=False)
    both = Counter(texts[i].strip() for i in removed) & Counter(texts[j].strip() for j in added)
    if not both:
        return zip(removed, added, strict=False)
    olds, news = _less(texts, removed, both), _less(texts, added, both)
    if len(olds) == len(news) or max(len(olds), len(news)) > _FEW_LINES:
        return zip(olds, news, strict=False)
    pairs = []
    start = 0
    for i in olds:
        sm = difflib.SequenceMatcher(None, [], TOKEN_RE.findall(texts[i][:MAX_LINE]), autojunk=False)
        for k in range(start, min(len(news), start + _WINDOW)):
            sm.set_seq1(TOKEN_RE.findall(texts[news[k]][:MAX_LINE]))
            if sm.real_quick_ratio() >= _ALIKE and sm.quick_ratio() >= _ALIKE and sm.ratio() >= _ALIKE:
                pairs.append((i, news[k]))
                start = k + 1
                break
    return pairs


_FEW_LINES = 40
_WINDOW = 4  # the next lines of the other side a line is compared with
_ALIKE = 0.75  # (as a line with one token in four replaced)


def _less(texts: list[str], side: range, kept: Counter[str]) -> list[int]:
    """The lines of ``side`` but the ``kept`` ones (stripped), each taken away as many times as it is kept."""
    left = kept.copy()
    out = []
    for k in side:
        text = texts[k].strip()
        if left[text] > 0:
            left[text] -= 1
        else:
            out.append(k)
    return out


def _replacements(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Where one token of ``a`` is replaced by one of ``b`` (indices), in token lists at least half alike."""
    k = _lone_difference(a, b)
    if k is not None:
        return [(k, k)]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # the quick ratios bound the ratio from above: a pair they rule out is not compared in full
    if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5 or sm.ratio() < 0.5:
        return []
    return [
        (i1, j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag == "replace" and i2 - i1 == j2 - j1 == 1
    ]


def _lone_difference(a: list[str], b: list[str]) -> int | None:
    """The one position where ``a`` and ``b`` differ, when difflib's answer is known without running it:
    same length (at least 2), one token replaced, the tokens of ``a`` distinct and the new token not among
    them. Every match is then aligned, so the opcodes are equal, one 1-1 replace, equal, and the ratio
    (n-1)/n is at least one half."""
    if len(a) != len(b) or len(a) < 2:
        return None
    unequal = list(map(operator.ne, a, b))
    if unequal.count(True) != 1:
        return None
    k = unequal.index(True)
    if b[k] in a or len(set(a)) != len(a):
        return None
    return k
