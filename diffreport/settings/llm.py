"""The ``[llm]`` section of ``diffreport.toml``: provider, models, limits, cache and prices.

Nothing here talks to a server or imports the ``openai`` SDK; keys are never part of the settings
(they are read from the environment only when a client is built, see :mod:`diffreport.llm.client`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from ..cachedir import user_cache_dir
from ..factories import empty_dict
from .base import Section


class Price(Section):
    """What a model costs, in US dollars per million tokens."""

    input: float = Field(ge=0, description="USD per million input (prompt) tokens.")
    output: float = Field(ge=0, description="USD per million output (completion) tokens.")


class LLMSettings(Section):
    """Settings of the optional LLM summaries; command-line flags are laid over them."""

    enabled: bool = Field(default=False, description="Use the LLM without --llm.")
    provider: Literal["openai", "azure", "compatible"] = Field(
        default="openai",
        description="openai, azure (Azure OpenAI) or compatible (Ollama, vLLM, llama.cpp...).",
    )
    base_url: str | None = Field(default=None, description="API base URL, e.g. http://localhost:11434/v1.")
    model: str = Field(default="gpt-4o-mini", description="Model (Azure: deployment) for per-file work.")
    report_model: str | None = Field(
        default=None, description="Model for the report-level summary (default: the same as model)."
    )
    api: Literal["chat", "responses"] = Field(
        default="chat", description="Chat Completions or Responses API."
    )
    reasoning_effort: str | None = Field(
        default=None, description="Passed through to reasoning models (e.g. low, medium, high)."
    )
    temperature: float | None = Field(default=None, ge=0, le=2, description="Sampling temperature, if set.")
    azure_endpoint: str | None = Field(
        default=None, description="Azure resource endpoint (default: $AZURE_OPENAI_ENDPOINT)."
    )
    api_version: str | None = Field(
        default=None, description="Azure api-version (default: $OPENAI_API_VERSION)."
    )
    azure_auth: Literal["key", "entra"] = Field(
        default="key", description="key ($AZURE_OPENAI_API_KEY) or entra (azure-identity token provider)."
    )
    concurrency: int = Field(default=8, ge=1, le=256, description="Requests in flight at once.")
    timeout: float = Field(default=60.0, gt=0, description="Seconds before one request times out.")
    max_retries: int = Field(
        default=3, ge=0, le=10, description="Retries of a request on 429, 5xx, timeouts."
    )
    backoff_base: float = Field(
        default=1.0, ge=0, description="First retry delay in seconds; doubles each time."
    )
    backoff_max: float = Field(
        default=30.0, ge=0, description="Longest delay between two retries, in seconds."
    )
    max_invalid_retries: int = Field(
        default=2, ge=0, le=5, description="New requests when the answer is not valid, before giving up."
    )
    max_input_tokens: int = Field(default=6000, ge=300, description="Token budget of one file's prompt.")
    report_max_input_tokens: int = Field(
        default=12000, ge=300, description="Token budget of the report prompt."
    )
    max_output_tokens: int = Field(default=1000, ge=16, description="Most tokens one answer may have.")
    tokenizer: Literal["auto", "heuristic"] = Field(
        default="auto", description="auto: tiktoken when its encoding is cached locally, else the heuristic."
    )
    cache: bool = Field(default=True, description="Keep answers in a SQLite cache and reuse them.")
    cache_dir: str | None = Field(
        default=None, description="Cache folder (default: $XDG_CACHE_HOME/diffreport or ~/.cache/diffreport)."
    )
    prices: dict[str, Price] = Field(
        default_factory=empty_dict,
        description="Model name -> price per million tokens, for the cost estimate.",
    )

    @property
    def summary_model(self) -> str:
        return self.report_model or self.model

    def cache_path(self) -> Path:
        """Where the SQLite cache lives."""
        if self.cache_dir:
            return Path(self.cache_dir).expanduser() / "llm-cache.sqlite3"
        return user_cache_dir() / "llm-cache.sqlite3"
