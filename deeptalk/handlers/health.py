"""GET /api/health: which engine serves, the state of its model process, and the load."""
from __future__ import annotations

from .base import ApiHandler


class HealthHandler(ApiHandler):
    def get(self) -> None:
        services = self.services
        engine = services.engine
        fingerprint = engine.fingerprint()
        process = engine.health()
        model = None
        if "model" in fingerprint:
            model = {"file": fingerprint["model"], "sha256": fingerprint["model_sha256"][:12]}
        self.write_json(200, {
            "status": "ok" if process is None or process["state"] == "ready" else "degraded",
            "engine": engine.name,
            "fingerprint": fingerprint,
            "model": model,
            "modelProcess": process,
            "interviewsInProgress": len(services.registry.active),
            "queueDepth": services.runner.engine_queue,
        })
