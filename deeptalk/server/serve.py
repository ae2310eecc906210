"""Start-up and shutdown of `deeptalk serve`."""

from __future__ import annotations

import asyncio
import logging
import resource
import signal
import socket
from typing import Callable

import tornado.httpserver
import tornado.netutil

from .. import contract
from ..engines import Engine, select_engine
from ..settings import Settings
from .app import Services, make_app

log = logging.getLogger("deeptalk")


def raise_file_limit() -> None:
    """Every socket is a file: allow as many as the system lets this process have."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def serve(
    settings: Settings, stop: asyncio.Event | None = None, listening: Callable[[int], None] | None = None
) -> None:
    """Serve until SIGINT or SIGTERM, or until `stop` is set when one is given (then no signal
    handlers: deeptalk.testing serves in a thread). `listening` is told the bound port.
    Start-up errors propagate before the port opens."""
    raise_file_limit()
    loop = asyncio.get_running_loop()
    if stop is None:
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    engine = select_engine(settings)
    try:
        await _serve(settings, engine, stop, listening)
    finally:
        await loop.run_in_executor(None, engine.close)  # the model process stops with the server
        log.info("stopped")


async def _serve(
    settings: Settings, engine: Engine, stop: asyncio.Event, listening: Callable[[int], None] | None = None
) -> None:
    loop = asyncio.get_running_loop()
    services = Services.build(settings, engine)
    services.store.check_writable()
    log.info("data: %s", services.store.root.resolve())
    resumed = await services.runner.resume_interrupted()
    if resumed:
        log.info("resumed %d interrupted interview(s)", resumed)
    panels = await services.panels.resume_interrupted()
    if panels:
        log.info("resumed %d interrupted panel(s)", panels)

    server = tornado.httpserver.HTTPServer(make_app(services), xheaders=False)
    # Tornado's default backlog (128) overflows when a few hundred clients connect at once;
    # the kernel caps this at net.core.somaxconn.
    sockets = tornado.netutil.bind_sockets(settings.port, settings.host, backlog=socket.SOMAXCONN)
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    log.info(
        "DeepTalk listening on http://%s:%d (pace %s s, engine %s)",
        settings.host,
        port,
        ",".join(map(str, settings.pace)),
        engine.name,
    )
    if listening is not None:
        listening(port)

    await stop.wait()

    log.info("shutting down")
    server.stop()
    services.connections.close_all(contract.CLOSE_GOING_AWAY, "Server shutting down")
    deadline = loop.time() + 3  # let the close handshakes finish, but not forever
    while services.connections.total and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await services.runner.close()
    await asyncio.get_running_loop().run_in_executor(None, services.store.close)
    await asyncio.get_running_loop().run_in_executor(None, services.panels.store.close)
    await server.close_all_connections()
