"""The model process: `python -m deeptalk.engines.backends.llama_worker --model PATH ...`.

Started and supervised by llama_process.py. It loads the model once, says it is ready, then
answers one JSON line per request on its stdin with one JSON line on the protocol pipe (its
original stdout). Anything native code prints goes to stderr, so it cannot corrupt the
protocol. It exits when its stdin closes (the server stopped) or, on Linux, when the server
dies (PR_SET_PDEATHSIG), so it never outlives the server.

Test-only fault switch, read here and nowhere else: DEEPTALK_TEST_MODEL_FAULT=segv|abort|hang
makes every call crash with SIGSEGV, abort (SIGABRT, as a failed GGML assertion does) or hang.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import sys
import time
from pathlib import Path

FAULT_VARIABLE = "DEEPTALK_TEST_MODEL_FAULT"


def _die_with_parent(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: stdin closing still ends this process once the current call is done
    if os.getppid() != parent:  # the server died before the line above took effect
        os._exit(1)


def _fault(kind: str) -> None:
    if kind == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "abort":
        os.abort()
    elif kind == "hang":
        time.sleep(10**6)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--context", type=int, required=True)
    parser.add_argument("--adapter", type=Path, default=None)
    parser.add_argument("--parent", type=int, required=True)
    args = parser.parse_args()
    _die_with_parent(args.parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server stops us
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # native prints to stdout would corrupt the protocol

    from .llama_model import (  # loads llama.cpp: only in this process
        LocalModel,
        build_info,
    )

    model = LocalModel(args.model, args.threads, args.context, args.adapter)
    fault = os.environ.get(FAULT_VARIABLE, "")

    def send(document: dict) -> None:
        protocol.write(json.dumps(document, ensure_ascii=False) + "\n")

    send({"ready": {**build_info(), "pid": os.getpid(), "load_seconds": round(model.load_seconds, 3)}})
    for line in sys.stdin:
        request = json.loads(line)
        _fault(fault)
        try:
            send({"ok": model.complete(**request["complete"])})
        except Exception as exc:  # a bad request, not a crash: the server reports it, no retry
            send({"error": f"{type(exc).__name__}: {exc}"})


if __name__ == "__main__":
    main()
