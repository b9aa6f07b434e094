"""Simple analyses of navigation files: toc.yml entries and redirection JSON entries.

Both are read from the diff lines (entries are a key line and a target line close to each
other), which works the same on a patch and on two full versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import FileAnalysis, RedirectChange, TocEntryChange
from .pairing import Pool
from .patch import Hunk

MAX_ITEMS = 60
TOC_NAME_RE = re.compile(r"^\s*(?:-\s*)?(?:name|displayName)\s*:\s*(.*)")  # values are unquoted and stripped
TOC_HREF_RE = re.compile(r"^\s*(?:-\s*)?href\s*:\s*(.*)")
REDIRECT_SOURCE_RE = re.compile(r"^\s*\"source_path(?:_from_root)?\"\s*:\s*\"([^\"]*)\"")
REDIRECT_TARGET_RE = re.compile(r"^\s*\"redirect_url\"\s*:\s*\"([^\"]*)\"")


@dataclass
class Entry:
    name: str
    target: str | None = None
    name_sign: str = " "
    target_sign: str = " "
    line: int | None = None
    old_line: int | None = None

    def touched(self, sign: str) -> bool:
        return sign in (self.name_sign, self.target_sign)


def _entries(
    hunks: list[Hunk], side: str, name_re: re.Pattern[str], target_re: re.Pattern[str]
) -> list[Entry]:
    out: list[Entry] = []
    for hunk in hunks:
        current: Entry | None = None
        distance = 0
        for line in hunk.lines:
            if line.sign not in (" ", side):
                continue
            distance += 1
            m = name_re.match(line.text)
            if m:
                current = Entry(_unquote(m.group(1)), name_sign=line.sign, line=line.new, old_line=line.old)
                out.append(current)
                distance = 0
                continue
            t = target_re.match(line.text)
            if t and current is not None and current.target is None and distance <= 3:
                current.target = _unquote(t.group(1))
                current.target_sign = line.sign
    return [e for e in out if e.touched(side)]


def _unquote(text: str) -> str:
    return text.strip().strip("'\"")


def _pair(plus: list[Entry], minus: list[Entry]) -> list[tuple[str, Entry | None, Entry | None]]:
    """(kind, new, old) with kind added/removed/renamed/retargeted; unchanged pairs dropped."""
    out: list[tuple[str, Entry | None, Entry | None]] = []
    left = Pool(minus, lambda o: (o.name, o.target), lambda o: o.target, lambda o: o.name)
    for e in plus:
        if left.take_first(0, (e.name, e.target)) is not None:
            continue
        by_target = left.take_first(1, e.target) if e.target else None
        by_name = left.take_first(2, e.name) if by_target is None else None
        if by_target is not None:
            out.append(("renamed", e, by_target))
        elif by_name is not None:
            out.append(("retargeted", e, by_name))
        else:
            out.append(("added", e, None))
    out += [("removed", None, o) for o in left.left()]
    return out


def analyse_toc(fa: FileAnalysis, hunks: list[Hunk]) -> FileAnalysis:
    plus = _entries(hunks, "+", TOC_NAME_RE, TOC_HREF_RE)
    minus = _entries(hunks, "-", TOC_NAME_RE, TOC_HREF_RE)
    for kind, new, old in _pair(plus, minus)[:MAX_ITEMS]:
        ref = new or old
        assert ref is not None
        fa.toc.append(
            TocEntryChange(
                kind=kind,  # type: ignore[arg-type]
                name=ref.name,
                href=ref.target,
                old_name=old.name if old and new and old.name != new.name else None,
                old_href=old.target if old and new and old.target != new.target else None,
                line=new.line if new else None,
                old_line=old.old_line if old else None,
            )
        )
    return fa


def analyse_redirects(fa: FileAnalysis, hunks: list[Hunk]) -> FileAnalysis:
    plus = _entries(hunks, "+", REDIRECT_SOURCE_RE, REDIRECT_TARGET_RE)
    minus = _entries(hunks, "-", REDIRECT_SOURCE_RE, REDIRECT_TARGET_RE)
    for kind, new, old in _pair(plus, minus)[:MAX_ITEMS]:
        ref = new or old
        assert ref is not None
        if kind == "renamed":  # same target, new source: a redirect removed and one added
            fa.redirects.append(
                RedirectChange(kind="added", source=ref.name, target=ref.target, line=ref.line)
            )
            assert old is not None
            fa.redirects.append(
                RedirectChange(kind="removed", source=old.name, target=old.target, old_line=old.old_line)
            )
            continue
        fa.redirects.append(
            RedirectChange(
                kind=kind,  # type: ignore[arg-type]
                source=ref.name,
                target=ref.target,
                old_target=old.target if kind == "retargeted" and old else None,
                line=new.line if new else None,
                old_line=old.old_line if old else None,
            )
        )
    return fa
