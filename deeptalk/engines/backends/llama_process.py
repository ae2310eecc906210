"""The local model in a child process that the server supervises (as Ollama runs its llama.cpp
runner): a crash in native code costs one retried call, never the server.

Calls go over the child's stdin and stdout pipes, one JSON line each way: private to the two
processes (no port to allocate or protect), and a closed pipe is how each side learns the other
is gone. Calls are serialised (one model, not thread-safe). When the child dies during a call
(a signal, an abort, the OOM killer) or does not answer within `timeout`, it is logged with the
cause, a new child is started and the same call is sent again: calls are stateless and seeded,
so the retry gives the text the first try would have. A call that kills the child `attempts`
times in a row raises ModelProcessError; the child is restarted for the calls that follow.
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Sequence

from ...clock import now_iso
from ..base import EngineFailure
from . import Completion
from .model_files import Adapter

log = logging.getLogger("deeptalk.model")

WORKER = "deeptalk.engines.backends.llama_worker"
SIGNAL_CAUSES = {
    signal.SIGSEGV: "segmentation fault",
    signal.SIGABRT: "abort, e.g. a failed GGML assertion",
    signal.SIGILL: "illegal instruction: the build uses instructions this CPU does not have",
    signal.SIGBUS: "bus error",
    signal.SIGFPE: "floating-point exception",
    signal.SIGKILL: "killed: by the kernel's out-of-memory killer or by another process",
}


class ModelProcessError(EngineFailure):
    """The model process could not answer a call: it died or hung on it every time."""


class ModelCallError(RuntimeError):
    """The model process refused a call (a bad request, not a crash): not retried."""


@dataclass(frozen=True)
class Restart:
    at: str
    pid: int
    reason: str
    signal: str | None


class _Death(Exception):
    def __init__(self, pid: int, reason: str, signal_name: str | None = None):
        super().__init__(reason)
        self.pid, self.reason, self.signal = pid, reason, signal_name


def exit_cause(returncode: int) -> tuple[str, str | None]:
    """('was killed by SIGSEGV (segmentation fault)', 'SIGSEGV') for a returncode of -11."""
    if returncode < 0:
        number = -returncode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        cause = SIGNAL_CAUSES.get(number)
        return f"was killed by {name}" + (f" ({cause})" if cause else ""), name
    return f"exited with status {returncode}", None


def llama_fingerprint(model_path: Path, model_sha256: str, info: dict, adapter: Adapter | None = None) -> dict:
    """What decides a local model's numbers: the model file, its adapter, the runtime and its build."""
    return {
        "backend": "llama",
        "model": Path(model_path).name,
        "model_sha256": model_sha256,
        **(adapter.fingerprint() if adapter else {"adapter": None}),
        "llama_cpp_python": info.get("llama_cpp_python"),
        "build": info.get("build"),
    }


class LlamaProcess:
    """The `llama` chat backend: one supervised model process."""

    parallel_calls = 1  # one model, not thread-safe: calls are serialised anyway

    def __init__(
        self,
        model_path: Path,
        model_sha256: str,
        *,
        threads: int,
        context: int = 4096,
        timeout: float = 120.0,
        attempts: int = 3,
        adapter: Adapter | None = None,
    ):
        self.model_path = Path(model_path)
        self.adapter = adapter
        self.model_sha256 = model_sha256
        self.threads, self.context = threads, context
        self.timeout = timeout
        self.load_timeout = max(timeout, 120.0)
        self.attempts = attempts
        self.info: dict[str, Any] = {}
        self.restarts: deque[Restart] = deque(maxlen=20)
        self.restart_count = 0
        self.calls = 0
        self.state = "stopped"
        self._process: subprocess.Popen | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self._closed = False

    # -- the child -----------------------------------------------------------------------
    def start(self) -> "LlamaProcess":
        """Start the model process and wait until the model is loaded (before the port opens)."""
        with self._lock:
            try:
                self._spawn()
            except _Death as death:
                raise ModelProcessError(
                    f"the model process {death.reason} while loading {self.model_path.name}"
                ) from None
        return self

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _spawn(self) -> None:
        self.state = "starting"
        self._buffer = b""
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                WORKER,
                "--model",
                str(self.model_path),
                "--threads",
                str(self.threads),
                "--context",
                str(self.context),
                "--parent",
                str(os.getpid()),
                *(["--adapter", str(self.adapter.path)] if self.adapter else []),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self.info = self._read(self.load_timeout)["ready"]
        self.state = "ready"
        log.info(
            "model process %d ready: %s, llama-cpp-python %s, build %s, loaded in %.2f s",
            self.pid,
            self.model_path.name,
            self.info["llama_cpp_python"],
            self.info["build"],
            self.info["load_seconds"],
        )

    def _read(self, timeout: float) -> dict:
        assert self._process is not None and self._process.stdout is not None
        deadline = time.monotonic() + timeout
        descriptor = self._process.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._hung(timeout)
            if select.select([descriptor], [], [], remaining)[0]:
                chunk = os.read(descriptor, 1 << 16)
                if not chunk:
                    raise self._died()
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def _send(self, document: dict) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(document).encode("utf-8") + b"\n")
        except OSError:  # the pipe is closed: the child is gone
            raise self._died() from None

    def _died(self) -> _Death:
        assert self._process is not None
        try:
            returncode = self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # closed its pipe but lingers: finish it
            self._process.kill()
            returncode = self._process.wait()
        reason, name = exit_cause(returncode)
        return _Death(self._process.pid, reason, name)

    def _hung(self, timeout: float) -> _Death:
        assert self._process is not None
        self._process.kill()
        self._process.wait()
        return _Death(self._process.pid, f"did not answer within {timeout:g} s and was killed", "SIGKILL")

    def _restart(self, death: _Death, attempt: int) -> None:
        log.error(
            "llama runner process has terminated: model process %d %s (attempt %d of %d at this call); "
            "starting a new one",
            death.pid,
            death.reason,
            attempt,
            self.attempts,
        )
        self.restarts.append(Restart(now_iso(), death.pid, death.reason, death.signal))
        self.restart_count += 1
        self._close_pipes()
        self._process = None
        self.state = "down"
        if self._closed:
            return
        try:
            self._spawn()
        except _Death as again:  # the next call (or attempt) tries again
            log.error("the new model process %d %s while loading", again.pid, again.reason)
            self._close_pipes()
            self._process, self.state = None, "down"

    def _close_pipes(self) -> None:
        if self._process is not None:
            for pipe in (self._process.stdin, self._process.stdout):
                if pipe is not None:
                    pipe.close()

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
        request = {
            "complete": {
                "messages": list(messages),
                "seed": seed,
                "max_tokens": max_tokens,
                "temperature": temperature,
                "stop": list(stop or []),
                "json_schema": json_schema,
                **sampling,
            }
        }
        with self._lock:
            self.calls += 1
            reason = ""
            for attempt in range(1, self.attempts + 1):
                if self._closed:
                    raise ModelProcessError("the model process has been stopped")
                try:
                    if self._process is None:
                        self._spawn()
                    self._send(request)
                    reply = self._read(self.timeout)
                except _Death as death:
                    reason = death.reason
                    self._restart(death, attempt)
                    continue
                if "error" in reply:
                    raise ModelCallError(reply["error"])
                return Completion(**reply["ok"])
            times = f", {self.attempts} times in a row on the same call" if self.attempts > 1 else " on this call"
            raise ModelProcessError(f"the model process {reason}{times}")

    # -- provenance and health -----------------------------------------------------------
    def describe(self) -> str:
        adapter = (
            f"adapter {self.adapter.path.name} (sha256 {self.adapter.sha256[:12]})" if self.adapter else "no adapter"
        )
        return f"{self.model_path.name}, sha256 {self.model_sha256[:12]}, {adapter}, build {self.info.get('build')}"

    def fingerprint(self) -> dict:
        return llama_fingerprint(self.model_path, self.model_sha256, self.info, self.adapter)

    def health(self) -> dict:
        return {
            "modelProcess": {
                "pid": self.pid,
                "state": self.state,
                "threads": self.threads,
                "calls": self.calls,
                "restarts": self.restart_count,
                "recentRestarts": [asdict(r) for r in list(self.restarts)],
            }
        }

    def close(self) -> None:
        """Stop the child: its stdin closes and it exits; killed if it does not within 5 s."""
        self._closed = True
        with self._lock:
            process, self._process = self._process, None
            self.state = "stopped"
            if process is None:
                return
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
