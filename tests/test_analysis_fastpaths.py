"""The analysis's fast paths give what the general algorithms they skip would give.

Each test builds random inputs, runs the fast path and the general one (the fast path's test switched off by
monkeypatching it), and compares every result.
"""

from __future__ import annotations

import random

import pytest

from diffreport.analysis import markdown, sections
from diffreport.analysis.context import PatchContext
from diffreport.analysis.document import parse_document
from diffreport.analysis.patch import diff_lines, diff_texts
from diffreport.analysis.yaml_tree import old_from_new
from diffreport.models import FileAnalysis

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
    lines = diff_lines("\n".join(old_lines), "\n".join(new_lines))
    fast = sections.compare_sections(old, new, lines, lines.changed())
    monkeypatch.setattr(sections, "_same_headings", lambda _old, _new: False)
    assert fast == sections.compare_sections(old, new, lines, lines.changed())


@pytest.mark.parametrize("seed", range(40))
def test_old_version_rebuilt_from_the_new_one(seed: int) -> None:
    """Whole hunks checked at once (LF files) and line by line (CRLF files) rebuild the same old text, and
    both refuse a new text the patch does not fit."""
    rng = random.Random(seed)
    old_lines = [f"key{rng.randint(1, 6)}: {rng.randint(1, 3)}" for _ in range(rng.randint(0, 60))]
    new_lines = [f"{line}x" if rng.random() < 0.1 else line for line in old_lines if rng.random() > 0.1]
    new_lines[rng.randint(0, len(new_lines)) : 0] = ["added: 1"] * rng.randint(0, 3)
    old, new = "\n".join(old_lines), "\n".join(new_lines)
    hunks = diff_texts(old, new, context=rng.randint(1, 3))
    assert old_from_new(new, hunks) == old
    rebuilt = old_from_new(new.replace("\n", "\r\n"), hunks)
    assert rebuilt is not None
    assert rebuilt.replace("\r", "") == old
    if hunks and any(ln.sign != "-" for h in hunks for ln in h.lines):
        wrong = "\n".join(f"{line}!" for line in new_lines)
        assert old_from_new(wrong, hunks) is None
        assert old_from_new(wrong.replace("\n", "\r\n"), hunks) is None


def _body_line(rng: random.Random) -> str:
    return rng.choice(
        ["Text.", "```bash", "```", "~~~", "# not a heading in code", "- [x](a.md)", "| a | b |", ""]
    )


@pytest.mark.parametrize("seed", range(60))
def test_parsed_versions_need_no_guessed_sections(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where every changed line lies in a parsed version, the patch's own guess of sections is not built:
    the facts are the same (both versions parsed, or one, as for an added or deleted file)."""
    rng = random.Random(seed)
    parsed = rng.choice(["both", "both", "old", "new", "neither"])
    old_lines = ["---", "title: T", "---", ""]
    for _ in range(rng.randint(1, 40)):
        old_lines.append(f"## {rng.choice(_TITLES)}" if rng.random() < 0.2 else _body_line(rng))
    new_lines = [
        _body_line(rng) if rng.random() < 0.15 else line for line in old_lines if rng.random() > 0.05
    ]
    old_text, new_text = "\n".join(old_lines), "\n".join(new_lines)
    if parsed == "new" and rng.random() < 0.5:  # an added file
        old_text = ""
    if parsed == "old" and rng.random() < 0.5:  # a deleted file
        new_text = ""
    lines = diff_lines(old_text, new_text)
    status = "added" if not old_text else "deleted" if not new_text else "modified"

    def facts() -> FileAnalysis:
        fa = FileAnalysis(kind="markdown", path="a.md", status=status)
        old = parse_document(old_text) if parsed in ("both", "old") else None
        new = parse_document(new_text) if parsed in ("both", "new") else None
        return markdown.analyse_markdown(fa, lines, old, new)

    skipped = facts()
    monkeypatch.setattr(
        markdown, "PatchContext", lambda h, sections, code: PatchContext(h, sections=True, code=code)
    )
    assert skipped == facts()
