"""Checks the test files share: JSON Schema validation, the contract's error answers, and quotes
that stay verbatim."""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

import jsonschema

from deeptalk import contract

_validators: dict[tuple[int, type | None], tuple[dict, Any]] = {}  # the schema is kept: its id stays its own


def validate(instance: Any, schema: dict, cls: type | None = None) -> None:
    """jsonschema.validate, with each schema checked against its metaschema and its validator built
    once, not on every call (that check was most of the time of the tests that validate a lot)."""
    key = (id(schema), cls)
    kept = _validators.get(key)
    if kept is None:
        kind = cls or jsonschema.validators.validator_for(schema)
        kind.check_schema(schema)
        kept = _validators[key] = (schema, kind(schema))
    error = jsonschema.exceptions.best_match(kept[1].iter_errors(instance))
    if error is not None:
        raise error


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
