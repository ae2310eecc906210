"""The adapter's tasks as chat messages: one definition for training (training/train.py renders the
corpus with it) and for the engine (which renders a live interview with it), so the model is asked
at run time exactly what it learned.

- facts: the persona as typed into the app -> the fact sheet of their work (fact_sheet's form:
  Work, Tools, Numbers, Incident, Tried, Cost, Decides, Attitude; the corpus's records give it).
- reply: the persona and the fact sheet (system), the interview so far as chat turns (the
  interviewer as `user`, the customer as `assistant`) -> the customer's next answer.
- ask: the persona (system), the interview so far with the roles turned round (the customer as
  `user`, each answer ending with what the next question is for, `(Next: …)`) -> the
  interviewer's next question.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .prompts import Prompts, neutralise

ROLES = {"interviewer": "user", "customer": "assistant"}
# The facts of a corpus record (training/FORMAT.md), in the order a fact sheet gives them.
FACT_KEYS = ("work", "tools", "numbers", "incident", "tried", "cost", "decides")
# How each stance reads in a fact sheet: the customer's attitude, which the answers carry out.
ATTITUDES = {
    "open": "Talks openly about the problem and its details.",
    "pushback": "Doubts the questions and any new tool; gives short answers and pushes back.",
    "unsure": "Often unsure of the details; guesses, and corrects what was said.",
    "untried": "Has done nothing about the problem yet, and says why.",
    "minor": "Sees the problem as a minor annoyance, not a crisis.",
}
SHEET_KEYS = (*FACT_KEYS, "attitude")
# What each of the interviewer's moves is for (training/FORMAT.md's `move`), as the ask task's
# note before the question reads it.
MOVES = {
    "opening": "greet them and ask about their work",
    "work": "ask about their work",
    "last_time": "ask about the last time it happened",
    "actions": "ask what they did about it",
    "cost": "ask what it cost them",
    "tools": "ask what they use for it today",
    "decides": "ask who decides",
    "follow_up": "ask about what they just said",
    "probe": "they did not really answer; ask again another way",
    "close": "thank them and ask what else you should know",
}
# The ask task's first user turn: the interview has not started.
START = "(The interview starts.)"


# A fact sheet line holds a fact's first clause, at most this many words: the model writes the
# sheet before the first answer, so its length is the first answer's wait (the interviews say more).
SHEET_WORDS = 28


def fact_sheet(facts: dict, stance: str) -> str:
    """The fact sheet as the model reads and writes it: one 'Key: clause' line per fact (its first
    clause, SHEET_WORDS at most), then the attitude."""
    lines = [f"{key.capitalize()}: {first_clause(facts[key])}" for key in FACT_KEYS]
    return "\n".join([*lines, f"Attitude: {ATTITUDES[stance]}"])


def first_clause(fact: str) -> str:
    """The fact up to its first semicolon, cut at a comma (or a word) to SHEET_WORDS words."""
    clause = fact.strip().split(";")[0].strip().rstrip(".")
    tokens = clause.split()
    if len(tokens) > SHEET_WORDS:
        head = " ".join(tokens[:SHEET_WORDS])
        clause = head[: head.rfind(",")] if "," in head else head
    return clause.rstrip(",") + "."


def parse_fact_sheet(text: str) -> dict[str, str]:
    """The facts a model wrote as a fact sheet (lines it did not write stay missing)."""
    facts = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in SHEET_KEYS and key not in facts and value.strip():
            facts[key] = value.strip()
    return facts


def facts_messages(prompts: Prompts, persona: Mapping[str, str]) -> list[dict[str, str]]:
    return prompts.messages("customer_facts", **_persona(persona))


def reply_messages(
    prompts: Prompts, persona: Mapping[str, str], facts: str, turns: Iterable[tuple[str, str]]
) -> list[dict[str, str]]:
    """The persona and fact sheet, then each (agent, message) turn; the engine's end with the
    interviewer's question, the training's with the customer's last answer."""
    (system,) = prompts.messages("customer_reply", **_persona(persona), facts=facts)
    return [system, *({"role": ROLES[agent], "content": neutralise(message)} for agent, message in turns)]


def ask_messages(
    prompts: Prompts, persona: Mapping[str, str], turns: Iterable[tuple[str, str]], moves: Iterable[str]
) -> list[dict[str, str]]:
    """The persona, then the interview as chat turns with the interviewer as `assistant`: before
    each question, the customer's last answer (at first: START) with the question's move noted.
    `moves` holds one move per question asked and one for the question to ask next (the engine's
    end there; the training's with the last question)."""
    (system,) = prompts.messages("interviewer_ask", **_persona(persona))
    messages, said, moves = [system], START, iter(moves)
    for agent, message in turns:
        if agent == "customer":
            said = neutralise(message)
            continue
        messages.append({"role": "user", "content": _noted(said, next(moves))})
        messages.append({"role": "assistant", "content": neutralise(message)})
    following = next(moves, None)
    if following is not None:
        messages.append({"role": "user", "content": _noted(said, following)})
    return messages


def _noted(said: str, move: str) -> str:
    return f"{said}\n(Next: {MOVES[move]}.)"


def _persona(persona: Mapping[str, str]) -> dict[str, str]:
    return {key: persona[key] for key in ("name", "role", "industry", "background")}
