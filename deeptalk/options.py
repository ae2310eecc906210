"""Per-interview controls for frontend developers: seed, pace, message count and a scenario.

Each comes from the start request's `options`, else the server's default (`deeptalk serve
--seed/--pace/--messages/--scenario`), because a finished frontend cannot change the body it
sends. The parsers here are the one definition of what is valid, for flags and request bodies
alike; a ValueError's text names the problem and is shown to the client as it is.

Scenarios make each path of the contract happen on demand (N counts messages; an interview
shorter than N does it after its last message instead):
- ws-error-after:N      N messages, then an `error` frame, close 4500, status `failed`;
- abrupt-close-after:N  sockets that see message N arrive drop without a close frame; a
                        reconnect replays and follows as usual;
- insights-error        the insights request answers 500 JSON (the interview completes);
- slow-start:S          the first message comes after S seconds.
"""
from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass

MIN_MESSAGES, MAX_MESSAGES = 10, 20  # every interview has 10-20 messages (the contract)
MAX_SECONDS = 600
SEED_MAX = 2**32 - 1
# N is 0-19 (1-19 for a drop: it follows a message); S is 0-600 seconds, up to milliseconds.
SCENARIO_PATTERN = (r"^(ws-error-after:(1?[0-9])|abrupt-close-after:(1[0-9]|[1-9])|insights-error"
                    r"|slow-start:(600|[1-5]?[0-9]?[0-9](\.[0-9]{1,3})?))$")


def _integer(value: object) -> int | None:
    """JSON's integers, including 16.0 (JSON Schema counts it as an integer too); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def new_seed() -> int:
    """A random seed for an interview that asked for none; never 0 (llama-cpp-python replaces 0)."""
    return secrets.randbelow(2**32 - 1) + 1


def check_seed(value: object) -> int:
    seed = _integer(value)
    if seed is None or not 0 <= seed <= SEED_MAX:
        raise ValueError(f"must be an integer from 0 to {SEED_MAX}")
    return seed


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"must be seconds (0 to {MAX_SECONDS}) or [min, max]")
    return float(value)


def check_pace(value: object) -> tuple[float, float]:
    """0 (no delay), a number of seconds, or [min, max] (each gap seeded between them)."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError(f"must be seconds (0 to {MAX_SECONDS}) or [min, max]")
        low, high = _seconds(value[0]), _seconds(value[1])
    else:
        low = high = _seconds(value)
    low, high = sorted((low, high))  # [3, 1.5] means the same range as [1.5, 3]
    if not 0 <= low <= high <= MAX_SECONDS:
        raise ValueError(f"must be seconds from 0 to {MAX_SECONDS}, or [min, max] of those")
    return low, high


def check_messages(value: object) -> int:
    """An even count, so every question gets its answer."""
    count = _integer(value)
    if count is None or not MIN_MESSAGES <= count <= MAX_MESSAGES or count % 2:
        raise ValueError(f"must be an even integer from {MIN_MESSAGES} to {MAX_MESSAGES}")
    return count


@dataclass(frozen=True)
class Scenario:
    kind: str
    amount: float = 0.0  # N messages, or S seconds

    def __str__(self) -> str:
        if self.kind == "insights-error":
            return self.kind
        amount = int(self.amount) if self.kind != "slow-start" or self.amount.is_integer() else self.amount
        return f"{self.kind}:{amount}"

    def after(self, kind: str) -> int | None:
        """N, if this is the `kind:N` scenario."""
        return int(self.amount) if self.kind == kind else None

    def start_delay(self) -> float:
        return self.amount if self.kind == "slow-start" else 0.0


def check_scenario(value: object) -> Scenario:
    # re.search, as JSON Schema's `pattern` is applied: its `$` also matches before a final newline.
    if not isinstance(value, str) or not re.search(SCENARIO_PATTERN, value):
        raise ValueError("must be one of ws-error-after:N (N 0-19), abrupt-close-after:N (N 1-19), "
                         f"insights-error, slow-start:S (S 0-{MAX_SECONDS} seconds)")
    kind, _, amount = value.rstrip("\n").partition(":")
    return Scenario(kind, float(amount) if amount else 0.0)


def stored_scenario(text: str | None) -> Scenario | None:
    """The scenario an interview was started with, from its stored record."""
    return check_scenario(text) if text else None
