from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from live_server import PACE, LiveProcess, LiveServer

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
    from model_server import OpenAIModelServer
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
    """A shared server whose interviews take half a second (10 messages, PACE apart), to watch them in progress."""
    live = LiveServer(tmp_path_factory.mktemp("data"), "--pace", str(PACE), "--messages", "10")
    yield live
    live.stop()


@pytest.fixture(scope="session")
def unlimited_server(tmp_path_factory):
    """A shared server without the per-address limit, for tools that start thousands of interviews."""
    live = LiveServer(tmp_path_factory.mktemp("data"), "--rate-limit", "0")
    yield live
    live.stop()


def pytest_xdist_auto_num_workers(config):
    """`make test` asks pytest-xdist for `-n auto`: a worker per CPU when the model tests are
    deselected (`-m "not model"`); none otherwise, as the model's threads want the CPUs to themselves
    and the whole suite runs one test at a time, as before."""
    return (os.cpu_count() or 1) if "not model" in " ".join((config.getoption("markexpr") or "").split()) else 0


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """For `make test`'s workers (pytest-xdist, --dist loadgroup): a test file runs on one worker,
    so its module fixtures are made once; the tests that run the model share one worker, one after
    another, as two models at once would halve each one's cores."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        group = "model" if item.get_closest_marker("model") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
