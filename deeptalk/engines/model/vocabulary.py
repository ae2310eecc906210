"""Closed vocabularies the model engines' insights draw their labels from, and the domain words
of common lines of work, for the engines (which choose from them). `deeptalk eval` grades
without them: labels against the corpus's vocabularies, grounding against the persona's own words.

Every list is stated once, in words.yaml (wordlists.py reads it), and read here by name; what
each list is for is said there.
"""

from __future__ import annotations

from . import measures
from .wordlists import WORDS, whole_words

FEELINGS: dict[str, tuple[str, ...]] = {label: tuple(cues) for label, cues in WORDS["feelings"].items()}
# Every label an insight may use: the feelings, and the journey's strong forms and turns from one
# feeling to another within a phase.
TURN = ", then "
STRONG = "Deeply "
LABELS = frozenset(
    [
        *FEELINGS,
        *(f"{STRONG}{feeling}" for feeling in FEELINGS),
        *(f"{first}{TURN}{second}" for first in FEELINGS for second in FEELINGS if first != second),
    ]
)
EMOJIS: dict[str, str] = dict(WORDS["emojis"])


def feelings_named(label: str) -> list[str]:
    """The feelings a journey label names, in order: "Deeply Worried" → Worried, "Calm, then
    Frustrated" → Calm, Frustrated."""
    return [part.removeprefix(STRONG) for part in label.split(TURN)]


VAGUE_HEADS = frozenset(WORDS["vague_heads"])
STATES = frozenset(WORDS["states"])
THEMES: dict[str, tuple[str, ...]] = {theme: tuple(needs) for theme, needs in WORDS["themes"].items()}
NEEDS = frozenset(need for needs in THEMES.values() for need in needs)
NEED_SHAPE = frozenset(WORDS["need_shape"])
DOMAINS: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(domain["keys"]): tuple(domain["words"]) for domain in WORDS["domains"]
}
_DOMAIN_KEYS = {keys: whole_words(keys) for keys in DOMAINS}
# What a question for each of the guide's goals must ask (guide.ASKS_FOR).
ASKS_FOR: dict[str, tuple[str, ...]] = {goal: tuple(cues) for goal, cues in WORDS["asks_for"].items()}
ASKS_ABOUT: dict[str, tuple[str, ...]] = {goal: tuple(cues) for goal, cues in WORDS["asks_about"].items()}
WORDS_ASKING_FOR_REFERRAL: tuple[str, ...] = tuple(WORDS["asks_for_referral"])
# What an answer covers (guide.py) and what a sentence is about (classifier.py).
ANSWER_CUES: dict[str, tuple[str, ...]] = {name: tuple(cues) for name, cues in WORDS["answer_cues"].items()}
SENTENCE_CUES: dict[str, tuple[str, ...]] = {name: tuple(cues) for name, cues in WORDS["sentence_cues"].items()}
# Noun phrases by their place (turns.py).
PHRASE_WORDS: dict = WORDS["noun_phrases"]
# Opportunities and role plurals (phrasing.py).
PHRASING: dict = WORDS["phrasing"]

# The things of those lines of work (all nouns): what a follow-up may name.
DOMAIN_NOUNS = frozenset(word for words in DOMAINS.values() for word in words)


def domain_words(role: str, industry: str, background: str) -> set[str]:
    """The persona's own content words and its domains' words: what grounds an answer."""
    text = f"{role} {industry} {background}".lower()
    found = set(measures.content_words(text))
    for keys, vocabulary in DOMAINS.items():
        if _DOMAIN_KEYS[keys].search(text):
            found.update(vocabulary)
    return found
