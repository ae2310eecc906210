"""The graders' words, sentences, stems and negation: one way to read text for every measure.

Written for grading only, apart from the engines' own text handling (grading/__init__.py says why).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a capital, a
# digit or an opening quote: "3.5 hours", "a.m. shift" and "e.g. the rota" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(])")
# Where a clause ends: negation does not reach past one ("It's not the rota, it's the pay").
_CLAUSE_END = re.compile(r"[,;:.!?()—–]+|\s-\s|(?=\b(?:but|although|though|whereas)\b)", re.IGNORECASE)

# Function words: what a sentence is built with, not what it is about.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either else even ever every few for from
    further get gets got had has have having he her here hers herself him himself his how i if in into is it its
    itself just let me might mine more most much must my myself neither no nor not now of off on once only or
    other ought our ours ourselves out over own per quite rather same shall she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up upon us very was
    we were what when where whether which while who whom whose why will with within without would yes yet you
    your yours yourself yourselves i'm i've i'd i'll it's that's there's they're they've we're we've we'd you're
    you've don't doesn't didn't isn't aren't wasn't weren't can't cannot couldn't won't wouldn't shouldn't
    haven't hasn't hadn't let's""".split()
)
# Words every interview uses, whoever the customer is: they ground nothing and take up nothing.
GENERIC = frozenset(
    """work works worked working job jobs day days week weeks month months year years time times hour hours minute
    minutes thing things stuff lot lots people person way ways really actually pretty kind sort bit part little
    big small good bad better best worse worst well fine okay yeah sure maybe probably think thought know knew say
    said tell told ask asked make made take took go went come came look looked want wanted need needed like
    right mean means feel felt today yesterday tomorrow always never often sometimes usually every everything
    something anything nothing someone everyone anyone mostly just much many more less most one two first last
    next new old back still already again same different other another else""".split()
)
# Words that turn what follows them in a clause around.
NEGATORS = frozenset("not no never none nothing nobody neither nor without hardly barely cannot".split())
NEGATION_REACH = 3  # words after a negator that it still turns around: "not really a big problem"


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes straightened: "Don’t" -> "don't", "twenty-five" stays one."""
    return _WORD.findall(text.lower().replace("’", "'"))


def phrases_in(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases `text` holds, word for word (letter case and punctuation between words aside)."""
    said = f" {' '.join(words(text))} "
    return [phrase for phrase in phrases if f" {' '.join(words(phrase))} " in said]


_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Prof|Mt)\.$")


def sentences(text: str) -> list[str]:
    """The sentences of `text`; a title's point ("Mr. Kyle") ends none."""
    found: list[str] = []
    for part in (p.strip() for p in _SENTENCE_END.split(text.strip())):
        if part and found and _TITLE.search(found[-1]):
            found[-1] = f"{found[-1]} {part}"
        elif part:
            found.append(part)
    return found


def singular(word: str) -> str:
    """A plural's singular, by the regular rules only: "charts" -> "chart", "bodies" -> "body"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


# Endings stripped to meet a word's other forms: "charting", "charted", "charts" -> "chart".
# Stated here, and only these: a stem is never shorter than four letters.
SUFFIXES = ("ations", "ation", "ments", "ment", "ingly", "ings", "ing", "edly", "ed", "ers", "er", "ly", "es")


def stem(word: str) -> str:
    word = singular(word.replace("'", ""))
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            # "stopping", "planned": the doubled consonant goes, as in "stop", "plan".
            word = word[:-1] if word[-1] == word[-2] and word[-1] not in "aeiouls" else word
            break
    # A final e goes, so that "nurse" meets "nursing" and "charge" meets "charged".
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def is_content(word: str) -> bool:
    """A word that says what a sentence is about: three letters or more, not a number, not a
    function word nor a word of every interview."""
    return len(word) >= 3 and not word[0].isdigit() and word not in STOPWORDS and word not in GENERIC


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if is_content(w)}


def clauses(text: str) -> list[str]:
    return [part for part in _CLAUSE_END.split(text) if part.strip()]


def affirmed_stems(text: str) -> set[str]:
    """The content stems of `text` that no negation turns around: "The charts are not the problem"
    affirms "chart" and negates "problem"."""
    return {stem(w) for w, negated in marked_words(text) if not negated and is_content(w)}


def marked_words(text: str) -> Iterator[tuple[str, bool]]:
    """Each word with whether a negation turns it around: a negator ("not", "never", "-n't") up to
    NEGATION_REACH words before it in the same clause."""
    for clause in clauses(text):
        since_negator = None
        for word in words(clause):
            if word in NEGATORS or word.endswith("n't"):
                since_negator = 0
                yield word, False
                continue
            since_negator = None if since_negator is None or since_negator >= NEGATION_REACH else since_negator + 1
            yield word, since_negator is not None


def runs(text: str, length: int) -> Iterator[tuple[str, ...]]:
    """Every run of `length` consecutive words inside one sentence of `text`."""
    for sentence in sentences(text):
        tokens = words(sentence)
        for start in range(len(tokens) - length + 1):
            yield tuple(tokens[start : start + length])
