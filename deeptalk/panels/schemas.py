"""The panels' JSON Schemas: the brief, the API's requests and answers, and the synthesis.

Extensions beside the contract, built from its pieces (contract.py): the server validates with
them, /openapi.json publishes them, the tests check answers against them.
"""

from __future__ import annotations

from ..contract import MAX_MESSAGES, MIN_MESSAGES, PERSONA, SEED_MAX, STATUSES, _object, _string, _timestamp

MAX_HYPOTHESES = 10
MAX_GUIDE_QUESTIONS = 9  # with the greeting's opening and the closing question: at most 20 messages
MAX_SEEDS = 10
MAX_PERSONAS = 50
VERDICTS = ("supports", "contradicts", "mixed", "no evidence")
PANEL_STATUSES = ("running", "completed", "failed")
FLAGS = (
    "small_n",
    "single_persona_theme",
    "similar_personas",
    "mostly_hypothetical",
    "fixture_replay",
    "replayed_interviews",
)


def _text(low: int, high: int) -> dict:
    return {"type": "string", "minLength": low, "maxLength": high, "pattern": r"\S"}


HYPOTHESIS_TEXT = _text(10, 300)
TOPIC = _text(2, 60)
BRIEF = _object(
    {
        "goal": {**_text(10, 300), "description": "The question the panel must answer, in one sentence."},
        "hypotheses": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_HYPOTHESES,
            "items": {
                "anyOf": [
                    HYPOTHESIS_TEXT,
                    _object({"text": HYPOTHESIS_TEXT, "topic": TOPIC}, optional=("topic",)),
                ]
            },
            "description": "What the team believes; numbered H1, H2, ... in this order.",
        },
        "guide": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_GUIDE_QUESTIONS,
            "items": _text(5, 300),
            "description": "The team's own questions, asked in order (else the engine's guide runs).",
        },
    },
    optional=("guide",),
)

PANEL_OPTIONS = _object(
    {
        "seeds": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_SEEDS,
            "uniqueItems": True,
            "items": {"type": "integer", "minimum": 0, "maximum": SEED_MAX},
        },
        "messages": {"type": "integer", "minimum": MIN_MESSAGES, "maximum": MAX_MESSAGES, "multipleOf": 2},
        "allowLintErrors": {"type": "boolean"},
    },
    optional=("seeds", "messages", "allowLintErrors"),
)
PANEL_REQUEST = _object(
    {
        "personas": {"type": "array", "minItems": 1, "maxItems": MAX_PERSONAS, "items": PERSONA},
        "brief": BRIEF,
        "options": PANEL_OPTIONS,
    },
    optional=("options",),
)
PANEL_STARTED = _object(
    {"panelId": {"type": "string", "format": "uuid"}, "status": {"const": "running"}, "interviews": {"type": "integer"}}
)

_count = {"type": "integer", "minimum": 0}
_hypothesis = _object({"id": _string, "text": _string, "topic": {"type": ["string", "null"]}})
_stored_brief = _object(
    {
        "goal": _string,
        "hypotheses": {"type": "array", "items": _hypothesis},
        "guide": {"type": "array", "items": _string},
    }
)
_persona_out = _object({name: _string for name in ("name", "role", "industry", "background")})
PANEL_INTERVIEW = _object(
    {
        "interviewId": {"type": ["string", "null"]},
        "persona": _persona_out,
        "seed": {"type": "integer"},
        "status": {"enum": ["waiting", *STATUSES]},
    }
)
PANEL_STATUS = _object(
    {
        "panelId": _string,
        "status": {"enum": list(PANEL_STATUSES)},
        "createdAt": _timestamp,
        "failure": {"type": ["string", "null"]},
        "brief": _stored_brief,
        "progress": _object({"total": _count, "started": _count, "completed": _count, "failed": _count}),
        "interviews": {"type": "array", "items": PANEL_INTERVIEW},
    }
)

_quote = {
    "interviewId": _string,
    "messageId": {"type": "string", "pattern": r"^msg-\d{3}$"},
    "persona": _string,
    "quote": _string,
}
SYNTHESIS = _object(
    {
        "banner": _string,
        "engine": _object(
            {"name": _string, "model": {"type": ["string", "null"]}, "adapter": {"type": ["string", "null"]}}
        ),
        "seeds": {"type": "array", "items": {"type": "integer"}},
        "brief": _stored_brief,
        "interviews": {"type": "array", "items": PANEL_INTERVIEW},
        "themes": {
            "type": "array",
            "items": _object(
                {
                    "theme": _string,
                    "interviews": _count,
                    "personas": _count,
                    "interviewIds": {"type": "array", "items": _string},
                    "quotes": {"type": "array", "items": _object(_quote)},
                }
            ),
        },
        "hypotheses": {
            "type": "array",
            "items": _object(
                {
                    "id": _string,
                    "text": _string,
                    "verdict": {"enum": list(VERDICTS)},
                    "supporting": _count,
                    "contradicting": _count,
                    "summary": _string,
                    "evidence": {
                        "type": "array",
                        "items": _object({**_quote, "stance": {"enum": ["supports", "contradicts"]}}),
                    },
                }
            ),
        },
        "flags": {
            "type": "array",
            "items": _object({"flag": {"enum": list(FLAGS)}, "message": _string, "interviewIds": {"type": "array"}}),
        },
    }
)
