"""One interview run in this process, without a server: what `deeptalk simulate` and `batch` do.

The result has the contract's shapes: `messages` as the stream's payloads, `insights` exactly as
GET /insights returns them, so a saved simulation and a served interview read the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..clock import now_iso
from ..engines import Engine
from ..records import Message, Persona, Turn


@dataclass
class Simulation:
    persona: Persona
    seed: int
    messages: list[Message]
    insights: dict

    def as_dict(self) -> dict:
        return {"persona": self.persona.as_dict(), "seed": self.seed,
                "messages": [message.payload() for message in self.messages], "insights": self.insights}


def converse(engine: Engine, persona: Persona, seed: int, messages: int | None = None,
             on_message: Callable[[Message], None] = lambda message: None) -> list[Message]:
    """The transcript, each message handed to `on_message` as soon as it is generated."""
    transcript: list[Message] = []
    turn: Turn
    for turn in engine.converse(persona, seed, (), messages):
        message = Message.from_turn(turn, len(transcript), now_iso())
        transcript.append(message)
        on_message(message)
    return transcript


def analyse(engine: Engine, persona: Persona, seed: int, transcript: list[Message]) -> dict:
    insights = None
    for step in engine.analysis_steps(persona, seed, transcript):
        insights = step if step is not None else insights
    if insights is None:
        raise RuntimeError("the engine's analysis produced no insights")
    return insights


def simulate(engine: Engine, persona: Persona, seed: int, messages: int | None = None) -> Simulation:
    transcript = converse(engine, persona, seed, messages)
    return Simulation(persona, seed, transcript, analyse(engine, persona, seed, transcript))
