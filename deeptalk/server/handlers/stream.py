"""WS /api/interviews/{id}/stream: replay the transcript, follow it live, then complete or error."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import tornado.iostream
import tornado.websocket

from ...contract import (
    CLOSE_NORMAL,
    CLOSE_NOT_FOUND,
    CLOSE_SERVER_ERROR,
    CLOSE_TOO_SLOW,
)
from ...errors import ApiError
from ..frames import complete_frame, error_frame, message_frame
from ..live import LiveInterview
from .base import ContractMixin

log = logging.getLogger("deeptalk.stream")


class StreamHandler(ContractMixin, tornado.websocket.WebSocketHandler):
    async def get(self, *args: Any, **kwargs: Any) -> None:
        # Tornado answers these refusals in plain text; the contract wants JSON.
        if self.request.headers.get("Upgrade", "").lower() != "websocket":
            raise ApiError(426, "Upgrade required", "This endpoint is a WebSocket", {"Upgrade": "websocket"})
        if not self.origin_allowed():
            origin = self.request.headers.get("Origin")
            raise ApiError(403, "Origin not allowed", f"WebSocket connections from {origin} are not allowed")
        refusal = self.services.connections.refusal(args[0])
        if refusal:
            raise ApiError(503, "Too many streams", refusal, {"Retry-After": "5"})
        await super().get(*args, **kwargs)

    def origin_allowed(self) -> bool:
        """No Origin (wscat, scripts), an allowlisted origin, or the server's own host."""
        origin = self.request.headers.get("Origin")
        if origin is None or self.origin_listed(origin):
            return True
        return urlsplit(origin).netloc.lower() == self.request.headers.get("Host", "").lower()

    def check_origin(self, origin: str) -> bool:
        return self.origin_allowed()

    async def open(self, interview_id: str) -> None:  # type: ignore[override]
        self.interview_id = interview_id
        self.services.connections.add(interview_id, self)
        live = await self.services.registry.get(interview_id)
        if live is None:
            self.close(CLOSE_NOT_FOUND, "Interview not found")
            return
        # Stream beside open(), so Tornado keeps reading this socket (close frames) meanwhile.
        self._stream_task = asyncio.ensure_future(self.stream(live))

    def on_close(self) -> None:
        interview_id = getattr(self, "interview_id", None)  # unset if it closed before open()
        if interview_id is not None:
            self.services.connections.discard(interview_id, self)
        task = getattr(self, "_stream_task", None)
        if task is not None:
            task.cancel()

    async def stream(self, live: LiveInterview) -> None:
        sent = 0
        scenario = live.scenario
        drop_after = scenario.after("abrupt-close-after") if scenario else None
        seen_at_open = len(live.messages)  # a reconnect replays these, and is not dropped again
        try:
            while True:
                while sent < len(live.messages):
                    await self.send(message_frame(live.messages[sent]))
                    sent += 1
                    if drop_after is not None and seen_at_open < sent == drop_after:
                        return self.drop()
                status = live.interview.status
                if drop_after is not None and status != "in-progress" and seen_at_open < sent < drop_after:
                    return self.drop()  # the interview ended before message N: drop after its last
                if status == "completed":
                    await self.send(complete_frame(live.interview))
                    self.close(CLOSE_NORMAL)
                    return
                if status == "failed":
                    await self.send(error_frame(live.interview))
                    self.close(CLOSE_SERVER_ERROR, "Interview failed")
                    return
                await live.changed()
        except (tornado.websocket.WebSocketClosedError, tornado.iostream.StreamClosedError):
            pass  # the client left; the interview goes on without it
        except asyncio.TimeoutError:
            # Frames are sent one at a time, so a client that stops reading holds at most one
            # frame in our buffer; after send_timeout it is let go.
            log.info("stream of interview %s: client not reading, disconnected", live.id)
            self.close(CLOSE_TOO_SLOW, "Client too slow")
        except Exception:
            log.exception("stream of interview %s failed", live.id)
            self.close(CLOSE_SERVER_ERROR, "Internal server error")

    def drop(self) -> None:
        """End the connection without a close frame, as a network failure would."""
        log.info("stream of interview %s: dropped (scenario abrupt-close-after)", self.interview_id)
        self.ws_connection.stream.close()

    async def send(self, frame: dict) -> None:
        message = json.dumps(frame, ensure_ascii=False)
        await asyncio.wait_for(self.write_message(message), self.services.settings.send_timeout)

    def on_message(self, message: str | bytes) -> None:
        pass  # the stream is one-way; client messages are ignored
