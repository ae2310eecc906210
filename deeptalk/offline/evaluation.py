"""`deeptalk eval`'s interviews: an engine over a persona set and seeds, each interview run as the
server runs it and timed. What is measured on them, and the targets, are the measures table's
(measures.py); scoring.py grades and totals.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import corpus as corpus_module
from ..conversation import analyse, converse, history
from ..records import Message, Persona, Turn


@dataclass
class Run:
    """One interview as the engine produced it, with its timings."""

    persona: Persona
    seed: int
    turns: list[Turn]
    insights: dict
    first_message_s: float
    turn_s: list[float]
    insights_s: float
    failure: str | None = None
    facts: str = ""  # the interview's fact sheet, where the engine writes one


def run_interview(engine: Any, persona: Persona, seed: int, messages: int | None = None) -> Run:
    """One interview as the server runs it (conversation.py), each turn and the analysis timed."""
    transcript: list[Message] = []
    turn_s: list[float] = []
    started = time.perf_counter()

    def timed(message: Message) -> None:
        nonlocal started
        now = time.perf_counter()
        turn_s.append(now - started)
        started = now
        transcript.append(message)

    try:
        converse(engine, persona, seed, messages, timed)
        begun = time.perf_counter()
        insights = analyse(engine, persona, seed, transcript)
        insights_s = time.perf_counter() - begun
    except Exception as exc:  # an engine failure is a result to report, not a crash of the eval
        return Run(
            persona, seed, history(transcript), {}, turn_s[0] if turn_s else 0.0, turn_s[1:], 0.0, failure=str(exc)
        )
    facts = engine.notes(persona, seed).get("facts", "")
    return Run(persona, seed, history(transcript), insights, turn_s[0], turn_s[1:], insights_s, facts=facts)


def load_personas(path: Path) -> list[Persona]:
    """A JSON list of personas, or one persona, with the contract's fields; or corpus records
    (a .jsonl file, or a folder of them: the held-out set), their personas."""
    from ..validation import parse_persona

    if path.is_dir() or path.suffix == ".jsonl":
        return [parse_persona(record.persona) for record in corpus_module.read([path])]
    data = json.loads(path.read_text(encoding="utf-8"))
    return [parse_persona(item) for item in (data if isinstance(data, list) else [data])]
