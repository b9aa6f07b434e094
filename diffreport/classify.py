"""Classification of a changed file into one of the four report types, by named rules.

The rules live in :mod:`diffreport.rules`; every rule that fires is kept with its evidence, so a
reader sees why a file got its label. The label is the strongest one among the fired rules, in the
order of :class:`~diffreport.models.Label`: breaking change, then new feature, then bug fix, then
minor update (the default).
"""

from __future__ import annotations

import logging

from .analysis import FileAnalysis, kind_of
from .models import Classification, FileChange, Label, RuleHit, Status
from .rules import RULES, ClassifierSettings

log = logging.getLogger(__name__)

_DEFAULT = ClassifierSettings()


def run_rules(analysis: FileAnalysis, settings: ClassifierSettings | None = None) -> list[RuleHit]:
    """The rules that fire on ``analysis``, in rule order, with their evidence."""
    settings = settings or _DEFAULT
    hits: list[RuleHit] = []
    for rule in RULES.values():
        if rule.id in settings.disable:
            continue
        try:
            found = rule.check(analysis, settings.thresholds)
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
    return next((label for label in Label if label in labels), Label.MINOR_UPDATE)


def classify(
    change: FileChange | None, analysis: FileAnalysis, settings: ClassifierSettings | None = None
) -> Classification:
    """Label one file from its analysis (``change`` is accepted for the pipeline's signature)."""
    hits = run_rules(analysis, settings)
    return Classification(label=pick_label(hits), rules=hits)


_STATUSES = {s.value: s for s in Status}


def change_from_record(record: object) -> FileChange:
    """A :class:`FileChange` without blobs from one JSONL record (``path``, ``status``, ``additions``,
    ``deletions``, ``patch`` which may be null); raises ``ValueError`` naming the bad field."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    path = record.get("path")
    if not isinstance(path, str) or not path:
        raise ValueError("'path' must be a non-empty string")
    status = _STATUSES.get(str(record.get("status", "")))
    if status is None:
        raise ValueError(f"'status' must be one of {', '.join(_STATUSES)}, not {record.get('status')!r}")
    counts = []
    for key in ("additions", "deletions"):
        value = record.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key!r} must be a non-negative integer")
        counts.append(value)
    patch = record.get("patch")
    if patch is not None and not isinstance(patch, str):
        raise ValueError("'patch' must be a string or null")
    old_path = record.get("old_path")
    return FileChange(
        path=path,
        status=status,
        old_path=old_path if isinstance(old_path, str) else None,
        additions=counts[0],
        deletions=counts[1],
        binary=patch is None and kind_of(path) == "image",
        patch=patch or "",
    )
