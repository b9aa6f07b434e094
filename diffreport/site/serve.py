"""``diffreport site serve``: preview a built site on 127.0.0.1 with the standard library's server."""

from __future__ import annotations

import functools
import logging
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import UsageError

logger = logging.getLogger(__name__)


class _QuietHandler(SimpleHTTPRequestHandler):
    def send_head(self) -> Any:
        try:
            return super().send_head()
        except ValueError:  # a path no file system can hold (a NUL byte): no such file
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's signature
        logger.debug("serve: " + format, *args)


def make_server(out_dir: str | Path, port: int = 8000) -> ThreadingHTTPServer:
    """A server of ``out_dir`` bound to 127.0.0.1 only (``port`` 0 picks a free one)."""
    root = Path(out_dir)
    if not (root / "index.html").is_file():
        raise UsageError(f"{root} holds no built site (no index.html); run `diffreport site build` first")
    handler = functools.partial(_QuietHandler, directory=str(root))
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
