"""GET /api/health: which engine serves (its model and adapter), the state of its model process or
model server, and the load."""

from __future__ import annotations

from .base import ApiHandler


class HealthHandler(ApiHandler):
    def get(self) -> None:
        services = self.services
        engine = services.engine
        fingerprint = engine.fingerprint()
        runs_on = {"modelProcess": None, "modelServer": None, **engine.health()}
        model = adapter = None
        if fingerprint.get("adapter_sha256"):
            adapter = {"file": fingerprint["adapter"], "sha256": fingerprint["adapter_sha256"][:12]}
        if "model_sha256" in fingerprint:
            model = {"file": fingerprint["model"], "sha256": fingerprint["model_sha256"][:12]}
        elif "model" in fingerprint:
            model = {"name": fingerprint["model"]}
        ready = all(part is None or part["state"] == "ready" for part in runs_on.values())
        self.write_json(
            200,
            {
                "status": "ok" if ready else "degraded",
                "engine": engine.name,
                "fingerprint": fingerprint,
                "model": model,
                "adapter": adapter,
                **runs_on,
                "interviewsInProgress": len(services.registry.active),
                "queueDepth": services.runner.engine_queue,
            },
        )
