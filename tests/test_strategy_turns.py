"""The model engines' strategy without a model: what an answer keeps, how a follow-up takes up
the answer, and insights built from the customer's sentences. (What the interviewer asks next:
test_interviewer.py.)"""

import json
import re

import pytest
from helpers import validate
from hypothesis import given, settings
from hypothesis import strategies as st

from deeptalk import contract
from deeptalk.engines.model import extractive, guide, measures, turns, vocabulary
from deeptalk.guide_lint import lint_question

NAME, ROLE, INDUSTRY, BACKGROUND = "Maya Okafor", "Ward Nurse", "Healthcare", "Night shifts; charting eats time."
GROUNDING = vocabulary.domain_words(ROLE, INDUSTRY, BACKGROUND)


ALLOWED = {"maya", "okafor", "ward", "nurse", "healthcare"}


def reply(raw, said_before=()):
    return turns.reply(raw, NAME, ROLE, ALLOWED, list(said_before))


def test_an_answer_the_model_wrote_cleanly_is_kept_whole_as_model():
    answer = reply("Busy. I chart after every round, and the system logs me out twice a night.")
    assert answer.text == "Busy. I chart after every round, and the system logs me out twice a night."
    assert answer.provenance == "model" and answer.sentences == 2


@pytest.mark.parametrize(
    "raw",
    [
        "Absolutely, Maya. I chart after every round.",  # its own name
        "I don't have the ability to access your profile. I chart nights.",  # assistant talk
        "(sighs) The charts again.",  # a stage direction
        "- I chart after every round.",  # a bullet
        "We use the flumbrixator for charting.",  # a word in no English word list
        "",
    ],
)
def test_an_answer_a_reader_would_stop_at_is_refused_whole(raw):
    assert reply(raw) is None


def test_the_persona_and_fact_sheet_words_and_names_inside_a_sentence_are_english_enough():
    assert reply("We log it in the kardexo module.") is None
    assert turns.reply("We log it in the kardexo module.", NAME, ROLE, ALLOWED | {"kardexo"}, []) is not None
    assert reply("I drive to the Moycullen depot on Fridays.") is not None  # a name, as written


def test_a_first_name_that_is_a_word_is_no_self_naming():
    assert turns.reply("I will call the supplier again.", "Will Carter", ROLE, ALLOWED, []) is not None
    assert turns.reply("Honestly, Will, I chart nights.", "Will Carter", ROLE, ALLOWED, []) is None


def test_decimals_and_abbreviations_stay_inside_their_sentence():
    text = "It costs 3.5 hours at 9 a.m. sharp. Then €33.60 goes on taxis."
    answer = reply(text)
    assert answer.text == text and answer.sentences == 2 and answer.provenance == "model"


def test_an_unfinished_tail_is_cut_not_the_whole_answer():
    answer = reply("I chart after every round. The superviso")
    assert answer.text == "I chart after every round." and answer.provenance == "model-edited"


def test_a_sentence_with_other_numbers_is_not_a_repeat():
    assert reply("We had 12 leads last week.", ["We had 30 leads last week."]).provenance == "model"


def test_a_sentence_already_said_is_cut_and_the_answer_marked_edited():
    answer = reply("The system logs me out. I chart after every round.", ["Busy night. The system logs me out!"])
    assert answer.text == "I chart after every round." and answer.provenance == "model-edited"


def test_an_answer_ends_after_four_sentences():
    answer = reply("One bed. Two beds. Three beds. Four beds. Five beds.")
    assert answer.text == "One bed. Two beds. Three beds. Four beds."


@given(raw=st.text(max_size=300))
def test_whatever_the_model_says_a_kept_answer_passes_every_check(raw):
    answer = reply(raw)
    if answer is not None:
        assert measures.customer_defects(answer.text, NAME, ROLE) == []
        assert measures.non_english_words(answer.text, ALLOWED) == []
        assert len(answer.text) <= turns.REPLY_CHARS and answer.sentences <= turns.REPLY_SENTENCES


def follow_up(answers, question="What did you do about that afterwards?", focus="", asked=(), number=1):
    if isinstance(answers, str):
        answers = [answers]
    return turns.follow_up(answers, list(asked), question, GROUNDING, {"maya", "okafor"}, "s", number, focus)


def test_a_follow_up_leads_in_with_a_noun_phrase_of_the_answer_then_asks_the_guides_question():
    answer = "I keep the rota in a shared Excel sheet, and nobody updates it."
    question = follow_up(answer, "How do you keep track of all that today?")
    assert question.endswith("How do you keep track of all that today?")
    assert "the shared Excel sheet." in question  # "a" thing mentioned is "the" thing
    assert measures.is_one_open_question(question) and measures.takes_up(question, answer)


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ("I chart on my laptop, and it freezes.", "your laptop"),  # "my" in the customer's mouth
        ("We lose an hour a night to our charting system.", "your charting system"),
        ("I had three weeks of missing inspections on my sheet.", "missing inspections"),
        ("It ends at the handover meeting.", "the handover meeting"),
        ("Everything lives in Google Sheets, which nobody checks.", "Google Sheets"),
        ("He had been on the ward since January.", "the ward"),  # a linking word ends a phrase
        ("Most of it goes to Kraków by van.", "Kraków"),  # a name in any alphabet, whole: not "Krak w"
        ("Last Tuesday the cart froze at two in the morning.", "the cart"),  # not "the cart froze"
        ("At six the pager broke again.", "the pager"),
        ("I do about fifteen night shifts.", "the night shifts"),  # a count is no part of the thing
    ],
)
def test_the_phrase_taken_up_is_said_as_the_interviewer_would_say_it(answer, phrase):
    assert f" {phrase}." in follow_up(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "I honestly cannot explain it anymore, it just happens.",
        "The whole day starts at seven and operates on instinct.",  # "day starts": a verb by its place
        "Our site goes from one job to the next.",  # "site goes"
        "It was a bit tricky, to be honest.",  # a bit, a lot: nothing to take up
        "I did it in June and again in July.",  # the calendar is no topic
        "The charting backlog grows, and the hire overruns slip.",  # "backlog grows", "overruns slip": verbs
        "It was all that came back to me twice.",  # "that came back": a past verb and an adverb
        "About four hundred jobs a week, about three per site.",  # "the per site": a rate, no thing
        "It cost me two hundred quid.",  # money is no topic
        "Half my shift goes out the door late.",  # "late" describes, it names nothing
        "It ends in the biggest problem of all.",  # "the problem" names nothing either
        "My mum's birthday took the week.",  # the family: a detail of their life, not of the work
        "My wife, mostly.",
    ],
)
def test_without_a_noun_phrase_a_follow_up_is_the_guides_question_alone(answer):
    assert follow_up(answer) == "What did you do about that afterwards?"


PROS_AND_CONS, KEEPING_TRACK = (
    "What are the pros and cons of that setup?",
    "What are the pros and cons of the way you keep track of things today?",
)


@pytest.mark.parametrize(
    "answers",
    [
        ["It cost me two hundred quid."],  # no thing named: "that setup" would point at nothing
        ["We keep everything in a shared Excel sheet.", "It cost me two hundred quid."],  # nor a jump back
    ],
)
def test_without_a_lead_in_of_the_last_answer_a_question_whose_that_needs_one_is_worded_on_its_own(answers):
    asked = turns.follow_up(answers, [], PROS_AND_CONS, GROUNDING, set(), "s", 1, "tool", KEEPING_TRACK)
    assert asked == KEEPING_TRACK


def test_a_word_that_names_no_thing_ends_no_phrase_even_where_the_persona_says_it():
    grounding = GROUNDING | {"come", "anyway"}  # a background of "bookings come by phone"
    answer = "Two hundred people come through this month. I cancelled the contract anyway."
    question = turns.follow_up([answer], [], "What did you do about that afterwards?", grounding, set(), "s", 1)
    assert question == "What did you do about that afterwards?"


def test_a_question_about_the_problem_takes_up_the_phrase_that_names_it():
    answer = "My shifts are long, and the ward is busy. Most nights it ends in a charting backlog, again."
    assert "the charting backlog" in follow_up(answer, focus="problem")


def test_when_the_last_answer_says_nothing_of_the_problem_the_follow_up_goes_back_to_it():
    answers = ["Every night ends in a charting backlog.", "We have thirty beds and a good team on the ward."]
    question = follow_up(answers, focus="problem")
    assert question == "Let's go back to the charting backlog. What did you do about that afterwards?"
    # never twice: going back once more would repeat the lead word for word
    assert follow_up(answers, focus="problem", asked=[question]) == "What did you do about that afterwards?"


def test_a_word_the_interviewer_already_took_up_is_not_taken_up_again():
    answer = "I keep the rota in a shared Excel sheet, and nobody updates it."
    assert "sheet" not in follow_up(answer, asked=["You mentioned the shared Excel sheet. What happened?"])


def test_consecutive_follow_ups_are_led_in_differently_and_repeat_no_six_words():
    answers = [
        "It all goes on the charting backlog.",
        "Then there are the patients.",
        "It ends at the handover meeting.",
        "I worry about the night rota.",
    ]
    questions = ["Why?", "How?", "What?", "Who?"]
    asked = [follow_up(a, q, number=n) for n, (a, q) in enumerate(zip(answers, questions, strict=True))]
    assert len({q.split()[0] + q.split()[1] for q in asked}) == 4
    assert measures.repeated_runs(asked) == set()


_WORDS = st.sampled_from(
    "the a my our this these sixty 12 ideal next future would if app tool solution system sheet shared Excel "
    "Google rota charting backlog patients ward night nights late again every week missing paper I we they "
    "keep goes starts runs is was were and of to with on because , . ! ? ; it's don't".split()
)


@given(
    words=st.lists(st.lists(_WORDS, min_size=1, max_size=14), min_size=1, max_size=3),
    question=st.sampled_from(
        [text.format(role="a ward nurse") for texts in guide.QUESTIONS.values() for text in texts]
    ),
    focus=st.sampled_from(["", "problem", "tool"]),
    number=st.integers(0, 9),
)
def test_every_follow_up_whatever_was_answered_passes_the_guide_linter(words, question, focus, number):
    answers = [" ".join(sentence) + "." for sentence in words]
    led = turns.follow_up(answers, [], question, GROUNDING, set(), "s", number, focus)
    assert lint_question(led) == [] and measures.is_one_open_question(led)
    assert led.endswith(question)


ANSWERS = [
    ("Opening", "I work twelve-hour night shifts on a surgical ward. Most nights I have eight patients."),
    ("Problem Discovery", "Charting eats the time I should spend with my patients. I hate it when the system crashes."),
    (
        "Deep Dive",
        "I tried writing notes on paper first, but then I type everything twice. I worry that I miss "
        "something important.",
    ),
    ("Current Solutions", "I wish charting took five minutes instead of an hour. I would love to go home on time."),
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
            assert all(item in said for item in items)  # a field may be short: none fits
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
    assert journey[1:3] == ["Frustrated", "Worried"]  # "I hate it when…", "I worry that…"


def test_a_phase_whose_answers_all_say_one_negative_feeling_is_deeply_so():
    said = [
        ("Opening", "My shifts are steady, the usual routine on the ward."),
        ("Problem Discovery", "I hate that the charting system crashes. It frustrates me every single night."),
        ("Problem Discovery", "I'm fed up with typing notes twice, it's so annoying."),
    ]
    journey = [p["emotion"] for p in build(said, "Calm")["emotionalJourney"]]
    assert journey[1] == "Deeply Frustrated"
    assert journey[2:] == ["Frustrated"] * 3  # phases without answers carry the feeling on, plainly


def test_a_phase_whose_answers_show_two_feelings_turns_from_one_to_the_other_in_their_order():
    said = [
        ("Opening", "My shifts are steady, the usual routine on the ward."),
        ("Problem Discovery", "I'm relieved the new rota started, honestly."),
        ("Problem Discovery", "I worry that I miss something important at handover."),
    ]
    journey = build(said, "Calm")["emotionalJourney"]
    assert journey[1]["emotion"] == "Relieved, then Worried"
    assert journey[1]["emoji"] == vocabulary.EMOJIS["Relieved"]  # the feeling beside it


def test_a_positive_feeling_is_never_deeply_so():
    said = [("Opening", "My shifts are calm and steady."), ("Opening", "It's fine, a normal routine, calm.")]
    assert build(said, "Calm")["emotionalJourney"][0]["emotion"] == "Calm"


# -- the fact sheet and the answer's token budget -------------------------------------------------
SHEET = (
    "Work: Night nurse on a 28-bed surgical ward.\nTools: Epic on a cart.\nNumbers: 8 patients a night.\n"
    "Incident: Last Tuesday the cart froze.\nTried: Paper notes.\nCost: An hour a night.\n"
    "Decides: The ward manager.\nAttitude: Talks openly about the problem and its details."
)


NUMBERS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()


def task_of(messages) -> str:
    """Which of the adapter's tasks a call asks for: facts, ask (a question) or answer."""
    system = messages[0]["content"]
    return (
        "facts"
        if system.startswith("Write the fact sheet")
        else "ask"
        if system.startswith("You are interv")
        else "answer"
    )


class ScriptedBackend:
    """Writes SHEET when asked for a fact sheet, `question` when asked for a question and `text`
    for every answer ({n}: the call's number), noting each call."""

    parallel_calls = 1

    def __init__(self, text: str, tokens_used: int | None = None, sheet: str = SHEET, question: str = ""):
        self.text, self.tokens_used, self.sheet, self.question = text, tokens_used, sheet, question
        self.calls: list[tuple[str, int, list[dict]]] = []

    def complete(self, messages, *, seed, max_tokens, temperature, **options):
        from deeptalk.engines.backends import Completion

        task = task_of(messages)
        self.calls.append((task, max_tokens, messages))
        said = {"facts": self.sheet, "ask": self.question, "answer": self.text}[task]
        count = sum(call[0] == task for call in self.calls)  # each task counts its own calls
        text = said.replace("{n}", NUMBERS[count % len(NUMBERS)])
        used = max_tokens if self.tokens_used is None else min(self.tokens_used, max_tokens)
        return Completion(text, "stop" if task == "facts" else "length", 300, used)

    def close(self):
        pass


def interview(backend, length=12):
    from deeptalk.engines.model import strategy
    from deeptalk.records import Persona
    from deeptalk.settings import PROJECT_ROOT

    engine = strategy.ModelEngine("test", backend, PROJECT_ROOT / "templates", None)
    return engine, list(engine.converse(Persona(NAME, ROLE, INDUSTRY, BACKGROUND), 7, (), length))


def strategy_module():
    from deeptalk.engines.model import strategy

    return strategy


def test_the_fact_sheet_is_written_once_and_every_answer_is_asked_with_it():
    backend = ScriptedBackend("I chart after round {n}. The cart freezes on bed {n}.")
    _, said = interview(backend)
    facts = [call for call in backend.calls if call[0] == "facts"]
    answers = [call for call in backend.calls if call[0] == "answer"]
    assert len(facts) == 1 and len(answers) == 6
    assert all("Numbers: 8 patients a night." in messages[0]["content"] for _, _, messages in answers)
    # the interview so far follows the system prompt: the interviewer as user, the customer as assistant
    last = answers[-1][2]
    assert [m["role"] for m in last[1:]] == ["user", "assistant"] * 5 + ["user"]
    assert [m["content"] for m in last[1:]] == [t.message for t in said[:-1]]


def test_a_fact_sheet_line_with_an_invented_word_is_left_out_and_work_is_never_missing():
    backend = ScriptedBackend("I chart.", sheet="Tools: The zorblatt machine.\nCost: An hour a night.")
    engine, _ = interview(backend, 10)
    sheet = engine.facts(Persona_(), 7)
    assert "zorblatt" not in sheet and "Cost: An hour a night." in sheet
    assert sheet.startswith("Work: Ward Nurse in Healthcare.")


def test_a_fact_sheet_line_cut_off_by_the_token_limit_is_left_out():
    class CutOff(ScriptedBackend):
        def complete(self, messages, **options):
            done = super().complete(messages, **options)
            return type(done)(done.text, "length", done.prompt_tokens, done.completion_tokens)

    engine, _ = interview(CutOff("I chart.", sheet="Cost: An hour a night.\nAttitude: Doubts the"), 10)
    sheet = engine.facts(Persona_(), 7)
    assert "Cost: An hour a night." in sheet and "Attitude" not in sheet


class SeededBackend(ScriptedBackend):
    """Answers by the call's seed alone, as a real backend does: the same call, the same text."""

    def complete(self, messages, *, seed, max_tokens, temperature, **options):
        from deeptalk.engines.backends import Completion

        if task_of(messages) == "facts":
            return Completion(f"Work: Ward nurse, rota {NUMBERS[seed % 15]}.", "stop", 50, 10)
        if task_of(messages) == "ask":
            return Completion(f"What happened after round {NUMBERS[seed % 15]}?", "stop", 50, 8)
        return Completion(f"I chart after round {NUMBERS[seed % 15]}, bed {NUMBERS[seed // 15 % 15]}.", "stop", 50, 9)


def test_an_interview_resumed_from_its_history_goes_on_as_it_would_have():
    from deeptalk.engines.model import strategy
    from deeptalk.settings import PROJECT_ROOT

    first = strategy.ModelEngine("test", SeededBackend(""), PROJECT_ROOT / "templates", None)
    whole = list(first.converse(Persona_(), 21, (), 12))
    restarted = strategy.ModelEngine("test", SeededBackend(""), PROJECT_ROOT / "templates", None)
    assert list(restarted.converse(Persona_(), 21, whole[:5], 12)) == whole[5:]
    assert restarted.notes(Persona_(), 21) == first.notes(Persona_(), 21)


def Persona_():
    from deeptalk.records import Persona

    return Persona(NAME, ROLE, INDUSTRY, BACKGROUND)


def test_candidates_are_sampled_while_the_answers_token_budget_lasts():
    strategy = strategy_module()
    backend = ScriptedBackend("(sighs) Nothing to say.")  # always refused, every token used
    _, said = interview(backend)
    answers = [max_tokens for task, max_tokens, _ in backend.calls if task == "answer"]
    per_answer = len(answers) // 6
    assert per_answer == len(range(strategy.ANSWER_BUDGET, strategy.MIN_CANDIDATE_TOKENS - 1, -strategy.ANSWER_TOKENS))
    assert all(t.provenance == "template" for t in said if t.agent == "customer")


def test_a_candidate_that_stops_early_leaves_its_unused_tokens_to_the_next():
    long = ScriptedBackend("(sighs) Nothing.")
    short = ScriptedBackend("(sighs) Nothing.", tokens_used=20)
    interview(long), interview(short)
    assert len(short.calls) > len(long.calls)


def test_a_good_first_candidate_is_taken_at_once():
    backend = ScriptedBackend("I chart after round {n}.")
    _, said = interview(backend)
    assert len([c for c in backend.calls if c[0] == "answer"]) == 6
    assert [t.provenance for t in said if t.agent == "customer"][0] == "model"


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
        "I finish the handover notes after the shift ends.",
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


class MoodBackend(ScriptedBackend):
    """Answers the overall mood's call with the last feeling it is offered, noting the offer."""

    def __init__(self, text: str):
        super().__init__(text)
        self.offered: list[str] = []

    def complete(self, messages, *, seed, max_tokens, temperature, **options):
        from deeptalk.engines.backends import Completion

        schema = options.get("json_schema")
        if schema is None:
            return super().complete(messages, seed=seed, max_tokens=max_tokens, temperature=temperature, **options)
        self.offered = schema["properties"]["mood"]["enum"]
        return Completion(json.dumps({"mood": self.offered[-1]}), "stop", 10, 10)


def test_the_overall_mood_is_chosen_among_the_feelings_the_journey_names():
    from deeptalk.records import Message, Persona, message_id

    backend = MoodBackend("")
    engine, _ = interview(backend, 2)
    transcript = []
    for i, (_, answer) in enumerate(ANSWERS):
        transcript.append(Message(message_id(2 * i), "interviewer", "What happened?", "", "template"))
        transcript.append(Message(message_id(2 * i + 1), "customer", answer, "", "model"))
    insights = engine.analyse(Persona(NAME, ROLE, INDUSTRY, BACKGROUND), 5, transcript)
    named = {f for p in insights["emotionalJourney"] for f in vocabulary.feelings_named(p["emotion"])}
    assert set(backend.offered) == named
    assert insights["overallMood"] == backend.offered[-1]


def test_the_moods_choices_are_named_by_more_phases_first():
    steps = [{"emotion": e} for e in ("Calm", "Frustrated", "Deeply Frustrated", "Calm, then Worried", "Calm")]
    labels = extractive.label_answers([extractive.Answer("Opening", "I run the ward at night.")])
    assert extractive.mood_choices(steps, labels) == ["Calm", "Frustrated", "Worried"]


def test_a_run_of_six_words_already_said_or_said_twice_is_cut():
    question = "What is the most frustrating part of that work for you right now?"
    echo = reply("The most frustrating part of that work is the rota. I hate it.", [question])
    assert echo.text == "I hate it." and echo.provenance == "model-edited"
    twice = reply("I chart after every round on the ward. Then I chart after every round on the ward again.")
    assert twice.text == "I chart after every round on the ward."


# -- the interviewer's questions, model-written ------------------------------------------------
TAKEN_UP = "What happens on the ward when the cart freezes?"


def test_a_model_written_question_that_takes_up_the_answer_is_asked():
    _, said = interview(ScriptedBackend("The cart freezes on bed {n} every night.", question=TAKEN_UP))
    questions = [t for t in said if t.agent == "interviewer"]
    assert [t.message for t in questions if t.provenance == "model"] == [TAKEN_UP]  # asked once only
    assert questions[0].provenance == "template" and questions[-1].provenance == "template"  # greeting, close


def test_each_question_call_carries_the_interview_and_what_the_question_is_for():
    backend = ScriptedBackend("The cart freezes on bed {n} every night.", question=TAKEN_UP)
    _, said = interview(backend)
    asks = [messages for task, _, messages in backend.calls if task == "ask"]
    assert asks
    for messages in asks:
        assert messages[-1]["role"] == "user" and "(Next: " in messages[-1]["content"]
        assert [m["role"] for m in messages[1:]] == ["user", "assistant"] * ((len(messages) - 2) // 2) + ["user"]


@pytest.mark.parametrize(
    "question",
    [
        "Would you use an app that did the charting for you?",  # hypothetical, a pitch, yes or no
        "Do you chart at night?",  # yes or no
        "What did Gareth say about the cart freezing?",  # a name the interview never said
        "What happened with the cart, and what did it cost you?",  # two questions in one
        "Tell me about the zorblatt on the cart.",  # no question; an invented word
        "When did the cart last get you late on the ward?",  # a garbled shape (question_shape.py)
    ],
)
def test_a_model_question_that_breaks_a_rule_is_replaced_by_the_guides(question):
    _, said = interview(ScriptedBackend("The cart freezes on bed {n} every night.", question=question))
    assert all(t.message != question for t in said)
    assert all(t.provenance == "template" for t in said if t.agent == "interviewer")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=120))
def test_whatever_the_model_writes_every_question_asked_is_one_open_question_the_linter_passes(question):
    _, said = interview(ScriptedBackend("The cart freezes on bed {n} every night.", question=question), 10)
    for turn in said:
        if turn.agent == "interviewer":
            assert measures.is_one_open_question(turn.message) and not lint_question(turn.message), turn.message


@pytest.mark.parametrize(
    "question, good",
    [
        ("What do the three hundred tickets cost you each week?", True),
        ("What do the hundred tickets cost you each week?", False),  # three hundred, half quoted
        ("Who decides how the six suppliers run their business?", False),  # she has five
        ("Which one of the five suppliers costs you most?", True),  # "one" is no count
        ("What do the thousand orders cost you?", False),  # five thousand, half quoted
    ],
)
def test_a_model_question_says_no_number_the_interview_did_not(question, good):
    said = "Maya Okafor, Ward Nurse. I sell three hundred tickets a week through five suppliers: five thousand orders."
    known = {w for w in measures.words(f"{said} {question}")}  # every word known: only the numbers judged
    asked = strategy_module().good_question(question, "follow_up", "more", said, known, "Ward Nurse", said)
    assert asked is good


KNOWN = {"cart", "freezes", "bed", "four", "ward", "nurse", "the", "on"}


@pytest.mark.parametrize(
    "question, move, goal, good",
    [
        ("What happens on the ward when the cart freezes?", "follow_up", "more", True),
        ("How is your family doing these days?", "follow_up", "more", False),  # takes up nothing of the answer
        ("When did the cart last freeze on you?", "last_time", "last_time", True),
        ("What is the hardest part of your shift?", "last_time", "last_time", False),  # asks for no time
        ("Who signs off on new equipment for the ward?", "decides", "decides", True),
        ("Who decides what the ward spends on software?", "decides", "decides", True),
        ("Who decides how the ward works?", "decides", "decides", False),  # no tool, spending or change
        ("Who decides on your own time?", "decides", "decides", False),
        ("What did the cart freezing cost you that night?", "cost", "cost", True),
        ("What did you try when the cart froze?", "tools", "tools", False),  # asks for no tool
        ("Thanks, Maya. What else should I know about the cart?", "close", "close", True),
        ("What else should I know about the cart?", "close", "close", False),  # no thanks before the close
        ("Thanks, Maya. What should I have known before you did?", "close", "close", False),  # asks nothing else
        ("Thanks, Maya. What else about my job should I know?", "close", "close", False),  # the roles swapped
        ("Thanks, Maya. What else about your job should I know?", "close", "close", True),
    ],
)
def test_a_model_question_must_ask_what_its_goal_asks(question, move, goal, good):
    strategy = strategy_module()
    known = KNOWN | {"maya"}
    answer = "The cart freezes on bed four."
    assert strategy.good_question(question, move, goal, answer, known, "Ward Nurse", answer) is good


def test_the_model_writes_questions_only_for_goals_whose_answers_the_guide_can_judge():
    strategy = strategy_module()
    backend = ScriptedBackend("The cart freezes on bed {n} every night.", question=TAKEN_UP)
    engine, _ = interview(backend, 16)
    notes = [messages[-1]["content"].rsplit("(Next: ", 1)[1] for task, _, messages in backend.calls if task == "ask"]
    allowed = {tasks_module().MOVES[m] for m in [*strategy.guide.ASKS_FOR, "follow_up"]}
    assert notes and all(note.rstrip(".)") in allowed for note in notes)


def test_the_model_may_word_the_close_when_it_thanks_the_customer_and_asks_what_else():
    close = "Thanks, Maya. What else should I know about the cart on your ward?"
    _, said = interview(ScriptedBackend("The cart freezes on bed {n} every night.", question=close))
    assert said[-2].message == close and said[-2].provenance == "model"


def test_a_refusal_is_closed_in_the_guides_own_words_whatever_the_model_would_write():
    close = "Thanks, Maya. What else should I know about the cart on your ward?"
    _, said = interview(ScriptedBackend("I'd rather not talk about my work, sorry.", question=close), 10)
    assert said[-2].provenance == "template"
    assert said[-2].message.endswith(strategy_module().guide.CLOSING_AFTER_REFUSAL.text)


def test_a_probe_after_a_dodge_is_the_guides_own_whatever_the_model_would_write():
    probe = "What did your work on the ward look like this morning?"
    _, said = interview(ScriptedBackend("I'm not sure, I don't know about the cart.", question=probe))
    after_dodge = said[2]  # the first answer dodged the opening question
    assert after_dodge.provenance == "template" and after_dodge.message != probe
    assert after_dodge.message.startswith(strategy_module().guide.AFTER_DODGE)


def test_a_model_question_that_echoes_six_words_already_said_is_not_asked():
    echo = "What happens when the cart freezes on bed four every night?"
    _, said = interview(ScriptedBackend("The cart freezes on bed four every night.", question=echo))
    assert all(t.message != echo for t in said)


def tasks_module():
    from deeptalk.engines.model import tasks

    return tasks


@pytest.mark.parametrize(
    "answer",
    [
        "I had about three hundred tickets on the desk.",
        "There were two hundred and fifty slips in the box.",
        "We serve four hundred fifty-odd customers each week.",
        "We had five thousand orders on the board.",
    ],
)
def test_a_number_is_left_out_of_the_phrase_whole_never_half_quoted(answer):
    # "the hundred tickets" misquotes three hundred; "the tickets" does not
    led = follow_up(answer)
    assert not any(f"the {word}" in led for word in ("hundred", "thousand", "fifty", "four"))
    assert any(f"the {thing}." in led for thing in ("tickets", "slips", "customers", "orders"))


class AnsweringBackend(ScriptedBackend):
    """Answers each question by what it asks (the first cue found in it), each answer once."""

    ANSWERS = (
        ("who", "The ward manager, Mrs Okafor."),
        ("cost", "About two hours a night, maybe more."),
        ("how much", "About two hours a night, maybe more."),
        ("track", "A paper list in my pocket, then the cart when it works."),
        ("tried", "I rang the night pharmacist every time the cart froze."),
        ("do", "I rang the night pharmacist every time the cart froze."),
        ("hardest", "The charting cart. It freezes on every round, so my notes go in twice."),
        ("when", "Last Tuesday the cart froze at two in the morning and I lost an hour of notes."),
    )
    OTHER = ("Eight patients a night on a surgical ward, mostly post-op.", "The night pharmacist, mostly.")

    def complete(self, messages, *, seed, max_tokens, temperature, **options):
        from deeptalk.engines.backends import Completion

        if task_of(messages) != "answer" or options.get("json_schema"):
            return super().complete(messages, seed=seed, max_tokens=max_tokens, temperature=temperature, **options)
        question = messages[-1]["content"].lower()
        words = set(re.findall(r"[a-z]+", question))
        said = next((a for cue, a in self.ANSWERS if (cue in question if " " in cue else cue in words)), None)
        said = said or self.OTHER[len(self.calls) % len(self.OTHER)]
        return Completion(said, "stop", 300, 20)


def test_the_summary_quotes_the_answer_to_the_guides_question_for_what_was_tried_and_no_other():
    from deeptalk.records import Message, Persona, message_id

    engine, said = interview(AnsweringBackend(""), 16)
    transcript = [Message(message_id(i), t.agent, t.message, "", t.provenance) for i, t in enumerate(said)]
    summary = engine.analyse(Persona(NAME, ROLE, INDUSTRY, BACKGROUND), 7, transcript)["summary"]
    assert 'What they have tried so far: "I rang the night pharmacist every time the cart froze."' in summary
    # The close's "Who else should I talk to?" is answered by a person, but asks no one who decides.
    assert [t.message for t in said][-1] == "The ward manager, Mrs Okafor."
    interviewer = strategy_module().guide.Interviewer(7, strategy_module().guide.plan(7, ROLE, 8), ROLE, "Maya")
    goals = strategy_module()._goals_asked(interviewer, transcript)
    assert goals[len(transcript) - 1] == "close" and "The ward manager" not in summary
