"""``compare --fail-on``: the CI gate. Which labels and rules fail the run, and which files hold them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..change import LABELS, Label
from ..errors import UsageError

if TYPE_CHECKING:
    from ..models import Report
    from ..spool import SpooledReport


@dataclass(frozen=True)
class FailOn:
    """The labels and rule ids given to ``--fail-on``."""

    labels: frozenset[Label]
    rules: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.labels or self.rules)


def parse_fail_on(values: Sequence[str]) -> FailOn:
    """Each value is a label (``breaking change``) or a rule id (``file-removed``); anything else is
    refused in one line, with a hint when it is close to one of them."""
    if not values:  # no gate: nothing to check against the rules (so they are not imported for it)
        return FailOn(frozenset(), frozenset())
    from ..classify.rules import RULES

    labels: set[Label] = set()
    rules: set[str] = set()
    for raw in values:
        value = " ".join(raw.split())
        if value.lower() in LABELS:
            labels.add(Label(value.lower()))
        elif value in RULES:
            rules.add(value)
        else:
            from ..settings import closest

            hint = closest(value.lower(), [*LABELS, *RULES])
            raise UsageError(
                f"--fail-on: unknown label or rule {raw!r}{hint}; "
                f"labels: {', '.join(LABELS)}; rules: see `diffreport rules`"
            )
    return FailOn(frozenset(labels), frozenset(rules))


def offending_files(report: Report | SpooledReport, fail_on: FailOn) -> list[str]:
    """One line per file that has a failing label or rule: path, label, and the rules that fired."""
    from ..narrate import light_file
    from ..spool import SpooledReport

    lines = []
    files = report.light if isinstance(report, SpooledReport) else map(light_file, report.files)
    for f in files:
        fired = list(f.rule_ids)
        if Label(f.label) in fail_on.labels or fail_on.rules.intersection(fired):
            path = f.path.encode("unicode_escape").decode("ascii") if not f.path.isprintable() else f.path
            rules = ", ".join(fired) if fired else "none"
            lines.append(f"diffreport: fail-on: {path}: {Label(f.label).value} (rules: {rules})")
    return lines
