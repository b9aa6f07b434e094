"""What the LLM must answer: pydantic models (their strict schema is the SDK's), and parsing of untrusted text.

Model output is untrusted: answers are validated (labels only the four types), and prompt markup
(XML-like tags such as ``<format>``, the data markers, control characters) is stripped; the renderers
escape whatever is left.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..codespans import outside_code
from ..models import Label

TITLE_MAX = 200
TEXT_MAX = 4000


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


_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_MARKER = re.compile(r"<<<\s*(?:BEGIN|END)[^>]*>>>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str, limit: int = TEXT_MAX, *, one_line: bool = False) -> str:
    """Untrusted model text without prompt markup (tags, data markers, control characters)."""
    text = _MARKER.sub("", text)
    text = _CONTROL.sub("", outside_code(text, lambda part: _TAG.sub("", part)))  # `List<T>` is code: kept
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
