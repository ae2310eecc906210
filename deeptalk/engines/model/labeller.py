"""What each customer turn is about, as the corpus writers labelled it: a naive Bayes model trained
on the corpus's labelled turns (training/corpus; never the held-out set), read with the
interviewer's question that the turn answers.

Every customer turn of the corpus carries the writers' `theme`, `feeling` and `kind`
(training/FORMAT.md). Cue lists written by hand agreed with those labels on the held-out
interviews in 27% (theme) and 38% (feeling) of turns; this model, trained once per process from
the shipped corpus (well under a second), agrees far more often (`bench/labels.py` measures it).
It is trained, not stored: the corpus is its one source, and its digest is in the strategy's
fingerprint. Every label it gives is one of the closed vocabularies the writers used.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ... import corpus

# Additive smoothing per label set: kinds are told apart by a few telling words ("last time",
# "tried"), so they trust rare words more than themes and feelings do.
SMOOTHING = {"theme": 0.5, "feeling": 0.5, "kind": 0.1}
LABEL_SETS = tuple(SMOOTHING)
# Naive Bayes is sure of itself far beyond its accuracy (a posterior of 0.99999 on a turn it gets
# wrong), and its prior favours the commonest label ("Calm", "Frustrated"). Where several answers
# are weighed together to choose among feelings (a journey phase, a theme's tone), their
# posteriors are softened (log-scores divided by BALANCE_TEMPERATURE) and divided by the prior's
# square root: on the held-out set that reads the writers' negative feeling right more often
# (49% against 43%) and tells more feelings apart. Given as posterior["feeling_balanced"].
BALANCE_TEMPERATURE = 20.0
BALANCE_LIFT = 0.5
# A label rarer than this share is lifted no more than one this common: "Isolated" (4 of 3,001
# turns) would otherwise win on a word or two.
BALANCE_FLOOR = 0.03
# An answer of this many known features is softened by the whole BALANCE_TEMPERATURE; a shorter
# one less (a few words give a posterior no softening should flatten).
BALANCE_WORDS = 60
_MONEY = re.compile(r"[£$€₹¥]")


def features(question: str, answer: str) -> list[str]:
    """The answer's words and word pairs (numbers as one token, a currency sign as another) and
    the question's words, marked as the question's."""
    said = _tokens(answer)
    asked = _tokens(question)
    return [*said, *(f"{a} {b}" for a, b in zip(said, said[1:], strict=False)), *(f"q:{w}" for w in asked)]


def _tokens(text: str) -> list[str]:
    tokens = ["<n>" if w.isdigit() else w for w in corpus.words(text)]
    return [*tokens, "<money>"] if _MONEY.search(text) else tokens


@dataclass(frozen=True)
class Labels:
    """A turn's labels, and the model's posterior over each label set (label -> 0–1), with
    "feeling_balanced" beside them (BALANCE_TEMPERATURE)."""

    theme: str
    feeling: str
    kind: str
    posterior: dict[str, dict[str, float]]

    def sure(self, name: str) -> float:
        """How sure the model is of the label it gave in the set `name`."""
        return self.posterior[name][getattr(self, name)]


class NaiveBayes:
    """A multinomial naive Bayes over `features`, for one label set."""

    def __init__(self, examples: Iterable[tuple[list[str], str]], smoothing: float):
        counts: dict[str, Counter] = defaultdict(Counter)
        priors: Counter = Counter()
        for found, label in examples:
            priors[label] += 1
            counts[label].update(found)
        self.labels = sorted(priors)
        self.vocabulary = set().union(*counts.values())
        total = sum(priors.values())
        self._prior = {label: math.log(priors[label] / total) for label in self.labels}
        self._counts = counts
        self._denominator = {
            label: math.log(sum(counts[label].values()) + smoothing * len(self.vocabulary)) for label in self.labels
        }
        self._smoothing = smoothing

    def scores(self, found: Sequence[str]) -> dict[str, float]:
        """Each label's log-probability, up to a constant shared by all labels."""
        known = [f for f in found if f in self.vocabulary]
        return {
            label: self._prior[label]
            + sum(math.log(self._counts[label][f] + self._smoothing) for f in known)
            - len(known) * self._denominator[label]
            for label in self.labels
        }

    def posterior(self, found: Sequence[str], temperature: float = 1.0, lift: float = 0.0) -> dict[str, float]:
        """Each label's probability; softened by `temperature` and divided by the prior to the
        power `lift` where given (BALANCE_TEMPERATURE, BALANCE_LIFT)."""
        scores = self.scores(found)
        top = max(scores.values())
        if temperature != 1.0:  # softened in proportion to what was said: a short answer says little
            known = sum(1 for f in found if f in self.vocabulary)
            temperature = max(1.0, temperature * known / BALANCE_WORDS)
        weights = {
            label: math.exp((score - top) / temperature - lift * max(self._prior[label], math.log(BALANCE_FLOOR)))
            for label, score in scores.items()
        }
        total = sum(weights.values())
        return {label: weight / total for label, weight in weights.items()}


class Labeller:
    """Theme, feeling and kind of a customer turn, each trained from the corpus's labelled turns."""

    def __init__(self, records: Sequence[corpus.Record]):
        examples = list(_labelled_turns(records))
        self.models = {
            name: NaiveBayes(((found, labels[name]) for found, labels in examples), SMOOTHING[name])
            for name in LABEL_SETS
        }

    def label(self, question: str, answer: str) -> Labels:
        found = features(question, answer)
        posterior = {name: model.posterior(found) for name, model in self.models.items()}
        posterior["feeling_balanced"] = self.models["feeling"].posterior(found, BALANCE_TEMPERATURE, BALANCE_LIFT)
        # ties: the label first in sorted order, so the result never depends on dict order
        chosen = {name: max(sorted(p), key=p.__getitem__) for name, p in posterior.items()}
        return Labels(chosen["theme"], chosen["feeling"], chosen["kind"], posterior)

    def theme_score(self, answer: str, theme: str) -> float:
        """How strongly `answer` alone (one sentence, say) speaks of `theme` against the other
        themes: the log-odds of its words, so that a turn's best quote for a theme can be chosen."""
        scores = self.models["theme"].scores(features("", answer))
        others = max(score for label, score in scores.items() if label != theme)
        return scores[theme] - others


def _labelled_turns(records: Iterable[corpus.Record]) -> Iterable[tuple[list[str], dict[str, str]]]:
    for record in records:
        for question, turn in record.answered():
            yield features(question, turn["message"]), {name: str(turn[name]) for name in LABEL_SETS}


@lru_cache(maxsize=1)
def trained() -> Labeller:
    """The labeller trained on the shipped corpus, once per process (at the first insights)."""
    return Labeller(corpus.corpus())


@lru_cache(maxsize=1)
def corpus_digest() -> str:
    """A digest of the corpus files the labeller learns from: what decides its labels."""
    digest = hashlib.sha256()
    for path in sorted((corpus.training_dir() / "corpus").glob("*.jsonl")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]
