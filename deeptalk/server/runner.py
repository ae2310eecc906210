"""Runs interviews inside the server: from POST start to stored insights, watched or not.

engine.converse ─turn by turn─▶ store.append ─▶ live.publish ─▶ … ─▶ store (completed)
─▶ engine.analyse ─▶ store.save_insights. A message is published only once it is stored,
so nothing a client has seen can be lost. Engine calls run on the engine's own threads, one
turn per call: one thread for a local model (not thread-safe), so concurrent interviews
interleave turn by turn; `--llm-concurrency` threads for a model server, which batches them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from .. import conversation
from ..clock import now_iso
from ..engines import Engine
from ..engines.base import EngineFailure
from ..options import Scenario, new_seed
from ..records import Interview, Message, Persona, StoredInterview
from ..settings import Settings
from ..store import InterviewStore, StorageError
from .live import LiveInterview
from .registry import InterviewRegistry

log = logging.getLogger("deeptalk.runner")

GENERATION_FAILED = {"error": "AI service unavailable", "message": "Failed to generate next response"}
STORAGE_FAILED = {"error": "Storage unavailable", "message": "Failed to save the interview"}
_END = object()


class ScenarioFailure(Exception):
    """The failure a ws-error-after:N scenario asked for."""

    def __init__(self, scenario: Scenario, sent: int):
        super().__init__(f"{GENERATION_FAILED['message']} (scenario {scenario}, after {sent} messages)")


def differing_keys(stored: dict, now: dict) -> list[str]:
    """The keys whose values differ between an engine fingerprint stored with a job and the
    running engine's, sorted."""
    return sorted(key for key in set(stored) | set(now) if stored.get(key) != now.get(key))


class RunnerRefusal(Exception):
    """What the runner cannot do for a request; the handlers say it in HTTP."""


class Busy(RunnerRefusal):
    def __init__(self, limit: int):
        super().__init__(f"{limit} interviews are already in progress")
        self.limit = limit


class NotStored(RunnerRefusal):
    """The new interview could not be stored."""


class AnalysisFailed(RunnerRefusal):
    """The interview's insights could not be made (the message says why)."""


class AnalysisRunning(RunnerRefusal):
    """The insights are still being made after the wait the settings allow."""


def _retrieve(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()


class Runner:
    def __init__(self, engine: Engine, store: InterviewStore, registry: InterviewRegistry, settings: Settings):
        self.engine = engine
        self.store = store
        self.registry = registry
        self.settings = settings
        self._engine_thread = ThreadPoolExecutor(
            max_workers=engine.parallel_calls, thread_name_prefix="deeptalk-engine"
        )
        self._tasks: set[asyncio.Task] = set()
        self.engine_queue = 0  # engine calls submitted and not yet finished (GET /api/health)

    def spawn(self, coroutine) -> asyncio.Task:
        """Run `coroutine` as one of the runner's tasks: logged if it fails, cancelled at close."""
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        _retrieve(task)  # already logged where it arose; retrieved so asyncio does not warn again

    async def _in_engine_thread(self, function, *args):
        self.engine_queue += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._engine_thread, function, *args)
        finally:
            self.engine_queue -= 1

    # -- start ---------------------------------------------------------------------------
    async def start(self, persona: Persona, options: dict) -> LiveInterview:
        """A new interview, with the request's options (checked) over the server's defaults."""
        limit = min(self.settings.max_active, self.engine.capacity or self.settings.max_active)
        if len(self.registry.active) >= limit:
            raise Busy(limit)
        seed = options.get("seed", self.settings.seed)
        scenario = options.get("scenario", self.settings.scenario)
        interview = Interview(
            id=str(uuid.uuid4()),
            persona=persona,
            seed=seed if seed is not None else new_seed(),
            engine=self.engine.name,
            status="in-progress",
            created_at=now_iso(),
            pace=options.get("pace", self.settings.pace),
            length=options.get("messages", self.settings.messages),
            scenario=str(scenario) if scenario else None,
            fingerprint=self.engine.fingerprint(),
            steering=options.get("steering"),
        )
        try:
            await self.store.create(interview)
        except StorageError as exc:
            log.error("cannot store a new interview: %s", exc)
            raise NotStored("The interview could not be stored") from None
        live = LiveInterview(StoredInterview(interview))
        self.registry.add(live)
        self.spawn(self._run(live))
        return live

    async def resume_interrupted(self) -> int:
        """Carry on the interviews a previous run left in progress, from their stored messages.
        Engines are deterministic, so the continuation is the one the interview would have had."""
        interrupted = await self.store.interrupted()
        for stored in interrupted:
            live = LiveInterview(stored)
            self.registry.add(live)
            differs = self._fingerprint_differs(stored.interview)
            if not differs:
                self.spawn(self._run(live))
            else:  # another engine would continue it differently: say so rather than pretend
                reason = f"Interrupted by a restart; the engine running now differs in {differs}"
                self.spawn(self._finish(live, "failed", {"error": "Interview interrupted", "message": reason}))
        return len(interrupted)

    def _fingerprint_differs(self, interview: Interview) -> str:
        """What differs between the engine that started an interview and the one running now
        ('' when nothing does; records from before fingerprints were stored compare the name)."""
        if interview.engine != self.engine.name:
            return f"engine ({interview.engine})"
        stored, now = interview.fingerprint, self.engine.fingerprint()
        if stored is None:
            return ""
        return ", ".join(f"{key} ({stored.get(key)})" for key in differing_keys(stored, now))

    # -- the conversation --------------------------------------------------------------
    def _delays(self, live: LiveInterview, resumed: bool):
        """Gaps before each message: the interview's pace, seeded; slow-start:S sets the first."""
        interview, scenario = live.interview, live.scenario
        low, high = interview.pace or self.settings.pace
        rng = random.Random(f"pace:{interview.seed}")
        if scenario and scenario.kind == "slow-start" and not resumed:
            yield scenario.start_delay()
        while True:
            yield rng.uniform(low, high)

    async def _run(self, live: LiveInterview) -> None:
        interview = live.interview
        try:
            await self._converse(live)
        except StorageError as exc:
            log.error("interview %s: storage failed: %s", interview.id, exc)
            await self._finish(live, "failed", failure=STORAGE_FAILED)
            return
        except EngineFailure as failure:  # e.g. the model process crashed on every try
            log.error("interview %s: %s", interview.id, failure)
            message = f"{GENERATION_FAILED['message']}: {failure}"
            await self._finish(live, "failed", failure={**GENERATION_FAILED, "message": message})
            return
        except ScenarioFailure as failure:
            log.info("interview %s: %s", interview.id, failure)
            await self._finish(live, "failed", failure={**GENERATION_FAILED, "message": str(failure)})
            return
        except Exception:
            log.exception("interview %s: the engine failed", interview.id)
            await self._finish(live, "failed", failure=GENERATION_FAILED)
            return
        scenario = live.scenario
        try:
            notes = await self._in_engine_thread(self.engine.notes, interview.persona, interview.seed)
        except Exception:  # the notes are for the record: the interview is complete without them
            log.exception("interview %s: the engine's notes could not be had", interview.id)
            notes = None
        if await self._finish(live, "completed", notes=notes) and not (scenario and scenario.kind == "insights-error"):
            self.analyse(live)

    async def _converse(self, live: LiveInterview) -> None:
        interview = live.interview
        history = conversation.history(live.messages)
        turns = self.engine.converse(interview.persona, interview.seed, history, interview.length, interview.steering)
        delays = self._delays(live, resumed=bool(history))
        scenario = live.scenario
        fail_after = scenario.after("ws-error-after") if scenario else None
        last = time.monotonic()
        upcoming = self._next_turn(turns)
        try:
            while True:
                if fail_after is not None and len(live.messages) >= fail_after:
                    raise ScenarioFailure(scenario, len(live.messages))
                turn = await upcoming
                if turn is _END:
                    if fail_after is not None:  # a shorter interview fails after its last message
                        raise ScenarioFailure(scenario, len(live.messages))
                    return
                # The next turn is generated while this one waits out its pacing delay, so a
                # model's turn needs no more time than the pace gives two messages.
                upcoming = self._next_turn(turns)
                # --pace is the minimum gap between messages: generation time counts towards it.
                await asyncio.sleep(max(0.0, next(delays) - (time.monotonic() - last)))
                message = Message.from_turn(turn, len(live.messages), now_iso())
                await self.store.append_message(interview.id, message, len(live.messages) + 1)
                live.publish(message)
                last = time.monotonic()
        finally:
            upcoming.add_done_callback(_retrieve)  # a turn nobody will publish: not an error to report

    def _next_turn(self, turns) -> asyncio.Future:
        """Start generating the interview's next turn (or _END) in the engine thread."""
        return asyncio.ensure_future(self._in_engine_thread(next, turns, _END))

    async def _finish(
        self, live: LiveInterview, status: str, failure: dict | None = None, notes: dict | None = None
    ) -> bool:
        """Store the final status (and the engine's notes), and only then show it to sockets and
        status requests. False when it could not be stored (the interview is then shown as failed)."""
        completed_at = now_iso() if status == "completed" else None
        final = dataclasses.replace(
            live.interview, status=status, completed_at=completed_at, failure=failure, notes=notes or None
        )
        try:
            await self.store.update(final)
            stored = True
        except StorageError as exc:
            log.error("interview %s: cannot store its end: %s", final.id, exc)
            final = dataclasses.replace(final, status="failed", completed_at=None, failure=STORAGE_FAILED)
            stored = False
        live.finish(final)
        self.registry.retire(live)
        return stored

    # -- insights ------------------------------------------------------------------------
    def analyse(self, live: LiveInterview) -> asyncio.Future:
        """Start (once) generating and storing a completed interview's insights."""
        if live.analysis is None or (live.analysis.done() and live.analysis.exception() is not None):
            live.analysis = self.spawn(self._analyse(live))
        return live.analysis

    async def _analyse(self, live: LiveInterview) -> dict:
        interview = live.interview
        try:
            insights = await self._in_engine_thread(
                conversation.analyse, self.engine, interview.persona, interview.seed, list(live.messages)
            )
            await self.store.save_insights(interview.id, insights)
        except Exception:
            log.exception("interview %s: insights failed", interview.id)
            raise AnalysisFailed("The analysis of this interview failed") from None
        live.insights = insights
        return insights

    async def insights_for(self, live: LiveInterview) -> dict:
        """The insights of a completed interview, waiting (bounded) for an analysis in progress."""
        scenario = live.scenario
        if scenario and scenario.kind == "insights-error":
            raise AnalysisFailed("The analysis of this interview failed (scenario insights-error)")
        if live.insights is not None:
            return live.insights
        analysis = self.analyse(live)  # also covers one stored as completed by a previous run
        try:
            return await asyncio.wait_for(asyncio.shield(analysis), self.settings.insights_wait)
        except asyncio.TimeoutError:
            raise AnalysisRunning() from None

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._engine_thread.shutdown(wait=True)
