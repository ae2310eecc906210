"""`deeptalk serve` on an ephemeral port, for tests and benchmarks: in this process (InProcessServer),
or as a real process (ServerProcess) where a test needs the process boundary."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

LISTENING = re.compile(r"listening on (http://[^\s]+)")


def serve_args(data_dir: Path, args: tuple[str, ...] | list[str]) -> list[str]:
    """The flags a test server runs with: an ephemeral port, `data_dir`, no pacing and the fixture
    engine unless `args` say otherwise (the last flag wins): tests and benchmarks of the contract
    want its deterministic, instant interviews."""
    return ["--port", "0", "--data-dir", str(data_dir), "--pace", "0", "--engine", "fixture", *args]


def without_settings(**extra: str) -> dict[str, str]:
    """This process's environment without any DEEPTALK_* setting, plus `extra`: a developer's
    exported DEEPTALK_SCENARIO or DEEPTALK_MESSAGES must not change every test server."""
    from .settings import SETTINGS

    taken = {setting.env_var for setting in SETTINGS}
    return {**{name: value for name, value in os.environ.items() if name not in taken}, **extra}


def serve_settings(args: list[str], environ: Mapping[str, str] | None = None):
    """The settings `deeptalk serve ARGS` runs with, parsed and resolved as the command does."""
    from .cli import build_parser
    from .settings import resolve

    return resolve(build_parser().parse_args(["serve", *args]), environ)


class Endpoint:
    """Where a server listens (`base`, e.g. http://127.0.0.1:8000), and the URLs under it."""

    base: str

    def url(self, path: str) -> str:
        return self.base + path

    def ws_url(self, path: str) -> str:
        return "ws" + self.base[len("http") :] + path

    @property
    def address(self) -> tuple[str, int]:
        """(host, port), for a raw socket."""
        parts = urlsplit(self.base)
        return parts.hostname, parts.port


class InProcessServer(Endpoint):
    """`deeptalk serve` inside this process: the same flags, parsed the same way, and the same
    start-up and shutdown (deeptalk.server.serve without its signal handlers), on an event loop of
    its own in a thread. Clients still reach it over a real socket. A kill, a signal, an exit code
    or the stderr log needs a process: ServerProcess."""

    def __init__(self, data_dir: Path, *args: str, startup_timeout: float = 30, env: dict[str, str] | None = None):
        self.data_dir = Path(data_dir)
        self.args = serve_args(data_dir, args)
        self.settings = serve_settings(self.args, without_settings(**(env or {})))
        self.base = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="deeptalk-serve", daemon=True)
        self._thread.start()
        if not ready.wait(startup_timeout) or not self.base:
            error = self._error
            self._error = None
            self.stop()
            raise RuntimeError(f"server did not start: {error!r}") from error

    def _run(self, ready: threading.Event) -> None:
        from .server.serve import serve

        def listening(port: int) -> None:
            self.base = f"http://{self.settings.host}:{port}"  # as the log line says it
            ready.set()

        async def main() -> None:
            self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
            await serve(self.settings, self._stop, listening)

        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - handed to the test by stop() or start-up
            self._error = exc
        finally:
            ready.set()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        """What SIGTERM or SIGINT does to `deeptalk serve`: a clean shutdown (streams closed 1001,
        runner, store and engine closed), then 0, its exit code. An error in the server is raised."""
        if sig not in (signal.SIGTERM, signal.SIGINT):
            raise ValueError(f"an in-process server cannot take {signal.Signals(sig).name}: use ServerProcess")
        if self._thread.is_alive():
            if self._loop is not None:
                try:
                    self._loop.call_soon_threadsafe(self._stop.set)
                except RuntimeError:  # the loop has just closed
                    pass
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"server did not stop within {timeout} s")
        error, self._error = self._error, None  # raised once: a second stop() is a no-op
        if error is not None:
            raise error
        return 0


class ServerProcess(Endpoint):
    """A real `deeptalk serve` process; `log` is its stderr, line by line."""

    def __init__(
        self,
        data_dir: Path,
        *args: str,
        startup_timeout: float = 30,
        env: dict[str, str] | None = None,
        python: str = sys.executable,
        cwd: Path | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.args = serve_args(data_dir, args)
        self.log: list[str] = []
        self.base = ""
        self.process = subprocess.Popen(
            [python, "-m", "deeptalk", "serve", *self.args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=without_settings(**(env or {})),
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

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)
