"""A unified diff as an HTML view: line numbers, added/removed lines coloured, word changes marked.

Within a hunk, each run of removed lines followed by added lines is paired line by line (difflib picks
the pairs), and a pair that is similar enough gets its changed words wrapped in ``<del>``/``<ins>``.
Words are ASCII word runs or single other characters, so Japanese text is compared per character.
Everything from the diff is escaped.
"""

from __future__ import annotations

import difflib
import re
from html import escape

_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_TOKEN = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.DOTALL)
MAX_PAIR_TOKENS = 600  # beyond this, the differing middle of a line is marked as a whole
MAX_BLOCK_PAIRS = 400  # beyond removed x added lines, pair by position
MIN_RATIO = 0.35


def _row(kind: str, old: int | str, new: int | str, sign: str, body: str) -> str:
    return (
        f'<tr class="{kind}"><td class="ln" data-n="{old}"></td><td class="ln" data-n="{new}"></td>'
        f'<td class="code"><span class="sign">{sign}</span>{body}</td></tr>\n'
    )


def word_diff(old: str, new: str) -> tuple[str, str] | None:
    """``(old html, new html)`` with changed words marked, or ``None`` when the lines barely relate.

    The common prefix and suffix are cut first (most edits touch the middle of a line), so difflib only
    compares what differs; a middle too long to compare is marked as changed as a whole.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(mid_a) + len(mid_b) > MAX_PAIR_TOKENS:
        opcodes: list[tuple[str, int, int, int, int]] = [("replace", 0, len(mid_a), 0, len(mid_b))]
        matched = 0
    else:
        matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        opcodes = list(matcher.get_opcodes())
        matched = sum(block.size for block in matcher.get_matching_blocks())
    total = len(a) + len(b)
    if total and 2 * (head + tail + matched) / total < MIN_RATIO:
        return None
    left = [escape("".join(a[:head]), quote=False)]
    right = [left[0]]
    for op, i1, i2, j1, j2 in opcodes:
        old_part = escape("".join(mid_a[i1:i2]), quote=False)
        new_part = escape("".join(mid_b[j1:j2]), quote=False)
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    end = escape("".join(a[len(a) - tail :]), quote=False) if tail else ""
    return "".join(left) + end, "".join(right) + end


def _pairs(removed: list[str], added: list[str]) -> list[tuple[int, int]]:
    """Which removed line goes with which added line (in order)."""
    if len(removed) * len(added) > MAX_BLOCK_PAIRS:
        return [(i, i) for i in range(min(len(removed), len(added)))]
    matcher = difflib.SequenceMatcher(None, removed, added, autojunk=False)
    pairs: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace",):
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=False))
    return pairs or [(i, i) for i in range(min(len(removed), len(added)))]


class _View:
    def __init__(self) -> None:
        self.rows: list[str] = []
        self.old = 0
        self.new = 0
        self.removed: list[str] = []
        self.added: list[str] = []

    def flush(self) -> None:
        removed, added = self.removed, self.added
        if not removed and not added:
            return
        old_html = [escape(line, quote=False) for line in removed]
        new_html = [escape(line, quote=False) for line in added]
        if removed and added:
            for i, j in _pairs(removed, added):
                marked = word_diff(removed[i], added[j])
                if marked:
                    old_html[i], new_html[j] = marked
        for body in old_html:
            self.old += 1
            self.rows.append(_row("del", self.old, "", "-", body))
        for body in new_html:
            self.new += 1
            self.rows.append(_row("add", "", self.new, "+", body))
        self.removed, self.added = [], []

    def line(self, line: str) -> None:
        head = line[:1]
        if head == "-" and not line.startswith("--- "):
            if self.added:
                self.flush()
            self.removed.append(line[1:])
            return
        if head == "+" and not line.startswith("+++ "):
            self.added.append(line[1:])
            return
        self.flush()
        hunk = _HUNK.match(line)
        if hunk:
            self.old, self.new = int(hunk.group(1)) - 1, int(hunk.group(2)) - 1
            self.rows.append(
                f'<tr class="hunk"><td class="ln"></td><td class="ln"></td>'
                f'<td class="code">{escape(line, quote=False)}</td></tr>\n'
            )
        elif head == " " or line == "":
            self.old += 1
            self.new += 1
            self.rows.append(_row("ctx", self.old, self.new, " ", escape(line[1:], quote=False)))
        else:  # "\ No newline at end of file", file headers and anything unexpected
            self.rows.append(
                f'<tr class="meta"><td class="ln"></td><td class="ln"></td>'
                f'<td class="code">{escape(line, quote=False)}</td></tr>\n'
            )


def render_diff(patch: str) -> str:
    """A unified diff (hunks, as in a report's ``diff`` block) as an HTML table."""
    view = _View()
    lines = patch.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        view.line(line.rstrip("\r"))
    view.flush()
    return '<div class="diff"><table>\n' + "".join(view.rows) + "</table></div>\n"
