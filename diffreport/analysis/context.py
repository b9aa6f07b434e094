"""Where a changed line lives: its section, and whether it is front matter.

:class:`PatchContext` guesses both from the hunks alone; :class:`FullContext` reads them from the two
parsed versions and falls back on the patch's guess for lines it cannot place. Both classify every line
once, when built: the scanners then look line indexes up in sets (``front``) instead of asking per line.
"""

from __future__ import annotations

import bisect
import re
from typing import Protocol

from .document import Document
from .patch import Lines, Span
from .syntax import FENCE_RE, clean_inline, heading

# A front matter line: `key: value`, an indented continuation or a list item (never blank).
_YAML_LINE = re.compile(r"^(?:[\w.-]{1,80}:(?:[ \t]|$)|[ \t]+\S|-[ \t])")

# A YAML comment that holds a key (`# ms.devlang: csharp, python`): a key taken out, among front matter lines.
_KEY_COMMENT = re.compile(r"^#[ \t]*[\w.-]{1,80}:[ \t]")

# The fence lines of a hunk: (line index, language lower-cased), in order.
Fences = list[tuple[int, str]]
# The fenced code block a hunk's first line lies in, on one side of the diff: the block's opening line in that
# version (None when only guessed from the hunk) and its language; None when the line is outside code.
Opened = tuple[int | None, str] | None


class CodeMap(Protocol):
    """Where the fenced code blocks of a diff's two versions are, read from the versions themselves."""

    def opened(self, span: Span) -> tuple[Opened, Opened]:
        """The block a hunk's first line lies in, on the old and the new side."""

    def fences(self, lines: list[int]) -> set[int]:
        """Those of the diff's ``lines`` (ascending indexes) that open or close a block in their version (not
        fence-like lines inside one)."""

    def code(self, span: Span) -> list[int]:
        """The lines of a hunk inside a block of their version (a removed line the old one's, any other the
        new one's), fences excluded."""


class PatchContext:
    """Section and front-matter membership of diff lines, guessed from the hunks alone."""

    def __init__(
        self,
        lines: Lines,
        *,
        sections: bool = True,
        code: CodeMap | None = None,
    ) -> None:
        """``sections=False`` leaves :meth:`section` unanswered: for a :class:`FullContext` whose parsed
        versions place every line of the diff themselves. ``code`` says where the versions' code blocks
        are, when they are known (else the hunks' fences guess it: a hunk's first fence may close a block,
        and every fence-like line toggles)."""
        self.lines = lines
        self._code = code
        self._guess = sections
        self.sections: list[str | None] = [None] * len(lines.texts) if sections else []
        self.front: set[int] = set()  # indexes of front matter lines
        self.code: set[int] = set()  # indexes of lines inside fenced code blocks (not the fences)
        self.fences: list[Fences] = []  # the fence lines of each hunk
        self.starts_in_code: list[bool] = []  # whether each hunk starts in code (on either side)
        self.opened: list[tuple[Opened, Opened]] = []  # the block each hunk starts in: old side, new side
        # only lines holding "#", "```" or "~~~" can be headings or fences: the lines between two of them
        # share their section and code state, and are filled in bulk
        texts = lines.texts
        # (a one-character test first: "in" finds one character far faster than three)
        if sections:
            marks = [
                i
                for i, t in enumerate(texts)
                if "#" in t or ("`" in t and "```" in t) or ("~" in t and "~~~" in t)
            ]
        else:  # headings do not matter
            marks = [i for i, t in enumerate(texts) if ("`" in t and "```" in t) or ("~" in t and "~~~" in t)]
        for span in lines.spans:
            self._scan(
                span, marks[bisect.bisect_left(marks, span.first) : bisect.bisect_left(marks, span.end)]
            )

    def _scan(self, span: Span, marks: list[int]) -> None:
        head = heading(span.header) if self._guess else None
        old_sec: str | None = clean_inline(head[1]) if head else None
        new_sec = old_sec
        self._front_matter(span)
        opened = self._code.opened(span) if self._code is not None else None
        if not marks and not self._guess and opened in (None, (None, None)):
            # no fence, and not known to start in code: no code, and no section to guess
            self.fences.append([])
            self.starts_in_code.append(False)
            self.opened.append((None, None))
            return
        texts, signs = self.lines.texts, self.lines.signs
        fences: Fences = []
        for i in marks:
            text = texts[i]
            fence = FENCE_RE.match(text) if "```" in text or "~~~" in text else None
            if fence:
                fences.append((i, fence.group(2).lower()))
        if self._code is not None and fences:  # only the fences their versions pair
            real = self._code.fences([i for i, _ in fences])
            fences = [f for f in fences if f[0] in real]
        self.fences.append(fences)
        if opened is None:
            guessed: Opened = (None, "") if _starts_in_code(texts, span, fences) else None
            opened = (guessed, guessed)
        self.opened.append(opened)
        fence_old, fence_new = opened[0] is not None, opened[1] is not None
        self.starts_in_code.append(fence_old or fence_new)
        if self._code is not None:  # the versions say which lines are code
            self.code.update(self._code.code(span))
            if not self._guess:
                return
        minus = signs.find("-", span.first, span.end) != -1
        front, sections = self.front, self.sections
        code = self.code if self._code is None else set()  # (where the versions said, only for headings)
        fence_at = dict(fences)
        prev = span.first
        guess = self._guess
        for i in [*marks, span.end]:
            if guess and old_sec == new_sec:
                sections[prev:i] = [new_sec] * (i - prev)
            elif guess:
                for k in range(prev, i):
                    sections[k] = old_sec if signs[k] == "-" else new_sec
            if (fence_old and fence_new) or (fence_new and not minus):
                code.update(range(prev, i))
            elif fence_old or fence_new:
                code.update(k for k in range(prev, i) if (signs[k] == "-") == fence_old)
            if i == span.end:
                break
            prev = i + 1
            sign = signs[i]
            is_fence = i in fence_at
            if is_fence:
                if sign != "+":
                    fence_old = not fence_old
                if sign != "-":
                    fence_new = not fence_new
            in_code = fence_old if sign == "-" else fence_new
            if in_code and not is_fence:
                code.add(i)
            if not guess:
                continue
            m = heading(texts[i]) if i not in front else None
            if m and not in_code:
                title = clean_inline(m[1])
                if sign != "+":
                    old_sec = title
                if sign != "-":
                    new_sec = title
            sections[i] = old_sec if sign == "-" else new_sec

    def _front_matter(self, span: Span) -> None:
        if min(span.old_start, span.new_start) > 40:
            return
        texts = self.lines.texts
        start = span.first
        if span.old_start <= 1 and span.end > start and texts[start].strip() == "---":
            start += 1
        comments = (
            False  # `# Customer intent: …` above the `---`: a YAML comment, if every other line is YAML
        )
        for i in range(start, span.end):
            text = texts[i]
            if text.strip() == "---":
                if not comments or all(
                    _YAML_LINE.match(texts[k]) or texts[k].startswith("#") for k in range(span.first, i)
                ):
                    self.front.update(range(start, i))
                return
            if text.startswith("#") and heading(text):
                comments = True
            elif heading(text) or FENCE_RE.match(text):
                return
        last = span.end
        while last > span.first and not texts[last - 1].strip():
            last -= 1  # the blank end of a patch is not a line of the file
        if start > span.first or (
            last - span.first >= 2
            and all(
                _YAML_LINE.match(texts[i]) or _KEY_COMMENT.match(texts[i]) for i in range(span.first, last)
            )
        ):
            # opened on line 1 and still open where the hunk ends, or a hunk near the top made only of
            # `key: value` lines and keys commented out (no blank line, heading or prose): all of it is front
            # matter
            self.front.update(range(start, span.end))

    def section(self, i: int) -> str | None:
        return self.sections[i] if self._guess else None


class FullContext:
    """Section and front-matter membership from both parsed versions."""

    def __init__(self, old: Document | None, new: Document | None, fallback: PatchContext) -> None:
        self.old, self.new, self.fallback = old, new, fallback
        self.lines = fallback.lines
        self.fences = fallback.fences
        self.starts_in_code = fallback.starts_in_code
        self.opened = fallback.opened
        self.front: set[int] = set()  # indexes of front matter lines
        old_end = old.fm_end if old is not None else -1  # a version not parsed: none of its lines here
        new_end = new.fm_end if new is not None else -1
        signs = self.lines.signs
        for span in self.lines.spans:
            # each side's lines come in the order of their line numbers: a side's front matter lines are
            # the first of its lines in the hunk, and none is left once both sides are past their ends
            n_old, n_new = span.old_start, span.new_start
            for i in range(span.first, span.end):
                if n_old > old_end and n_new > new_end:
                    break
                if signs[i] == "-":
                    if 1 <= n_old <= old_end:
                        self.front.add(i)
                    n_old += 1
                    continue
                if 1 <= n_new <= new_end:
                    self.front.add(i)
                n_new += 1
                n_old += signs[i] == " "
        if old is None or new is None:  # the lines of a version not parsed: as the patch says
            self.front.update(i for i in fallback.front if (old if signs[i] == "-" else new) is None)

    def section(self, i: int) -> str | None:
        if self.lines.signs[i] == "-":
            doc, n = self.old, self.lines.old(i)
        else:
            doc, n = self.new, self.lines.new(i)
        if doc is None or n is None:
            return self.fallback.section(i)
        return doc.section_at(n)


Context = PatchContext | FullContext


def _starts_in_code(texts: list[str], span: Span, fences: Fences) -> bool:
    """Guess whether a hunk starts inside a fenced code block: its first fence has no language and
    is followed by a blank line or the end of the hunk (a closing fence), or by a heading."""
    if not fences:
        return False
    i, lang = fences[0]
    if lang:
        return False
    if i + 1 >= span.end:
        return True
    return not texts[i + 1].strip() or bool(heading(texts[i + 1]))
