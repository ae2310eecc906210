"""Per-interview options for frontend developers: seed, pace, message count and a scenario.

Each comes from the start request's `options`, else the server's default (`deeptalk serve
--seed/--pace/--messages/--scenario`), because a finished frontend cannot change the body it
sends. Flags and request bodies alike are checked by the contract's OPTIONS schema
(contract.py); a ValueError's text names the problem and is shown to the client as it is.

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
import secrets
from dataclasses import dataclass

from jsonschema import Draft202012Validator

from .contract import MAX_MESSAGES, MAX_SECONDS, MIN_MESSAGES, OPTIONS, SEED_MAX

_VALIDATORS = {name: Draft202012Validator(schema) for name, schema in OPTIONS["properties"].items()}
# What a value the schema refuses is told (after "options.NAME" or the flag's name).
PROBLEMS = {
    "seed": f"must be an integer from 0 to {SEED_MAX}",
    "pace": f"must be seconds from 0 to {MAX_SECONDS}, or [min, max] of those",
    "messages": f"must be an even integer from {MIN_MESSAGES} to {MAX_MESSAGES}",
    "scenario": "must be one of ws-error-after:N (N 0-19), abrupt-close-after:N (N 1-19), "
    f"insights-error, slow-start:S (S 0-{MAX_SECONDS} seconds)",
}


def _checked(name: str, value: object) -> None:
    if not _VALIDATORS[name].is_valid(value):
        raise ValueError(PROBLEMS[name])


def new_seed() -> int:
    """A random seed for an interview that asked for none; never 0 (llama-cpp-python replaces 0)."""
    return secrets.randbelow(2**32 - 1) + 1


def check_seed(value: object) -> int:
    _checked("seed", value)
    return int(value)  # JSON Schema counts 16.0 as an integer too


def check_pace(value: object) -> tuple[float, float]:
    """0 (no delay), a number of seconds, or [min, max] (each gap seeded between them)."""
    bounds = list(value) if isinstance(value, tuple) else value
    _checked("pace", bounds)
    low, high = (bounds, bounds) if not isinstance(bounds, list) else bounds
    # Python's JSON reads NaN, which every bound of a schema lets through.
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(PROBLEMS["pace"])
    low, high = sorted((float(low), float(high)))  # [3, 1.5] means the same range as [1.5, 3]
    return low, high


def check_messages(value: object) -> int:
    """An even count, so every question gets its answer."""
    _checked("messages", value)
    return int(value)


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
    _checked("scenario", value)  # its pattern's `$` also matches before a final newline
    kind, _, amount = str(value).rstrip("\n").partition(":")
    return Scenario(kind, float(amount) if amount else 0.0)


def stored_scenario(text: str | None) -> Scenario | None:
    """The scenario an interview was started with, from its stored record."""
    return check_scenario(text) if text else None
