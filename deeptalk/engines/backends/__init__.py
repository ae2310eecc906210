"""Chat backends: where the model's text comes from.

The interview strategy (deeptalk/engines/model/strategy.py) decides what to ask and checks what comes
back; a backend only answers one call, `complete(messages, ...) -> Completion`:
- `llama` (llama_process.py): llama.cpp in a supervised child process, so native code never
  runs inside the server; one call at a time.
- `openai` (openai_server.py): any OpenAI-compatible model server over HTTP; several calls at once.
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
    parallel_calls: int  # calls it can take at once (the runner's threads for this engine)

    def complete(
        self,
        messages: Sequence[dict],
        *,
        seed: int,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None = None,
        json_schema: dict | None = None,
        **sampling: Any,
    ) -> Completion:
        """One chat completion. Same arguments => same text (every call is seeded and stateless).
        `sampling`: top_p, top_k, repeat_penalty (strategy.SAMPLING)."""

    def describe(self) -> str:
        """The model and where it runs, for the start-up log."""

    def fingerprint(self) -> dict:
        """What decides the numbers: backend, model, runtime version, build."""

    def health(self) -> dict:
        """State for GET /api/health: {"modelProcess": ...} or {"modelServer": ...}."""

    def close(self) -> None: ...
