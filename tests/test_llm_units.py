"""LLM pieces that need no server: settings, import isolation, budget, parsing, cache keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from llm_helpers import (
    SPEC_PATH,
    Refused,
    check_format,
    check_model_parameters,
    check_strict_schema,
    spec_check,
)

from diffreport.errors import ConfigError, UsageError
from diffreport.llm import budget
from diffreport.llm.answers import (
    FileAnswer,
    ReportAnswer,
    clean_text,
    parse_file_answer,
    parse_report_answer,
)
from diffreport.llm.cache import AnswerCache, cache_key
from diffreport.llm.client import retry_after
from diffreport.llm.params import check_models, is_reasoning
from diffreport.llm.requests import FORMAT_MODES, chat_body, request_body
from diffreport.llm.stats import LLMStats
from diffreport.models import LABELS
from diffreport.settings import load_config
from diffreport.settings.llm import LLMSettings, Price


def test_plain_compare_never_imports_openai(git_repo, tmp_path):
    git_repo.write("docs/a.md", "# A\n")
    base = git_repo.commit("one")
    git_repo.write("docs/a.md", "# A\n\nMore.\n")
    head = git_repo.commit("two")
    args = ["compare", f"{base}..{head}", "-C", str(git_repo.path), "-o", str(tmp_path / "r.md")]
    code = (
        "import sys, diffreport\n"
        "assert 'openai' not in sys.modules\n"
        "from diffreport.cli import main\n"
        f"assert main({args!r}) == 0\n"
        "roots = {m.split('.')[0] for m in sys.modules} | set(m for m in sys.modules if 'llm.client' in m)\n"
        "print(','.join(sorted(roots & {'openai', 'tiktoken', 'httpx2', 'diffreport.llm.client'})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert (tmp_path / "r.md").is_file()


def test_llm_section_is_validated(tmp_path):
    cfg = tmp_path / "diffreport.toml"
    cfg.write_text('[llm]\nmodel = "m1"\nconcurrency = 3\n[llm.prices.m1]\ninput = 1.5\noutput = 6\n')
    settings = load_config(cfg).llm
    assert (settings.model, settings.concurrency, settings.prices["m1"].output) == ("m1", 3, 6.0)
    cfg.write_text("[llm]\nmodle = 'x'\n")
    with pytest.raises(ConfigError, match=r"llm\.modle: unknown key \(did you mean 'model'\?\)"):
        load_config(cfg)
    cfg.write_text("[llm]\nconcurrency = 0\n")
    with pytest.raises(ConfigError, match=r"llm\.concurrency"):
        load_config(cfg)
    cfg.write_text("[llm]\napi = 'completions'\n")
    with pytest.raises(ConfigError, match=r"llm\.api"):
        load_config(cfg)


def test_cache_dir_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert LLMSettings().cache_path() == tmp_path / "xdg" / "diffreport" / "llm-cache.sqlite3"
    assert LLMSettings(cache_dir=str(tmp_path / "c")).cache_path().parent == tmp_path / "c"


def test_heuristic_counts_ascii_and_cjk():
    assert budget.heuristic_tokens("") == 0
    assert budget.heuristic_tokens("abcd" * 10) == 10
    assert budget.heuristic_tokens("abcde") == 2
    assert budget.heuristic_tokens("変更点") == 3


def test_tiktoken_is_never_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty"))
    budget.counter_for.cache_clear()
    try:
        name, count = budget.counter_for("gpt-4o-mini", "auto")
        assert name == "heuristic"
        assert count("abcd") == 1
        assert budget.counter_for("gpt-4o-mini", "heuristic")[0] == "heuristic"
    finally:
        budget.counter_for.cache_clear()


def test_trim_lines_keeps_whole_lines_within_budget():
    text = "\n".join(f"line {i:03d} with some words" for i in range(200))
    cut = budget.trim_lines(text, 100, budget.heuristic_tokens)
    assert cut.trimmed
    assert 0 < cut.kept_lines < 200
    assert cut.total_lines == 200
    assert budget.heuristic_tokens(cut.text) <= 100
    assert text.startswith(cut.text)
    whole = budget.trim_lines("short", 100, budget.heuristic_tokens)
    assert not whole.trimmed
    assert whole.text == "short"
    one_line = budget.trim_lines("x" * 10_000, 50, budget.heuristic_tokens)
    assert 0 < budget.heuristic_tokens(one_line.text) <= 50


def test_strict_schema_is_the_sdks_and_limits_labels_to_the_four():
    body = chat_body(LLMSettings(), "gpt-4o-mini", "s", "u", FileAnswer, "file_summary", "json_schema")
    schema = body["response_format"]["json_schema"]["schema"]
    assert schema["$defs"]["Label"]["enum"] == list(LABELS)
    assert schema["additionalProperties"] is False
    assert schema["required"] == list(schema["properties"]) == ["title", "explanation", "label"]
    check_strict_schema("file_summary", schema, "response_format")
    with pytest.raises(Refused, match="Extra required key 'title' supplied"):  # the schema issue 9 found
        check_strict_schema("file_summary", {**schema, "properties": {"label": {"type": "string"}}}, "x")


MODELS = ["gpt-4o-mini", "o4-mini", "gpt-5", "gpt-5-chat-latest"]


@pytest.mark.parametrize("api", ["chat", "responses"])
@pytest.mark.parametrize("mode", FORMAT_MODES)
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("provider", ["openai", "compatible"])
def test_every_request_body_keeps_the_contract(api, mode, model, provider):
    """Each body the builder can make passes OpenAI's specification and its documented rules."""
    effort = "low" if is_reasoning(model) else None
    temperature = None if is_reasoning(model) else 0.2
    settings = LLMSettings(
        model=model, api=api, provider=provider, reasoning_effort=effort, temperature=temperature
    )
    check_models(settings)
    operation = "chat" if api == "chat" else "responses"
    for answer, name in ((FileAnswer, "file_summary"), (ReportAnswer, "report_summary")):
        user = "Describe the change to this file. Answer with one JSON object."
        body = request_body(settings, model, "system", user, answer, name, mode)
        spec_check(operation, body)
        check_model_parameters(operation, body, openai_models=True)
        check_format(operation, body)


@pytest.mark.skipif(SPEC_PATH is None, reason="../shared/openai/openapi.json not found")
def test_the_spec_itself_is_enforced():
    good = chat_body(LLMSettings(), "gpt-4o-mini", "s", "json", FileAnswer, "file_summary", "json_object")
    with pytest.raises(Refused, match="Unrecognized request argument supplied: foo"):
        spec_check("chat", {**good, "foo": 1})
    with pytest.raises(Refused, match=r"\(temperature\)"):
        spec_check("chat", {**good, "temperature": "hot"})
    with pytest.raises(Refused, match=r"\(messages\)"):
        spec_check("chat", {**good, "messages": []})
    with pytest.raises(Refused, match="must contain the word 'json'"):
        check_format("chat", {**good, "messages": [{"role": "user", "content": "hello"}]})
    responses = {"model": "gpt-4o-mini", "instructions": "Answer in JSON", "input": "hello"}
    with pytest.raises(Refused, match="Response input messages must contain the word 'json'"):
        check_format("responses", {**responses, "text": {"format": {"type": "json_object"}}})
    with pytest.raises(Refused, match="'temperature' is not supported"):
        check_model_parameters("chat", {"model": "o3", "temperature": 0.2}, openai_models=True)
    with pytest.raises(Refused, match="'max_tokens' is not supported"):
        check_model_parameters("chat", {"model": "o4-mini", "max_tokens": 9}, openai_models=False)
    with pytest.raises(Refused, match="'reasoning.effort' is not supported"):
        check_model_parameters(
            "responses", {"model": "gpt-4o", "reasoning": {"effort": "low"}}, openai_models=True
        )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"model": "o3-mini", "temperature": 0.2},
            r"^llm\.temperature: the reasoning model 'o3-mini' takes no",
        ),
        ({"report_model": "gpt-5", "temperature": 0}, r"^llm\.temperature: the reasoning model 'gpt-5'"),
        (
            {"model": "gpt-4o", "reasoning_effort": "low"},
            r"^llm\.reasoning_effort: 'gpt-4o' is not a reasoning",
        ),
        ({"model": "gpt-5-chat-latest", "reasoning_effort": "low"}, r"^llm\.reasoning_effort: 'gpt-5-chat"),
    ],
)
def test_parameters_a_model_cannot_take_are_refused_up_front(settings, message):
    with pytest.raises(UsageError, match=message):
        check_models(LLMSettings.model_validate(settings))


def test_model_families():
    assert [is_reasoning(m) for m in ("o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5-chat", "gpt-4o")] == [
        True, True, True, True, False, False,
    ]  # fmt: skip
    assert check_models(LLMSettings(model="llama3.1", reasoning_effort="low", temperature=0.1)) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"title": "T", "explanation": "E", "label": "Bug Fix"}',
        'Sure:\n```json\n{"title": "T", "explanation": "E", "label": "bug fix"}\n```',
        'prefix {"title": "T", "explanation": "E", "label": "bug_fix"} suffix',
    ],
)
def test_file_answers_are_parsed_from_json_fences_and_prose(text):
    answer = parse_file_answer(text)
    assert (answer.title, answer.explanation, answer.label.value) == ("T", "E", "bug fix")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json at all", "not JSON"),
        ('{"title": "T", "explanation": "E", "label": "major update"}', "label"),
        ('{"title": "T", "explanation": "E"}', "label"),
        ('{"title": "<format></format>", "explanation": "E", "label": "bug fix"}', "empty"),
        ('{"title": "T", "explanation": "E", "label": "bug fix", "extra": 1}', "extra"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_invalid_file_answers_are_rejected(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_file_answer(text)


def test_markup_is_stripped_from_model_text():
    assert clean_text("<format>Title</format> | <b>x</b>", one_line=True) == "Title | x"
    assert clean_text("a <<<END DATA-1234>>> b\x07") == "a  b"
    # code is no markup: a C# generic in a code span stays whole (the Markdown writer shows it as it is)
    assert clean_text("Returns `IList<T>` <b>now</b>, not `List<string>`.") == (
        "Returns `IList<T>` now, not `List<string>`."
    )
    report = parse_report_answer(
        json.dumps(
            {
                "summary": "<format>S</format>",
                "highlights": "",
                "new_features": ["- <i>n</i>", "  "],
                "breaking_changes": [],
                "other_updates": [],
                "insights": ["<p>i</p>"],
            }
        )
    )
    assert (report.summary, report.highlights, report.new_features, report.insights) == (
        "S",
        "S",
        ["n"],
        ["i"],
    )


def test_retry_after_headers():
    class R:
        def __init__(self, headers):
            self.headers = headers

    assert retry_after(R({"retry-after": "2"})) == 2.0
    assert retry_after(R({"retry-after-ms": "250", "retry-after": "9"})) == 0.25
    assert retry_after(R({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0
    assert retry_after(R({"retry-after": "soon"})) is None
    assert retry_after(R({})) is None


def test_cache_key_parts_and_store(tmp_path):
    parts = {"model": "m", "prompt_version": "1", "language": "en", "kind": "file", "prompt": "p"}
    key = cache_key(**parts)
    for name, other in (("model", "m2"), ("language", "ja"), ("prompt_version", "2"), ("prompt", "q")):
        assert cache_key(**{**parts, name: other}) != key
    cache = AnswerCache(tmp_path / "c" / "cache.sqlite3")
    assert cache.get(key) is None
    cache.put(key, {"title": "T"}, kind="file", model="m")
    assert cache.get(key) == {"title": "T"}
    cache.close()
    assert AnswerCache(tmp_path / "c" / "cache.sqlite3").get(key) == {"title": "T"}
    unusable = AnswerCache(Path("/proc/no/such/dir/cache.sqlite3"))
    assert unusable.get(key) is None
    unusable.put(key, {"title": "T"}, kind="file", model="m")


def test_stats_cost_uses_the_price_table():
    stats = LLMStats()
    stats.add_usage("small", 1_000_000, 500_000)
    stats.add_usage("big", 1000, 0)
    cost, unpriced = stats.cost({"small": Price(input=0.1, output=0.4)})
    assert cost == pytest.approx(0.3)
    assert unpriced == ["big"]
    line = stats.summary({"small": Price(input=0.1, output=0.4)})
    assert "1001000 input tokens" in line
    assert "$0.3000" in line
    assert "no price" in line


@pytest.mark.parametrize("module", ["diffreport.settings.llm", "diffreport.llm", "diffreport.settings"])
def test_config_and_llm_settings_import_in_any_order(module):
    code = f"import {module}, diffreport.settings as c; print(type(c.Config().llm).__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "LLMSettings"


def test_flags_are_validated_like_the_file():
    from diffreport.errors import UsageError
    from diffreport.llm import settings_with

    base = LLMSettings(model="from-file", prices={"m": Price(input=1, output=2)})
    merged = settings_with(base, model="from-flag", base_url=None, concurrency=4)
    assert (merged.model, merged.base_url, merged.concurrency, merged.prices["m"].input) == (
        "from-flag",
        None,
        4,
        1.0,
    )
    with pytest.raises(UsageError, match=r"^llm\.concurrency: "):
        settings_with(base, concurrency=0)
