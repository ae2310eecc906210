"""What the model engines keep of a customer answer, and how they follow up on it.

An answer is the trained model's text as it stands, refused whole when a reader would stop at it
(assistant talk, the customer's own name, stage directions, bullets, placeholders, a word in no
English word list) and cut of sentences already said; the checks are measures.py's. It is marked
`model` when nothing was cut and `model-edited` otherwise.

A follow-up is the guide's question, led in by a word from the answer just given, so the
interviewer is heard listening without a small model writing (and garbling) the question.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Sequence

from . import cleaning, measures, vocabulary

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


@dataclass(frozen=True)
class Answer:
    text: str
    provenance: str  # model | model-edited
    sentences: int


REPLY_SENTENCES = 4
REPLY_CHARS = 480
# A sentence ends at . ! or ? (and a closing quote or bracket) before a space and a capital, a
# digit or an opening quote: "3.5 hours", "at 9 a.m. sharp" and "€33.60" stay one sentence.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[A-Z0-9\"'(])")
_FINISHED = re.compile(r"[.!?][\"')\]]?$")
# A sentence said again: at least this many words, the same words and numbers.
REPEAT_WORDS = 4


def reply(raw: str, name: str, role: str, allowed: set[str], said_before: Sequence[str]) -> Answer | None:
    """The trained model's answer as it stands, or None when a reader would stop at it: assistant
    talk, the customer's own name, stage directions, bullets or placeholders, or a word in no
    English word list (the persona's and the fact sheet's words allowed, and names: capitalised
    words inside a sentence), or nothing finished. An unfinished last sentence and a sentence the
    customer already said are cut (the answer is then `model-edited`), and the answer ends after
    REPLY_SENTENCES sentences. So is a sentence sharing a run of 6 words with what was said before
    in the interview (`said_before`: every turn so far), or with the answer's own sentences."""
    text = cleaning.strip_labels(raw)
    earlier = {_normal(s) for before in said_before for s in _SENTENCE_BREAK.split(before)}
    earlier_runs = set().union(set(), *(measures.repeated_runs([before, before]) for before in said_before))
    kept: list[str] = []
    for sentence in _SENTENCE_BREAK.split(text):
        if not _FINISHED.search(sentence):
            continue  # the model stopped mid-sentence at its token limit
        names = {w.lower() for w in re.findall(r"(?<=\s)[A-Z][\w'’-]*", sentence)}
        if measures.customer_defects(sentence, name, role) or measures.non_english_words(sentence, allowed | names):
            return None
        said = _normal(sentence)
        if len(said.split()) >= REPEAT_WORDS and (said in earlier or said in map(_normal, kept)):
            continue
        # Nor a run of 6 words already said in the interview, or twice in this answer.
        joined = " ".join([*kept, sentence])
        if measures.repeated_runs([joined, joined]) & earlier_runs or measures.repeated_runs([joined]):
            continue
        if len(kept) == REPLY_SENTENCES or len(" ".join([*kept, sentence])) > REPLY_CHARS:
            break
        kept.append(sentence)
    answer = " ".join(kept)
    if len(answer.split()) < 2:
        return None
    provenance = "model" if answer == text else "model-edited"
    return Answer(answer, provenance, len(kept))


def _normal(sentence: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", sentence.lower().replace("’", "'")))


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
