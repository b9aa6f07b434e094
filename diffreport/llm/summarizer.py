"""Summarizers: the deterministic one (the default, a no-op) and the LLM one.

:class:`LLMSummarizer` takes the rule-based :class:`Report` and returns a copy whose files carry LLM
titles, explanations and validated labels, and whose report-level texts were written by the LLM.
Whatever the LLM does, the report stays complete: a file whose answer stayed invalid or could not be
fetched keeps its rule-based text, with a note. Model output is untrusted: prompt markup is stripped,
and the renderers escape what is left.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from babel import Locale
from pydantic import BaseModel, ConfigDict, ValidationError

from .. import narrate
from ..models import LABELS, Label, Report, ReportFile
from ..render import get_env
from .budget import counter_for, trim_lines
from .cache import AnswerCache, cache_key
from .settings import LLMSettings
from .stats import LLMStats

log = logging.getLogger(__name__)

PROMPT_VERSION = "1"
TITLE_MAX = 200
TEXT_MAX = 4000


class Summarizer(Protocol):
    def enrich(self, report: Report) -> Report: ...


class RuleSummarizer:
    """The default: the rule-based texts are the report; nothing to add."""

    def enrich(self, report: Report) -> Report:
        return report


# -- answers -------------------------------------------------------------------------------
class FileAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    explanation: str
    label: Label


class ReportAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    summary: str
    highlights: str
    new_features: list[str]
    breaking_changes: list[str]
    other_updates: list[str]
    insights: list[str]


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The strict JSON schema of an answer model (refs inlined; labels as an enum of the four)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: inline(v) for k, v in node.items() if k != "title"}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    result = inline(schema)
    result["additionalProperties"] = False
    return result


_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_MARKER = re.compile(r"<<<\s*(?:BEGIN|END)[^>]*>>>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str, limit: int = TEXT_MAX, *, one_line: bool = False) -> str:
    """Untrusted model text without prompt markup (tags, data markers, control characters)."""
    text = _CONTROL.sub("", _TAG.sub("", _MARKER.sub("", text)))
    text = text.replace("\r\n", "\n").strip()
    if one_line:
        text = " ".join(text.split())
    return text[:limit].strip()


def extract_json(text: str) -> Any:
    """The JSON object in a model answer: the whole text, a fenced block, or the outermost braces."""
    text = text.strip()
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.DOTALL)
    candidates = [text] + ([fenced.group(1)] if fenced else [])
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    raise ValueError("the answer is not JSON")


def parse_file_answer(text: str) -> FileAnswer:
    """A validated file answer, or ValueError naming what is wrong."""
    data = extract_json(text)
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    if isinstance(data.get("label"), str):
        data["label"] = " ".join(data["label"].lower().replace("_", " ").split())
    try:
        answer = FileAnswer.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ValueError(f"{'.'.join(map(str, err['loc'])) or 'answer'}: {err['msg']}") from None
    title = clean_text(answer.title, TITLE_MAX, one_line=True)
    explanation = clean_text(answer.explanation)
    if not title or not explanation:
        raise ValueError("empty title or explanation")
    return FileAnswer(title=title, explanation=explanation, label=answer.label)


def parse_report_answer(text: str) -> ReportAnswer:
    data = extract_json(text)
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    try:
        answer = ReportAnswer.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ValueError(f"{'.'.join(map(str, err['loc'])) or 'answer'}: {err['msg']}") from None

    def items(values: list[str]) -> list[str]:
        return [v for v in (clean_text(x, 500, one_line=True).lstrip("-* ").strip() for x in values) if v]

    summary = clean_text(answer.summary, one_line=True)
    if not summary:
        raise ValueError("empty summary")
    return ReportAnswer(
        summary=summary,
        highlights=clean_text(answer.highlights) or summary,
        new_features=items(answer.new_features),
        breaking_changes=items(answer.breaking_changes),
        other_updates=items(answer.other_updates),
        insights=[p for p in (clean_text(x) for x in answer.insights) if p],
    )


# -- prompts -------------------------------------------------------------------------------
@dataclass
class Prompt:
    kind: str
    model: str
    system: str
    user: str
    tokens: int
    key: str
    trimmed: bool = False
    render: Callable[[str | None], str] | None = field(default=None, repr=False)


def language_name(lang: str) -> str:
    try:
        return Locale.parse(lang).english_name or lang
    except (ValueError, TypeError):
        return lang


def _marker(*parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"DATA-{digest}"


def _scrub(text: str, marker: str) -> str:
    return text.replace(marker, "[marker removed]")


class PromptBuilder:
    def __init__(self, settings: LLMSettings, language: str) -> None:
        self.settings = settings
        self.language = language
        self.env = get_env("en")
        self.tokenizer, self.count = counter_for(settings.model, settings.tokenizer)

    def _tpl(self, name: str, **ctx: Any) -> str:
        return self.env.get_template(f"prompts/{name}.j2").render(**ctx)

    def file_prompt(self, f: ReportFile) -> Prompt:
        s = self.settings
        analysis = json.dumps(f.analysis, ensure_ascii=False, indent=1, sort_keys=True) if f.analysis else ""
        rules = "\n".join(
            f"- {r.id} ({r.label}): {r.message}"
            + (f" Evidence: {'; '.join(r.evidence)}" if r.evidence else "")
            for r in f.rules
        )
        marker = _marker(f.path, f.patch, analysis, rules)
        system = self._tpl(
            "file_system", language_name=language_name(self.language), labels=LABELS, marker=marker
        )
        budget = s.max_input_tokens - self.count(system)
        analysis_cut = trim_lines(_scrub(analysis, marker), max(budget // 3, 50), self.count)
        ctx: dict[str, Any] = {
            "file": f,
            "marker": marker,
            "rules": _scrub(rules, marker),
            "analysis": analysis_cut.text,
            "analysis_trimmed": analysis_cut.trimmed,
            "patch": "",
            "patch_trimmed": False,
            "patch_kept": 0,
            "patch_total": 0,
            "retry_reason": None,
        }
        base = self.count(self._tpl("file_user", **ctx)) + 40  # room for the trimming sentence
        patch = _scrub(f.patch, marker)
        cut = trim_lines(patch, max(budget - base, 0), self.count)
        ctx.update(
            patch=cut.text or ("(diff omitted: over the token budget)" if patch else ""),
            patch_trimmed=cut.trimmed,
            patch_kept=cut.kept_lines,
            patch_total=cut.total_lines,
        )
        if cut.trimmed:
            log.debug(
                "%s: patch trimmed to %d of %d lines for the token budget",
                f.path,
                cut.kept_lines,
                cut.total_lines,
            )

        def render(retry_reason: str | None) -> str:
            return self._tpl("file_user", **{**ctx, "retry_reason": retry_reason})

        user = render(None)
        return self._prompt("file", s.model, system, user, cut.trimmed or analysis_cut.trimmed, render)

    def report_prompt(self, report: Report, files: list[ReportFile]) -> Prompt:
        s = self.settings
        lines = [
            f"- [{f.label}] {f.path}: {' '.join(f.title.split())}. {' '.join(f.explanation.split())}"
            for f in files
        ]
        body = "\n".join(lines)
        marker = _marker(report.title, body)
        system = self._tpl("report_system", language_name=language_name(self.language), marker=marker)
        counts = [(label, sum(1 for f in files if f.label == label)) for label in LABELS]
        ctx: dict[str, Any] = {
            "report": report,
            "marker": marker,
            "total": len(files),
            "counts": counts,
            "listed": len(files),
            "files": "",
            "retry_reason": None,
        }
        budget = (
            s.report_max_input_tokens - self.count(system) - self.count(self._tpl("report_user", **ctx)) - 40
        )
        cut = trim_lines(_scrub(body, marker), max(budget, 0), self.count)
        ctx.update(files=cut.text, listed=cut.kept_lines)

        def render(retry_reason: str | None) -> str:
            return self._tpl("report_user", **{**ctx, "retry_reason": retry_reason})

        return self._prompt("report", s.summary_model, system, render(None), cut.trimmed, render)

    def _prompt(
        self,
        kind: str,
        model: str,
        system: str,
        user: str,
        trimmed: bool,
        render: Callable[[str | None], str],
    ) -> Prompt:
        key = cache_key(
            model=model,
            prompt_version=PROMPT_VERSION,
            language=self.language,
            kind=kind,
            prompt=system + "\0" + user,
        )
        tokens = self.count(system) + self.count(user)
        return Prompt(kind, model, system, user, tokens, key, trimmed, render)


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
    ) -> None:
        self.settings = settings
        self.stats = LLMStats()
        self.dry_run = dry_run
        self.plan: list[PlannedCall] = []
        self.problems: list[str] = []
        self.tokenizer = ""
        self._client_factory = client_factory

    def enrich(self, report: Report) -> Report:
        return asyncio.run(self.aenrich(report))

    async def aenrich(self, report: Report) -> Report:
        builder = PromptBuilder(self.settings, report.language)
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
                                "label": a.label.value,
                                "source": "llm",
                            }
                        )
                    )
                else:
                    reason = result.problem or "no answer"
                    failed[reason] = failed.get(reason, 0) + 1
                    note = (
                        f"LLM summary unavailable ({reason}); the rule-based title and explanation are kept."
                    )
                    files.append(f.model_copy(update={"notes": [*f.notes, note]}))
            self.stats.fallbacks = sum(failed.values())
            notes = list(report.notes)
            for reason, count in sorted(failed.items()):
                msg = f"LLM: {count} of {len(prompts)} files kept their rule-based text ({reason})."
                notes.append(msg)
                self.problems.append(msg)
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
            msg = f"LLM: the report summary is rule-based ({problem})."
            self.problems.append(msg)
            return report.model_copy(update={"notes": [*report.notes, msg]})
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
