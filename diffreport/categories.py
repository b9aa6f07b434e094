"""Categories: which area of the docs a changed path belongs to (prefixes and globs, first match wins)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .change import FileChange
from .settings import SourceSettings


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regex over ``/``-separated paths: ``*`` and ``?`` stay in one segment, ``**``
    crosses them; a pattern that matches a folder also matches everything under it."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            neg = body[:1] in ("!", "^")
            body = re.escape(body[1:] if neg else body).replace("\\-", "-")
            out.append(f"[{'^' if neg else ''}{body}]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out).rstrip("/") + r"(?:/.*)?\Z", re.DOTALL)


class Categorizer:
    """Path -> category: prefixes and globs in config order, the first match wins."""

    def __init__(self, categories: dict[str, list[str]], catch_all: str | None = None) -> None:
        self.catch_all = catch_all
        self._rules: list[tuple[str, Callable[[str], bool]]] = []
        for name, patterns in categories.items():
            for pattern in patterns:
                self._rules.append((name, _matcher(pattern)))
        self.order = list(categories) + ([catch_all] if catch_all and catch_all not in categories else [])

    def __call__(self, path: str) -> str | None:
        for name, matches in self._rules:
            if matches(path):
                return name
        return self.catch_all


def _matcher(pattern: str) -> Callable[[str], bool]:
    pattern = pattern.strip().lstrip("/")
    if any(c in pattern for c in "*?["):
        regex = glob_regex(pattern)
        return lambda path: regex.match(path) is not None
    prefix = pattern.rstrip("/")
    return lambda path: path == prefix or path.startswith(prefix + "/")


def split_by_category(
    changes: Sequence[FileChange], source: SourceSettings
) -> tuple[dict[str, list[FileChange]], list[FileChange]]:
    """Changes grouped by category (in config order), and the changes matching none."""
    if not source.categories:
        return ({source.catch_all or source.name: list(changes)} if changes else {}), []
    categorize = Categorizer(source.categories, source.catch_all)
    groups: dict[str, list[FileChange]] = {name: [] for name in categorize.order}
    unmatched: list[FileChange] = []
    for change in changes:
        name = categorize(change.path)
        if name is None:
            unmatched.append(change)
        else:
            groups[name].append(change)
    return {k: v for k, v in groups.items() if v}, unmatched
