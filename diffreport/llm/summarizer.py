"""Summarizers: the deterministic one (the default, a no-op) and the LLM one.

:class:`LLMSummarizer` takes the rule-based :class:`Report` and returns a copy whose files carry LLM
titles, explanations and validated labels, and whose report-level texts were written by the LLM.
Whatever the LLM does, the report stays complete: a file whose answer stayed invalid or could not be
fetched keeps its rule-based text, with a note. Model output is untrusted: prompt markup is stripped,
and the renderers escape what is left.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from .. import narrate
from ..i18n import translations
from ..models import Label, Report, ReportFile
from ..settings.llm import LLMSettings
from .answers import FileAnswer, ReportAnswer, json_schema, parse_file_answer, parse_report_answer
from .cache import AnswerCache
from .prompts import Prompt, PromptBuilder
from .stats import LLMStats

log = logging.getLogger(__name__)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction, translate later"
    return message


class Summarizer(Protocol):
    def enrich(self, report: Report) -> Report: ...


class RuleSummarizer:
    """The default: the rule-based texts are the report; nothing to add."""

    def enrich(self, report: Report) -> Report:
        return report


# -- the LLM summarizer ----------------------------------------------------------------------
@dataclass
class PlannedCall:
    kind: str
    target: str
    model: str
    tokens: int
    trimmed: bool
    cached: bool

    def line(self) -> str:
        extra = (", prompt trimmed to the budget" if self.trimmed else "") + (
            ", cached" if self.cached else ""
        )
        return f"llm dry run: {self.kind} {self.target}: {self.model}, ~{self.tokens} input tokens{extra}"


@dataclass
class FileResult:
    answer: FileAnswer | None = None
    problem: str | None = None


class LLMSummarizer:
    """Enriches a rule-based report with LLM-written texts (see the module docstring)."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        client_factory: Callable[[], Any] | None = None,
        dry_run: bool = False,
        template_dir: str | None = None,
    ) -> None:
        self.settings = settings
        self.template_dir = template_dir
        self.stats = LLMStats()
        self.dry_run = dry_run
        self.plan: list[PlannedCall] = []
        self.problems: list[str] = []
        self.tokenizer = ""
        self._client_factory = client_factory

    def enrich(self, report: Report) -> Report:
        return asyncio.run(self.aenrich(report))

    async def aenrich(self, report: Report) -> Report:
        builder = PromptBuilder(self.settings, report.language, self.template_dir)
        self.tokenizer = builder.tokenizer
        cache = AnswerCache(self.settings.cache_path() if self.settings.cache else None)
        try:
            if self.dry_run:
                self._plan(report, builder, cache)
                return report
            return await self._run(report, builder, cache)
        finally:
            cache.close()

    def _plan(self, report: Report, builder: PromptBuilder, cache: AnswerCache) -> None:
        for f in report.files:
            if f.binary:
                continue
            p = builder.file_prompt(f)
            self.plan.append(
                PlannedCall("file", f.path, p.model, p.tokens, p.trimmed, cache.get(p.key) is not None)
            )
        p = builder.report_prompt(report, report.files)
        self.plan.append(PlannedCall("report", "summary", p.model, p.tokens, p.trimmed, False))

    async def _run(self, report: Report, builder: PromptBuilder, cache: AnswerCache) -> Report:
        from .client import Transport, build_client

        client = self._client_factory() if self._client_factory else build_client(self.settings)
        transport = Transport(client, self.settings, self.stats)
        _ = translations(report.language).gettext
        try:
            prompts = [None if f.binary else builder.file_prompt(f) for f in report.files]
            results = await asyncio.gather(
                *(self._file(transport, cache, p) for p in prompts if p is not None)
            )
            it = iter(results)
            files: list[ReportFile] = []
            failed: dict[str, int] = {}
            for f, p in zip(report.files, prompts, strict=True):
                if p is None:
                    files.append(f)
                    continue
                result = next(it)
                if result.answer is not None:
                    a = result.answer
                    files.append(
                        f.model_copy(
                            update={
                                "title": a.title,
                                "explanation": a.explanation,
                                "label": a.label,
                                "source": "llm",
                            }
                        )
                    )
                else:
                    reason = result.problem or "no answer"
                    failed[reason] = failed.get(reason, 0) + 1
                    note = _(
                        "LLM summary unavailable ({reason}); the rule-based title and explanation are kept."
                    ).format(reason=reason)
                    files.append(f.model_copy(update={"notes": [*f.notes, note]}))
            self.stats.fallbacks = sum(failed.values())
            notes = list(report.notes)
            for reason, count in sorted(failed.items()):
                msg = N_("LLM: {count} of {total} files kept their rule-based text ({reason}).")
                notes.append(_(msg).format(count=count, total=len(prompts), reason=reason))
                self.problems.append(msg.format(count=count, total=len(prompts), reason=reason))
            base = report.model_copy(
                update={
                    "files": files,
                    "notes": notes,
                    **narrate.describe_report(files, report.language).model_dump(),
                }
            )
            return await self._report(transport, cache, builder, base)
        finally:
            await client.close()

    async def _ask(
        self,
        transport: Any,
        cache: AnswerCache,
        p: Prompt,
        name: str,
        schema: dict[str, Any],
        parse: Callable[[str], BaseModel],
    ) -> tuple[Any, str | None]:
        from .client import TransportError

        hit = cache.get(p.key)
        if hit is not None:
            try:
                answer = parse(json.dumps(hit))
                self.stats.cache_hits += 1
                return answer, None
            except ValueError:
                pass
        retry_reason: str | None = None
        attempts = 1 + self.settings.max_invalid_retries
        for _ in range(attempts):
            user = p.user if retry_reason is None or p.render is None else p.render(retry_reason)
            try:
                completion = await transport.complete(p.model, p.system, user, name, schema)
            except TransportError as exc:
                return None, exc.reason
            try:
                answer = parse(completion.text)
            except ValueError as exc:
                self.stats.invalid_answers += 1
                retry_reason = str(exc)[:200]
                log.debug("invalid LLM answer (%s); asking again", retry_reason)
                continue
            cache.put(p.key, answer.model_dump(mode="json"), kind=p.kind, model=p.model)
            return answer, None
        return None, f"invalid answer after {attempts} attempts: {retry_reason}"

    async def _file(self, transport: Any, cache: AnswerCache, p: Prompt) -> FileResult:
        answer, problem = await self._ask(
            transport, cache, p, "file_summary", json_schema(FileAnswer), parse_file_answer
        )
        return FileResult(answer, problem)

    async def _report(
        self, transport: Any, cache: AnswerCache, builder: PromptBuilder, report: Report
    ) -> Report:
        p = builder.report_prompt(report, report.files)
        answer, problem = await self._ask(
            transport, cache, p, "report_summary", json_schema(ReportAnswer), parse_report_answer
        )
        if answer is None:
            msg = N_("LLM: the report summary is rule-based ({reason}).")
            self.problems.append(msg.format(reason=problem))
            note = translations(report.language).gettext(msg).format(reason=problem)
            return report.model_copy(update={"notes": [*report.notes, note]})
        present = {f.label for f in report.files}
        update: dict[str, Any] = {"summary": answer.summary, "highlights": answer.highlights}
        if answer.insights:
            update["insights"] = answer.insights
        for key, label in (("new_features", Label.NEW_FEATURE), ("breaking_changes", Label.BREAKING_CHANGE)):
            items = getattr(answer, key)
            if label.value not in present:
                update[key] = []  # never a bullet for a type no file has
            elif items:
                update[key] = items
        others = present - {Label.NEW_FEATURE.value, Label.BREAKING_CHANGE.value}
        update["other_updates"] = (answer.other_updates or report.other_updates) if others else []
        return report.model_copy(update=update)
