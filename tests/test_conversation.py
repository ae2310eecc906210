"""conversation.py, the one place where an engine's turns become messages and its analysis
ends in insights, for the server's runner and the offline commands alike."""

from __future__ import annotations

import re

import pytest

from deeptalk import contract
from deeptalk.conversation import Analysis, NoInsights, analyse, converse, history
from deeptalk.engines.base import Engine
from deeptalk.engines.fixture.engine import FixtureEngine
from deeptalk.records import Persona, Turn
from deeptalk.settings import bundled

PERSONA = Persona("Ana Ruiz", "Nurse", "Healthcare", "Night shifts on a busy ward.")


class SteppedEngine(Engine):
    """An analysis in `steps` (None between them), for watching it advance."""

    name = "stepped"

    def __init__(self, steps: list[dict | None]):
        self.steps = steps
        self.taken = 0

    def converse(self, persona, seed, history=(), length=None, steering=None):
        yield from (Turn("interviewer", "Why?", "template"), Turn("customer", "Because I said so.", "model"))

    def analyse(self, persona, seed, transcript):
        raise AssertionError("the steps are used, not analyse")

    def analysis_steps(self, persona, seed, transcript):
        for step in self.steps:
            self.taken += 1
            yield step


def test_messages_are_numbered_from_msg_001_timestamped_and_keep_their_provenance():
    engine = SteppedEngine([{}])
    transcript = converse(engine, PERSONA, 1)
    assert [m.id for m in transcript] == ["msg-001", "msg-002"]
    assert [m.provenance for m in transcript] == ["template", "model"]
    assert all(re.match(contract.TIMESTAMP_PATTERN, m.timestamp) for m in transcript)


def test_each_message_is_handed_on_as_soon_as_it_is_made():
    seen = []
    transcript = converse(SteppedEngine([{}]), PERSONA, 1, on_message=seen.append)
    assert seen == transcript


def test_history_gives_back_the_turns_an_engine_resumes_after():
    transcript = converse(SteppedEngine([{}]), PERSONA, 1)
    assert history(transcript) == [
        Turn("interviewer", "Why?", "template"),
        Turn("customer", "Because I said so.", "model"),
    ]


def test_the_analysis_advances_one_step_at_a_time_and_keeps_the_last_insights():
    engine = SteppedEngine([None, {"summary": "first"}, None, {"summary": "last"}])
    analysis = Analysis(engine, PERSONA, 1, [])
    assert analysis.step() and engine.taken == 1
    assert [analysis.step() for _ in range(4)] == [True, True, True, False]
    assert analysis.insights == {"summary": "last"}


def test_an_analysis_that_gives_no_insights_is_an_error():
    with pytest.raises(NoInsights):
        analyse(SteppedEngine([None, None]), PERSONA, 1, [])


def test_the_fixture_engine_gives_the_same_interview_through_it_for_the_same_seed():
    engine = FixtureEngine(bundled("fixtures"))
    first, again = converse(engine, PERSONA, 7, 12), converse(engine, PERSONA, 7, 12)
    assert len(first) == 12
    assert [(m.id, m.agent, m.message) for m in first] == [(m.id, m.agent, m.message) for m in again]
    assert analyse(engine, PERSONA, 7, first) == analyse(engine, PERSONA, 7, again)
