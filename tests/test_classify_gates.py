"""A rule skipped by its gate (the facts it needs, the statuses it fires on) would not have fired.

``run_rules`` runs only the rules whose ``needs`` and ``statuses`` (see :mod:`diffreport.classify.rules`)
fit the file; here every check runs on random analyses, and a rule its gate skips must stay silent.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from diffreport import classify
from diffreport.classify import run_rules
from diffreport.classify.checks import Context
from diffreport.classify.rules import RULES
from diffreport.models import (
    AlertChange,
    CodeBlockChange,
    FileAnalysis,
    FrontMatterChange,
    Impact,
    IncludeChange,
    KeyChange,
    LinkChange,
    MemberChange,
    ParameterChange,
    PhraseChange,
    ProcedureChange,
    RedirectChange,
    Referrer,
    SectionChange,
    Status,
    TableRowChange,
    TocEntryChange,
    ValueChange,
)
from diffreport.settings.classifier import ClassifierSettings, Thresholds

_WORDS = ["recieve", "receive", "1", "2", "v1.2", "v1.3", "Setup", "Set up", "2025-03-01", "2025-04-01"]
_PHRASES = ["coming soon", "preview", "generally available", "deprecated", "retired", "end of support"]
_TEXTS = [
    "The feature is now generally available.",
    "This API is deprecated and retired on March 31, 2025.",
    "Preview only.",
    "General availability of the service.",
    "",
]


def _some(rng: random.Random, make, most: int = 4) -> list:  # type: ignore[no-untyped-def]
    return [make() for _ in range(rng.choice([0, 0, 0, 1, 2, most]))]


def _analysis(rng: random.Random) -> FileAnalysis:
    c = rng.choice
    kinds3 = ["added", "removed", "changed"]
    titles = ["Python", "C#", "Next steps", "Install", "Install it", "Use"]
    section = lambda: c([None, "Guide", "Guide > Python", "Guide > Use"])  # noqa: E731
    return FileAnalysis(
        kind=c(["markdown", "yaml", "image", "json"]),
        path="docs/a.md",
        old_path=c([None, "docs/old.md"]),
        status=c(list(Status)),
        additions=c([0, 1, 3, 10, 60]),
        deletions=c([0, 1, 3, 10, 60]),
        title=c([None, "Page"]),
        headings=c([[], ["Use"]]),
        front_matter=_some(rng, lambda: FrontMatterChange(kind=c(kinds3), key=c(["ms.date", "title"]))),
        sections=_some(
            rng,
            lambda: SectionChange(
                kind=c(["added", "removed", "renamed", "changed"]),
                path=c(["Guide > Python", "Guide > Use", "Next steps"]),
                title=c(titles),
                level=c([2, 3]),
                lines_added=c([0, 5, 30]),
                lines_removed=c([0, 5, 30]),
                size=c([0, 4, 20, 40]),
                line=c([None, 5]),
                old_line=c([None, 5, 40]),
            ),
            6,
        ),
        tables=_some(rng, lambda: TableRowChange(kind=c(kinds3), name="row")),
        code_blocks=_some(rng, lambda: CodeBlockChange(kind=c(kinds3), language=c(["python", ""]), lines=2)),
        values=_some(rng, lambda: ValueChange(old=c(_WORDS), new=c(_WORDS), count=c([1, 2, 5]))),
        alerts=_some(
            rng, lambda: AlertChange(kind=c(["added", "removed"]), alert="IMPORTANT", text=c(_TEXTS))
        ),
        links=_some(
            rng,
            lambda: LinkChange(
                kind=c(["added", "removed", "retargeted"]),
                image=c([False, True]),
                text=c(titles),
                url=c(["#tab/python", "#tab/csharp", "a.md", "b.md"]),
            ),
            6,
        ),
        includes=_some(rng, lambda: IncludeChange(kind=c(["added", "removed"]), target="inc.md")),
        phrases=_some(
            rng,
            lambda: PhraseChange(
                kind=c(["appeared", "disappeared"]), phrase=c(_PHRASES), text=c(_TEXTS), section=section()
            ),
        ),
        procedures=_some(
            rng,
            lambda: ProcedureChange(
                kind=c(["added", "removed"]),
                form=c(["pivot", "steps"]),
                name=c(["python", "csharp"]),
                lines=c([2, 12, 40]),
                steps=c([0, 2, 3, 6]),
                old_line=c([None, 5, 30]),
            ),
        ),
        toc=_some(
            rng, lambda: TocEntryChange(kind=c(["added", "removed", "renamed", "retargeted"]), name="E")
        ),
        redirects=_some(rng, lambda: RedirectChange(kind=c(["added", "removed", "retargeted"]), source="a")),
        members=_some(
            rng,
            lambda: MemberChange(
                kind=c(["added", "removed", "changed", "deprecated", "undeprecated", "preview", "released"]),
                member=c(["az a", "az b"]),
            ),
        ),
        parameters=_some(
            rng,
            lambda: ParameterChange(
                kind=c(
                    [
                        "added",
                        "removed",
                        "made-required",
                        "made-optional",
                        "default-changed",
                        "values-changed",
                    ]
                ),
                member=c(["az a", "az b"]),
                name=c(["--x", "--y"]),
                required=c([False, True]),
            ),
        ),
        keys=_some(rng, lambda: KeyChange(kind=c(kinds3), key="a.b")),
        body_added=c([0, 1, 3, 12]),
        body_removed=c([0, 1, 3, 12]),
        metadata_only=c([False, False, True]),
        whitespace_only=c([False, False, True]),
        link_only=c([False, False, True]),
        code_only=c([False, True]),
        impact=c(
            [
                None,
                Impact(target="docs/a.md", target_kind=c(["page", "include", "image"])),
                Impact(
                    target="docs/a.md",
                    target_kind=c(["page", "include", "image"]),
                    referrers=[Referrer(path="b.md", line=3, kind="link")],
                    total=1,
                    redirect=c([None, "/new"]),
                ),
            ]
        ),
    )


def _thresholds(rng: random.Random) -> Thresholds:
    """Thresholds anywhere in their allowed ranges, mostly small ones (which let more rules fire)."""
    values = {}
    for name, info in Thresholds.model_fields.items():
        low = next((m.ge for m in info.metadata if hasattr(m, "ge")), 0)
        if isinstance(info.default, float):
            values[name] = rng.choice([low, info.default, low + 0.5, 1.0])
        else:
            values[name] = rng.choice([low, low + 1, info.default])
    return Thresholds(**values)


def _skipped(rule, fa: FileAnalysis) -> bool:  # type: ignore[no-untyped-def]
    wrong_status = rule.statuses is not None and fa.status not in rule.statuses
    return wrong_status or (bool(rule.needs) and not any(getattr(fa, name) for name in rule.needs))


def test_a_rule_its_gate_skips_never_fires() -> None:
    rng = random.Random(7)
    fired: set[str] = set()
    skipped: set[str] = set()
    for _ in range(6000):
        fa = _analysis(rng)
        context = Context(_thresholds(rng), rng.choice([None, dt.date(2025, 3, 1)]))
        for rule in RULES.values():
            found = rule.check(fa, context)
            if found is not None:
                fired.add(rule.id)
            if _skipped(rule, fa):
                skipped.add(rule.id)
                assert found is None, (rule.id, fa)
    assert fired == set(RULES)  # every rule fired somewhere: the analyses reach every check
    assert skipped == {r.id for r in RULES.values() if r.needs or r.statuses}


@pytest.mark.parametrize("seed", range(20))
def test_gated_rules_give_the_same_hits_as_all_rules(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    cases = [
        (_analysis(rng), ClassifierSettings(thresholds=_thresholds(rng), disable=rng.sample(list(RULES), 2)))
        for _ in range(200)
    ]
    gated = [run_rules(fa, settings) for fa, settings in cases]
    monkeypatch.setattr(classify, "_candidates", lambda _status, _present: tuple(RULES.values()))
    assert gated == [run_rules(fa, settings) for fa, settings in cases]
