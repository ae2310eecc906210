"""Every HTTP error, on every path, is JSON {error, message} with the right status."""

import shutil
import socket

import pytest
import requests
from helpers import assert_json_error
from live_server import PERSONA


@pytest.mark.parametrize("path", ["/api", "/api/interviews", "/api/interviews/x/y/z", "/favicon.ico"])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "OPTIONS"])
def test_unknown_route_is_404_json(server, path, method):
    assert_json_error(requests.request(method, server.url(path), timeout=30), 404)


@pytest.mark.parametrize(
    "method, path, allow",
    [
        ("GET", "/api/interviews/start", "POST, OPTIONS"),
        ("POST", "/", "GET, OPTIONS"),
        ("DELETE", "/openapi.json", "GET, OPTIONS"),
        ("DELETE", "/api/interviews/start", "POST, OPTIONS"),
        ("POST", "/api/interviews/{id}/status", "GET, OPTIONS"),
        ("PUT", "/api/interviews/{id}/insights", "GET, OPTIONS"),
        ("PATCH", "/api/interviews/{id}/status", "GET, OPTIONS"),
        ("HEAD", "/api/interviews/{id}/status", "GET, OPTIONS"),
        ("POST", "/api/interviews/{id}/stream", "GET"),
    ],
)
def test_wrong_method_is_405_json_with_allow(server, method, path, allow):
    response = requests.request(method, server.url(path.format(id=server.start())), timeout=30)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    if method != "HEAD":
        assert_json_error(response, 405)


def test_plain_get_on_the_stream_is_426_json(server):
    body = assert_json_error(server.get(f"/api/interviews/{server.start()}/stream"), 426)
    assert body["error"] == "Upgrade required"


def test_body_over_the_limit_is_413_json(server):
    body = assert_json_error(server.post("/api/interviews/start", data=b"x" * 20000), 413)
    assert "16384" in body["message"]


def test_chunked_body_over_the_limit_is_413_json(server):
    chunks = (b"x" * 4096 for _ in range(8))  # a generator: requests sends it chunked
    assert_json_error(server.post("/api/interviews/start", data=chunks), 413)


def test_server_fault_is_500_json_without_a_traceback(launch, tmp_path):
    live = launch(data_dir=tmp_path)
    # Make the store unusable under a running server: its folder becomes a file.
    shutil.rmtree(tmp_path / "interviews")
    (tmp_path / "interviews").write_text("not a folder")
    response = live.post("/api/interviews/start", json={"persona": PERSONA})
    body = assert_json_error(response, 500)
    assert body["error"] == "Failed to start interview"
    assert "Traceback" not in response.text and "File " not in response.text
    (tmp_path / "interviews").unlink()
    assert live.post("/api/interviews/start", json={"persona": PERSONA}).status_code == 201  # still serving


def test_malformed_http_does_not_take_the_server_down(server):
    with socket.create_connection(server.address) as raw:
        raw.sendall(b"GARBAGE / NOT-HTTP\r\n\r\n")
        raw.recv(1024)
    assert server.get("/api/interviews/nope/status").status_code == 404
