"""An interview as sockets see it: its messages so far, its status, and a way to wait for more.

There is no per-subscriber queue: each socket keeps a cursor into `messages` and waits on
`changed()` when it has caught up. A second socket, a reconnect or a late viewer therefore
replays the whole transcript and then follows live, with nothing to register or clean up.
"""

from __future__ import annotations

import asyncio

from ..options import Scenario, stored_scenario
from ..records import Interview, Message, StoredInterview


class LiveInterview:
    def __init__(self, stored: StoredInterview):
        self.interview: Interview = stored.interview
        # Stored as its text; parsed once here for the runner and the stream handler to ask.
        self.scenario: Scenario | None = stored_scenario(stored.interview.scenario)
        self.messages: list[Message] = list(stored.messages)
        self.insights: dict | None = stored.insights
        self.analysis: asyncio.Future | None = None  # the insights being generated, if any
        self._changed: asyncio.Future | None = None

    @property
    def id(self) -> str:
        return self.interview.id

    @property
    def finished(self) -> bool:
        return self.interview.status != "in-progress"

    def changed(self) -> asyncio.Future:
        """Wait for the next message or status change.

        Shielded: the future is shared by every waiter, and a cancelled waiter (a socket that
        closed) must not cancel it for the others.
        """
        if self._changed is None:
            self._changed = asyncio.get_running_loop().create_future()
        return asyncio.shield(self._changed)

    def notify(self) -> None:
        if self._changed is not None and not self._changed.done():
            self._changed.set_result(None)
        self._changed = None

    def finish(self, final: Interview) -> None:
        """Switch to the stored final state (completed or failed) and wake every socket."""
        self.interview = final
        self.notify()

    def publish(self, message: Message) -> None:
        self.messages.append(message)
        self.interview.message_count = len(self.messages)
        self.notify()
