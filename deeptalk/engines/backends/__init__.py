"""Chat backends: where the model's text comes from.

The interview strategy (deeptalk/engines/llama.py) decides what to ask and checks what comes
back; a backend only answers one call, `complete(messages, ...) -> Completion`. The local
backend runs llama.cpp in a supervised child process (llama_process.py), so native code never
runs inside the server.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, Sequence


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str  # "stop" (end of turn or a stop string) or "length" (max_tokens reached)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0  # time spent generating, as the model measured it


class ChatBackend(Protocol):
    def complete(self, messages: Sequence[dict], *, seed: int, max_tokens: int, temperature: float,
                 stop: Sequence[str] | None = None, json_schema: dict | None = None,
                 **sampling: Any) -> Completion:
        """One chat completion. Same arguments => same text (every call is seeded and stateless)."""

    def fingerprint(self) -> dict:
        """What decides the numbers: model, runtime version, build."""

    def health(self) -> dict:
        """State for GET /api/health."""

    def close(self) -> None:
        ...
