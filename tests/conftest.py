from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from live_server import LiveProcess, LiveServer

# `dev` for quick local runs; CI (CI=true) digs deeper. Hypothesis prints the seed and a
# reproduction blob for any failure.
settings.register_profile(
    "dev", max_examples=40, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=200, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def launch(tmp_path_factory):
    """Start servers with any flags, in this process; `process=True` for a real `deeptalk serve`
    process (to kill or signal it, or read its log). Each is stopped after the test."""
    servers: list[LiveServer | LiveProcess] = []

    def _launch(*args: str, data_dir=None, process: bool = False, **kwargs) -> LiveServer | LiveProcess:
        kind = LiveProcess if process else LiveServer
        server = kind(data_dir or tmp_path_factory.mktemp("data"), *args, **kwargs)
        servers.append(server)
        return server

    yield _launch
    errors = []
    for server in servers:
        try:
            server.stop()
        except Exception as exc:  # stop every server, then report
            errors.append(exc)
    if errors:
        raise errors[0]


@pytest.fixture(scope="session")
def model_server():
    """llama-cpp-python's OpenAI-compatible server with the default model, for the openai engine."""
    from deeptalk.testing import OpenAIModelServer
    from model_support import MODEL

    served = OpenAIModelServer(MODEL).start()
    yield served
    served.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A shared server with no pacing: interviews finish in milliseconds."""
    live = LiveServer(tmp_path_factory.mktemp("data"))
    yield live
    live.stop()


@pytest.fixture(scope="session")
def paced_server(tmp_path_factory):
    """A shared server whose interviews take a second and a half (10 messages), to watch them in progress."""
    live = LiveServer(tmp_path_factory.mktemp("data"), "--pace", "0.15", "--messages", "10")
    yield live
    live.stop()


@pytest.fixture(scope="session")
def unlimited_server(tmp_path_factory):
    """A shared server without the per-address limit, for tools that start thousands of interviews."""
    live = LiveServer(tmp_path_factory.mktemp("data"), "--rate-limit", "0")
    yield live
    live.stop()
