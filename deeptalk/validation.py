"""Turns a start request body into a Persona and options, or a 400 that names the problem."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from . import contract, options
from .errors import ApiError
from .records import Persona

REQUIRED_MESSAGE = "All persona fields (name, role, industry, background) are required"
CONTROL_CHARACTERS = re.compile(f"[{contract.CONTROL_CHARACTERS}]")


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
    except UnicodeDecodeError:
        raise ApiError(400, "Invalid JSON", "The request body is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, "Invalid JSON", f"The request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "Invalid JSON", "The request body must be a JSON object")
    return data


def parse_persona(data: object) -> Persona:
    if not isinstance(data, dict):
        raise _invalid_persona(REQUIRED_MESSAGE)
    values = {}
    for name in contract.PERSONA_FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise _invalid_persona(f"{REQUIRED_MESSAGE}; '{name}' is missing, blank or not a string")
        # Checked as sent, as the contract's schema checks it; stored without surrounding spaces.
        if CONTROL_CHARACTERS.search(value):
            raise _invalid_persona(f"Persona {name} contains control characters (only tab and newline are allowed)")
        limit = contract.PERSONA["properties"][name]["maxLength"]
        if len(value) > limit:
            raise _invalid_persona(f"Persona {name} must be at most {limit} characters (got {len(value)})")
        values[name] = value.strip()
    return Persona(**values)


OPTION_CHECKS = {
    "seed": options.check_seed,
    "pace": options.check_pace,
    "messages": options.check_messages,
    "scenario": options.check_scenario,
}


def parse_options(data: object) -> dict:
    """The start request's options, each checked as its server flag is; unknown ones are refused
    (a misspelt option silently ignored would cost a frontend developer an afternoon)."""
    if not isinstance(data, dict):
        raise _invalid_options("'options' must be a JSON object")
    unknown = sorted(set(data) - set(OPTION_CHECKS))
    if unknown:
        raise _invalid_options(f"'options.{unknown[0]}' is not an option; the options are "
                               f"{', '.join(OPTION_CHECKS)}")
    checked = {}
    for name, check in OPTION_CHECKS.items():
        if name in data:
            try:
                checked[name] = check(data[name])
            except ValueError as exc:
                raise _invalid_options(f"'options.{name}' {exc}") from None
    return checked


def parse_start_request(body: bytes) -> StartRequest:
    data = parse_json_object(body)
    persona = parse_persona(data.get("persona"))
    return StartRequest(persona=persona, options=parse_options(data["options"]) if "options" in data else {})
