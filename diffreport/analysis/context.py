"""Where a changed line lives: its section, and whether it is front matter.

:class:`PatchContext` guesses both from the hunks alone; :class:`FullContext` reads them from the two
parsed versions and falls back on the patch's guess for lines it cannot place. Both classify every line
once, when built: the scanners then look lines up in sets (``front``) instead of asking per line.
"""

from __future__ import annotations

import re

from .document import Document
from .patch import DiffLine, Hunk
from .syntax import FENCE_RE, clean_inline, heading

# A front matter line: `key: value`, an indented continuation or a list item (never blank).
_YAML_LINE = re.compile(r"^(?:[\w.-]{1,80}:(?:[ \t]|$)|[ \t]+\S|-[ \t])")

# The fence lines of a hunk: (index in ``hunk.lines``, language lower-cased), in order.
Fences = list[tuple[int, str]]


class PatchContext:
    """Section and front-matter membership of diff lines, guessed from the hunks alone."""

    def __init__(self, hunks: list[Hunk], *, sections: bool = True) -> None:
        """``sections=False`` leaves :meth:`section` unanswered: for a :class:`FullContext` whose parsed
        versions place every line of the diff themselves."""
        self.hunks = hunks
        self._guess = sections
        self.sections: dict[int, str | None] = {}
        self.front: set[int] = set()  # ids of front matter lines
        self.code: set[int] = set()  # ids of lines inside fenced code blocks (not the fences)
        self.fences: dict[int, Fences] = {}  # id of a hunk -> its fence lines
        self.starts_in_code: dict[int, bool] = {}  # id of a hunk -> starts_in_code(hunk)
        for hunk in hunks:
            self._scan(hunk)

    def _scan(self, hunk: Hunk) -> None:
        head = heading(hunk.header) if self._guess else None
        old_sec: str | None = clean_inline(head[1]) if head else None
        new_sec = old_sec
        self._front_matter(hunk)
        lines = hunk.lines
        # only lines holding "#", "```" or "~~~" can be headings or fences: the lines between two of them
        # share their section and code state, and are filled in bulk
        texts = [ln.text for ln in lines]
        joined = "\n".join(texts)  # one search of the hunk tells whether any line has a mark
        if self._guess and ("#" in joined or "```" in joined or "~~~" in joined):
            marks = [i for i, t in enumerate(texts) if "#" in t or "```" in t or "~~~" in t]
        elif not self._guess and ("```" in joined or "~~~" in joined):  # headings do not matter
            marks = [i for i, t in enumerate(texts) if "```" in t or "~~~" in t]
        else:
            marks = []
        fences: Fences = []
        for i in marks:
            text = texts[i]
            fence = FENCE_RE.match(text) if "```" in text or "~~~" in text else None
            if fence:
                fences.append((i, fence.group(2).lower()))
        self.fences[id(hunk)] = fences
        fence_old = fence_new = self.starts_in_code[id(hunk)] = _starts_in_code(lines, fences)
        front, code, sections = self.front, self.code, self.sections
        fence_at = dict(fences)
        prev = 0
        guess = self._guess
        for i in [*marks, len(lines)]:
            run = lines[prev:i] if guess or fence_old or fence_new else []
            if guess and old_sec == new_sec:
                sections.update(dict.fromkeys(map(id, run), new_sec))
            elif guess:
                for ln in run:
                    sections[id(ln)] = old_sec if ln.sign == "-" else new_sec
            if fence_old and fence_new:
                code.update(map(id, run))
            elif fence_old or fence_new:
                code.update(id(ln) for ln in run if (ln.sign == "-") == fence_old)
            if i == len(lines):
                break
            prev = i + 1
            line = lines[i]
            is_fence = i in fence_at
            if is_fence:
                if line.sign != "+":
                    fence_old = not fence_old
                if line.sign != "-":
                    fence_new = not fence_new
            in_code = fence_old if line.sign == "-" else fence_new
            if in_code and not is_fence:
                code.add(id(line))
            if not guess:
                continue
            m = heading(line.text) if id(line) not in front else None
            if m and not in_code:
                title = clean_inline(m[1])
                if line.sign != "+":
                    old_sec = title
                if line.sign != "-":
                    new_sec = title
            sections[id(line)] = old_sec if line.sign == "-" else new_sec

    def _front_matter(self, hunk: Hunk) -> None:
        if min(hunk.old_start, hunk.new_start) > 40:
            return
        lines = hunk.lines
        start = 0
        if hunk.old_start <= 1 and lines and lines[0].text.strip() == "---":
            start = 1
        for i in range(start, len(lines)):
            text = lines[i].text
            if text.strip() == "---":
                for line in lines[start:i]:
                    self.front.add(id(line))
                return
            if heading(text) or FENCE_RE.match(text):
                return
        texts = [line.text for line in lines]
        while texts and not texts[-1].strip():
            texts.pop()  # the blank end of a patch is not a line of the file
        if start == 1 or (len(texts) >= 2 and all(_YAML_LINE.match(text) for text in texts)):
            # opened on line 1 and still open where the hunk ends, or a hunk near the top made only of
            # `key: value` lines (no blank line, heading or prose): all of it is front matter
            for line in lines[start:]:
                self.front.add(id(line))

    def section(self, line: DiffLine) -> str | None:
        return self.sections.get(id(line))

    def in_front_matter(self, line: DiffLine) -> bool:
        return id(line) in self.front

    def in_code(self, line: DiffLine) -> bool:
        """Inside a fenced code block (the fence lines themselves are not)."""
        return id(line) in self.code


class FullContext:
    """Section and front-matter membership from both parsed versions."""

    def __init__(self, old: Document | None, new: Document | None, fallback: PatchContext) -> None:
        self.old, self.new, self.fallback = old, new, fallback
        self.fences = fallback.fences
        self.starts_in_code = fallback.starts_in_code
        self.front: set[int] = set()  # ids of front matter lines
        old_end = old.fm_end if old is not None else 0
        new_end = new.fm_end if new is not None else 0
        for hunk in fallback.hunks:
            if old is not None and new is not None and hunk.old_start > old_end and hunk.new_start > new_end:
                continue  # every line of the hunk lies below both front matters
            for line in hunk.lines:
                doc, n, end = (old, line.old, old_end) if line.sign == "-" else (new, line.new, new_end)
                if doc is None or n is None:
                    if id(line) in fallback.front:
                        self.front.add(id(line))
                elif 1 <= n <= end:
                    self.front.add(id(line))

    def section(self, line: DiffLine) -> str | None:
        doc, n = (self.old, line.old) if line.sign == "-" else (self.new, line.new)
        if doc is None or n is None:
            return self.fallback.section(line)
        return doc.section_at(n)

    def in_front_matter(self, line: DiffLine) -> bool:
        return id(line) in self.front


Context = PatchContext | FullContext


def _starts_in_code(lines: list[DiffLine], fences: Fences) -> bool:
    """Guess whether a hunk starts inside a fenced code block: its first fence has no language and
    is followed by a blank line or the end of the hunk (a closing fence), or by a heading."""
    if not fences:
        return False
    i, lang = fences[0]
    if lang:
        return False
    rest = lines[i + 1 : i + 2]
    return not rest or not rest[0].text.strip() or bool(heading(rest[0].text))
