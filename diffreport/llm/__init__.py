"""Optional LLM summaries (``--llm``).

Importing this package is cheap: the ``openai`` SDK is imported only when the LLM is used
(:mod:`diffreport.llm.client`, :mod:`diffreport.llm.requests`). Commands call :func:`apply_llm`
after the rule-based report is built; it never loses that report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import DiffreportError, UsageError
from ..models import Report
from ..settings.base import format_error
from ..settings.llm import LLMSettings, Price
from .stats import LLMStats, Progress

if TYPE_CHECKING:
    from ..spool import SpooledReport
    from .summarizer import Enriched, LLMSummarizer

__all__ = [
    "LLMError",
    "LLMOutcome",
    "LLMSettings",
    "Price",
    "Progress",
    "RunEnricher",
    "apply_llm",
    "settings_with",
]

log = logging.getLogger(__name__)


class LLMError(DiffreportError):
    """``--llm-required`` was given and part of the report is not LLM-written."""


@dataclass
class LLMOutcome:
    report: Report | SpooledReport
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
    report: Report | SpooledReport,
    settings: LLMSettings,
    *,
    dry_run: bool = False,
    client_factory: Callable[[], Any] | None = None,
    progress: Progress | None = None,
    template_dir: str | None = None,
) -> LLMOutcome:
    """The report enriched by the LLM (or, for a dry run, unchanged with the planned requests). A report
    whose files wait on disk comes back as one: its files are read and written back one at a time.
    ``template_dir`` holds prompt templates (``prompts/*.j2``) that replace the shipped ones.

    Raises :class:`~diffreport.errors.UsageError` for a missing key or a setting the model cannot
    take, before anything is sent.
    """
    summarizer = _new_summarizer(
        settings, dry_run=dry_run, client_factory=client_factory, progress=progress, template_dir=template_dir
    )
    try:
        return _outcome(summarizer, summarizer.enrich(report))
    finally:
        summarizer.close()


def _new_summarizer(
    settings: LLMSettings,
    *,
    dry_run: bool = False,
    client_factory: Callable[[], Any] | None = None,
    progress: Progress | None = None,
    template_dir: str | None = None,
) -> LLMSummarizer:
    """A summarizer whose settings were checked (credentials too, unless ``dry_run``)."""
    from .params import check_models
    from .summarizer import LLMSummarizer

    check_models(settings)
    if not dry_run and client_factory is None:
        from .client import build_client, client_options

        client_options(settings)  # checks credentials now: one clear line, before any request
        client_factory = lambda: build_client(settings)  # noqa: E731
    return LLMSummarizer(
        settings, client_factory=client_factory, dry_run=dry_run, progress=progress, template_dir=template_dir
    )


def _outcome(summarizer: LLMSummarizer, enriched: Enriched) -> LLMOutcome:
    settings = summarizer.settings
    outcome = LLMOutcome(enriched.report, summarizer.stats, settings, summarizer.dry_run, enriched.problems)
    if summarizer.dry_run:
        price = settings.prices.get(settings.model)
        tokens = enriched.planned_tokens
        cost = f", input cost ~${tokens * price.input / 1_000_000:.4f}" if price else ""
        outcome.plan_lines = [
            *enriched.plan,
            f"llm dry run: {enriched.planned} requests would be sent ({enriched.cached} cached), "
            f"~{tokens} input tokens ({summarizer.tokenizer}), "
            f"up to {settings.max_output_tokens} output tokens each{cost}; nothing was sent",
        ]
    else:
        for problem in outcome.problems:
            log.warning("%s", problem)
    return outcome


class RunEnricher:
    """The scheduled run's report hook: the LLM writes each report before it is rendered.

    All reports of the run share one client and one concurrency pool. With ``required``, a report
    the LLM could not fully write stops the run before anything is written, so the state does not
    advance and the next run tries again. Call :meth:`close` at the end.
    """

    def __init__(
        self,
        settings: LLMSettings,
        *,
        required: bool = False,
        progress: Progress | None = None,
        template_dir: str | None = None,
    ) -> None:
        self.settings = settings
        self.required = required
        self.outcomes: list[LLMOutcome] = []
        self._summarizer = _new_summarizer(settings, progress=progress, template_dir=template_dir)

    reads_spooled = True  # a report whose files wait on disk is read from there (memory stays bounded)

    def __call__(
        self, report: Report | SpooledReport, source: object, config: object
    ) -> Report | SpooledReport:
        outcome = _outcome(self._summarizer, self._summarizer.enrich(report))
        self.outcomes.append(outcome)
        outcome.check(self.required)
        return outcome.report

    def close(self) -> None:
        self._summarizer.close()

    def stderr_lines(self) -> list[str]:
        """One stats line for the whole run (the counters are shared by its reports)."""
        if not self.outcomes:
            return []
        return [self._summarizer.stats.summary(self.settings.prices)]
