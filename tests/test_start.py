"""POST /api/interviews/start"""

import json
import uuid

import jsonschema
import pytest
from helpers import assert_json_error as assert_error
from helpers import validate
from hypothesis import given
from hypothesis import strategies as st
from live_server import PERSONA

from deeptalk import contract

START = "/api/interviews/start"


def test_start_answers_201_with_a_uuid_and_in_progress(server):
    response = server.post(START, json={"persona": PERSONA})
    assert response.status_code == 201
    body = response.json()
    validate(body, contract.START_RESPONSE)
    assert str(uuid.UUID(body["interviewId"])) == body["interviewId"]
    assert body["status"] == "in-progress"


def test_each_start_gets_a_new_id(server):
    assert server.start() != server.start()


@pytest.mark.parametrize("field", contract.PERSONA_FIELDS)
def test_missing_persona_field_is_400_with_the_contract_error(server, field):
    persona = {k: v for k, v in PERSONA.items() if k != field}
    body = assert_error(server.post(START, json={"persona": persona}), 400)
    assert body["error"] == "Invalid persona data"
    assert "All persona fields (name, role, industry, background) are required" in body["message"]
    assert field in body["message"]


@pytest.mark.parametrize("value", ["", "   ", "\n\t", None, 42, ["x"], {"a": "b"}, True])
def test_blank_or_non_string_persona_field_is_400(server, value):
    body = assert_error(server.post(START, json={"persona": {**PERSONA, "role": value}}), 400)
    assert body["error"] == "Invalid persona data"


def test_background_over_2000_characters_is_400(server):
    body = assert_error(server.post(START, json={"persona": {**PERSONA, "background": "x" * 2001}}), 400)
    assert "2000" in body["message"]


def test_background_of_exactly_2000_characters_is_accepted(server):
    assert server.post(START, json={"persona": {**PERSONA, "background": "x" * 2000}}).status_code == 201


def test_malformed_json_is_400_json(server):
    body = assert_error(server.post(START, data=b'{"persona": ', headers={"Content-Type": "application/json"}), 400)
    assert body["error"] == "Invalid JSON"


@pytest.mark.parametrize("document", ["[]", '"persona"', "42", "null", "true"])
def test_body_that_is_not_an_object_is_400_json(server, document):
    assert_error(server.post(START, data=document, headers={"Content-Type": "application/json"}), 400)


def test_missing_persona_is_400(server):
    assert_error(server.post(START, json={"name": "Sarah"}), 400)


def test_unknown_extra_fields_are_ignored(server):
    response = server.post(START, json={"persona": {**PERSONA, "age": 41}, "tracking": {"utm": "x"}})
    assert response.status_code == 201


def test_persona_fields_are_stored_trimmed(server):
    interview_id = server.start({**PERSONA, "name": "  Ada Lovelace  "})
    first = server.stream(interview_id).messages[0]["message"]
    assert "Ada," in first or "Ada " in first


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "7", True, None, [1]])
def test_invalid_seed_is_400_naming_the_option(server, seed):
    body = assert_error(server.post(START, json={"persona": PERSONA, "options": {"seed": seed}}), 400)
    assert body["error"] == "Invalid options"
    assert "options.seed" in body["message"]


def test_options_that_are_not_an_object_are_400(server):
    assert_error(server.post(START, json={"persona": PERSONA, "options": [1]}), 400)


def test_start_with_a_seed_shows_it_in_status(server):
    interview_id = server.start(seed=1234)
    assert server.status(interview_id)["seed"] == 1234


def test_start_without_a_seed_draws_one_and_stores_it(server):
    seed = server.status(server.start())["seed"]
    assert isinstance(seed, int) and 0 <= seed < 2**32


# -- properties ----------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(
    json_values,
    st.text(alphabet=" \t\n\r", max_size=5),  # blank
    st.text(alphabet="ab ", min_size=2001, max_size=2100),  # too long for any field (and under 16 KiB)
)


@st.composite
def broken_personas(draw):
    """A persona with at least one field missing, blank, too long or not a string."""
    persona = dict(PERSONA)
    broken = draw(st.lists(st.sampled_from(contract.PERSONA_FIELDS), min_size=1, unique=True))
    for name in broken:
        if draw(st.booleans()):
            del persona[name]
        else:
            value = draw(field_values.filter(lambda v: not (isinstance(v, str) and 0 < len(v.strip()) <= 200)))
            persona[name] = value
    return persona


def is_valid_start(body) -> bool:
    try:
        validate(body, contract.START_REQUEST)
    except jsonschema.ValidationError:
        return False
    return all(body["persona"][name].strip() for name in contract.PERSONA_FIELDS)


@given(persona=broken_personas())
def test_any_broken_persona_is_400_json(server, persona):
    body = assert_error(server.post(START, json={"persona": persona}), 400)
    assert body["error"] == "Invalid persona data"


@given(document=json_values.filter(lambda value: not is_valid_start(value)))
def test_any_json_that_is_not_a_start_body_is_400_json(server, document):
    assert_error(server.post(START, data=json.dumps(document), headers={"Content-Type": "application/json"}), 400)


@given(raw=st.binary(max_size=200))
def test_any_bytes_get_a_json_answer_never_5xx(server, raw):
    response = server.post(START, data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code in (201, 400), response.text
    validate(response.json(), contract.START_RESPONSE if response.status_code == 201 else contract.ERROR)


# Printable text, newlines and tabs: anything a person can type into the persona form.
typed = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"), min_size=1, max_size=60)
personas = st.fixed_dictionaries({name: typed.filter(str.strip) for name in contract.PERSONA_FIELDS})


@given(persona=personas)
def test_any_valid_persona_is_201(server, persona):
    assert server.post(START, json={"persona": persona}).status_code == 201
