"""Finds an interview by id: in memory while it runs, else loaded from the store and cached."""

from __future__ import annotations

from collections import OrderedDict

from ..store import InterviewStore
from .live import LiveInterview


class InterviewRegistry:
    # Finished interviews kept for late viewers. Small on purpose: a miss costs one sub-millisecond
    # file read, while each entry holds a whole transcript and insights (~10 KB of objects).
    def __init__(self, store: InterviewStore, cache_size: int = 256):
        self.store = store
        self.active: dict[str, LiveInterview] = {}
        self._recent: OrderedDict[str, LiveInterview] = OrderedDict()
        self._cache_size = cache_size

    def add(self, live: LiveInterview) -> None:
        self.active[live.id] = live

    def retire(self, live: LiveInterview) -> None:
        """A finished interview leaves the active set but stays cached for its late viewers."""
        self.active.pop(live.id, None)
        self._remember(live)

    def _remember(self, live: LiveInterview) -> None:
        self._recent[live.id] = live
        self._recent.move_to_end(live.id)
        while len(self._recent) > self._cache_size:
            self._recent.popitem(last=False)

    async def get(self, interview_id: str) -> LiveInterview | None:
        if not self.store.is_valid_id(interview_id):
            return None
        if interview_id in self.active:
            return self.active[interview_id]
        if interview_id in self._recent:
            self._recent.move_to_end(interview_id)  # least recently used goes first
            return self._recent[interview_id]
        stored = await self.store.load(interview_id)
        if stored is None:
            return None
        # Another request may have loaded it while we waited on the disk.
        live = self.active.get(interview_id) or self._recent.get(interview_id) or LiveInterview(stored)
        self._remember(live)
        return live
