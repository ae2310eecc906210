"""The measures of a customer who makes sense as one person (deeptalk/offline/grading/consistency.py), each
on good and bad examples, and on the hand-written corpus, where they must (almost) never fire."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import corpus
from deeptalk.offline.grading import consistency

SOURCES = [
    "Runs a kitchen of nine at a busy bistro in Leeds.",
    "Numbers: About 30 covers an hour at peak; 120 covers a night; two ovens.",
]


@pytest.mark.parametrize(
    "answer, found",
    [
        ("Three people, a kitchen.", "3 headcount"),
        ("We have three people in the kitchen.", "3 headcount"),
        ("Five of us, and the owner.", "5 headcount"),
        ("We have four ovens and they all break.", "4 oven"),
        ("Our two hundred covers a night are too many.", "200 cover"),
    ],
)
def test_a_count_that_differs_from_the_facts_is_a_contradiction(answer, found):
    assert [c.split(" (")[0] for c in consistency.contradictions(answer, SOURCES)] == [found]


@pytest.mark.parametrize(
    "answer",
    [
        "We are nine in the kitchen, and tonight three were off sick.",
        "Two of my nine cooks called in sick on Friday.",
        "Another two ovens would not fit.",
        "Three people asked for the manager.",  # a part, not the team: no 'we have', 'our', 'of us'
        "I have two ovens and 120 covers on a good night.",
        "It took three hours to clean up.",
    ],
)
def test_counts_that_agree_or_are_parts_are_no_contradiction(answer):
    assert consistency.contradictions(answer, SOURCES) == []


@pytest.mark.parametrize(
    "phrase, value",
    [
        ("120", 120),
        ("twelve", 12),
        ("twenty-five", 25),
        ("a hundred and forty", 140),
        ("seven hundred and twenty", 720),
    ],
)
def test_number_phrases_are_read_whole(phrase, value):
    assert consistency._numbers(phrase.split())[0][0] == value


@given(st.integers(min_value=0, max_value=99_999))
def test_any_written_count_is_read_back(value):
    assert consistency._numbers([f"{value:,}"])[0][0] == value


@pytest.mark.parametrize(
    "answer",
    [
        "I work 21 days a week in season.",
        "I'm there 9 days out of every day.",
        "The line runs 25 hours a day.",
        "It went up 140% last year.",
        "I did 8 out of 7 shifts.",
        "We close 13 months a year.",
    ],
)
def test_impossible_quantities_are_found(answer):
    assert consistency.impossible_quantities(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "I work seven days a week in season.",
        "The line runs 24 hours a day.",
        "Prices went up 40% last year.",
        "Three out of seven shifts run late.",
    ],
)
def test_possible_quantities_are_not(answer):
    assert consistency.impossible_quantities(answer) == []


def test_a_sentence_said_twice_is_repeated_and_a_similar_one_is_not():
    assert consistency.repeated_sentences(["The rota is a mess. It is.", "Honestly, the rota is a mess."]) == []
    assert consistency.repeated_sentences(["The rota is a mess.", "Well. The rota is a mess!"]) == [
        "the rota is a mess"
    ]


def test_the_persona_pain_is_named_by_its_own_words_not_a_domain_list():
    background = "Twelve-hour night shifts on a surgical ward; charting eats time meant for patients."
    assert consistency.names_pain(["The charts take me two hours."], background)
    assert not consistency.names_pain(["It is busy and stressful, like any hospital job."], background)


def test_the_hand_written_corpus_almost_never_trips_a_consistency_measure():
    records = corpus.read([corpus.training_dir() / "corpus", corpus.training_dir() / "heldout"])
    answers = [(r, a) for r in records for a in r.answers()]
    contradicting = [
        a for r, a in answers if consistency.contradictions(a, [r.persona["background"], *r.facts.values()])
    ]
    assert len(contradicting) <= 0.01 * len(answers)
    assert not any(consistency.impossible_quantities(a) for _, a in answers)
    assert not any(consistency.repeated_sentences(r.answers()) for r in records)
    pain = sum(consistency.names_pain(r.answers()[1:-1], r.persona["background"]) for r in records)
    assert pain >= 0.9 * len(records)


def test_an_answer_reciting_the_corpus_is_found_and_a_new_one_is_not(tmp_path: Path):
    record = corpus.read([corpus.training_dir() / "corpus"])[0]
    index = corpus.RunIndex([record])
    copied = record.answers()[1]
    assert index.recited(f"Well, {copied}")
    assert index.recited("Nothing in this sentence was ever written in the training corpus at all.") == []
