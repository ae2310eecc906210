"""One interview run in this process, without a server: what `deeptalk simulate` and `batch` do.

The result has the contract's shapes: `messages` as the stream's payloads, `insights` exactly as
GET /insights returns them, so a saved simulation and a served interview read the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..conversation import analyse, converse
from ..engines import Engine
from ..records import Message, Persona, Steering


@dataclass
class Simulation:
    persona: Persona
    seed: int
    messages: list[Message]
    insights: dict
    notes: dict = field(default_factory=dict)  # what the engine wrote for itself (the model's fact sheet)

    def as_dict(self) -> dict:
        return {
            "persona": self.persona.as_dict(),
            "seed": self.seed,
            **({"notes": self.notes} if self.notes else {}),
            "messages": [message.payload() for message in self.messages],
            "insights": self.insights,
        }


def simulate(
    engine: Engine, persona: Persona, seed: int, length: int | None = None, steering: Steering | None = None
) -> Simulation:
    transcript = converse(engine, persona, seed, length, steering=steering)
    insights = analyse(engine, persona, seed, transcript)
    return Simulation(persona, seed, transcript, insights, engine.notes(persona, seed))
