"""A real OpenAI-compatible model server for the openai engine's tests and benchmarks: not part of
the installed package, which never starts one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


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
        return [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(self.model),
            "--model_alias",
            self.alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_threads",
            str(self.threads),
            "--n_ctx",
            "4096",
        ]

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
