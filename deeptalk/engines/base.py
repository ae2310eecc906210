"""The one plug-in boundary: an engine converses and analyses.

Both methods are plain blocking code; the runner calls them off the IOLoop, one turn at a
time, on `parallel_calls` threads, so an engine never has to know about asyncio.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterator, Sequence

from ..records import Message, Persona, Steering, Turn


class EngineFailure(RuntimeError):
    """An engine cannot go on with an interview, for a reason worth storing with it."""


class Engine(ABC):
    name: str = "engine"
    capacity: int | None = None  # most interviews it can run at once; None: no limit of its own
    parallel_calls: int = 1  # turns of different interviews it can work on at once (threads)

    @abstractmethod
    def converse(
        self,
        persona: Persona,
        seed: int,
        history: Sequence[Turn] = (),
        length: int | None = None,
        steering: Steering | None = None,
    ) -> Iterator[Turn]:
        """Yield the interview's turns after `history` (the turns already published), in order:
        `length` of them in all (an even number, 10-20), or the engine's own choice if None.
        `steering`: a panel brief's questions or topics, for an engine whose interviewer can follow them.

        Same persona + seed + length + steering + history => same turns. Agents alternate,
        interviewer first.
        """

    @abstractmethod
    def analyse(self, persona: Persona, seed: int, transcript: Sequence[Message]) -> dict:
        """Return the Insights document (the contract's shape) for a finished transcript."""

    def notes(self, persona: Persona, seed: int) -> dict:
        """What the engine wrote for itself about an interview it has run (the model engines' fact
        sheet), stored with the interview; nothing by default."""
        return {}

    def describe(self) -> str:
        """One line for the start-up log."""
        return self.name

    def fingerprint(self) -> dict:
        """What decides the interviews a seed gives (stored with each interview): an interrupted
        interview resumes only under the same fingerprint."""
        return {"engine": self.name}

    def health(self) -> dict:
        """The state of what the engine runs on, for GET /api/health: {"modelProcess": ...} or
        {"modelServer": ...}; nothing for an engine that runs on nothing."""
        return {}

    def close(self) -> None:  # noqa: B027 (a default: most engines hold nothing)
        """Release what the engine holds (its model process)."""
