"""Grading the customer's turns: talk a real customer would not say, filler, repeats, grounding."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from .text import NEGATORS, STOPWORDS, content_stems, phrases_in, runs, words

# An assistant's talk, not a customer's: what a chat model says about itself or offers its user.
ASSISTANT_PHRASES = tuple(
    phrase.strip()
    for phrase in """as an ai | as a language model | as an assistant | i'm an ai | i am an ai | i'm an assistant
    | i'm a chatbot | language model | how can i help | how may i help | how can i assist | how may i assist
    | happy to help | glad to help | here to help | happy to assist | assist you | let me know if | feel free to
    | i hope this helps | i hope that helps | is there anything else | any inconvenience | i don't have personal
    | i don't have the ability | i don't have access | i do not have the ability | i do not have access
    | i can't access | i cannot access | at your service | your profile | your real-life profile
    | thank you for reaching out | thank you for contacting""".split("|")
)
# Stage directions: an action in brackets or between asterisks, "(sighs)", "*laughs*".
_STAGE = re.compile(r"\([^)]*\)|\*[^*\n]+\*")
# A list item: a dash, star, bullet or "1." / "2)" opening a line or following a sentence's end.
_BULLET = re.compile(r"(?:^|\n|[.!?:]\s)\s*(?:[-*•]|\d{1,2}[.)])\s+\S")
# A template's hole left in: brackets, braces, angle brackets, or the stock names that fill them.
_HOLE = re.compile(r"\[[^\]]*\]|\{[^}]*\}|<[^>]*>")
STOCK_NAMES = ("xyz", "abc company", "abc corp", "company name", "your name", "name here", "lorem ipsum")
# The interviewer's role handed to the interviewer: "your role as", "Your day is...", "You're a nurse".
_YOUR_WORK = re.compile(r"\byour (?:role|job|work|position|career|experience|time|shift|shifts) as\b", re.IGNORECASE)
_OPENS_ON_YOURS = re.compile(r"^\W*your (?:day|days|job|work|role|week|team|business|industry|life|shift)s?\b", re.I)


def self_naming(text: str, name: str) -> bool:
    """The customer says their own name, first or full, written as a name (capitalised: "Will"
    the name, not "will" the verb), or addresses someone by it in any case ("Nothing, mateo.")."""
    full = name.strip()
    names = [n for n in ({full, full.split()[0]} if full else set()) if len(n) >= 2]
    as_name = any(re.search(rf"(?<![\w'-]){re.escape(n)}(?![\w'-])", text) for n in names)
    addressed = any(re.search(rf",[ \t]*{re.escape(n)}[ \t]*[,.!?]", text, re.IGNORECASE) for n in names)
    return as_name or addressed


def role_swap(text: str, role: str) -> bool:
    """The customer gives the persona's own role to the interviewer: "your role as", "Your day
    is...", "You're a ward nurse", "As a ward nurse, you..." ("As a ward nurse, I..." is theirs)."""
    text = text.replace("’", "'")
    if _YOUR_WORK.search(text) or _OPENS_ON_YOURS.search(text):
        return True
    role_words = r"\s+".join(re.escape(w) for w in role.split())
    article = r"(?:a |an |the )?"
    return bool(role_words) and bool(
        re.search(rf"\byou(?:'re| are) {article}{role_words}\b", text, re.IGNORECASE)
        or re.search(rf"\bas {article}{role_words},? you\b", text, re.IGNORECASE)
    )


def assistant_talk(text: str) -> bool:
    return bool(phrases_in(text, ASSISTANT_PHRASES))


def stage_directions(text: str) -> bool:
    return bool(_STAGE.search(text))


def bullets(text: str) -> bool:
    return bool(_BULLET.search(text))


def placeholders(text: str) -> bool:
    return bool(_HOLE.search(text) or phrases_in(text, STOCK_NAMES))


# What a polite reply says about nothing: thanks, gladness, apology, praise of the question.
PLEASANTRIES = frozenset(
    """thank thanks glad happy delighted pleased excited thrilled honoured honored grateful sorry apologies
    absolutely definitely certainly indeed honest honestly great wonderful lovely fantastic interesting pleasure
    welcome kind nice direct frank candid transparent upfront oh hello hi wow ah""".split()
)
# Words a pleasantry is made with that say nothing either: "glad to *hear* that", "great *question*".
_COURTESY = frozenset(
    """hear asking ask share sharing talk talking chat meet help question questions say make sure really well yeah
    okay ok right so um uh""".split()
)
# Phrases read as one pleasantry before the words are weighed ("no problem" says nothing either).
_PLEASANTRY_PHRASES = re.compile(r"\b(?:no problem|no worries|of course|my pleasure|you bet)\b", re.IGNORECASE)


def is_filler(sentence: str) -> bool:
    """A pleasantry and nothing else: a pleasantry, and every other word a function word or a
    courtesy ("I'm glad to hear that."). A negation states something ("Nothing, if I'm honest."),
    and "I don't know." is no pleasantry (a non-answer: on_topic counts those)."""
    tokens = words(_PLEASANTRY_PHRASES.sub(" thanks ", sentence))
    if any(w in NEGATORS or w.endswith("n't") or w[0].isdigit() for w in tokens):
        return False
    rest = [w for w in tokens if w not in PLEASANTRIES and w not in _COURTESY and w not in STOPWORDS]
    return any(w in PLEASANTRIES for w in tokens) and not rest


def repeated_runs(texts: Iterable[str], length: int = 6) -> list[tuple[str, ...]]:
    """Runs of `length` words (inside one sentence) that occur more than once across the texts."""
    seen = Counter(run for text in texts for run in runs(text, length))
    return sorted(run for run, times in seen.items() if times > 1)


def persona_words(persona_texts: Sequence[str]) -> set[str]:
    """The content stems of what the persona's user typed (role, industry, background) and of the
    interview's fact sheet: what grounds an answer. No domain list: only these words."""
    return set().union(*map(content_stems, persona_texts))


def grounded(answer: str, own: set[str]) -> bool:
    """The answer uses one of the persona's own content words (as stems)."""
    return bool(content_stems(answer) & own)
