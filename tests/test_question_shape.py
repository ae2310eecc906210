"""Model-written questions of a garbled shape are not asked, whatever the linter's rules say."""

from __future__ import annotations

import pytest

from deeptalk.engines.model import question_shape

ROLE = "Mussel Farmer"


@pytest.mark.parametrize(
    "question",
    [
        "How much of a shift misses you in terms of the day?",
        "How much of a delay does that take on an average week?",
        "How much of a trip does a week take you on?",
        "How much time does a week of paperwork go on?",
        "How much time do you think the checklist spends on mistakes?",
        "What does a month of you and Carlos cost to the farm?",
        "What does a shift with you last week cost you?",
        "What does the morning of a school bus like on a bad day cost you?",
        "When did the style last get you late?",
        "When did the notebook last get in trouble?",
        "Thank you, Xosé. Who else should I know about the mussels?",
        "When did the last time you had trouble with a motor club?",
        "What did that last night's appointment look like?",
        "When did that night last cost you?",
        "What have you done to get her back on track?",
        "What have you tried so far to make it less late?",
        "Thank you, Xosé. What else should I know about mussel farmers?",  # to a mussel farmer
        "What have you tried to get the farmer back on track?",
    ],
)
def test_a_garbled_shape_is_found(question):
    assert question_shape.garbled(question, ROLE)


@pytest.mark.parametrize(
    "question",
    [
        "How much of your week goes on the raft checks?",
        "How much time does a raft check take?",
        "How much time do you spend on the rafts each week?",
        "What does a late harvest cost you?",
        "What does a single appointment like this cost you in terms of time?",
        "What did that week cost the farm?",
        "When did the toxin test last go wrong?",
        "When did that last happen?",
        "Thank you, Xosé. Who else should I talk to about the rafts?",
        "Thank you, Xosé. What else should I know about the farm?",
        "What have you tried to get the harvest back on track?",
        "Who decides what the farm spends on testing?",
        "When did a buyer last turn down a load?",
    ],
)
def test_a_plain_question_has_no_garbled_shape(question):
    assert question_shape.garbled(question, ROLE) is None


def test_the_customers_own_role_is_garbled_only_asked_of_that_role():
    question = "What else should I know about the bar manager?"
    assert question_shape.garbled(question, "Bar Manager")
    assert question_shape.garbled(question, "Mussel Farmer") is None
