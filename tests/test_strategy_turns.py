"""The model engines' strategy without a model: what an answer keeps, how a follow-up takes up
the answer, and insights built from the customer's sentences."""
import jsonschema
from hypothesis import given, strategies as st

from deeptalk import contract, guide, measures, vocabulary
from deeptalk.engines import extractive, turns

NAME, ROLE, INDUSTRY, BACKGROUND = "Maya Okafor", "Ward Nurse", "Healthcare", "Night shifts; charting eats time."
GROUNDING = vocabulary.domain_words(ROLE, INDUSTRY, BACKGROUND)


def edit(raw, said_before=()):
    return turns.edit_answer(raw, NAME, ROLE, GROUNDING, list(said_before))


def test_an_answer_the_model_wrote_cleanly_is_kept_whole_as_model():
    answer = edit("I chart after every round on my ward. The system logs me out twice a night.")
    assert answer.text == "I chart after every round on my ward. The system logs me out twice a night."
    assert answer.provenance == "model" and answer.grounded and answer.good


def test_filler_names_and_assistant_talk_are_dropped_and_the_answer_marked_edited():
    answer = edit("Absolutely, Maya. I'm glad to hear that. I chart after every round on my ward. "
                  "I don't have the ability to access your profile. My patients wait while I type.")
    assert answer.text == "I chart after every round on my ward. My patients wait while I type."
    assert answer.provenance == "model-edited"


def test_phrases_already_said_are_not_said_again():
    answer = edit("I chart after every round on my ward. I hate the night shifts.",
                  said_before=["Well, I chart after every round on my ward, as always."])
    assert answer is None or "after every round on my ward" not in answer.text


def test_an_answer_that_talks_past_the_question_is_not_good_but_one_that_answers_it_is():
    why = guide.expected_cues("Why do you think that keeps happening?")
    past = turns.edit_answer("I work nights on my ward. My patients need me all night.", NAME, ROLE, GROUNDING, [], why)
    answering = turns.edit_answer("It keeps happening because my ward is short of nurses. My patients wait for their medication.",
                                  NAME, ROLE, GROUNDING, [], why)
    assert not past.on_topic and not past.good
    assert answering.on_topic and answering.good and answering.quality > past.quality


def test_what_two_sentences_make_together_is_checked_too():
    # A numbered "bullet" across a sentence end, a run said before across one, speech in brackets.
    bullet = edit("My ward has beds for many: 30. They are all full every night on my shift.")
    assert bullet is None or measures.customer_defects(bullet.text, NAME, ROLE) == []
    repeated = edit("I worry about the charting on nights. But my patients come first always.",
                    said_before=["The charting on nights, but my patients come first."])
    assert repeated is None or measures.repeated_runs([repeated.text, "The charting on nights, but my patients "
                                                                      "come first."]) == set()
    bracketed = edit("(I chart after every round on my ward. The system logs me out twice a night.)")
    assert bracketed.text == "I chart after every round on my ward. The system logs me out twice a night."


def test_an_answer_with_nothing_left_is_refused():
    assert edit("Thank you! I'm so glad to be here. What about you?") is None


@given(raw=st.text(max_size=300))
def test_whatever_the_model_says_a_kept_answer_passes_every_check(raw):
    answer = edit(raw)
    if answer is not None:
        assert measures.customer_defects(answer.text, NAME, ROLE) == []
        assert not any(measures.is_filler(s) for s in measures.sentences(answer.text))
        assert len(answer.text) <= turns.MAX_CHARS and "?" not in answer.text


def test_a_follow_up_leads_in_with_a_word_of_the_answer_then_asks_the_guides_question():
    question = turns.follow_up("Charting eats the time I should spend with my patients.",
                               "Why do you think that keeps happening?", GROUNDING, {"maya", "okafor"}, "s", 1)
    assert question.endswith("Why do you think that keeps happening?")
    assert measures.is_one_open_question(question)
    assert measures.takes_up(question, "Charting eats the time I should spend with my patients.")


ANSWERS = [
    ("Opening", "I work twelve-hour night shifts on a surgical ward. Most nights I have eight patients."),
    ("Problem Discovery", "Charting eats the time I should spend with my patients. I hate it when the system crashes."),
    ("Deep Dive", "I tried writing notes on paper first, but then I type everything twice. I worry that I miss "
                  "something important."),
    ("Vision", "I wish charting took five minutes instead of an hour. I would love to go home on time."),
    ("Closure", "We need tools that work on the ward at night."),
]


def build(answers=ANSWERS, mood="Frustrated"):
    return extractive.build(NAME, ROLE, INDUSTRY, BACKGROUND, answers, guide.PHASES, mood)


def test_insights_are_the_contract_with_every_item_something_the_customer_said():
    insights = build()
    jsonschema.validate(insights, contract.INSIGHTS)
    said = [s for _, answer in ANSWERS for s in measures.sentences(answer)]
    for group in ("humanInsights", "contextualInsights"):
        for items in insights[group].values():
            assert items and all(item in said for item in items)
    assert all(quote in said for quote in contract.quotes_of(insights))


def test_insight_labels_come_from_the_closed_vocabularies():
    insights = build()
    needs = vocabulary.NEEDS
    assert insights["overallMood"] == "Frustrated"
    assert all(t["theme"] in vocabulary.THEMES and t["underlyingNeed"] in needs for t in insights["themes"])
    assert all(t["emotionalTone"] in vocabulary.FEELINGS for t in insights["themes"])
    assert all(p["emotion"] in vocabulary.LABELS for p in insights["emotionalJourney"])


def test_the_summary_names_the_problem_in_the_customers_words():
    summary = build()["summary"]
    assert 2 <= len(measures.sentences(summary)) <= 4
    assert any(sentence in summary for _, answer in ANSWERS for sentence in measures.sentences(answer))


def test_the_emotional_journey_follows_what_was_said_in_each_phase():
    calm = [(phase, "My shifts on the ward are steady.") for phase in guide.PHASES]
    assert [p["emotion"] for p in build(calm, "Calm")["emotionalJourney"]] == ["Calm"] * 5
    journey = [p["emotion"] for p in build()["emotionalJourney"]]
    assert journey[3] == "Hopeful" and journey != ["Calm"] * 5


def test_a_phase_that_shows_a_feeling_three_times_over_is_deeply_so_and_carries_on_plainly():
    said = [("Opening", "My shifts are steady and fine, the usual routine on the ward."),
            ("Problem Discovery", "The charting system crashed twice on my ward last night."),
            ("Deep Dive", "My ward has thirty beds and two nurses.")]
    journey = [p["emotion"] for p in build(said, "Calm")["emotionalJourney"]]
    assert journey[:3] == ["Deeply Calm", "Frustrated", "Frustrated"]


def test_without_a_word_of_its_work_a_follow_up_leads_in_only_with_a_thing_the_answer_named():
    question = "Why do you think that keeps happening?"
    assert turns.follow_up("I honestly cannot explain it anymore, it just happens.", question, set(), set(), "s",
                           1) == question
    assert turns.follow_up("The whole day starts at seven and operates on instinct.", question, set(), set(), "s",
                           1) == question
    led = turns.follow_up("I keep everything in the spreadsheet, which nobody updates.", question, set(), set(),
                          "s", 1)
    assert "spreadsheet" in led and led.endswith(question)


def test_consecutive_follow_ups_are_led_in_differently_and_repeat_no_six_words():
    answers = ["Charting eats my nights.", "The patients wait for me.", "Handover runs late.", "The ward is full."]
    asked = [turns.follow_up(a, q, GROUNDING, set(), "s", n) for n, (a, q) in
             enumerate(zip(answers, ["Why?", "How did that feel?", "What have you tried?", "What would help?"]))]
    assert len({q.split()[0:2][0] + q.split()[1] for q in asked}) == 4
    assert measures.repeated_runs(asked) == set()
