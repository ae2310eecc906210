"""How well the insights' sentence readings agree with the corpus writers' labels, on the held-out
interviews (training/heldout, never used to write the cue lists).

Every customer turn there carries the writers' `kind`, `theme` and `feeling`; ours come from the
labeller (a model trained on the corpus's labels, never on these), read with the question the
turn answers. A kind feeds insights fields (classifier.KIND_FIELDS: an incident feeds fears and
"when"; a dodge feeds none); a turn feeds a field by our reading when one of its quotable sentences
may be filed there (extractive.fits: the sentence's check and the turn's kind).
Per field: agreement (both say it feeds the field, or both say not), precision (of the turns we
would file there, the share the writers' kind feeds there: what a wrong label costs) and recall.
A second view of fears: the writers' feeling is a negative one. Theme and feeling: the share of
turns whose label equals the writers', beside the share that always answering the commonest
label would get.

    python bench/labels.py [--folder training/heldout]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import _common  # noqa: F401  (the repository on sys.path)

from deeptalk import corpus
from deeptalk.engines.model import classifier, extractive, labeller, measures, vocabulary


def turns(folder: Path | None) -> list[tuple[dict, dict]]:
    """(persona, customer turn) for every customer turn of the held-out interviews, each turn with
    the question it answers under "question"."""
    return [
        (record.persona, {**turn, "question": question})
        for record in corpus.heldout(folder)
        for question, turn in record.answered()
    ]


def our_fields(persona: dict, turn: dict) -> frozenset[str]:
    """The fields a turn feeds by our reading: those its quotable sentences may be filed under."""
    persona_words = set(measures.words(" ".join(persona[k] for k in ("name", "role", "industry", "background"))))
    said = extractive.said_sentences([("", turn["message"], turn["question"])], persona_words)
    return frozenset(field for field in classifier.FIELD_CHECKS for s in said if extractive.fits(s, field))


def field_rows(labelled: list[tuple[dict, dict]]) -> list[tuple[str, int, int, int, int]]:
    """Per field: (name, writers' count, ours, both, agreeing turns)."""
    ours = [our_fields(persona, turn) for persona, turn in labelled]
    theirs = [classifier.KIND_FIELDS[turn["kind"]] for _, turn in labelled]
    rows = []
    for field in classifier.FIELD_CHECKS:
        w = [field in t for t in theirs]
        o = [field in f for f in ours]
        both = sum(a and b for a, b in zip(w, o, strict=True))
        agree = sum(a == b for a, b in zip(w, o, strict=True))
        rows.append((field, sum(w), sum(o), both, agree))
    exact = sum(a == b for a, b in zip(ours, theirs, strict=True))
    rows.append(("(all six at once)", len(labelled), len(labelled), exact, exact))
    return rows


def non_answer_row(labelled: list[tuple[dict, dict]]) -> tuple[int, int, int]:
    """Turns the writers call a dodge, refusal or unsure; of them, those we file under a desire or an
    aspiration (must be 0), and those we read as a non-answer outright."""
    marked = [(p, t) for p, t in labelled if t["kind"] in classifier.NON_ANSWER_KINDS]
    wished = sum(bool(our_fields(p, t) & {"coreDesires", "aspirations"}) for p, t in marked)
    refused = sum(classifier.is_non_answer(t["message"]) for _, t in marked)
    return len(marked), wished, refused


NEGATIVE_FEELINGS = frozenset(vocabulary.FEELINGS) - classifier.POSITIVE_FEELINGS


def negative_row(labelled: list[tuple[dict, dict]]) -> tuple[int, int, int, int]:
    """A second view of fears: the writers' feeling is a negative one; ours: a sentence reads as a
    problem. (writers, ours, both, agreeing turns)"""
    theirs = [turn["feeling"] in NEGATIVE_FEELINGS for _, turn in labelled]
    ours = ["fearsOrFrustrations" in our_fields(persona, turn) for persona, turn in labelled]
    both = sum(a and b for a, b in zip(theirs, ours, strict=True))
    return sum(theirs), sum(ours), both, sum(a == b for a, b in zip(theirs, ours, strict=True))


def label_agreement(labelled: list[tuple[dict, dict]], label: str) -> tuple[float, float, str]:
    """The share of turns whose `label` we read as the writers did, and the commonest label's share."""
    answers = [extractive.Answer("", turn["message"], turn["question"]) for _, turn in labelled]
    ours = [getattr(labels, label) for labels in extractive.label_answers(answers)]
    theirs = [turn[label] for _, turn in labelled]
    common, n = Counter(theirs).most_common(1)[0]
    agree = sum(a == b for a, b in zip(ours, theirs, strict=True))
    return agree / len(theirs), n / len(theirs), common


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=None, help="held-out folder (default: training/heldout)")
    folder = parser.parse_args().folder
    labelled = turns(folder)
    interviews = len({id(p) for p, _ in labelled})
    print(f"held-out: {interviews} interviews, {len(labelled)} customer turns\n")
    print(f"{'kind → field':<22}{'writers':>8}{'ours':>6}{'both':>6}{'agree':>8}{'precision':>11}{'recall':>8}")
    for field, w, o, both, agree in field_rows(labelled):
        print(f"{field:<22}{w:>8}{o:>6}{both:>6}{_pct(agree, len(labelled)):>8}{_pct(both, o):>11}{_pct(both, w):>8}")
    w, o, both, agree = negative_row(labelled)
    name = "negative feeling"
    print(f"{name:<22}{w:>8}{o:>6}{both:>6}{_pct(agree, len(labelled)):>8}{_pct(both, o):>11}{_pct(both, w):>8}")
    marked, wished, refused = non_answer_row(labelled)
    print(
        f"\ndodge/refusal/unsure turns: {marked}; filed as a desire or aspiration: {wished}; "
        f"read as a non-answer outright: {refused}"
    )
    for label in labeller.LABEL_SETS:
        agree, baseline, common = label_agreement(labelled, label)
        print(f"{label:<8} agreement {100 * agree:5.1f}%   (always '{common}': {100 * baseline:.1f}%)")


if __name__ == "__main__":
    main()
