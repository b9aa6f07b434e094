"""Front matter read without PyYAML gives exactly what PyYAML gives.

PyYAML is the oracle: ``_oracle`` is the reading the fast path sits in front of (the loader, each
top-level value made a string, the ``key: value`` lines when the loader fails), and every test compares
the two, on every page of the real corpus repositories and on generated front matter.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from analysis_helpers import corpus_markdown_pages

from diffreport.analysis import frontmatter
from diffreport.analysis.document import derive_old, parse_document
from diffreport.analysis.frontmatter import front_matter_values
from diffreport.analysis.patch import parse_lines
from diffreport.analysis.syntax import FM_KEY_RE

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _string(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_string(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_string(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _oracle(content: str) -> dict[str, str]:
    try:
        data = yaml.load(content, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        return {m.group(1): m.group(2).strip() for m in map(FM_KEY_RE.match, content.splitlines()) if m}
    return {str(k): _string(v) for k, v in data.items()}


def _oracle_lines(content: str, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    for n, line in enumerate(content.splitlines()):
        m = FM_KEY_RE.match(line)
        if m:
            lines.setdefault(m.group(1), first_line + n)
    return lines


def _assert_page(text: str) -> bool:
    """The page's front matter (new, and old through derive_old) reads as PyYAML reads it; True when fast."""
    lines = text.splitlines()
    doc = parse_document(text)
    if not doc.fm_end:
        return False
    content = "\n".join(lines[1 : doc.fm_end - 1])
    expected = (_oracle(content), _oracle_lines(content, 2))
    assert (doc.front_matter, doc.fm_lines) == expected, repr(content)
    old = derive_old(doc, text, parse_lines(""))
    assert old is not None
    if old.fm_end == doc.fm_end:  # derive_old finds the block by its own, simpler rule
        assert (old.front_matter, old.fm_lines) == expected, repr(content)
    return frontmatter._simple(content) is not None


def test_the_fast_path_reads_as_yaml_and_leaves_the_rest_to_it() -> None:
    content = "title: Agents in C#\nms.date: 04/11/2025\ndescription: 'Quoted: # kept'\nauthor:\n"
    assert frontmatter._simple(content) == {
        "title": "Agents in C#",
        "ms.date": "04/11/2025",
        "description": "Quoted: # kept",
        "author": "",
    }
    typed = {"a": "yes", "b": "1:20", "c": "2025-04-11T10:00:00Z", "d": "~", "e": "0x1F", "f": "1_000"}
    content = "\n".join(f"{k}: {v}" for k, v in typed.items())
    assert frontmatter._simple(content) is None
    assert front_matter_values(content) == {
        "a": "True",
        "b": "80",
        "c": "2025-04-11 10:00:00+00:00",
        "d": "",
        "e": "31",
        "f": "1000",
    }
    for content in ["on: x", "a: b\na: c", "a: b # c", "a: b: c", "a: b ", "a:\tb", "a: |", "a:b", "- a"]:
        assert frontmatter._simple(content) is None, content
        assert front_matter_values(content) == _oracle(content), content


_KEYS = ["title", "description", "ms.date", "ms-topic", "_x", "author", "yes", "On", "null", "No", "y", "n"]
_VALUES = [
    "Page",
    "Build an agent",
    "Semantic Kernel's agents",
    "Agents in C#",
    "a #b",
    "a#b",
    "#x",
    "a: b",
    "a:b",
    "a:",
    "https://learn.microsoft.com/x?y=1&z=2",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "True",
    "FALSE",
    "~",
    "null",
    "Null",
    "NULL",
    "nul",
    "1_000",
    "0x1F",
    "0b101",
    "017",
    "08",
    "1:20",
    "1:20:30.5",
    "-1:20",
    "1e3",
    "1.0e+3",
    "1.5",
    ".5",
    "+.inf",
    ".NaN",
    "-12",
    "+3",
    "0",
    "2025-04-11",
    "2025-4-11 10:00:00",
    "2025-04-11T10:00:00Z",
    "2025-04-11t10:00:00.5 +02:00",
    "04/11/2025",
    "2025-04-11x",
    "'quoted'",
    "'it''s'",
    "'open",
    "''",
    '"double"',
    '"with \\"escape\\""',
    '"tab\\t"',
    '"x" y',
    '""',
    "'a' # c",
    "- item",
    "-item",
    "? q",
    "?q",
    ": x",
    ",a",
    "[a, b]",
    "a [b] {c}",
    "{a: b}",
    "&anchor a",
    "*alias",
    "!tag a",
    "!!str 1",
    "| text",
    "> text",
    "%x",
    "@x",
    "`code`",
    "<<",
    "<b>",
    "=",
    "a=b",
    "日本語のタイトル",
    "Café – naïve",
    "emoji 🎉",
    "nbsp\u00a0here",
    "zero\u200bwidth",
    "bom\ufeff",
    "ctrl\x07",
    "del\x7f",
    "back\\slash",
    "",
    " ",
    "trailing ",
    "  two spaces before",
    "a\tb",
    "tab\t",
]
# values of everyday front matter, which the fast path reads itself
_COMMON = [
    "Page",
    "Build an agent (Preview)",
    "Semantic Kernel's agents",
    "Agents in C#",
    "https://learn.microsoft.com/x?y=1&z=2",
    "04/11/2025",
    "'quoted'",
    '"double"',
    "日本語のタイトル",
    "a [b] {c}",
    "",
]
_LINES = ["", "# comment", "  nested: x", "- item", "key: |", "  block", "title : spaced", "...", "   "]


def _generated(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randrange(1, 7)):
        roll = rng.random()
        if roll < 0.04:
            lines.append(rng.choice(_LINES))
            continue
        key = rng.choice(_KEYS[:6]) if roll < 0.9 else rng.choice(_KEYS)
        if rng.random() < 0.8:
            key += str(len(lines))  # mostly no duplicate keys
        value = rng.choice(_COMMON) if rng.random() < 0.85 else rng.choice(_VALUES)
        lines.append(f"{key}:{rng.choice([' ', ' ', ' ', ' ', '  ', '', chr(9)])}{value}")
    return "\n".join(lines)


def test_generated_front_matter_reads_as_yaml() -> None:
    rng = random.Random(20261126)
    fast = 0
    for _ in range(4000):
        content = _generated(rng)
        assert front_matter_values(content) == _oracle(content), repr(content)
        simple = frontmatter._simple(content)
        if simple is not None:
            fast += 1
            assert simple == _oracle(content), repr(content)
        text = f"---\n{content}\n---\n# Title\n"
        _assert_page(text)
    assert 500 < fast < 3500  # both paths are taken


def test_every_single_value_reads_as_yaml() -> None:
    for key in _KEYS:
        for value in _VALUES:
            for sep in [": ", ":  ", ":"]:
                content = f"{key}{sep}{value}"
                assert front_matter_values(content) == _oracle(content), repr(content)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["semantic-kernel-docs", "diff-insight-posts-2024"])
def test_every_corpus_page_reads_as_yaml(corpus: Path, tmp_path: Path, name: str) -> None:
    pages = fast = 0
    for text in corpus_markdown_pages(corpus, name, tmp_path):
        pages += parse_document(text).fm_end > 0
        fast += _assert_page(text)
    assert pages > 10
    assert fast > 0


def test_the_implicit_types_are_pyyamls() -> None:
    """The implicit types written out in the module are PyYAML's own, first character by first character."""
    from diffreport.analysis.frontmatter import _IMPLICIT

    theirs = {
        first: [(p.pattern, p.flags) for _tag, p in resolvers]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    assert {first: [(p.pattern, p.flags) for p in found] for first, found in _IMPLICIT.items()} == theirs


def test_simple_front_matter_is_read_without_pyyaml() -> None:
    """PyYAML is a fifth of a one-day report's start: simple front matter (most of it) does not load it."""
    code = (
        "import sys\n"
        "from diffreport.analysis.frontmatter import front_matter_values\n"
        "values = front_matter_values('title: Setup\\nms.date: 01/02/2025\\nms.topic: how-to')\n"
        "assert values == {'title': 'Setup', 'ms.date': '01/02/2025', 'ms.topic': 'how-to'}, values\n"
        "assert 'yaml' not in sys.modules\n"
        "front_matter_values('tags: [a, b]')\n"
        "assert 'yaml' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
