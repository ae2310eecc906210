"""The API contract's data shapes as JSON Schemas: one source of truth.

The server validates requests with these, the tests validate every response and
frame with them, and the fixture format embeds the Insights schema.
"""

from __future__ import annotations

from typing import Any

import jsonschema

AGENTS = ("interviewer", "customer")

# The stream's close codes: the one list the handlers close with and the spec documents.
CLOSE_NORMAL, CLOSE_GOING_AWAY, CLOSE_TOO_SLOW, CLOSE_NOT_FOUND, CLOSE_SERVER_ERROR = 1000, 1001, 1008, 4004, 4500
CLOSE_CODES = {
    CLOSE_NORMAL: "The interview completed: sent after the `complete` frame",
    CLOSE_GOING_AWAY: "The server is shutting down; reconnect later to resume",
    CLOSE_TOO_SLOW: "The client did not read frames within the server's send timeout",
    CLOSE_NOT_FOUND: "No interview with this id",
    CLOSE_SERVER_ERROR: "The interview failed: sent after the `error` frame",
}
STATUSES = ("in-progress", "completed", "failed")

# The per-interview options' bounds (checked by OPTIONS below, for flags and bodies alike: options.py).
MIN_MESSAGES, MAX_MESSAGES = 10, 20  # every interview has 10-20 messages
MAX_SECONDS = 600
SEED_MAX = 2**32 - 1
# N is 0-19 (1-19 for a drop: it follows a message); S is 0-600 seconds, up to milliseconds.
SCENARIO_PATTERN = (
    r"^(ws-error-after:(1?[0-9])|abrupt-close-after:(1[0-9]|[1-9])|insights-error"
    r"|slow-start:(600|[1-5]?[0-9]?[0-9](\.[0-9]{1,3})?))$"
)
PERSONA_FIELDS = ("name", "role", "industry", "background")

# ISO 8601 UTC with milliseconds and Z, e.g. 2025-10-20T10:30:15.000Z
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"

_string = {"type": "string"}
_strings = {"type": "array", "items": _string}
_timestamp = {"type": "string", "pattern": TIMESTAMP_PATTERN}


def _object(properties: dict[str, Any], *, closed: bool = True, optional: tuple[str, ...] = ()) -> dict:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


# Persona text: at least one non-space character and no control characters but tab and newline.
CONTROL_CHARACTERS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"  # a regex class body: C0, DEL, C1
PERSONA_TEXT_PATTERN = rf"^[^{CONTROL_CHARACTERS}]*[^\s{CONTROL_CHARACTERS}][^{CONTROL_CHARACTERS}]*$"


def _persona_text(max_length: int) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": PERSONA_TEXT_PATTERN}


PERSONA = _object(
    {
        "name": _persona_text(200),
        "role": _persona_text(200),
        "industry": _persona_text(200),
        "background": _persona_text(2000),
    },
    closed=False,  # the contract: unknown extra fields are ignored
)

_seconds = {"type": "number", "minimum": 0, "maximum": MAX_SECONDS}
OPTIONS = _object(
    {
        "seed": {
            "type": "integer",
            "minimum": 0,
            "maximum": SEED_MAX,
            "description": "The same seed gives the same interview.",
        },
        "pace": {
            "description": "Seconds between messages: 0, a number, or [min, max] (each gap seeded between).",
            "anyOf": [_seconds, {"type": "array", "items": _seconds, "minItems": 2, "maxItems": 2}],
        },
        "messages": {
            "type": "integer",
            "minimum": MIN_MESSAGES,
            "maximum": MAX_MESSAGES,
            "multipleOf": 2,
            "description": "How many messages (even: every question is answered).",
        },
        "scenario": {
            "type": "string",
            "pattern": SCENARIO_PATTERN,
            "description": "ws-error-after:N | abrupt-close-after:N | insights-error | slow-start:S",
        },
    },
    optional=("seed", "pace", "messages", "scenario"),
)

START_REQUEST = _object({"persona": PERSONA, "options": OPTIONS}, closed=False, optional=("options",))

START_RESPONSE = _object({"interviewId": {"type": "string", "format": "uuid"}, "status": {"const": "in-progress"}})

ERROR = _object({"error": _string, "message": _string})

MESSAGE = _object(
    {
        "id": {"type": "string", "pattern": r"^msg-\d{3,}$"},
        "agent": {"enum": list(AGENTS)},
        "message": {"type": "string", "minLength": 1},
        "timestamp": _timestamp,
    }
)

MESSAGE_FRAME = _object({"type": {"const": "message"}, "payload": MESSAGE})

COMPLETE_FRAME = _object(
    {
        "type": {"const": "complete"},
        "payload": _object(
            {
                "interviewId": {"type": "string"},
                "messageCount": {"type": "integer", "minimum": 0},
                "completedAt": _timestamp,
            }
        ),
    }
)

ERROR_FRAME = _object({"type": {"const": "error"}, "error": _string, "message": _string})

STATUS = _object(
    {
        "interviewId": {"type": "string"},
        "status": {"enum": list(STATUSES)},
        "messageCount": {"type": "integer", "minimum": 0},
        "isComplete": {"type": "boolean"},
        "createdAt": _timestamp,
        "completedAt": {"anyOf": [_timestamp, {"type": "null"}]},
        "seed": {"type": "integer"},  # extension: the seed that reproduces this interview
    }
)

THEME = _object({"theme": _string, "quotes": _strings, "emotionalTone": _string, "underlyingNeed": _string})
EMOTIONAL_PHASE = _object({"phase": _string, "emotion": _string, "emoji": _string})

INSIGHTS = _object(
    {
        "summary": _string,
        "overallMood": _string,
        "moodEmoji": _string,
        "topicCloud": _strings,
        "themes": {"type": "array", "items": THEME},
        "humanInsights": _object({"coreDesires": _strings, "fearsOrFrustrations": _strings, "aspirations": _strings}),
        "contextualInsights": _object(
            {"whenProblemFelt": _strings, "triggersMoments": _strings, "preventionBarriers": _strings}
        ),
        "opportunityMap": _strings,
        "emotionalJourney": {"type": "array", "items": EMOTIONAL_PHASE},
    }
)

# Extension beside the contract: GET /api/health, the state of the engine and its model process.
_count = {"type": "integer", "minimum": 0}
_nullable_string = {"type": ["string", "null"]}
RESTART = _object({"at": _timestamp, "pid": {"type": "integer"}, "reason": _string, "signal": _nullable_string})
MODEL_PROCESS = _object(
    {
        "pid": {"type": ["integer", "null"]},
        "state": {"enum": ["starting", "ready", "down", "stopped"]},
        "threads": _count,
        "calls": _count,
        "restarts": _count,
        "recentRestarts": {"type": "array", "items": RESTART},
    }
)
MODEL_SERVER = _object(
    {
        "url": _string,  # without any user:password
        "model": _string,
        "state": {"enum": ["starting", "ready", "failing", "stopped"]},  # failing: the last call failed
        "concurrency": _count,
        "inFlight": _count,
        "calls": _count,
        "failures": _count,
        "lastError": _nullable_string,
        "structuredOutput": {"enum": ["json_schema", "json_object", "none"]},
        "seedHonoured": {"type": ["boolean", "null"]},
    }
)
HEALTH = _object(
    {
        "status": {"enum": ["ok", "degraded"]},  # degraded: the model process or server is not ready
        "engine": _string,
        "fingerprint": {"type": "object", "properties": {"engine": _string}, "required": ["engine"]},
        "model": {
            "anyOf": [_object({"file": _string, "sha256": _string}), _object({"name": _string}), {"type": "null"}]
        },
        "adapter": {"anyOf": [_object({"file": _string, "sha256": _string}), {"type": "null"}]},
        "modelProcess": {"anyOf": [MODEL_PROCESS, {"type": "null"}]},
        "modelServer": {"anyOf": [MODEL_SERVER, {"type": "null"}]},
        "interviewsInProgress": _count,
        "queueDepth": _count,
    }
)


def quotes_of(insights: dict) -> list[str]:
    """Every quote in an Insights document."""
    return [quote for theme in insights["themes"] for quote in theme["quotes"]]


_validators: dict[tuple[int, type | None], tuple[dict, Any]] = {}  # the schema is kept: its id stays its own


def validate(instance: Any, schema: dict, cls: type | None = None) -> None:
    """jsonschema.validate (the same error), with each schema checked against its metaschema and
    its validator built once, not on every call: that check costs more than most validations."""
    key = (id(schema), cls)
    kept = _validators.get(key)
    if kept is None:
        kind = cls or jsonschema.validators.validator_for(schema)
        kind.check_schema(schema)
        kept = _validators[key] = (schema, kind(schema))
    error = jsonschema.exceptions.best_match(kept[1].iter_errors(instance))
    if error is not None:
        raise error
