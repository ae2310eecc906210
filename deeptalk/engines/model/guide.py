"""The interview guide: phases, their goals, and a seeded plan of 10–20 messages.

A small model stays on track when every prompt is short and focused, so the guide decides
what each turn is for: each step carries the question asked and the cues an answer to it
holds, by which the engine keeps the candidate answer that answers it and `deeptalk eval`
counts the answers that do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Sequence

PHASES = ("Opening", "Problem Discovery", "Deep Dive", "Vision", "Closure")

# What an answer must hold to answer each kind of question: cues (lower-case word starts and
# phrases) a reader looks for. An answer with none of them talks past the question.
ROUTINE = (
    "day",
    "week",
    "morning",
    "evening",
    "night",
    "hour",
    "shift",
    "usually",
    "every",
    "start",
    "spend",
    "most of",
)
PROBLEM = (
    "frustrat",
    "hard",
    "difficult",
    "problem",
    "worst",
    "annoy",
    "waste",
    "never",
    "can't",
    "cannot",
    "struggl",
    "stress",
    "too much",
    "too many",
    "slow",
    "break",
    "late",
    "lose",
    "lost",
    "miss",
    "wrong",
)
INCIDENT = ("last", "yesterday", "once", "ago", "when", "happened", "went", "had to", "was", "were")
TIME_LOST = ("time", "hour", "minute", "day", "week", "wait", "slow", "evening", "night")
REASON = ("because", "since", "reason", "due to", "means", "why", "so i", "so we", "so the", "without")
FEELING = (
    "feel",
    "felt",
    "frustrat",
    "annoy",
    "angry",
    "tired",
    "exhaust",
    "worr",
    "afraid",
    "scare",
    "stress",
    "anxi",
    "nervous",
    "upset",
    "sad",
    "disappoint",
    "helpless",
    "overwhelm",
    "embarrass",
    "guilty",
    "proud",
    "happy",
    "relie",
    "hope",
)
TRIED = (
    "tried",
    "try",
    "trying",
    "use",
    "used",
    "using",
    "started",
    "switched",
    "asked",
    "bought",
    "set up",
    "nothing",
    "spreadsheet",
    "app",
    "system",
    "list",
    "hired",
)
COST = (
    "cost",
    "money",
    "pay",
    "paid",
    "stress",
    "tired",
    "team",
    "staff",
    "sleep",
    "family",
    "lose",
    "lost",
    "miss",
    "health",
    "customers",
    "trust",
)
FUTURE = (
    "would",
    "could",
    "i'd",
    "wish",
    "hope",
    "want",
    "able to",
    "more time",
    "less",
    "no longer",
    "instead",
    "finally",
)
ANYTHING = ()  # the closing question: whatever the customer adds answers it

# Each phase's questions, with the cues an answer to it holds.
QUESTIONS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "Opening": [
        ("Could you walk me through what a typical week looks like for you as {role}?", ROUTINE),
        ("What does a normal day in your work as {role} involve?", ROUTINE),
    ],
    "Problem Discovery": [
        ("What is the most frustrating part of that work for you right now?", PROBLEM),
        ("Can you tell me about a recent time when something in your work went wrong?", INCIDENT),
        ("Where do you lose the most time in a typical week, and why?", TIME_LOST),
    ],
    "Deep Dive": [
        ("Why do you think that keeps happening?", REASON),
        ("How did that make you feel at the time?", FEELING),
        ("What have you already tried to fix it, and what happened?", TRIED),
        ("What does that problem cost you or your team, beyond time?", COST),
    ],
    "Vision": [
        ("If that problem were solved a year from now, what would be different for you?", FUTURE),
        ("What would an ideal solution look like from where you sit?", FUTURE),
    ],
    "Closure": [
        ("What else should I know about your work that I haven't asked about?", ANYTHING),
    ],
}


# The interviewer's first words, before the opening question. Written here, not by the model:
# the 135M model's greetings read as nonsense about as often as not ("Pray for the life of Maya.").
GREETINGS = (
    "Hi {name}, thank you for making time to talk with me today.",
    "Thanks for joining me, {name}. I'm glad we could find the time.",
    "Hello {name}, and thank you for taking the time to talk.",
    "Good to meet you, {name}, and thanks for your time today.",
)


def greeting(seed: int, first_name: str) -> str:
    """The seed's greeting for the person."""
    return random.Random(f"greeting:{seed}").choice(GREETINGS).format(name=first_name)


@dataclass(frozen=True)
class Step:
    """One exchange: the interviewer's turn (its kind, phase and fallback) and the answer."""

    phase: str
    kind: str  # opening | followup | closing
    fallback: str
    expects: tuple[str, ...] = ANYTHING  # cues an answer to it holds (ANYTHING: no cue needed)


def middle_phases(count: int) -> tuple[str, ...]:
    """`count` middle steps: about a quarter problem discovery, a quarter vision, the rest deep dive."""
    discovery = vision = max(1, count // 4)
    return ("Problem Discovery",) * discovery + ("Deep Dive",) * (count - discovery - vision) + ("Vision",) * vision


# A panel's hypothesis topic, asked about as past behaviour (the Mom Test: what happened, not
# what they would do).
STEERED = "Tell me about the last time you dealt with {topic}. What happened?"


def plan(
    seed: int, role: str, exchanges: int | None = None, questions: Sequence[str] = (), topics: Sequence[str] = ()
) -> list[Step]:
    """`exchanges` exchanges (5-10: 10-20 messages) through the five phases; without it, 6 to 8
    (12 to 16 messages), chosen by the seed, or as many as a team's `questions` need.

    A team's `questions` (a panel brief's guide) are asked in order from the opening on, in place
    of the guide's own; `topics` take the place of the first deep-dive questions. The phases stay
    those of the interview's length, so an analysis that knows only the length reads it the same."""
    if questions and not exchanges:
        exchanges = min(10, max(5, len(questions) + 1))
    steps = _own_plan(seed, role, exchanges)
    for index, question in enumerate(questions[: len(steps) - 1]):
        steps[index] = replace(steps[index], fallback=question, expects=ANYTHING)
    if not questions:
        deep = [i for i, step in enumerate(steps) if step.phase == "Deep Dive"]
        for index, topic in zip(deep, topics, strict=False):  # more topics than deep-dive steps: the first ones
            steps[index] = replace(steps[index], fallback=STEERED.format(topic=topic), expects=INCIDENT)
    return steps


def _own_plan(seed: int, role: str, exchanges: int | None) -> list[Step]:
    rng = random.Random(f"guide:{seed}")
    middle = middle_phases(exchanges - 2 if exchanges else rng.choice([4, 5, 6]))
    phases = ("Opening", *middle, "Closure")
    steps, used = [], set()
    for phase in phases:
        options = [q for q in QUESTIONS[phase] if q not in used] or QUESTIONS[phase]
        question, expects = rng.choice(options)
        used.add((question, expects))
        kind = "opening" if phase == "Opening" else "closing" if phase == "Closure" else "followup"
        steps.append(Step(phase, kind, question.format(role=role_phrase(role)), expects))
    return steps


def role_phrase(role: str) -> str:
    """The role as it reads in a sentence: "Cafe Owner" → "a cafe owner", "ER Nurse" → "an ER nurse"
    (capitalised words lower-cased, acronyms and "SaaS" kept)."""
    words = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in role.split()]
    if not words:
        return role
    return f"{'an' if words[0][:1].lower() in 'aeiou' else 'a'} {' '.join(words)}"


def expected_cues(question: str) -> tuple[str, ...] | None:
    """The cues an answer to `question` holds, when it asks one of the guide's questions (led in
    or not); None for a question the guide does not know."""
    for options in QUESTIONS.values():
        for template, expects in options:
            head, _, tail = template.partition("{role}")
            if head in question and tail in question:
                return expects
    return None


def answers(answer: str, expects: tuple[str, ...]) -> bool:
    """Whether the answer holds one of the question's cues (any answer, for ANYTHING)."""
    lowered = f" {answer.lower()} ".replace("’", "'")
    return not expects or any(f" {cue}" in lowered for cue in expects)
