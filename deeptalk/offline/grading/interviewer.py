"""Grading the interviewer's turns: one open question, and follow-ups that take up the answer."""

from __future__ import annotations

import re

from .text import content_stems, sentences, words

OPENERS = frozenset("what how why where when which who whom whose".split())
# Asking to be told, not asking a question one can answer yes or no: "tell me about...".
REQUESTS = ("tell me", "walk me", "talk me", "take me", "describe", "explain", "say more", "share")
AUXILIARIES = frozenset(
    """do does did is are was were am have has had can could will would should shall may might must isn't
    aren't wasn't weren't don't doesn't didn't haven't hasn't can't couldn't won't wouldn't shouldn't""".split()
)
# Words that open a clause without deciding its kind: "And why?", "So, what happened?".
_LEADING = frozenset("and so but then okay ok right now well also roughly just".split())
_CLAUSE = re.compile(r"[,;:—–]\s*")


def is_one_open_question(text: str) -> bool:
    """One question mark, at the end, and the question open: its asking clause opens on a
    question word ("What happened?", "Thinking back, how did...?") or asks to be told ("Can you
    walk me through...?"); an auxiliary ("Do you...?", "Is it...?") asks for yes or no."""
    if text.count("?") != 1 or not text.rstrip().endswith("?"):
        return False
    question = sentences(text)[-1]
    for clause in reversed(_CLAUSE.split(question)):
        tokens = [w.split("'")[0] for w in words(clause)]  # "what's" asks as "what" does
        while tokens and tokens[0] in _LEADING:
            tokens = tokens[1:]
        if not tokens:
            continue
        opening = " ".join(tokens[:4])
        if tokens[0] in AUXILIARIES:
            return any(request in opening for request in REQUESTS)
        if OPENERS.intersection(tokens) or opening.startswith(REQUESTS):
            return True  # "What happened?", "Worse in what way?", "Tell me how?"
    return False


def takes_up(question: str, answer: str) -> bool:
    """The follow-up's question itself (the sentence that asks) uses a content word of the answer
    just given. A lead-in that repeats a word before a stock question ("Let's stay with the team.
    How did that make you feel?") is not listening, so it does not count."""
    asking = sentences(question)[-1] if sentences(question) else question
    return bool(content_stems(asking) & content_stems(answer))
