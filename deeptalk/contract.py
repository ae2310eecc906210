"""The API contract's data shapes as JSON Schemas: one source of truth.

The server validates requests with these, the tests validate every response and
frame with them, and the fixture format embeds the Insights schema.
"""
from __future__ import annotations

from typing import Any

AGENTS = ("interviewer", "customer")
STATUSES = ("in-progress", "completed", "failed")
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


PERSONA = _object(
    {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "role": {"type": "string", "minLength": 1, "maxLength": 200},
        "industry": {"type": "string", "minLength": 1, "maxLength": 200},
        "background": {"type": "string", "minLength": 1, "maxLength": 2000},
    },
    closed=False,  # the contract: unknown extra fields are ignored
)

OPTIONS = _object(
    {"seed": {"type": "integer", "minimum": 0, "maximum": 2**32 - 1}},
    closed=False,
    optional=("seed",),
)

START_REQUEST = _object({"persona": PERSONA, "options": OPTIONS}, closed=False, optional=("options",))

START_RESPONSE = _object(
    {"interviewId": {"type": "string", "format": "uuid"}, "status": {"const": "in-progress"}}
)

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

THEME = _object(
    {"theme": _string, "quotes": _strings, "emotionalTone": _string, "underlyingNeed": _string}
)
EMOTIONAL_PHASE = _object({"phase": _string, "emotion": _string, "emoji": _string})

INSIGHTS = _object(
    {
        "summary": _string,
        "overallMood": _string,
        "moodEmoji": _string,
        "topicCloud": _strings,
        "themes": {"type": "array", "items": THEME},
        "humanInsights": _object(
            {"coreDesires": _strings, "fearsOrFrustrations": _strings, "aspirations": _strings}
        ),
        "contextualInsights": _object(
            {"whenProblemFelt": _strings, "triggersMoments": _strings, "preventionBarriers": _strings}
        ),
        "opportunityMap": _strings,
        "emotionalJourney": {"type": "array", "items": EMOTIONAL_PHASE},
    }
)


def quotes_of(insights: dict) -> list[str]:
    """Every quote in an Insights document."""
    return [quote for theme in insights["themes"] for quote in theme["quotes"]]
