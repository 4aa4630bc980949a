"""Serve the dashboard from a background thread: what `companion run` and `dashboard` start.

Why werkzeug's make_server in our own thread: it binds first (so we know the free port
before printing the URL), serves until stop(), and is joined like every other thread.
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from companion.web.app import create_app, new_token

log = logging.getLogger(__name__)
HOST = "127.0.0.1"


class _QuietHandler(WSGIRequestHandler):
    """Request lines go to our debug log, not the user's terminal."""

    def log(self, type: str, message: str, *args: object) -> None:
        log.debug(message, *args)


class DashboardServer:
    """The dashboard on 127.0.0.1, a free port and a fresh token per launch.

    Pass the same arguments as `create_app` (store, settings, live, ...) except `token`.
    """

    def __init__(self, port: int = 0, token: str | None = None, **app_kwargs: Any) -> None:
        self.token = token or new_token()
        self.app = create_app(token=self.token, **app_kwargs)
        self._requested_port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("dashboard server not started")
        return int(self._server.socket.getsockname()[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def url(self) -> str:
        """The URL to open: carries the launch token, which the page swaps for a cookie."""
        return f"{self.base_url}/now?token={self.token}"

    def start(self) -> DashboardServer:
        # Bind the socket ourselves: a taken port raises OSError here (werkzeug would print
        # and exit the whole process), and port 0 gets a free one from the OS.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, self._requested_port))
            sock.listen(64)
            self._server = make_server(
                HOST,
                self._requested_port,
                self.app,
                threaded=True,
                request_handler=_QuietHandler,
                fd=sock.fileno(),  # werkzeug duplicates it; ours closes on leaving the block
            )
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.1), name="dashboard", daemon=True
        )
        self._thread.start()
        log.info("dashboard at %s", self.base_url)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout)
        self._server = None

    def __enter__(self) -> DashboardServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
