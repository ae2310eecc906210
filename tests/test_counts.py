"""The counts a customer gives, checked against the fact sheet (deeptalk/engines/model/counts.py):
a thing counted far above the sheet's count is not said; a part of it may be. Nor is a time no
clock allows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deeptalk.engines.model import counts, turns

SHEET = "Work: Receptionist at a four-vet clinic, handling 120 to 150 appointments per day.\nTeam: 6 nurses."


@pytest.mark.parametrize(
    ("text", "thing", "low", "high"),
    [
        ("handling 120 to 150 appointments per day", "appointment", 120, 150),
        ("about four hundred and twenty appointments a day", "appointment", 420, 420),
        ("we ship 1,200 eggs", "egg", 1200, 1200),
        ("twenty-five cows", "cow", 25, 25),
        ("Twenty-five hundred pieces, mostly.", "piece", 2500, 2500),
        ("two thousand and forty families", "family", 2040, 2040),
    ],
)
def test_a_number_before_a_thing_is_its_count(text, thing, low, high):
    assert counts.counts(text)[thing] == [(low, high)]


@pytest.mark.parametrize("text", ["three hours a day", "two of them", "forty euros an egg", "five times a week"])
def test_periods_amounts_and_function_words_count_no_thing(text):
    assert counts.counts(text) == {}


def test_a_count_far_above_the_sheets_is_inflated():
    assert counts.inflated("About four hundred and twenty appointments a day.", SHEET) == ["appointment"]


@pytest.mark.parametrize(
    "sentence",
    [
        "About 140 appointments a day.",  # within the sheet's range
        "Three appointments went missing on Tuesday.",  # a part of them
        "Two hundred appointments on a bad Monday.",  # above, but not twice the most the sheet gives
        "Four hundred emails a week.",  # a thing the sheet does not count
    ],
)
def test_a_count_the_sheet_allows_or_does_not_give_is_not_inflated(sentence):
    assert counts.inflated(sentence, SHEET) == []


@given(st.text(max_size=300), st.text(max_size=300))
def test_reading_counts_never_fails_on_any_text(sentence, sheet):
    assert isinstance(counts.inflated(sentence, sheet), list)
    assert isinstance(counts.impossible(sentence, sheet), list)


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Three hundred hours a week, mostly.", "300 hours a week"),
        ("About forty-five hours a shift, maybe more.", "45 hours a shift"),
        ("Eight hundred and fifty hours a week on rescheduling.", "850 hours a week"),
        ("Eight days a week.", "8 days a week"),
        ("We worked thirty hours yesterday.", "30 hours a day"),
        ("Ninety minutes every single hour.", "90 minutes a hour"),
    ],
)
def test_a_time_longer_than_its_period_is_impossible(sentence, found):
    assert counts.impossible(sentence) == [found]


@pytest.mark.parametrize(
    "sentence",
    [
        "Two hours a week, which is fine.",
        "About six hours a day on the phone.",
        "Three days each week.",
        "Fourteen hundred minutes yesterday.",  # under a day's 1,440
        "Six shifts a day.",  # shifts counted, not a time
        "Two days in the morning.",  # no period the time is said of
        "He has been doing this for twenty years and has his own idea of what a week is like.",  # too far
    ],
)
def test_a_time_its_period_allows_or_does_not_name_is_possible(sentence):
    assert counts.impossible(sentence) == []


def test_a_bare_time_is_held_to_the_period_the_question_asked_how_long_of():
    asked = "Thanks for your time today. How many hours did that take last week?"
    assert counts.impossible("Seven hundred and eighty hours, so I'm not sure.", asked) == ["780 hours a week"]
    assert counts.impossible("Seventy hours.", asked) == []


HOW_MANY_HOURS = "Got it. How many hours went on that last week?"


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        ("Two hundred and fifty, maybe more.", ["250 hours a week"]),
        ("About thirty-five thousand.", ["35000 hours a week"]),
        ("About thirty.", []),
        ("Since 2023, it has been like that.", []),  # a year, not a time
        ("About sixty percent.", []),  # a share, not a number of hours
    ],
)
def test_a_bare_number_is_held_to_the_unit_and_period_the_question_asked_for(answer, found):
    assert counts.impossible(answer, HOW_MANY_HOURS) == found


def test_a_bare_number_is_no_time_when_the_question_asked_for_none():
    assert counts.impossible("Two hundred and fifty.", "How many calls came in last week?") == []


def test_a_bare_time_is_not_held_to_a_period_the_question_only_mentions():
    asked = "Thanks for your time today. Who else should I talk to?"
    assert counts.impossible("About two weeks away from the next one.", asked) == []


def test_an_answer_drops_the_sentence_that_inflates_a_count_of_the_fact_sheet():
    raw = "About four hundred and twenty appointments a day. The reminders go out by hand."
    answer = turns.reply(raw, "Hana Kobayashi", "Receptionist", {"hana", "kobayashi"}, [], SHEET)
    assert answer.text == "The reminders go out by hand." and answer.provenance == "model-edited"


def test_an_answer_drops_the_sentence_that_says_a_time_no_clock_allows():
    raw = "Eight hundred and fifty hours a week on rescheduling. The reminders go out by hand."
    answer = turns.reply(raw, "Hana Kobayashi", "Receptionist", {"hana", "kobayashi"}, [], SHEET, "How long?")
    assert answer.text == "The reminders go out by hand." and answer.provenance == "model-edited"
