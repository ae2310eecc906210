"""CORS for the allowlisted frontend origins, on HTTP and WebSocket."""

import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

ALLOWED = "http://localhost:5173"
OTHER = "http://evil.example"


def preflight(server, origin):
    return requests.options(
        server.url("/api/interviews/start"),
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
        timeout=30,
    )


def test_preflight_from_an_allowed_origin_is_204_with_cors_headers(server):
    response = preflight(server, ALLOWED)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert response.headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert response.headers["Access-Control-Allow-Headers"] == "Content-Type"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in response.headers["Vary"]


def test_preflight_from_another_origin_gets_no_allow_origin(server):
    response = preflight(server, OTHER)
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("path", ["/api/interviews/{id}/status", "/api/interviews/{id}/insights"])
def test_responses_to_an_allowed_origin_carry_allow_origin(server, path):
    response = server.get(path.format(id=server.start()), headers={"Origin": ALLOWED})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_errors_to_an_allowed_origin_carry_allow_origin_so_the_frontend_can_read_them(server):
    response = server.post("/api/interviews/start", json={}, headers={"Origin": ALLOWED})
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_responses_to_another_origin_carry_no_allow_origin(server):
    response = server.get(f"/api/interviews/{server.start()}/status", headers={"Origin": OTHER})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_configured_origins_replace_the_defaults(launch):
    live = launch("--cors-origins", "https://demo.example.com")
    assert (
        preflight(live, "https://demo.example.com").headers["Access-Control-Allow-Origin"] == "https://demo.example.com"
    )
    assert "Access-Control-Allow-Origin" not in preflight(live, ALLOWED).headers


def test_websocket_from_an_allowed_origin_streams(server):
    interview_id = server.start()
    result = server.stream(interview_id, origin=ALLOWED)
    assert result.close_code == 1000


def test_websocket_from_another_origin_is_refused_403(server):
    with pytest.raises(InvalidStatus) as refused:
        connect(server.ws_url(f"/api/interviews/{server.start()}/stream"), origin=OTHER)
    assert refused.value.response.status_code == 403
    assert b'"error"' in refused.value.response.body


def test_websocket_without_origin_is_allowed(server):
    assert server.stream(server.start()).close_code == 1000
