"""The OpenAI SDK client and the request loop: retries, a deadline per request, format fallbacks.

This is the only module that builds a client. Keys come from the environment only
(``OPENAI_API_KEY``, ``AZURE_OPENAI_API_KEY``, ``AZURE_OPENAI_ENDPOINT``, ``OPENAI_API_VERSION``) and are
handed to the SDK, never logged, cached or written anywhere; credentials in a base URL are stripped
from everything shown. Retries follow the SDK's own rules exactly (``x-should-retry``, 408, 409, 429,
5xx, timeouts, lost connections; ``retry-after-ms`` / ``Retry-After`` up to two minutes), but run here
(the SDK's are off) so each is counted, and ``timeout`` bounds each whole request, not each read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import inspect
import logging
import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
from pydantic import BaseModel

from ..errors import UsageError
from ..i18n import N_
from ..settings.llm import LLMSettings
from ..vcs.remote import display_url
from .params import azure_v1_url, check_azure_version
from .requests import FORMAT_MODES, request_body, route
from .stats import LLMStats

log = logging.getLogger(__name__)

_FALLBACK_NOTE = N_(
    "LLM: the server at {where} refused response format {mode} (HTTP {status}: {said}); {then} is used for the "
    "rest of the run."
)
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "text.format")
_KEYLIKE = re.compile(r"\b(sk-|key-)[A-Za-z0-9_*.\-]{4,}")
MAX_RETRY_AFTER = 120.0  # the SDK's MAX_RETRY_AFTER_DELAY: a longer wait is not retried


def client_options(
    settings: LLMSettings, *, token_provider: Callable[[], Any] | None = None
) -> dict[str, Any]:
    """The client's keyword arguments from settings and environment; a missing one is a UsageError."""
    env = os.environ
    options: dict[str, Any] = {"max_retries": 0, "timeout": settings.timeout}
    if settings.provider == "azure":
        endpoint = settings.azure_endpoint or env.get("AZURE_OPENAI_ENDPOINT")
        version = settings.api_version or env.get("OPENAI_API_VERSION")
        v1 = azure_v1_url(settings, endpoint, version)
        if not endpoint and not settings.base_url:
            raise UsageError(
                "Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or llm.azure_endpoint"
            )
        if not version and not v1:
            raise UsageError("Azure OpenAI needs an API version: set OPENAI_API_VERSION or llm.api_version")
        if version and not v1:
            check_azure_version(settings, version)
        if token_provider is None and settings.azure_auth == "entra":
            token_provider = _entra_token_provider()
        key = None
        if token_provider is None:
            key = env.get("AZURE_OPENAI_API_KEY")
            if not key:
                raise UsageError(
                    '--llm needs an API key: set AZURE_OPENAI_API_KEY (or llm.azure_auth = "entra")'
                )
        if v1:  # the v1 routes take the plain OpenAI client: the api-key header or a bearer token
            if key:
                return {**options, "base_url": v1, "api_key": key, "default_headers": {"api-key": key}}
            provider = token_provider
            assert provider is not None  # no key means a token provider

            async def token() -> str:
                value = provider()
                return await value if inspect.isawaitable(value) else value

            return {**options, "base_url": v1, "api_key": token}
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


def client_routing(settings: LLMSettings) -> Callable[[str], str]:
    """The route each model's requests go to, as the dry run shows it (no key needed)."""
    endpoint = settings.azure_endpoint or os.environ.get("AZURE_OPENAI_ENDPOINT")
    version = settings.api_version or os.environ.get("OPENAI_API_VERSION")
    v1 = settings.provider == "azure" and azure_v1_url(settings, endpoint, version) is not None
    if settings.provider == "azure" and version and not v1:
        check_azure_version(settings, version)
    return lambda model: route(settings, model, azure_v1=v1, api_version=version)


def build_client(
    settings: LLMSettings, *, token_provider: Callable[[], Any] | None = None
) -> openai.AsyncOpenAI:
    """An async client for the configured provider (see :func:`client_options`)."""
    options = client_options(settings, token_provider=token_provider)
    if "api_version" in options:
        return openai.AsyncAzureOpenAI(**options)
    return openai.AsyncOpenAI(**options)


def _entra_token_provider() -> Callable[[], str]:
    try:
        from azure.identity import DefaultAzureCredential, get_bearer_token_provider
    except ImportError:
        raise UsageError(
            'llm.azure_auth = "entra" needs azure-identity: pip install "diffreport[azure]"'
        ) from None
    return get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")


@dataclass(frozen=True)
class FormatFallback:
    """A ``compatible`` server refused response format ``mode`` (HTTP ``status``, saying ``said``, its
    secrets masked): ``then`` is used for the rest of the run. The report words it in its language."""

    where: str
    mode: str
    status: int
    said: str
    then: str

    def worded(self, gettext: Callable[[str], str] = str) -> str:
        """The note, in the language of ``gettext`` (English by default); the server's words as they are."""
        return gettext(_FALLBACK_NOTE).format(**vars(self))


@dataclass(frozen=True)
class Completion:
    text: str
    input_tokens: int
    output_tokens: int


class TransportError(Exception):
    """A request that failed for good (after retries), with the reason shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def should_retry(exc: openai.APIStatusError) -> bool:
    """The SDK's rule: a too-long Retry-After never, then ``x-should-retry``, then 408/409/429/5xx."""
    wait = retry_after(exc.response)
    if wait is not None and wait > MAX_RETRY_AFTER:
        return False
    header = exc.response.headers.get("x-should-retry")
    if header in ("true", "false"):
        return header == "true"
    return exc.status_code in (408, 409, 429) or exc.status_code >= 500


def service_message(exc: openai.APIStatusError, secrets: tuple[str, ...] = ()) -> str:
    """What the service said (its ``error.message``), on one line, trimmed, without keys."""
    body = exc.body
    message: Any = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
    text = " ".join(str(message or "").split())
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _KEYLIKE.sub(r"\1***", text)
    return text[:300] + ("…" if len(text) > 300 else "")


class AnswerFailed(Exception):
    """The service answered, but with no usable text (refusal, cut off, filtered, incomplete)."""


class Transport:
    """Sends prompts: a semaphore bounds concurrency; failures are retried with backoff and counted.

    One transport may serve several reports (``run --llm``): the pool, the chosen format and a
    fatal error are shared by all of them.
    """

    def __init__(self, client: openai.AsyncOpenAI, settings: LLMSettings, stats: LLMStats) -> None:
        self.client = client
        self.settings = settings
        self.stats = stats
        self.mode = FORMAT_MODES[0]
        self.broken: str | None = None
        self.fallbacks: list[FormatFallback] = []
        self._sem = asyncio.Semaphore(settings.concurrency)
        self._secrets = tuple(
            v for v in (os.environ.get("OPENAI_API_KEY"), os.environ.get("AZURE_OPENAI_API_KEY")) if v
        )

    def backoff(self, attempt: int) -> float:
        wait = min(self.settings.backoff_max, self.settings.backoff_base * 2**attempt)
        return wait + random.uniform(0, wait / 10)

    async def complete(
        self, model: str, system: str, user: str, name: str, answer: type[BaseModel]
    ) -> Completion:
        attempt = 0
        while True:
            mode = self.mode
            async with self._sem:
                # read after waiting: an earlier answer may have broken the run or changed the format
                if self.broken:
                    raise TransportError(self.broken)
                mode = self.mode
                self.stats.requests += 1
                try:
                    body = request_body(self.settings, model, system, user, answer, name, mode)
                    result = await asyncio.wait_for(self._call(body), self.settings.timeout)
                    self.stats.add_usage(model, result.input_tokens, result.output_tokens)
                    return result
                except AnswerFailed as exc:
                    raise TransportError(str(exc)) from None
                except openai.APIStatusError as exc:
                    if exc.status_code in (400, 422) and self._may_downgrade(mode, exc):
                        self._downgrade(mode, exc)
                        continue
                    reason = self._status_reason(exc)
                    if not should_retry(exc):
                        if exc.status_code in (401, 403, 404):
                            self.broken = reason  # no later request can succeed
                        raise TransportError(reason) from None
                    wait = retry_after(exc.response)
                    wait = self.backoff(attempt) if wait is None or wait <= 0 else wait
                except (asyncio.TimeoutError, openai.APITimeoutError):
                    wait, reason = self.backoff(attempt), f"no answer within {self.settings.timeout:g}s"
                except openai.APIConnectionError as exc:
                    wait = self.backoff(attempt)
                    if _refused_connection(exc):
                        reason = f"server unreachable ({self.where()})"
                        if attempt >= self.settings.max_retries:
                            self.broken = reason  # nothing listens there: spare the other requests
                    else:
                        reason = "the connection was closed before the answer was complete"
                except (openai.APIResponseValidationError, ValueError):  # an HTTP 200 that is not JSON
                    raise TransportError("the server's answer is not a valid API response") from None
            if attempt >= self.settings.max_retries:
                raise TransportError(f"{reason} (after {attempt} retries)")
            attempt += 1
            self.stats.retries += 1
            self.stats.retry_waits.append(round(wait, 3))
            log.debug("LLM request failed (%s); retry %d in %.2fs", reason, attempt, wait)
            await asyncio.sleep(wait)

    def where(self) -> str:
        """The server's base URL without credentials."""
        return display_url(str(self.client.base_url)).rstrip("/")

    def _status_reason(self, exc: openai.APIStatusError) -> str:
        said = service_message(exc, self._secrets)
        reason = f"HTTP {exc.status_code} from the server" + (f": {said}" if said else "")
        hint = _HINTS.get(exc.status_code)
        if hint:
            reason += f" ({hint[self.settings.provider == 'azure']})"
        return reason

    def _may_downgrade(self, mode: str, exc: openai.APIStatusError) -> bool:
        """Only a ``compatible`` server that refused the format itself gets a simpler format."""
        if self.settings.provider != "compatible" or mode == "text":
            return False
        text = (service_message(exc) + " " + str(exc.message)).lower()
        return any(word in text for word in _FORMAT_WORDS)

    def _downgrade(self, mode: str, exc: openai.APIStatusError) -> None:
        if self.mode != mode:  # the first of concurrent rejections switches the mode for everyone
            return
        self.mode = FORMAT_MODES[FORMAT_MODES.index(mode) + 1]
        self.stats.format_fallbacks += 1
        fallback = FormatFallback(
            self.where(), mode, exc.status_code, service_message(exc, self._secrets), self.mode
        )
        self.fallbacks.append(fallback)
        log.warning("%s", fallback.worded())

    async def _call(self, body: dict[str, Any]) -> Completion:
        if self.settings.api == "responses":
            resp = await self.client.responses.create(**body)
            if resp.status == "incomplete":
                why = getattr(resp.incomplete_details, "reason", None) or "unknown"
                raise AnswerFailed(_INCOMPLETE.get(why, f"the answer is incomplete ({why})"))
            for item in resp.output or []:
                for part in getattr(item, "content", None) or []:
                    if getattr(part, "type", "") == "refusal":
                        raise AnswerFailed(f"the model refused: {_short(part.refusal)}")
            usage = resp.usage
            return Completion(
                resp.output_text or "",
                getattr(usage, "input_tokens", 0) or 0,
                getattr(usage, "output_tokens", 0) or 0,
            )
        chat = await self.client.chat.completions.create(**body)
        if not chat.choices:
            raise AnswerFailed("the server sent no answer")
        choice = chat.choices[0]
        if getattr(choice.message, "refusal", None):
            raise AnswerFailed(f"the model refused: {_short(choice.message.refusal or '')}")
        if choice.finish_reason == "length":
            raise AnswerFailed(_INCOMPLETE["max_output_tokens"])
        if choice.finish_reason == "content_filter":
            raise AnswerFailed(_INCOMPLETE["content_filter"])
        usage = chat.usage
        return Completion(
            choice.message.content or "",
            getattr(usage, "prompt_tokens", 0) or 0,
            getattr(usage, "completion_tokens", 0) or 0,
        )


def _refused_connection(exc: openai.APIConnectionError) -> bool:
    """The connection could not be opened (the HTTP library's ConnectError), not lost on the way."""
    return any(cls.__name__ == "ConnectError" for cls in type(exc.__cause__).__mro__)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text[:200] + ("…" if len(text) > 200 else "")


_INCOMPLETE = {
    "max_output_tokens": "the answer was cut off at llm.max_output_tokens; raise it",
    "content_filter": "the service's content filter stopped the answer",
}
# (OpenAI hint, Azure hint) per status
_HINTS = {
    401: ("check OPENAI_API_KEY", "check AZURE_OPENAI_API_KEY or the Entra ID login"),
    403: (
        "the key has no access to this model or project",
        "the key or identity has no access to this resource",
    ),
    404: (
        "check llm.model and the base URL",
        "check the deployment name (llm.model), the endpoint and llm.api_version",
    ),
}
