"""Model-written questions of a garbled shape are not asked, whatever the linter's rules say."""

from __future__ import annotations

import pytest

from deeptalk import corpus
from deeptalk.engines.model import question_shape

ROLE = "Mussel Farmer"
AMOUNT, TIME, COSTED, STORY = (
    "an amount of a unit",
    "a time spent by no verb that spends it",
    "the customer costed",
    "a cost of a whole story",
)
IDIOM, RECUR, TRACK, OWN = (
    "a broken idiom",
    "a single time asked to recur",
    "a person put back on track",
    "the customer's own role spoken of as someone else",
)


@pytest.mark.parametrize(
    "question, shape",
    [
        ("How much of a shift misses you in terms of the day?", AMOUNT),
        ("How much of a delay does that take on an average week?", AMOUNT),
        ("How much of a trip does a week take you on?", AMOUNT),
        ("How much of a shift goes on you between people who are busy?", AMOUNT),
        ("How much time does a week of paperwork go on?", TIME),
        ("Thank you, Xosé. How much time does a full day of rest home work for you?", TIME),
        ("What does a month of you and Carlos cost to the farm?", COSTED),
        ("What does a shift with you last week cost you?", COSTED),
        ("What does the morning of a school bus like on a bad day cost you?", STORY),
        ("When did the style last get you late?", IDIOM),
        ("When did the notebook last get in trouble?", IDIOM),
        ("When did that last get a bit of trouble?", IDIOM),
        ("Thank you, Xosé. Who else should I know about the mussels?", IDIOM),
        ("When did the last time you had trouble with a motor club?", IDIOM),
        ("What did that last night's appointment look like?", IDIOM),
        ("What have you tried so far to make it less late?", IDIOM),
        ("When did that night last cost you?", RECUR),
        ("What have you done to get her back on track?", TRACK),
        ("Thank you, Xosé. What else should I know about mussel farmers?", OWN),
        ("What have you tried to get the farmer back on track?", OWN),
    ],
)
def test_a_garbled_shape_is_found(question, shape):
    assert question_shape.garbled(question, ROLE) == shape


@pytest.mark.parametrize(
    "question",
    [
        "How much of your week goes on the raft checks?",
        "How much of a delay did that cause?",
        "How much of a job is it to redo the sheet?",
        "How much time does a raft check take?",
        "How much time does that cost you?",
        "How much time do you spend on the rafts each week?",
        "What does a late harvest cost you?",
        "What does keeping track of them cost you?",
        "What did working with him cost the farm?",
        "What do you think a late delivery like that would cost you?",
        "What does a single appointment like this cost you in terms of time?",
        "What did that week cost the farm?",
        "What went wrong on that last shift?",
        "When did the toxin test last go wrong?",
        "When did you last get into trouble with the inspectors?",
        "When did that last happen?",
        "Thank you, Xosé. Who else should I talk to about the rafts?",
        "Thank you, Xosé. What else should I know about the farm?",
        "What have you tried to get the harvest back on track?",
        "What have you done to get them back on schedule?",
        "Who decides what the farm spends on testing?",
        "When did a buyer last turn down a load?",
        "Which other farmers should I talk to?",
        "What does a normal week look like for you as a mussel farmer?",
        "Who decides what goes into the farmer app?",
    ],
)
def test_a_plain_question_has_no_garbled_shape(question):
    assert question_shape.garbled(question, ROLE) is None


def test_the_customers_own_role_is_garbled_only_asked_of_that_role():
    question = "What else should I know about the bar manager?"
    assert question_shape.garbled(question, "Bar Manager") == OWN
    assert question_shape.garbled(question, "Mussel Farmer") is None


def test_no_question_the_corpus_writers_asked_has_a_garbled_shape():
    asked = [
        (record.persona["role"], turn["message"])
        for record in corpus.corpus()
        for turn in record.interview
        if turn["agent"] == "interviewer"
    ]
    assert len(asked) > 2000
    assert [(role, q) for role, q in asked if question_shape.garbled(q, role)] == []
