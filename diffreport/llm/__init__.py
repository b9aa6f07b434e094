"""Optional LLM summaries (``--llm``).

Importing this package is cheap: the ``openai`` SDK is imported only when a run actually sends
requests (:mod:`diffreport.llm.client`). Commands call :func:`apply_llm` after the rule-based report
is built; it never loses that report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..errors import DiffreportError, UsageError
from ..models import Report
from ..settings.base import format_error
from ..settings.llm import LLMSettings, Price
from .stats import LLMStats

__all__ = ["LLMError", "LLMOutcome", "LLMSettings", "Price", "apply_llm", "settings_with"]

log = logging.getLogger(__name__)


class LLMError(DiffreportError):
    """``--llm-required`` was given and part of the report is not LLM-written."""


@dataclass
class LLMOutcome:
    report: Report
    stats: LLMStats
    settings: LLMSettings
    dry_run: bool = False
    problems: list[str] = field(default_factory=list)
    plan_lines: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def stderr_lines(self) -> list[str]:
        """What a command prints on stderr at the end of the run."""
        if self.dry_run:
            return self.plan_lines
        return [self.stats.summary(self.settings.prices)]

    def check(self, required: bool) -> None:
        """Raise :class:`LLMError` when the LLM was required and did not write everything."""
        if required and self.failed:
            raise LLMError("--llm-required: " + " ".join(self.problems))


def settings_with(base: LLMSettings, **overrides: Any) -> LLMSettings:
    """``base`` with the non-None overrides (command-line flags) laid over it, validated."""
    data = base.model_dump()
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return LLMSettings.model_validate(data)
    except ValidationError as exc:
        raise UsageError(format_error(exc, LLMSettings, prefix="llm.")) from None


def apply_llm(
    report: Report,
    settings: LLMSettings,
    *,
    dry_run: bool = False,
    client_factory: Callable[[], Any] | None = None,
    template_dir: str | None = None,
) -> LLMOutcome:
    """The report enriched by the LLM (or, for a dry run, unchanged with the planned calls).
    ``template_dir`` holds prompt templates (``prompts/*.j2``) that replace the shipped ones.

    Raises :class:`~diffreport.errors.UsageError` for a missing key before anything is sent.
    """
    from .summarizer import LLMSummarizer

    if not dry_run and client_factory is None:
        from .client import build_client, client_options

        client_options(settings)  # checks credentials now: one clear line, before any request
        client_factory = lambda: build_client(settings)  # noqa: E731
    summarizer = LLMSummarizer(
        settings, client_factory=client_factory, dry_run=dry_run, template_dir=template_dir
    )
    enriched = summarizer.enrich(report)
    outcome = LLMOutcome(enriched, summarizer.stats, settings, dry_run, list(summarizer.problems))
    if dry_run:
        plan = summarizer.plan
        sent = [c for c in plan if not c.cached]
        tokens = sum(c.tokens for c in sent)
        price = settings.prices.get(settings.model)
        cost = f", input cost ~${tokens * price.input / 1_000_000:.4f}" if price else ""
        outcome.plan_lines = [c.line() for c in plan] + [
            f"llm dry run: {len(sent)} requests would be sent ({len(plan) - len(sent)} cached), "
            f"~{tokens} input tokens ({summarizer.tokenizer}), "
            f"up to {settings.max_output_tokens} output tokens each{cost}; nothing was sent"
        ]
    elif outcome.problems:
        for problem in outcome.problems:
            log.warning("%s", problem)
    return outcome


class RunEnricher:
    """The scheduled run's report hook: the LLM writes each report before it is rendered.

    With ``required``, a report the LLM could not fully write stops the run before anything is
    written, so the state does not advance and the next run tries again.
    """

    def __init__(
        self, settings: LLMSettings, *, required: bool = False, template_dir: str | None = None
    ) -> None:
        self.settings = settings
        self.required = required
        self.template_dir = template_dir
        self.outcomes: list[LLMOutcome] = []

    def __call__(self, report: Report, source: object, config: object) -> Report:
        outcome = apply_llm(report, self.settings, template_dir=self.template_dir)
        self.outcomes.append(outcome)
        outcome.check(self.required)
        return outcome.report

    def stderr_lines(self) -> list[str]:
        return [line for outcome in self.outcomes for line in outcome.stderr_lines()]
