"""The open stream sockets: capped in total and per interview, and closed together at shutdown."""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol


class Closable(Protocol):
    def close(self, code: int | None = None, reason: str | None = None) -> None: ...


class Connections:
    def __init__(self, max_total: int, max_per_interview: int):
        self.max_total = max_total
        self.max_per_interview = max_per_interview
        self._by_interview: dict[str, set[Closable]] = defaultdict(set)
        self._total = 0

    @property
    def total(self) -> int:
        return self._total

    def refusal(self, interview_id: str) -> str | None:
        """Why one more socket on this interview would be over a cap, or None."""
        if self._total >= self.max_total:
            return f"The server already has {self.max_total} streams open"
        if len(self._by_interview.get(interview_id, ())) >= self.max_per_interview:
            return f"This interview already has {self.max_per_interview} streams open"
        return None

    def add(self, interview_id: str, socket: Closable) -> None:
        sockets = self._by_interview[interview_id]
        if socket not in sockets:
            sockets.add(socket)
            self._total += 1

    def discard(self, interview_id: str, socket: Closable) -> None:
        sockets = self._by_interview.get(interview_id)
        if sockets and socket in sockets:
            sockets.remove(socket)
            self._total -= 1
            if not sockets:
                del self._by_interview[interview_id]

    def close_all(self, code: int, reason: str) -> None:
        for sockets in list(self._by_interview.values()):
            for socket in list(sockets):
                socket.close(code, reason)
