"""Token buckets per client address, for POST /api/interviews/start."""

from __future__ import annotations

import math
import time
from typing import Callable


class RateLimiter:
    """`per_minute` tokens refill continuously up to `burst`; each start takes one.

    Memory stays bounded: buckets that have refilled completely are forgotten, since a new
    bucket starts full anyway.
    """

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._takes = 0

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str, count: int = 1) -> float:
        """Take `count` tokens for `key` (a panel takes one per interview): 0 when allowed, else
        the seconds until they are available (none is taken then). More than the burst never is."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        self._takes += 1
        if self._takes % 1024 == 0:
            self._forget_full(now)
        if tokens >= count:
            self._buckets[key] = (tokens - count, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (min(count, self.burst) - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        full = [k for k, (tokens, at) in self._buckets.items() if tokens + (now - at) * self.rate >= self.burst]
        for key in full:
            del self._buckets[key]

    def retry_after(self, wait: float) -> str:
        return str(max(1, math.ceil(wait)))
