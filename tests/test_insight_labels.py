"""Insights whose labels fit their quotes: what a customer sentence is read as (classifier.py),
which field it may fill, the summary's main problem, the themes and the opportunities
(extractive.py, phrasing.py). No model: the readings are rules."""

import re

import pytest
from helpers import validate
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import contract, corpus
from deeptalk.engines.model import classifier, extractive, guide, measures, phrasing, vocabulary

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
    ("Vision", "I just want every tag in date without chasing the lads. I hope we bill every overrun by spring."),
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
    assert "whenProblemFelt" in classifier.fields(classifier.read(answer))


def test_a_clause_cut_off_at_a_quoted_question_is_never_quoted():
    answer = "Twenty calls are 'are my glasses ready?', which means Carys leaving the desk to rummage."
    insights = build([("Problem Discovery", answer)] + INTERVIEW[2:])
    assert not any(quote.startswith(",") for quote in contract.quotes_of(insights) + items(insights))


# -- fields --------------------------------------------------------------------------------------
def test_every_filed_item_passes_its_fields_check():
    insights = build()
    readings = {s.text: s.reading for s in extractive.said_sentences(INTERVIEW, set())}
    groups = {**insights["humanInsights"], **insights["contextualInsights"]}
    for field, filed in groups.items():
        assert all(classifier.FIELD_CHECKS[field](readings[item]) for item in filed), field


def test_a_field_is_left_empty_rather_than_filled_with_a_sentence_that_does_not_fit():
    answers = [(phase, answer) for phase, answer in INTERVIEW if phase not in ("Vision", "Closure")]
    insights = build(answers)
    validate(insights, contract.INSIGHTS)
    assert insights["humanInsights"]["coreDesires"] == [] and insights["humanInsights"]["aspirations"] == []


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


def test_without_a_named_problem_the_summary_says_so():
    calm = [(phase, "Sixty live sites and forty-five scaffolders on the books this year.") for phase in guide.PHASES]
    insights = build(calm, "Calm")
    validate(insights, contract.INSIGHTS)
    assert "did not name a specific problem" in insights["summary"]
    assert insights["opportunityMap"] == []


# -- themes --------------------------------------------------------------------------------------
def test_every_quote_under_a_theme_shows_that_theme():
    answers = INTERVIEW + [("Closure", "How happy they made them at the time.")]
    for theme in build(answers)["themes"]:
        assert all(classifier.shows_theme(quote, theme["theme"]) for quote in theme["quotes"]), theme
        assert "How happy they made them at the time." not in theme["quotes"]


@given(st.sampled_from(sorted(vocabulary.FEELINGS)))
def test_a_theme_about_a_problem_takes_no_positive_tone_its_quotes_do_not_show(mood):
    for theme in build(mood=mood)["themes"]:
        quotes = theme["quotes"]
        about_problem = theme["theme"] in classifier.PROBLEM_THEMES or any(classifier.read(q).problem for q in quotes)
        if about_problem and theme["emotionalTone"] in classifier.POSITIVE_FEELINGS:
            assert classifier.feelings(" ".join(quotes))[theme["emotionalTone"]], theme


def test_a_themes_tone_is_one_its_quotes_show_or_the_interviews_mood():
    for theme in build(mood="Worried")["themes"]:
        shown = classifier.feelings(" ".join(theme["quotes"]))
        assert shown[theme["emotionalTone"]] or theme["emotionalTone"] == "Worried", theme


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


def test_a_vague_problem_gives_no_opportunity():
    for sentence in ("We lose hours to the day.", "It takes too much time every week.", "Things go wrong a lot."):
        assert phrasing.opportunity(sentence, "site foremen") is None
