"""Where a changed line lives: its section, and whether it is front matter.

:class:`PatchContext` guesses both from the hunks alone; :class:`FullContext` reads them from the two
parsed versions and falls back on the patch's guess for lines it cannot place.
"""

from __future__ import annotations

import re

from .document import Document
from .patch import DiffLine, Hunk
from .syntax import FENCE_RE, clean_inline, heading

# A front matter line: `key: value`, an indented continuation or a list item (never blank).
_YAML_LINE = re.compile(r"^(?:[\w.-]{1,80}:(?:[ \t]|$)|[ \t]+\S|-[ \t])")


class PatchContext:
    """Section and front-matter membership of diff lines, guessed from the hunks alone."""

    def __init__(self, hunks: list[Hunk]) -> None:
        self.sections: dict[int, str | None] = {}
        self.front: set[int] = set()
        self.code: set[int] = set()
        for hunk in hunks:
            self._scan(hunk)

    def _scan(self, hunk: Hunk) -> None:
        head = heading(hunk.header)
        old_sec: str | None = clean_inline(head[1]) if head else None
        new_sec = old_sec
        self._front_matter(hunk)
        fence_old = fence_new = starts_in_code(hunk)
        for line in hunk.lines:
            fence = FENCE_RE.match(line.text)
            if fence:
                if line.sign != "+":
                    fence_old = not fence_old
                if line.sign != "-":
                    fence_new = not fence_new
            m = heading(line.text) if id(line) not in self.front else None
            in_code = fence_old if line.sign == "-" else fence_new
            if in_code and not fence:
                self.code.add(id(line))
            if m and not in_code:
                title = clean_inline(m[1])
                if line.sign != "+":
                    old_sec = title
                if line.sign != "-":
                    new_sec = title
            self.sections[id(line)] = old_sec if line.sign == "-" else new_sec

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

    def _doc(self, line: DiffLine) -> tuple[Document | None, int | None]:
        return (self.old, line.old) if line.sign == "-" else (self.new, line.new)

    def section(self, line: DiffLine) -> str | None:
        doc, n = self._doc(line)
        if doc is None or n is None:
            return self.fallback.section(line)
        return doc.section_at(n)

    def in_front_matter(self, line: DiffLine) -> bool:
        doc, n = self._doc(line)
        if doc is None or n is None:
            return self.fallback.in_front_matter(line)
        return 1 <= n <= doc.fm_end


Context = PatchContext | FullContext


def starts_in_code(hunk: Hunk) -> bool:
    """Guess whether a hunk starts inside a fenced code block: its first fence has no language and
    is followed by a blank line or the end of the hunk (a closing fence), or by a heading."""
    for i, line in enumerate(hunk.lines):
        m = FENCE_RE.match(line.text)
        if not m:
            continue
        if m.group(2):
            return False
        rest = [ln.text for ln in hunk.lines[i + 1 :]]
        return not rest or not rest[0].strip() or bool(heading(rest[0]))
    return False
