"""What the interviewer asks next (guide.py): the goal the answers have not covered yet, a dodge
probed once from another angle, a refusal closed politely within the contract's 10-20 messages,
no feelings or causes before an event, and every question it can ask passes the guide linter."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deeptalk.engines.backends import Completion
from deeptalk.engines.model import guide, measures, strategy
from deeptalk.guide_lint import lint_question
from deeptalk.records import Persona
from deeptalk.settings import PROJECT_ROOT

NAME, ROLE, INDUSTRY, BACKGROUND = "Maya Okafor", "Ward Nurse", "Healthcare", "Night shifts; charting eats time."

ROUTINE = "I work twelve-hour night shifts on a surgical ward with eight patients."
PROBLEM = "Charting is the worst part, it eats the time I should spend with patients."
EVENT = "Last Tuesday the charting system crashed and I lost two hours of notes."
REPEAT = "It crashes again every week, and I lose my notes each time."
TOOLS = "We chart on a laptop on a cart, and I keep paper notes as a backup."
DECIDES = "The ward manager decides, and the budget is signed off by the trust."
COST = "It cost me two hours of overtime, unpaid."
DODGE = "I don't know, hard to say."
OFF_TOPIC = "We have thirty beds and a good team on the ward."
QUESTION_BACK = "What's this for, exactly?"
REFUSAL = "I'm too busy for this, sorry."


def interview(answer, exchanges=8, seed=3, requested=True, owner=False):
    """The interviewer's asks, each answered by `answer(asks so far)`."""
    interviewer = guide.Interviewer(seed, guide.plan(seed, ROLE, exchanges), ROLE, "Maya", requested, owner)
    asks = []
    while not interviewer.finished:
        ask = interviewer.next()
        interviewer.asked(ask)
        asks.append(ask)
        interviewer.heard_answer(answer(asks))
    return asks


def talk(answers, exchanges=8, seed=3, requested=True):
    """The interviewer's asks over `answers` (the last one repeated while it asks on)."""
    return interview(lambda asks: answers[min(len(asks) - 1, len(answers) - 1)], exchanges, seed, requested)


def spoken(ask):
    return f"{ask.lead} {ask.question}".strip()


# -- every question passes the linter -------------------------------------------------------------
@pytest.mark.parametrize("role", ["Ward Nurse", "ER Nurse", "Owner", "Scaffolding Contracts Manager"])
def test_every_question_the_guide_can_ask_passes_the_guide_linter(role):
    for question in guide.every_question(role, "Maya"):
        assert lint_question(question) == [], question
        assert measures.is_one_open_question(question), question


@pytest.mark.parametrize("seed", range(4))
def test_every_greeting_and_opening_passes_the_guide_linter(seed):
    for step in guide.plan(seed, ROLE, 6)[:1]:
        assert lint_question(f"{guide.greeting(seed, 'Maya')} {step.fallback}") == []


def test_every_question_of_the_guide_asks_what_its_goal_asks():
    """The words a model-written question must use for a goal are those the guide's own use."""
    for goal in guide.GOALS_OF_THE_GUIDE:
        if goal.name in guide.ASKS_FOR:
            for question in (*goal.asks, *goal.probes):
                assert guide.ASKS_FOR[goal.name].search(question.text), (goal.name, question.text)
    for question in guide.CLOSING:
        assert guide.ASKS_FOR["close"].search(question.text), question.text
    for name, about in guide.ASKS_ABOUT.items():
        for question in guide.GOALS_BY_NAME[name].asks:
            assert about.search(question.text), (name, question.text)


def test_no_question_of_the_guide_imagines_a_future_or_an_ideal():
    for question in guide.every_question(ROLE, "Maya"):
        words = set(measures.words(question))
        assert not words & {"would", "if", "ideal", "imagine", "future", "will"}, question


@pytest.mark.parametrize("owner", [True, False])
def test_who_decides_is_asked_of_a_sole_trader_as_how_they_decided_never_who_signs_off(owner):
    answers = [ROUTINE, PROBLEM, EVENT, COST, TOOLS, "It is slow, and I copy it all by hand."]
    asked = {
        ask.question
        for seed in range(8)
        for ask in interview(lambda asks: answers[min(len(asks) - 1, len(answers) - 1)], 10, seed, owner=owner)
        if ask.goal == "decides" and ask.move == "ask"
    }
    owners = {q.text for q in guide.GOALS_BY_NAME["decides"].asks if q.asked_of == "owner"}
    assert asked and (asked <= owners if owner else not asked & owners)


# -- what an answer covers ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer, event",
    [
        (EVENT, True),
        ("In August an auditor found three scaffolds with expired tags.", True),
        ("Yesterday the van broke down on the way to the first job.", True),
        (ROUTINE, False),
        ("On Mondays I plan the week.", False),  # a habit, not an event
        ("Maybe four hundred an hour in June.", False),  # "hundred" is no past verb
        ("The laptop sat in my office for two hours; he had no idea, so I called the client.", True),  # a story
        ("It is always busy.", False),
    ],
)
def test_an_event_is_a_time_and_something_that_happened(answer, event):
    assert guide.describes_event(answer) is event


@pytest.mark.parametrize(
    "answer, problem",
    [
        (PROBLEM, True),
        ("The invoices slip every month.", True),
        ("That's no problem for us, the team is great.", False),
        ("Our mission is to care for people.", False),  # "mission" is no "miss"
        ("I have breakfast at six.", False),  # nor "breakfast" a "break"
    ],
)
def test_a_problem_is_something_that_goes_wrong_said_in_whole_words(answer, problem):
    assert guide.describes_problem(answer) is problem


@pytest.mark.parametrize(
    "answer, repeat",
    [(REPEAT, True), ("The system crashes twice a night.", True), (EVENT, False), ("Every day I chart.", False)],
)
def test_a_repeat_is_a_problem_said_to_happen_more_than_once(answer, repeat):
    assert guide.describes_repeat(answer) is repeat


@pytest.mark.parametrize(
    "answer, refusal",
    [
        (REFUSAL, True),
        ("I'd rather not talk about that.", True),
        ("I don't want to do this.", True),
        ("Sorry, I have to go now.", True),
        ("We're too busy to chart properly in winter.", False),  # a problem, not a refusal
        ("I have to go to the pharmacy twice a night for the keys.", False),
        ("I'd rather not.", True),
        ("I'd rather not say, sorry.", True),
        ("The van's tyres, which I'd rather not do myself, go to a garage in town.", False),  # a preference
        (
            "I'd rather not say the exact figure, but the overtime comes to about three hundred pounds a month "
            "across the whole team on nights.",
            False,  # declines a detail, answers the question
        ),
    ],
)
def test_a_refusal_declines_the_interview_not_a_task(answer, refusal):
    assert guide.refuses(answer) is refusal


@pytest.mark.parametrize(
    "answer, dodge", [(DODGE, True), ("Busy.", True), ("No idea, really.", True), (EVENT, False), (PROBLEM, False)]
)
def test_unsure_or_next_to_nothing_is_a_non_answer(answer, dodge):
    assert guide.unsure(answer) is dodge


@pytest.mark.parametrize(
    "answer, tool",
    [
        (TOOLS, True),
        ("It all goes on the whiteboard in the office.", True),
        ("We don't have a system for that at all.", False),  # named as missing
        ("The board decides in March.", False),  # a board that decides keeps no track
    ],
)
def test_a_tool_is_something_used_to_keep_track_not_one_said_to_be_missing(answer, tool):
    assert guide.names_a_tool(answer) is tool


@pytest.mark.parametrize(
    "answer, named",
    [
        ("Calls.", True),
        ("Finding suppliers. They never answer the phone.", True),
        ("Busy.", False),
        ("Everything, honestly.", False),
        ("Not sure.", False),
        ("I'd rather not.", False),
        (PROBLEM, False),  # a whole sentence: read for its problem words instead
    ],
)
def test_a_part_of_the_work_named_in_a_few_words_is_told_apart_from_a_non_answer(answer, named):
    assert guide.names_a_part(answer) is named


def test_a_part_of_the_work_named_in_a_few_words_answers_which_part_goes_wrong():
    asks = talk([ROUTINE, "Calls. I've been doing them for about two years now.", EVENT, COST, TOOLS, DECIDES])
    assert asks[1].goal == "problem"
    assert asks[2].move != "probe" and asks[2].goal != "problem"


# -- the next question follows what is missing ----------------------------------------------------
def test_an_answer_that_already_tells_the_last_incident_is_not_asked_for_it_again():
    asks = talk([f"{ROUTINE} {EVENT}", PROBLEM, COST, TOOLS, DECIDES, OFF_TOPIC])
    assert "last_time" not in [ask.goal for ask in asks]


def test_an_answer_that_names_a_tool_is_not_asked_what_they_use():
    asks = talk([f"{ROUTINE} {TOOLS}", PROBLEM, EVENT, COST, DECIDES, OFF_TOPIC])
    assert "tools" not in [ask.goal for ask in asks]


@pytest.mark.parametrize(
    ("answer", "covers"),
    [
        ("I sign off against any missing checklist on my phone before leaving.", False),
        ("The owner decides the rota every Monday.", False),
        ("Anything over her budget gets approved by the practice manager.", True),
        ("The owner decides what software we buy.", True),
        ("We are always over budget.", False),  # "budget" decides nothing on its own
        ("The new owner is much nicer than the old one.", False),
    ],
)
def test_who_decides_is_heard_in_passing_only_of_tools_spending_or_a_change(answer, covers):
    assert bool(guide.INCIDENTALLY["decides"](answer)) is covers


def test_the_order_of_the_questions_follows_the_answers_not_a_script():
    told_early = [ask.goal for ask in talk([f"{ROUTINE} {PROBLEM} {EVENT}", COST, TOOLS, DECIDES, OFF_TOPIC])]
    told_late = [ask.goal for ask in talk([ROUTINE, OFF_TOPIC, OFF_TOPIC, PROBLEM, EVENT, COST, TOOLS])]
    assert told_early[1] != told_late[1] and told_early != told_late


def test_a_goal_that_needs_a_problem_waits_for_one():
    # no problem named: no question about what it cost or what was done about it
    asks = talk([ROUTINE, OFF_TOPIC, OFF_TOPIC, OFF_TOPIC, TOOLS, DECIDES, OFF_TOPIC])
    assert not {"cost", "actions", "cause", "feeling"} & {ask.goal for ask in asks}


# -- dodges, questions back and refusals ----------------------------------------------------------
def test_a_dodge_is_probed_once_from_another_angle_then_the_interview_moves_on():
    asks = talk([ROUTINE, DODGE, DODGE, PROBLEM, EVENT, COST, TOOLS])
    asked, probe, after = asks[1], asks[2], asks[3]
    assert asked.goal == probe.goal == "problem" and (asked.move, probe.move) == ("ask", "probe")
    assert probe.question != asked.question and probe.lead in guide.AFTER_DODGE
    assert after.goal != "problem"


def test_an_answer_about_something_else_is_probed_too_without_pretending_it_was_vague():
    asks = talk([ROUTINE, OFF_TOPIC, PROBLEM, EVENT, COST, TOOLS, DECIDES])
    assert asks[2].move == "probe" and asks[2].lead in guide.HEARD


@pytest.mark.parametrize(
    "answer, nothing",
    [
        ("Nothing, I'm not sure.", True),
        ("I don't know, I've never tried anything like it.", True),
        ("Nothing yet. I keep asking for an app.", True),
        ("We haven't really done anything about it.", True),
        ("I tried a shared calendar, but nobody kept it up.", False),
        ("I don't know, hard to say.", False),
        ("It costs us nothing.", False),
    ],
)
def test_nothing_tried_is_said_outright(answer, nothing):
    assert guide.tried_nothing(answer) is nothing


# -- an answer to the question asked is heard, however hedged ------------------------------------
@pytest.mark.parametrize(
    "goal, answer",
    [
        ("cost", "Two hundred and twenty-five euros. I'd been doing it since 2018."),
        ("cost", "Half a day, maybe. I don't know exactly."),
        ("cost", "About fifteen hours. I'm not saying it's boring."),
        ("cost", "Three hundred and fifty minutes, so I'm not counting it."),
        ("cost", "One or two hours of my own time."),
        ("last_time", "September. The doctor was furious."),
        ("last_time", "January. A client's list changed, so I spent two evenings on it."),
        ("actions", "I rang her. I'm not sure I was wrong to think so much about it."),
        ("actions", "Since May I keep two separate records for each piece sold."),
        ("actions", "I've sent a message to all crews when they're busy."),
        ("decides", "The district manager, Mr McQuinn."),
        ("decides", "Me, for the fee and my own phone."),
        ("decides", "Just me, really."),
        ("decides", "I decide, but I'm not sure what the details are."),  # a hedge after the answer
        ("decides", "I compared three quotes online and bought the cheapest oven."),  # how an owner decides
        ("problem", "No one checks the sheet, so the orders go missing."),  # "No one" denies nothing
        ("problem", "Half-empty mornings. I'm not sure it's the phone part, but half are on me."),
        ("cost", "I don't say, I can tell you. Maybe a hundred and fifty pesos on the boat?"),
        ("actions", "I had to ring her twice."),
        ("tools", "The group chat, I think."),
        ("tools", "Nothing. I keep it all in my head."),
        ("gaps", "Nothing, really. It works for what I need."),
        ("alternatives", "I wrote the call list in a WhatsApp group instead."),
        ("problem", "A bad night. The alarm failed, a bird died and my boss asked me to pay for it."),
    ],
)
def test_an_answer_to_the_question_asked_is_heard_however_hedged(goal, answer):
    interviewer = guide.Interviewer(3, guide.plan(3, ROLE), ROLE, "Maya")
    assert not interviewer.dodged(answer, goal)


@pytest.mark.parametrize(
    "goal, answer",
    [
        ("cost", DODGE),
        ("cost", "I don't know, it was a bad week."),  # "a bad week" is no amount
        # what gives them most trouble: none named, whatever words follow
        (
            "problem",
            "Nothing. I'd rather be on the phone with Anna than in the classroom, and I'm not sure it's hard to keep a "
            "record of what happens at home.",
        ),
        ("problem", "No. The rota is late every week, but that's just the job."),
        ("cost", "Writing up my reports on paper. Thirty sessions, and I'm lucky if it's all in one place."),
        ("last_time", "May as well admit it, I forgot."),  # "May" the verb is no month
        ("last_time", "It cost us 2000 euros."),  # nor a sum a year
        ("decides", "I do not know."),
        ("decides", "No idea, we just use MS Excel."),
        ("decides", "I don't know, I'm not the manager."),  # a role said as not theirs
        ("cost", "I do it twice a week, not sure what it costs."),  # a frequency is no amount
        ("cost", "Hard to say, it started two weeks ago."),  # nor a time ago
        ("cost", "It was a good week."),
        ("cost", "I see a hundred patients, no idea."),  # a count is no money
        ("actions", "I'm not sure, I keep forgetting."),  # an amount or a deed after "not sure" is no answer
        ("actions", "I thought about an hourly rate, but I'm not sure."),  # a thought is no deed
        ("actions", "I was there the whole time, not sure."),  # nor a state
        ("decides", "Hard to say, it depends."),
        ("decides", "Let me think about it, I'm not sure."),  # "me" not first names no one
        ("cost", "Two hours? What's this for, exactly?"),  # an amount with a question back
    ],
)
def test_a_hedge_without_what_was_asked_is_still_a_dodge(goal, answer):
    interviewer = guide.Interviewer(3, guide.plan(3, ROLE), ROLE, "Maya")
    assert interviewer.dodged(answer, goal)


def test_an_amount_answers_what_it_cost_and_it_is_not_asked_again():
    answers = {
        **GOAL_ANSWERS,
        "last_time": "Last Tuesday the charting system crashed in the middle of my round.",
        "actions": "I tried a shared calendar.",
        "cost": "Two hundred euros, maybe. I'm not sure.",
    }
    asks = talk_by_goal(lambda goal: answers.get(goal, DECIDES))
    goals = [ask.goal for ask in asks]
    assert goals.count("cost") == 1
    assert not any(ask.move == "probe" for ask in asks)


def talk_by_goal(answer_for):
    """The interviewer's asks, each answered by `answer_for(goal)`."""
    return interview(lambda asks: answer_for(asks[-1].goal), exchanges=10)


GOAL_ANSWERS = {"work": ROUTINE, "problem": PROBLEM, "last_time": EVENT, "cost": COST, "tools": TOOLS}


@pytest.mark.parametrize(
    "answer, asked",
    [
        ("In May.", "What happened in May?"),
        ("Jan, January. Twenty-five lakhs in a small village.", "What happened in January?"),
        ("Last Tuesday, I think.", "What happened last Tuesday?"),
        ("Tuesday.", "What happened on Tuesday?"),
        ("In 2019.", "What happened in 2019?"),
    ],
)
def test_a_time_alone_to_when_it_last_happened_is_asked_what_happened_then(answer, asked):
    answers = {**GOAL_ANSWERS, "last_time": answer}
    asks = talk_by_goal(lambda goal: answers.get(goal, DECIDES))
    first = next(n for n, ask in enumerate(asks) if ask.goal == "last_time")
    assert spoken(asks[first + 1]) == asked


@pytest.mark.parametrize("goal", ["problem", "actions", "last_time"])
def test_a_time_said_alone_to_any_question_is_asked_what_happened_then(goal):
    answers = {**GOAL_ANSWERS, goal: "Last Friday."}
    asks = talk_by_goal(lambda asked: answers.get(asked, DECIDES))
    first = next(n for n, ask in enumerate(asks) if ask.goal == goal)
    assert spoken(asks[first + 1]) == "What happened last Friday?"


def test_a_time_that_opens_a_story_answers_when_it_last_happened_and_is_not_asked_again():
    told = "September. The doctor was furious because she'd never seen one like that before."
    asks = talk_by_goal(lambda asked: {**GOAL_ANSWERS, "last_time": told}.get(asked, DECIDES))
    assert [ask.goal for ask in asks].count("last_time") == 1
    assert not any(ask.question.startswith("What happened in September") for ask in asks)


def test_a_time_with_more_said_is_no_time_alone_except_to_when_it_last_happened():
    answers = {**GOAL_ANSWERS, "problem": "Last Friday, the rota was a mess and nobody could say who was on."}
    asks = talk_by_goal(lambda asked: answers.get(asked, DECIDES))
    assert not any(ask.question.startswith("What happened last Friday") for ask in asks)


def test_a_time_with_nothing_after_it_still_ends_the_question_after_one_more_try():
    asks = talk_by_goal(lambda goal: "In May." if goal == "last_time" else GOAL_ANSWERS.get(goal, DECIDES))
    assert [ask.goal for ask in asks].count("last_time") == 2


NO_TOOL_ANSWERS = {
    **GOAL_ANSWERS,
    "last_time": "Last Tuesday the night shift ran two hours over and I stayed late.",
    "actions": "I tried asking for an extra nurse.",
}


@pytest.mark.parametrize("nothing", ["Nothing at all.", "Nothing really, I just remember it."])
def test_nothing_used_today_leaves_nothing_to_fall_short(nothing):
    asks = talk_by_goal(lambda goal: nothing if goal == "tools" else NO_TOOL_ANSWERS.get(goal, DECIDES))
    goals = [ask.goal for ask in asks]
    assert "tools" in goals and "gaps" not in goals


@settings(max_examples=60)
@given(seed=st.integers(0, 99), exchanges=st.integers(6, 10))
def test_what_led_to_that_follows_an_answer_that_told_what_happened_not_one_about_cost_or_deeds(seed, exchanges):
    # every answer tells a problem and an event: only the question it answered holds the cause back
    told = "Last Tuesday the charting system crashed and I lost two hours of notes, so I rang IT and they fixed it."
    asks = interview(lambda asks: told, exchanges, seed)
    for previous, ask in itertools.pairwise(asks):
        if ask.goal in ("cause", "feeling"):
            assert previous.goal not in ("cost", "actions", "tools", "gaps", "decides", "alternatives")


@pytest.mark.parametrize("nothing", ["Nothing, I'm not sure.", "I don't know, I've never tried anything like it."])
def test_nothing_tried_answers_what_was_tried_and_is_not_probed(nothing):
    asks = talk_by_goal(lambda goal: nothing if goal == "actions" else GOAL_ANSWERS.get(goal, DECIDES))
    goals = [ask.goal for ask in asks]
    assert "actions" in goals and goals.count("actions") == 1
    assert not any(ask.move == "probe" and ask.goal == "actions" for ask in asks)


def test_a_dodge_of_what_was_tried_is_still_probed():
    asks = talk_by_goal(lambda goal: DODGE if goal == "actions" else GOAL_ANSWERS.get(goal, DECIDES))
    assert any(ask.move == "probe" and ask.goal == "actions" for ask in asks)


def test_a_question_back_is_answered_honestly_before_the_probe():
    asks = talk([ROUTINE, QUESTION_BACK, PROBLEM, EVENT, COST, TOOLS, DECIDES])
    assert asks[2].move == "probe" and asks[2].lead == guide.AFTER_PUSHBACK


@pytest.mark.parametrize("exchanges", [5, 7, 10])
def test_a_refusal_keeps_a_requested_length_with_light_questions_and_a_polite_close(exchanges):
    asks = talk([ROUTINE, REFUSAL, "Ten years now, on and off.", "The people, mostly."], exchanges)
    assert len(asks) == exchanges
    assert [ask.move for ask in asks[2:-1]] == ["light"] * (exchanges - 3)
    assert asks[-1].move == "close" and "Thank you for your time, Maya." in asks[-1].lead
    if exchanges > 3:
        assert asks[2].lead in guide.AFTER_REFUSAL  # acknowledged once, not at every question


@pytest.mark.parametrize("refused_at, closes_after", [(1, 5), (3, 5), (5, 7)])
def test_a_refusal_without_a_requested_length_closes_as_soon_as_the_contract_allows(refused_at, closes_after):
    answers = [ROUTINE, PROBLEM, EVENT, COST, TOOLS, DECIDES, OFF_TOPIC, OFF_TOPIC]
    answers[refused_at] = REFUSAL
    asks = talk(answers, exchanges=8, requested=False)
    assert len(asks) == closes_after and asks[-1].move == "close"


# -- feelings and causes wait for what they are about ---------------------------------------------
ANSWERS = st.sampled_from(
    [ROUTINE, PROBLEM, EVENT, REPEAT, TOOLS, DECIDES, COST, DODGE, OFF_TOPIC, QUESTION_BACK, REFUSAL, "Busy."]
)


@settings(max_examples=150)
@given(answers=st.lists(ANSWERS, min_size=1, max_size=10), exchanges=st.integers(5, 10), seed=st.integers(0, 99))
def test_no_question_about_feelings_or_causes_before_an_event_or_a_problem_was_told(answers, exchanges, seed):
    asks = talk(answers, exchanges, seed)
    for n, ask in enumerate(asks):
        before = [answers[min(i, len(answers) - 1)] for i in range(n)]
        events = sum(guide.describes_event(a) and not guide.unsure(a) for a in before)
        if ask.goal == "feeling":
            assert events
        if ask.goal == "cause":
            assert events or any(guide.describes_problem(a) for a in before)
        if "keeps happening" in ask.question or "usually sets" in ask.question:
            assert events > 1 or any(guide.describes_repeat(a) for a in before)
        if ask.goal in ("cost", "actions"):
            assert events or any(guide.describes_problem(a) for a in before)
        if ask.goal in ("feeling", "cause"):  # its "that" is what was just told
            last = before[-1]
            assert not guide.unsure(last) and (guide.describes_problem(last) or guide.describes_event(last))


@settings(max_examples=150)
@given(
    answers=st.lists(ANSWERS, min_size=1, max_size=10),
    exchanges=st.integers(5, 10),
    seed=st.integers(0, 99),
    requested=st.booleans(),
)
def test_any_answers_give_10_to_20_messages_each_question_once_and_linted(answers, exchanges, seed, requested):
    asks = talk(answers, exchanges, seed, requested)
    assert guide.MIN_EXCHANGES <= len(asks) <= exchanges and (requested is False or len(asks) == exchanges)
    assert asks[-1].move == "close" and all(ask.move != "close" for ask in asks[:-1])
    questions = [ask.question for ask in asks if ask.goal != "more"]
    assert len(questions) == len(set(questions))
    assert all(lint_question(spoken(ask)) == [] for ask in asks)
    assert talk(answers, exchanges, seed, requested) == asks  # the same answers, the same questions


# -- the engine -----------------------------------------------------------------------------------
class SayingBackend:
    """Answers every question with the same line; a fact sheet of one line."""

    parallel_calls = 1

    def __init__(self, line: str):
        self.line = line

    def complete(self, messages, *, seed, max_tokens, temperature, **options):
        if messages[0]["content"].startswith("Write the fact sheet"):
            return Completion("Work: Night nurse on a surgical ward.", "stop", 50, 10)
        return Completion(self.line, "stop", 50, 10)

    def close(self):
        pass


def converse(line, length=None, seed=5):
    engine = strategy.ModelEngine("test", SayingBackend(line), PROJECT_ROOT / "templates", None)
    return list(engine.converse(Persona(NAME, ROLE, INDUSTRY, BACKGROUND), seed, (), length))


def test_a_customer_who_refuses_gets_the_contracts_10_messages_and_a_polite_close():
    said = converse(REFUSAL)
    assert len(said) == 10 and said[-2].message.endswith(guide.CLOSING_AFTER_REFUSAL.text)
    assert all(lint_question(t.message) == [] for t in said if t.agent == "interviewer")


def test_a_requested_length_is_kept_whatever_the_customer_says():
    assert len(converse(REFUSAL, 14)) == 14 and len(converse(DODGE, 12)) == 12


def test_an_interview_resumed_after_a_refusal_goes_on_as_it_would_have():
    whole = converse(REFUSAL, None, 9)
    engine = strategy.ModelEngine("test", SayingBackend(REFUSAL), PROJECT_ROOT / "templates", None)
    resumed = list(engine.converse(Persona(NAME, ROLE, INDUSTRY, BACKGROUND), 9, whole[:5]))
    assert resumed == whole[5:]


class AskingBackend(SayingBackend):
    """Also writes the same question whenever asked for one: a "who decides" question."""

    QUESTION = "Who decides on new equipment for you?"  # the words of no other goal

    def complete(self, messages, *, seed, max_tokens, temperature, **options):
        if messages[0]["content"].startswith("You are interv"):
            return Completion(self.QUESTION, "stop", 50, 10)
        return super().complete(messages, seed=seed, max_tokens=max_tokens, temperature=temperature, **options)


def decider_questions(role, background):
    engine = strategy.ModelEngine("test", AskingBackend(COST), PROJECT_ROOT / "templates", None)
    said = list(engine.converse(Persona(NAME, role, INDUSTRY, background), 5, (), 20))
    return {t.message for t in said if t.agent == "interviewer"}


def test_the_engine_asks_one_who_owns_the_business_how_they_decided_in_the_guides_words():
    owners = {q.text for q in guide.GOALS_BY_NAME["decides"].asks if q.asked_of == "owner"}
    asked = decider_questions("Pet Shop Owner", "Owns a small pet supplies shop.")
    assert asked & owners and AskingBackend.QUESTION not in asked  # the model's prompt asks "who decides"


def test_the_engine_lets_the_model_ask_staff_who_decides():
    assert AskingBackend.QUESTION in decider_questions(ROLE, BACKGROUND)
