"""An OpenAI-compatible HTTP server for the LLM tests and the benchmark (stdlib only, 127.0.0.1).

It serves ``/v1/chat/completions``, ``/v1/responses`` and the Azure deployment path
``/openai/deployments/{dep}/chat/completions?api-version=...``, answers from the prompt it receives
(so the answers are derived from the request, not hard-coded), and can inject latency, 429s with
``Retry-After``, 500s, invalid JSON, a label outside the four, prompt markup, and reject
``json_schema`` / ``json_object`` response formats. Every request is recorded.
"""

from __future__ import annotations

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


# A fault is one of: "429", "500", "invalid", "bad-label", "markup", or a callable returning an answer text.
Fault = str | Callable[[Recorded], str]


@dataclass
class FakeLLM:
    """State shared with the handler; tests set the knobs and read ``requests``."""

    latency: float = 0.0
    retry_after: str = "0.01"
    reject_json_schema: bool = False
    reject_json_object: bool = False
    api_key: str = API_KEY
    faults: deque[Fault] = field(default_factory=deque)
    path_faults: dict[str, Fault] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
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


def make_handler(state: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

        def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
            self._send(status, {"error": {"message": message, "type": "invalid_request_error"}}, headers)

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            req = Recorded(
                "POST", url.path, parse_qs(url.query), {k.lower(): v for k, v in self.headers.items()}, body
            )
            with state.lock:
                state.requests.append(req)
                fault = state.faults.popleft() if state.faults else state.path_faults.get(req.file_path or "")
                state.inflight += 1
                state.max_inflight = max(state.max_inflight, state.inflight)
            try:
                if state.latency:
                    time.sleep(state.latency)
                self._answer(req, url.path, body, fault)
            finally:
                with state.lock:
                    state.inflight -= 1

        def _answer(self, req: Recorded, path: str, body: dict[str, Any], fault: Fault | None) -> None:
            url = urlsplit(path)
            azure = re.fullmatch(r"/openai/deployments/([^/]+)/chat/completions", url.path)
            if azure:
                if "api-version" not in req.query:
                    return self._error(400, "missing api-version")
                if state.api_key not in (
                    req.headers.get("api-key"),
                    req.headers.get("authorization", "")[7:],
                ):
                    return self._error(401, "bad key")
            elif url.path in ("/v1/chat/completions", "/v1/responses"):
                if req.headers.get("authorization") != f"Bearer {state.api_key}":
                    return self._error(401, "bad key")
            else:
                return self._error(404, f"no route {url.path}")
            if fault == "429":
                return self._error(429, "rate limited", {"Retry-After": state.retry_after})
            if fault == "500":
                return self._error(500, "server error")
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
            if url.path == "/v1/responses":
                return self._send(
                    200,
                    {
                        "id": "resp_1",
                        "object": "response",
                        "created_at": 0,
                        "status": "completed",
                        "model": body.get("model"),
                        "output": [
                            {
                                "type": "message",
                                "id": "msg_1",
                                "role": "assistant",
                                "status": "completed",
                                "content": [{"type": "output_text", "text": text, "annotations": []}],
                            }
                        ],
                        "usage": {"input_tokens": 100, "output_tokens": 20, "total_tokens": 120},
                    },
                )
            return self._send(
                200,
                {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model"),
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": text},
                        }
                    ],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
                },
            )

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog (5) drops concurrent connects: a 1 s SYN retry

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out and hung up is expected here; anything else is printed."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def fake_llm_server(**knobs: Any) -> Iterator[FakeLLM]:
    """A running server on 127.0.0.1 (a free port), stopped on exit."""
    state = FakeLLM(**knobs)
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
