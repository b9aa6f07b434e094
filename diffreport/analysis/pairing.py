"""Pairing removed items with added ones in linear time: the first free item with a given key."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")
P = TypeVar("P", bound="tuple[Hashable, object]")


class Pool(Generic[T]):
    """Items in their order, each taken at most once, found by one of several keys.

    ``first(k, key)`` is the earliest free item whose ``keys[k]`` is ``key`` (``None`` keys are not
    indexed), as a scan of the list would find it, but in amortised constant time.
    """

    def __init__(self, items: Iterable[T], *keys: Callable[[T], Hashable | None]) -> None:
        self.items = list(items)
        self._free = [True] * len(self.items)
        self._index: list[dict[Hashable, deque[int]]] = []
        for key in keys:
            index: dict[Hashable, deque[int]] = {}
            for n, item in enumerate(self.items):
                k = key(item)
                if k is None:
                    continue
                found = index.get(k)
                if found is None:
                    index[k] = deque((n,))
                else:
                    found.append(n)
            self._index.append(index)

    def first(self, which: int, key: Hashable) -> int | None:
        queue = self._index[which].get(key)
        while queue and not self._free[queue[0]]:
            queue.popleft()
        return queue[0] if queue else None

    def is_free(self, n: int) -> bool:
        return self._free[n]

    def take(self, n: int) -> T:
        self._free[n] = False
        return self.items[n]

    def take_first(self, which: int, key: Hashable) -> T | None:
        n = self.first(which, key)
        return None if n is None else self.take(n)

    def left(self) -> list[T]:
        return [item for item, free in zip(self.items, self._free, strict=True) if free]


def cancel(plus: list[P], minus: list[P]) -> tuple[list[P], list[P]]:
    """Drop items present on both sides (``(key, line)`` pairs; a line edited around an unchanged link)."""
    pool = Pool(minus, lambda item: item[0])
    kept = [item for item in plus if pool.take_first(0, item[0]) is None]
    return kept, pool.left()
