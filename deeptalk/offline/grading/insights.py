"""Grading an Insights document against what the customer said: English, whole phrases, quotes
worth quoting, items the customer's words support, labels from the closed vocabularies, a summary
in the customer's words."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ... import corpus
from .customer import is_filler
from .text import affirmed_stems, content_stems, phrases_in, runs, sentences, words

# Fields whose items claim something about the customer (the themes' needs too).
ITEM_FIELDS = (
    ("humanInsights", "coreDesires"),
    ("humanInsights", "fearsOrFrustrations"),
    ("humanInsights", "aspirations"),
    ("contextualInsights", "whenProblemFelt"),
    ("contextualInsights", "triggersMoments"),
    ("contextualInsights", "preventionBarriers"),
    ("opportunityMap",),
)
# A phrase that ends on one of these stops mid-way: "More time for the", "Waiting for".
DANGLING = frozenset(
    """a an the to of and or nor but with for in on at by from into onto about as than that which who whose whom
    my your our their his its this these those is are was were be been being am has have had do does did will
    would can could should if because very more most less such not no""".split()
)
PRONOUNS_AND_VERBS = frozenset(
    """this that these those which who whom his not more most less such is are was were be been being am has have
    had do does did will would can could should""".split()
)
_DANGLING_MARKS = (",", "-", "–", "—", "…", "...", ":", ";", "(", "/", "&")


def strings(insights: dict) -> list[str]:
    """What a reader reads as the analysis: all but the quotes (the transcript's own), the emojis
    and the phase names."""
    found = [insights["summary"], insights["overallMood"], *insights["topicCloud"], *insights["opportunityMap"]]
    for theme in insights["themes"]:
        found += [theme["theme"], theme["emotionalTone"], theme["underlyingNeed"]]
    for group in ("humanInsights", "contextualInsights"):
        for items in insights[group].values():
            found += items
    return found + [phase["emotion"] for phase in insights["emotionalJourney"]]


def items(insights: dict) -> list[str]:
    """The items that claim something about the customer: the themes' needs, desires, fears,
    aspirations, context and opportunities."""
    found = [theme["underlyingNeed"] for theme in insights["themes"]]
    for path in ITEM_FIELDS:
        value = insights
        for key in path:
            value = value[key]
        found += value
    return found


def quotes(insights: dict) -> list[str]:
    return [quote for theme in insights["themes"] for quote in theme["quotes"]]


def not_english(text: str, allowed: set[str]) -> list[str]:
    """Words in no English word list (wordfreq's) that the persona, the fact sheet and the customer
    never wrote either: "foremans", "huldellenvuudet"."""
    from wordfreq import zipf_frequency  # half a second to load: only when grading insights

    return [w for w in words(text) if w not in allowed and not w[0].isdigit() and zipf_frequency(w, "en") == 0.0]


def is_cut(text: str) -> bool:
    """Stops mid-phrase: empty, on a dangling mark (comma, dash, ellipsis, colon) or on a word a
    phrase cannot end on ("for", "the", "and"; a pronoun or a verb only where no full stop
    follows: "like this." is whole)."""
    stripped = text.strip()
    if not stripped or stripped.endswith(_DANGLING_MARKS):
        return True
    tail = words(stripped)
    if not tail or tail[-1] not in DANGLING:
        return False
    # A whole sentence, its stop included, ends on a pronoun or a verb as it likes ("like this.").
    whole = stripped.rstrip("\"')”’").endswith((".", "!", "?"))
    return not (whole and tail[-1] in PRONOUNS_AND_VERBS)


def is_pleasantry_quote(quote: str) -> bool:
    return all(is_filler(sentence) for sentence in sentences(quote) or [quote])


def supported(item: str, said: Sequence[str]) -> bool:
    """A customer sentence affirms a content word of the item: "Less time on charts" by "The charts
    take two hours", not by "There are no charts on nights"."""
    claimed = content_stems(item)
    return any(claimed & affirmed_stems(sentence) for sentence in said)


@functools.lru_cache(maxsize=1)
def vocabularies() -> tuple[frozenset[str], frozenset[str]]:
    """The closed vocabularies of feelings and themes: the corpus's labels (training/schema.json),
    which the labelling is trained within; a feeling may be strong ("Deeply Worried")."""
    customer = corpus.schema()["properties"]["interview"]["items"]["oneOf"][1]["properties"]
    feelings = frozenset(customer["feeling"]["enum"])
    themes = frozenset(customer["theme"]["enum"]) - {"None"}
    return feelings | {f"Deeply {feeling}" for feeling in feelings}, themes


@functools.lru_cache(maxsize=1)
def journey_labels() -> frozenset[str]:
    """What a journey's phase may say: a feeling, strongly or not, or a turn from one feeling to
    another ("Calm, then Worried")."""
    feelings, _ = vocabularies()
    plain = [f for f in feelings if not f.startswith("Deeply ")]
    return feelings | {f"{first}, then {second}" for first in plain for second in plain if first != second}


def labels_outside(insights: dict) -> list[str]:
    """Moods, tones and journey emotions that are no feeling of the vocabulary, and themes that
    are no theme of it."""
    feelings, themes = vocabularies()
    labels = [insights["overallMood"], *(t["emotionalTone"] for t in insights["themes"])]
    journey = [phase["emotion"] for phase in insights["emotionalJourney"]]
    allowed = journey_labels()
    return (
        [label for label in labels if label not in feelings]
        + [label for label in journey if label not in allowed]
        + [t["theme"] for t in insights["themes"] if t["theme"] not in themes]
    )


# A summary may say honestly that the customer named no problem rather than make one up.
NO_PROBLEM_NAMED = (
    "did not name a specific problem",
    "didn't name a specific problem",
    "did not name a problem",
    "named no specific problem",
    "no specific problem was named",
    "did not describe a problem",
)


def is_bad_summary(summary: str, said: Sequence[str], run: int = 4) -> bool:
    """Not 2 to 4 sentences, or naming no problem in the customer's words (none of its runs of
    `run` words is theirs) without saying honestly that they named none."""
    if not 2 <= len(sentences(summary)) <= 4:
        return True
    theirs = {r for sentence in said for r in runs(sentence, run)}
    return not any(r in theirs for r in runs(summary, run)) and not phrases_in(summary, NO_PROBLEM_NAMED)
