"""Hostile input: arbitrary paths, methods and bodies never get a 5xx, and every error is JSON."""

import http.client
import json
from urllib.parse import quote

from helpers import assert_error_body, validate
from hypothesis import given, settings
from hypothesis import strategies as st
from live_server import PERSONA

from deeptalk import contract

# Five times the profile's examples: 1,000 in CI, 200 locally.
FUZZ = settings(max_examples=settings().max_examples * 5)

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
KNOWN = ["api", "interviews", "start", "status", "insights", "stream", "openapi.json", "..", ".", ""]
segments = st.one_of(
    st.sampled_from(KNOWN),
    st.uuids().map(str),
    st.text(max_size=20).map(lambda text: quote(text, safe="")),
)
paths = st.lists(segments, max_size=6).map(lambda parts: "/" + "/".join(parts))
bodies = st.one_of(
    st.binary(max_size=300),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
        max_leaves=10,
    ).map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries(
        {"persona": st.dictionaries(st.sampled_from(contract.PERSONA_FIELDS), st.text(max_size=30) | st.integers())}
    ).map(lambda value: json.dumps(value).encode()),
)


def request(server, method: str, path: str, body: bytes | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(*server.address, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def assert_contract_answer(method: str, status: int, headers: dict, body: bytes) -> None:
    assert status < 500, body
    if status >= 400 and method != "HEAD":
        assert_error_body(headers, body)


@FUZZ
@given(method=st.sampled_from(METHODS), path=paths, body=st.none() | bodies)
def test_any_method_and_path_gets_a_contract_answer(server, method, path, body):
    assert_contract_answer(method, *request(server, method, path, body))


@FUZZ
@given(body=bodies)
def test_any_start_body_gets_a_contract_answer(server, body):
    status, headers, payload = request(server, "POST", "/api/interviews/start", body)
    assert_contract_answer("POST", status, headers, payload)
    if status == 201:
        validate(json.loads(payload), contract.START_RESPONSE)


@FUZZ
@given(path=paths)
def test_any_path_under_an_interview_gets_a_contract_answer(server, path):
    interview_id = fuzz_interview(server)
    for method in ("GET", "POST"):
        assert_contract_answer(method, *request(server, method, f"/api/interviews/{interview_id}{path}"))


_interview: list[str] = []


def fuzz_interview(server) -> str:
    """One real interview shared by the examples, so paths are fuzzed next to a real id."""
    if not _interview:
        _interview.append(server.start(PERSONA))
    return _interview[0]
