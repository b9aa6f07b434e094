"""The OpenAI SDK client and the request loop: format fallbacks, retries, backoff, concurrency.

This is the only module that imports ``openai``. Keys come from the environment only
(``OPENAI_API_KEY``, ``AZURE_OPENAI_API_KEY``, ``AZURE_OPENAI_ENDPOINT``, ``OPENAI_API_VERSION``) and are
handed to the SDK, never logged, cached or written anywhere. The SDK's own retries are off
(``max_retries=0``): retries happen here, so they are counted in :class:`LLMStats`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai

from ..errors import UsageError
from ..settings.llm import LLMSettings
from .stats import LLMStats

log = logging.getLogger(__name__)

FORMAT_MODES = ("json_schema", "json_object", "text")
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "text.format")


def client_options(
    settings: LLMSettings, *, token_provider: Callable[[], Any] | None = None
) -> dict[str, Any]:
    """The client's keyword arguments from settings and environment; a missing one is a UsageError."""
    env = os.environ
    options: dict[str, Any] = {"max_retries": 0, "timeout": settings.timeout}
    if settings.provider == "azure":
        endpoint = settings.azure_endpoint or env.get("AZURE_OPENAI_ENDPOINT")
        if not endpoint and not settings.base_url:
            raise UsageError(
                "Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or llm.azure_endpoint"
            )
        version = settings.api_version or env.get("OPENAI_API_VERSION")
        if not version:
            raise UsageError("Azure OpenAI needs an API version: set OPENAI_API_VERSION or llm.api_version")
        if token_provider is None and settings.azure_auth == "entra":
            token_provider = _entra_token_provider()
        key = None
        if token_provider is None:
            key = env.get("AZURE_OPENAI_API_KEY")
            if not key:
                raise UsageError(
                    '--llm needs an API key: set AZURE_OPENAI_API_KEY (or llm.azure_auth = "entra")'
                )
        if settings.base_url:
            options["base_url"] = settings.base_url
        else:
            options["azure_endpoint"] = endpoint
        return {**options, "api_version": version, "api_key": key, "azure_ad_token_provider": token_provider}
    key = env.get("OPENAI_API_KEY")
    if not key:
        if settings.provider == "openai":
            raise UsageError(
                '--llm needs an API key: set OPENAI_API_KEY (or use llm.provider = "compatible")'
            )
        key = "unused"  # local OpenAI-compatible servers (Ollama, llama.cpp...) accept any key
    if settings.base_url:
        options["base_url"] = settings.base_url
    return {**options, "api_key": key}


def build_client(
    settings: LLMSettings, *, token_provider: Callable[[], Any] | None = None
) -> openai.AsyncOpenAI:
    """An async client for the configured provider (see :func:`client_options`)."""
    options = client_options(settings, token_provider=token_provider)
    if settings.provider == "azure":
        return openai.AsyncAzureOpenAI(**options)
    return openai.AsyncOpenAI(**options)


def _entra_token_provider() -> Callable[[], str]:
    try:
        from azure.identity import DefaultAzureCredential, get_bearer_token_provider
    except ImportError:
        raise UsageError(
            'llm.azure_auth = "entra" needs azure-identity: pip install azure-identity'
        ) from None
    return get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")


@dataclass(frozen=True)
class Completion:
    text: str
    input_tokens: int
    output_tokens: int


class TransportError(Exception):
    """A request that failed for good (after retries); ``fatal`` means no later request can succeed."""

    def __init__(self, reason: str, *, fatal: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal


def retry_after(response: Any) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    headers = getattr(response, "headers", None) or {}
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


class Transport:
    """Sends prompts: a semaphore bounds concurrency; 429/5xx/timeouts are retried with backoff."""

    MAX_RETRY_AFTER = 120.0

    def __init__(self, client: openai.AsyncOpenAI, settings: LLMSettings, stats: LLMStats) -> None:
        self.client = client
        self.settings = settings
        self.stats = stats
        self.mode = FORMAT_MODES[0]
        self.broken: str | None = None
        self._sem = asyncio.Semaphore(settings.concurrency)

    def backoff(self, attempt: int) -> float:
        wait = min(self.settings.backoff_max, self.settings.backoff_base * 2**attempt)
        return wait + random.uniform(0, wait / 10)

    async def complete(
        self, model: str, system: str, user: str, name: str, schema: dict[str, Any]
    ) -> Completion:
        attempt = 0
        while True:
            mode = self.mode
            try:
                async with self._sem:
                    # read after waiting: an earlier answer may have broken the run or changed the format
                    if self.broken:
                        raise TransportError(self.broken, fatal=True)
                    mode = self.mode
                    self.stats.requests += 1
                    result = await self._call(model, system, user, name, schema, mode)
                self.stats.add_usage(model, result.input_tokens, result.output_tokens)
                return result
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if mode != "text" and _format_rejected(exc):
                    self._downgrade(mode, exc)
                    continue
                raise TransportError(f"HTTP {exc.status_code} from the server") from None
            except openai.RateLimitError as exc:
                wait = retry_after(exc.response)
                wait = self.backoff(attempt) if wait is None else min(wait, self.MAX_RETRY_AFTER)
                reason = "HTTP 429 (rate limited)"
            except openai.APIStatusError as exc:
                if exc.status_code < 500:
                    fatal = exc.status_code in (401, 403, 404)
                    reason = f"HTTP {exc.status_code} from the server"
                    if fatal:
                        self.broken = reason
                    raise TransportError(reason, fatal=fatal) from None
                wait, reason = self.backoff(attempt), f"HTTP {exc.status_code} from the server"
            except openai.APITimeoutError:
                wait, reason = self.backoff(attempt), f"no answer within {self.settings.timeout:g}s"
            except openai.APIConnectionError:
                wait, reason = self.backoff(attempt), "server unreachable"
                if attempt >= self.settings.max_retries:
                    self.broken = f"{reason} ({self._where()})"
                    raise TransportError(self.broken, fatal=True) from None
            if attempt >= self.settings.max_retries:
                raise TransportError(f"{reason}, after {attempt} retries")
            attempt += 1
            self.stats.retries += 1
            self.stats.retry_waits.append(round(wait, 3))
            log.debug("LLM request failed (%s); retry %d in %.2fs", reason, attempt, wait)
            await asyncio.sleep(wait)

    def _where(self) -> str:
        return str(self.client.base_url).rstrip("/")

    def _downgrade(self, mode: str, exc: openai.APIStatusError) -> None:
        if self.mode == mode:  # the first of concurrent rejections switches the mode for everyone
            self.mode = FORMAT_MODES[FORMAT_MODES.index(mode) + 1]
            self.stats.format_fallbacks += 1
            log.info(
                "the server rejected response format %s (HTTP %s); using %s", mode, exc.status_code, self.mode
            )

    async def _call(
        self, model: str, system: str, user: str, name: str, schema: dict[str, Any], mode: str
    ) -> Completion:
        s = self.settings
        if s.api == "responses":
            kwargs: dict[str, Any] = {
                "model": model,
                "instructions": system,
                "input": user,
                "max_output_tokens": s.max_output_tokens,
            }
            if mode == "json_schema":
                kwargs["text"] = {
                    "format": {"type": "json_schema", "name": name, "schema": schema, "strict": True}
                }
            elif mode == "json_object":
                kwargs["text"] = {"format": {"type": "json_object"}}
            if s.reasoning_effort:
                kwargs["reasoning"] = {"effort": s.reasoning_effort}
            if s.temperature is not None:
                kwargs["temperature"] = s.temperature
            resp = await self.client.responses.create(**kwargs)
            usage = resp.usage
            return Completion(
                resp.output_text or "",
                getattr(usage, "input_tokens", 0) or 0,
                getattr(usage, "output_tokens", 0) or 0,
            )
        kwargs = {
            "model": model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        }
        if s.provider == "compatible":
            kwargs["max_tokens"] = s.max_output_tokens
        else:
            kwargs["max_completion_tokens"] = s.max_output_tokens
        if mode == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            }
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        if s.reasoning_effort:
            kwargs["reasoning_effort"] = s.reasoning_effort
        if s.temperature is not None:
            kwargs["temperature"] = s.temperature
        chat = await self.client.chat.completions.create(**kwargs)
        text = chat.choices[0].message.content if chat.choices else ""
        usage = chat.usage
        return Completion(
            text or "",
            getattr(usage, "prompt_tokens", 0) or 0,
            getattr(usage, "completion_tokens", 0) or 0,
        )


def _format_rejected(exc: openai.APIStatusError) -> bool:
    text = str(exc.message).lower() + " " + str(getattr(exc, "body", "") or "").lower()
    return any(word in text for word in _FORMAT_WORDS)
