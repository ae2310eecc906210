"""The model engines' strategy without a model: what an answer keeps, how a follow-up takes up
the answer, and insights built from the customer's sentences."""

import json

from helpers import validate
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import contract
from deeptalk.engines.model import extractive, guide, measures, turns, vocabulary

NAME, ROLE, INDUSTRY, BACKGROUND = "Maya Okafor", "Ward Nurse", "Healthcare", "Night shifts; charting eats time."
GROUNDING = vocabulary.domain_words(ROLE, INDUSTRY, BACKGROUND)


def edit(raw, said_before=()):
    return turns.edit_answer(raw, NAME, ROLE, GROUNDING, list(said_before))


def test_an_answer_the_model_wrote_cleanly_is_kept_whole_as_model():
    answer = edit("I chart after every round on my ward. The system logs me out twice a night.")
    assert answer.text == "I chart after every round on my ward. The system logs me out twice a night."
    assert answer.provenance == "model" and answer.grounded and answer.good


def test_filler_names_and_assistant_talk_are_dropped_and_the_answer_marked_edited():
    answer = edit(
        "Absolutely, Maya. I'm glad to hear that. I chart after every round on my ward. "
        "I don't have the ability to access your profile. My patients wait while I type."
    )
    assert answer.text == "I chart after every round on my ward. My patients wait while I type."
    assert answer.provenance == "model-edited"


def test_phrases_already_said_are_not_said_again():
    answer = edit(
        "I chart after every round on my ward. I hate the night shifts.",
        said_before=["Well, I chart after every round on my ward, as always."],
    )
    assert answer is None or "after every round on my ward" not in answer.text


def test_an_answer_that_talks_past_the_question_is_not_good_but_one_that_answers_it_is():
    why = guide.expected_cues("Why do you think that keeps happening?")
    past = turns.edit_answer("I work nights on my ward. My patients need me all night.", NAME, ROLE, GROUNDING, [], why)
    answering = turns.edit_answer(
        "It keeps happening because my ward is short of nurses. My patients wait for their medication.",
        NAME,
        ROLE,
        GROUNDING,
        [],
        why,
    )
    assert not past.on_topic and not past.good
    assert answering.on_topic and answering.good and answering.quality > past.quality


def test_what_two_sentences_make_together_is_checked_too():
    # A numbered "bullet" across a sentence end, a run said before across one, speech in brackets.
    bullet = edit("My ward has beds for many: 30. They are all full every night on my shift.")
    assert bullet is None or measures.customer_defects(bullet.text, NAME, ROLE) == []
    repeated = edit(
        "I worry about the charting on nights. But my patients come first always.",
        said_before=["The charting on nights, but my patients come first."],
    )
    assert (
        repeated is None
        or measures.repeated_runs([repeated.text, "The charting on nights, but my patients come first."]) == set()
    )
    bracketed = edit("(I chart after every round on my ward. The system logs me out twice a night.)")
    assert bracketed.text == "I chart after every round on my ward. The system logs me out twice a night."


def test_the_background_told_in_the_third_person_is_refused():
    assert edit("She works night shifts on a busy ward. Charting eats her time every night.") is None


def test_an_answer_not_in_the_first_person_is_refused():
    assert edit("They need you every day of their lives. The ward never sleeps at night.") is None
    assert edit("I chart for hours on my ward every night. The system is slow on nights.").good


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
    question = turns.follow_up(
        "Charting eats the time I should spend with my patients.",
        "Why do you think that keeps happening?",
        GROUNDING,
        {"maya", "okafor"},
        "s",
        1,
    )
    assert question.endswith("Why do you think that keeps happening?")
    assert measures.is_one_open_question(question)
    assert measures.takes_up(question, "Charting eats the time I should spend with my patients.")


ANSWERS = [
    ("Opening", "I work twelve-hour night shifts on a surgical ward. Most nights I have eight patients."),
    ("Problem Discovery", "Charting eats the time I should spend with my patients. I hate it when the system crashes."),
    (
        "Deep Dive",
        "I tried writing notes on paper first, but then I type everything twice. I worry that I miss "
        "something important.",
    ),
    ("Vision", "I wish charting took five minutes instead of an hour. I would love to go home on time."),
    ("Closure", "We need tools that work on the ward at night."),
]


def build(answers=ANSWERS, mood="Frustrated"):
    return extractive.build(NAME, ROLE, INDUSTRY, BACKGROUND, answers, guide.PHASES, mood)


def test_insights_are_the_contract_with_every_item_something_the_customer_said():
    insights = build()
    validate(insights, contract.INSIGHTS)
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
    said = [
        ("Opening", "My shifts are steady and fine, the usual routine on the ward."),
        ("Problem Discovery", "The charting system crashed twice on my ward last night."),
        ("Deep Dive", "My ward has thirty beds and two nurses."),
    ]
    journey = [p["emotion"] for p in build(said, "Calm")["emotionalJourney"]]
    assert journey[:3] == ["Deeply Calm", "Frustrated", "Frustrated"]


def test_without_a_word_of_its_work_a_follow_up_leads_in_only_with_a_thing_the_answer_named():
    question = "Why do you think that keeps happening?"
    assert (
        turns.follow_up("I honestly cannot explain it anymore, it just happens.", question, set(), set(), "s", 1)
        == question
    )
    assert (
        turns.follow_up("The whole day starts at seven and operates on instinct.", question, set(), set(), "s", 1)
        == question
    )
    led = turns.follow_up("I keep everything in the spreadsheet, which nobody updates.", question, set(), set(), "s", 1)
    assert "spreadsheet" in led and led.endswith(question)


def test_consecutive_follow_ups_are_led_in_differently_and_repeat_no_six_words():
    answers = ["Charting eats my nights.", "The patients wait for me.", "Handover runs late.", "The ward is full."]
    asked = [
        turns.follow_up(a, q, GROUNDING, set(), "s", n)
        for n, (a, q) in enumerate(
            zip(answers, ["Why?", "How did that feel?", "What have you tried?", "What would help?"], strict=True)
        )
    ]
    assert len({q.split()[0:2][0] + q.split()[1] for q in asked}) == 4
    assert measures.repeated_runs(asked) == set()


# -- the answer's token budget ----------------------------------------------------------------
class ScriptedBackend:
    """Answers every call with the same text, noting each call's max_tokens."""

    parallel_calls = 1

    def __init__(self, text: str, tokens_used: int | None = None):
        self.text, self.tokens_used, self.max_tokens = text, tokens_used, []

    def complete(self, messages, *, seed, max_tokens, temperature, **options):
        from deeptalk.engines.backends import Completion

        self.max_tokens.append(max_tokens)
        used = max_tokens if self.tokens_used is None else min(self.tokens_used, max_tokens)
        return Completion(self.text, "length", 300, used)

    def close(self):
        pass


def answer_calls(backend) -> list[list[int]]:
    """Each answer's calls (their max_tokens) in one interview of 12 messages."""
    from deeptalk.engines.model import strategy
    from deeptalk.records import Persona
    from deeptalk.settings import PROJECT_ROOT

    engine = strategy.ModelEngine("test", backend, PROJECT_ROOT / "templates", None)
    calls, done = [], 0
    for turn in engine.converse(Persona(NAME, ROLE, INDUSTRY, BACKGROUND), 7, (), 12):
        if turn.agent == "customer":
            calls.append(backend.max_tokens[done:])
            done = len(backend.max_tokens)
    return calls


def test_candidates_are_sampled_while_the_answers_token_budget_lasts():
    from deeptalk.engines.model import strategy

    # Never a good answer (no first person), every candidate using all its tokens.
    calls = answer_calls(ScriptedBackend("The ward is busy. The charts are long."))
    assert calls[0] == [strategy.FIRST_ANSWER_BUDGET]
    assert all(sum(c) <= strategy.ANSWER_BUDGET and max(c) <= strategy.ANSWER_TOKENS for c in calls[1:])
    assert all(strategy.ANSWER_BUDGET - sum(c) < strategy.MIN_CANDIDATE_TOKENS for c in calls[1:])


def test_a_candidate_that_stops_early_leaves_its_unused_tokens_to_the_next():
    from deeptalk.engines.model import strategy

    short = ScriptedBackend("The ward is busy.", tokens_used=20)
    assert len(answer_calls(short)[1]) > len(answer_calls(ScriptedBackend("The ward is busy."))[1])
    assert all(
        len(c) == (strategy.ANSWER_BUDGET - strategy.MIN_CANDIDATE_TOKENS) // 20 + 1 for c in answer_calls(short)[1:]
    )


def test_an_answer_never_copies_six_words_of_the_persona_background():
    from deeptalk.engines.model import strategy
    from deeptalk.records import Persona
    from deeptalk.settings import PROJECT_ROOT

    background = "Milks 120 cows on a family farm in Friesland."
    copying = ScriptedBackend("I milk my cows before dawn every day. I milk 120 cows on a family farm in Friesland.")
    engine = strategy.ModelEngine("test", copying, PROJECT_ROOT / "templates", None)
    said = [
        t.message
        for t in engine.converse(Persona("Jan de Vries", "Dairy Farmer", "Agriculture", background), 3, (), 10)
        if t.agent == "customer"
    ]
    assert said and not any(measures.runs_of([s]) & measures.runs_of([background]) for s in said)


def test_the_last_resort_answers_pass_the_measures_and_share_no_run_of_words():
    for text in turns.LAST_RESORT:
        assert not measures.is_filler(text) and measures.customer_defects(text, NAME, ROLE) == []
    assert measures.repeated_runs(turns.LAST_RESORT, length=4) == set()


def test_insights_never_quote_a_last_resort_answer():
    from deeptalk.engines.model import strategy
    from deeptalk.records import Message, Persona, message_id
    from deeptalk.settings import PROJECT_ROOT

    engine = strategy.ModelEngine("test", ScriptedBackend('{"mood": "Frustrated"}'), PROJECT_ROOT / "templates", None)
    spoken = [
        "I chart for hours after every night shift on my ward.",
        turns.LAST_RESORT[0],
        "The charting system logs me out twice a night, so I lose my notes.",
        turns.LAST_RESORT[1],
    ]
    transcript = []
    for i, answer in enumerate(spoken):
        transcript.append(Message(message_id(2 * i), "interviewer", "What happened?", "", "template"))
        transcript.append(
            Message(
                message_id(2 * i + 1), "customer", answer, "", "template" if answer in turns.LAST_RESORT else "model"
            )
        )
    insights = engine.analyse(Persona(NAME, ROLE, INDUSTRY, BACKGROUND), 5, transcript)
    text = json.dumps(insights)
    assert not any(line.split(";")[0].split(" right")[0] in text for line in turns.LAST_RESORT)
    assert "charting system logs me out" in insights["summary"]
