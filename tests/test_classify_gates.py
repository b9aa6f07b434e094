"""A rule skipped by its gate (the facts it needs, the statuses it fires on) would not have fired.

``run_rules`` runs only the rules whose ``needs`` and ``statuses`` (see :mod:`diffreport.classify.rules`)
fit the file; here every check runs on random analyses, and a rule its gate skips must stay silent.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from fact_helpers import random_analysis

from diffreport import classify
from diffreport.classify import run_rules
from diffreport.classify.checks import Context
from diffreport.classify.rules import RULES
from diffreport.models import FileAnalysis
from diffreport.settings.classifier import ClassifierSettings, Thresholds


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


def _has(fa: FileAnalysis, need: str) -> bool:
    name, _colon, kind = need.partition(":")
    found = getattr(fa, name)
    return any(x.kind == kind for x in found) if kind else bool(found)


def _skipped(rule, fa: FileAnalysis) -> bool:  # type: ignore[no-untyped-def]
    wrong_status = rule.statuses is not None and fa.status not in rule.statuses
    return wrong_status or (bool(rule.needs) and not any(_has(fa, need) for need in rule.needs))


def test_a_rule_its_gate_skips_never_fires() -> None:
    rng = random.Random(7)
    fired: set[str] = set()
    skipped: set[str] = set()
    for _ in range(6000):
        fa = random_analysis(rng)
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
        (
            random_analysis(rng),
            ClassifierSettings(thresholds=_thresholds(rng), disable=rng.sample(list(RULES), 2)),
        )
        for _ in range(200)
    ]
    gated = [run_rules(fa, settings) for fa, settings in cases]
    monkeypatch.setattr(classify, "_candidates", lambda *_gates: tuple(RULES.values()))
    assert gated == [run_rules(fa, settings) for fa, settings in cases]
