"""An interview's conversation and analysis, as the server and the offline commands both run
them: an engine's turns become numbered, timestamped messages; its analysis steps end in the
insights. The server's runner does the same steps one at a time off its event loop."""

from __future__ import annotations

from typing import Callable, Sequence

from .clock import now_iso
from .engines.base import Engine
from .records import Message, Persona, Steering, Turn

_END = object()


class NoInsights(RuntimeError):
    pass


def history(messages: Sequence[Message]) -> list[Turn]:
    """The turns already published, which an engine resumes after."""
    return [Turn(m.agent, m.message, m.provenance or "template") for m in messages]


class Analysis:
    """An engine's analysis of a transcript, a step at a time: between steps the server lets
    other interviews' turns run."""

    def __init__(self, engine: Engine, persona: Persona, seed: int, transcript: Sequence[Message]):
        self._steps = engine.analysis_steps(persona, seed, list(transcript))
        self._insights: dict | None = None

    def step(self) -> bool:
        """Run the next step; False once there is none left."""
        step = next(self._steps, _END)
        if step is _END:
            return False
        if step is not None:
            self._insights = step
        return True

    @property
    def insights(self) -> dict:
        if self._insights is None:
            raise NoInsights("the engine's analysis produced no insights")
        return self._insights

    def run(self) -> dict:
        while self.step():
            pass
        return self.insights


def converse(
    engine: Engine,
    persona: Persona,
    seed: int,
    length: int | None = None,
    on_message: Callable[[Message], None] = lambda message: None,
    steering: Steering | None = None,
) -> list[Message]:
    """The whole transcript, each message handed to `on_message` as soon as it is generated."""
    transcript: list[Message] = []
    for turn in engine.converse(persona, seed, (), length, steering):
        message = Message.from_turn(turn, len(transcript), now_iso())
        transcript.append(message)
        on_message(message)
    return transcript


def analyse(engine: Engine, persona: Persona, seed: int, transcript: Sequence[Message]) -> dict:
    return Analysis(engine, persona, seed, transcript).run()
