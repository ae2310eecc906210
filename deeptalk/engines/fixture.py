"""The model-free engine: replays hand-made fixture interviews, rendered for the persona."""
from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Iterator, Sequence

from ..fixtures import Fixture, load_extra_exchanges, load_fixtures, render, template_variables
from ..quotes import verbatim_quotes
from ..models import Message, Persona, Turn
from .base import Engine


class FixtureEngine(Engine):
    name = "fixture"

    def __init__(self, fixtures_dir: Path):
        self.fixtures = load_fixtures(fixtures_dir)
        self.extra = load_extra_exchanges(fixtures_dir)

    def describe(self) -> str:
        return f"fixture ({len(self.fixtures)} fixtures)"

    def choose(self, persona: Persona, seed: int) -> Fixture:
        return closest(self.fixtures, persona, seed)

    def converse(self, persona: Persona, seed: int, history: Sequence[Turn] = (),
                 messages: int | None = None) -> Iterator[Turn]:
        turns = self.choose(persona, seed).render_turns(persona)
        yield from fit_length(turns, messages, self.extra, persona)[len(history):]

    def analyse(self, persona: Persona, seed: int, transcript: Sequence[Message]) -> dict:
        # A shortened interview may have lost a quoted message: quotes stay verbatim regardless.
        return verbatim_quotes(self.choose(persona, seed).render_insights(persona), transcript)


def closest(fixtures: Sequence[Fixture], persona: Persona, seed: int, whole_words: bool = False) -> Fixture:
    """The fixtures whose keywords best match the persona's role, industry and background,
    or, when none match, every hand-written one (a recorded fixture is only as good as the
    model that made it, so it plays only for personas it matches); the seed picks one.
    A keyword matches the start of a word ("nurs": nurse, nursing), or with `whole_words`
    only a whole word ("hospital" not in "hospitality")."""
    text = " ".join((persona.role, persona.industry, persona.background)).lower()
    end = r"\b" if whole_words else ""
    scores = [sum(1 for word in fixture.match if re.search(rf"\b{re.escape(word)}{end}", text)) for fixture in fixtures]
    best = max(scores)
    if best:
        candidates = [f for f, score in zip(fixtures, scores) if score == best]
    else:
        candidates = [f for f in fixtures if not f.recorded] or list(fixtures)
    return candidates[random.Random(seed).randrange(len(candidates))]


def fit_length(turns: list[Turn], count: int | None, extra: Sequence[Sequence[Turn]], persona: Persona) -> list[Turn]:
    """The fixture's turns at `count` messages: middle exchanges dropped from the end, or extra
    exchanges added, always keeping the opening and the closing exchange."""
    if count is None or count == len(turns):
        return turns
    if count < len(turns):
        return turns[:count - 2] + turns[-2:]
    variables = template_variables(persona)
    added = [Turn(t.agent, render(t.message, variables)) for exchange in extra for t in exchange]
    return turns[:-2] + added[:count - len(turns)] + turns[-2:]
