"""The Tornado application: routes, and the services every handler reaches."""

from __future__ import annotations

from dataclasses import dataclass

import tornado.web

from ..engines import Engine
from ..settings import Settings
from ..store import InterviewStore
from .connections import Connections
from .handlers.base import NotFoundHandler
from .handlers.health import HealthHandler
from .handlers.interviews import InsightsHandler, StartHandler, StatusHandler
from .handlers.panels import PanelHandler, PanelsHandler, SynthesisHandler
from .handlers.specs import AsyncApiHandler, OpenApiHandler
from .handlers.stream import StreamHandler
from .handlers.viewer import ViewerAssetHandler, ViewerHandler
from .panels import PanelRunner, PanelStore
from .rate_limit import RateLimiter
from .registry import InterviewRegistry
from .runner import Runner


@dataclass
class Services:
    settings: Settings
    engine: Engine
    store: InterviewStore
    registry: InterviewRegistry
    runner: Runner
    limiter: RateLimiter
    connections: Connections
    panels: PanelRunner

    @classmethod
    def build(cls, settings: Settings, engine: Engine) -> "Services":
        store = InterviewStore(settings.data_dir)
        registry = InterviewRegistry(store)
        runner = Runner(engine, store, registry, settings)
        return cls(
            settings,
            engine,
            store,
            registry,
            runner,
            RateLimiter(*settings.rate_limit),
            Connections(settings.max_sockets, settings.max_sockets_per_interview),
            PanelRunner(engine, runner, registry, PanelStore(settings.data_dir)),
        )


def make_app(services: Services) -> tornado.web.Application:
    interview = r"/api/interviews/([^/]+)"
    return tornado.web.Application(
        [
            (r"/api/interviews/start", StartHandler),
            (interview + r"/stream", StreamHandler),
            (interview + r"/status", StatusHandler),
            (interview + r"/insights", InsightsHandler),
            (r"/api/panels", PanelsHandler),
            (r"/api/panels/([^/]+)", PanelHandler),
            (r"/api/panels/([^/]+)/synthesis", SynthesisHandler),
            (r"/api/health", HealthHandler),
            (r"/openapi.json", OpenApiHandler),
            (r"/asyncapi.json", AsyncApiHandler),
            (r"/", ViewerHandler),
            (r"/viewer/([^/]+)", ViewerAssetHandler),
        ],
        default_handler_class=NotFoundHandler,
        services=services,
        websocket_max_message_size=64 * 1024,  # clients have nothing to send but close frames
    )
