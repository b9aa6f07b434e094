"""The caches keyed by repository text hold short texts only, and a bounded number of them."""

from __future__ import annotations

from diffreport.analysis.memo import short_texts
from diffreport.analysis.syntax import clean_inline


def test_short_texts_are_remembered_long_ones_worked_out_each_time() -> None:
    calls: list[str] = []

    @short_texts(maxsize=2, max_chars=5)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [upper("ab"), upper("ab"), upper("abcdef"), upper("abcdef")] == ["AB", "AB", "ABCDEF", "ABCDEF"]
    assert calls == ["ab", "abcdef", "abcdef"]  # the long one, each time
    upper("x")
    upper("y")  # two remembered at most: "ab" is dropped
    upper("ab")
    assert calls[-1] == "ab"


def test_a_cached_function_answers_as_the_plain_one() -> None:
    long = "## [Link](x.md) *and* `code` " * 20
    assert clean_inline(long) == clean_inline.__wrapped__(long)  # type: ignore[attr-defined]
    assert clean_inline("[a](b) *c*") == "a c"
