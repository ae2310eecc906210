"""Checks the test files share: JSON Schema validation, the contract's error answers, and quotes
that stay verbatim."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Iterable, Mapping

import requests

from deeptalk import contract
from deeptalk.contract import validate as validate  # the product's, re-exported for the tests
from deeptalk.testing import without_settings


def request_without_5xx(url: str, method: str, **kwargs) -> requests.Response:
    """A request whose answer, whatever it is, is JSON and no server error: the state machines'
    invariant on every answer."""
    response = requests.request(method, url, timeout=60, **kwargs)
    assert response.status_code < 500, f"{method} {url}: {response.status_code} {response.text}"
    assert response.headers["Content-Type"].startswith("application/json")
    return response


def assert_json_error(response, status: int) -> dict:
    """A `requests` response is the contract's error: `status`, JSON {error, message}. Returns the body."""
    assert response.status_code == status, response.text
    return assert_error_body(response.headers, response.content)


def assert_error_body(headers: Mapping[str, str], body: bytes) -> dict:
    """An error answer's headers and body are the contract's: JSON {error, message}. Returns the body."""
    assert headers["Content-Type"].startswith("application/json")
    error = json.loads(body)
    validate(error, contract.ERROR)
    return error


def customer_said(messages: Iterable[dict]) -> list[str]:
    """The customer's messages among stream message payloads."""
    return [m["message"] for m in messages if m["agent"] == "customer"]


def assert_quotes_verbatim(insights: dict, said: Iterable[str]) -> None:
    """Every quote of `insights` stands word for word in one of the messages `said`."""
    said = list(said)
    for quote in contract.quotes_of(insights):
        assert any(quote in message for message in said), quote


def deeptalk(*args: str, cwd=None, timeout: float = 120, **environ: str) -> subprocess.CompletedProcess:
    """The `deeptalk` command line, as a user runs it: DEEPTALK_* variables only from `environ`."""
    return subprocess.run(
        [sys.executable, "-m", "deeptalk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=without_settings(**environ),
    )
