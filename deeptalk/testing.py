"""A real `deeptalk serve` process on an ephemeral port, for tests and benchmarks."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

LISTENING = re.compile(r"listening on (http://[^\s]+)")


class ServerProcess:
    def __init__(self, data_dir: Path, *args: str, startup_timeout: float = 30, env: dict[str, str] | None = None,
                 python: str = sys.executable, cwd: Path | None = None):
        self.data_dir = Path(data_dir)
        # The fixture engine unless `args` say otherwise (the last --engine wins): tests and
        # benchmarks of the contract want its deterministic, instant interviews.
        self.args = ["--port", "0", "--data-dir", str(data_dir), "--pace", "0", "--engine", "fixture", *args]
        self.log: list[str] = []
        self.base = ""
        self.process = subprocess.Popen(
            [python, "-m", "deeptalk", "serve", *self.args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        ready = threading.Event()
        threading.Thread(target=self._drain, args=(ready,), daemon=True).start()
        if not ready.wait(startup_timeout) or not self.base:
            self.process.kill()
            raise RuntimeError("server did not start:\n" + "".join(self.log))

    def _drain(self, ready: threading.Event) -> None:
        for line in self.process.stderr:
            self.log.append(line)
            match = LISTENING.search(line)
            if match:
                self.base = match.group(1)
                ready.set()
        ready.set()  # exited before listening

    @property
    def pid(self) -> int:
        return self.process.pid

    def url(self, path: str) -> str:
        return self.base + path

    def ws_url(self, path: str) -> str:
        return "ws" + self.base[len("http"):] + path

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OpenAIModelServer:
    """llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`) with a GGUF,
    on a free port: a real model server for the `openai` engine's tests and benchmarks."""

    def __init__(self, model: Path, *, alias: str = "smollm2-135m", threads: int = 2, port: int | None = None):
        self.model, self.alias, self.threads = Path(model), alias, threads
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model), "--model_alias", self.alias,
                "--host", "127.0.0.1", "--port", str(self.port), "--n_threads", str(self.threads), "--n_ctx", "4096"]

    def start(self, timeout: float = 120) -> "OpenAIModelServer":
        import time
        import urllib.request

        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command()[0]} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/models", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the model server did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
