"""The body of each request, built in one place for the real run and for ``--llm-dry-run``.

Structured outputs use the SDK's own strict-schema conversion of the answer models
(:func:`openai.lib._pydantic.to_strict_json_schema`, what ``chat.completions.parse`` sends), so the
schema is exactly the subset OpenAI's strict mode accepts. Parameters follow the model rules of
:mod:`diffreport.llm.params`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from openai.lib._pydantic import to_strict_json_schema
from pydantic import BaseModel

from ..settings.llm import LLMSettings
from .params import is_reasoning

FORMAT_MODES = ("json_schema", "json_object", "text")


@cache
def _strict_schema(answer: type[BaseModel]) -> dict[str, Any]:
    """The strict schema of an answer model, made once (0.7 ms each time: pydantic builds the JSON schema
    anew); every request shares it, and the SDK copies what it sends."""
    return to_strict_json_schema(answer)


def chat_body(
    settings: LLMSettings, model: str, system: str, user: str, answer: type[BaseModel], name: str, mode: str
) -> dict[str, Any]:
    """Keyword arguments of ``chat.completions.create``."""
    body: dict[str, Any] = {
        "model": model,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
    }
    if settings.provider == "compatible" and not is_reasoning(model):
        body["max_tokens"] = settings.max_output_tokens  # what older local servers understand
    else:
        body["max_completion_tokens"] = settings.max_output_tokens
    if mode == "json_schema":
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": _strict_schema(answer), "strict": True},
        }
    elif mode == "json_object":
        body["response_format"] = {"type": "json_object"}
    if settings.reasoning_effort:
        body["reasoning_effort"] = settings.reasoning_effort
    if settings.temperature is not None:
        body["temperature"] = settings.temperature
    return body


def responses_body(
    settings: LLMSettings, model: str, system: str, user: str, answer: type[BaseModel], name: str, mode: str
) -> dict[str, Any]:
    """Keyword arguments of ``responses.create`` (JSON mode needs the word JSON in ``input``)."""
    body: dict[str, Any] = {
        "model": model,
        "instructions": system,
        "input": user,
        "max_output_tokens": settings.max_output_tokens,
    }
    if mode == "json_schema":
        body["text"] = {
            "format": {
                "type": "json_schema",
                "name": name,
                "schema": _strict_schema(answer),
                "strict": True,
            }
        }
    elif mode == "json_object":
        body["text"] = {"format": {"type": "json_object"}}
    if settings.reasoning_effort:
        body["reasoning"] = {"effort": settings.reasoning_effort}
    if settings.temperature is not None:
        body["temperature"] = settings.temperature
    return body


def request_body(
    settings: LLMSettings, model: str, system: str, user: str, answer: type[BaseModel], name: str, mode: str
) -> dict[str, Any]:
    build = responses_body if settings.api == "responses" else chat_body
    return build(settings, model, system, user, answer, name, mode)


def route(settings: LLMSettings, model: str, *, azure_v1: bool, api_version: str | None) -> str:
    """The HTTP route of a request, for the dry run (relative to the base URL)."""
    if settings.provider == "azure" and not azure_v1:
        query = f"?api-version={api_version}" if api_version else ""
        if settings.api == "responses":
            return f"POST /openai/responses{query}"
        return f"POST /openai/deployments/{model}/chat/completions{query}"
    return "POST /responses" if settings.api == "responses" else "POST /chat/completions"
