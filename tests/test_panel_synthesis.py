"""The research brief and the synthesis of a panel (docs/panels.md), on the fixture engine."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import contract
from deeptalk.engines.fixture.engine import FixtureEngine
from deeptalk.engines.model import guide
from deeptalk.errors import ApiError
from deeptalk.offline.simulation import simulate
from deeptalk.panels import schemas
from deeptalk.panels.brief import Hypothesis, load_brief, parse_brief
from deeptalk.panels.synthesis import (
    PanelInterview,
    about,
    own_account,
    point_to_themes,
    similar,
    stance,
    synthesize,
    weigh,
)
from deeptalk.records import Message, Persona, Steering
from deeptalk.settings import bundled

PERSONAS = [
    Persona("Tom Becker", "Ward Nurse", "Healthcare", "Night-shift nurse on a surgical ward."),
    Persona("Lena Ortiz", "Logistics Manager", "Logistics", "Runs a regional warehouse with 30 drivers."),
    Persona("Raj Patel", "Data Analyst", "Fintech", "Builds weekly risk reports from five systems."),
    Persona("Mia Chen", "Indie Game Developer", "Games", "Solo developer shipping a puzzle game on Steam."),
    Persona("Kofi Mensah", "Nonprofit Coordinator", "Nonprofit", "Coordinates 80 volunteers for a food bank."),
]
BRIEF = {
    "goal": "Find out where frontline workers lose time to tools and paperwork.",
    "hypotheses": [
        "Handovers depend on memory and lose important details.",
        {"text": "Marketing a game is harder than making it.", "topic": "marketing"},
        "Beekeepers sell their honey at weekend farmers' markets.",
    ],
}
ENGINE = {"name": "fixture", "model": None, "adapter": None}


@pytest.fixture(scope="module")
def panel() -> list[PanelInterview]:
    engine = FixtureEngine(bundled("fixtures"))
    brief = parse_brief(BRIEF)
    found = []
    for number, persona in enumerate(PERSONAS):
        for seed in (1, 2):
            run = simulate(engine, persona, seed, None, brief.steering())
            found.append(PanelInterview(f"i-{number}-{seed}", persona, seed, "completed", run.messages, run.insights))
    return found


@pytest.fixture(scope="module")
def synthesis(panel) -> dict:
    return synthesize(parse_brief(BRIEF), panel, ENGINE, [1, 2])


def messages_of(panel: list[PanelInterview]) -> dict[tuple[str, str], str]:
    return {(i.interview_id, m.id): m.message for i in panel for m in i.messages if m.agent == "customer"}


# -- the brief -----------------------------------------------------------------------------
def test_a_brief_numbers_its_hypotheses_in_order():
    brief = parse_brief(BRIEF)
    assert [h.id for h in brief.hypotheses] == ["H1", "H2", "H3"] and brief.hypotheses[1].topic == "marketing"


def test_a_brief_without_a_guide_steers_to_the_hypotheses_topics():
    assert parse_brief(BRIEF).steering() == Steering(topics=("marketing",))


def test_a_brief_with_a_guide_asks_the_guide():
    brief = parse_brief({**BRIEF, "guide": ["Tell me about the last handover you did."]})
    assert brief.steering() == Steering(questions=("Tell me about the last handover you did.",))


def test_a_brief_is_read_from_yaml(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text(
        "goal: Find out how owners order from suppliers.\nhypotheses:\n  - Owners order by phone every day.\n"
    )
    assert load_brief(path).hypotheses[0].text == "Owners order by phone every day."


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"hypotheses": ["Owners order by phone every day."]}, "goal"),
        ({"goal": "Find out how owners order.", "hypotheses": []}, "hypotheses"),
        ({"goal": "Find out how owners order.", "hypotheses": ["x" * 9]}, "hypotheses[0]"),
        ({**BRIEF, "hypotheses": ["Owners order by phone every day."] * 11}, "hypotheses"),
        ({**BRIEF, "guide": ["Tell me more about that."] * 10}, "guide"),
        ({**BRIEF, "audience": "owners"}, "audience"),
    ],
)
def test_a_bad_brief_is_a_400_naming_the_field(bad, field):
    with pytest.raises(ApiError) as refused:
        parse_brief(bad)
    assert refused.value.status == 400 and field in refused.value.message


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_any_json_is_a_brief_or_a_400(data):
    try:
        brief = parse_brief(data)
    except ApiError as refused:
        assert refused.status == 400 and refused.message
    else:
        contract.validate(brief.as_dict(), schemas.SYNTHESIS["properties"]["brief"])


# -- steering the model engines' guide -----------------------------------------------------
def test_a_teams_guide_is_asked_in_order_then_the_interview_closes():
    questions = ("Tell me about the last handover you did.", "What happened next?", "Who else was involved?")
    steps = guide.plan(7, "Ward Nurse", None, questions)
    assert [s.fallback for s in steps[:3]] == list(questions) and steps[-1].phase == "Closure"
    assert len(steps) == 5  # padded to the contract's 10 messages


def test_topics_take_the_place_of_the_first_deep_dive_questions():
    steps = guide.plan(7, "Ward Nurse", 8, (), ("handovers", "night shifts"))
    deep = [s.fallback for s in steps if s.phase == "Deep Dive"]
    assert deep[:2] == [guide.STEERED.format(topic="handovers"), guide.STEERED.format(topic="night shifts")]


def test_steering_keeps_the_phases_an_analysis_reads_from_the_length():
    plain = guide.plan(3, "Ward Nurse", 7)
    steered = guide.plan(3, "Ward Nurse", 7, ("Tell me about your last shift.",) * 4)
    assert [s.phase for s in plain] == [s.phase for s in steered]


# -- the synthesis -------------------------------------------------------------------------
def test_the_synthesis_has_the_schemas_shape_and_a_banner(synthesis):
    contract.validate(synthesis, schemas.SYNTHESIS)
    assert synthesis["banner"].startswith("Synthetic interviews, not research with people")
    assert "fixture" in synthesis["banner"] and "seeds 1, 2" in synthesis["banner"]


def test_every_quote_is_verbatim_in_the_message_it_names(synthesis, panel):
    said = messages_of(panel)
    quotes = [q for t in synthesis["themes"] for q in t["quotes"]]
    quotes += [q for h in synthesis["hypotheses"] for q in h["evidence"]]
    assert quotes
    for quote in quotes:
        assert quote["quote"] in said[(quote["interviewId"], quote["messageId"])]


def test_a_themes_count_is_the_number_of_interviews_it_names(synthesis):
    for theme in synthesis["themes"]:
        assert theme["interviews"] == len(set(theme["interviewIds"])) >= 1
        assert {q["interviewId"] for q in theme["quotes"]} <= set(theme["interviewIds"])


def test_a_hypothesis_counts_the_interviews_its_evidence_cites_on_each_side(synthesis):
    for hypothesis in synthesis["hypotheses"]:
        sides = {}
        for quote in hypothesis["evidence"]:
            sides.setdefault(quote["interviewId"], set()).add(quote["stance"])
        for side, count in (("supports", "supporting"), ("contradicts", "contradicting")):
            assert hypothesis[count] == sum(1 for taken in sides.values() if taken == {side})


def test_a_hypothesis_no_answer_speaks_to_has_no_evidence(synthesis):
    beekeepers = synthesis["hypotheses"][2]
    assert beekeepers["verdict"] == "no evidence" and beekeepers["evidence"] == []


def test_a_hypothesis_the_answers_bear_out_is_supported_with_quotes(synthesis):
    handovers = synthesis["hypotheses"][0]
    assert handovers["verdict"] == "supports" and handovers["supporting"] >= 1 and handovers["evidence"]


def test_the_same_panel_gives_the_same_synthesis_byte_for_byte(panel):
    once = json.dumps(synthesize(parse_brief(BRIEF), panel, ENGINE, [1, 2]))
    assert once == json.dumps(synthesize(parse_brief(BRIEF), panel, ENGINE, [1, 2]))


def test_failed_interviews_are_listed_but_give_no_evidence(panel):
    failed = [PanelInterview(i.interview_id, i.persona, i.seed, "failed", i.messages) for i in panel]
    synthesis = synthesize(parse_brief(BRIEF), failed, ENGINE, [1])
    assert len(synthesis["interviews"]) == len(panel) and synthesis["themes"] == []
    assert {h["verdict"] for h in synthesis["hypotheses"]} == {"no evidence"}


# -- stances -------------------------------------------------------------------------------
HANDOVER = Hypothesis("H1", "Handovers depend on memory and lose important details.")


@pytest.mark.parametrize(
    "sentence, side",
    [
        ("At handover I depend on my memory and important details get lost.", "supports"),
        ("Honestly, handovers are not really a problem for us; details are written down.", "contradicts"),
        ("Losing details at handover is a minor thing on our ward.", "contradicts"),
        ("I would love a handover that did not depend on memory.", None),  # hypothetical
        ("We never lose details at handover; it's all written down.", "contradicts"),  # the claim denied
        ("Nothing is written down, so it all depends on memory at handover.", "supports"),  # another negation
    ],
)
def test_a_sentence_takes_a_side_only_when_it_is_not_hypothetical(sentence, side):
    assert stance(sentence, HANDOVER) == side


def test_a_negative_hypothesis_turns_the_sides_round():
    negative = Hypothesis("H1", "Owners do not track supplier prices at all.")
    assert stance("Tracking supplier prices is not really a problem for me.", negative) == "supports"
    assert stance("I track supplier prices in a notebook every Monday.", negative) == "contradicts"


def test_an_answer_is_about_a_hypothesis_by_most_of_its_words_or_its_topic_and_one_more():
    assert about("Handovers depend on memory, so details get lost.", HANDOVER)
    assert not about("My memory is fine.", HANDOVER)
    topic = Hypothesis("H2", "Teams have tried an ordering app and dropped it.", "ordering apps")
    assert about("We tried two ordering apps last year.", topic)
    assert not about("We sell two ordering apps.", topic)  # the topic, but nothing of the claim


def test_generic_words_alone_do_not_make_an_answer_about_a_hypothesis():
    weekly = Hypothesis("H1", "People lose hours every week.")
    assert not about("Every week people come in for hours.", weekly)


# -- flags ---------------------------------------------------------------------------------
def flags_of(synthesis: dict) -> dict[str, dict]:
    return {flag["flag"]: flag for flag in synthesis["flags"]}


def test_a_fixture_panel_says_its_interviews_were_replayed(synthesis):
    assert "fixture_replay" in flags_of(synthesis)


def test_five_personas_are_not_a_small_panel_but_four_are(synthesis, panel):
    assert "small_n" not in flags_of(synthesis)
    four = [i for i in panel if i.persona != PERSONAS[-1]]
    assert "small_n" in flags_of(synthesize(parse_brief(BRIEF), four, ENGINE, [1, 2]))


def test_a_theme_one_persona_raised_is_flagged(synthesis):
    lonely = [t["theme"] for t in synthesis["themes"] if t["personas"] == 1]
    assert lonely and all(name in flags_of(synthesis)["single_persona_theme"]["message"] for name in lonely)


def test_personas_with_the_same_role_and_industry_are_too_alike():
    a = Persona("Ana", "Cafe Owner", "Hospitality", "Runs a cafe in Porto.")
    b = Persona("Bo", "cafe owner", "hospitality", "Owns a small coffee shop by the station.")
    c = Persona("Cy", "Ward Nurse", "Healthcare", "Works nights on a surgical ward.")
    assert similar(a, b) and not similar(a, c)


def test_an_interview_of_mostly_would_and_could_is_flagged():
    persona = PERSONAS[0]
    said = ["I would use it every day.", "It could save me an hour.", "I'd pay for that.", "I chart at night."]
    messages = [
        Message(f"msg-{n + 1:03d}", "customer", text, "2026-01-01T00:00:00.000Z") for n, text in enumerate(said)
    ]
    synthesis = synthesize(
        parse_brief(BRIEF), [PanelInterview("x", persona, 1, "completed", messages, None)], ENGINE, [1]
    )
    assert flags_of(synthesis)["mostly_hypothetical"]["interviewIds"] == ["x"]


def test_the_synthesis_schema_is_a_valid_json_schema():
    import jsonschema

    for schema in (schemas.BRIEF, schemas.PANEL_REQUEST, schemas.PANEL_STATUS, schemas.SYNTHESIS):
        jsonschema.Draft202012Validator.check_schema(schema)


@given(
    st.lists(
        st.sampled_from("ordering apps supplier invoices night shifts rota handover".split()), min_size=1, max_size=3
    )
)
def test_a_question_steered_to_a_topic_passes_the_guide_linter(words):
    from deeptalk.guide_lint import lint_question

    assert lint_question(guide.STEERED.format(topic=" ".join(words))) == []


def _interview(question: str, answer: str) -> PanelInterview:
    stamp = "2026-01-01T00:00:00.000Z"
    messages = [Message("msg-001", "interviewer", question, stamp), Message("msg-002", "customer", answer, stamp)]
    return PanelInterview("x", PERSONAS[0], 1, "completed", messages, None)


ANSWER = "Handovers depend on memory at the end of a shift, and important details get lost."


def test_an_answer_to_a_past_behaviour_question_is_evidence():
    weighed = weigh(HANDOVER, [_interview("Tell me about the last handover you did. What happened?", ANSWER)])
    assert weighed["verdict"] == "supports" and weighed["evidence"][0]["quote"] == ANSWER


@pytest.mark.parametrize(
    "question",
    ["What would an ideal handover look like?", "If that were solved a year from now, what would be different?"],
)
def test_an_answer_to_a_hypothetical_or_future_question_is_no_evidence(question):
    assert weigh(HANDOVER, [_interview(question, ANSWER)])["verdict"] == "no evidence"


def test_a_quote_of_two_sentences_is_verbatim_in_its_answer():
    answer = "Handovers are verbal at the station. Details get lost because it all depends on memory. Then I go home."
    quote = weigh(HANDOVER, [_interview("Walk me through your last handover.", answer)])["evidence"][0]["quote"]
    assert quote in answer and quote.count(".") == 2


def test_a_replayed_transcript_is_one_voice_and_is_flagged():
    first = _interview("Tell me about the last handover you did.", ANSWER)
    again = PanelInterview("y", PERSONAS[1], 1, "completed", first.messages, None)
    synthesis = synthesize(parse_brief({**BRIEF, "hypotheses": [HANDOVER.text]}), [first, again], ENGINE, [1])
    assert synthesis["hypotheses"][0]["supporting"] == 1 and len(synthesis["interviews"]) == 2
    assert flags_of(synthesis)["replayed_interviews"]["interviewIds"] == ["y"]


def test_a_theme_quoted_only_from_a_wish_is_not_raised():
    theme = {"theme": "Better Handovers", "quotes": [ANSWER], "emotionalTone": "Hope", "underlyingNeed": "Safety"}
    wish = _interview("What would an ideal handover look like?", ANSWER)
    fact = _interview("Walk me through your last handover.", ANSWER)
    for interview, raised in ((wish, []), (fact, ["Better Handovers"])):
        interview = PanelInterview("x", PERSONAS[0], 1, "completed", interview.messages, {"themes": [theme]})
        assert [t["theme"] for t in synthesize(parse_brief(BRIEF), [interview], ENGINE, [1])["themes"]] == raised


TRIED = Hypothesis("H2", "They have already tried software for the problem and given up on it.", "software")


@pytest.mark.parametrize(
    "passage, own",
    [
        ("I tried two scheduling tools last spring and gave up on both.", True),
        ("The rota software is slow, so the format depends on memory.", True),  # their world, no one else
        ("A guy on my team had never used the software before.", False),  # a colleague's story
        ("The client's office pays for the software and it costs them money.", False),
    ],
)
def test_evidence_is_the_customers_own_account_not_someone_elses_story(passage, own):
    assert own_account(passage, TRIED) is own


def test_a_hypothesis_without_evidence_points_to_themes_that_share_its_words():
    themes = [{"theme": "Fragile Handovers"}, {"theme": "Cash Flow"}]
    pointed = point_to_themes({"verdict": "no evidence", "summary": "No answer matched."}, HANDOVER, themes)
    assert pointed["summary"] == 'No answer matched. Themes that may bear on it: "Fragile Handovers".'
    counted = point_to_themes({"verdict": "supports", "summary": "1 of 2."}, HANDOVER, themes)
    assert counted["summary"] == "1 of 2."  # a verdict with evidence needs no pointer
