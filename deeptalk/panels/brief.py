"""The research brief: the panel's goal, its hypotheses and, optionally, the team's own guide.

Read from a YAML or JSON file by `deeptalk panel`, from the request body by POST /api/panels;
both checked by the one schema (schemas.BRIEF), every problem told as a 400's message is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from .. import contract
from ..errors import ApiError
from ..records import Steering
from . import schemas


@dataclass(frozen=True)
class Hypothesis:
    id: str  # H1, H2, ... in the brief's order
    text: str
    topic: str | None = None  # what the interviewer asks about, when the engine's guide runs

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "topic": self.topic}


@dataclass(frozen=True)
class Brief:
    goal: str
    hypotheses: tuple[Hypothesis, ...]
    guide: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"goal": self.goal, "hypotheses": [h.as_dict() for h in self.hypotheses], "guide": list(self.guide)}

    def steering(self) -> Steering:
        """What the interviewer follows: the team's guide, else the hypotheses' topics."""
        if self.guide:
            return Steering(questions=self.guide)
        return Steering(topics=tuple(h.topic for h in self.hypotheses if h.topic))

    @classmethod
    def from_dict(cls, data: dict) -> "Brief":
        """A brief as stored (as_dict's shape), already checked when it was first read."""
        hypotheses = tuple(Hypothesis(h["id"], h["text"], h.get("topic")) for h in data["hypotheses"])
        return cls(data["goal"], hypotheses, tuple(data.get("guide") or ()))


def invalid_brief(message: str) -> ApiError:
    return ApiError(400, "Invalid brief", message)


def _where(error: jsonschema.ValidationError) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"brief{path}"


def parse_brief(data: object) -> Brief:
    """A brief from its JSON (or YAML) object; ApiError 400 naming the first problem. Runs of
    spaces are one space before the lengths are checked, so what is checked is what is kept."""
    data = _collapsed(data)
    try:
        contract.validate(data, schemas.BRIEF)
    except jsonschema.ValidationError as error:
        raise invalid_brief(f"{_where(error)}: {_problem(error)}") from None
    assert isinstance(data, dict)
    hypotheses = []
    for number, item in enumerate(data["hypotheses"], 1):
        text, topic = (item, None) if isinstance(item, str) else (item["text"], item.get("topic"))
        hypotheses.append(Hypothesis(f"H{number}", " ".join(text.split()), topic and " ".join(topic.split())))
    guide = tuple(" ".join(q.split()) for q in data.get("guide", ()))
    return Brief(" ".join(data["goal"].split()), tuple(hypotheses), guide)


def _collapsed(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_collapsed(item) for item in value]
    if isinstance(value, dict):
        return {key: _collapsed(item) for key, item in value.items()}
    return value


def _problem(error: jsonschema.ValidationError) -> str:
    """The schema's complaint in a reader's words."""
    schema, value = error.schema, error.instance
    if error.validator == "additionalProperties":
        return f"{error.message.split('(')[-1].rstrip(')')}; a brief has goal, hypotheses and guide"
    if error.validator == "required":
        return error.message
    if error.validator in ("minLength", "maxLength", "pattern") and isinstance(schema, dict):
        return f"must be text of {schema.get('minLength', 1)} to {schema.get('maxLength')} characters"
    if error.validator in ("minItems", "maxItems") and isinstance(schema, dict):
        return f"must have {schema.get('minItems', 0)} to {schema.get('maxItems')} items (got {len(value)})"
    if error.validator == "anyOf":
        return "must be a sentence (10 to 300 characters) or an object with text and an optional topic"
    return error.message


def load_brief(path: Path) -> Brief:
    """A brief file: YAML or JSON (YAML reads JSON too). ApiError 400 for a bad brief, ValueError
    for a file that is not YAML at all."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: not {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}") from None
    return parse_brief(data)
