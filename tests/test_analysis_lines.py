"""The columns a Markdown diff is read into (:class:`Lines`) say what the hunks of :class:`DiffLine` say, and
the shortcuts taken over them give what a walk over every line would.

Each test builds random inputs and compares the columns (or what is read from them) with the same thing
computed line by line from the hunks.
"""

from __future__ import annotations

import difflib
import random
import re

import pytest

from diffreport.analysis import markdown, phrases, procedures, table_columns, tables
from diffreport.analysis.context import FullContext, PatchContext
from diffreport.analysis.document import derive_old, parse_document
from diffreport.analysis.patch import DiffLine, Lines, diff_lines, parse_lines, parse_patch, whole_lines
from diffreport.analysis.syntax import FENCE_RE, LINK_RE

_PATCH_LINES = [
    "@@ -1,2 +1,3 @@",
    "@@ -0,0 +1 @@ ## Head",
    "@@ -7 +9,2 @@",
    "@@ bad",
    "@x",
    "+a",
    "-b",
    " c",
    "",
    "\\ No newline at end of file",
    "+",
    "-",
    "++",
    "--",
    "x",
]


def _patch(rng: random.Random) -> str:
    lines = [rng.choice(_PATCH_LINES) for _ in range(rng.randint(0, 14))]
    if rng.random() < 0.5:  # a whole added or removed hunk
        sign = rng.choice("+-")
        lines += ["@@ -1 +1 @@", *(sign + rng.choice("ab#|") for _ in range(rng.randint(1, 9)))]
    text = "\n".join(lines)
    return text.replace("\n", "\r\n") if rng.random() < 0.2 else text


def _flat(lines: Lines) -> list[tuple[str, str, int | None, int | None]]:
    return [(lines.signs[i], lines.texts[i], lines.old(i), lines.new(i)) for i in range(len(lines.texts))]


def _of(hunk_lines: list[DiffLine]) -> list[tuple[str, str, int | None, int | None]]:
    return [(ln.sign, ln.text, ln.old, ln.new) for ln in hunk_lines]


@pytest.mark.parametrize("seed", range(20))
def test_patch_columns_say_what_the_hunks_say(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        patch = _patch(rng)
        hunks, lines = parse_patch(patch), parse_lines(patch)
        assert [(h.old_start, h.new_start, h.header) for h in hunks] == [
            (s.old_start, s.new_start, s.header) for s in lines.spans
        ]
        assert _flat(lines) == _of([ln for h in hunks for ln in h.lines])
        assert [_of(h.lines) for h in lines.hunks()] == [_of(h.lines) for h in hunks]
        changed = lines.changed()
        assert changed == [i for i, s in enumerate(lines.signs) if s in "+-"]
        assert lines.numbers(changed) == [
            lines.old(i) if lines.signs[i] == "-" else lines.new(i) for i in changed
        ]


@pytest.mark.parametrize("seed", range(20))
def test_diff_columns_number_lines_as_the_opcodes_do(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        a = [rng.choice("abc#") for _ in range(rng.randint(0, 15))]
        b = [rng.choice("abc#") for _ in range(rng.randint(0, 15))]
        context = rng.randint(0, 3)
        expected: list[tuple[str, str, int | None, int | None]] = []
        for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
            for tag, i1, i2, j1, j2 in group:
                if tag == "equal":
                    expected += [(" ", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
                    continue
                expected += [("-", a[i], i + 1, None) for i in range(i1, i2)]
                expected += [("+", b[j], None, j + 1) for j in range(j1, j2)]
        lines = diff_lines("\n".join(a), "\n".join(b), context)
        assert _flat(lines) == expected
        assert _of([ln for h in lines.hunks() for ln in h.lines]) == expected


def _page(rng: random.Random) -> list[str]:
    lines = (
        ["---", "title: T", *(f"k{n}: v" for n in range(rng.randint(0, 4))), "---"]
        if rng.random() < 0.8
        else []
    )
    choices = ["Text.", "", "```bash", "```", "## Head", "| a | b |", "key: v"]
    return lines + [rng.choice(choices) for _ in range(rng.randint(0, 30))]


def _edited(rng: random.Random, lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        roll = rng.random()
        if roll < 0.1:
            continue
        out += [line, "```"] if roll < 0.15 else ["key: w"] if roll < 0.25 else [line]
    return out


@pytest.mark.parametrize("seed", range(30))
def test_front_matter_lines_are_found_without_walking_the_rest(seed: int) -> None:
    """FullContext stops reading a hunk once both sides are past their front matter: it finds the lines a
    walk over every line finds (a line of a version not parsed: the patch's guess)."""
    rng = random.Random(seed)
    for _ in range(40):
        old_lines = _page(rng)
        new_lines = _edited(rng, old_lines)
        old_text, new_text = "\n".join(old_lines), "\n".join(new_lines)
        lines = diff_lines(old_text, new_text, rng.randint(0, 3))
        old = parse_document(old_text) if rng.random() < 0.8 else None
        new = parse_document(new_text) if rng.random() < 0.8 else None
        guess = PatchContext(lines)
        expected = set()
        for i in range(len(lines.texts)):
            doc, n = (old, lines.old(i)) if lines.signs[i] == "-" else (new, lines.new(i))
            if (doc is None and i in guess.front) or (
                doc is not None and n is not None and 1 <= n <= doc.fm_end
            ):
                expected.add(i)
        assert FullContext(old, new, guess).front == expected


@pytest.mark.parametrize("seed", range(30))
def test_code_lines_filled_in_bulk_are_the_lines_between_fences(seed: int) -> None:
    """The lines inside fenced code blocks, filled run by run (whole runs where a hunk removes nothing), are
    those a walk over every line finds: each side's code state flips at its fences."""
    rng = random.Random(seed)
    for _ in range(40):
        old_lines = _page(rng)
        new_lines = _edited(rng, old_lines)
        if rng.random() < 0.3:
            old_lines = []  # an added page: no removed line
        lines = diff_lines("\n".join(old_lines), "\n".join(new_lines), rng.randint(0, 3))
        ctx = PatchContext(lines, sections=rng.random() < 0.5)
        expected = set()
        for span, start in zip(lines.spans, ctx.starts_in_code, strict=True):
            code_old = code_new = start
            for i in range(span.first, span.end):
                sign, fence = lines.signs[i], bool(FENCE_RE.match(lines.texts[i]))
                if fence and sign != "+":
                    code_old = not code_old
                if fence and sign != "-":
                    code_new = not code_new
                if not fence and (code_old if sign == "-" else code_new):
                    expected.add(i)
        assert ctx.code == expected


@pytest.mark.parametrize("seed", range(30))
def test_code_lines_are_the_versions_code_lines_where_they_are_parsed(seed: int) -> None:
    """Given the versions, the lines a hunk holds in code (found walking along each version's blocks) are
    those their version holds in code, looked up line by line (a removed line the old version's, any other
    the new one's); fence-like lines inside a block are code."""
    rng = random.Random(seed)
    for _ in range(40):
        old_lines = _page(rng)
        new_lines = _edited(rng, old_lines)
        if rng.random() < 0.3:
            old_lines = []
        old_text, new_text = "\n".join(old_lines), "\n".join(new_lines)
        lines = diff_lines(old_text, new_text, rng.randint(0, 3))
        old, new = parse_document(old_text), parse_document(new_text)
        ctx = PatchContext(lines, sections=rng.random() < 0.5, code=markdown._Versions(lines, old, new))
        expected = set()
        for i in range(len(lines.texts)):
            doc, n = (old, lines.old(i)) if lines.signs[i] == "-" else (new, lines.new(i))
            assert n is not None
            if doc.code_block_at(n) is not None and not doc.is_fence(n):
                expected.add(i)
        assert ctx.code == expected


_CELLS = [
    "",
    " ",
    "a",
    "--",
    ":--",
    "--:",
    ":-:",
    "---",
    "-",
    "\\|",
    "\\",
    "`x`",
    "b c",
    ":",
    "2.1",
    "**1.2.3**",
    "1",
    "2.",
    "#3",
]


def test_table_cells_read_as_the_patterns_read_them() -> None:
    """A delimiter row is one whose every cell is hyphens, with a colon at either end (GFM: one hyphen is
    enough); cells end at a "|" not escaped, and the row's name is the first cell that is neither empty nor a
    number, dotted or not (else the first)."""
    rng = random.Random(7)
    for _ in range(20000):
        row = "|" + "|".join(rng.choice(_CELLS) for _ in range(rng.randint(1, 4))) + rng.choice(["|", ""])
        inner = row[1:-1] if row.endswith("|") else row[1:]
        assert table_columns.separator(row) == all(
            re.fullmatch(r":?-+:?", cell.strip()) for cell in inner.split("|")
        ), row
        cells = [
            tables.clean_inline(cell)
            for cell in re.split(r"(?<!\\)\|", row.strip().removeprefix("|").removesuffix("|"))
        ]
        named = [c for c in cells if c and not re.fullmatch(r"#?\d{1,4}(\.\d{1,4}){0,3}[.)]?", c)]
        assert tables._row_name(row) == (named[0] if named else cells[0]), row


_BLOCKS = [
    ["Text."],
    ["Text.", "more text"],
    ["## Head"],
    ["### Sub"],
    ["Title", "==="],
    ["Sub", "---"],
    ["- item"],
]
_BLOCKS += [["```", "# In code?", "```"], ["> quote"]]


@pytest.mark.parametrize("seed", range(40))
def test_old_structure_shifted_through_the_diff_is_the_parsed_one(seed: int) -> None:
    """derive_old reads the old version's headings off the new one's, moved by where the diff shifts lines
    (those it cannot move it refuses): they are the headings a parse of the old version finds. Blocks follow
    each other with or without a blank line, so an edit may join a paragraph, list item or quote to a setext
    heading's text, or part them."""
    rng = random.Random(seed)
    derived = 0
    for _ in range(60):
        kinds = _BLOCKS if rng.random() < 0.5 else [b for b in _BLOCKS if b[-1] not in ("===", "---")]
        blocks = [rng.choice(kinds) for _ in range(rng.randint(0, 20))]
        edited: list[list[str]] = []
        for block in blocks:
            roll = rng.random()
            if roll < 0.05:
                continue  # removed
            if roll < 0.1:
                edited += [block, rng.choice(_BLOCKS)]  # one added after it
            elif roll < 0.2 and block[0] == "Text.":
                edited.append(["Changed.", *block[1:]])
            else:
                edited.append(block)
        gap = [] if rng.random() < 0.3 else [""]
        old_text = "\n".join(["---", "title: T", "---", *(line for b in blocks for line in [*gap, *b])])
        new_text = "\n".join(["---", "title: T", "---", *(line for b in edited for line in [*gap, *b])])
        old = derive_old(
            parse_document(new_text), old_text, diff_lines(old_text, new_text, rng.randint(0, 3))
        )
        if old is None:
            continue
        derived += 1
        parsed = parse_document(old_text)
        assert [(h.line, h.level, h.title, h.path) for h in old.headings] == [
            (h.line, h.level, h.title, h.path) for h in parsed.headings
        ]
        assert (old.title, old.front_matter, old.fm_end) == (parsed.title, parsed.front_matter, parsed.fm_end)
    assert derived > 10


# LINK_RE as first written: a target or title character at a time, each tested not to open "](" (a target's
# character a pair of parentheses where one closes, as CommonMark pairs them)
_LINK_AS_WRITTEN = re.compile(
    r"(!?)\[([^\]\[]*)\]\(\s*<?((?:(?!\]\()(?:\((?:[^()\s>\]]*\))?|[^()\s>]))+)>?"
    r"(?:\s+[\"'](?:(?!\]\()[^)])*)?\)"
)


def test_links_read_as_the_pattern_first_written_reads_them() -> None:
    rng = random.Random(11)
    alphabet = ["[", "]", "(", ")", "!", " ", "a", "<", ">", '"', "'", "\t", "](", "[x](y)", "(a)", "%20(b)&"]
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        expected = [m.span() + m.groups() for m in _LINK_AS_WRITTEN.finditer(text)]
        assert [m.span() + m.groups() for m in LINK_RE.finditer(text)] == expected, text


_STEP_LINES = [
    "1. Do it.",
    "2. Then this.",
    "   more",
    "",
    '::: zone pivot="py"',
    "::: zone-end",
    "Text.",
    "```",
    "10) x",
]


@pytest.mark.parametrize("seed", range(20))
def test_procedures_looked_for_only_where_a_line_can_hold_one(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    for _ in range(30):
        old_lines = [rng.choice(_STEP_LINES) for _ in range(rng.randint(0, 30))]
        new_lines = [line for line in old_lines if rng.random() > 0.3]
        new_lines[rng.randint(0, len(new_lines)) : 0] = [
            rng.choice(_STEP_LINES) for _ in range(rng.randint(0, 8))
        ]
        lines = diff_lines("\n".join(old_lines), "\n".join(new_lines), rng.randint(0, 3))
        guess = PatchContext(lines)
        fast = procedures.procedures(guess, guess)
        with monkeypatch.context() as patched:
            patched.setattr(procedures, "_forms", lambda _text: (True, True))
            assert fast == procedures.procedures(guess, guess)


_PHRASE_WORDS = ["coming soon", "PREVIEW", "Deprecated", "retired", "no longer supported", "end of life", "x"]
_PHRASE_WORDS += [
    "generally available",
    "breaking change",
    "\u212aelvin",
    "bREA\u212aING CHANGE",
    "coming ſoon",
    "ı",
    "İ",
]
_PHRASE_WORDS += ["é", "’", "\n", " ", "-", "co\u0130ng", "\u03a3", "[link](preview.md)"]


def test_phrase_lines_and_patterns_found_as_case_insensitive_matching_finds_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lines holding a hint are those whose lower-cased text holds one (found in bytes when that finds
    the same), and on a line a phrase's pattern is tried only where it can match."""
    rng = random.Random(5)
    for _ in range(3000):
        texts = ["".join(rng.choice(_PHRASE_WORDS) for _ in range(rng.randint(0, 6))) for _ in range(8)]
        texts = [t for text in texts for t in text.split("\n")]
        body = sorted(rng.sample(range(len(texts)), rng.randint(0, len(texts))))
        expected = [i for i in body if any(h in texts[i].lower() for h in phrases._HINTS)]
        assert phrases._lines_with_hints(texts, body) == expected
        for text in texts:
            every = {p for p, pattern in phrases.PHRASES.items() if pattern.search(text)}
            assert every <= {p for p, _ in phrases._patterns(text)}, text


@pytest.mark.parametrize("seed", range(20))
def test_whole_page_columns_are_the_patch_columns(seed: int) -> None:
    """An added or deleted page's patch read by comparing it with the page's lines reads as parsing it does
    (and any other patch is refused)."""
    rng = random.Random(seed)
    pieces = ["a", "", " b", "+c", "-d", "@@ x", "\\e", "\x0c", "\u2028", "\r", "\t"]
    for _ in range(200):
        page = "\n".join(
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(1, 9))
        )
        texts = page.splitlines()
        sign = rng.choice("+-")
        body = "\n".join(sign + line for line in page.split("\n"))
        header = rng.choice(["@@ -0,0 +1,3 @@", "@@ -1,2 +0,0 @@ ## Head", "@@ bad @@"])
        patch = header + "\n" + body + rng.choice(["", "", "\n\\ No newline at end of file", "\n"])
        whole = whole_lines(patch, texts, sign)
        if whole is not None:
            parsed = parse_lines(patch)
            assert (whole.texts, whole.signs) == (parsed.texts, parsed.signs)
            assert [(s.first, s.end, s.old_start, s.new_start, s.header) for s in whole.spans] == [
                (s.first, s.end, s.old_start, s.new_start, s.header) for s in parsed.spans
            ]
            assert _flat(whole) == _flat(parsed)
