"""Per-interview options in the start body's `options`, and their server-wide defaults."""

import time

import jsonschema
import pytest
from helpers import assert_json_error, assert_quotes_verbatim, customer_said, validate
from hypothesis import given
from hypothesis import strategies as st
from live_server import PERSONA

from deeptalk import contract
from deeptalk.contract import SCENARIO_PATTERN
from deeptalk.options import check_scenario

START = "/api/interviews/start"


def start_with(server, **options):
    return server.post(START, json={"persona": PERSONA, "options": options})


# -- seed, pace, messages ---------------------------------------------------------------
@pytest.mark.parametrize("count", [10, 14, 20])
def test_messages_sets_how_many_messages_the_stream_sends(server, count):
    result = server.stream(server.start(messages=count))
    assert len(result.messages) == count and result.close_code == 1000
    assert [m["agent"] for m in result.messages] == ["interviewer", "customer"] * (count // 2)


@pytest.mark.parametrize("count", [10, 20])
def test_insights_quotes_stay_verbatim_at_any_length(server, count):
    interview_id = server.start(messages=count, seed=3)
    said = customer_said(server.stream(interview_id).messages)
    insights = server.get(f"/api/interviews/{interview_id}/insights").json()
    validate(insights, contract.INSIGHTS)
    assert_quotes_verbatim(insights, said)


def test_pace_in_options_spaces_the_messages(server):
    result = server.stream(server.start(pace=0.15, messages=10))
    gaps = [b - a for a, b in zip(result.received_at, result.received_at[1:-1], strict=False)]
    assert min(gaps) >= 0.1


def test_pace_as_a_range_is_accepted(server):
    assert start_with(server, pace=[0, 0.01]).status_code == 201


def test_the_same_seed_and_options_give_the_same_interview(server):
    first = server.stream(server.start(seed=11, messages=12)).messages
    second = server.stream(server.start(seed=11, messages=12)).messages
    assert [m["message"] for m in first] == [m["message"] for m in second]


# -- scenarios --------------------------------------------------------------------------
@pytest.mark.parametrize("after", [0, 3])
def test_ws_error_after_n_sends_n_messages_then_an_error_frame_and_closes_4500(server, after):
    interview_id = server.start(scenario=f"ws-error-after:{after}")
    result = server.stream(interview_id)
    assert len(result.messages) == after
    validate(result.frames[-1], contract.ERROR_FRAME)
    assert result.close_code == 4500
    status = server.status(interview_id)
    assert status["status"] == "failed" and status["messageCount"] == after and not status["isComplete"]
    assert server.get(f"/api/interviews/{interview_id}/insights").status_code == 400


def test_ws_error_after_more_messages_than_the_interview_has_fails_after_the_last(server):
    interview_id = server.start(scenario="ws-error-after:15", messages=10)
    result = server.stream(interview_id)
    assert len(result.messages) == 10 and result.close_code == 4500
    assert server.status(interview_id)["status"] == "failed"


def test_abrupt_close_drops_the_socket_without_a_close_frame_then_a_reconnect_resumes(server):
    interview_id = server.start(scenario="abrupt-close-after:3", pace=0.2, messages=10)
    dropped = server.stream(interview_id)
    assert len(dropped.messages) == 3 and dropped.close_code is None  # no close frame: 1006
    resumed = server.stream(interview_id)
    assert [m["id"] for m in resumed.messages] == [f"msg-{n:03d}" for n in range(1, 11)]
    assert resumed.frames[-1]["type"] == "complete" and resumed.close_code == 1000
    assert server.status(interview_id)["status"] == "completed"


def test_insights_error_completes_the_interview_then_insights_answer_500_json(server):
    interview_id = server.start(scenario="insights-error")
    assert server.stream(interview_id).close_code == 1000
    assert server.status(interview_id)["status"] == "completed"
    assert_json_error(server.get(f"/api/interviews/{interview_id}/insights"), 500)


def test_slow_start_delays_the_first_message(server):
    started = time.monotonic()
    result = server.stream(server.start(scenario="slow-start:1.5", messages=10))
    assert result.received_at[0] - started >= 1.4
    assert result.received_at[-1] - result.received_at[0] < 1.4  # only the first waits


# -- server defaults --------------------------------------------------------------------
def test_server_defaults_apply_when_the_request_has_no_options(launch):
    server = launch("--messages", "10", "--scenario", "ws-error-after:2")
    interview_id = server.start()
    result = server.stream(interview_id)
    assert len(result.messages) == 2 and result.close_code == 4500


def test_request_options_override_the_server_defaults(launch):
    server = launch("--messages", "10", "--scenario", "ws-error-after:2")
    result = server.stream(server.start(messages=12, scenario="insights-error"))
    assert len(result.messages) == 12 and result.close_code == 1000


# -- invalid options --------------------------------------------------------------------
@pytest.mark.parametrize(
    "options, named",
    [
        ({"messages": 11}, "options.messages"),
        ({"messages": 22}, "options.messages"),
        ({"messages": "12"}, "options.messages"),
        ({"pace": -1}, "options.pace"),
        ({"pace": [1, 2, 3]}, "options.pace"),
        ({"pace": "fast"}, "options.pace"),
        ({"scenario": "explode"}, "options.scenario"),
        ({"scenario": "ws-error-after:20"}, "options.scenario"),
        ({"scenario": "abrupt-close-after:0"}, "options.scenario"),
        ({"scenario": "slow-start:601"}, "options.scenario"),
        ({"seed": -1}, "options.seed"),
        ({"sede": 4}, "options.sede"),
    ],
)
def test_an_invalid_option_is_a_400_that_names_it(server, options, named):
    response = start_with(server, **options)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Invalid options" and named in body["message"]


option_values = st.fixed_dictionaries(
    {},
    optional={
        "seed": st.integers(-5, 2**33),
        "pace": st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.lists(st.floats(-1, 700), max_size=3)),
        "messages": st.integers(0, 30),
        "scenario": st.text(max_size=24)
        | st.sampled_from(
            ["ws-error-after:4", "abrupt-close-after:2", "insights-error", "slow-start:0.5", "slow-start:1e3"]
        ),
    },
)


@given(options=option_values)
def test_the_server_accepts_exactly_the_options_the_contract_schema_allows(server, options):
    options = {"pace": 0, **options}  # the valid ones then finish at once
    valid = jsonschema.Draft202012Validator(contract.OPTIONS).is_valid(options)
    assert start_with(server, **options).status_code == (201 if valid else 400)


@given(value=st.text(max_size=30))
def test_scenario_parsing_agrees_with_the_published_pattern(value):
    import re

    try:
        check_scenario(value)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == bool(re.search(SCENARIO_PATTERN, value))


def test_every_option_of_the_contract_has_a_parser_and_no_parser_lacks_an_option():
    from deeptalk.validation import OPTION_PARSERS

    assert set(OPTION_PARSERS) == set(contract.OPTIONS["properties"])
