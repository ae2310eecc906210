"""Measures of whether a customer makes sense as one person, for `deeptalk eval`, with the graders'
word handling (text.py), apart from the engines (no engine filters its answers with them, so none
is zero by construction).

- pain_named: a problem-phase answer uses a content word of the persona's own background;
- contradictions: a count in an answer that differs from the count the persona or the interview's
  fact sheet gives for the same thing ("a kitchen of nine" -> "three people in the kitchen");
- impossible quantities: "21 days a week", "9 days out of every day", "30 hours a day", "140%";
- repeated sentences: a customer sentence said twice in one interview;
- recited: an answer holding a run of 8 words of the training corpus (corpus.RunIndex).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ... import corpus
from . import text
from .text import singular, stem, words

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
# Words for a number of people: one count, whatever the word ("a team of five", "five staff").
HEADCOUNT = frozenset(
    """people staff employees workers team crew colleagues kitchen cooks chefs nurses drivers carers cleaners
    volunteers members technicians engineers staffers hands persons""".split()
)
# Counts that are not the thing's total: "two of the cooks", "another three vans", "three new staff".
PARTIAL_BEFORE = frozenset("another extra more additional".split())
PARTIAL_AFTER = frozenset("of more extra new other additional".split())
PERIODS = frozenset("minute hour day week fortnight month quarter year shift season term".split())
# Words after a number that are not the thing counted.
NOT_UNITS = frozenset("to or and a an per in at on by for the times percent from than".split())
# Per-period limits: at most this many of the unit in one of the period.
LIMITS = {
    ("hour", "day"): 24,
    ("day", "week"): 7,
    ("day", "month"): 31,
    ("day", "year"): 366,
    ("week", "month"): 5,
    ("week", "year"): 53,
    ("month", "year"): 12,
    ("hour", "week"): 168,
    ("minute", "hour"): 60,
}
# Stop words and the talk of any interview: what a background's content words are not.
STOPWORDS = text.STOPWORDS | text.GENERIC | frozenset("runs run busy local".split())


def number(word: str) -> int | None:
    """A count written as digits or words ("12", "1,200", "twelve", "twenty-five"); None otherwise."""
    word = word.replace(",", "")
    if word.isdigit():
        return int(word)
    if word in UNITS:
        return UNITS[word]
    tens, _, unit = word.partition("-")
    if tens in UNITS and unit in UNITS and UNITS[tens] >= 20 and UNITS[unit] < 10:
        return UNITS[tens] + UNITS[unit]
    return None


@dataclass(frozen=True)
class Count:
    value: int
    unit: str  # singular, or "headcount"
    period: str | None  # "week" in "30 leads a week"


def _unit(noun: str) -> str:
    noun = noun.lower()
    return "headcount" if noun in HEADCOUNT else singular(noun)


def _numbers(tokens: Sequence[str]) -> list[tuple[int, int, int]]:
    """(value, first, last) of each number phrase: "120", "twelve", "a hundred and forty",
    "seven hundred and twenty", "two thousand"."""
    found, i = [], 0
    while i < len(tokens):
        start, value, current, seen = i, 0, 0, False
        if tokens[i] == "a" and i + 1 < len(tokens) and tokens[i + 1] in ("hundred", "thousand"):
            current, i = 1, i + 1
        while i < len(tokens):
            word = tokens[i]
            single = number(word)
            if word == "dozen" and seen:
                current *= 12  # "two dozen"
            elif single is not None and not (seen and word.isdigit()):
                current += single
            elif word in ("hundred", "thousand") and (current or seen or word == tokens[start]):
                current = max(current, 1) * (100 if word == "hundred" else 1000)
                if word == "thousand":
                    value, current = value + current, 0
            elif word == "and" and seen and i + 1 < len(tokens) and number(tokens[i + 1]) is not None:
                pass
            else:
                break
            seen, i = True, i + 1
        if seen:
            found.append((value + current, start, i - 1))
        else:
            i = start + 1
    return found


# What makes a count the total of the persona's own things: "my six vans", "we have 120 cows",
# "a team of five", "nine of us"; a count without it ("two people on the desk", "four trucks have
# GPS") may be a part, and is not compared.
OWNING = (
    ("my",),
    ("our",),
    ("we", "have"),
    ("i", "have"),
    ("we've", "got"),
    ("i've", "got"),
    ("we're",),
    ("there", "are"),
)


def counts(text: str, owned_only: bool = False) -> list[Count]:
    """The counts a text states: "120 cows", "two vans a day", "a team of five", "kitchen of nine".
    A count that is part of a total ("two of the cooks", "another three") is not one. With
    `owned_only`, only the persona's totals (OWNING, "X of N", "N of us", or a short sentence that
    opens with a head count: "Three people, a kitchen.")."""
    found = []
    for sentence in _SENTENCE.findall(text):
        tokens = [t.lower().rstrip(",") for t in re.findall(r"[A-Za-z0-9][A-Za-z0-9,'’-]*", sentence)]
        tokens = [t.replace("’", "'") for t in tokens]
        for value, first, last in _numbers(tokens):
            if first and tokens[first - 1] in PARTIAL_BEFORE:
                continue
            before = tuple(tokens[max(0, first - 2) : first])
            owned = any(before[-len(marker) :] == marker for marker in OWNING)
            following = tokens[last + 1] if last + 1 < len(tokens) else ""
            if following.isalpha() and following not in PARTIAL_AFTER and following not in NOT_UNITS:
                unit = _unit(following)
                short_opening = first == 0 and unit == "headcount" and len(tokens) <= 5
                if not owned_only or owned or short_opening:
                    found.append(Count(value, unit, _period(tokens, last + 2)))
            if following == "of" and tokens[last + 2 : last + 3] == ["us"] and value > 1 and before[-1:] != ("the",):
                found.append(Count(value, "headcount", None))  # "nine of us"
            if first >= 2 and tokens[first - 1] == "of" and tokens[first - 2].isalpha():
                if tokens[first - 2] not in STOPWORDS:
                    found.append(Count(value, _unit(tokens[first - 2]), None))  # "a team of five"
    return found


def _period(tokens: Sequence[str], at: int) -> str | None:
    """The period after a count: "a week", "per day", "each month", "every morning" (a day)."""
    if at + 1 < len(tokens) and tokens[at] in ("a", "an", "per", "each", "every"):
        period = singular(tokens[at + 1])
        period = "day" if period in ("morning", "evening", "night", "afternoon") else period
        return period if period in PERIODS else None
    return None


def contradictions(answer: str, sources: Iterable[str]) -> list[str]:
    """Counts in the answer that differ from the one count the sources give for the same thing
    and period, where the answer does not also give the sources' count."""
    stated: dict[tuple[str, str | None], set[int]] = {}
    for source in sources:
        for count in counts(source):
            stated.setdefault((count.unit, count.period), set()).add(count.value)
    said = counts(answer, owned_only=True)
    said_values = {(c.unit, c.period): set() for c in said}
    for count in said:
        said_values[(count.unit, count.period)].add(count.value)
    found = []
    for count in said:
        known = stated.get((count.unit, count.period))
        if known and len(known) == 1 and not (known & said_values[(count.unit, count.period)]):
            (expected,) = known
            if count.value != expected and count.unit not in ("hour", "day", "week", "month", "year", "minute"):
                found.append(f"{count.value} {count.unit} (the facts say {expected})")
    return found


def impossible_quantities(text: str) -> list[str]:
    """Quantities no calendar or clock allows: "21 days a week", "9 days out of every day",
    "30 hours a day", "8 out of 7", more than 100 percent."""
    found = []
    lowered = words(text)
    phrases = _numbers(lowered)
    starts = {first: (value, last) for value, first, last in phrases}
    for value, _first, last in phrases:
        noun = lowered[last + 1] if last + 1 < len(lowered) else ""
        unit = singular(noun)
        period = _period(lowered, last + 2)
        if period and ((unit, period) in LIMITS and value > LIMITS[(unit, period)] or unit == period):
            found.append(f"{value} {noun} a {period}")
        for start in (last + 1, last + 2):  # "8 out of 7", "9 days out of every day"
            if lowered[start : start + 2] != ["out", "of"] or start + 2 >= len(lowered):
                continue
            whole = lowered[start + 2 : start + 4]
            if whole[0] in ("every", "each", "a") and whole[1:] and singular(whole[1]) == unit and value > 1:
                found.append(f"{value} {noun} out of every {whole[1]}")
            elif start + 2 in starts:
                total, end = starts[start + 2]
                scaled = lowered[end + 1 : end + 2] in (["point"], ["million"], ["billion"], ["percent"])
                if total < value and not scaled:
                    found.append(f"{value} out of {total}")
    found += [f"{m}%" for m in re.findall(r"\b(\d{3,})\s?(?:%|percent)", text) if int(m) > 100]
    return found


def repeated_sentences(answers: Sequence[str]) -> list[str]:
    """Customer sentences of at least four words said more than once in the interview."""
    said = Counter(
        " ".join(words(sentence))
        for answer in answers
        for sentence in _SENTENCE.findall(answer)
        if len(words(sentence)) >= 4
    )
    return sorted(sentence for sentence, times in said.items() if times > 1)


def background_words(background: str) -> set[str]:
    """The background's content words, as stems: the persona's own words, no domain list."""
    return {stem(w) for w in words(background) if len(w) >= 4 and w not in STOPWORDS and not w.isdigit()}


def names_pain(answers: Sequence[str], background: str) -> bool:
    """Whether any of the answers uses a content word of the persona's background."""
    own = background_words(background)
    return any(stem(w) in own for answer in answers for w in words(answer))


@functools.lru_cache(maxsize=1)
def corpus_index() -> corpus.RunIndex:
    """The training corpus's customer answers as 8-word runs (read once)."""
    return corpus.RunIndex(corpus.corpus())


def recited(answers: Sequence[str]) -> list[str]:
    """Per answer that recites the corpus, its first recited run."""
    return [runs[0] for runs in map(corpus_index().recited, answers) if runs]
