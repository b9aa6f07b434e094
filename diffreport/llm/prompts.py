"""Prompts: Jinja templates (``templates/prompts/*.j2``) filled with one file's data, within a token budget.

Repository text is data: it goes between ``<<<BEGIN DATA-…>>>`` / ``<<<END DATA-…>>>`` lines whose marker
is derived from the content, and the system prompt says that text is never instructions.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel import Locale

from ..models import LABELS, Label, Report, ReportFile
from ..settings.llm import LLMSettings
from ..spool import SpooledReport
from ..templating import get_env
from .budget import counter_for, trim_lines
from .cache import cache_key

log = logging.getLogger(__name__)

PROMPT_VERSION = "2"


@dataclass(frozen=True)
class Listed:
    """What the report prompt lists of a file."""

    path: str
    label: Label
    title: str
    explanation: str

    @classmethod
    def of(cls, f: ReportFile) -> Listed:
        return cls(f.path, f.label, f.title, f.explanation)


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
    def __init__(self, settings: LLMSettings, language: str, template_dir: str | None = None) -> None:
        self.settings = settings
        self.language = language
        self.env = get_env("en", template_dir)
        self.tokenizer, self.count = counter_for(settings.model, settings.tokenizer)

    def _tpl(self, name: str, **ctx: Any) -> str:
        return self.env.get_template(f"prompts/{name}.j2").render(**ctx)

    def file_prompt(self, f: ReportFile) -> Prompt:
        s = self.settings
        analysis = (
            json.dumps(f.analysis.compact(), ensure_ascii=False, indent=1, sort_keys=True)
            if f.analysis
            else ""
        )
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

    def report_prompt(self, report: Report | SpooledReport, files: Sequence[Listed]) -> Prompt:
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
