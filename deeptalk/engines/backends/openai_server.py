"""The `openai` chat backend: any model server that speaks the OpenAI chat-completions API
(Ollama, llama.cpp's llama-server, vLLM, LM Studio, llama-cpp-python's server), through the
official `openai` client.

Several calls may be in flight at once (up to `concurrency`): the serving engine batches them,
which is how many interviews run at once. Timeouts, connection errors, 408/409/5xx are retried
by the client with exponential backoff (0.5, 1, 2 s with jitter), and a 429 waits as long as its
Retry-After says; after `retries` retries the call fails with ModelServerError, which ends that
one interview. The API key is handed to the client and nowhere else: not logged, not in errors,
not in /api/health.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Sequence
from urllib.parse import urlsplit, urlunsplit

from ..base import EngineFailure
from . import Completion

log = logging.getLogger("deeptalk.model_server")

RETRIES = 3
# Sampling options beyond the OpenAI API's own: llama-server, vLLM and llama-cpp-python's server
# take them in the request body; servers that do not know them ignore them.
EXTRA_SAMPLING = ("top_k", "repeat_penalty", "min_p")
# Structured output, best first: what the server supports is found at start-up.
STRUCTURED_MODES = ("json_schema", "json_object", "none")
_PROBE_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}


class ModelServerError(EngineFailure):
    """A call the model server did not answer, after the retries."""


class ModelServerUnavailable(RuntimeError):
    """The model server cannot serve at start-up (no answer, no such model)."""


def shown_url(url: str) -> str:
    """The URL without any user:password in it: safe for logs, errors and /api/health."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class OpenAIServer:
    """The `openai` chat backend: one model on one OpenAI-compatible server."""

    def __init__(self, url: str, model: str, *, api_key: str, timeout: float, concurrency: int, retries: int = RETRIES):
        import openai  # the `openai` extra: only this backend needs it

        self._openai = openai
        self.url = shown_url(url)
        self.model = model
        self.timeout, self.retries = timeout, retries
        self.parallel_calls = concurrency
        # A key is always sent (the client insists); servers without authentication ignore it.
        self.client = openai.OpenAI(base_url=url, api_key=api_key or "no-key", timeout=timeout, max_retries=retries)
        self.structured = "none"
        self.seed_honoured: bool | None = None
        self.state = "starting"
        self.calls = self.failures = self.in_flight = 0
        self.last_error: str | None = None
        self._slots = threading.BoundedSemaphore(concurrency)
        self._count = threading.Lock()

    # -- start-up ------------------------------------------------------------------------
    def start(self) -> list[str]:
        """Check that the server answers and serves the model, find which structured output it
        takes and whether it honours the seed. Returns what to log; ModelServerUnavailable if
        it cannot serve."""
        once = self.client.with_options(max_retries=0)
        try:
            served = [model.id for model in once.models.list()]
        except self._openai.APIError as exc:
            raise ModelServerUnavailable(
                f"the model server at {self.url} does not answer: {self._reason(exc)}"
            ) from None
        self.model = self._served_model(served)
        self.structured = self._probe_structured(once)
        self.seed_honoured = self._probe_seed(once)
        self.state = "ready"
        seed = (
            "honours the seed (the same seed gave the same text twice): interviews are reproducible"
            if self.seed_honoured
            else "does not honour the seed (the same seed gave different texts): interviews are not reproducible"
        )
        return [
            f"model server {self.url}: model {self.model}, structured output {self.structured}",
            f"model server {self.url} {seed}",
        ]

    def _served_model(self, served: list[str]) -> str:
        if not self.model:
            if len(served) == 1:
                return served[0]
            raise ModelServerUnavailable(
                f"the model server at {self.url} serves {len(served)} models; choose one "
                f"with --llm-model: {', '.join(served) or 'none'}"
            )
        for name in (self.model, f"{self.model}:latest"):  # Ollama's tags
            if name in served:
                return name
        raise ModelServerUnavailable(
            f"the model server at {self.url} has no model {self.model!r}; it serves: {', '.join(served) or 'none'}"
        )

    def _probe_structured(self, client: Any) -> str:
        messages = [{"role": "user", "content": 'Answer with JSON: {"ok": true}'}]
        for mode in STRUCTURED_MODES[:-1]:
            try:
                response = client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    max_tokens=16,
                    temperature=0.0,
                    seed=1,
                    response_format=self._response_format(mode, _PROBE_SCHEMA),
                )
                if "ok" in json.loads(response.choices[0].message.content or ""):
                    return mode
            except (self._openai.APIStatusError, ValueError, TypeError):
                continue  # not supported (llama-cpp-python's server answers json_schema with 500)
        log.warning("model server %s: no structured output; insights rely on the prompt and validation", self.url)
        return "none"

    def _probe_seed(self, client: Any) -> bool:
        messages = [{"role": "user", "content": "Name an animal and say one thing about it."}]
        texts = {
            client.chat.completions.create(
                model=self.model, messages=messages, max_tokens=24, temperature=1.0, seed=424242
            )
            .choices[0]
            .message.content
            for _ in range(2)
        }
        return len(texts) == 1

    @staticmethod
    def _response_format(mode: str, schema: dict) -> dict | None:
        if mode == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": "section", "schema": schema, "strict": True}}
        if mode == "json_object":  # llama-cpp-python's server: the schema rides along
            return {"type": "json_object", "schema": schema}
        return None

    # -- the backend's call --------------------------------------------------------------
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
        extra = {name: sampling.pop(name) for name in EXTRA_SAMPLING if name in sampling}
        request: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "seed": seed,
            "max_tokens": max_tokens,
            "temperature": temperature,
            **sampling,
        }
        if stop:
            request["stop"] = list(stop)
        if json_schema is not None and self.structured != "none":
            request["response_format"] = self._response_format(self.structured, json_schema)
        with self._slots:
            self._counted(calls=1, in_flight=1)
            started = time.perf_counter()
            try:
                response = self.client.chat.completions.create(**request, extra_body=extra or None)
            except self._openai.APIError as exc:
                reason = (
                    f"the model server at {self.url} {self._reason(exc)}"
                    f"{f', {self.retries + 1} tries' if self._retried(exc) else ''}"
                )
                self._counted(failures=1, error=reason)
                raise ModelServerError(reason) from None
            finally:
                self._counted(in_flight=-1)
        self._counted(error=None)
        choice, usage = response.choices[0], response.usage
        return Completion(
            text=choice.message.content or "",
            finish_reason="length" if choice.finish_reason == "length" else "stop",
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            seconds=round(time.perf_counter() - started, 4),
        )

    def _counted(self, *, calls: int = 0, in_flight: int = 0, failures: int = 0, error: Any = ...) -> None:
        with self._count:
            self.calls += calls
            self.in_flight += in_flight
            self.failures += failures
            if error is not ...:
                self.last_error = error
                self.state = "ready" if error is None else "failing"

    def _retried(self, exc: Exception) -> bool:
        """Whether the client retried before giving up (it does not retry a 400 or a 404)."""
        status = getattr(exc, "status_code", None)
        return self.retries > 0 and (status is None or status in (408, 409, 429) or status >= 500)

    def _reason(self, exc: Exception) -> str:
        openai = self._openai
        if isinstance(exc, openai.APITimeoutError):
            return f"did not answer within {self.timeout:g} s"
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            return f"could not be reached ({(str(cause) or type(cause).__name__) if cause else 'connection error'})"
        if isinstance(exc, openai.APIStatusError):
            return f"answered HTTP {exc.status_code}"
        return f"failed ({type(exc).__name__})"

    # -- provenance and health -----------------------------------------------------------
    def describe(self) -> str:
        return f"{self.model} at {self.url}, {self.parallel_calls} calls at once, structured output {self.structured}"

    def fingerprint(self) -> dict:
        return {"backend": "openai", "model": self.model}

    def health(self) -> dict:
        return {
            "modelServer": {
                "url": self.url,
                "model": self.model,
                "state": self.state,
                "concurrency": self.parallel_calls,
                "inFlight": self.in_flight,
                "calls": self.calls,
                "failures": self.failures,
                "lastError": self.last_error,
                "structuredOutput": self.structured,
                "seedHonoured": self.seed_honoured,
            }
        }

    def close(self) -> None:
        self.state = "stopped"
        self.client.close()
