"""The interview guide: phases, their goals, and a seeded plan of 10–20 messages.

A small model stays on track when every prompt is short and focused, so the guide decides
what each turn is for; the model only phrases it. Each interviewer step carries a fallback
question, used when the model's own question does not survive cleaning.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

PHASES = ("Opening", "Problem Discovery", "Deep Dive", "Vision", "Closure")

GOALS = {
    "Opening": "what their work looks like day to day",
    "Problem Discovery": "the hardest or most frustrating part of their work, and a recent example",
    "Deep Dive": "why that problem happens, how it makes them feel, and what they have tried",
    "Vision": "what a better way of working would look like for them",
    "Closure": "anything important they have not said yet",
}

QUESTIONS = {
    "Opening": [
        "Could you walk me through what a typical week looks like for you as {role}?",
        "What does a normal day in your work as {role} involve?",
    ],
    "Problem Discovery": [
        "What is the most frustrating part of that work for you right now?",
        "Can you tell me about a recent time when something in your work went wrong?",
        "Where do you lose the most time in a typical week, and why?",
    ],
    "Deep Dive": [
        "Why do you think that keeps happening?",
        "How did that make you feel at the time?",
        "What have you already tried to fix it, and what happened?",
        "What does that problem cost you or your team, beyond time?",
    ],
    "Vision": [
        "If that problem were solved a year from now, what would be different for you?",
        "What would an ideal solution look like from where you sit?",
    ],
    "Closure": [
        "What else should I know about your work that I haven't asked about?",
    ],
}


@dataclass(frozen=True)
class Step:
    """One exchange: the interviewer's turn (its kind, phase and fallback) and the answer."""

    phase: str
    kind: str  # opening | followup | closing
    fallback: str


def middle_phases(count: int) -> tuple[str, ...]:
    """`count` middle steps: about a quarter problem discovery, a quarter vision, the rest deep dive."""
    discovery = vision = max(1, count // 4)
    return ("Problem Discovery",) * discovery + ("Deep Dive",) * (count - discovery - vision) + ("Vision",) * vision


def plan(seed: int, role: str, exchanges: int | None = None) -> list[Step]:
    """`exchanges` exchanges (5-10: 10-20 messages) through the five phases; without it, 6 to 8
    (12 to 16 messages), chosen by the seed."""
    rng = random.Random(f"guide:{seed}")
    middle = middle_phases(exchanges - 2 if exchanges else rng.choice([4, 5, 6]))
    phases = ("Opening", *middle, "Closure")
    steps, used = [], set()
    for phase in phases:
        options = [q for q in QUESTIONS[phase] if q not in used] or QUESTIONS[phase]
        question = rng.choice(options)
        used.add(question)
        kind = "opening" if phase == "Opening" else "closing" if phase == "Closure" else "followup"
        steps.append(Step(phase, kind, question.format(role=role)))
    return steps
