"""The fixture engine and the fixture format."""

import json
import shutil
from pathlib import Path

import pytest
from helpers import assert_quotes_verbatim, deeptalk, validate
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import contract
from deeptalk.engines.fixture.engine import FixtureEngine
from deeptalk.engines.fixture.files import FixtureError, load_fixture, load_fixtures
from deeptalk.records import Persona
from deeptalk.settings import PROJECT_ROOT

FIXTURES_DIR = PROJECT_ROOT / "fixtures"
FIXTURES = load_fixtures(FIXTURES_DIR)
ENGINE = FixtureEngine(FIXTURES_DIR)

text = st.text(min_size=1, max_size=80).filter(str.strip).map(str.strip)
personas = st.builds(Persona, name=text, role=text, industry=text, background=text)


def test_there_are_at_least_8_fixtures_with_distinct_industries():
    assert len(FIXTURES) >= 8
    assert len({fixture.match[0] for fixture in FIXTURES}) == len(FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
@given(persona=personas)
def test_every_quote_is_verbatim_in_a_customer_message_for_any_persona(fixture, persona):
    turns = fixture.render_turns(persona)
    said = [turn.message for turn in turns if turn.agent == "customer"]
    assert_quotes_verbatim(fixture.render_insights(persona), said)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
@given(persona=personas)
def test_rendered_insights_fill_the_contract_for_any_persona(fixture, persona):
    validate(fixture.render_insights(persona), contract.INSIGHTS)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_fixture_meets_the_quality_floor(fixture):
    insights = fixture.insights
    assert 10 <= len(fixture.messages) <= 20
    assert [t.agent for t in fixture.messages] == [contract.AGENTS[i % 2] for i in range(len(fixture.messages))]
    assert len(insights["themes"]) >= 3 and len(insights["emotionalJourney"]) == 5
    assert len(insights["topicCloud"]) >= 8 and len(insights["opportunityMap"]) >= 4
    # Every interviewer turn asks something: a question, or an open invitation to tell a story.
    invitations = ("?", "Tell me", "Walk me through", "Describe")
    for turn in fixture.messages:
        if turn.agent == "interviewer":
            assert any(marker in turn.message for marker in invitations), turn.message


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_persona_text_is_data_never_template_code(fixture):
    name = "{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %}"
    role = "{{ ''.__class__.__mro__ }}"
    persona = Persona(name, role, "Tech", "b")
    # Whatever the fixture says of the persona, it says literally; nothing in it is evaluated.
    rendered = " ".join(
        [t.message for t in fixture.render_turns(persona)] + [fixture.render_insights(persona)["summary"]]
    )
    assert name in rendered or role in rendered
    assert "49" not in rendered and "xxx" not in rendered and "class 'object'" not in rendered


@given(persona=personas, seed=st.integers(0, 2**32 - 1))
def test_same_persona_and_seed_choose_the_same_fixture(persona, seed):
    assert ENGINE.choose(persona, seed) is ENGINE.choose(persona, seed)


@pytest.mark.parametrize(
    "role, industry, expected",
    [
        ("ICU Nurse", "Healthcare", "hospital-nurse"),
        ("Maths Teacher", "Education", "school-teacher"),
        ("Risk Analyst", "Fintech", "fintech-analyst"),
        ("Dispatch Lead", "Logistics", "logistics-manager"),
        ("Volunteer Coordinator", "Nonprofit", "nonprofit-coordinator"),
        ("Shop Owner", "Retail", "independent-retailer"),
        ("Solo Developer", "Indie Games", "indie-game-developer"),
        ("Founder", "B2B SaaS", "saas-founder"),
    ],
)
def test_the_persona_picks_a_fixture_from_its_own_world(role, industry, expected):
    persona = Persona("Kim", role, industry, "")
    assert {ENGINE.choose(persona, seed).id for seed in range(20)} == {expected}


@given(persona=personas, seed=st.integers(0, 2**32 - 1), cut=st.integers(0, 20))
def test_converse_after_a_history_continues_where_it_stopped(persona, seed, cut):
    full = list(ENGINE.converse(persona, seed))
    history = full[:cut]
    assert history + list(ENGINE.converse(persona, seed, history)) == full


def broken_copy(tmp_path: Path, change) -> Path:
    source = FIXTURES_DIR / "saas-founder.json"
    data = json.loads(source.read_text())
    change(data)
    target = tmp_path / "broken.json"
    target.write_text(json.dumps(data))
    return target


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda d: d["insights"]["themes"][0]["quotes"].append("Words nobody said"), "verbatim"),
        (lambda d: d["messages"].reverse(), "expected interviewer"),
        (lambda d: d["insights"].pop("summary"), "summary"),
        (lambda d: d.update(messages=d["messages"][:4]), "too short"),
        (lambda d: d["messages"][0].update(message="{{ unknown_variable }}"), "unknown_variable"),
        (lambda d: d["messages"][0].update(message="{% if %}"), "Expected an expression"),
    ],
)
def test_a_broken_fixture_is_refused_with_the_reason(tmp_path, change, complaint):
    with pytest.raises(FixtureError, match=complaint):
        load_fixture(broken_copy(tmp_path, change))


def test_server_refuses_to_start_with_a_broken_fixture(tmp_path):

    shutil.copy(broken_copy(tmp_path, lambda d: d["insights"].pop("themes")), tmp_path / "x.json")
    (tmp_path / "broken.json").unlink()
    done = deeptalk(
        "serve",
        "--port",
        "0",
        "--engine",
        "fixture",
        "--fixtures-dir",
        str(tmp_path),
        "--data-dir",
        str(tmp_path / "data"),
    )
    assert done.returncode == 2
    assert "x.json" in done.stderr and "themes" in done.stderr


def test_a_recorded_fixture_plays_only_for_personas_it_matches():
    recorded = [f for f in FIXTURES if f.recorded]
    assert recorded, "fixtures/ holds at least one recorded fixture"
    unmatched = Persona("Kim", "Consultant", "Aerospace", "")
    assert not any(ENGINE.choose(unmatched, seed).recorded for seed in range(200))
    farmer = Persona("Kim", "Farm Manager", "Agriculture", "")
    assert ENGINE.choose(farmer, 1).recorded


def test_a_recorded_fixture_says_where_it_came_from():
    for fixture in (f for f in FIXTURES if f.recorded):
        source = json.loads(fixture.path.read_text())["source"]
        assert {"model", "model_sha256", "seed", "templates"} <= set(source)


def _empty_desires(data: dict) -> None:
    data["insights"]["humanInsights"]["coreDesires"] = []


def test_a_hand_written_fixture_with_an_empty_field_is_refused(tmp_path):
    with pytest.raises(FixtureError, match="coreDesires|should be non-empty"):
        load_fixture(broken_copy(tmp_path, _empty_desires))


def test_a_recorded_fixture_keeps_a_field_the_engine_left_empty(tmp_path):
    def recorded(data: dict) -> None:
        _empty_desires(data)
        data["insights"]["opportunityMap"] = []
        data["source"] = {"kind": "recorded", "model": "m", "model_sha256": "0" * 64, "seed": 1, "templates": "t"}

    assert load_fixture(broken_copy(tmp_path, recorded)).recorded
