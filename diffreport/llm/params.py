"""What the chosen models and routes accept, checked before anything is sent.

OpenAI documents rules its API specification does not encode: reasoning models (``o1``, ``o3``,
``o4``, ``gpt-5`` families, except the ``*-chat*`` variants) take ``max_completion_tokens`` and no
``temperature``; other OpenAI models take no ``reasoning_effort``. Azure OpenAI serves the Responses
API only from api-version ``2025-03-01-preview`` on, or on its ``/openai/v1/`` routes. A setting the
service would refuse is refused here, in one line naming the key, the model and the fix.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import UsageError
from ..settings.llm import LLMSettings

REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")
PLAIN_PREFIXES = ("gpt-3.5", "gpt-4", "chatgpt")
AZURE_RESPONSES_SINCE = "2025-03-01-preview"
AZURE_V1_VERSIONS = ("v1", "latest", "preview")


def _name(model: str) -> str:
    return model.lower().rsplit("/", 1)[-1]


def is_reasoning(model: str) -> bool:
    """An o-series or gpt-5 model (not a ``*-chat*`` variant)."""
    name = _name(model)
    return name.startswith(REASONING_PREFIXES) and "-chat" not in name


def is_plain(model: str) -> bool:
    """A model known not to reason (so it refuses ``reasoning_effort``); unknown names are neither."""
    name = _name(model)
    return name.startswith(PLAIN_PREFIXES) or (name.startswith("gpt-5") and "-chat" in name)


def check_models(settings: LLMSettings) -> None:
    """Refuse a setting one of the configured models cannot take (a :class:`UsageError`)."""
    for model in dict.fromkeys((settings.model, settings.summary_model)):
        if settings.temperature is not None and is_reasoning(model):
            raise UsageError(
                f"llm.temperature: the reasoning model {model!r} takes no temperature; remove the key"
            )
        if settings.reasoning_effort and is_plain(model):
            raise UsageError(
                f"llm.reasoning_effort: {model!r} is not a reasoning model; remove the key "
                "or choose an o-series or gpt-5 model"
            )


def azure_v1_url(settings: LLMSettings, endpoint: str | None, version: str | None) -> str | None:
    """The ``/openai/v1/`` base URL when Azure is used through its v1 routes, else None."""
    if settings.base_url and urlsplit(settings.base_url).path.rstrip("/").endswith("/openai/v1"):
        return settings.base_url
    if endpoint and version in AZURE_V1_VERSIONS:
        return endpoint.rstrip("/") + "/openai/v1/"
    return None


def check_azure_version(settings: LLMSettings, version: str) -> None:
    """The Responses API needs a recent dated api-version (or the v1 routes)."""
    if settings.api == "responses" and version[:1].isdigit() and version < AZURE_RESPONSES_SINCE:
        raise UsageError(
            f"llm.api_version {version!r} does not serve the Responses API on Azure; set "
            f'api_version = "{AZURE_RESPONSES_SINCE}" or later, api_version = "v1", or api = "chat"'
        )
