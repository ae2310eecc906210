"""A Hypothesis state machine driving whole interview lifecycles over real HTTP and WebSocket.

Rules: start (valid and invalid bodies), stream (whole, cut short and resumed, two sockets at
once), status, insights, unknown ids everywhere. Invariants: no 5xx ever; every frame conforms
to the AsyncAPI schemas; status agrees with what the streams delivered; insights are 400 until
the interview is completed and 200 after.
"""

from __future__ import annotations

import threading
import uuid

import requests
from helpers import assert_json_error, request_without_5xx, validate
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, invariant, rule
from live_server import read_stream

from deeptalk import specs

FRAME_SCHEMAS = {name: schema for name, (schema, _) in specs.FRAMES.items()}
CLOSE_AFTER = {"complete": 1000, "error": 4500}

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=40).filter(
    lambda value: value.strip()
)
personas = st.fixed_dictionaries({"name": text, "role": text, "industry": text, "background": text})
options = st.fixed_dictionaries(
    {},
    optional={
        "seed": st.integers(0, 2**32 - 1),
        "pace": st.sampled_from([0, 0.01, [0, 0.02]]),
        "messages": st.sampled_from([10, 12, 16, 20]),
        "scenario": st.sampled_from(
            ["ws-error-after:0", "ws-error-after:4", "abrupt-close-after:3", "slow-start:0.05"]
        ),
    },
)
invalid_bodies = st.one_of(
    st.just({}),
    personas.flatmap(
        lambda p: st.sampled_from(list(p)).map(
            lambda missing: {"persona": {k: v for k, v in p.items() if k != missing}}
        )
    ),
    personas.map(lambda p: {"persona": {**p, "name": "   "}}),
    personas.map(lambda p: {"persona": p, "options": {"messages": 11}}),
    personas.map(lambda p: {"persona": p, "options": {"scenario": "explode"}}),
    personas.map(lambda p: {"persona": p, "options": {"unknown": 1}}),
)


class InterviewLifecycle(RuleBasedStateMachine):
    server = None  # set by the test

    interviews = Bundle("interviews")

    @initialize()
    def reset(self):
        self.seen: dict[str, dict] = {}  # id -> {"messages": [...], "end": None | "complete" | "error"}

    # -- HTTP, with the no-5xx invariant on every answer --------------------------------
    def http(self, method: str, path: str, **kwargs) -> requests.Response:
        return request_without_5xx(self.server.url(path), method, **kwargs)

    def status(self, interview_id: str) -> dict:
        response = self.http("GET", f"/api/interviews/{interview_id}/status")
        assert response.status_code == 200
        return response.json()

    def check_stream(self, interview_id: str, **kwargs) -> None:
        result = read_stream(self.server.ws_url(f"/api/interviews/{interview_id}/stream"), **kwargs)
        for frame in result.frames:
            validate(frame, FRAME_SCHEMAS[frame["type"]])
        ids = [message["id"] for message in result.messages]
        assert ids == [f"msg-{n:03d}" for n in range(1, len(ids) + 1)], "replay starts at msg-001, in order"
        record = self.seen[interview_id]
        known = record["messages"]
        assert [m["message"] for m in result.messages[: len(known)]] == known[: len(result.messages)]
        if len(result.messages) > len(known):
            record["messages"] = [m["message"] for m in result.messages]
        last = result.frames[-1]["type"] if result.frames else None
        if last in CLOSE_AFTER:
            assert result.close_code == CLOSE_AFTER[last]
            record["end"] = last
            if last == "complete":
                assert result.frames[-1]["payload"]["messageCount"] == len(result.messages)

    # -- rules --------------------------------------------------------------------------
    @rule(target=interviews, persona=personas, chosen=options)
    def start(self, persona, chosen):
        response = self.http("POST", "/api/interviews/start", json={"persona": persona, "options": chosen})
        assert response.status_code == 201, response.text
        interview_id = response.json()["interviewId"]
        self.seen[interview_id] = {"messages": [], "end": None}
        return interview_id

    @rule(body=invalid_bodies)
    def start_invalid(self, body):
        response = self.http("POST", "/api/interviews/start", json=body)
        assert_json_error(response, 400)

    @rule(interview_id=interviews)
    def stream_to_the_end(self, interview_id):
        self.check_stream(interview_id, timeout=30)

    @rule(interview_id=interviews, count=st.integers(1, 4))
    def stream_then_hang_up(self, interview_id, count):
        self.check_stream(interview_id, limit=count, timeout=30)

    @rule(interview_id=interviews)
    def two_sockets_at_once(self, interview_id):
        errors: list[BaseException] = []

        def follow():
            try:
                self.check_stream(interview_id, timeout=30)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=follow) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    @rule(interview_id=interviews)
    def status_agrees_with_the_streams(self, interview_id):
        status = self.status(interview_id)
        record = self.seen[interview_id]
        assert status["messageCount"] >= len(record["messages"])
        assert status["isComplete"] == (status["status"] == "completed")
        if record["end"] == "complete":
            assert status["status"] == "completed" and status["messageCount"] == len(record["messages"])
        if record["end"] == "error":
            assert status["status"] == "failed"

    @rule(interview_id=interviews)
    def insights_only_after_completion(self, interview_id):
        before = self.status(interview_id)["status"]
        response = self.http("GET", f"/api/interviews/{interview_id}/insights")
        after = self.status(interview_id)["status"]
        if response.status_code == 200:
            assert after == "completed"
            validate(response.json(), specs.openapi()["components"]["schemas"]["Insights"])
        else:
            assert response.status_code == 400 and before != "completed"

    @rule(interview_id=consumes(interviews))
    def forget(self, interview_id):
        """Keeps the bundle small, so rules revisit recent interviews."""

    @rule(
        path=st.sampled_from(["status", "insights"]),
        fake=st.uuids().map(str)
        | st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=12),
    )
    def unknown_ids_are_404(self, path, fake):
        response = self.http("GET", f"/api/interviews/{fake}/{path}")
        assert_json_error(response, 404)

    @rule()
    def unknown_stream_closes_4004(self):
        result = read_stream(self.server.ws_url(f"/api/interviews/{uuid.uuid4()}/stream"), timeout=30)
        assert result.frames == [] and result.close_code == 4004

    @invariant()
    def an_ended_stream_and_the_status_agree_for_good(self):
        for interview_id, record in getattr(self, "seen", {}).items():
            if record["end"] is not None:
                status = self.status(interview_id)
                assert status["status"] == {"complete": "completed", "error": "failed"}[record["end"]]
                assert status["messageCount"] == len(record["messages"])


def test_interview_lifecycles_keep_the_contract(unlimited_server):
    InterviewLifecycle.server = unlimited_server
    machine_settings = settings(settings(), max_examples=max(10, settings().max_examples // 4), stateful_step_count=12)
    InterviewLifecycle.TestCase.settings = machine_settings
    InterviewLifecycle.TestCase().runTest()
