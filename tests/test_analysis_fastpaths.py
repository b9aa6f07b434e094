"""The analysis's fast paths give what the general algorithms they skip would give.

Each test builds random inputs, runs the fast path and the general one (the fast path's test switched off by
monkeypatching it), and compares every result.
"""

from __future__ import annotations

import random

import pytest

from diffreport.analysis import sections
from diffreport.analysis.document import parse_document
from diffreport.analysis.patch import changed_lines, diff_texts

_TITLES = ["Install", "Configure", "Use", "Examples", "Limits", "See also"]


def _page(rng: random.Random, headings: list[tuple[int, str]]) -> list[str]:
    lines = ["---", f"title: Page {rng.randint(1, 3)}", "---", ""]
    for level, title in headings:
        lines += ["#" * level + " " + title, ""]
        lines += [f"Text {rng.randint(1, 4)}." for _ in range(rng.randint(0, 4))]
    return lines


def _edit(rng: random.Random, lines: list[str]) -> list[str]:
    """``lines`` with some body lines changed, added or removed (headings and front matter kept)."""
    out = lines[:4]
    for line in lines[4:]:
        roll = rng.random()
        if line.startswith("#") or roll > 0.3:
            out.append(line)
        elif roll < 0.1:
            out.append(f"Changed {rng.randint(1, 4)}.")
        elif roll < 0.2:
            out += [line, f"Added {rng.randint(1, 4)}."]
    return out


@pytest.mark.parametrize("seed", range(40))
def test_same_headings_shortcut_matches_the_alignment(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    headings = [(rng.choice([1, 2, 2, 3, 3, 4]), rng.choice(_TITLES)) for _ in range(rng.randint(0, 30))]
    old_lines = _page(rng, headings)
    new_lines = _edit(rng, old_lines)
    if rng.random() < 0.3 and headings:  # headings that differ too: the shortcut must not apply
        k = rng.randrange(len(headings))
        new_lines = _page(random.Random(seed), [*headings[:k], (2, "Extra"), *headings[k:]])
    old, new = parse_document("\n".join(old_lines)), parse_document("\n".join(new_lines))
    body = changed_lines(diff_texts("\n".join(old_lines), "\n".join(new_lines)))
    fast = sections.compare_sections(old, new, body)
    monkeypatch.setattr(sections, "_same_headings", lambda _old, _new: False)
    assert fast == sections.compare_sections(old, new, body)
