"""Limits that keep one client from hurting the others: rates, caps, sizes, characters."""

import http.client
import json
import socket
import time

import pytest
from helpers import assert_json_error
from hypothesis import given
from hypothesis import strategies as st
from live_server import PERSONA
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from deeptalk import contract
from deeptalk.server.rate_limit import RateLimiter

START = "/api/interviews/start"


def start(server, **headers):
    return server.post(START, json={"persona": PERSONA}, headers=headers)


# -- rate limit ------------------------------------------------------------------------------
def test_starts_beyond_the_burst_get_429_json_with_retry_after(launch):
    live = launch("--rate-limit", "6,3")
    assert [start(live).status_code for _ in range(3)] == [201, 201, 201]
    refused = start(live)
    assert_json_error(refused, 429)
    assert int(refused.headers["Retry-After"]) >= 1


def test_invalid_requests_do_not_use_up_the_rate_limit(launch):
    live = launch("--rate-limit", "6,2")
    for _ in range(10):
        assert live.post(START, json={"persona": {}}).status_code == 400
    assert start(live).status_code == 201


def test_rate_limit_0_turns_it_off(launch):
    live = launch("--rate-limit", "0")
    assert all(start(live).status_code == 201 for _ in range(40))


def start_from(server, source_address: str) -> int:
    """POST start from a given loopback source address: another address is another client."""
    connection = http.client.HTTPConnection(*server.address, timeout=30, source_address=(source_address, 0))
    try:
        connection.request("POST", START, json.dumps({"persona": PERSONA}), {"Content-Type": "application/json"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_limited_client_does_not_limit_others(launch):
    live = launch("--rate-limit", "6,2")
    assert [start_from(live, "127.0.0.2") for _ in range(3)] == [201, 201, 429]
    assert start_from(live, "127.0.0.3") == 201


def test_token_bucket_refills_over_time():
    now = [0.0]
    limiter = RateLimiter(60, 2, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0, 0]
    assert limiter.take("a") == pytest.approx(1.0)
    now[0] += 1.0
    assert limiter.take("a") == 0
    assert limiter.take("b") == 0


# -- caps ------------------------------------------------------------------------------------
def test_interviews_beyond_max_active_get_503_json_with_retry_after(launch):
    live = launch("--max-active", "2", "--pace", "5")
    assert [start(live).status_code for _ in range(2)] == [201, 201]
    refused = start(live)
    assert_json_error(refused, 503)
    assert refused.headers["Retry-After"]


def test_sockets_beyond_the_per_interview_cap_get_503(launch):
    live = launch("--max-sockets-per-interview", "2", "--pace", "5")
    url = live.ws_url(f"/api/interviews/{live.start()}/stream")
    with connect(url), connect(url):
        with pytest.raises(InvalidStatus) as refused:
            connect(url)
        assert refused.value.response.status_code == 503
        assert b'"error"' in refused.value.response.body
    time.sleep(0.3)
    with connect(url):  # a closed socket frees its place
        pass


def test_sockets_beyond_the_total_cap_get_503(launch):
    live = launch("--max-sockets", "2", "--pace", "5")
    first, second, third = (live.ws_url(f"/api/interviews/{live.start()}/stream") for _ in range(3))
    with connect(first), connect(second):
        with pytest.raises(InvalidStatus) as refused:
            connect(third)
        assert refused.value.response.status_code == 503


# -- persona fields -----------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["name", "role", "industry"])
def test_short_fields_over_200_characters_are_400_naming_the_field(server, field):
    response = server.post(START, json={"persona": {**PERSONA, field: "x" * 201}})
    assert response.status_code == 400 and field in response.json()["message"]


@given(
    field=st.sampled_from(contract.PERSONA_FIELDS),
    control=st.characters(categories=["Cc"]).filter(lambda c: c not in "\n\t"),
)
def test_control_characters_are_400_naming_the_field(server, field, control):
    response = server.post(START, json={"persona": {**PERSONA, field: f"ab{control}cd"}})
    assert response.status_code == 400
    assert field in response.json()["message"] and "control" in response.json()["message"]


def test_newlines_and_tabs_are_allowed_in_the_background(server):
    assert server.post(START, json={"persona": {**PERSONA, "background": "Line one.\n\tLine two."}}).status_code == 201


# -- slow and silent clients -----------------------------------------------------------------
def test_a_client_that_never_reads_does_not_hold_up_the_interview_or_others(launch):
    live = launch("--pace", "0.05", "--send-timeout", "1")
    interview_id = live.start()
    host, _ = live.address
    silent = socket.create_connection(live.address)
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    silent.sendall(
        f"GET /api/interviews/{interview_id}/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    try:
        status = live.wait_until(interview_id, "completed", timeout=30)
        watcher = live.stream(interview_id)
        assert watcher.close_code == 1000 and len(watcher.messages) == status["messageCount"]
    finally:
        silent.close()
