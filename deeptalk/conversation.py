"""An interview's conversation and analysis, as the server and the offline commands both run
them: an engine's turns become numbered, timestamped messages, and its analysis of them the
insights. The server's runner does the same off its event loop."""

from __future__ import annotations

from typing import Callable, Sequence

from .clock import now_iso
from .engines.base import Engine
from .records import Message, Persona, Steering, Turn


def history(messages: Sequence[Message]) -> list[Turn]:
    """The turns already published, which an engine resumes after."""
    return [Turn(m.agent, m.message, m.provenance or "template") for m in messages]


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
    return engine.analyse(persona, seed, list(transcript))
