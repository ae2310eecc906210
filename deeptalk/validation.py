"""Turns a start request body into a Persona and options, or a 400 that names the problem.

The contract's schemas (contract.py) decide what is valid; this module decides what the
client is told, and checks what a schema cannot: that the body is UTF-8 JSON at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator

from . import contract, options
from .errors import ApiError
from .records import Persona

REQUIRED_MESSAGE = "All persona fields (name, role, industry, background) are required"
_PERSONA_FIELDS = {name: Draft202012Validator(schema) for name, schema in contract.PERSONA["properties"].items()}
# The start request's options, each parsed (and checked by its schema) as its server flag is.
OPTION_PARSERS = {
    "seed": options.check_seed,
    "pace": options.check_pace,
    "messages": options.check_messages,
    "scenario": options.check_scenario,
}


@dataclass(frozen=True)
class StartRequest:
    persona: Persona
    options: dict = field(default_factory=dict)  # checked values, by option name


def _invalid_persona(message: str) -> ApiError:
    return ApiError(400, "Invalid persona data", message)


def _invalid_options(message: str) -> ApiError:
    return ApiError(400, "Invalid options", message)


def parse_json_object(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
        # JSON's \ud800 escapes decode to lone surrogates, which no file or socket can encode.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "Invalid JSON", "The request body is not valid UTF-8") from None
    except UnicodeEncodeError:
        raise ApiError(400, "Invalid JSON", "The request body holds an unpaired surrogate (\\ud800-\\udfff)") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, "Invalid JSON", f"The request body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "Invalid JSON", "The request body nests too deeply") from None
    if not isinstance(data, dict):
        raise ApiError(400, "Invalid JSON", "The request body must be a JSON object")
    return data


def _persona_problem(name: str, value: object) -> str | None:
    """What is wrong with one persona field by the contract's schema, told as the client needs it."""
    failed = {error.validator for error in _PERSONA_FIELDS[name].iter_errors(value)}
    if not failed:
        return None
    if not isinstance(value, str) or not value.strip():
        return f"{REQUIRED_MESSAGE}; '{name}' is missing, blank or not a string"
    if "pattern" in failed:  # not blank, so a control character broke the pattern
        return f"Persona {name} contains control characters (only tab and newline are allowed)"
    limit = contract.PERSONA["properties"][name]["maxLength"]
    return f"Persona {name} must be at most {limit} characters (got {len(value)})"


def parse_persona(data: object) -> Persona:
    if not isinstance(data, dict):
        raise _invalid_persona(REQUIRED_MESSAGE)
    for name in contract.PERSONA_FIELDS:
        problem = _persona_problem(name, data.get(name))
        if problem:
            raise _invalid_persona(problem)
    # Checked as sent, as the contract's schema checks it; stored without surrounding spaces.
    return Persona(**{name: data[name].strip() for name in contract.PERSONA_FIELDS})


def parse_options(data: object) -> dict:
    """The start request's options; unknown ones are refused (a misspelt option silently
    ignored would cost a frontend developer an afternoon)."""
    if not isinstance(data, dict):
        raise _invalid_options("'options' must be a JSON object")
    unknown = sorted(set(data) - set(OPTION_PARSERS))
    if unknown:
        raise _invalid_options(f"'options.{unknown[0]}' is not an option; the options are {', '.join(OPTION_PARSERS)}")
    checked = {}
    for name, parse in OPTION_PARSERS.items():
        if name in data:
            try:
                checked[name] = parse(data[name])
            except ValueError as exc:
                raise _invalid_options(f"'options.{name}' {exc}") from None
    return checked


def parse_start_request(body: bytes) -> StartRequest:
    data = parse_json_object(body)
    persona = parse_persona(data.get("persona"))
    return StartRequest(persona=persona, options=parse_options(data["options"]) if "options" in data else {})
