"""What every HTTP answer shares: CORS, and errors as the contract's JSON `{error, message}`."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

import tornado.web

from ...errors import ApiError

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class ContractMixin:
    """CORS headers and JSON errors, for plain and WebSocket handlers alike."""

    def origin_listed(self, origin: str | None) -> bool:
        """Is this browser origin on the --cors-origins allowlist (for CORS and WebSockets)?"""
        return bool(origin) and origin.rstrip("/") in self.services.settings.cors_origins

    def set_default_headers(self) -> None:
        self.set_header("Vary", "Origin")
        origin = self.request.headers.get("Origin")
        if self.origin_listed(origin):
            self.set_header("Access-Control-Allow-Origin", origin)
            self.set_header("Access-Control-Allow-Credentials", "true")

    @property
    def services(self) -> Any:
        return self.application.settings["services"]

    def allowed_methods(self) -> list[str]:
        base = tornado.web.RequestHandler
        return [m for m in _METHODS if getattr(type(self), m.lower()) is not getattr(base, m.lower())]

    def write_json(self, status: int, body: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, ApiError):
            error = exc
        elif status_code == 405:
            error = ApiError(405, "Method not allowed", f"{self.request.method} is not allowed on {self.request.path}")
        elif status_code >= 500:
            error = ApiError(status_code, "Internal server error", "The server failed to handle this request")
        else:
            phrase = HTTPStatus(status_code).phrase if status_code in HTTPStatus._value2member_map_ else "Error"
            reason = getattr(exc, "log_message", None) or phrase
            error = ApiError(status_code, phrase, reason)
        if error.status == 405:
            self.set_header("Allow", ", ".join(self.allowed_methods()))
        for name, value in error.headers.items():
            self.set_header(name, value)
        self.write_json(error.status, error.body())

    def log_exception(self, typ, value, tb) -> None:  # type: ignore[override]
        if isinstance(value, ApiError):
            return  # a deliberate answer; a fault behind it was logged where it happened
        super().log_exception(typ, value, tb)  # type: ignore[misc]


@tornado.web.stream_request_body
class ApiHandler(ContractMixin, tornado.web.RequestHandler):
    """A JSON endpoint. Bodies are streamed so an oversize one is refused (413) before it is read."""

    def prepare(self) -> None:
        self._body = bytearray()
        self._body_too_large = False
        limit = self.services.settings.max_body
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limit:
            raise self.body_too_large()

    def body_too_large(self) -> ApiError:
        limit = self.services.settings.max_body
        return ApiError(413, "Request body too large", f"The request body must be at most {limit} bytes")

    def data_received(self, chunk: bytes) -> None:
        if len(self._body) + len(chunk) > self.services.settings.max_body:
            self._body_too_large = True
            self._body.clear()
        elif not self._body_too_large:
            self._body.extend(chunk)

    @property
    def body(self) -> bytes:
        if self._body_too_large:
            raise self.body_too_large()
        return bytes(self._body)

    def options(self, *args: Any) -> None:
        """CORS preflight."""
        self.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.set_header("Access-Control-Allow-Headers", "Content-Type")
        self.set_header("Access-Control-Max-Age", "600")
        self.set_status(204)
        self.finish()


class NotFoundHandler(ApiHandler):
    """Every unknown route, whatever the method."""

    def prepare(self) -> None:
        raise ApiError(404, "Not found", f"No route for {self.request.method} {self.request.path}")
