"""What the model engines keep of a customer answer, and how they follow up on it.

An answer keeps the model's own sentences and drops, whole, those a reader would stop at:
filler, assistant talk, the customer's own name, the persona's role handed to the interviewer,
stage directions, bullets, placeholders, non-English words, questions back, and phrases already
said. The checks are deeptalk/measures.py's, the ones `deeptalk eval` counts. What is left is
the model's text, marked `model` when nothing was dropped and `model-edited` otherwise.

A follow-up is the guide's question, led in by a word from the answer just given, so the
interviewer is heard listening without a small model writing (and garbling) the question.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Sequence

from .. import cleaning, measures, vocabulary

MAX_SENTENCES = 3
MAX_CHARS = 420
# Lead-ins, taken in turn from a seeded start: short, so no run of 6 words comes back.
LEADS = ("You mentioned {topic}.", "Let's stay with {topic} for a moment.", "I'm curious about {topic}.",
         "You brought up {topic}.")
# Endings of words that are rarely things one can follow up on ("overwhelming", "educational").
NOT_NOUNS = ("ing", "ed", "ly", "al", "ive", "ous", "ful", "ble", "ic", "est", "less")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|we|our|us)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    text: str
    provenance: str  # model | model-edited
    grounded: bool
    sentences: int

    @property
    def quality(self) -> tuple[int, int]:
        """Higher is better: grounded in the persona's work first, then fuller."""
        return (int(self.grounded), min(self.sentences, MAX_SENTENCES))

    @property
    def good(self) -> bool:
        return self.grounded and self.sentences >= 2


def edit_answer(raw: str, name: str, role: str, grounding: set[str], said_before: Sequence[str]) -> Answer | None:
    """The model's answer with the sentences a reader would stop at dropped; None if too little is left."""
    text = cleaning.strip_labels(raw)
    persona_words = set(measures.words(f"{name} {role}")) | grounding
    earlier = measures.runs_of(said_before)
    kept: list[str] = []
    for sentence in cleaning.sentences(text):
        runs = measures.runs_of([sentence])
        if (sentence.endswith("?") or len(sentence.split()) < 4 or measures.is_filler(sentence)
                or measures.customer_defects(sentence, name, role) or runs & earlier
                or measures.non_english_words(sentence, persona_words) or measures.is_cut(sentence)):
            continue
        if len(kept) == MAX_SENTENCES or len(" ".join([*kept, sentence])) > MAX_CHARS:
            break
        kept.append(sentence)
        earlier |= runs
    answer = " ".join(kept)
    if len(answer.split()) < 6 or not _FIRST_PERSON.search(answer):
        return None
    provenance = "model" if answer == text else "model-edited"
    return Answer(answer, provenance, vocabulary.grounded(answer, grounding), len(kept))


def background_facts(background: str) -> list[str]:
    """The background cut into facts, one per answer prompt (a small model uses one detail well)."""
    facts = [part.strip(" .") for part in re.split(r"[;.]|\s+-\s+", background) if len(part.split()) >= 2]
    return facts or [background.strip(" .")]


def topic_of(answer: str, grounding: set[str], avoid: set[str]) -> str | None:
    """The word of the answer to follow up on, as the customer wrote it: the persona's domain
    word used most; else a rarer content word that reads as a noun; None if there is none."""
    from wordfreq import zipf_frequency

    written = {w.lower(): w for w in re.findall(r"[A-Za-z][A-Za-z-]*", answer)}
    found = [re.sub(r"'s$", "", w) for w in measures.words(answer)]
    found = [w for w in found if w not in avoid and len(w) >= 4 and w not in measures.STOPWORDS]
    candidates = [w for w in found if w in grounding and not w.endswith(NOT_NOUNS)]
    if not candidates:
        candidates = [w for w in found if len(w) >= 6 and not w.endswith(NOT_NOUNS)
                      and 3.0 <= zipf_frequency(w, "en") <= 5.0]
    if not candidates:
        return None
    best = max(candidates, key=lambda w: (candidates.count(w), -candidates.index(w)))
    return written.get(best, best)


def follow_up(answer: str, question: str, grounding: set[str], avoid: set[str], seed: str, number: int) -> str:
    """The guide's question, led in by what the customer just said (`number`: the follow-up's
    place in the interview, so consecutive ones are led in differently)."""
    topic = topic_of(answer, grounding, avoid)
    if topic is None:
        return question
    lead = LEADS[(random.Random(seed).randrange(len(LEADS)) + number) % len(LEADS)]
    return f"{lead.format(topic=topic)} {question}"
