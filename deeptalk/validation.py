"""Turns a start request body into a Persona and options, or a 400 that names the problem."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from . import contract
from .errors import ApiError
from .models import Persona

REQUIRED_MESSAGE = "All persona fields (name, role, industry, background) are required"
# Control characters (C0, DEL, C1) other than tab and newline.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class StartRequest:
    persona: Persona
    seed: int | None = None


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
        value = value.strip()
        if CONTROL_CHARACTERS.search(value):
            raise _invalid_persona(f"Persona {name} contains control characters (only tab and newline are allowed)")
        limit = contract.PERSONA["properties"][name]["maxLength"]
        if len(value) > limit:
            raise _invalid_persona(f"Persona {name} must be at most {limit} characters (got {len(value)})")
        values[name] = value
    return Persona(**values)


def parse_options(data: object) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _invalid_options("'options' must be a JSON object")
    options = {}
    if "seed" in data:
        seed = data["seed"]
        bounds = contract.OPTIONS["properties"]["seed"]
        if not isinstance(seed, int) or isinstance(seed, bool) or not bounds["minimum"] <= seed <= bounds["maximum"]:
            raise _invalid_options(
                f"'options.seed' must be an integer from {bounds['minimum']} to {bounds['maximum']}"
            )
        options["seed"] = seed
    return options


def parse_start_request(body: bytes) -> StartRequest:
    data = parse_json_object(body)
    persona = parse_persona(data.get("persona"))
    options = parse_options(data.get("options"))
    return StartRequest(persona=persona, seed=options.get("seed"))
