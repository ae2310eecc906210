"""GET /openapi.json and /asyncapi.json: the contract, as specs for this very server."""

from __future__ import annotations

from ... import specs
from .base import ApiHandler


class OpenApiHandler(ApiHandler):
    def get(self) -> None:
        self.write_json(200, specs.openapi(f"{self.request.protocol}://{self.request.host}"))


class AsyncApiHandler(ApiHandler):
    def get(self) -> None:
        self.write_json(200, specs.asyncapi(self.request.host))
