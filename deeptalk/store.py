"""Interviews, messages and insights in TinyDB: one small database file per interview.

TinyDB rewrites a whole file on every write, so one shared file makes every append cost
grow with history. A file per interview (sharded into 256 folders) keeps an append's
cost bounded by that interview's own size, whatever else is stored.

The async methods run the file work off the IOLoop. Writes go to one of a few writer
threads chosen by interview id: an interview's writes stay in order on its thread, while
different interviews' file creation, fsync and rename (which release the GIL) overlap.
Reads have their own small pool, so a status lookup does not queue behind appends.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, TypeVar

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware

from .atomic_storage import AtomicJSONStorage
from .records import Interview, Message, StoredInterview

T = TypeVar("T")
INTERVIEW_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# In the interview table the single record always has doc_id 1.
RECORD = 1


class StorageError(Exception):
    """A write to the data folder failed (disk full, folder gone, permissions)."""


class InterviewStore:
    def __init__(self, data_dir: Path, write_threads: int = 4):
        self.root = Path(data_dir) / "interviews"
        # An empty marker per interview in progress, so a restart finds the interrupted ones
        # without reading every stored interview.
        self.active_root = Path(data_dir) / "active"
        self._writers = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"deeptalk-store-write-{n}")
            for n in range(write_threads)
        ]
        self._readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="deeptalk-store-read")

    # -- paths ---------------------------------------------------------------------------
    @staticmethod
    def is_valid_id(interview_id: str) -> bool:
        return bool(INTERVIEW_ID.match(interview_id))

    def path_for(self, interview_id: str) -> Path:
        if not self.is_valid_id(interview_id):
            raise ValueError(f"not an interview id: {interview_id!r}")
        return self.root / interview_id[:2] / f"{interview_id}.json"

    def _open(self, interview_id: str, create: bool = False) -> TinyDB:
        # The cache turns an operation's several table writes into one atomic write on close.
        storage = CachingMiddleware(AtomicJSONStorage)
        return TinyDB(self.path_for(interview_id), storage=storage, create_dirs=create)

    # -- blocking operations (one interview file each) -----------------------------------------
    def check_writable(self) -> None:
        """Fail at start-up, not at the first request, when the data folder is unusable."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.active_root.mkdir(parents=True, exist_ok=True)
        probe = AtomicJSONStorage(self.root / ".write-check.json")
        probe.write({})
        probe.path.unlink()

    def create_sync(self, interview: Interview) -> None:
        (self.active_root / interview.id).touch()
        with self._open(interview.id, create=True) as db:
            db.table("interview").insert(interview.as_dict())

    def append_message_sync(self, interview_id: str, message: Message, message_count: int) -> None:
        with self._open(interview_id) as db:
            db.table("messages").insert(message.as_dict())
            db.table("interview").update({"message_count": message_count}, doc_ids=[RECORD])

    def update_sync(self, interview: Interview) -> None:
        with self._open(interview.id) as db:
            db.table("interview").update(interview.as_dict(), doc_ids=[RECORD])
        if interview.status != "in-progress":
            (self.active_root / interview.id).unlink(missing_ok=True)

    def interrupted_sync(self) -> list[StoredInterview]:
        """Interviews stored as in progress: at start-up, those a previous run did not finish."""
        found = []
        for marker in sorted(self.active_root.glob("*")):
            stored = self.load_sync(marker.name)
            if stored is not None and stored.interview.status == "in-progress":
                found.append(stored)
            else:
                marker.unlink(missing_ok=True)
        return found

    def save_insights_sync(self, interview_id: str, insights: dict) -> None:
        with self._open(interview_id) as db:
            table = db.table("insights")
            table.truncate()
            table.insert({"data": insights})

    def load_sync(self, interview_id: str) -> StoredInterview | None:
        if not self.is_valid_id(interview_id) or not self.path_for(interview_id).exists():
            return None
        with self._open(interview_id) as db:
            record = db.table("interview").get(doc_id=RECORD)
            if record is None:
                return None
            insights = db.table("insights").all()
            return StoredInterview(
                interview=Interview.from_dict(dict(record)),
                messages=[Message(**doc) for doc in db.table("messages").all()],
                insights=insights[0]["data"] if insights else None,
            )

    # -- async facade ------------------------------------------------------------------
    async def _write(self, interview_id: str, operation: Callable[..., T], *args) -> T:
        writer = self._writers[int(interview_id[:8], 16) % len(self._writers)]
        try:
            return await asyncio.get_running_loop().run_in_executor(writer, operation, *args)
        except OSError as exc:
            raise StorageError(str(exc)) from exc

    async def create(self, interview: Interview) -> None:
        await self._write(interview.id, self.create_sync, interview)

    async def append_message(self, interview_id: str, message: Message, message_count: int) -> None:
        await self._write(interview_id, self.append_message_sync, interview_id, message, message_count)

    async def update(self, interview: Interview) -> None:
        await self._write(interview.id, self.update_sync, interview)

    async def save_insights(self, interview_id: str, insights: dict) -> None:
        await self._write(interview_id, self.save_insights_sync, interview_id, insights)

    async def interrupted(self) -> list[StoredInterview]:
        return await asyncio.get_running_loop().run_in_executor(self._readers, self.interrupted_sync)

    async def load(self, interview_id: str) -> StoredInterview | None:
        return await asyncio.get_running_loop().run_in_executor(self._readers, self.load_sync, interview_id)

    def close(self) -> None:
        """Finish every pending write, then stop the threads."""
        for writer in self._writers:
            writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
