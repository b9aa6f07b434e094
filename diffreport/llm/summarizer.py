"""The LLM summarizer: rule-based reports in, LLM-written reports out.

:class:`LLMSummarizer` takes the rule-based :class:`Report` and returns a copy whose files carry LLM
titles, explanations and validated labels, and whose report-level texts were written by the LLM.
Whatever the LLM does, the report stays complete: a file whose answer stayed invalid or could not be
fetched keeps its rule-based text, with a note. Model output is untrusted: prompt markup is stripped,
and the renderers escape what is left. One summarizer may write several reports (``run --llm``):
they share one client, one concurrency pool and one event loop.

A report whose files wait on disk (:class:`~diffreport.spool.SpooledReport`) stays there: its files are
read back one at a time, a few times the concurrency of them in flight, and each one written goes back
into the spool, so memory does not grow with the range (:class:`_Files`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .. import narrate
from ..i18n import N_, translations
from ..models import Label, Report, ReportFile
from ..settings.llm import LLMSettings
from ..spool import Built, SpooledReport, spooled
from .answers import FileAnswer, ReportAnswer, parse_file_answer, parse_report_answer
from .cache import AnswerCache
from .prompts import Listed, Prompt, PromptBuilder
from .stats import LLMStats, Progress

log = logging.getLogger(__name__)


@dataclass
class Enriched:
    """One report after the LLM: the report, what is not LLM-written, and (dry run) the plan."""

    report: Report | SpooledReport
    problems: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    planned: int = 0
    planned_tokens: int = 0
    cached: int = 0


@dataclass
class _Call:
    """What one request of the plan is, in the words of the dry run."""

    route: str
    kind: str
    target: str
    model: str
    fmt: str
    tokens: int
    trimmed: bool

    def line(self) -> str:
        extra = ", prompt trimmed to the budget" if self.trimmed else ""
        return (
            f"llm dry run: {self.route} ({self.kind} {self.target}): model {self.model}, "
            f"{self.fmt}, ~{self.tokens} input tokens{extra}"
        )


_NAMES = {"file": ("file_summary", FileAnswer), "report": ("report_summary", ReportAnswer)}
_IN_FLIGHT = 4  # files read back and asked about at once, per unit of concurrency


def _with_answer(f: ReportFile, a: FileAnswer) -> ReportFile:
    update = {"title": a.title, "explanation": a.explanation, "label": a.label, "source": "llm"}
    return f.model_copy(update=update)


class _Files:
    """The files of a report, read one at a time, and the files written of them, kept in order: a plain
    report's in a list, a spooled report's back into its spool (only their light forms stay in memory).
    Of each file written, :attr:`listed` keeps what the report prompt lists."""

    def __init__(self, report: Report | SpooledReport) -> None:
        self.source = report
        self.listed: list[Listed] = []
        self._files: list[ReportFile] = []
        self._built: list[Built] = []

    def __iter__(self) -> Iterator[ReportFile]:
        if isinstance(self.source, SpooledReport):
            spool = self.source.spool
            return (spool.file(slot) for slot in self.source.slots)
        return iter(self.source.files)

    def asked(self) -> int:
        """How many files the LLM is asked about (not the binary ones)."""
        files = self.source.light if isinstance(self.source, SpooledReport) else self.source.files
        return sum(not f.binary for f in files)

    def put(self, f: ReportFile) -> None:
        self.listed.append(Listed.of(f))
        if isinstance(self.source, SpooledReport):
            self._built.append(spooled(self.source.spool, f))
        else:
            self._files.append(f)

    def report(self, notes: list[str]) -> Report | SpooledReport:
        """The report of the files written, with ``notes`` and its texts narrated of those files."""
        source = self.source
        if isinstance(source, SpooledReport):
            light = [b.light for b in self._built]
            text = narrate.describe_report(light, source.report.language).model_dump()
            header = source.report.model_copy(update={"notes": notes, **text})
            return SpooledReport(header, light, source.spool, [b.slot for b in self._built])
        text = narrate.describe_report(self._files, source.language).model_dump()
        return source.model_copy(update={"files": self._files, "notes": notes, **text})


def _updated(report: Report | SpooledReport, update: dict[str, Any]) -> Report | SpooledReport:
    """``report`` with the report-level fields of ``update``."""
    if isinstance(report, SpooledReport):
        return SpooledReport(
            report.report.model_copy(update=update), report.light, report.spool, report.slots
        )
    return report.model_copy(update=update)


class LLMSummarizer:
    """Enriches rule-based reports with LLM-written texts (see the module docstring)."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        client_factory: Callable[[], Any] | None = None,
        dry_run: bool = False,
        progress: Progress | None = None,
        template_dir: str | None = None,
    ) -> None:
        self.settings = settings
        self.template_dir = template_dir
        self.stats = LLMStats()
        self.dry_run = dry_run
        self.tokenizer = ""
        self._client_factory = client_factory
        self._progress = progress
        self._loop: asyncio.AbstractEventLoop | None = None
        self._transport: Any = None

    def enrich(self, report: Report | SpooledReport) -> Enriched:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(self._enrich(report))

    def close(self) -> None:
        if self._loop is None:
            return
        if self._transport is not None:
            self._loop.run_until_complete(self._transport.client.close())
        self._loop.close()
        self._loop = self._transport = None

    async def _enrich(self, report: Report | SpooledReport) -> Enriched:
        builder = PromptBuilder(self.settings, report.language, self.template_dir)
        self.tokenizer = builder.tokenizer
        cache = AnswerCache(self.settings.cache_path() if self.settings.cache else None)
        try:
            if self.dry_run:
                return self._plan(report, builder, cache)
            return await self._run(report, builder, cache)
        finally:
            cache.close()

    # -- the dry run: the same prompts, the same cache look-ups, the same request bodies ---------------
    def _plan(self, report: Report | SpooledReport, builder: PromptBuilder, cache: AnswerCache) -> Enriched:
        from .client import client_routing

        route = client_routing(self.settings)
        out = Enriched(report)
        listed: list[Listed] = []
        all_cached = True
        for f in _Files(report):
            if not f.binary:
                p = builder.file_prompt(f)
                hit = self._cached(cache, p, parse_file_answer)
                if hit is not None:
                    out.cached += 1
                    f = _with_answer(f, hit)
                else:
                    all_cached = False
                    self._add_call(out, route, p, f.path)
            listed.append(Listed.of(f))
        p = builder.report_prompt(report, listed)
        if all_cached and self._cached(cache, p, parse_report_answer) is not None:
            out.cached += 1
        else:
            self._add_call(out, route, p, "summary")
        return out

    def _add_call(self, out: Enriched, route: Callable[[str], str], p: Prompt, target: str) -> None:
        name = _NAMES[p.kind][0]
        call = _Call(route(p.model), p.kind, target, p.model, f"json_schema {name}", p.tokens, p.trimmed)
        out.plan.append(call.line())
        out.planned += 1
        out.planned_tokens += p.tokens

    # -- the real run ------------------------------------------------------------------------------
    async def _run(
        self, report: Report | SpooledReport, builder: PromptBuilder, cache: AnswerCache
    ) -> Enriched:
        from .client import Transport, build_client

        if self._transport is None:
            client = self._client_factory() if self._client_factory else build_client(self.settings)
            self._transport = Transport(client, self.settings, self.stats)
        transport = self._transport
        _ = translations(report.language).gettext
        out = Enriched(report)
        files = _Files(report)
        total = files.asked()
        done = 0
        failed: dict[str, int] = {}

        async def one(p: Prompt) -> tuple[Any, str | None]:
            nonlocal done
            result = await self._ask(transport, cache, p, parse_file_answer)
            done += 1
            if self._progress:
                self._progress(done, total, self.stats.retries)
            return result

        async def settle() -> None:  # the oldest file in flight is written, once its answer (if asked) came
            f, asked = flight.popleft()
            answer, problem = (None, None) if asked is None else await asked
            if asked is None:
                files.put(f)
            elif answer is not None:
                files.put(_with_answer(f, answer))
            else:
                reason = problem or "no answer"
                failed[reason] = failed.get(reason, 0) + 1
                note = _(
                    "LLM summary unavailable ({reason}); the rule-based title and explanation are kept."
                ).format(reason=reason)
                files.put(f.model_copy(update={"notes": [*f.notes, note]}))

        if self._progress:
            self._progress(0, total, self.stats.retries)
        flight: deque[tuple[ReportFile, asyncio.Task[tuple[Any, str | None]] | None]] = deque()
        try:
            for f in files:
                flight.append((f, None if f.binary else asyncio.ensure_future(one(builder.file_prompt(f)))))
                if len(flight) >= _IN_FLIGHT * self.settings.concurrency:
                    await settle()
            while flight:
                await settle()
        finally:  # a file could not be read back, or the run was stopped: nothing is left running
            left = [task for _f, task in flight if task is not None]
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)
        self.stats.fallbacks += sum(failed.values())
        notes = list(report.notes)
        for reason, count in sorted(failed.items()):
            msg = N_("LLM: {count} of {total} files kept their rule-based text ({reason}).")
            notes.append(_(msg).format(count=count, total=total, reason=reason))
            out.problems.append(msg.format(count=count, total=total, reason=reason))
        base = files.report(notes)
        update = await self._report(transport, cache, builder, base, files.listed, out)
        out.problems += [fallback.worded() for fallback in transport.fallbacks]
        extra = [
            fallback.worded(_) for fallback in transport.fallbacks
        ]  # the server's words stay as they are
        out.report = _updated(base, {**update, "notes": [*update.get("notes", base.notes), *extra]})
        return out

    def _cached(self, cache: AnswerCache, p: Prompt, parse: Callable[[str], BaseModel]) -> Any:
        hit = cache.get(p.key)
        if hit is None:
            return None
        try:
            return parse(json.dumps(hit))
        except ValueError:
            return None

    async def _ask(
        self, transport: Any, cache: AnswerCache, p: Prompt, parse: Callable[[str], BaseModel]
    ) -> tuple[Any, str | None]:
        from .client import TransportError

        answer = self._cached(cache, p, parse)
        if answer is not None:
            self.stats.cache_hits += 1
            return answer, None
        name, model = _NAMES[p.kind]
        retry_reason: str | None = None
        attempts = 1 + self.settings.max_invalid_retries
        for _ in range(attempts):
            user = p.user if retry_reason is None or p.render is None else p.render(retry_reason)
            try:
                completion = await transport.complete(p.model, p.system, user, name, model)
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

    async def _report(
        self,
        transport: Any,
        cache: AnswerCache,
        builder: PromptBuilder,
        report: Report | SpooledReport,
        listed: list[Listed],
        out: Enriched,
    ) -> dict[str, Any]:
        """The report-level fields the LLM writes of ``report``, whose files are ``listed``."""
        p = builder.report_prompt(report, listed)
        answer, problem = await self._ask(transport, cache, p, parse_report_answer)
        if answer is None:
            msg = N_("LLM: the report summary is rule-based ({reason}).")
            out.problems.append(msg.format(reason=problem))
            note = translations(report.language).gettext(msg).format(reason=problem)
            return {"notes": [*report.notes, note]}
        present = {f.label for f in listed}
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
        return update
