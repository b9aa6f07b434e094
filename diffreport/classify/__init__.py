"""Classification of a changed file into one of the four report types, by named rules.

The rules live in :mod:`.rules`; every rule that fires is kept with its evidence, so a
reader sees why a file got its label. The label is the strongest one among the fired rules, in the
order of :class:`~diffreport.models.Label`: breaking change, then new feature, then bug fix, then
minor update (the default).
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType

from ..analysis import FileAnalysis
from ..models import Classification, FileChange, Label, RuleHit, Status
from ..settings import Config, Problem, closest, config_error, printable
from ..settings.classifier import ClassifierSettings, Thresholds
from .checks import Context
from .rules import RULES, Rule

log = logging.getLogger(__name__)

_DEFAULT = ClassifierSettings()
_STRONGEST_FIRST = tuple(Label)
_GATES = tuple(sorted({need.partition(":")[0] for rule in RULES.values() for need in rule.needs}))
_gate_facts = operator.attrgetter(*_GATES)
# the facts whose kinds the gates name ("parameters:added"), by their place in _GATES
_KINDED = tuple(
    n
    for n, name in enumerate(_GATES)
    if any(need.startswith(name + ":") for r in RULES.values() for need in r.needs)
)
_NO_KINDS: frozenset[str] = frozenset()


def _gates(analysis: FileAnalysis) -> tuple[tuple[bool, ...], tuple[frozenset[str], ...]]:
    """Which gate facts the analysis has, and the kinds of those that gates name by kind."""
    facts = _gate_facts(analysis)
    present = tuple(map(bool, facts))
    return present, tuple(frozenset([x.kind for x in facts[n]]) if present[n] else _NO_KINDS for n in _KINDED)


@lru_cache(maxsize=1024)
def _candidates(
    status: Status, present: tuple[bool, ...], kinds: tuple[frozenset[str], ...]
) -> tuple[Rule, ...]:
    """The rules that can fire on a file of ``status`` with these gate facts (see :func:`_gates`): most files
    have a few kinds of facts, and the other rules' checks would only say None."""
    have = {name for name, there in zip(_GATES, present, strict=True) if there}
    have |= {f"{_GATES[n]}:{kind}" for n, found in zip(_KINDED, kinds, strict=True) for kind in found}
    return tuple(
        rule
        for rule in RULES.values()
        if (rule.statuses is None or status in rule.statuses)
        and (not rule.needs or have.intersection(rule.needs))
    )


def run_rules(
    analysis: FileAnalysis, settings: ClassifierSettings | None = None, date: dt.date | None = None
) -> list[RuleHit]:
    """The rules that fire on ``analysis``, in rule order, with their evidence; ``date`` is the report's
    date (dated notices are weighed against it)."""
    settings = settings or _DEFAULT
    context = Context(settings.thresholds, date)
    hits: list[RuleHit] = []
    for rule in _candidates(analysis.status, *_gates(analysis)):
        if rule.id in settings.disable:
            continue
        try:
            found = rule.check(analysis, context)
        except Exception as exc:  # a rule bug must not stop a report
            log.warning("rule %s failed on %s: %s", rule.id, analysis.path, exc)
            continue
        if found is None:
            continue
        evidence, fields = found
        try:
            message = rule.message.format(**fields)
        except (KeyError, IndexError, ValueError):
            message = rule.message
        label = Label(settings.labels.get(rule.id, rule.label))
        hits.append(RuleHit(id=rule.id, level=rule.level, label=label, message=message, evidence=evidence))
    return hits


def pick_label(hits: list[RuleHit]) -> Label:
    labels = {hit.label for hit in hits}
    return next((label for label in _STRONGEST_FIRST if label in labels), Label.MINOR_UPDATE)


def classify(
    change: FileChange | None,
    analysis: FileAnalysis,
    settings: ClassifierSettings | None = None,
    *,
    date: dt.date | None = None,
) -> Classification:
    """Label one file from its analysis (``change`` is accepted for the pipeline's signature) as of the
    report's ``date`` (None: unknown)."""
    hits = run_rules(analysis, settings, date)
    return Classification(label=pick_label(hits), rules=hits)


def check_settings(config: Config) -> None:
    """Refuse rule ids in ``[classifier]`` that are not rules, every one at once, each with its key
    and a typo hint (run by the commands after the config is loaded)."""
    settings = config.classifier
    problems = [
        Problem(f"classifier.disable.{i}", _unknown_rule(rule_id))
        for i, rule_id in enumerate(settings.disable)
        if rule_id not in RULES
    ]
    problems += [
        Problem(f"classifier.labels.{printable(rule_id)}", _unknown_rule(rule_id))
        for rule_id in settings.labels
        if rule_id not in RULES
    ]
    if problems:
        raise config_error(str(config.path) if config.path else "config", problems)


def _unknown_rule(rule_id: str) -> str:
    return f"unknown rule {rule_id!r}" + closest(rule_id, list(RULES))


@dataclass(frozen=True)
class ThresholdInfo:
    name: str
    default: int | float
    meaning: str


@dataclass(frozen=True)
class RuleInfo:
    """One rule as ``diffreport rules`` lists it: what it is, what makes it fire, what it compares."""

    id: str
    level: str
    label: str
    fires_when: str
    thresholds: list[ThresholdInfo]


def _names_read(code: CodeType) -> set[str]:
    """Attribute and global names a function's code reads, its comprehensions and lambdas included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _names_read(const)
    return names


def describe_rules() -> list[RuleInfo]:
    """Every rule in the order they run, with its default label and the thresholds its check reads
    (found in the check's own code, so the list cannot drift from what the check does)."""
    defaults = Thresholds()
    fields = Thresholds.model_fields
    infos = []
    for rule in RULES.values():
        names = _names_read(rule.check.__code__)
        infos.append(
            RuleInfo(
                id=rule.id,
                level=rule.level,
                label=rule.label.value,
                fires_when=rule.doc,
                thresholds=[
                    ThresholdInfo(
                        name, getattr(defaults, name), (fields[name].description or "").split(": ", 1)[-1]
                    )
                    for name in fields
                    if name in names
                ],
            )
        )
    return infos
