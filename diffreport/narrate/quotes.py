"""The words a patch changed, as text to quote: the first line edited and the line it became, the words
replaced and a window of context around them, two long values cut where they differ, HTML anchors added
and removed. Pure helpers over the patch's text; nothing here writes a sentence."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..analysis.patch import changed_runs, parse_patch
from ..analysis.syntax import LEADER
from .lang import plain

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# fences, rules, keys and Learn directives (fences and directives quoted too: `> :::image …:::` is no words),
# include directives among them (an include moved is no text added or removed)
_SKIP_LINE = re.compile(
    r"^\s*(?:(?:>\s*)*(?:```|~~~|:::|\[!include\b)|---\s*$|[\w.-]+:\s*\S*$)", re.IGNORECASE
)


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many words two lines share at their start, and then at their end."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def word_edit(old: str, new: str) -> tuple[str, str]:
    """The words one line replaced by the other (either may be empty: words inserted or deleted), less the
    marks both keep around them (`Studio,` -> `Foundry portal,` replaced 'Studio' with 'Foundry portal')."""
    a, b = old.split(), new.split()
    start, end = _common_ends(a, b)
    removed, inserted = " ".join(a[start : len(a) - end]), " ".join(b[start : len(b) - end])
    while len(removed) > 1 and len(inserted) > 1 and removed[-1] == inserted[-1] and removed[-1] in _CLOSING:
        removed, inserted = removed[:-1], inserted[:-1]
    while len(removed) > 1 and len(inserted) > 1 and removed[0] == inserted[0] and removed[0] in _OPENING:
        closing = _OPENING[removed[0]]  # (an opening mark whose closing one is left stays: `"Enabled",`)
        if closing in removed[1:] or closing in inserted[1:]:
            break
        removed, inserted = removed[1:], inserted[1:]
    return removed, inserted


_CLOSING = frozenset(",.;:!?)]}\"'”’")  # marks a word keeps after it
_OPENING = {"(": ")", "[": "]", "{": "}", '"': '"', "'": "'", "“": "”", "‘": "’"}


def diff_window(old: str, new: str, context: int = 4) -> tuple[str, str]:
    """The part of two lines that differs, with a few words of context on each side."""
    a, b = old.split(), new.split()
    start, end = _common_ends(a, b)
    lo = max(0, start - context)

    def cut(words: list[str]) -> str:
        hi = len(words) - max(0, end - context)
        text = " ".join(words[lo:hi])
        return ("… " if lo else "") + text + (" …" if hi < len(words) else "")

    return cut(a), cut(b)


def short_pair(old: str, new: str, limit: int = 48, keep: int = 12) -> tuple[str, str]:
    """Two long values cut to where they differ (``…control/role-assignments-portal``), at a space when
    the first half of the ``keep`` characters kept on either side holds one (``…data_model_type=hotel)``,
    not ``…otels", data_model_type=hotel)``)."""
    if len(old) <= limit and len(new) <= limit:
        return old, new
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = max(0, head - keep)
    if start and not old[start - 1].isspace():
        space = old.find(" ", start, start + keep // 2)
        start = start if space == -1 else space + 1
    dropped = max(0, tail - keep)  # characters cut off the common end
    if dropped:
        space = old.rfind(" ", len(old) - dropped - keep // 2, len(old) - dropped)
        dropped = dropped if space == -1 else len(old) - space

    def cut(text: str) -> str:
        end = len(text) - dropped
        core = text[start:end]
        if len(core) > limit:
            space = core.rfind(" ", limit - 1 - keep // 2, limit - 1)
            core = core[: limit - 1 if space == -1 else space]
            end = -1
        return ("…" if start else "") + core + ("…" if end < len(text) else "")

    return cut(old), cut(new)


def first_edit(patch: str, past_markup: bool = True) -> tuple[str, str, int]:
    """The first removed and/or added line of a patch with words in it, as plain text (a line replaced by one a
    reader sees the same, its markup changed, is passed over with ``past_markup``); a line added or
    removed alone is taken with the lines of its paragraph after it (``> Note:`` then ``> This requires…``),
    whose number is the third item (1 for a line replaced)."""
    old = new = ""
    lines = (patch or "").splitlines()
    at = resume = -1
    for k, line in enumerate(lines):
        if k < resume:
            continue
        if line.startswith(("+++", "---", "@@")) or line[:1] not in "+-":
            if old or new:
                break
            continue
        text = line[1:]
        if not text.strip() or _SKIP_LINE.match(text):
            continue
        # cut far past what a quote shows: two lines cut short would differ at their cut ends
        text = plain(LEADER.sub("", text), 2000)
        if not re.search(r"\w{2,}", text):
            continue
        if line[0] == "-" and not old and not new:
            old, at = text, k
        elif line[0] == "+" and not new:
            new = _likest(old, lines, k) if old else text
            if (
                past_markup and old and new == old
            ):  # markup alone (`**mem0**` -> `mem0`): the next run says more
                old = new = ""
                resume = next((n for n in range(k, len(lines)) if lines[n][:1] not in "+-"), len(lines))
                continue
            if not old:
                at = k
            break
    more = _paragraph(lines, at) if bool(old) != bool(new) else []  # one side alone: its paragraph
    if more:
        joined = plain(" ".join([LEADER.sub("", lines[at][1:]), *more]), 2000)
        old, new = (joined, "") if old else ("", joined)
    return old, new, 1 + len(more)


def _likest(old: str, lines: list[str], k: int) -> str:
    """Of the added lines with words from ``lines[k]`` to the end of its run of changed lines (a few at most),
    the one sharing the most words with ``old``, the earliest on a tie: the line ``old`` became, past added
    markup (``:::row:::`` put in above an edited line)."""
    words = set(_WORD.findall(old.lower()))
    best, shared = "", -1
    for line in lines[k : k + _LIKEST_WINDOW]:
        if line[:1] not in "+-" or line.startswith(("+++", "---")):
            break
        text = line[1:]
        if line[0] == "-" or not text.strip() or _SKIP_LINE.match(text):
            continue
        text = plain(LEADER.sub("", text), 2000)
        if not re.search(r"\w{2,}", text):
            continue
        common = len(words.intersection(_WORD.findall(text.lower())))
        if common > shared:
            best, shared = text, common
    return best


_WORD = re.compile(r"\w+")
_LIKEST_WINDOW = 12


def _paragraph(lines: list[str], at: int) -> list[str]:
    """The lines after ``lines[at]``, of its sign, that go on with its paragraph (a blockquote's with its
    quote), their leaders taken away; at most a few."""
    sign, quoted = lines[at][0], lines[at][1:].lstrip().startswith(">")
    out: list[str] = []
    for line in lines[at + 1 : at + 6]:
        text = line[1:]
        if line[:1] != sign or line.startswith(("+++", "---")) or not text.strip():
            break
        if text.lstrip().startswith(">") != quoted:
            break
        rest = text.lstrip().lstrip(">").strip() if quoted else text.strip()
        if not rest or _NEW_BLOCK.match(rest):
            break
        out.append(rest)
    return out


_NEW_BLOCK = re.compile(r"(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|```|~~~|\||:::|\[!|<)")  # what starts another block


def text_lines_changed(patch: str) -> tuple[int, int]:
    """How many lines with text a patch removes and adds, leaving out blank lines and one-word ``key: value``
    lines (a front matter date)."""
    counts = {"-": 0, "+": 0}
    for line in (patch or "").splitlines():
        if line[:1] in counts and not line.startswith(("+++", "---")) and line[1:].strip():
            counts[line[0]] += not _KEY_LINE.match(line[1:])
    return counts["-"], counts["+"]


_KEY_LINE = re.compile(r"\s*[\w.-]+:\s*\S*$")


_ANCHOR = re.compile(r"""<a\s+(?:name|id)\s*=\s*["']([^"'<>]{1,200})["']""", re.IGNORECASE)


def anchor_edit(patch: str) -> tuple[dict[str, str], dict[str, str]]:
    """The HTML anchors (``<a name="x"></a>``, ``<a id="x">``) the patch's lines add and remove (an anchor
    on both sides is neither), each once, in order, with the text of its line as a reader sees it."""
    found: dict[str, dict[str, str]] = {"+": {}, "-": {}}
    for line in (patch or "").splitlines():
        if line[:1] in "+-" and not line.startswith(("+++", "---")) and "<a" in line:
            for anchor in _ANCHOR.findall(line):
                found[line[0]].setdefault(anchor, plain(LEADER.sub("", line[1:]), 2000))
    plus, minus = found["+"], found["-"]
    return {a: t for a, t in plus.items() if a not in minus}, {
        a: t for a, t in minus.items() if a not in plus
    }


def formatting_only(patch: str, said: tuple[str, ...] = ()) -> bool:
    """Whether each run of changed lines of ``patch`` reads the same on both sides, as CommonMark reads each
    line (:func:`_reading`: its text, code and link targets, not its emphasis or code span marks), blank
    lines aside, and some line is written otherwise (not in spacing alone; one pass over the patch). A run
    whose every line starts with one of ``said`` (the front matter fields another sentence names:
    ``ms.date:``) is passed over."""
    differs = False
    for old, new in changed_runs(parse_patch(patch)):
        if said and all(t.startswith(said) for t in (*old, *new)):
            continue
        if [_reading(t) for t in old] != [_reading(t) for t in new]:
            return False
        differs = differs or [" ".join(t.split()) for t in old] != [" ".join(t.split()) for t in new]
    return differs


def _reading(line: str) -> str:
    """What a reader gets from one line of Markdown, as markdown-it-py's CommonMark parser reads it: the text
    (a stray backtick aside), the code of code spans, link and image targets and inline HTML, spacing
    collapsed; emphasis and the marks of code spans are no part of it."""
    out: list[str] = []
    for token in _inline_parser().parseInline(line[:MAX_READ])[0].children or []:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content.replace("`", "") if token.type == "text" else token.content)
        elif token.type in ("link_open", "image"):
            out.append(f"<{token.attrGet('href') or token.attrGet('src') or ''}>")
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return " ".join("".join(out).split())


MAX_READ = 20_000  # characters of a line read for its formatting


@cache
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")
