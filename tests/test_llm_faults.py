"""The LLM layer against what real services do: Azure routes, faults, refusals, secrets, dry run = real run."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest
from llm_helpers import API_KEY, closed_port_url, fake_llm_server, make_docs_repo
from test_llm_server import cli, fast, rule_report, write_config

from diffreport.errors import UsageError
from diffreport.llm import RunEnricher, apply_llm
from diffreport.models import Report
from diffreport.pipeline import CompareOptions, compare


@pytest.fixture
def azure(monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", API_KEY)
    monkeypatch.delenv("OPENAI_API_VERSION", raising=False)


def only_llm(outcome) -> None:
    assert not outcome.failed, outcome.problems
    assert all(f.source == "llm" for f in outcome.report.files)


# -- Azure ------------------------------------------------------------------------------------------
def test_azure_responses_api_on_a_recent_api_version(docs, azure, tmp_path):
    with fake_llm_server() as server:
        settings = fast(
            tmp_path,
            None,
            provider="azure",
            api="responses",
            azure_endpoint=server.endpoint,
            api_version="2025-03-01-preview",
            model="my-deployment",
        )
        outcome = apply_llm(rule_report(docs), settings)
    only_llm(outcome)
    assert {r.path for r in server.requests} == {"/openai/responses"}
    assert all(r.query["api-version"] == ["2025-03-01-preview"] for r in server.requests)


@pytest.mark.parametrize("api", ["chat", "responses"])
@pytest.mark.parametrize("how", ["base_url", "api_version"])
def test_azure_v1_routes(docs, azure, tmp_path, api, how):
    with fake_llm_server() as server:
        base_url = f"{server.endpoint}/openai/v1/" if how == "base_url" else None
        where = {} if base_url else {"azure_endpoint": server.endpoint, "api_version": "v1"}
        settings = fast(tmp_path, base_url, provider="azure", api=api, model="gpt-4o-mini", **where)
        outcome = apply_llm(rule_report(docs), settings)
    only_llm(outcome)
    route = "/openai/v1/chat/completions" if api == "chat" else "/openai/v1/responses"
    assert {r.path for r in server.requests} == {route}
    assert all(r.headers["api-key"] == API_KEY for r in server.requests)


def test_azure_v1_routes_with_an_entra_token(docs, tmp_path):
    from diffreport.llm.client import build_client

    with fake_llm_server(api_key="entra-token") as server:
        settings = fast(tmp_path, f"{server.endpoint}/openai/v1/", provider="azure", model="gpt-4o-mini")
        outcome = apply_llm(
            rule_report(docs),
            settings,
            client_factory=lambda: build_client(settings, token_provider=lambda: "entra-token"),
        )
    only_llm(outcome)
    assert {r.headers.get("authorization") for r in server.requests} == {"Bearer entra-token"}


def test_azure_responses_on_an_old_api_version_is_refused_up_front(docs, azure, tmp_path, capsys):
    cfg = write_config(
        tmp_path / "d.toml",
        provider="azure",
        api="responses",
        azure_endpoint="http://127.0.0.1:9",
        api_version="2024-10-21",
    )
    for flag in ("--llm", "--llm-dry-run"):
        rc, out, err = cli(capsys, docs, flag, "--config", str(cfg))
        assert rc == 2
        assert out == ""
        assert err == (
            "diffreport: error: llm.api_version '2024-10-21' does not serve the Responses API on Azure; set "
            'api_version = "2025-03-01-preview" or later, api_version = "v1", or api = "chat"\n'
        )


def test_readme_azure_example_works(docs, azure, tmp_path, monkeypatch):
    with fake_llm_server() as server:
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", server.endpoint)
        settings = fast(
            tmp_path,
            None,
            provider="azure",
            model="gpt-4o-mini",
            report_model="gpt-4o",
            api_version="2024-10-21",
        )
        only_llm(apply_llm(rule_report(docs), settings))
    assert {r.path.split("/")[3] for r in server.requests} == {"gpt-4o-mini", "gpt-4o"}


# -- model parameters -----------------------------------------------------------------------------------
def test_a_setting_the_model_cannot_take_is_refused_before_sending(docs, key, tmp_path, capsys):
    cfg = write_config(tmp_path / "d.toml", model="o4-mini", temperature=0.2)
    with fake_llm_server() as server:
        rc, out, err = cli(capsys, docs, "--llm", "--config", str(cfg), "--llm-base-url", server.base_url)
    assert rc == 2
    assert (
        err
        == "diffreport: error: llm.temperature: the reasoning model 'o4-mini' takes no temperature; remove the key\n"
    )
    assert server.requests == []


def test_compatible_provider_with_a_reasoning_model_sends_max_completion_tokens(docs, tmp_path):
    with fake_llm_server(api_key="unused", compatible=True) as server:
        only_llm(
            apply_llm(
                rule_report(docs), fast(tmp_path, server.base_url, provider="compatible", model="o4-mini")
            )
        )
    assert all("max_completion_tokens" in r.body and "max_tokens" not in r.body for r in server.requests)


# -- faults: the report is never lost ----------------------------------------------------------------------
def victim_outcome(docs, tmp_path, fault: str, **extra: object):
    rules = rule_report(docs)
    victim = rules.files[1]
    with fake_llm_server() as server:
        server.path_faults[victim.path] = fault
        outcome = apply_llm(rules, fast(tmp_path, server.base_url, **extra))
    kept = next(f for f in outcome.report.files if f.path == victim.path)
    assert (kept.title, kept.label, kept.source) == (victim.title, victim.label, "rules")
    assert all(f.source == "llm" for f in outcome.report.files if f.path != victim.path)
    assert outcome.failed
    return outcome, kept, [r for r in server.requests if r.file_path == victim.path]


@pytest.mark.parametrize("api", ["chat", "responses"])
@pytest.mark.parametrize(
    ("fault", "note"),
    [
        ("refusal", "the model refused: I'm sorry, I cannot help with that request."),
        ("length", "the answer was cut off at llm.max_output_tokens; raise it"),
        ("content-filter", "the service's content filter stopped the answer"),
        ("not-json", "the server's answer is not a valid API response"),
    ],
)
def test_unusable_answers_keep_the_rule_based_file(docs, key, tmp_path, api, fault, note):
    outcome, kept, sent = victim_outcome(docs, tmp_path, fault, api=api)
    assert f"LLM summary unavailable ({note})" in kept.notes[0]
    assert len(sent) == 1  # the same request would get the same answer: not asked again


def test_a_truncated_body_or_closed_connection_is_retried_then_kept(docs, key, tmp_path):
    for fault in ("truncated", "close"):
        outcome, kept, sent = victim_outcome(docs, tmp_path / fault, fault, max_retries=1)
        assert "the connection was closed before the answer was complete (after 1 retries)" in kept.notes[0]
        assert len(sent) == 2
        assert outcome.stats.retries == 1


def test_a_slow_drip_hits_the_deadline_of_the_whole_request(docs, key, tmp_path):
    outcome, kept, sent = victim_outcome(docs, tmp_path, "drip", timeout=0.5, max_retries=0)
    assert "no answer within 0.5s (after 0 retries)" in kept.notes[0]


@pytest.mark.parametrize(
    ("fault", "hint"),
    [("401", "(check OPENAI_API_KEY)"), ("404", "(check llm.model and the base URL)")],
)
def test_401_and_404_name_the_fix_and_stop_the_run(docs, key, tmp_path, fault, hint):
    with fake_llm_server(faults=[fault]) as server:
        outcome = apply_llm(rule_report(docs), fast(tmp_path, server.base_url, concurrency=1))
    assert len(server.requests) == 1
    assert outcome.stats.retries == 0
    assert all(hint in f.notes[0] for f in outcome.report.files)
    assert any(
        f"report summary is rule-based (HTTP {fault} from the server" in n for n in outcome.report.notes
    )


@pytest.mark.parametrize(("header", "retried"), [(None, True), ("false", False)])
def test_409_follows_x_should_retry(docs, key, tmp_path, header, retried):
    with fake_llm_server(faults=["409"], should_retry=header) as server:
        outcome = apply_llm(rule_report(docs), fast(tmp_path, server.base_url, concurrency=1))
    assert outcome.stats.retries == int(retried)
    assert len(server.requests) == 5 + int(retried)
    assert outcome.failed is not retried


def test_a_401_the_server_says_to_retry_is_retried(docs, key, tmp_path):
    with fake_llm_server(faults=["401"], should_retry="true") as server:
        only_llm(apply_llm(rule_report(docs), fast(tmp_path, server.base_url, concurrency=1)))
    assert len(server.requests) == 6


def test_non_json_answers_everywhere_still_write_the_report(docs, key, tmp_path, capsys):
    with fake_llm_server(faults=["not-json"] * 20) as server:
        rc, out, err = cli(
            capsys, docs, "--llm", "--llm-base-url", server.base_url, "--cache-dir", str(tmp_path)
        )
        assert rc == 0
        assert "# Summary Table" in out
        assert "Traceback" not in err
        rc, out, err = cli(
            capsys, docs, "--llm-required", "--llm-base-url", server.base_url, "--cache-dir", str(tmp_path)
        )
    assert rc == 1
    assert "# Summary Table" in out
    assert "internal error" not in err


# -- secrets --------------------------------------------------------------------------------------------
def test_credentials_in_the_base_url_are_never_shown(docs, key, tmp_path, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    url = closed_port_url().replace("http://", "http://alice:hunter2@")
    rc, out, err = cli(
        capsys, docs, "--llm", "--llm-base-url", url, "--cache-dir", str(tmp_path), "-f", "json"
    )
    assert rc == 0
    assert "server unreachable (http://127.0.0.1:" in out
    for text in (out, err, caplog.text):
        assert "hunter2" not in text
        assert "alice" not in text


# -- dry run = real run ----------------------------------------------------------------------------------
def test_dry_run_lists_exactly_the_requests_the_run_sends(git_repo, key, tmp_path, capsys):
    base, head = make_docs_repo(git_repo, 5)
    docs = (git_repo, f"{base}..{head}")
    with fake_llm_server() as server:
        args = [
            "--llm-base-url",
            server.base_url,
            "--cache-dir",
            str(tmp_path / "c"),
            "--llm-model",
            "gpt-4.1-mini",
        ]
        for round_ in range(2):  # a cold cache, then a warm one
            _, _, err = cli(capsys, docs, "--llm-dry-run", *args)
            planned = [line for line in err.splitlines() if line.startswith("llm dry run: POST ")]
            before = len(server.requests)
            rc, _, _ = cli(capsys, docs, "--llm", *args)
            assert rc == 0
            sent = server.requests[before:]
            assert len(planned) == len(sent) == (6 if round_ == 0 else 0)
            assert sorted(
                f"(file {r.file_path})" if r.kind == "file" else "(report summary)" for r in sent
            ) == sorted(line.split(" ", 5)[5].split(":", 1)[0] for line in planned)
            assert all(" model gpt-4.1-mini, json_schema " in line for line in planned)
    assert f"{len(planned)} requests would be sent (6 cached)" in err.splitlines()[-1]


# -- run --llm: one pool for all reports -----------------------------------------------------------------
def test_run_hook_shares_one_client_and_pool_across_reports(git_repo, key, tmp_path, monkeypatch):
    from diffreport.llm import client as llm_client

    built: list[object] = []
    real_build = llm_client.build_client

    def counting_build(settings):
        built.append(settings)
        return real_build(settings)

    monkeypatch.setattr(llm_client, "build_client", counting_build)
    base, head = make_docs_repo(git_repo, 3)
    reports = [
        compare(CompareOptions(range=f"{base}..{head}", repo=str(git_repo.path), language=lang))
        for lang in ("en", "ja")
    ]
    seen: list[tuple[int, int, int]] = []
    with fake_llm_server(latency=0.05) as server:
        enricher = RunEnricher(
            fast(tmp_path, server.base_url, concurrency=2), progress=lambda *a: seen.append(a)
        )
        try:
            written = [enricher(report, None, None) for report in reports]
        finally:
            enricher.close()
    assert all(f.source == "llm" for r in written for f in r.files)
    assert server.max_inflight <= 2
    assert enricher.stderr_lines() == [enricher.outcomes[-1].stats.summary({})]
    assert enricher.stderr_lines()[0].startswith("llm: 8 requests, 0 cache hits")
    assert seen.count((3, 3, 0)) == 2
    assert len(built) == 1  # one client for every report of the run
    assert isinstance(written[1], Report)


def test_run_hook_refuses_bad_settings_before_the_run(tmp_path, key):
    with pytest.raises(UsageError, match="reasoning_effort"):
        RunEnricher(fast(tmp_path, None, model="gpt-4o", reasoning_effort="low"))


def test_openai_is_a_dependency_and_extras_are_named_when_needed(docs, tmp_path, capsys, monkeypatch):
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]
    assert any(dep.startswith("openai") for dep in project["dependencies"])
    assert "azure-identity>=1.15" in project["optional-dependencies"]["azure"]
    pytest.importorskip("openai")
    if importlib.util.find_spec("azure") is not None:
        pytest.skip("azure-identity is installed")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    cfg = write_config(
        tmp_path / "d.toml", provider="azure", azure_auth="entra", azure_endpoint="http://127.0.0.1:9"
    )
    rc, _, err = cli(capsys, docs, "--llm", "--config", str(cfg))
    assert rc == 2
    assert (
        err
        == 'diffreport: error: llm.azure_auth = "entra" needs azure-identity: pip install "diffreport[azure]"\n'
    )
