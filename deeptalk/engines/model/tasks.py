"""The adapter's tasks as chat messages: one definition for training (training/train.py renders the
corpus with it) and for the engine (which renders a live interview with it), so the model is asked
at run time exactly what it learned.

- facts: the persona as typed into the app -> the fact sheet of their work (corpus.fact_sheet's
  form: Work, Tools, Numbers, Incident, Tried, Cost, Decides, Attitude).
- reply: the persona and the fact sheet (system), the interview so far as chat turns (the
  interviewer as `user`, the customer as `assistant`) -> the customer's next answer.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .prompts import Prompts, neutralise

ROLES = {"interviewer": "user", "customer": "assistant"}


def facts_messages(prompts: Prompts, persona: Mapping[str, str]) -> list[dict[str, str]]:
    return prompts.messages("customer_facts", **_persona(persona))


def reply_messages(
    prompts: Prompts, persona: Mapping[str, str], facts: str, turns: Iterable[tuple[str, str]]
) -> list[dict[str, str]]:
    """The persona and fact sheet, then each (agent, message) turn; the engine's end with the
    interviewer's question, the training's with the customer's last answer."""
    (system,) = prompts.messages("customer_reply", **_persona(persona), facts=facts)
    return [system, *({"role": ROLES[agent], "content": neutralise(message)} for agent, message in turns)]


def _persona(persona: Mapping[str, str]) -> dict[str, str]:
    return {key: persona[key] for key in ("name", "role", "industry", "background")}
