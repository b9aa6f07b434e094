"""File narration's shortcuts say what the plain way says.

Topics without facts are not asked, lists are formatted only as far as they are named, Babel's list
patterns are read once, and removed links are paired with added ones through an index; each is held here to
the plain way on random inputs.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from difflib import SequenceMatcher

import pytest
from babel.lists import format_list
from fact_helpers import random_analysis

from diffreport.models import FileAnalysis, LinkChange
from diffreport.narrate import files
from diffreport.narrate import links as link_points
from diffreport.narrate.facts import inside_section
from diffreport.narrate.lang import Lang, language
from diffreport.narrate.points import FileContext, Point
from diffreport.narrate.sections import _holds
from diffreport.similarity import similar

_PATCH = "@@ -1,2 +1,2 @@\n-Install the old tool first.\n+Install the new tool first.\n unchanged\n"


def _contexts(lang: str) -> list[tuple[FileAnalysis, str | None, str]]:
    rng = random.Random(lang)
    return [
        (random_analysis(rng), rng.choice([None, "docs/old.md"]), rng.choice(["", _PATCH]))
        for _ in range(1500)
    ]


def _said(lang: str, contexts: list[tuple[FileAnalysis, str | None, str]]) -> list[tuple[str, str]]:
    return [
        files.describe(
            FileContext(fa, language(lang), path=fa.path, status=fa.status, old_path=old, patch=patch)
        )
        for fa, old, patch in contexts
    ]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_topics_without_facts_are_not_asked(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    contexts = _contexts(lang)
    quick = _said(lang, contexts)
    monkeypatch.setattr(files, "_topics", lambda _facts: [topic for topic, _name in files._TOPICS])
    assert quick == _said(lang, contexts)
    assert len(set(quick)) > 500  # the analyses say many different things


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_points_written_when_said_say_what_points_written_at_once_say(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    contexts = _contexts(lang)

    def points() -> list[list[tuple[int, str, str, str]]]:  # every point, said or not
        return [
            [
                (p.weight, p.title, p.sentence, p.topic)
                for p in files._points(
                    FileContext(fa, language(lang), path=fa.path, status=fa.status, old_path=old, patch=patch)
                )
            ]
            for fa, old, patch in contexts
        ]

    quick, said = points(), _said(lang, contexts)

    def at_once(weight: int, topic: str, write: Callable[[], tuple[str, str]]) -> Point:
        return Point(weight, *write(), topic)

    monkeypatch.setattr(Point, "later", at_once)
    assert quick == points()
    assert said == _said(lang, contexts)


@pytest.mark.parametrize("code", ["en", "ja", "zh", "de", "fi"])
def test_lists_are_formatted_as_babel_formats_them(code: str) -> None:
    rng = random.Random(code)
    lang = Lang(code)
    for _ in range(300):
        values = [rng.choice(["a", "`b c`", "{0}", "x, y", "", "'q'"]) for _ in range(rng.randint(0, 9))]
        limit = rng.randint(1, 6)
        shown = [f"<{v}>" for v in values]
        if len(shown) > limit:
            more = lang.gettext("{count} more").format(count=lang.number(len(shown) - (limit - 1)))
            shown = [*shown[: limit - 1], more]
        plain = format_list(shown, locale=code) if shown else ""
        assert lang.series_of(values, lambda v: f"<{v}>", limit) == plain
        assert lang.series([f"<{v}>" for v in values], limit) == plain


def test_similar_is_the_ratio_test() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        a = "".join(rng.choice("abcde ") for _ in range(rng.randint(0, 12)))
        b = "".join(rng.choice("abcde ") for _ in range(rng.randint(0, 12)))
        at_least = rng.choice([0.0, 0.5, 0.6, 0.75, 1.0])
        assert similar(a, b, at_least) == (SequenceMatcher(None, a, b).ratio() >= at_least)


def _pair_plainly(links: list[LinkChange]) -> list[LinkChange]:
    """The pairing as first written: a scan of the added links for each removed one."""
    added = [x for x in links if x.kind == "added"]
    out: list[LinkChange] = []
    for x in links:
        if x.kind != "removed":
            if x.kind != "added" or x in added:
                out.append(x)
            continue
        match = next((y for y in added if link_points._same_link(x, y)), None)
        if match is None:
            out.append(x)
            continue
        added.remove(match)
        out = [y for y in out if y is not match]
        out.append(match.model_copy(update={"kind": "retargeted", "old_url": x.url}))
    return out


def test_links_pair_as_a_scan_pairs_them() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        pool = [
            LinkChange(
                kind=rng.choice(["added", "removed", "retargeted"]),
                image=rng.random() < 0.2,
                text=rng.choice(["", "Quickstart", "Quick start", "Overview", "Samples"]),
                url=rng.choice(["a.md", "docs/a.md", "b.md#x", "c.md"]),
                section=rng.choice([None, "Guide"]),
                line=rng.choice([None, 3]),
            )
            for _ in range(rng.randint(0, 6))
        ]
        # links equal to others, as copies and as the same object twice
        links = (
            [rng.choice([x, x.model_copy()]) for x in rng.choices(pool, k=rng.randint(0, 10))] if pool else []
        )
        assert link_points._pair_retargeted(links) == _pair_plainly(links)


def test_covered_lines_are_found_by_bisection() -> None:
    rng = random.Random(9)
    for _ in range(3000):
        lines = sorted(rng.randint(1, 30) for _ in range(rng.randint(0, 6)))
        start, size = rng.choice([None, *range(1, 30)]), rng.randint(-1, 8)
        plain = any(start is not None and start <= n < start + size for n in lines)
        assert _holds(lines, start, size) == plain


def test_sections_inside_others_are_found_by_their_paths() -> None:
    rng = random.Random(11)
    words = ["A", "B", "A > B", "", " >", "> "]
    for _ in range(4000):
        section = " > ".join(rng.choice(words) for _ in range(rng.randint(0, 4))) or rng.choice([None, ""])
        parents = {
            " > ".join(rng.choice(words) for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(0, 4))
        }
        plain = bool(section) and any(section == p or section.startswith(p + " > ") for p in parents)
        assert inside_section(section, parents) == plain, (section, parents)
