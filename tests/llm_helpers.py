"""An OpenAI API server for the LLM tests and the benchmark (stdlib + jsonschema, 127.0.0.1).

It enforces the contract the real services enforce: every request body is validated against
OpenAI's own OpenAPI specification (``../shared/openai/openapi.json``: ``CreateChatCompletionRequest``,
``CreateResponse``), plus the documented rules the specification does not encode (strict-mode
schemas, the JSON-mode word, model parameters, Azure routes and api-versions, keys). A request the
service would refuse is answered with the status and error body the service sends, and recorded in
``violations``: :func:`fake_llm_server` fails the test on exit if there is any. Routes:
``/v1/chat/completions``, ``/v1/responses``, Azure ``/openai/deployments/{dep}/chat/completions``,
``/openai/responses`` and ``/openai/v1/...``. Answers are derived from the prompt (not hard-coded);
faults can be injected (see :data:`Fault`). Every request is recorded.
"""

from __future__ import annotations

import functools
import json
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_KEY = "sk-test-SECRET-7f3a9c"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: dict[str, Any]
    peer: int = 0  # the client's port: one per connection

    @property
    def kind(self) -> str:
        """``file`` or ``report``, read from the task line of the system prompt."""
        return "report" if "Task: report-summary" in self.system else "file"

    @property
    def system(self) -> str:
        if "messages" in self.body:
            return next((m["content"] for m in self.body["messages"] if m["role"] == "system"), "")
        return self.body.get("instructions", "")

    @property
    def user(self) -> str:
        if "messages" in self.body:
            return next((m["content"] for m in self.body["messages"] if m["role"] == "user"), "")
        return str(self.body.get("input", ""))

    @property
    def format_type(self) -> str | None:
        if "response_format" in self.body:
            return self.body["response_format"]["type"]
        fmt = self.body.get("text", {}).get("format")
        return fmt["type"] if fmt else None

    @property
    def file_path(self) -> str | None:
        match = re.search(r"^Path: (.+)$", self.user, re.MULTILINE)
        return match.group(1) if match else None


# -- the contract: OpenAI's specification and the documented rules it does not encode ---------------
def _find_spec() -> Path | None:
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "openai" / "openapi.json"
        if candidate.is_file():
            return candidate
    return None


SPEC_PATH = _find_spec()
_SPEC_URI = "urn:openai-openapi"


def _json_schema_of(node: Any) -> Any:
    """OpenAPI's ``nullable: true`` in plain JSON Schema (a ``null`` type or an ``anyOf``)."""
    if isinstance(node, list):
        return [_json_schema_of(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema_of(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            return {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def _spec() -> dict[str, Any]:
    """The specification, read once (``SPEC_PATH`` is set)."""
    assert SPEC_PATH is not None
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


@functools.cache
def spec_validators() -> dict[str, Any]:
    """jsonschema validators of the request bodies, by operation (empty without the spec file)."""
    if SPEC_PATH is None:
        return {}
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    doc = _json_schema_of(_spec())
    registry = Registry().with_resource(_SPEC_URI, Resource.from_contents(doc, DRAFT202012))
    return {
        name: Draft202012Validator({"$ref": f"{_SPEC_URI}#/components/schemas/{schema}"}, registry=registry)
        for name, schema in (("chat", "CreateChatCompletionRequest"), ("responses", "CreateResponse"))
    }


class Refused(Exception):
    """What the service answers to a request it refuses: status, message, param, code."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code


@functools.cache
def spec_arguments(operation: str) -> frozenset[str]:
    """The top-level keys a request body may have (the properties along its ``allOf`` chain)."""
    if SPEC_PATH is None:
        return frozenset()
    schemas = _spec()["components"]["schemas"]
    names: set[str] = set()

    def collect(node: dict[str, Any]) -> None:
        if "$ref" in node:
            collect(schemas[node["$ref"].rsplit("/", 1)[-1]])
        names.update(node.get("properties", {}))
        for sub in node.get("allOf", []):
            collect(sub)

    collect(schemas["CreateChatCompletionRequest" if operation == "chat" else "CreateResponse"])
    return frozenset(names)


def spec_check(operation: str, body: dict[str, Any]) -> None:
    """Refuse a body OpenAI's specification does not allow (unknown arguments included)."""
    validator = spec_validators().get(operation)
    if validator is None:
        return
    from jsonschema.exceptions import best_match

    unknown = sorted(set(body) - spec_arguments(operation))
    if unknown:
        raise Refused(400, f"Unrecognized request argument supplied: {unknown[0]}", unknown[0])

    error = best_match(validator.iter_errors(body))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "body"
        raise Refused(400, f"Invalid request ({where}): {error.message[:300]}", where, "invalid_request")


STRICT_KEYWORDS = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
    "$ref", "$defs", "definitions", "description", "title", "pattern", "format", "multipleOf",
    "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "minItems", "maxItems",
}  # fmt: skip


def check_strict_schema(name: str, schema: Any, param: str) -> None:
    """Structured Outputs' subset: root object, closed objects, every key required, few keywords."""
    prefix = f"Invalid schema for response_format '{name}'"
    if not isinstance(schema, dict) or schema.get("type") != "object" or "anyOf" in schema:
        raise Refused(400, f"{prefix}: schema must be a JSON Schema of 'type: \"object\"'", param)
    count = 0

    def walk(node: Any, depth: int, context: tuple[str, ...]) -> None:
        nonlocal count
        if not isinstance(node, dict):
            return
        if depth > 10:
            raise Refused(400, f"{prefix}: too many levels of nesting (at most 10)", param)
        unknown = sorted(set(node) - STRICT_KEYWORDS)
        if unknown:
            raise Refused(400, f"{prefix}: In context={context}, '{unknown[0]}' is not permitted.", param)
        if node.get("type") == "object" or "properties" in node:
            props = node.get("properties", {})
            count += len(props)
            if node.get("additionalProperties") is not False:
                raise Refused(
                    400,
                    f"{prefix}: In context={context}, 'additionalProperties' is required to be supplied "
                    "and to be false.",
                    param,
                )
            required = node.get("required", [])
            extra = [k for k in required if k not in props]
            missing = [k for k in props if k not in required]
            if extra or missing:
                detail = f"Extra required key '{extra[0]}' supplied." if extra else f"Missing '{missing[0]}'."
                raise Refused(
                    400,
                    f"{prefix}: In context={context}, 'required' is required to be supplied and to be an "
                    f"array including every key in properties. {detail}",
                    param,
                )
            for key, sub in props.items():
                walk(sub, depth + 1, (*context, "properties", key))
        for key in ("items",):
            walk(node.get(key), depth + 1, context)
        for sub in node.get("anyOf", []):
            walk(sub, depth + 1, context)
        for sub in {**node.get("$defs", {}), **node.get("definitions", {})}.values():
            walk(sub, depth + 1, context)

    walk(schema, 1, ())
    if count > 5000:
        raise Refused(400, f"{prefix}: more than 5000 properties", param)


REASONING = ("o1", "o3", "o4", "gpt-5")
KNOWN_MODELS = ("gpt-3.5", "gpt-4", "chatgpt", *REASONING)


def _is_reasoning(model: str) -> bool:
    return model.startswith(REASONING) and "-chat" not in model


def check_model_parameters(operation: str, body: dict[str, Any], *, openai_models: bool) -> None:
    """The documented parameter rules of reasoning and other models."""
    model = str(body.get("model", ""))
    if openai_models and not model.startswith(KNOWN_MODELS):
        raise Refused(
            404,
            f"The model `{model}` does not exist or you do not have access to it.",
            None,
            "model_not_found",
        )
    unsupported = "Unsupported parameter: '{}' is not supported with this model."
    if _is_reasoning(model):
        for key in ("temperature", "top_p", "presence_penalty", "frequency_penalty"):
            if body.get(key) not in (None, 1 if key in ("temperature", "top_p") else 0):
                raise Refused(400, unsupported.format(key), key, "unsupported_parameter")
        if "max_tokens" in body:
            raise Refused(
                400,
                unsupported.format("max_tokens") + " Use 'max_completion_tokens' instead.",
                "max_tokens",
                "unsupported_parameter",
            )
    elif model.startswith(KNOWN_MODELS):
        key = "reasoning_effort" if operation == "chat" else "reasoning.effort"
        has = (
            body.get("reasoning_effort")
            if operation == "chat"
            else (body.get("reasoning") or {}).get("effort")
        )
        if has:
            raise Refused(400, unsupported.format(key), key, "unsupported_parameter")


def check_format(operation: str, body: dict[str, Any]) -> None:
    """Strict schemas and the JSON-mode word (for the Responses API: in ``input``)."""
    if operation == "chat":
        fmt, param = body.get("response_format") or {}, "response_format"
        words = " ".join(str(m.get("content", "")) for m in body.get("messages", []))
        schema_box = fmt.get("json_schema", {})
    else:
        fmt, param = (body.get("text") or {}).get("format") or {}, "text.format"
        words = json.dumps(body.get("input", ""))
        schema_box = fmt
    if fmt.get("type") == "json_schema" and schema_box.get("strict"):
        check_strict_schema(str(schema_box.get("name")), schema_box.get("schema"), param)
    if fmt.get("type") == "json_object" and "json" not in words.lower():
        where = "'messages'" if operation == "chat" else "Response input messages"
        raise Refused(
            400,
            f"{where} must contain the word 'json' in some form, to use '{param}' of type 'json_object'.",
            param,
        )


AZURE_VERSIONS = (
    "2024-02-01", "2024-06-01", "2024-10-21", "2024-12-01-preview", "2025-01-01-preview",
    "2025-03-01-preview", "2025-04-01-preview",
)  # fmt: skip
AZURE_RESPONSES_SINCE = "2025-03-01-preview"


def route_of(path: str, query: dict[str, list[str]]) -> tuple[str, str]:
    """(operation, flavour) of a route: ``chat``/``responses``, ``openai``/``azure``/``azure-v1``."""
    version = (query.get("api-version") or [""])[0]
    routes = {
        "/v1/chat/completions": ("chat", "openai"),
        "/v1/responses": ("responses", "openai"),
        "/openai/v1/chat/completions": ("chat", "azure-v1"),
        "/openai/v1/responses": ("responses", "azure-v1"),
    }
    if path in routes:
        operation, flavour = routes[path]
        if flavour == "azure-v1" and version not in ("", "preview", "latest"):
            raise Refused(400, f"Unsupported api-version {version} on the v1 routes", "api-version")
        return operation, flavour
    not_found = Refused(404, "Resource not found", None, "404")
    if path == "/openai/responses":
        if version not in AZURE_VERSIONS or version < AZURE_RESPONSES_SINCE:
            raise not_found
        return "responses", "azure"
    if re.fullmatch(r"/openai/deployments/[^/]+/chat/completions", path):
        if version not in AZURE_VERSIONS:
            raise not_found
        return "chat", "azure"
    raise Refused(404, f"Invalid URL (POST {path})", None, "unknown_url")


# A fault is one of: "429", "500", "invalid", "bad-label", "markup", "not-json", "drip", "truncated",
# "close", "refusal", "length", "content-filter", "401", "404", "409" (with ``should_retry``), or a
# callable returning an answer text.
Fault = str | Callable[[Recorded], str]
STATUS_FAULTS = {"401": "Incorrect API key provided", "404": "Resource not found", "409": "Lock timeout"}


@dataclass
class FakeLLM:
    """State shared with the handler; tests set the knobs and read ``requests``."""

    latency: float = 0.0
    retry_after: str = "0.01"
    should_retry: str | None = None  # the x-should-retry header sent with 401/404/409 faults
    reject_json_schema: bool = False  # a compatible server that lacks the feature
    reject_json_object: bool = False
    compatible: bool = False  # any model name (a local server); otherwise OpenAI's model names only
    drip_delay: float = 0.2
    api_key: str = API_KEY
    faults: deque[Fault] = field(default_factory=deque)
    path_faults: dict[str, Fault] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    expect_violations: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0
    inflight: int = 0
    max_inflight: int = 0

    def __post_init__(self) -> None:
        self.faults = deque(self.faults)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def check(self, req: Recorded) -> str:
        """The operation, after every rule the service enforces (raises :class:`Refused`)."""
        operation, flavour = route_of(req.path, req.query)
        if flavour == "openai":
            ok = req.headers.get("authorization") == f"Bearer {self.api_key}"
        else:
            ok = self.api_key in (req.headers.get("api-key"), req.headers.get("authorization", "")[7:])
        if not ok:
            raise Refused(401, "Incorrect API key provided: sk-***.", None, "invalid_api_key")
        spec_check(operation, req.body)
        check_model_parameters(operation, req.body, openai_models=flavour == "openai" and not self.compatible)
        check_format(operation, req.body)
        return operation

    def answer_for(self, req: Recorded) -> str:
        """A valid answer derived from the prompt: a file's answer names its path and flips nothing."""
        if req.kind == "report":
            files = re.findall(r"^- \[([^\]]+)\] ([^:]+):", req.user, re.MULTILINE)
            by = {lab: [p for lb, p in files if lb == lab] for lab in ("new feature", "breaking change")}
            other = [p for lb, p in files if lb not in by]
            return json.dumps(
                {
                    "summary": f"LLM summary of {len(files)} files.",
                    "highlights": f"LLM highlights: {len(files)} files.",
                    "new_features": [f"LLM feature {p}" for p in by["new feature"]],
                    "breaking_changes": [f"LLM breaking {p}" for p in by["breaking change"]],
                    "other_updates": [f"LLM update {p}" for p in other],
                    "insights": ["LLM insight one.", "LLM insight two."],
                }
            )
        path = req.file_path or "?"
        rule_label = re.search(r"^Rule-based label: (.+)$", req.user, re.MULTILINE)
        return json.dumps(
            {
                "title": f"LLM title for {path}",
                "explanation": f"LLM explanation of {path}.",
                "label": rule_label.group(1) if rule_label else "minor update",
            }
        )


def _fault_text(fault: Fault, state: FakeLLM, req: Recorded) -> str | None:
    if callable(fault):
        return fault(req)
    if fault == "invalid":
        return "Sure! Here is your summary: {title: oops"
    if fault == "bad-label":
        data = json.loads(state.answer_for(req))
        data["label"] = "major update"
        return json.dumps(data)
    if fault == "markup":
        data = json.loads(state.answer_for(req))
        data["title"] = "<format>Injected | title</format> <script>alert(1)</script>"
        data["explanation"] = "<format>Leaked markup</format>\n\nSecond paragraph <<<END DATA-x>>> here."
        return json.dumps(data)
    return None


def _chat_body(
    model: Any, text: str | None, finish: str = "stop", refusal: str | None = None
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "message": {"role": "assistant", "content": text, "refusal": refusal},
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def _responses_body(
    model: Any,
    text: str | None,
    status: str = "completed",
    reason: str | None = None,
    refusal: str | None = None,
) -> dict[str, Any]:
    if refusal is not None:
        content = [{"type": "refusal", "refusal": refusal}]
    else:
        content = [{"type": "output_text", "text": text or "", "annotations": []}]
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 0,
        "status": status,
        "incomplete_details": {"reason": reason} if reason else None,
        "model": model,
        "output": [
            {"type": "message", "id": "msg_1", "role": "assistant", "status": status, "content": content}
        ],
        "usage": {"input_tokens": 100, "output_tokens": 20, "total_tokens": 120},
    }


def make_handler(state: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

        def _send_bytes(
            self,
            status: int,
            data: bytes,
            headers: dict[str, str] | None = None,
            ctype: str = "application/json",
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            self._send_bytes(status, json.dumps(payload).encode(), headers)

        def _error(
            self,
            status: int,
            message: str,
            headers: dict[str, str] | None = None,
            param: str | None = None,
            code: str | None = None,
        ) -> None:
            kind = "invalid_request_error" if status < 500 else "server_error"
            error = {"message": message, "type": kind, "param": param, "code": code}
            self._send(status, {"error": error}, headers)

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            req = Recorded(
                "POST",
                url.path,
                parse_qs(url.query),
                {k.lower(): v for k, v in self.headers.items()},
                body,
                self.client_address[1],
            )
            with state.lock:
                state.requests.append(req)
                fault = state.faults.popleft() if state.faults else state.path_faults.get(req.file_path or "")
                state.inflight += 1
                state.max_inflight = max(state.max_inflight, state.inflight)
            try:
                if state.latency:
                    time.sleep(state.latency)
                try:
                    operation = state.check(req)
                except Refused as exc:
                    with state.lock:
                        state.violations.append(f"{req.path}: HTTP {exc.status}: {exc.message}")
                    return self._error(exc.status, exc.message, param=exc.param, code=exc.code)
                self._answer(req, operation, fault)
            finally:
                with state.lock:
                    state.inflight -= 1

        def _answer(self, req: Recorded, operation: str, fault: Fault | None) -> None:
            model = req.body.get("model")
            if fault == "429":
                return self._error(429, "Rate limit reached", {"Retry-After": state.retry_after})
            if fault == "500":
                return self._error(500, "The server had an error while processing your request.")
            if fault in STATUS_FAULTS:
                extra = {"x-should-retry": state.should_retry} if state.should_retry else {}
                return self._error(int(str(fault)), STATUS_FAULTS[str(fault)], extra)
            if fault == "close":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            if fault == "not-json":
                return self._send_bytes(
                    200, b"<html><body>Bad gateway</body></html>", ctype="application/json"
                )
            fmt = req.format_type
            if fmt == "json_schema" and state.reject_json_schema:
                return self._error(400, "response_format json_schema is not supported by this server")
            if fmt == "json_object" and state.reject_json_object:
                return self._error(400, "response_format json_object is not supported by this server")
            text = _fault_text(fault, state, req) if fault else None
            if text is None:
                text = state.answer_for(req)
                if fmt is None:  # free text mode: wrap the JSON in prose, as chatty models do
                    text = f"Here is the JSON you asked for:\n```json\n{text}\n```\n"
            chat = operation == "chat"
            if fault == "refusal":
                sorry = "I'm sorry, I cannot help with that request."
                payload = (
                    _chat_body(model, None, refusal=sorry)
                    if chat
                    else _responses_body(model, None, refusal=sorry)
                )
            elif fault in ("length", "content-filter"):
                reason = "max_output_tokens" if fault == "length" else "content_filter"
                cut = text[: len(text) // 2]
                payload = (
                    _chat_body(model, cut, finish="length" if fault == "length" else "content_filter")
                    if chat
                    else _responses_body(model, cut, status="incomplete", reason=reason)
                )
            else:
                payload = _chat_body(model, text) if chat else _responses_body(model, text)
            data = json.dumps(payload).encode()
            if fault == "truncated":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            if fault == "drip":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                for i in range(len(data)):
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    time.sleep(state.drip_delay)
                return None
            return self._send_bytes(200, data)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog (5) drops concurrent connects: a 1 s SYN retry

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out and hung up is expected here; anything else is printed."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, OSError)):
            super().handle_error(request, client_address)


@contextmanager
def fake_llm_server(**knobs: Any) -> Iterator[FakeLLM]:
    """A running server on 127.0.0.1 (a free port), stopped on exit."""
    state = FakeLLM(**knobs)
    spec_validators()  # loaded once, before any request: a first request never waits for it
    spec_arguments("chat"), spec_arguments("responses")
    server = _Server(("127.0.0.1", 0), make_handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    if not state.expect_violations:
        assert not state.violations, f"requests the real service would refuse: {state.violations}"


def closed_port_url() -> str:
    """A base URL on which nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def make_docs_repo(factory: Any, count: int = 3, *, extra: dict[str, str] | None = None) -> tuple[str, str]:
    """A docs repo with ``count`` changed Markdown files (some added, some modified); (base, head)."""
    for i in range(count):
        if i % 2:
            factory.write(f"docs/page{i:02d}.md", f"# Page {i}\n\nOld text of page {i}.\n")
    base = factory.commit("base", date="2025-04-16T10:00:00+00:00")
    for i in range(count):
        factory.write(f"docs/page{i:02d}.md", f"# Page {i}\n\nNew text of page {i}.\n\n- a list item\n")
    for rel, text in (extra or {}).items():
        factory.write(rel, text)
    head = factory.commit("head", date="2025-04-17T10:00:00+00:00")
    return base, head
