"""A real HTTP proxy in front of a model server, for the openai engine's tests: it counts the
calls in flight at once, and can answer some calls itself with an error (429, 503) first."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests


class ModelServerProxy:
    def __init__(self, target: str):
        self.target = target.rstrip("/")
        self.errors: list[tuple[int, dict[str, str]]] = []  # answered, in order, before forwarding again
        self.always: tuple[int, dict[str, str]] | None = None
        self.received: list[tuple[float, str]] = []  # (monotonic time, path)
        self.in_flight = self.max_in_flight = 0
        self.authorizations: list[str] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                proxy._handle(self, "GET")

            def do_POST(self) -> None:
                proxy._handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        import time

        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        with self._lock:
            self.received.append((time.monotonic(), handler.path))
            self.authorizations.append(handler.headers.get("Authorization", ""))
            error = self.always or (self.errors.pop(0) if self.errors and method == "POST" else None)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if error is not None:
                status, headers, content = error[0], error[1], b'{"error": {"message": "proxy says no"}}'
            else:
                answer = requests.request(
                    method,
                    self.target + handler.path[len("/v1") :],
                    data=body,
                    headers={"Content-Type": "application/json"},
                    timeout=300,
                )
                status, headers, content = answer.status_code, {}, answer.content
        finally:
            # Counted out before the answer is sent: once it is, the client may send its next call.
            with self._lock:
                self.in_flight -= 1
        handler.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
