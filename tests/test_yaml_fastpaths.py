"""The YAML analysis's quick ways give what the plain ones give, on generated files and edits."""

from __future__ import annotations

import random
import re

import pytest

from diffreport.analysis import yaml_docs
from diffreport.analysis.patch import Hunk, diff_texts

# ---------------------------------------------------------------- toc.yml and redirection entries

_TOC_NAME = re.compile(r"^\s*(?:-\s*)?(?:name|displayName)\s*:\s*(.*)")
_TOC_HREF = re.compile(r"^\s*(?:-\s*)?href\s*:\s*(.*)")
_SOURCE = re.compile(r"^\s*\"source_path(?:_from_root)?\"\s*:\s*\"([^\"]*)\"")
_TARGET = re.compile(r"^\s*\"redirect_url\"\s*:\s*\"([^\"]*)\"")


def _entries_of_side(
    hunks: list[Hunk], side: str, name_re: re.Pattern[str], target_re: re.Pattern[str]
) -> list[yaml_docs.Entry]:
    """Entries read as first written: one side at a time, with a key and a target pattern."""
    out: list[yaml_docs.Entry] = []
    for hunk in hunks:
        current: yaml_docs.Entry | None = None
        distance = 0
        for line in hunk.lines:
            if line.sign not in (" ", side):
                continue
            distance += 1
            m = name_re.match(line.text)
            if m:
                current = yaml_docs.Entry(
                    yaml_docs._unquote(m.group(1)), name_sign=line.sign, line=line.new, old_line=line.old
                )
                out.append(current)
                distance = 0
                continue
            t = target_re.match(line.text)
            if t and current is not None and current.target is None and distance <= 3:
                current.target = yaml_docs._unquote(t.group(1))
                current.target_sign = line.sign
    return [e for e in out if side in (e.name_sign, e.target_sign)]


def _toc_line(rng: random.Random) -> str:
    return rng.choice(
        [
            f"- name: Entry {rng.randint(1, 4)}",
            f"  displayName: 'Shown {rng.randint(1, 3)}'",
            f"  href: page{rng.randint(1, 4)}.md",
            "  href:",
            "  items:",
            "  - name: Child",
            "- hrefx: no",
            "# name: in a comment",
            "",
        ]
    )


def _redirect_line(rng: random.Random) -> str:
    return rng.choice(
        [
            f'    "source_path": "a{rng.randint(1, 4)}.md",',
            f'    "source_path_from_root": "/b{rng.randint(1, 3)}.md",',
            f'    "redirect_url": "/x/{rng.randint(1, 4)}",',
            '    "redirect_document_id": false',
            "  {",
            "  },",
        ]
    )


@pytest.mark.parametrize("seed", range(60))
def test_entries_of_both_sides_read_in_one_pass(seed: int) -> None:
    rng = random.Random(seed)
    toc = seed % 2 == 0
    line = _toc_line if toc else _redirect_line
    old = [line(rng) for _ in range(rng.randint(0, 40))]
    new = [x for x in old if rng.random() > 0.15]
    for _ in range(rng.randint(0, 6)):
        new.insert(rng.randint(0, len(new)), line(rng))
    hunks = diff_texts("\n".join(old), "\n".join(new), context=rng.randint(0, 3))
    patterns = (_TOC_NAME, _TOC_HREF) if toc else (_SOURCE, _TARGET)
    both = yaml_docs._entries(hunks, yaml_docs.TOC_LINE if toc else yaml_docs.REDIRECT_LINE)
    assert both == (_entries_of_side(hunks, "+", *patterns), _entries_of_side(hunks, "-", *patterns))
