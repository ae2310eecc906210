"""`deeptalk serve` on an ephemeral port (in this process, or a real process), and real HTTP and
WebSocket clients for it, over a real socket."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from deeptalk.testing import InProcessServer, ServerProcess

# The paced server's seconds between messages: its interviews can be watched in progress.
PACE = 0.05

PERSONA = {
    "name": "Sarah Chen",
    "role": "Startup Founder",
    "industry": "B2B SaaS",
    "background": "Building a project management tool for remote teams.",
}


class Clients:
    """Real HTTP and WebSocket clients for a server (`url`, `ws_url`)."""

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url(path), timeout=60, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url(path), timeout=60, **kwargs)

    def start(self, persona: dict | None = None, **options) -> str:
        body: dict = {"persona": persona or PERSONA}
        if options:
            body["options"] = options
        response = self.post("/api/interviews/start", json=body)
        assert response.status_code == 201, response.text
        return response.json()["interviewId"]

    def status(self, interview_id: str) -> dict:
        response = self.get(f"/api/interviews/{interview_id}/status")
        assert response.status_code == 200, response.text
        return response.json()

    def stream(self, interview_id: str, **kwargs) -> "StreamResult":
        return read_stream(self.ws_url(f"/api/interviews/{interview_id}/stream"), **kwargs)

    def insights(self, interview_id: str, timeout: float = 300) -> requests.Response:
        """GET /insights once the interview is completed, asking again while it answers 503
        (the analysis still running behind other interviews' turns)."""
        self.wait_until(interview_id, "completed", timeout)
        deadline = time.monotonic() + timeout
        while (response := self.get(f"/api/interviews/{interview_id}/insights")).status_code == 503:
            assert time.monotonic() < deadline, "insights never became ready"
        return response

    def wait_until(self, interview_id: str, status: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            current = self.status(interview_id)
            if current["status"] == status:
                return current
            time.sleep(0.05)
        raise AssertionError(f"interview {interview_id} never became {status}: {current}")


class LiveServer(Clients, InProcessServer):
    """A server in this process, with real clients: for everything that needs no process boundary."""


class LiveProcess(Clients, ServerProcess):
    """A `deeptalk serve` process, with real clients: to kill it, signal it, read its log or run
    another installation's Python."""


@dataclass
class StreamResult:
    frames: list[dict] = field(default_factory=list)
    received_at: list[float] = field(default_factory=list)  # monotonic seconds, per frame
    close_code: int | None = None
    close_reason: str = ""

    @property
    def messages(self) -> list[dict]:
        return [frame["payload"] for frame in self.frames if frame["type"] == "message"]


def read_stream(url: str, limit: int | None = None, timeout: float = 60, **connect_kwargs) -> StreamResult:
    """Read frames until the server closes (or `limit` message frames, then hang up)."""
    result = StreamResult()
    with connect(url, open_timeout=30, close_timeout=5, **connect_kwargs) as socket:
        try:
            while True:
                result.frames.append(json.loads(socket.recv(timeout=timeout)))
                result.received_at.append(time.monotonic())
                if limit is not None and len(result.messages) >= limit:
                    return result
        except ConnectionClosed as closed:
            if closed.rcvd is not None:
                result.close_code, result.close_reason = closed.rcvd.code, closed.rcvd.reason
    return result
