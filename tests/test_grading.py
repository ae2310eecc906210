"""`deeptalk eval`'s own graders (deeptalk/offline/grading/), each on good and bad examples,
negations included, and apart from the engines."""

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deeptalk.offline.grading import customer, insights, interviewer, on_topic, text

NAME, ROLE = "Maya Okafor", "Ward Nurse"
GRADING = Path(__file__).resolve().parent.parent / "deeptalk" / "offline" / "grading"


# -- apart from the engines ------------------------------------------------------------------------
@pytest.mark.parametrize("module", sorted(GRADING.glob("*.py")), ids=lambda path: path.name)
def test_a_grader_never_imports_an_engine(module):
    tree = ast.parse(module.read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [name for name in imported if "engines" in name.split(".")]


# -- text ------------------------------------------------------------------------------------------
def test_sentences_end_at_a_stop_before_a_capital_not_inside_a_number_or_an_abbreviation():
    said = "It takes 3.5 hours, e.g. on the a.m. shift. Then I chart! Why? Because."
    assert text.sentences(said) == ["It takes 3.5 hours, e.g. on the a.m. shift.", "Then I chart!", "Why?", "Because."]


@pytest.mark.parametrize(
    "forms", [("chart", "charts", "charting", "charted"), ("nurse", "nurses", "nursing"), ("plan", "planned")]
)
def test_a_word_s_forms_meet_at_one_stem(forms):
    assert len({text.stem(word) for word in forms}) == 1


def test_a_negation_turns_around_the_words_after_it_in_its_clause_only():
    marked = dict(text.marked_words("The charts are not really the problem, the rota is"))
    assert marked["problem"] and not marked["charts"] and not marked["rota"]


def test_a_negation_reaches_three_words_and_no_further():
    assert dict(text.marked_words("I don't think the old paper charts matter"))["matter"] is False


def test_a_contraction_negates_like_not():
    assert text.affirmed_stems("Paperwork isn't the issue") == {"paperwork"}


@given(st.text(alphabet=st.sampled_from("abcdefghij ,.!?'"), max_size=80))
def test_affirmed_stems_are_content_stems_of_the_same_text(said):
    assert text.affirmed_stems(said) <= text.content_stems(said)


@given(st.lists(st.sampled_from(["not", "but", "the", "rota", "isn't", "fine", ",", ".", "-", "never", "charts"])))
def test_marking_negations_keeps_every_word_in_order(tokens):
    said = " ".join(tokens)
    assert [word for word, _ in text.marked_words(said)] == text.words(said)


def test_a_but_ends_a_negation_s_reach():
    marked = dict(text.marked_words("Not the charts but the rota"))
    assert marked["charts"] and not marked["rota"]


# -- the customer ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "grader, said",
    [
        (lambda t: customer.self_naming(t, NAME), "Absolutely, Maya. I work nights."),
        (lambda t: customer.self_naming(t, NAME), "Maya Okafor here, nights again."),
        (lambda t: customer.self_naming(t, NAME), "Nothing, maya. I work nights."),
        (lambda t: customer.role_swap(t, ROLE), "I know your role as Ward Nurse is hard."),
        (lambda t: customer.role_swap(t, ROLE), "You're a ward nurse, so you know the drill."),
        (lambda t: customer.role_swap(t, ROLE), "Your day is filled with charts."),
        (lambda t: customer.role_swap(t, ROLE), "As a ward nurse, you chart all night."),
        (customer.assistant_talk, "I don't have the ability to access your real-life profile."),
        (customer.assistant_talk, "I'm sorry for any inconvenience this caused."),
        (customer.assistant_talk, "How can I help you today with your charting?"),
        (customer.assistant_talk, "As an AI, I don’t have shifts."),
        (customer.stage_directions, "(pauses, looking down) It was a long night."),
        (customer.stage_directions, "*sighs* The charts again."),
        (customer.bullets, "- I chart after every round."),
        (customer.bullets, "Two things: 1. the charts, 2. the handover."),
        (customer.placeholders, "I work at [Hospital Name] on nights."),
        (customer.placeholders, "We use XYZ software for it."),
    ],
)
def test_a_customer_defect_is_found(grader, said):
    assert grader(said)


@pytest.mark.parametrize(
    "said",
    [
        "I chart after every round, and the system logs me out twice a night.",
        "My ward has twenty-eight beds and two nurses on nights.",
        "As a ward nurse, I chart after every round.",
        "Maya, our matron, asks for the handover notes by seven.".replace("Maya", "Grace"),
        "I will hand over at seven, and I hope the day team is on time.",
        "Our manager asks for the notes by 7-8 a.m. most days.",
    ],
)
def test_a_plain_answer_has_no_defect(said):
    checks = [
        customer.self_naming(said, NAME),
        customer.role_swap(said, ROLE),
        customer.assistant_talk(said),
        customer.stage_directions(said),
        customer.bullets(said),
        customer.placeholders(said),
    ]
    assert not any(checks)


def test_a_first_name_that_is_also_a_word_is_only_a_name_as_a_name():
    assert not customer.self_naming("I will chart it later.", "Will Baker")
    assert customer.self_naming("Will Baker, ward nurse.", "Will Baker")
    assert not customer.self_naming("I chart it, will I? Yes, I will.", "Will Baker")


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks so much for having me!",
        "Oh, what a wonderful question.",
        "Definitely, definitely.",
        "No problem.",
        "I'm happy to share, honestly.",
        "Sorry, I'm so sorry.",
    ],
)
def test_a_pleasantry_and_nothing_else_is_filler(sentence):
    assert customer.is_filler(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Honestly, the stock count takes my whole Sunday.",
        "I'm glad the new till arrived, but it still crashes.",
        "I'm not happy with the rota.",
        "Nothing, if I'm honest.",
        "I don't know.",
        "For one month it was great.",
        "Thanks to the new pumps, 3 fewer alarms.",
    ],
)
def test_a_sentence_that_states_something_is_not_filler(sentence):
    assert not customer.is_filler(sentence)


@given(st.lists(st.sampled_from(["thanks", "glad", "so", "honestly", "!", "."]), min_size=1), st.integers(0, 99))
def test_a_sentence_with_a_number_is_never_filler(pleasantries, number):
    assert not customer.is_filler(f"{' '.join(pleasantries)} {number}")


def test_a_run_of_six_words_said_twice_is_a_repeat():
    said = ["The charting takes me two hours every night.", "As I said, it takes me two hours every night."]
    assert customer.repeated_runs(said) == [("takes", "me", "two", "hours", "every", "night")]


def test_runs_that_only_meet_across_a_sentence_end_are_no_repeat():
    assert customer.repeated_runs(["I chart at night. I hand over at seven.", "I chart at night, then sleep."]) == []


def test_an_answer_is_grounded_by_the_persona_s_own_words():
    own = customer.persona_words([ROLE, "Healthcare", "Night shifts on a surgical ward; charting eats time."])
    assert customer.grounded("The surgical team calls me twice.", own)
    assert customer.grounded("I chart at the desk.", own)


def test_grounding_knows_no_domain_vocabulary():
    own = customer.persona_words([ROLE, "Healthcare", "Night shifts on a surgical ward."])
    # "patients" belongs to nursing, but this persona never wrote it: grounding needs their words.
    assert not customer.grounded("Most days I have eight patients.", own)
    assert not customer.grounded("I really enjoy a good book.", own)


def test_the_fact_sheet_grounds_an_answer_too():
    own = customer.persona_words([ROLE, "Healthcare", "Night shifts.", "Tools: an e-chart system on a laptop."])
    assert customer.grounded("The laptop logs me out twice a night.", own)


# -- the interviewer -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "You mentioned charting. Why do you think that keeps happening?",
        "Can you tell me about a recent time when it went wrong?",
        "Thinking back to that night, what happened first?",
        "What's made it hard to keep up with?",
        "Roughly how much of your day goes on charting?",
        "And why?",
        "Worse in what way?",
    ],
)
def test_an_open_question_is_one(question):
    assert interviewer.is_one_open_question(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do you like your job?",
        "What happened? And why?",
        "Tell me about your week.",
        "You said the rota changes, do you plan it yourself?",
        "Is there anything else?",
        "Why? Is it the rota?",
    ],
)
def test_a_closed_question_or_two_questions_is_not_one_open_question(question):
    assert not interviewer.is_one_open_question(question)


@given(st.text(max_size=60).filter(lambda t: t.count("?") != 1))
def test_a_turn_without_exactly_one_question_mark_is_never_one_open_question(turn):
    assert not interviewer.is_one_open_question(turn)


def test_a_follow_up_takes_up_the_answer_in_the_question_it_asks():
    answer = "Charting eats the time I should spend with patients."
    assert interviewer.takes_up("What makes the charting take so long?", answer)
    assert not interviewer.takes_up("What would an ideal solution look like?", answer)


def test_a_lead_in_echo_before_a_stock_question_is_not_taking_up():
    answer = "My team and I cover forty beds."
    assert not interviewer.takes_up("Let's stay with the team for a moment. How did that make you feel?", answer)


def test_words_every_interview_uses_take_nothing_up():
    assert not interviewer.takes_up("What does a typical week look like?", "It was a long week at work.")


# -- answers on topic ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, answer",
    [
        ("Why do you think that keeps happening?", "Because the system logs us out every hour."),
        ("How did that make you feel at the time?", "Honestly, I was furious, and then just tired."),
        ("How did that make you feel?", "I wasn't worried, just annoyed."),
        ("What have you already tried to fix it?", "We started printing the charts at handover."),
        ("What does that problem cost you?", "About two hours a night, unpaid."),
        ("Who decides on new software?", "Kelvin, our MD."),
        ("Who would decide that?", "The ward manager and then the IT board."),
        ("Tell me about the last time it went wrong.", "Last Tuesday the pumps failed at three."),
        ("What else should I know?", "The night team is tiny."),
        ("Why?", "I don't know why, because nobody tells us."),
    ],
)
def test_an_answer_that_holds_what_the_question_asks_for_is_on_topic(question, answer):
    assert on_topic.answers(question, answer)


@pytest.mark.parametrize(
    "question, answer",
    [
        ("Why do you think that keeps happening?", "I don't know, really."),
        ("What have you tried?", "I'd rather not say."),
        ("How did that make you feel at the time?", "The rota is on the wall."),
        ("What does that problem cost you?", "It is what it is."),
        ("What else should I know?", "I'm too busy for this."),
    ],
)
def test_a_dodge_or_an_answer_past_the_question_is_not_on_topic(question, answer):
    assert not on_topic.answers(question, answer)


def test_a_question_s_kind_comes_from_the_sentence_that_asks():
    assert on_topic.question_kind("You felt it was wrong. What did you do?").name == "action"
    assert on_topic.question_kind("Anything else?") is None


# -- insights ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase", ["Give site managers back the", "Stock counts that match,", "Fewer calls…", "", "Sent back to the."]
)
def test_a_phrase_cut_mid_way_is_found(phrase):
    assert insights.is_cut(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["Stock counts that match the till", "Time to try new makers", "Trust in it", 'The main problem: "Like this."'],
)
def test_a_whole_phrase_is_not_cut(phrase):
    assert not insights.is_cut(phrase)


def test_invented_words_are_not_english_but_words_the_persona_or_customer_wrote_are():
    assert insights.not_english("Give site foremans the huldellenvuudet report", set()) == [
        "foremans",
        "huldellenvuudet",
    ]
    assert insights.not_english("Okafor charts on Scafftags", {"scafftags"}) == []


def test_an_item_is_supported_by_a_word_the_customer_affirmed():
    said = ["The till says one thing and the website another.", "I count stock every Sunday."]
    assert insights.supported("Stock counts that match the till", said)
    assert not insights.supported("Growth through new channels", said)


def test_an_item_is_not_supported_by_a_word_the_customer_negated():
    said = ["We have no paperwork to speak of.", "The pumps fail."]
    assert not insights.supported("Less paperwork", said)
    assert insights.supported("Pumps that work", said)


def test_a_quote_that_is_only_pleasantries_is_found():
    assert insights.is_pleasantry_quote("Thank you. I'm glad to help.")
    assert not insights.is_pleasantry_quote("Thank you. The pumps fail twice a night.")


def test_labels_come_from_the_corpus_vocabularies_and_a_strong_feeling_is_allowed():
    document = {
        "overallMood": "Frustrated",
        "themes": [
            {"theme": "Tools that fail", "emotionalTone": "Deeply Worried"},
            {"theme": "No Single Source of Truth", "emotionalTone": "Shame"},
        ],
        "emotionalJourney": [{"emotion": "Calm"}, {"emotion": "Proud but Stretched"}],
    }
    assert insights.labels_outside(document) == ["Shame", "Proud but Stretched", "No Single Source of Truth"]


def test_a_journey_phase_may_turn_from_one_feeling_to_another_of_the_vocabulary():
    document = {
        "overallMood": "Calm",
        "themes": [],
        "emotionalJourney": [
            {"emotion": "Calm, then Worried"},
            {"emotion": "Calm, then Calm"},
            {"emotion": "Calm, then Shame"},
        ],
    }
    assert insights.labels_outside(document) == ["Calm, then Calm", "Calm, then Shame"]


def test_a_mood_or_a_tone_is_one_feeling_never_a_turn():
    document = {
        "overallMood": "Calm, then Worried",
        "themes": [{"theme": "Tools that fail", "emotionalTone": "Frustrated, then Calm"}],
        "emotionalJourney": [{"emotion": "Calm"}],
    }
    assert insights.labels_outside(document) == ["Calm, then Worried", "Frustrated, then Calm"]


def test_a_summary_needs_two_to_four_sentences_and_a_run_of_the_customer_s_words():
    said = ["The charting takes me two hours every night."]
    good = "A night nurse. The charting takes me two hours, she says."
    assert not insights.is_bad_summary(good, said)
    assert insights.is_bad_summary("A night nurse with too much charting.", said)  # one sentence
    assert insights.is_bad_summary("A night nurse. Charting is slow for her.", said)  # not her words


def test_a_summary_may_say_honestly_that_no_problem_was_named():
    said = ["The charting takes me two hours every night."]
    assert not insights.is_bad_summary("A night nurse. She did not name a specific problem.", said)
