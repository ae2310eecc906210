"""A panel a previous run left running, at start-up: carried on under the same engine, failed with
the reason under another (its synthesis would mix two engines' interviews)."""

from __future__ import annotations

import asyncio

from deeptalk.panels.brief import parse_brief
from deeptalk.records import Persona
from deeptalk.server.panels import Panel, PanelJob, PanelRunner, PanelStore

BRIEF = parse_brief({"goal": "Find out how nurses hand over.", "hypotheses": ["Handovers depend on memory."]})
PERSONA = Persona("Ana", "Nurse", "Care", "Nights.")


class Engine:
    parallel_calls = 1

    def fingerprint(self) -> dict:
        return {"engine": "fixture"}


class Runner:
    def spawn(self, coroutine):
        return asyncio.ensure_future(coroutine)


def test_a_panel_another_engine_started_is_failed_with_the_reason_at_start_up(tmp_path):
    async def scenario() -> Panel:
        store = PanelStore(tmp_path)
        started = Panel(
            "0b6b8d0e-2b0a-4d7a-9a51-7a0f3b1c2d3e",
            BRIEF,
            [PanelJob(PERSONA, 1)],
            [1],
            None,
            "2026-01-01T00:00:00.000Z",
            fingerprint={"engine": "llama", "model": "m.gguf"},
        )
        await store.save(started)
        panels = PanelRunner(Engine(), Runner(), registry=None, store=store)
        assert await panels.resume_interrupted() == 1
        for _ in range(100):
            stored = await store.load(started.id)
            if stored.status != "running":
                return stored
            await asyncio.sleep(0.01)
        return stored

    ended = asyncio.run(scenario())
    assert ended.status == "failed" and "differs in engine, model" in ended.failure


class FailingRunner(Runner):
    """Starts the first interview, then cannot store the second."""

    def __init__(self):
        self.starts = 0

    async def start(self, persona, options):
        from types import SimpleNamespace

        from deeptalk.server.runner import NotStored

        self.starts += 1
        if self.starts > 1:
            raise NotStored("The interview could not be stored")
        return SimpleNamespace(id=f"i-{self.starts}")

    async def insights_for(self, live):
        return {}


class Registry:
    async def get(self, interview_id):
        from types import SimpleNamespace

        return SimpleNamespace(finished=True, interview=SimpleNamespace(status="completed", id=interview_id))


def test_a_panel_that_cannot_go_on_starts_no_further_interview(tmp_path):
    async def scenario() -> tuple[int, Panel]:
        runner = FailingRunner()
        panels = PanelRunner(Engine(), runner, Registry(), PanelStore(tmp_path))
        panels.window = 1  # one at a time: the third waits while the second fails
        panel = await panels.start(
            [PERSONA, Persona("Bo", "Nurse", "Care", "Days."), Persona("Cy", "Nurse", "Care", "x")], BRIEF, [1], None
        )
        for _ in range(200):
            if (await panels.store.load(panel.id)).status != "running":
                break
            await asyncio.sleep(0.01)
        return runner.starts, await panels.store.load(panel.id)

    starts, ended = asyncio.run(scenario())
    assert starts == 2 and ended.status == "failed" and "could not be stored" in ended.failure


class StoreThatCannotEnd(PanelStore):
    """Stores a panel once, then cannot store it again (its end)."""

    async def save(self, panel: Panel) -> None:
        from deeptalk.store import StorageError

        if (await self.load(panel.id)) is not None:
            raise StorageError("disk full")
        await super().save(panel)


def test_a_panel_that_ended_without_storing_its_end_promises_no_interview(tmp_path):
    async def scenario() -> tuple[Panel, int]:
        store = StoreThatCannotEnd(tmp_path)
        panels = PanelRunner(Engine(), FailingRunner(), Registry(), store)
        panels.window = 1
        panel = await panels.start(
            [PERSONA, Persona("Bo", "Nurse", "Care", "Days."), Persona("Cy", "Nurse", "Care", "x")], BRIEF, [1], None
        )
        for _ in range(200):
            if panel.status != "running":
                break
            await asyncio.sleep(0.01)
        return panel, panels.waiting()

    panel, waiting = asyncio.run(scenario())
    assert panel.status == "failed" and panel.jobs[2].interview_id is None  # the third never started
    assert waiting == 0
