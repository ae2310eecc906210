"""Panels inside the server: a panel's interviews started through the runner, a few at a time,
then its synthesis once every one has finished.

Each panel is one small TinyDB file (data/panels/), rewritten as its interviews start and end.
Its interviews are ordinary interviews (stored, streamed and resumed by the runner as usual), so
a `kill -9` loses none that finished; at start-up a panel that was running carries on: its
interrupted interviews resume with the runner's, the ones not started yet start.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware

from ..atomic_storage import AtomicJSONStorage
from ..clock import now_iso
from ..engines import Engine
from ..panels.brief import Brief
from ..panels.synthesis import PanelInterview, engine_identity, synthesize
from ..records import Persona
from ..store import INTERVIEW_ID, StorageError
from .registry import InterviewRegistry
from .runner import AnalysisFailed, AnalysisRunning, Busy, NotStored, Runner, differing_keys

log = logging.getLogger("deeptalk.panels")
RECORD = 1
BUSY_RETRY = 0.5  # seconds before a panel tries again to start an interview the runner refused


@dataclass
class PanelJob:
    persona: Persona
    seed: int
    interview_id: str | None = None  # set once the runner has started (and stored) it

    def as_dict(self) -> dict:
        return {"persona": self.persona.as_dict(), "seed": self.seed, "interviewId": self.interview_id}

    @classmethod
    def from_dict(cls, data: dict) -> "PanelJob":
        return cls(Persona(**data["persona"]), data["seed"], data["interviewId"])


@dataclass
class Panel:
    id: str
    brief: Brief
    jobs: list[PanelJob]
    seeds: list[int]
    messages: int | None
    created_at: str
    status: str = "running"  # running | completed | failed
    failure: str | None = None
    synthesis: dict | None = None
    # What wrote its interviews: a restart under another engine fails the panel rather than mix two.
    fingerprint: dict | None = None
    # What the runner's status of each started interview was last seen as (not stored: read live).
    seen: dict[str, str] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "brief": self.brief.as_dict(),
            "jobs": [job.as_dict() for job in self.jobs],
            "seeds": self.seeds,
            "messages": self.messages,
            "created_at": self.created_at,
            "status": self.status,
            "failure": self.failure,
            "synthesis": self.synthesis,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Panel":
        return cls(
            data["id"],
            Brief.from_dict(data["brief"]),
            [PanelJob.from_dict(job) for job in data["jobs"]],
            data["seeds"],
            data["messages"],
            data["created_at"],
            data["status"],
            data["failure"],
            data["synthesis"],
            data.get("fingerprint"),
        )


class PanelStore:
    """One file per panel; the file work on one thread, off the IOLoop, in order."""

    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "panels"
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deeptalk-panels")

    def path_for(self, panel_id: str) -> Path:
        return self.root / f"{panel_id}.json"

    def save_sync(self, panel: Panel) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        with TinyDB(self.path_for(panel.id), storage=CachingMiddleware(AtomicJSONStorage)) as db:
            table = db.table("panel")
            if table.get(doc_id=RECORD) is None:
                table.insert(panel.as_dict())
            else:
                table.update(panel.as_dict(), doc_ids=[RECORD])

    def load_sync(self, panel_id: str) -> Panel | None:
        if not INTERVIEW_ID.match(panel_id) or not self.path_for(panel_id).exists():
            return None
        with TinyDB(self.path_for(panel_id), storage=CachingMiddleware(AtomicJSONStorage)) as db:
            record = db.table("panel").get(doc_id=RECORD)
        return Panel.from_dict(dict(record)) if record is not None else None

    def running_sync(self) -> list[Panel]:
        found = []
        for path in sorted(self.root.glob("*.json")) if self.root.is_dir() else []:
            panel = self.load_sync(path.stem)
            if panel is not None and panel.status == "running":
                found.append(panel)
        return found

    async def _run(self, function, *args):
        try:
            return await asyncio.get_running_loop().run_in_executor(self._thread, function, *args)
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    async def save(self, panel: Panel) -> None:
        await self._run(self.save_sync, dataclasses.replace(panel, jobs=[dataclasses.replace(j) for j in panel.jobs]))

    async def load(self, panel_id: str) -> Panel | None:
        return await self._run(self.load_sync, panel_id)

    async def running(self) -> list[Panel]:
        return await self._run(self.running_sync)

    def close(self) -> None:
        self._thread.shutdown(wait=True)


class PanelRunner:
    """Starts panels, runs each to its synthesis, and finds them by id."""

    def __init__(self, engine: Engine, runner: Runner, registry: InterviewRegistry, store: PanelStore):
        self.engine = engine
        self.runner = runner
        self.registry = registry
        self.store = store
        self.panels: dict[str, Panel] = {}  # the running ones; a finished one is read from its file
        # Interviews of one panel in progress at once: a local model works on one turn at a time,
        # so a few at once let interviews complete one after another rather than all at the end.
        self.window = max(4, engine.parallel_calls)

    async def start(self, personas: list[Persona], brief: Brief, seeds: list[int], messages: int | None) -> Panel:
        jobs = [PanelJob(persona, seed) for persona in personas for seed in seeds]
        panel = Panel(str(uuid.uuid4()), brief, jobs, seeds, messages, now_iso(), fingerprint=self.engine.fingerprint())
        try:
            await self.store.save(panel)
        except StorageError as exc:
            log.error("cannot store a new panel: %s", exc)
            raise NotStored("The panel could not be stored") from None
        self.panels[panel.id] = panel
        self.runner.spawn(self._run(panel))
        return panel

    async def resume_interrupted(self) -> int:
        """Carry on the panels a previous run left running, or fail one another engine started:
        its synthesis would mix two engines' interviews under one banner."""
        running = await self.store.running()
        now = self.engine.fingerprint()
        for panel in running:
            self.panels[panel.id] = panel
            differs = differing_keys(panel.fingerprint, now) if panel.fingerprint is not None else []
            if differs:
                reason = f"Interrupted by a restart; the engine running now differs in {', '.join(differs)}"
                self.runner.spawn(self._end(panel, "failed", reason))
            else:
                self.runner.spawn(self._run(panel))
        return len(running)

    def waiting(self) -> int:
        """Interviews of running panels not started yet: work the server has promised. A panel that
        ended but could not store its end stays in memory (to show how it ended) and promises none."""
        return sum(
            1
            for panel in self.panels.values()
            if panel.status == "running"
            for job in panel.jobs
            if job.interview_id is None
        )

    async def get(self, panel_id: str) -> Panel | None:
        if panel_id in self.panels:
            return self.panels[panel_id]
        return await self.store.load(panel_id)

    async def status_of(self, panel: Panel) -> dict[str, str]:
        """Each started interview's status now (id -> in-progress | completed | failed)."""
        found = {}
        for job in panel.jobs:
            if job.interview_id is not None:
                live = await self.registry.get(job.interview_id)
                found[job.interview_id] = live.interview.status if live is not None else "failed"
        return found

    # -- the run ---------------------------------------------------------------------------
    async def _run(self, panel: Panel) -> None:
        try:
            window, stop = asyncio.Semaphore(self.window), asyncio.Event()
            tasks = [asyncio.ensure_future(self._interview(panel, job, window, stop)) for job in panel.jobs]
            try:
                await asyncio.gather(*tasks)
            finally:  # one failed (or the server stops): the others start nothing more
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            await self._conclude(panel)
        except asyncio.CancelledError:
            raise  # the server stops: the panel stays running in its file and resumes at start-up
        except Exception as exc:
            log.exception("panel %s failed", panel.id)
            await self._end(panel, "failed", f"The panel could not go on: {exc}")

    async def _interview(self, panel: Panel, job: PanelJob, window: asyncio.Semaphore, stop: asyncio.Event) -> None:
        async with window:
            if stop.is_set():  # another of the panel's interviews could not go on: start nothing more
                return
            try:
                await self._follow(panel, job)
            except Exception:
                stop.set()
                raise

    async def _follow(self, panel: Panel, job: PanelJob) -> None:
        """Start the job's interview (unless a previous run did), wait for it to end, then for its insights."""
        if job.interview_id is None:
            options = {"seed": job.seed, "steering": panel.brief.steering()}
            if panel.messages is not None:
                options["messages"] = panel.messages
            while True:
                try:
                    live = await self.runner.start(job.persona, options)
                    break
                except Busy:
                    await asyncio.sleep(BUSY_RETRY)
            job.interview_id = live.id
            await self.store.save(panel)
        live = await self.registry.get(job.interview_id)
        if live is None:  # stored by a run that died before its first write landed
            return
        while not live.finished:
            await live.changed()
        if live.interview.status == "completed":
            await self._insights(live)

    async def _insights(self, live) -> None:
        while True:
            try:
                await self.runner.insights_for(live)
                return
            except AnalysisRunning:
                continue
            except AnalysisFailed:
                return  # the synthesis reads the interview without its insights

    async def _conclude(self, panel: Panel) -> None:
        interviews = []
        for job in panel.jobs:
            live = await self.registry.get(job.interview_id) if job.interview_id else None
            if live is None:
                interviews.append(PanelInterview(job.interview_id or "", job.persona, job.seed, "failed"))
                continue
            interview = live.interview
            interviews.append(
                PanelInterview(
                    interview.id, job.persona, job.seed, interview.status, list(live.messages), live.insights
                )
            )
        if not any(i.status == "completed" for i in interviews):
            await self._end(panel, "failed", "None of the panel's interviews completed")
            return
        engine = engine_identity(self.engine.name, self.engine.fingerprint())
        # About a second of CPU for a panel of 50: off the IOLoop, so streams keep flowing meanwhile.
        panel.synthesis = await asyncio.get_running_loop().run_in_executor(
            None, synthesize, panel.brief, interviews, engine, panel.seeds
        )
        await self._end(panel, "completed")

    async def _end(self, panel: Panel, status: str, failure: str | None = None) -> None:
        panel.status, panel.failure = status, failure
        try:
            await self.store.save(panel)
        except StorageError as exc:  # kept in memory, so this run still shows how it ended
            log.error("panel %s: cannot store its end: %s", panel.id, exc)
            return
        self.panels.pop(panel.id, None)
