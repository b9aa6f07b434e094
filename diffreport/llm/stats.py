"""Counters of one LLM run: requests, cache hits, retries, tokens and the estimated cost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..settings.llm import Price

# Progress of the LLM work: (files done, files in all, retries so far)
Progress = Callable[[int, int, int], None]


@dataclass
class LLMStats:
    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    invalid_answers: int = 0
    format_fallbacks: int = 0
    fallbacks: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    retry_waits: list[float] = field(default_factory=list)
    tokens_by_model: dict[str, list[int]] = field(default_factory=dict)

    def add_usage(self, model: str, input_tokens: int, output_tokens: int) -> None:
        self.input_tokens += input_tokens
        self.output_tokens += output_tokens
        slot = self.tokens_by_model.setdefault(model, [0, 0])
        slot[0] += input_tokens
        slot[1] += output_tokens

    def cost(self, prices: dict[str, Price]) -> tuple[float, list[str]]:
        """Estimated USD cost, and the models that had no price."""
        total = 0.0
        unpriced: list[str] = []
        for model, (tokens_in, tokens_out) in sorted(self.tokens_by_model.items()):
            price = prices.get(model)
            if price is None:
                unpriced.append(model)
                continue
            total += (tokens_in * price.input + tokens_out * price.output) / 1_000_000
        return total, unpriced

    def summary(self, prices: dict[str, Price]) -> str:
        """One line for stderr at the end of a run."""
        cost, unpriced = self.cost(prices)
        text = (
            f"llm: {self.requests} requests, {self.cache_hits} cache hits, {self.retries} retries, "
            f"{self.input_tokens} input tokens, {self.output_tokens} output tokens, "
            f"estimated cost ${cost:.4f}"
        )
        if unpriced:
            text += f" (no price in [llm.prices] for {', '.join(unpriced)})"
        if self.format_fallbacks:
            text += f"; {self.format_fallbacks} format fallbacks"
        if self.fallbacks:
            text += f"; {self.fallbacks} kept the rule-based text"
        return text
