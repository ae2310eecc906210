"""The runner in-process: no HTTP boundary is under test. It generates each turn while the
previous message waits out its pacing delay (an engine notes how many messages were published
when each of its turns began), and it refuses in its own terms, which the handlers turn into HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import threading

import pytest

from deeptalk import settings as settings_module
from deeptalk.engines.base import Engine, EngineFailure
from deeptalk.records import Persona, Turn
from deeptalk.server.registry import InterviewRegistry
from deeptalk.server.runner import Busy, Runner
from deeptalk.store import InterviewStore

PERSONA = Persona("Ana Ruiz", "Nurse", "Healthcare", "Night shifts on a busy ward.")


class RecordingEngine(Engine):
    """Turns that note, as each begins, how many messages the interview had published."""

    name = "recording"

    def __init__(self, fail_at: int | None = None):
        self.live = None
        self.ready = threading.Event()  # set once the test has the interview to watch
        self.published_at_start: list[int] = []
        self.fail_at = fail_at

    def converse(self, persona, seed, history=(), length=None, steering=None):
        self.ready.wait(5)
        for index in range(len(history), length or 10):
            self.published_at_start.append(len(self.live.messages))
            if index == self.fail_at:
                raise EngineFailure("the model process stopped")
            yield Turn("interviewer" if index % 2 == 0 else "customer", f"Turn {index}?", "template")

    def analyse(self, persona, seed, transcript):
        return {}


def make_runner(tmp_path, engine: Engine, **settings: str) -> Runner:
    args = argparse.Namespace(data_dir=str(tmp_path), **settings)
    resolved = settings_module.resolve(args, environ={})
    store = InterviewStore(resolved.data_dir)
    store.check_writable()  # as the server does at start-up: it makes the folders
    return Runner(engine, store, InterviewRegistry(store), resolved)


async def run_interview(tmp_path, engine: RecordingEngine, pace: str):
    runner = make_runner(tmp_path, engine, pace=pace, messages="10")
    live = await runner.start(PERSONA, {})
    engine.live = live
    engine.ready.set()
    for _ in range(200):
        if live.finished:
            break
        await asyncio.sleep(0.05)
    await runner.close()
    return live


def test_each_turn_is_generated_while_the_previous_message_waits_out_its_pace(tmp_path):
    engine = RecordingEngine()
    live = asyncio.run(run_interview(tmp_path, engine, "0.05"))
    assert live.interview.status == "completed"
    assert len(live.messages) == 10
    # Turn 0 starts with nothing published; turn i (i >= 1) starts as soon as turn i-1 exists,
    # before that message's pacing delay has run and it is published: with i-1 messages out.
    assert engine.published_at_start == [0, *range(0, 9)]


def test_a_failure_in_a_turn_generated_ahead_ends_the_interview_after_the_messages_before_it(tmp_path):
    engine = RecordingEngine(fail_at=4)
    live = asyncio.run(run_interview(tmp_path, engine, "0.05"))
    assert live.interview.status == "failed"
    assert [m.message for m in live.messages] == [f"Turn {i}?" for i in range(4)]
    assert "model process stopped" in live.interview.failure["message"]


def test_a_start_over_the_limit_is_refused_as_busy_not_as_http(tmp_path):
    async def scenario():
        engine = RecordingEngine()  # its first turn waits for `ready`: the interview stays in progress
        runner = make_runner(tmp_path, engine, pace="0", max_active="1")
        engine.live = await runner.start(PERSONA, {})
        with pytest.raises(Busy) as refused:
            await runner.start(PERSONA, {})
        engine.ready.set()
        await runner.close()
        return refused.value

    assert asyncio.run(scenario()).limit == 1


class NotingEngine(RecordingEngine):
    """Writes itself a note about each interview, as the model engines keep their fact sheet."""

    def notes(self, persona, seed):
        return {"facts": f"Work: {persona.role}, seed {seed}."}


def test_what_the_engine_noted_is_stored_with_the_completed_interview(tmp_path):
    engine = NotingEngine()
    live = asyncio.run(run_interview(tmp_path, engine, "0"))
    stored = InterviewStore(tmp_path).load_sync(live.interview.id)
    assert stored.interview.status == "completed"
    assert stored.interview.notes == {"facts": f"Work: Nurse, seed {live.interview.seed}."}


def test_an_engine_without_notes_stores_none(tmp_path):
    live = asyncio.run(run_interview(tmp_path, RecordingEngine(), "0"))
    assert InterviewStore(tmp_path).load_sync(live.interview.id).interview.notes is None
