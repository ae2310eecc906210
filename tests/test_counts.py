"""The counts a customer gives, checked against the fact sheet (deeptalk/engines/model/counts.py):
a thing counted far above the sheet's count is not said; a part of it may be."""

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


def test_an_answer_drops_the_sentence_that_inflates_a_count_of_the_fact_sheet():
    raw = "About four hundred and twenty appointments a day. The reminders go out by hand."
    answer = turns.reply(raw, "Hana Kobayashi", "Receptionist", {"hana", "kobayashi"}, [], SHEET)
    assert answer.text == "The reminders go out by hand." and answer.provenance == "model-edited"
