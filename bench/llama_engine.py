"""The llama engine through the running server vs raw llama-cpp-python on the same calls.

1. Server (`--engine llama --pace 0`, warmed by one interview first; the model in its own
   supervised process): for each persona, time to the first message (POST start → first
   `message` frame), the whole interview, and the insights time (last message received →
   `GET insights` answered 200).
2. Four interviews started at once: each one's time to its first message.
3. Crash recovery: in 5 interviews, the model process is killed (SIGSEGV) right after the 3rd
   message arrives; the time from the kill to the 4th message, against the undisturbed gap.
4. Raw: the same interviews run by the engine in this process, with every model call
   recorded; then the recorded calls replayed on llama-cpp-python loaded in this process,
   nothing around them (no process boundary, no strategy). Same model, seeds and prompts, so
   the same text: checked equal. Throughput ratio = raw time / server time (1.0: the server
   and its process boundary add nothing).

Targets: first message and insights p50 as `deeptalk eval`'s measures table states them
(deeptalk/offline/measures.py, printed with the report), 4 concurrent ≤ 2 s each, ratio ≥ 0.95.

    python bench/llama_engine.py [--interviews 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from _common import PERSONAS
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from deeptalk.conversation import analyse, converse
from deeptalk.offline.measures import BY_NAME
from deeptalk.records import Persona
from deeptalk.settings import PROJECT_ROOT
from deeptalk.testing import ServerProcess

MODEL = PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"


async def interview(server: ServerProcess, persona: dict, seed: int) -> dict:
    """One interview over the contract, with its timings."""
    http = AsyncHTTPClient()
    started = time.perf_counter()
    body = json.dumps({"persona": persona, "options": {"seed": seed}})
    response = await http.fetch(HTTPRequest(server.url("/api/interviews/start"), method="POST", body=body))
    interview_id = json.loads(response.body)["interviewId"]
    socket = await websocket_connect(server.ws_url(f"/api/interviews/{interview_id}/stream"))
    messages, first, last = [], None, None
    while (frame := await socket.read_message()) is not None:
        data = json.loads(frame)
        if data["type"] == "message":
            last = time.perf_counter()
            first = first or last
            messages.append(data["payload"]["message"])
        elif data["type"] != "complete":
            raise RuntimeError(f"unexpected frame {data}")
    response = await http.fetch(server.url(f"/api/interviews/{interview_id}/insights"), request_timeout=120)
    done = time.perf_counter()
    return {
        "first_message_s": first - started,
        "total_s": done - started,
        "insights_s": done - last,
        "messages": messages,
        "insights": json.loads(response.body),
    }


async def concurrently(server: ServerProcess, count: int) -> list[float]:
    """Start `count` interviews at once; each one's time to its first message."""

    async def first_message(index: int) -> float:
        http = AsyncHTTPClient()
        started = time.perf_counter()
        body = json.dumps({"persona": PERSONAS[index % len(PERSONAS)], "options": {"seed": 100 + index}})
        response = await http.fetch(HTTPRequest(server.url("/api/interviews/start"), method="POST", body=body))
        interview_id = json.loads(response.body)["interviewId"]
        socket = await websocket_connect(server.ws_url(f"/api/interviews/{interview_id}/stream"))
        while (frame := await socket.read_message()) is not None:
            if json.loads(frame)["type"] == "message":
                elapsed = time.perf_counter() - started
                socket.close()
                return elapsed
        raise RuntimeError("stream ended without a message")

    return list(await asyncio.gather(*(first_message(i) for i in range(count))))


async def crash_recovery(server: ServerProcess, seed: int) -> tuple[float, float]:
    """Kill the model process right after the 3rd message: (kill → 4th message, median gap
    between the other messages) in seconds."""
    http = AsyncHTTPClient()
    body = json.dumps({"persona": PERSONAS[seed % len(PERSONAS)], "options": {"seed": seed, "messages": 10}})
    response = await http.fetch(HTTPRequest(server.url("/api/interviews/start"), method="POST", body=body))
    interview_id = json.loads(response.body)["interviewId"]
    socket = await websocket_connect(server.ws_url(f"/api/interviews/{interview_id}/stream"))
    arrivals, killed = [], 0.0
    while (frame := await socket.read_message()) is not None:
        if json.loads(frame)["type"] != "message":
            continue
        arrivals.append(time.perf_counter())
        if len(arrivals) == 3:
            health = json.loads((await http.fetch(server.url("/api/health"))).body)
            killed = time.perf_counter()
            os.kill(health["modelProcess"]["pid"], signal.SIGSEGV)
    gaps = [b - a for a, b in pairwise(arrivals)]
    return arrivals[3] - killed, statistics.median(gaps[:2] + gaps[3:])


def wait_until_idle(server: ServerProcess, timeout: float = 600) -> None:
    """Until no interview is in progress and no model call is queued (insights included)."""
    import requests

    deadline, quiet = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and quiet < 3:
        health = requests.get(server.url("/api/health"), timeout=30).json()
        quiet = quiet + 1 if health["interviewsInProgress"] == 0 and health["queueDepth"] == 0 else 0
        time.sleep(1)


def through_server(count: int) -> tuple[list[dict], list[float], list[tuple[float, float]]]:
    with tempfile.TemporaryDirectory() as data_dir:
        server = ServerProcess(
            Path(data_dir), "--engine", "llama", "--model", str(MODEL), "--rate-limit", "0", startup_timeout=120
        )
        try:
            asyncio.run(interview(server, PERSONAS[-1], 999))  # warm-up: a warm server is the target
            runs = [asyncio.run(interview(server, PERSONAS[i % len(PERSONAS)], i + 1)) for i in range(count)]
            concurrent = asyncio.run(concurrently(server, 4))
            wait_until_idle(server)  # the four interviews above go on, and would share the model
            crashes = [asyncio.run(crash_recovery(server, 200 + i)) for i in range(5)]
        finally:
            server.stop()
    return runs, concurrent, crashes


def recorded_calls(count: int) -> tuple[list[list[tuple[list, dict, str]]], list[list[str]], float]:
    """Run the same interviews in this process (the model in its model process), recording each
    model call and its text."""
    from deeptalk.engines import llama_engine
    from deeptalk.settings import Settings

    engine = llama_engine(Settings.defaults(engine="llama", model=MODEL, threads=2))
    complete = engine.backend.complete
    calls: list[list[tuple[list, dict, str]]] = []

    def recording(messages, **kwargs):
        completion = complete(messages, **kwargs)
        calls[-1].append((messages, kwargs, completion.text))
        return completion

    engine.backend.complete = recording
    transcripts, started = [], time.perf_counter()
    try:
        for index in range(count):
            calls.append([])
            persona, seed = Persona(**PERSONAS[index % len(PERSONAS)]), index + 1
            transcript = converse(engine, persona, seed)
            analyse(engine, persona, seed, transcript)
            transcripts.append([m.message for m in transcript])
    finally:
        engine.close()
    return calls, transcripts, time.perf_counter() - started


def raw_replay(calls: list[list[tuple[list, dict, str]]], reuse_prefix: bool = False) -> tuple[list[float], bool]:
    """The recorded calls on llama-cpp-python in this process, nothing else around them; and
    whether each call gave the recorded text again. reuse_prefix: skip the reset before each
    call (llama-cpp-python's own behaviour), to measure what stateless calls cost."""
    from deeptalk.engines.backends.llama_model import LocalModel

    model = LocalModel(MODEL, threads=2, context=4096)
    if reuse_prefix:
        model.llm.reset = lambda: None
    times, same = [], True
    for interview_calls in calls:
        started = time.perf_counter()
        for messages, kwargs, text in interview_calls:
            same &= model.complete(messages, **kwargs)["text"] == text
        times.append(time.perf_counter() - started)
    return times, same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=3)
    args = parser.parse_args()
    if not MODEL.exists():
        sys.exit("make llm fetches the default model first")
    runs, concurrent, crashes = through_server(args.interviews)
    calls, transcripts, in_process_s = recorded_calls(args.interviews)
    raw_times, replay_same = raw_replay(calls)
    reuse_times, reuse_same = raw_replay(calls, reuse_prefix=True)
    server_s = sum(run["total_s"] for run in runs)
    report = {
        "interviews": args.interviews,
        "first_message_p50_s": round(statistics.median(r["first_message_s"] for r in runs), 2),
        "first_message_s": [round(r["first_message_s"], 2) for r in runs],
        "insights_p50_s": round(statistics.median(r["insights_s"] for r in runs), 2),
        "insights_s": [round(r["insights_s"], 2) for r in runs],
        "concurrent_4_first_message_s": [round(t, 2) for t in sorted(concurrent)],
        "crash_to_next_message_p50_s": round(statistics.median(c[0] for c in crashes), 2),
        "crash_to_next_message_s": [round(c[0], 2) for c in crashes],
        "undisturbed_gap_p50_s": round(statistics.median(c[1] for c in crashes), 2),
        "server_total_s": round(server_s, 1),
        "engine_in_process_total_s": round(in_process_s, 1),
        "raw_llama_cpp_total_s": round(sum(raw_times), 1),
        "throughput_ratio_server_over_raw": round(sum(raw_times) / server_s, 3),
        "model_calls": sum(len(c) for c in calls),
        "raw_with_prefix_reuse_total_s": round(sum(reuse_times), 1),
        "stateless_calls_cost_ratio": round(sum(raw_times) / sum(reuse_times), 3),
        "prefix_reuse_gave_the_same_text": reuse_same,
        "server_transcripts_equal_in_process": [r["messages"] for r in runs] == transcripts,
        "raw_replay_gave_the_same_text": replay_same,
        "targets": {
            **{name: BY_NAME[name].target_text() for name in ("first_message_p50_s", "insights_p50_s")},
            "concurrent_4_first_message_s": "≤ 2 s each",
            "throughput_ratio_server_over_raw": "≥ 0.95",
        },
    }
    print(json.dumps(report, indent=2))
    ok = report["server_transcripts_equal_in_process"] and report["raw_replay_gave_the_same_text"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
