"""Values replaced by others in the changed lines (`TextSkill` -> `TextPlugin`, `2024-10-01` -> `2024-12-01`):
each run of removed lines paired with the run of added lines after it, token by token."""

from __future__ import annotations

import difflib
import operator
import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Sequence

from ..models import ValueChange
from .context import Context
from .inline import old_spelling
from .patch import Lines
from .syntax import MAX_ITEMS, MAX_LINE

TOKEN_RE = re.compile(r"[\w][\w.\-/:]*[\w]|[\w]")

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
    for old, new in replaced_lines(lines):
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
    for old, new in replaced_lines(lines):
        before = texts[old][:MAX_LINE]
        if "](" in before and old_spelling(before, texts[new][:MAX_LINE], moved) == before:
            out |= {old, new}
    return out


def replaced_lines(lines: Lines) -> Iterator[tuple[int, int]]:
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
