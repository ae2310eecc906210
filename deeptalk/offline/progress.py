"""Progress on stderr: a spinner while something slow runs, a bar for a batch. On a terminal
they redraw in place; otherwise each prints a plain line, so logs stay readable."""

from __future__ import annotations

import itertools
import sys
import threading
import time
from typing import TextIO


class Spinner:
    """`with Spinner("Loading the model"):` shows it's working, and how long it took."""

    def __init__(self, label: str, stream: TextIO | None = None):
        self.label, self.stream = label, stream or sys.stderr
        self.live = self.stream.isatty()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._spin, daemon=True)

    def _spin(self) -> None:
        for frame in itertools.cycle("|/-\\"):
            if self._stop.wait(0.1):
                return
            self.stream.write(f"\r{frame} {self.label}...")
            self.stream.flush()

    def __enter__(self) -> "Spinner":
        self.started = time.monotonic()
        if self.live:
            self._thread.start()
        else:
            self.stream.write(f"{self.label}...\n")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.live:
            self._thread.join()
            self.stream.write(f"\r{self.label}: done in {time.monotonic() - self.started:.1f} s\n")
        self.stream.flush()


def bar(done: int, total: int, label: str = "", stream: TextIO | None = None, width: int = 30) -> None:
    stream = stream or sys.stderr
    filled = width * done // max(total, 1)
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
    stream.write(f"\r{line[:100]:<100}" if stream.isatty() else line + "\n")
    if stream.isatty() and done == total:
        stream.write("\n")
    stream.flush()
