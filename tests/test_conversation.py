"""conversation.py, the one place where an engine's turns become messages and its analysis
ends in insights, for the server's runner and the offline commands alike."""

from __future__ import annotations

import re

from deeptalk import contract
from deeptalk.conversation import analyse, converse, history
from deeptalk.engines.base import Engine
from deeptalk.engines.fixture.engine import FixtureEngine
from deeptalk.records import Persona, Turn
from deeptalk.settings import bundled

PERSONA = Persona("Ana Ruiz", "Nurse", "Healthcare", "Night shifts on a busy ward.")


class TwoTurnEngine(Engine):
    """One exchange, and insights that say which transcript they were drawn from."""

    name = "two-turn"

    def converse(self, persona, seed, history=(), length=None, steering=None):
        yield from (Turn("interviewer", "Why?", "template"), Turn("customer", "Because I said so.", "model"))

    def analyse(self, persona, seed, transcript):
        return {"summary": f"{persona.name}, seed {seed}: {len(transcript)} messages"}


def test_messages_are_numbered_from_msg_001_timestamped_and_keep_their_provenance():
    engine = TwoTurnEngine()
    transcript = converse(engine, PERSONA, 1)
    assert [m.id for m in transcript] == ["msg-001", "msg-002"]
    assert [m.provenance for m in transcript] == ["template", "model"]
    assert all(re.match(contract.TIMESTAMP_PATTERN, m.timestamp) for m in transcript)


def test_each_message_is_handed_on_as_soon_as_it_is_made():
    seen = []
    transcript = converse(TwoTurnEngine(), PERSONA, 1, on_message=seen.append)
    assert seen == transcript


def test_history_gives_back_the_turns_an_engine_resumes_after():
    transcript = converse(TwoTurnEngine(), PERSONA, 1)
    assert history(transcript) == [
        Turn("interviewer", "Why?", "template"),
        Turn("customer", "Because I said so.", "model"),
    ]


def test_the_analysis_is_the_engine_s_insights_for_the_transcript():
    engine = TwoTurnEngine()
    assert analyse(engine, PERSONA, 3, converse(engine, PERSONA, 3)) == {"summary": "Ana Ruiz, seed 3: 2 messages"}


def test_the_fixture_engine_gives_the_same_interview_through_it_for_the_same_seed():
    engine = FixtureEngine(bundled("fixtures"))
    first, again = converse(engine, PERSONA, 7, 12), converse(engine, PERSONA, 7, 12)
    assert len(first) == 12
    assert [(m.id, m.agent, m.message) for m in first] == [(m.id, m.agent, m.message) for m in again]
    assert analyse(engine, PERSONA, 7, first) == analyse(engine, PERSONA, 7, again)
