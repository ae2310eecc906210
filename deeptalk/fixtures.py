"""The fixture file format: a hand-written (or recorded) interview, replayable for any persona.

A fixture is a JSON file in `fixtures/` (documented in fixtures/README.md). Every string in
`messages` and `insights` is a Jinja2 template over the persona, rendered in a sandbox so
persona text is only ever data.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from . import contract
from .models import PROVENANCES, Persona, Turn
from .trees import map_strings

FORMAT_VERSION = 1

def _fixture_insights_schema() -> dict:
    """The contract's Insights schema, plus the floor every fixture must meet: no blank
    strings, at least 8 topics, 3 themes (each quoted), 4 opportunities and a 5-phase journey."""
    schema = json.loads(json.dumps(contract.INSIGHTS))  # unshared copy: the schema reuses dicts

    def non_blank(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string":
                node["minLength"] = 1
            for child in node.values():
                non_blank(child)

    non_blank(schema)
    properties = schema["properties"]
    properties["topicCloud"]["minItems"] = 8
    properties["themes"]["minItems"] = 3
    properties["themes"]["items"]["properties"]["quotes"]["minItems"] = 1
    # One at least: a recorded interview has the opportunities the engine found in it (the
    # hand-written fixtures have four or more).
    properties["opportunityMap"]["minItems"] = 1
    properties["emotionalJourney"].update(minItems=5, maxItems=5)
    for group in ("humanInsights", "contextualInsights"):
        for field in properties[group]["properties"].values():
            field["minItems"] = 1
    return schema


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "id", "title", "match", "messages", "insights"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT_VERSION},
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"},
        "title": {"type": "string"},
        "match": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "source": {"type": "object"},
        "messages": {
            "type": "array",
            "minItems": 10,
            "maxItems": 20,
            "items": {
                "type": "object",
                "required": ["agent", "message"],
                "additionalProperties": False,
                "properties": {"agent": {"enum": list(contract.AGENTS)}, "message": {"type": "string", "minLength": 1},
                               # who wrote it (recorded fixtures); hand-written ones are "template"
                               "provenance": {"enum": list(PROVENANCES)}},
            },
        },
        "insights": _fixture_insights_schema(),
    },
}

_environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


class FixtureError(ValueError):
    pass


@dataclass(frozen=True)
class Fixture:
    id: str
    title: str
    match: tuple[str, ...]
    messages: tuple[Turn, ...]  # unrendered templates
    insights: dict  # unrendered templates
    path: Path
    recorded: bool = False  # recorded from a model, not written by hand

    def render_turns(self, persona: Persona) -> list[Turn]:
        variables = template_variables(persona)
        return [Turn(turn.agent, render(turn.message, variables), turn.provenance) for turn in self.messages]

    def render_insights(self, persona: Persona) -> dict:
        return render_tree(self.insights, template_variables(persona))


def template_variables(persona: Persona) -> dict[str, str]:
    return {**persona.as_dict(), "first_name": persona.name.split()[0]}


@functools.lru_cache(maxsize=4096)
def compile_template(source: str) -> Template:
    """Compiling is far slower than rendering: each distinct string is compiled once."""
    return _environment.from_string(source)


def render(template: str, variables: dict[str, str]) -> str:
    return compile_template(template).render(variables)


def render_tree(value: Any, variables: dict[str, str]) -> Any:
    return map_strings(value, lambda template: render(template, variables))


def check_turns(turns: list[Turn]) -> None:
    """Agents alternate, interviewer first."""
    for index, turn in enumerate(turns):
        expected = contract.AGENTS[index % 2]
        if turn.agent != expected:
            raise FixtureError(f"message {index + 1} is by {turn.agent}, expected {expected}")


def check_quotes(turns: list[Turn], insights: dict) -> None:
    """Every quote is a verbatim substring of one customer message."""
    said = [turn.message for turn in turns if turn.agent == "customer"]
    for quote in contract.quotes_of(insights):
        if not any(quote in message for message in said):
            raise FixtureError(f"quote is not verbatim in any customer message: {quote!r}")


def load_fixture(path: Path) -> Fixture:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, SCHEMA)
    except (OSError, ValueError, jsonschema.ValidationError) as exc:
        raise FixtureError(f"{path}: {getattr(exc, 'message', exc)}") from None
    fixture = Fixture(
        id=data["id"],
        title=data["title"],
        match=tuple(word.lower() for word in data["match"]),
        messages=tuple(Turn(**item) for item in data["messages"]),
        insights=data["insights"],
        path=path,
        recorded=data.get("source", {}).get("kind") == "recorded",
    )
    try:
        check_turns(list(fixture.messages))
        # Rendering with a sample persona also catches template syntax errors at load time.
        sample = Persona("Alex Morgan", "Operations Lead", "Retail", "Sample background.")
        check_quotes(fixture.render_turns(sample), fixture.render_insights(sample))
    except Exception as exc:  # jinja2 errors included
        raise FixtureError(f"{path}: {exc}") from None
    return fixture


def load_fixtures(directory: Path) -> list[Fixture]:
    """All `*.json` fixtures in a folder, in a stable order (seeds must pick the same one)."""
    fixtures = [load_fixture(path) for path in sorted(Path(directory).glob("*.json"))]
    if not fixtures:
        raise FixtureError(f"no fixtures (*.json) in {directory}")
    ids = [fixture.id for fixture in fixtures]
    if len(set(ids)) != len(ids):
        raise FixtureError(f"duplicate fixture ids in {directory}")
    return fixtures


EXTRA_SCHEMA = {
    "type": "object",
    "required": ["format", "exchanges"],
    "properties": {
        "format": {"const": FORMAT_VERSION},
        "exchanges": {"type": "array", "minItems": 5, "items": {
            "type": "array", "minItems": 2, "maxItems": 2,
            "prefixItems": [
                {"type": "object", "required": ["agent", "message"],
                 "properties": {"agent": {"const": "interviewer"}, "message": {"type": "string", "minLength": 1}}},
                {"type": "object", "required": ["agent", "message"],
                 "properties": {"agent": {"const": "customer"}, "message": {"type": "string", "minLength": 1}}},
            ]}},
    },
}


BUNDLED_EXTRA_EXCHANGES = Path(__file__).resolve().parent.parent / "fixtures" / "extra" / "exchanges.json"


def load_extra_exchanges(directory: Path) -> list[tuple[Turn, Turn]]:
    """`extra/exchanges.json`: exchanges that fit any interview, for lengthening one (at least 5,
    so the shortest fixture, 10 messages, can become 20)."""
    path = Path(directory) / "extra" / "exchanges.json"
    if not path.exists():  # a fixtures folder of one's own may rely on the bundled ones
        path = BUNDLED_EXTRA_EXCHANGES
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, EXTRA_SCHEMA)
        exchanges = [(Turn(**question), Turn(**answer)) for question, answer in data["exchanges"]]
        for exchange in exchanges:
            for turn in exchange:
                compile_template(turn.message)
    except (OSError, ValueError, jsonschema.ValidationError, TemplateError) as exc:
        raise FixtureError(f"{path}: {getattr(exc, 'message', exc)}") from None
    return exchanges
