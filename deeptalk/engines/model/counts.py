"""Counts a customer gives of the things of their work, checked against the fact sheet: the 135M
customer inflates them ("about eight hundred patients in the week" where the sheet says 80, "four
hundred and twenty appointments a day" where it says 120 to 150), which a reader takes for a
customer who makes no sense. A sentence that counts a thing more than INFLATION times the sheet's
count of it is not said (turns.reply). Fewer is allowed: "fifty birds lost" of a flock of 24,000,
"three patients at a time" of 18 a shift are parts, not contradictions. Nor is a time said that no
clock allows: "three hundred hours a week", "forty-five hours a shift", or "seven hundred and eighty
hours" in answer to "how long did that take last week?" (impossible).

The engine's own reading of numbers; `deeptalk eval` counts contradictions with its own grader
(offline/grading/consistency.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from . import measures, wordlists

INFLATION = 2.0
_NUMBERS = wordlists.WORDS["numbers"]
UNITS: dict[str, int] = {word: value for value, word in enumerate(_NUMBERS["units"])}
TENS: dict[str, int] = {word: 20 + 10 * place for place, word in enumerate(_NUMBERS["tens"])}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
NOT_COUNTED = frozenset(_NUMBERS["not_counted"])
PERIOD_MINUTES: dict[str, int] = dict(_NUMBERS["period_minutes"])
PERIOD_MARKERS = frozenset(_NUMBERS["period_markers"])
DATED_DAYS = frozenset(_NUMBERS["dated_days"])
TIME_UNITS = frozenset(_NUMBERS["time_units"])
YEARS = (1900, 2100)  # a bare number in this range is a year, not a time
PERIOD_REACH = 5  # tokens after a time its period may come: "six hours on the phone each week"
_ASKS_HOW_LONG = re.compile(r"\bhow (?:long|much time|many (minutes|hours|days|weeks|months))\b")
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:-[a-z]+)?|[^\sa-z\d]")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _number(tokens: list[str], start: int) -> tuple[float, int] | None:
    """The number that starts at tokens[start] ("120", "1,200", "four hundred and twenty",
    "twenty-five"), and the index after it; None where none does."""
    first = tokens[start]
    if _DIGITS.fullmatch(first):
        return float(first.replace(",", "")), start + 1
    total, current, end, seen = 0, 0, start, False
    while end < len(tokens):
        word = tokens[end]
        parts = word.split("-")
        if all(p in UNITS or p in TENS for p in parts):
            current += sum(UNITS.get(p, 0) + TENS.get(p, 0) for p in parts)
            seen = True
        elif word in SCALES and seen:
            current = max(current, 1) * SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
        elif not (word == "and" and seen and end + 1 < len(tokens) and tokens[end + 1].split("-")[0] in UNITS | TENS):
            break
        end += 1
    return (total + current, end) if seen else None


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _read_numbers(tokens: list[str]) -> Iterator[tuple[float, float, int]]:
    """Each number or range in `tokens` as (low, high, the index after it): "120 to 150" is
    (120, 150, …), "four hundred and twenty" is (420, 420, …)."""
    index = 0
    while index < len(tokens):
        read = _number(tokens, index)
        if read is None:
            index += 1
            continue
        low, end = read
        high = low
        if end + 1 < len(tokens) and tokens[end] in ("to", "-", "or"):
            upper = _number(tokens, end + 1)
            if upper is not None:
                high, end = upper
        yield low, high, end
        index = max(end, index + 1)


def numbers(text: str) -> set[float]:
    """Every number `text` says, both ends of a range: "three hundred and twenty" is 320, "a
    hundred and twenty" 120, "the hundred" 100."""
    tokens: list[str] = []
    for token in _tokens(text):
        if token in SCALES and not (tokens and all(p in UNITS or p in TENS for p in tokens[-1].split("-"))):
            if tokens and tokens[-1] in ("a", "an"):
                tokens.pop()
            tokens.append("one")  # "a hundred", "the hundred": one hundred
        tokens.append(token)
    return {value for low, high, _ in _read_numbers(tokens) for value in (low, high)}


def counts(text: str) -> dict[str, list[tuple[float, float]]]:
    """Each thing counted in `text` (the word right after a number or a range, singular) with its
    counts as (low, high): "120 to 150 appointments" is appointment: (120, 150). Periods, units and
    function words are no things ("three hours", "two of them")."""
    tokens = _tokens(text)
    found: dict[str, list[tuple[float, float]]] = {}
    for low, high, end in _read_numbers(tokens):
        if end < len(tokens) and low >= 2:
            word = tokens[end]
            thing = measures.singular(word)
            counted = thing.isalpha() and len(thing) >= 3 and word not in measures.STOPWORDS
            if counted and not {thing, word} & NOT_COUNTED:
                found.setdefault(thing, []).append((low, high))
    return found


@lru_cache(maxsize=64)
def _sheet_counts(sheet: str) -> dict[str, list[tuple[float, float]]]:
    """The sheet's counts, read once per interview rather than for every sentence of every
    candidate answer (read only: the cached dict is shared)."""
    return counts(sheet)


def inflated(sentence: str, sheet: str) -> list[str]:
    """The things `sentence` counts more than INFLATION times above every count `sheet` (the
    persona's background and fact sheet) gives of them."""
    given = _sheet_counts(sheet)
    return sorted(
        thing
        for thing, said in counts(sentence).items()
        if thing in given and any(all(low > high * INFLATION for _, high in given[thing]) for low, _ in said)
    )


def _period(tokens: list[str]) -> str | None:
    """The first period `tokens` tie a time to ("a week", "per shift", "last month", "yesterday")."""
    for at, word in enumerate(tokens):
        if word in DATED_DAYS:
            return "day"
        period = measures.singular(word)
        if period in PERIOD_MINUTES and at and tokens[at - 1] in PERIOD_MARKERS:
            return period
    return None


def impossible(sentence: str, asked: str = "") -> list[str]:
    """The times in `sentence` longer than the period they are said of: "three hundred hours a
    week". A time said with no period in its sentence is held to the period the question `asked`
    named ("How many hours did that take last week?" "Seven hundred and eighty hours."), and a
    bare number to the unit it asked for ("How many hours went on that last week?" "Two hundred
    and fifty, maybe more.")."""
    tokens = _tokens(sentence)
    question = (measures.sentences(asked.lower()) or [""])[-1]
    asks_how_long = _ASKS_HOW_LONG.search(question)
    fallback = _period(_tokens(question)) if asks_how_long and not _period(tokens) else None
    asked_unit = measures.singular(asks_how_long.group(1)) if asks_how_long and asks_how_long.group(1) else ""
    found = []
    for value, _, end in _read_numbers(tokens):
        bare = end == len(tokens) or not tokens[end][0].isalnum()  # "Two hundred and fifty, maybe more."
        if bare and YEARS[0] <= value < YEARS[1]:
            continue  # "since 2023."
        unit = asked_unit if bare else measures.singular(tokens[end])
        if unit in TIME_UNITS:
            clause = tokens[end + 1 :]
            stop = next((i for i, t in enumerate(clause) if t in (",", ";", ".", "!", "?")), len(clause))
            period = _period(clause[: min(stop, PERIOD_REACH)]) or fallback
            if period and period != unit and value * PERIOD_MINUTES[unit] > PERIOD_MINUTES[period]:
                found.append(f"{value:g} {unit}s a {period}")
    return found
