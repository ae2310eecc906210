"""The model engines' own checks of their candidate text (deeptalk/engines/model/measures.py), each on
good and bad examples. `deeptalk eval`'s graders are tests/test_grading.py's."""

import pytest

from deeptalk.engines.model import measures

NAME, ROLE = "Maya Okafor", "Ward Nurse"


@pytest.mark.parametrize(
    "text, defect",
    [
        ("Absolutely, Maya. I work nights.", "self_naming"),
        ("Nothing, maya. I work nights.", "self_naming"),
        ("I know your role as Ward Nurse is hard.", "role_swap"),
        ("You're a ward nurse, so you know the drill.", "role_swap"),
        ("I don't have the ability to access your real-life profile.", "assistant_talk"),
        ("I'm sorry for any inconvenience this caused.", "assistant_talk"),
        ("How can I help you today with your charting.", "assistant_talk"),
        ("(pauses, looking down) It was a long night.", "stage_directions"),
        ("*sighs* The charts again.", "stage_directions"),
        ("- I chart after every round.", "bullets"),
        ("I work at [Hospital Name] on nights.", "placeholders"),
        ("We use XYZ software for it.", "placeholders"),
    ],
)
def test_each_customer_defect_is_found(text, defect):
    assert defect in measures.customer_defects(text, NAME, ROLE)


@pytest.mark.parametrize(
    "text",
    [
        "I chart after every round, and the system logs me out twice a night.",
        "My ward has twenty-eight beds and two nurses on nights.",
        "Our manager asks for the handover notes by seven.",
    ],
)
def test_a_plain_answer_has_no_defect(text):
    assert measures.customer_defects(text, NAME, ROLE) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm glad to hear that.",
        "Absolutely!",
        "Thank you for asking.",
        "That's a great question.",
        "Honest, honest.",
        "I'm so sorry.",
        "You're right, I'll make sure to be honest and direct.",
    ],
)
def test_pleasantries_are_filler(sentence):
    assert measures.is_filler(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Honestly, the charting takes me two hours a night.", "I'm glad the new beds arrived, but the pumps still fail."],
)
def test_a_sentence_with_content_is_not_filler(sentence):
    assert not measures.is_filler(sentence)


def test_a_run_of_six_words_said_twice_is_a_repeat():
    said = ["The charting takes me two hours every night.", "As I said, it takes me two hours every night."]
    assert measures.repeated_runs(said) == {("takes", "me", "two", "hours", "every", "night")}
    assert measures.repeated_runs(["I chart at night.", "I hand over at seven."]) == set()


def test_numbers_are_words_of_a_repeated_run():
    said = ["Deadlines. The agency has about 15 to 30 contracts.", "That the agency has about 15 to 30 developers."]
    assert ("agency", "has", "about", "15", "to", "30") in measures.repeated_runs(said)


@pytest.mark.parametrize(
    "text, open_question",
    [
        ("You mentioned charting. Why do you think that keeps happening?", True),
        ("Can you tell me about a recent time when it went wrong?", True),
        ("Do you like your job?", False),
        ("What happened? And why?", False),
        ("Tell me about your week.", False),
    ],
)
def test_an_interviewer_turn_is_one_open_question(text, open_question):
    assert measures.is_one_open_question(text) is open_question


def test_a_follow_up_takes_up_a_word_of_the_answer():
    answer = "Charting eats the time I should spend with patients."
    assert measures.takes_up("You mentioned charting. Why does that happen?", answer)
    assert not measures.takes_up("What would an ideal solution look like?", answer)


@pytest.mark.parametrize(
    "text, cut",
    [
        ("Unreliable, Unf", False),
        ("More time for the", True),
        ("Faster charting,", True),
        ("Waiting for", True),
        ("Less time lost to charting", False),
        ("I don't know how it will be solved in a year like this.", False),
        ("It was.", False),
        ("I put a note up saying the mowing is in trouble and it's not.", True),
        ("They sent it back to the.", True),
    ],
)
def test_a_string_cut_mid_phrase_is_found(text, cut):
    assert measures.is_cut(text) is cut


def test_invented_words_are_not_english_but_persona_words_are_allowed():
    assert measures.non_english_words("the huldellenvuudet report, negative_1234EZAARBADALABY", set()) == [
        "huldellenvuudet",
        "ezaarbadalaby",
    ]
    assert measures.non_english_words("Okafor charts on nights", {"okafor"}) == []


def test_an_item_is_supported_when_the_customer_said_one_of_its_words():
    said = ["Charting eats the time I should spend with patients."]
    assert measures.supported("Less time on charts", said)
    assert not measures.supported("Product opportunity one", said)
