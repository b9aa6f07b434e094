"""The two versions of a changed file, read from git only when an analysis asks for them.

Apart from :mod:`.yaml_files`, which reads YAML with them: a range without YAML or JSON files imports none
of the YAML analysis (:mod:`.yaml_files`, :mod:`.reference`, :mod:`.yaml_docs` ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Versions:
    """The two versions of a file, each read (at most once) only when asked for."""

    load_new: Callable[[], str | None] = lambda: None
    load_old: Callable[[], str | None] = lambda: None
    read: bool = False
    _cache: dict[str, str | None] = field(default_factory=dict)

    def new(self) -> str | None:
        return self._get("new", self.load_new)

    def old(self) -> str | None:
        return self._get("old", self.load_old)

    def _get(self, side: str, loader: Callable[[], str | None]) -> str | None:
        if side not in self._cache:
            self._cache[side] = loader()
            self.read = self.read or self._cache[side] is not None
        return self._cache[side]
