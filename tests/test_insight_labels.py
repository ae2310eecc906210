"""Insights whose labels fit their quotes: what a customer sentence is read as (classifier.py),
which field it may fill, the summary's main problem, the themes and the opportunities
(extractive.py, phrasing.py). No language model: the readings are rules, and each answer's theme,
feeling and kind come from the labeller trained on the corpus (labeller.py)."""

import json
import re

import pytest
from helpers import validate
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import contract, corpus
from deeptalk.engines.model import classifier, extractive, guide, labeller, measures, phrasing, turns, vocabulary
from deeptalk.offline.grading import insights as grading_insights
from deeptalk.offline.grading import text as grading_text

NAME, ROLE, INDUSTRY = "Fraser McAllister", "Scaffolding Contracts Manager", "Scaffolding and Access"
BACKGROUND = "Glasgow scaffolding firm with 60 live sites; keeping inspections in date and billing hire overruns slip."
HUMAN = ("coreDesires", "fearsOrFrustrations", "aspirations")
CONTEXT = ("whenProblemFelt", "triggersMoments", "preventionBarriers")

INTERVIEW = [
    ("Opening", "Sixty live sites and forty-five scaffolders. Every scaffold needs inspecting every seven days."),
    (
        "Problem Discovery",
        "August. A housebuilder's auditor found three scaffolds with expired tags. I hate it when the "
        "inspection sheet goes out of date.",
    ),
    (
        "Deep Dive",
        "We tried a shared Excel sheet, but the inspectors only fill it in when they remember. "
        "The tags expire because nobody checks the dates on site.",
    ),
    ("Deep Dive", "We lose about four grand a month in hire overruns that never get billed."),
    (
        "Current Solutions",
        "I just want every tag in date without chasing the lads. I hope we bill every overrun by spring.",
    ),
    ("Closure", "I don't know, I've never really thought about what I want from it."),
]


def build(answers=INTERVIEW, mood="Frustrated", role=ROLE):
    return extractive.build(NAME, role, INDUSTRY, BACKGROUND, answers, guide.PHASES, mood)


def items(insights, fields=HUMAN + CONTEXT):
    groups = {**insights["humanInsights"], **insights["contextualInsights"]}
    return [item for field in fields for item in groups[field]]


# -- what a sentence is read as ------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "well let's be honest there is nothing really special here.",
        "If that doesn't work out, I'm not sure if you've done anything about the site itself either.",
        "I'd rather not say what we pay the inspectors.",
        "I don't know, I've never really thought about what I want from it.",
        "No idea, maybe you should ask the owners what they want.",
        "If this is a sales call, I'd love to save us both the time.",
        "Okay. I hope this helps with your research.",
    ],
)
def test_a_refusal_dodge_or_hedge_is_never_a_desire_or_aspiration(sentence):
    reading = classifier.read(sentence)
    assert reading.non_answer and not reading.wants and not reading.aspires


@pytest.mark.parametrize(
    "sentence",
    [
        "I just want the hours I book to be mine.",
        "We need a way to see every tag's date on one screen.",
        "I wish the inspectors filled the sheet in on site.",
        "I'd love to stop chasing the housebuilders for signatures.",
        "I'd like the form itself, not a photo of it.",
        "I'd love to see every tag in date on one screen.",
    ],
)
def test_a_desire_says_what_the_customer_wants(sentence):
    assert classifier.read(sentence).wants


@pytest.mark.parametrize(
    "sentence",
    [
        "If I want the job, I do the paperwork myself.",  # a condition
        "The owners want proof it pays for itself.",  # someone else's want
        "The last thing I want is another app on my phone.",
        "I'd probably change the software on the laptop.",  # a guess, no want
        "How happy they made them with the new rota.",
        "They can't sign a card and say we want it back before the payout.",  # another's words reported
        "I'd like to know why the slips come in late.",  # curiosity
        "I'd love to hear her side of it too.",
        "I just want to know why the slips come in late.",
        "I'd like to see how other yards do it.",
    ],
)
def test_a_condition_another_persons_want_or_a_guess_is_no_desire(sentence):
    assert not classifier.read(sentence).wants


@pytest.mark.parametrize(
    "sentence",
    [
        "I hope we can bill every overrun by next spring.",
        "Our goal is to keep every inspection in date.",
        "One day I want to run my own yard.",
        "We're looking to open a second yard next year.",
        "I'm saving so that one day I can open a second yard.",  # a purpose
    ],
)
def test_an_aspiration_says_what_the_customer_hopes_or_aims_for(sentence):
    assert classifier.read(sentence).aspires


@pytest.mark.parametrize(
    "sentence",
    [
        "I'd love to know what the auditors actually look for.",  # curiosity
        "One day late and the client sent a penalty.",  # a count of days
        "The company pays most of it back, eventually.",
        "Every week I'm looking for one thing, and half the suppliers don't have it.",  # a search
        "People come in late, so that one day I'm not sure what happened to the guests.",  # a past day
    ],
)
def test_curiosity_or_a_count_of_days_is_no_aspiration(sentence):
    assert not classifier.read(sentence).aspires


@pytest.mark.parametrize(
    "sentence",
    [
        "I don't mind the paperwork at the end of the day.",
        "I don't mind the late nights on the big sites.",
        "The deliveries are never late on a Monday.",
        "It's not a problem for the lads on site.",
        "At first it was a bit of frustration, but after two weeks I'm not feeling that way.",
        "I've never worked with them before this year.",
        "I've been doing it for ten years and never felt like the whole process was hard to do.",
        "I've got about forty-eight hours a week of rechecking and waiting, which is fine.",
    ],
)
def test_a_negated_or_resolved_problem_is_no_frustration(sentence):
    assert classifier.read(sentence).problem == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "I hate it when the inspection sheet goes out of date.",
        "Three scaffolds had expired tags and the client stood us down.",
        "We lose about four grand a month in unbilled overruns.",
        "We tried a tracking app for two weeks, but nobody kept it updated.",
    ],
)
def test_a_negative_experience_is_read_as_a_problem(sentence):
    assert classifier.read(sentence).problem > 0


def test_a_short_lead_in_is_quoted_with_the_sentence_it_dates():
    answer = "August. A housebuilder's auditor found three scaffolds with expired tags."
    assert extractive.quotable(answer) == [answer]
    assert classifier.FIELD_CHECKS["whenProblemFelt"](classifier.read(answer))


@pytest.mark.parametrize(
    "sentence",
    [
        "Toxin. That one is the biggest problem for me, and I don't know how it will be solved in a year like this.",
        "The client's orders are my problem, and I'm not sure how many of them end up in the wrong boxes.",
        "I don't know how much time it takes; the supervisor's phone rings all day and I lose track of shifts.",
    ],
)
def test_a_hedge_beside_what_the_customer_does_say_is_no_non_answer(sentence):
    reading = classifier.read(sentence)
    assert not reading.non_answer and reading.problem


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm not sure it's worth the money, and that's the problem.",
        "About half, really: I don't know whether it's worth it or not.",
        "I decide alone. I'm not sure it's worth the money, and that's the problem.",
        "No idea, you should ask the owners what they want.",
    ],
)
def test_a_hedge_that_says_little_else_is_a_non_answer(sentence):
    assert classifier.read(sentence).non_answer


@pytest.mark.parametrize("lead", ["Nothing, really.", "Not the order.", "No idea."])
def test_a_short_denial_is_never_quoted_with_the_sentence_after_it(lead):
    sentence = "I've asked the contractors to sign off every change they make before it goes ahead."
    assert extractive.quotable(f"{lead} {sentence}") == [sentence]


def test_a_clause_cut_off_at_a_quoted_question_is_never_quoted():
    answer = "Twenty calls are 'are my glasses ready?', which means Carys leaving the desk to rummage."
    insights = build([("Problem Discovery", answer)] + INTERVIEW[2:])
    assert not any(quote.startswith(",") for quote in contract.quotes_of(insights) + items(insights))


# -- fields --------------------------------------------------------------------------------------
def test_a_fear_is_a_problem_told_in_an_answer_about_a_problem_an_incident_or_a_cost():
    insights = build()
    said = {s.text: s for s in extractive.said_sentences(INTERVIEW, set())}
    fears = insights["humanInsights"]["fearsOrFrustrations"]
    assert fears
    for fear in fears:
        assert said[fear].reading.problem and said[fear].labels.kind in {"problem", "incident", "cost"}, fear


def test_a_problem_in_an_answer_about_something_else_is_no_fear():
    # a problem word in an answer about the work's routine: the labeller reads no problem answer
    routine = "Most days I start at six, drive to the first site and check the scaffolds nobody updated."
    answers = [("Opening", routine, "What does a normal day look like?")]
    (said,) = extractive.said_sentences(answers, set())
    assert said.reading.problem and said.labels.kind == "routine"
    assert build(answers)["humanInsights"]["fearsOrFrustrations"] == []


UNSURE = "Maybe it's the scheduling software, maybe it's too many jobs for any software on a busy night."


def test_a_problem_told_in_an_answer_the_labeller_reads_as_unsure_is_quoted_nowhere():
    answers = [("Deep Dive", UNSURE, "What is the scheduling software like on a busy night?")]
    (said,) = extractive.said_sentences(answers, set())
    assert not said.reading.non_answer and said.reading.problem  # the rules alone would file it
    assert said.labels.kind in extractive.NON_ANSWER_KINDS
    insights = build(answers)
    assert items(insights) == [] and not contract.quotes_of(insights)
    assert UNSURE not in insights["summary"] and insights["opportunityMap"] == []


def test_a_field_is_left_empty_rather_than_filled_with_a_sentence_that_does_not_fit():
    answers = [(phase, answer) for phase, answer in INTERVIEW if phase not in ("Current Solutions", "Closure")]
    insights = build(answers)
    validate(insights, contract.INSIGHTS)
    assert insights["humanInsights"]["coreDesires"] == [] and insights["humanInsights"]["aspirations"] == []


def test_a_dated_incident_says_when_the_problem_is_felt_while_other_problems_are_the_fears():
    answers = [
        ("Opening", "Sixty live sites and forty-five scaffolders on the books this year."),
        ("Problem Discovery", "Two of the inspection sheets went missing and the lads were furious about it."),
        ("Deep Dive", "Last March the auditor found three scaffolds with expired tags on site."),
        ("Deep Dive", "The tags expire and nobody notices until the client complains."),
    ]
    insights = build(answers)
    assert insights["contextualInsights"]["whenProblemFelt"] == [answers[2][1]]
    assert insights["humanInsights"]["fearsOrFrustrations"] == [answers[1][1], answers[3][1]]


@pytest.mark.parametrize(
    "sentence, barrier",
    [
        ("I bought a cash-only system for my notebook last year, and it never worked.", True),
        ("It was slow, it didn't work for me, so I cancelled the contract.", True),
        ("It works, but it's slow and the lads on site never see it.", True),  # the downside of a fix
        ("The cons is that the app gets cancelled when I'm on WhatsApp all day.", True),
        ("I check every shipment by hand and send emails when something goes wrong.", False),
        ("Last year every item in the summer shipment was the wrong size.", False),
    ],
)
def test_a_barrier_is_what_stands_in_the_way_not_any_problem_told_beside_a_workaround(sentence, barrier):
    said = extractive.Said(sentence, "Deep Dive", 0, classifier.read(sentence), _labels("workaround"), 0)
    assert extractive.fits(said, "preventionBarriers") is barrier


def _labels(kind):
    return labeller.Labels("Tools that fail", "Frustrated", kind, {})


def test_the_customers_want_and_hope_are_filed_as_desire_and_aspiration():
    human = build()["humanInsights"]
    assert human["coreDesires"] == ["I just want every tag in date without chasing the lads."]
    assert human["aspirations"] == ["I hope we bill every overrun by spring."]


def _phased(turns):
    """The customer's turns of a corpus interview, spread over the guide's phases in order."""
    return [(guide.PHASES[i * len(guide.PHASES) // len(turns)], turn["message"]) for i, turn in enumerate(turns)]


def _with_non_answers():
    """The held-out interviews, and the corpus interviews with a dodge or a refusal (the held-out set
    has none): their turns labelled dodge, refusal or unsure are the test cases."""
    marked = [r for r in corpus.corpus() if any(t.get("kind") in ("dodge", "refusal") for t in r.interview)]
    return corpus.heldout() + marked


def test_no_turn_the_corpus_writers_call_a_dodge_refusal_or_unsure_becomes_a_desire_or_aspiration():
    for record in _with_non_answers():
        turns = [t for t in record.interview if t["agent"] == "customer"]
        persona = record.persona
        insights = extractive.build(
            persona["name"],
            persona["role"],
            persona["industry"],
            persona["background"],
            _phased(turns),
            guide.PHASES,
            "Calm",
        )
        marked = [t["message"] for t in turns if t["kind"] in classifier.NON_ANSWER_KINDS]
        for item in items(insights, ("coreDesires", "aspirations")):
            assert not any(item in message for message in marked), (record.id, item)


# -- the summary ---------------------------------------------------------------------------------
def test_the_main_problem_is_a_problem_phase_sentence_that_names_the_pain():
    answers = [
        ("Opening", "The client I worked with yesterday, a French conglomerate."),
        ("Problem Discovery", "The client I worked with yesterday was lovely about the whole job."),
        ("Deep Dive", "Three weeks of missing inspections came through my sheet last month."),
    ]
    text = build(answers)["summary"]
    assert '"Three weeks of missing inspections came through my sheet last month."' in text
    assert "conglomerate" not in text


def test_a_problem_told_only_at_the_close_is_no_main_problem():
    answers = [
        ("Opening", "Sixty live sites and forty-five scaffolders on the books this year."),
        ("Problem Discovery", "The sites keep me on the road from Monday to Friday."),
        ("Deep Dive", "We put every site on one sheet in the office."),
        ("Current Solutions", "The sheet gets printed every Monday morning for the foremen."),
        ("Closure", "The site foremen understand the sheet is a problem and not my job."),
    ]
    assert "did not name a specific problem" in build(answers)["summary"]


HARDEST = "Let's stay with the sites for a moment. What is the hardest part of that work for you right now?"
NAMED_PART = "Overruns. Half of the hire on our sites runs past its end date with no note in the office."
ROUTINE = [
    ("Opening", "Sixty live sites and forty-five scaffolders on the books this year.", ""),
    ("Deep Dive", "Three weeks of missing inspections came through my sheet last month.", "When did that happen?"),
]


def test_the_answer_to_what_gives_most_trouble_is_the_main_problem_even_without_a_problem_word():
    answers = [ROUTINE[0], ("Problem Discovery", NAMED_PART, HARDEST), ROUTINE[1]]
    assert f'"{NAMED_PART}"' in build(answers)["summary"]


def test_a_short_first_sentence_that_tells_something_leaves_the_main_problem_to_the_next_sentence():
    said = "The hire sheet for our sites sat in the cabin for a month before anyone billed it."
    answers = [ROUTINE[0], ("Problem Discovery", f"It was bad, honestly. {said}", HARDEST), ROUTINE[1]]
    assert f'"{said}"' in build(answers)["summary"]


def test_a_first_sentence_that_only_names_the_part_is_quoted_with_the_sentence_that_tells_of_it():
    told = "They're short-handed, so every scaffold tag goes in a paper diary and the inspections slip all week."
    for lead in ("The sites in the north of the city.", "A bad week, like September."):
        answers = [ROUTINE[0], ("Problem Discovery", f"{lead} {told}", HARDEST), ROUTINE[1]]
        assert f'"{lead} {told}"' in build(answers)["summary"]


def test_a_naming_first_sentence_stands_alone_where_the_two_would_be_too_long():
    lead = "The sites in the north of the city."
    told = "They're short-handed, " + "and every scaffold tag goes in a paper diary, " * 6 + "so inspections slip."
    assert len(lead) + len(told) > extractive.MAX_PROBLEM_CHARS
    answers = [ROUTINE[0], ("Problem Discovery", f"{lead} {told}", HARDEST), ROUTINE[1]]
    assert f'"{lead}"' in build(answers)["summary"]


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("The group in a bush camp.", True),
        ("The orders coming back from the phone line.", True),
        ("The scheduling system, the shift itself.", True),
        ("The last one, in May.", True),
        ("The sites in the north of the city.", True),
        ("Clients want a contract.", False),
        ("I'm behind on every site.", False),
        ("It's the orders.", False),
        ("Everything stopped at noon.", False),
        ("The site goes quiet by noon.", False),
        ("Nobody can read the sheets.", False),
    ],
)
def test_a_sentence_names_only_where_no_person_auxiliary_or_verb_tells_of_it(sentence, names):
    assert turns.names_only(sentence) is names


# -- the summary's facts: what they did, what it costs, who decides ------------------------------
FACTS_ASKED = [
    ("Opening", "Sixty live sites and forty-five scaffolders on the books this year.", "", "work"),
    ("Problem Discovery", "Overruns: half of the hire on our sites runs past its end date.", HARDEST, "problem"),
    ("Deep Dive", "I rang the hire firm every Friday. It helped for a month.", "What did you do about it?", "actions"),
    ("Deep Dive", "About four grand a month, maybe more.", "What does that cost you?", "cost"),
    ("Current Solutions", "The owner, Mr Campbell.", "Who decides on tools like that?", "decides"),
]


def test_the_summary_quotes_what_they_tried_what_it_costs_and_who_decides_where_they_answered_outright():
    text = build(FACTS_ASKED)["summary"]
    assert 'What they have tried so far: "I rang the hire firm every Friday."' in text
    assert 'A cost they named: "About four grand a month, maybe more."' in text
    assert 'Who decides: "The owner, Mr Campbell."' in text
    assert len(measures.sentences(text)) == extractive.SUMMARY_SENTENCES


def test_who_the_customer_is_and_the_problem_make_one_sentence_only_where_a_fact_needs_the_room():
    alone = build(FACTS_ASKED[:2])["summary"]
    assert alone.startswith(f"{NAME} works in {INDUSTRY} as a scaffolding contracts manager. In their own words")
    assert "; in their own words" in build(FACTS_ASKED)["summary"]


def test_a_fact_is_left_out_rather_than_the_summary_growing_past_four_sentences():
    long_problem = (
        "Problem Discovery",
        "Overruns. Half the hire runs past its end date. Nobody bills it.",
        HARDEST,
        "problem",
    )
    text = build([FACTS_ASKED[0], long_problem, *FACTS_ASKED[2:]])["summary"]
    assert "I rang the hire firm" in text and "Mr Campbell" not in text
    assert len(measures.sentences(text)) == extractive.SUMMARY_SENTENCES


def test_a_deed_is_quoted_before_nothing_tried_in_the_same_answer():
    told = "Nothing, I guess. I've tried a shared Excel sheet for the tags, but the lads never open it."
    answers = [*FACTS_ASKED[:2], ("Deep Dive", told, "What have you tried so far?", "actions")]
    assert "What they have tried so far: \"I've tried a shared Excel sheet" in build(answers)["summary"]


def test_a_short_lead_that_names_what_a_fact_speaks_of_is_quoted_with_it():
    told = "The group chat. I text the tag dates there, and the foremen read them at night."
    answers = [*FACTS_ASKED[:2], ("Deep Dive", told, "What have you tried so far?", "actions")]
    assert f'What they have tried so far: "{told}"' in build(answers)["summary"]


def test_a_fact_is_quoted_with_the_sentence_that_takes_it_back_or_not_at_all():
    told = "I've put together a checklist for the tags, and it's good. But the owner said no to it."
    answers = [*FACTS_ASKED[:2], ("Deep Dive", told, "What have you tried so far?", "actions")]
    assert f'What they have tried so far: "{told}"' in build(answers)["summary"]
    longer = told.replace("said no to it.", "said no to it, " + "and to the paper sheet, " * 8 + "at once.")
    answers = [*FACTS_ASKED[:2], ("Deep Dive", longer, "What have you tried so far?", "actions")]
    assert "What they have tried so far" not in build(answers)["summary"]


def test_the_dated_story_of_the_last_time_says_when_the_problem_is_felt_without_a_problem_word():
    story = "September. I was at the yard with seven scaffolds to tag and the inspector rang at six."
    asked = ("Problem Discovery", story, "When did that last happen?", "last_time")
    felt = build([FACTS_ASKED[0], asked])["contextualInsights"]["whenProblemFelt"]
    assert felt == [story]
    elsewhere = ("Problem Discovery", story, "What else should I know?", "more")
    assert build([FACTS_ASKED[0], elsewhere])["contextualInsights"]["whenProblemFelt"] == []


def test_the_answer_to_whom_else_to_talk_to_is_quoted_in_no_insight():
    referral = "The site foremen. They're the ones who chase the hire overruns and hate the paperwork."
    close = ("Closure", referral, "Thanks, Fraser. Who else should I talk to about this?", "close")
    insights = build([*FACTS_ASKED, close])
    assert "foremen" not in json.dumps(insights)
    told = ("Closure", referral, "Thanks, Fraser. What else should I know about your work?", "close")
    assert "foremen" in json.dumps(build([*FACTS_ASKED, told]))


def test_nothing_tried_said_after_a_deed_is_no_answer_of_what_they_tried():
    told = "Writing the tags down by hand, then ringing the foremen. I've never done it myself; the lads do."
    answers = [*FACTS_ASKED[:2], ("Deep Dive", told, "What have you tried so far?", "actions")]
    assert "What they have tried so far" not in build(answers)["summary"]


@pytest.mark.parametrize(
    ("asked", "quote"),
    [
        (("Deep Dive", "About 2.5 hours a night, every night.", "What does that cost you?", "cost"), None),
        (("Current Solutions", "The owner, Mr. Campbell.", "Who decides on tools like that?", "decides"), None),
    ],
)
def test_a_fact_is_quoted_whole_across_a_numbers_point_or_a_title(asked, quote):
    assert f': "{asked[1]}"' in build([*FACTS_ASKED[:2], asked])["summary"]


def test_a_quote_without_its_stop_gets_one_after_it():
    asked = ("Current Solutions", "The owner, Mr Campbell", "Who decides on tools like that?", "decides")
    text = build([*FACTS_ASKED[:3], asked])["summary"]
    assert 'Who decides: "The owner, Mr Campbell".' in text
    assert not grading_insights.is_bad_summary(text, [s for a in FACTS_ASKED for s in grading_text.sentences(a[1])])


def test_what_else_they_tried_is_a_fact_only_for_a_question_that_asks_it():
    tried = "I looked at a tagging app last spring."
    asked = ("Current Solutions", tried, "What else have you looked at or tried instead?", "alternatives")
    assert tried in build([*FACTS_ASKED[:2], asked])["summary"]
    team = ("Current Solutions", tried, "Tell me about your Mondays.", "alternatives")
    assert tried not in build([*FACTS_ASKED[:2], team])["summary"]


def test_nothing_tried_is_quoted_as_what_they_have_tried():
    answers = [*FACTS_ASKED[:2], ("Deep Dive", "Nothing yet, really.", "What have you tried so far?", "actions")]
    assert 'What they have tried so far: "Nothing yet, really."' in build(answers)["summary"]


def test_an_answer_that_opens_on_i_dont_know_is_no_fact_of_the_summary():
    unsure = "I don't know. About four grand a month, maybe more."
    answers = [*FACTS_ASKED[:2], ("Deep Dive", unsure, "What does that cost you?", "cost")]
    assert "A cost they named" not in build(answers)["summary"]


def test_an_answer_is_a_fact_only_for_a_question_that_asks_for_it():
    # A team's own question in a step the guide would have asked the cost at.
    answers = [
        *FACTS_ASKED[:2],
        ("Deep Dive", "About four grand a month, maybe more.", "Tell me about Mondays.", "cost"),
    ]
    assert "A cost they named" not in build(answers)["summary"]


def test_an_answer_that_does_not_answer_its_question_outright_is_no_fact():
    told = "The sheets sit in the cabin until someone remembers them on a Friday."
    answers = [*FACTS_ASKED[:2], ("Deep Dive", told, "What does that cost you?", "cost")]
    assert "A cost they named" not in build(answers)["summary"]


@given(st.lists(st.sampled_from([a for a in FACTS_ASKED if a[3] != "work"]), max_size=6), st.booleans())
def test_a_summary_with_its_facts_holds_two_to_four_sentences(asked, problem_named):
    answers = [FACTS_ASKED[0], *(a for a in asked if problem_named or a[3] != "problem")]
    text = build(answers)["summary"]
    said = [s for a in answers for s in grading_text.sentences(a[1])]
    assert not grading_insights.is_bad_summary(text, said)


def test_a_main_problem_told_in_one_long_sentence_is_quoted_whole_in_the_summary_only():
    told = (
        "Overruns. Half of the scaffold hire on our sites runs past its end date with no note in the office, "
        "so the hire firm bills us for weeks nobody used and I find out a month later from the invoice."
    )
    assert extractive.MAX_ITEM_CHARS < len(told) <= extractive.MAX_PROBLEM_CHARS
    insights = build([ROUTINE[0], ("Problem Discovery", told, HARDEST), ROUTINE[1]])
    assert f'"{told}"' in insights["summary"]
    assert all(len(quote) <= extractive.MAX_ITEM_CHARS for theme in insights["themes"] for quote in theme["quotes"])


def test_the_first_answer_to_what_gives_most_trouble_is_the_main_problem_not_a_later_probes():
    first = "The paperwork. Nobody in the office keeps the weekly forms where the foremen can find them."
    later = (
        "Last Tuesday the scaffold hire on two live sites ran past its end date, the hire firm billed the sites "
        "for the whole week and the office missed the overrun invoice."
    )
    worst = "Which part of last week went worst?"
    answers = [ROUTINE[0], ("Problem Discovery", first, HARDEST), ("Problem Discovery", later, worst)]
    assert f'"{first}"' in build(answers)["summary"]


def test_an_answer_heard_as_naming_the_trouble_is_the_main_problem_though_it_names_no_thing_of_the_persona():
    named = "Swapping. Half my week goes on it, and I'm not sure how many of them get it right."
    answers = [FACTS_ASKED[0], ("Problem Discovery", named, HARDEST, "problem")]
    assert f'the main problem is this: "{named}"' in build(answers)["summary"]


def test_the_story_of_the_last_time_is_the_main_problem_where_no_answer_names_one():
    story = "Last month. A housebuilder rang at six because two of our lads had gone to the other site with the tags."
    answers = [FACTS_ASKED[0], ("Problem Discovery", story, "When did that last happen?", "last_time")]
    assert f'the main problem is this: "{story}"' in build(answers)["summary"]
    answers = [FACTS_ASKED[0], ("Problem Discovery", story, "What else should I know?", "more")]
    assert "did not name a specific problem" in build(answers)["summary"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The late payments are still in paper notes, so they're not much of an issue now.",
        "The tags are not a big issue for us.",
        "It isn't much of an issue now.",
    ],
)
def test_a_sentence_that_calls_it_no_real_issue_denies_the_problem(sentence):
    assert classifier.denies_problem(sentence)


def test_an_issue_of_something_else_is_no_denial():
    assert not classifier.denies_problem("It's not an issue of money, the tags expire every week.")


def test_an_answer_to_what_gives_most_trouble_that_says_nothing_is_hard_is_no_main_problem():
    denial = "Overruns, mainly. I've billed hire on our sites for ten years and never felt the work was hard to do."
    answers = [ROUTINE[0], ("Problem Discovery", denial, HARDEST), ROUTINE[1]]
    assert '"Three weeks of missing inspections came through my sheet last month."' in build(answers)["summary"]


def test_a_sentence_that_calls_something_the_main_problem_is_taken_from_any_phase_but_the_opening():
    said = "The inspection labs are the real trouble, though: the sheet is where it all starts."
    answers = [
        ROUTINE[0],
        ("Problem Discovery", "The sites keep me on the road from Monday to Friday."),
        ("Closure", said),
    ]
    assert f'"{said}"' in build(answers)["summary"]


def test_without_a_named_problem_the_summary_says_so():
    calm = [(phase, "Sixty live sites and forty-five scaffolders on the books this year.") for phase in guide.PHASES]
    insights = build(calm, "Calm")
    validate(insights, contract.INSIGHTS)
    assert "did not name a specific problem" in insights["summary"]
    assert insights["opportunityMap"] == []


# -- themes --------------------------------------------------------------------------------------
def test_every_quote_under_a_theme_comes_from_an_answer_the_labeller_reads_as_that_theme():
    answers = INTERVIEW + [("Closure", "How happy they made them at the time.")]
    labels = dict(
        zip((a for _, a in answers), extractive.label_answers([extractive.Answer(*a) for a in answers]), strict=True)
    )
    for theme in build(answers)["themes"]:
        for quote in theme["quotes"]:
            (answer,) = [a for a in labels if quote in a]
            assert labels[answer].theme == theme["theme"], (quote, theme["theme"])


def test_a_themes_quotes_come_from_different_answers():
    for theme in build()["themes"]:
        answers = [next(a for _, a in INTERVIEW if quote in a) for quote in theme["quotes"]]
        assert len(set(answers)) == len(answers), theme


def test_every_quote_under_a_theme_reads_as_that_theme_on_its_own():
    model = labeller.trained()
    for theme in build()["themes"]:
        assert all(model.theme_score(quote, theme["theme"]) > 0 for quote in theme["quotes"]), theme


def test_a_theme_about_a_problem_takes_a_negative_tone():
    for theme in build()["themes"]:
        quotes = theme["quotes"]
        about_problem = theme["theme"] in classifier.PROBLEM_THEMES or any(classifier.read(q).problem for q in quotes)
        if about_problem:
            assert theme["emotionalTone"] not in classifier.POSITIVE_FEELINGS, theme


def test_a_themes_need_is_one_the_customers_own_words_back():
    about = ["Every invoice goes out a week late, and nobody notices."]
    assert extractive._need("Money and margins", about, []) == "Invoices that go out on time"
    assert extractive._need("Paperwork and admin", [], ["I chase emails all evening."]) == "Fewer emails to chase"


def test_every_need_can_be_chosen():
    for theme, needs in vocabulary.THEMES.items():
        for need in needs:
            # said alone, the need's own words back it, and no need before it
            assert extractive._need(theme, [need], []) == need, (theme, need)


def test_a_need_is_not_backed_by_the_words_that_shape_it():
    said = [
        "It takes more time, hours of it, and it's less fun every week.",
        "Eggs, about 380 a day, and nothing else comes back.",
        "The new style came in on Monday.",
    ]
    for theme in vocabulary.THEMES:
        assert extractive._need(theme, said, said) is None


def test_a_need_is_not_backed_by_a_word_the_customer_negates():
    assert extractive._need("Money and margins", ["That I'm not paid for my shift."], []) is None
    assert extractive._need("Money and margins", ["That I'm paid late for my shift."], []) == "Getting paid on time"


TANE = [  # a held-out interview's answers (seed 1) that read as themes whose needs nobody named
    ("Opening", "About six shifts, mostly. The checklist and the sheet are where I spend most of my time."),
    ("Problem Discovery", "I didn't ask, and the supervisor's phone rang again after my shift was over."),
    ("Problem Discovery", "I was working seven hundred and eighty hours on a garage floor when it said seventy-ten."),
    ("Current Solutions", "Nothing, really. I've never asked him to stop it."),
]


@pytest.mark.parametrize("answers", [INTERVIEW, TANE], ids=["scaffolding", "tane"])
def test_every_themes_need_is_backed_by_the_customers_words(answers):
    said = [s for _, message in answers for s in grading_text.sentences(message)]
    for theme in build(answers)["themes"]:
        assert grading_insights.supported(theme["underlyingNeed"], said), theme


def test_a_themes_tone_is_the_feeling_most_of_its_answers_show():
    answers = [extractive.Answer(*a) for a in INTERVIEW]
    labels = dict(zip((a.message for a in answers), extractive.label_answers(answers), strict=True))
    for theme in build()["themes"]:
        shown = [labels[next(a for a in labels if q in a)] for q in theme["quotes"]]
        about_problem = theme["theme"] in classifier.PROBLEM_THEMES or any(
            classifier.read(q).problem for q in theme["quotes"]
        )
        # each answer's likeliest feeling, among the negative ones about a problem
        likeliest = [
            max(
                (f for f in label.posterior["feeling"] if not about_problem or f not in classifier.POSITIVE_FEELINGS),
                key=label.posterior["feeling"].__getitem__,
            )
            for label in shown
        ]
        assert theme["emotionalTone"] in likeliest, theme


def test_an_answer_that_names_its_feeling_outright_has_that_feeling():
    (labels,) = extractive.label_answers([extractive.Answer("Deep Dive", "Honestly I'm worried sick about the audit.")])
    assert labels.feeling == "Worried"
    (labels,) = extractive.label_answers([extractive.Answer("Deep Dive", "I don't worry about the audit at all.")])
    assert labels.feeling != "Worried"  # negated: not said


# -- opportunities -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "role, plural",
    [
        ("Site Foreman", "site foremen"),
        ("Nurse", "nurses"),
        ("Scaffolding Contracts Manager", "scaffolding contracts managers"),
        ("Optometrist and Practice Owner", "optometrists and practice owners"),
        ("Wall and Floor Tiler", "wall and floor tilers"),
        ("Head of Data", "heads of data"),
        ("Clinic Secretary", "clinic secretaries"),
        ("Counter Salesman", "counter salesmen"),
        ("Human Resources Manager", "human resources managers"),
        ("Biomedical Scientist (Blood Sciences)", "biomedical scientists"),
        ("QA Executive, Batch Record Review", "QA executives"),
        ("Fleet Owner Renting to App Drivers", "fleet owners renting to app drivers"),
        ("Youth Football Coach", "youth football coaches"),
    ],
)
def test_a_role_is_put_in_its_grammatical_plural(role, plural):
    assert phrasing.plural_role(role) == plural


@given(st.text(max_size=60))
def test_any_role_gives_a_plural_phrase(role):
    assert phrasing.plural_role(role).strip()


HEADS = {
    "Manager": "managers",
    "Foreman": "foremen",
    "Nurse": "nurses",
    "Secretary": "secretaries",
    "Coach": "coaches",
    "Analyst": "analysts",
    "Chief": "chiefs",
    "Businesswoman": "businesswomen",
    "Salesperson": "salespeople",
    "Boss": "bosses",
    "Attorney": "attorneys",
    "Technician": "technicians",
}
PROBLEMS = [
    "We had three weeks of missing {thing} last month.",
    "I'm sick of chasing {thing} every Friday.",
    "The trouble with the {thing} is that nobody updates them.",
    "Our {thing} crashed twice during the audit.",
    "The {thing} were late again on Monday.",
    "Two hours of the week lost in {thing}.",
]
THINGS = ["inspection tags", "deliveries", "invoices", "charting system", "rota", "scanner", "timesheets", "meetings"]


def assert_clean(found, sentence, roles):
    """An opportunity whose slots are all filled with whole words of the customer's sentence."""
    text, thing = found
    assert roles in text and thing in text
    assert not re.search(r"[{}]|\s\s|^\s|\s$", text)
    assert measures.words(text)[-1] not in measures.FUNCTION_WORDS
    assert phrasing.is_clean_phrase(thing)
    spoken = measures.words(sentence)
    assert all(w in spoken for w in measures.words(thing) if w not in ("the", "a", "an", "their"))
    assert not re.search(r"\b\w+mans\b|\bpersons\b|\b\w*[bcdfghjklmnpqrstvwxz]ys\b|\b\w+(?:ch|sh|ss)s\b", text)


@given(
    st.sampled_from(sorted(HEADS)),
    st.sampled_from(["", "Site", "Scaffolding Contracts", "Night Shift", "Senior", "Ward"]),
    st.sampled_from(PROBLEMS),
    st.sampled_from(THINGS),
)
def test_an_opportunity_names_the_role_in_its_plural_and_fills_every_slot(head, prefix, problem, thing):
    roles = phrasing.plural_role(f"{prefix} {head}".strip())
    assert roles.split()[-1] == HEADS[head]
    sentence = problem.format(thing=thing)
    found = phrasing.opportunity(sentence, roles)
    assert found is not None, sentence
    assert_clean(found, sentence, roles)


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=200))
def test_any_sentence_gives_a_clean_opportunity_or_none(sentence):
    found = phrasing.opportunity(sentence, "site foremen")
    if found:
        assert_clean(found, sentence, "site foremen")


@given(st.lists(st.sampled_from([p.format(thing=t) for p in PROBLEMS for t in THINGS] + ["Sixty live sites."])))
def test_every_opportunity_comes_from_a_problem_the_customer_described(said):
    answers = [(guide.PHASES[i % len(guide.PHASES)], sentence) for i, sentence in enumerate(said)]
    roles = phrasing.plural_role(ROLE)
    written = {}
    for s in extractive.said_sentences(answers, set()):
        found = phrasing.opportunity(s.text, roles)
        if found and s.reading.problem:
            written[found[0]] = s.text
    assert set(build(answers)["opportunityMap"]) <= set(written) if answers else True


TROUBLE = "What is the hardest part of that work for you right now?"


def test_what_the_customer_names_as_most_trouble_is_the_first_opportunity():
    answers = [
        ("Opening", "Sixty live sites and forty-five scaffolders on the books this year."),
        ("Problem Discovery", "The hire overruns. They slip past the office every month.", TROUBLE),
        ("Deep Dive", "Last March the auditor found three scaffolds with expired tags on site."),
    ]
    assert build(answers)["opportunityMap"][0] == "Help scaffolding contracts managers deal with the hire overruns"


@pytest.mark.parametrize(
    "answer, named",
    [
        ("Finding suppliers. Half of them never ring back.", "finding suppliers"),
        ("The hire overruns, mainly.", "the hire overruns"),
        ("My register. It is never up to date.", "the register"),
        ("Not the overruns. Those are fine.", None),  # a denial names what is no trouble
        ("May. The auditor came.", None),  # a date
        ("The night.", None),
        ("A ballot, mainly.", None),  # which one?
        ("Busy, mostly.", None),  # a state, no thing
        ("I can't find the tags when the auditor comes.", None),  # a sentence, not a name
    ],
)
def test_the_trouble_named_is_the_thing_an_answer_opens_on_alone(answer, named):
    assert phrasing.named_trouble(answer) == named


def test_not_sure_hedges_a_problem_it_does_not_deny_it():
    hedged = "Beer. Six part-timers, and I'm not sure what's waiting on the clipboard for them on Saturdays."
    assert not classifier.denies_problem(hedged) and classifier.problem_cues(hedged)
    assert classifier.denies_problem("The clipboard is not waiting on anyone.")
    answers = [("Problem Discovery", hedged, TROUBLE)]
    assert build(answers)["opportunityMap"][:1] == ["Help scaffolding contracts managers deal with beer"]


def test_a_thing_named_and_then_denied_as_trouble_gives_no_opportunity():
    answers = [("Problem Discovery", "The tags. I've never had a problem with them.", TROUBLE)]
    assert not any("the tags" in o for o in build(answers)["opportunityMap"])


def test_a_vague_problem_gives_no_opportunity():
    for sentence in ("We lose hours to the day.", "It takes too much time every week.", "Things go wrong a lot."):
        assert phrasing.opportunity(sentence, "site foremen") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "A few patients came in late last month.",  # "last month" is a time, not a thing that was late
        "The pharmacist is still missing her phone number.",  # someone else's verb, with its object
        "The pharmacist was missing the orders again.",
        "The pharmacist keeps missing the orders.",
    ],
)
def test_a_time_or_someone_elses_verb_gives_no_opportunity(sentence):
    assert phrasing.opportunity(sentence, "pharmacy owners") is None


def test_the_customers_own_missing_still_gives_an_opportunity():
    for sentence in ("We are missing deliveries every week.", "We were missing the orders again."):
        found = phrasing.opportunity(sentence, "pharmacy owners")
        assert found is not None and found[1].endswith(("deliveries", "orders")), sentence


@pytest.mark.parametrize(
    "sentence, thing",
    [
        ("The deliveries are late this week.", "the deliveries"),
        ("The orders are missing these days.", "the orders"),  # a time, not the object of "missing"
        ("The first delivery was late.", "the first delivery"),
        ("We lost the first batch.", "the first batch"),
    ],
)
def test_a_time_after_a_state_or_first_before_a_thing_still_gives_the_thing(sentence, thing):
    found = phrasing.opportunity(sentence, "pharmacy owners")
    assert found is not None and found[1] == thing


@pytest.mark.parametrize("answer", ["Last minute orders.", "Next day deliveries.", "The first fitting."])
def test_a_trouble_named_with_a_word_of_time_before_it_is_still_named(answer):
    assert phrasing.named_trouble(answer) == answer.rstrip(".").lower()


def test_an_adverb_after_the_thing_is_not_part_of_it():
    found = phrasing.opportunity("The teachers notice a missing child first, and ring me.", "office managers")
    assert found is not None and found[1] == "a missing child"


# -- topics --------------------------------------------------------------------------------------
def test_topics_are_the_things_spoken_of_never_numbers_days_or_a_plural_beside_its_singular():
    answers = [
        ("Opening", "Fifty scaffolds on Monday, and the register sits in the cabin."),
        ("Problem Discovery", "The registers get mixed up, and fifty tags expire on Monday."),
        ("Deep Dive", "Our register in the cabin was wrong about the tags again."),
    ]
    topics = build(answers)["topicCloud"]
    assert {"register", "cabin", "tags"} <= set(topics)
    assert not {"fifty", "monday", "registers"} & set(topics)


def test_topics_are_the_persona_s_own_things_the_customer_speaks_of_never_their_name_or_role():
    answers = [
        ("Opening", "The inspections are live on the board in the cabin, and the manager checks the overruns."),
        ("Problem Discovery", "Fraser here: half the inspections slip, and the cabin never sees the overruns."),
        ("Deep Dive", "Our scaffolding contracts keep the inspections and the overruns live."),
    ]
    topics = build(answers)["topicCloud"]
    assert {"inspections", "overruns", "cabin"} <= set(topics)  # words of the background, said as things
    assert not {"fraser", "manager", "scaffolding", "contracts", "live"} & set(topics), topics


def test_a_name_shows_as_the_customer_writes_it_and_days_never_show():
    answers = [
        ("Opening", "Our supplier in Lagos sends the drugs on Mondays, and Lagos is far."),
        ("Problem Discovery", "Drugs run out when the Lagos van is late with the stock."),
        ("Deep Dive", "Stock from Lagos came late on Mondays again, and the drugs ran out."),
    ]
    topics = build(answers)["topicCloud"]
    assert "Lagos" in topics and "lagos" not in topics
    assert "drugs" in topics and "stock" in topics  # capitalised only where a sentence starts
    assert not {"monday", "mondays", "Mondays"} & set(topics), topics


def test_topics_are_never_words_that_name_no_thing():
    answers = [
        ("Opening", "Anyway, the register sits in the cabin, and the foreman decides what happens to the tags."),
        ("Problem Discovery", "The cons are plain anyway: a third of the tags expire before the register is signed."),
        ("Deep Dive", "The pros? The cabin is close, so the foreman decides quickly, whatever happens."),
    ]
    topics = build(answers)["topicCloud"]
    assert {"register", "cabin", "tags"} <= set(topics)
    assert not (set(topics) & phrasing.NO_TOPIC), topics
    assert not [t for t in topics if t.endswith(turns.NOT_NOUNS)], topics


def test_an_answer_that_opens_by_denying_any_trouble_is_never_the_main_problem():
    denial = "Nothing. I'd rather be on site than in the office, and I'm not sure it's hard to keep the tags in date."
    answers = [ROUTINE[0], ("Problem Discovery", denial, HARDEST), ROUTINE[1]]
    summary = build(answers)["summary"]
    assert "rather be on site" not in summary and "Three weeks of missing inspections" in summary
