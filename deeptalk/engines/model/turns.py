"""What the model engines keep of a customer answer, and how they follow up on it.

An answer keeps the model's own sentences and drops, whole, those a reader would stop at:
filler, assistant talk, the customer's own name, the persona's role handed to the interviewer,
stage directions, bullets, placeholders, non-English words, questions back, and phrases already
said. The checks are measures.py's, the ones `deeptalk eval` counts. What is left is
the model's text, marked `model` when nothing was dropped and `model-edited` otherwise.

A follow-up is the guide's question, led in by a word from the answer just given, so the
interviewer is heard listening without a small model writing (and garbling) the question.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Sequence

from . import cleaning, guide, measures, vocabulary

MAX_SENTENCES = 3
MAX_CHARS = 420
# Lead-ins, taken in turn from a seeded start: short, so no run of 6 words comes back.
LEADS = (
    "You mentioned the {topic}.",
    "Let's stay with the {topic} for a moment.",
    "I'm curious about the {topic}.",
    "You brought up the {topic}.",
)
# What the customer says when no candidate answer survives the checks: no words in common, so
# none repeats another's run of words.
LAST_RESORT = (
    "I'd have to think about that one; it isn't something I can put simply.",
    "I'm not sure how to answer that right now.",
    "That's hard to say; it changes a lot from week to week.",
    "I don't have a clear answer to that yet.",
)
# Endings of words that are rarely things one can follow up on ("overwhelming", "educational").
NOT_NOUNS = ("ing", "ed", "ly", "al", "ive", "ous", "ful", "ble", "ic", "est", "less")
# An answer speaks as the persona: without "I", "my" or "we" it tells of others ("They need you
# every day of their lives.") or of the persona from outside ("She works nights"), and is refused.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|we|our|us)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    text: str
    provenance: str  # model | model-edited
    on_topic: bool  # holds a cue of the question it answers (guide.answers)
    grounded: bool
    sentences: int

    @property
    def quality(self) -> tuple[int, int, int]:
        """Higher is better: grounded in the persona's work first, then answering the question, then fuller."""
        return (int(self.grounded), int(self.on_topic), min(self.sentences, MAX_SENTENCES))

    @property
    def good(self) -> bool:
        return self.on_topic and self.grounded and self.sentences >= 2


def edit_answer(
    raw: str,
    name: str,
    role: str,
    grounding: set[str],
    said_before: Sequence[str],
    expects: tuple[str, ...] = guide.ANYTHING,
) -> Answer | None:
    """The model's answer with the sentences a reader would stop at dropped; None if too little is left."""
    text = cleaning.strip_labels(raw)
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()  # speech wrapped whole in brackets is speech, not a stage direction
    persona_words = set(measures.words(f"{name} {role}")) | grounding
    earlier = measures.runs_of(said_before)
    kept: list[str] = []
    for sentence in cleaning.sentences(text):
        if (
            sentence.endswith("?")
            or len(sentence.split()) < 4
            or measures.is_filler(sentence)
            or measures.non_english_words(sentence, persona_words)
            or measures.is_cut(sentence)
        ):
            continue
        # Checked joined to what is kept: a bullet ("the same: 30. They…"), a bracket or a
        # repeated run can span two sentences.
        joined = " ".join([*kept, sentence])
        if (
            measures.customer_defects(joined, name, role)
            or measures.runs_of([joined]) & earlier
            or measures.repeated_runs([joined])
        ):
            continue
        if len(kept) == MAX_SENTENCES or len(joined) > MAX_CHARS:
            break
        kept.append(sentence)
    answer = " ".join(kept)
    if len(answer.split()) < 6 or not _FIRST_PERSON.search(answer):
        return None
    provenance = "model" if answer == text else "model-edited"
    return Answer(answer, provenance, guide.answers(answer, expects), vocabulary.grounded(answer, grounding), len(kept))


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
    heads = _noun_phrase_heads(answer)
    # The persona's own words only where they name a thing ("small", "eats" and "takes" in a
    # background are no topics); the line of work's words are all things.
    candidates = [
        w
        for w in found
        if w in grounding and not w.endswith(NOT_NOUNS) and (w in vocabulary.DOMAIN_NOUNS or w in heads)
    ]
    if not candidates:
        # Not a name ("Olympics"), a pleasantry ("pleasure") or the interview itself.
        candidates = [
            w
            for w in found
            if w in heads
            and len(w) >= 6
            and not w.endswith(NOT_NOUNS)
            and 3.0 <= zipf_frequency(w, "en") <= 5.0
            and written.get(w, w).islower()
            and not measures.is_filler(w)
            and w not in ("interview", "interviews")
        ]
    if not candidates:
        return None
    best = max(candidates, key=lambda w: (candidates.count(w), -candidates.index(w)))
    shown = written.get(best, best)
    return shown.lower() if shown[1:].islower() else shown  # "Patients" opening a sentence; "SaaS" kept


DETERMINERS = frozenset("the a an my our their his her this that these those every each some any".split())
# What may follow a noun phrase's last word: punctuation, or a word that starts another phrase.
AFTER_NOUNS = frozenset(". , ; : ! ? of and or but to in on at for with from is are was were has have".split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[.,;:!?]")


def _noun_phrase_heads(answer: str) -> set[str]:
    """Nouns by their place: right after a determiner and before punctuation or a linking word
    ("the spreadsheet.", "my patients and"). Without a part-of-speech tagger, this keeps a
    lead-in off verbs and adverbs ("the day starts at" gives no "starts", nor "anymore")."""
    tokens = [t.lower() for t in _TOKEN.findall(answer)] + ["."]
    return {
        tokens[i]
        for i in range(1, len(tokens) - 1)
        if tokens[i - 1] in DETERMINERS and tokens[i + 1] in AFTER_NOUNS and tokens[i][0].isalpha()
    }


def follow_up(answer: str, question: str, grounding: set[str], avoid: set[str], seed: str, number: int) -> str:
    """The guide's question, led in by what the customer just said (`number`: the follow-up's
    place in the interview, so consecutive ones are led in differently)."""
    topic = topic_of(answer, grounding, avoid)
    if topic is None:
        return question
    lead = LEADS[(random.Random(seed).randrange(len(LEADS)) + number) % len(LEADS)]
    return f"{lead.format(topic=topic)} {question}"
