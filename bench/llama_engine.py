"""The llama engine through the running server vs raw llama-cpp-python on the same prompts.

1. Server (`--engine llama --pace 0`, warmed by one interview first): for each persona, time
   to the first message (POST start → first `message` frame), the whole interview, and the
   insights time (last message received → `GET insights` answered 200).
2. Four interviews started at once: each one's time to its first message.
3. Raw: the same interviews run in this process by the engine, with every model call
   recorded; then the recorded calls replayed on a fresh llama-cpp-python model with nothing
   else around them. Same model, seeds and prompts, so the same text: the transcripts are
   checked equal. Throughput ratio = raw time / server time (1.0: the server adds nothing).

Targets: first message ≤ 1 s p50, 4 concurrent ≤ 2 s each, ratio ≥ 0.9, insights ≤ 10 s.

    python bench/llama_engine.py [--interviews 3]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from _common import PERSONAS
from deeptalk.models import Message, Persona
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
    return {"first_message_s": first - started, "total_s": done - started, "insights_s": done - last,
            "messages": messages, "insights": json.loads(response.body)}


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


def through_server(count: int) -> tuple[list[dict], list[float]]:
    with tempfile.TemporaryDirectory() as data_dir:
        server = ServerProcess(Path(data_dir), "--engine", "llama", "--model", str(MODEL), "--rate-limit", "0",
                               startup_timeout=120)
        try:
            asyncio.run(interview(server, PERSONAS[-1], 999))  # warm-up: a warm server is the target
            runs = [asyncio.run(interview(server, PERSONAS[i % len(PERSONAS)], i + 1)) for i in range(count)]
            concurrent = asyncio.run(concurrently(server, 4))
        finally:
            server.stop()
    return runs, concurrent


def recorded_calls(count: int) -> tuple[list[list[tuple[dict, str]]], list[list[str]], float]:
    """Run the same interviews in this process, recording each model call and its output."""
    from deeptalk.engines.llama import LlamaEngine

    engine = LlamaEngine(MODEL, PROJECT_ROOT / "templates", threads=2, capacity=4)
    generate = engine.llm.create_chat_completion
    calls: list[list[tuple[dict, str]]] = []

    def recording(**kwargs):
        response = generate(**kwargs)
        calls[-1].append((kwargs, response["choices"][0]["message"]["content"]))
        return response

    engine.llm.create_chat_completion = recording
    transcripts, started = [], time.perf_counter()
    for index in range(count):
        calls.append([])
        persona, seed = Persona(**PERSONAS[index % len(PERSONAS)]), index + 1
        turns = list(engine.converse(persona, seed))
        transcript = [Message(Message.number(i), t.agent, t.message, "") for i, t in enumerate(turns)]
        engine.analyse(persona, seed, transcript)
        transcripts.append([t.message for t in turns])
    return calls, transcripts, time.perf_counter() - started


def raw_replay(calls: list[list[tuple[dict, str]]]) -> tuple[list[float], bool]:
    """The recorded calls on a fresh model, nothing else around them; and whether each call
    gave the recorded text again."""
    from deeptalk.engines.sampling import GrammarLastLlama

    llm = GrammarLastLlama(model_path=str(MODEL), n_ctx=4096, n_threads=2, n_threads_batch=2, seed=1, verbose=False)
    times, same = [], True
    for interview_calls in calls:
        started = time.perf_counter()
        for kwargs, text in interview_calls:
            same &= llm.create_chat_completion(**kwargs)["choices"][0]["message"]["content"] == text
        times.append(time.perf_counter() - started)
    return times, same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=3)
    args = parser.parse_args()
    if not MODEL.exists():
        sys.exit("make llm fetches the default model first")
    runs, concurrent = through_server(args.interviews)
    calls, transcripts, in_process_s = recorded_calls(args.interviews)
    raw_times, replay_same = raw_replay(calls)
    server_s = sum(run["total_s"] for run in runs)
    report = {
        "interviews": args.interviews,
        "first_message_p50_s": round(statistics.median(r["first_message_s"] for r in runs), 2),
        "first_message_s": [round(r["first_message_s"], 2) for r in runs],
        "insights_p50_s": round(statistics.median(r["insights_s"] for r in runs), 2),
        "insights_s": [round(r["insights_s"], 2) for r in runs],
        "concurrent_4_first_message_s": [round(t, 2) for t in sorted(concurrent)],
        "server_total_s": round(server_s, 1),
        "engine_in_process_total_s": round(in_process_s, 1),
        "raw_llama_cpp_total_s": round(sum(raw_times), 1),
        "throughput_ratio_server_over_raw": round(sum(raw_times) / server_s, 3),
        "model_calls": sum(len(c) for c in calls),
        "server_transcripts_equal_in_process": [r["messages"] for r in runs] == transcripts,
        "raw_replay_gave_the_same_text": replay_same,
    }
    print(json.dumps(report, indent=2))
    ok = report["server_transcripts_equal_in_process"] and report["raw_replay_gave_the_same_text"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
