"""The two model backends side by side, on this machine, in one run.

1. Eight interviews started at once at the contract's pace (1.5-3 s between messages), on
   DeepTalk with `--engine llama` (the model in DeepTalk's one model process), then with
   `--engine openai` in front of llama-cpp-python's server (`python -m llama_cpp.server`, the
   same model, started here; it serves one call at a time) and, with --llama-server PATH, of
   llama.cpp's llama-server with 4 parallel slots and continuous batching (built by
   bench/build_llama_server.sh), and of any server given with --server URL.
   For each: the gap between consecutive messages of an interview (p50, p90), the wall time
   until all eight have sent their last message, and until all eight have their insights.
2. Overhead of the openai path: calls recorded from real interviews, sent (a) through DeepTalk's
   backend (`OpenAIServer.complete`: the official client, retries, parsing) and (b) as the same
   JSON bodies straight to the server with a bare HTTP client; rounds in the order ABBA.
   Ratio = direct time / DeepTalk time (median of rounds); target >= 0.95.

    python bench/model_backends.py [--interviews 8] [--llama-server PATH] [--server URL]...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from _common import PERSONAS
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from deeptalk.settings import PROJECT_ROOT
from deeptalk.testing import ServerProcess
from tests.model_server import OpenAIModelServer

MODEL = PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"


async def paced_interview(server: ServerProcess, persona: dict, seed: int) -> dict:
    http = AsyncHTTPClient()
    body = json.dumps({"persona": persona, "options": {"seed": seed}})
    response = await http.fetch(HTTPRequest(server.url("/api/interviews/start"), method="POST", body=body))
    interview_id = json.loads(response.body)["interviewId"]
    socket = await websocket_connect(server.ws_url(f"/api/interviews/{interview_id}/stream"))
    arrivals: list[float] = []
    while (frame := await socket.read_message()) is not None:
        kind = json.loads(frame)["type"]
        if kind == "message":
            arrivals.append(time.perf_counter())
        elif kind != "complete":
            raise RuntimeError(f"interview {interview_id} ended with {frame}")
    while True:  # insights: 503 while the analysis waits behind other interviews' turns
        answer = await http.fetch(
            server.url(f"/api/interviews/{interview_id}/insights"), raise_error=False, request_timeout=600
        )
        if answer.code == 200:
            break
        if answer.code != 503:
            raise RuntimeError(f"insights answered {answer.code}: {answer.body[:200]}")
    return {"arrivals": arrivals, "insights_at": time.perf_counter()}


async def eight_at_once(server: ServerProcess, count: int) -> dict:
    started = time.perf_counter()
    runs = await asyncio.gather(*(paced_interview(server, PERSONAS[i % len(PERSONAS)], 300 + i) for i in range(count)))
    gaps = [later - earlier for run in runs for earlier, later in pairwise(run["arrivals"])]
    quantiles = statistics.quantiles(gaps, n=10)
    return {
        "interviews": count,
        "messages": sum(len(r["arrivals"]) for r in runs),
        "gap_p50_s": round(statistics.median(gaps), 2),
        "gap_p90_s": round(quantiles[8], 2),
        "all_messages_s": round(max(r["arrivals"][-1] for r in runs) - started, 1),
        "all_insights_s": round(max(r["insights_at"] for r in runs) - started, 1),
    }


def through_deeptalk(args: list[str], count: int) -> dict:
    with tempfile.TemporaryDirectory() as data_dir:
        server = ServerProcess(Path(data_dir), *args, "--pace", "1.5,3.0", "--rate-limit", "0", startup_timeout=180)
        try:
            return asyncio.run(eight_at_once(server, count))
        finally:
            server.stop()


# -- overhead ------------------------------------------------------------------------------
def recorded_calls(url: str, count: int = 1) -> list[dict]:
    """The model calls of `count` interviews (insights included), as the strategy makes them."""
    from deeptalk.conversation import analyse, converse
    from deeptalk.engines.backends.openai_server import OpenAIServer
    from deeptalk.engines.model.strategy import ModelEngine
    from deeptalk.records import Persona

    backend = OpenAIServer(url, "", api_key="", timeout=120, concurrency=1)
    backend.start()
    calls: list[dict] = []
    complete = backend.complete

    def recording(messages, **options):
        calls.append({"messages": list(messages), **options})
        return complete(messages, **options)

    backend.complete = recording  # type: ignore[method-assign]
    engine = ModelEngine("openai", backend, PROJECT_ROOT / "templates", capacity=None)
    for index in range(count):
        persona = Persona(**PERSONAS[index])
        analyse(engine, persona, 400 + index, converse(engine, persona, 400 + index))
    backend.close()
    return calls


def overhead(url: str) -> dict:
    import requests

    from deeptalk.engines.backends.openai_server import OpenAIServer

    calls = recorded_calls(url)
    backend = OpenAIServer(url, "", api_key="", timeout=120, concurrency=1)
    backend.start()
    session = requests.Session()

    def direct(call: dict) -> None:  # the request body DeepTalk sends, by hand
        options = dict(call)
        schema = options.pop("json_schema", None)
        body = {"model": backend.model, **options}
        if not body.get("stop"):
            body.pop("stop", None)
        if schema is not None:
            body["response_format"] = backend._response_format(backend.structured, schema)
        answer = session.post(f"{url}/chat/completions", json=body, timeout=120)
        answer.raise_for_status()
        answer.json()["choices"][0]["message"]["content"]

    def deeptalk(call: dict) -> None:
        options = dict(call)
        backend.complete(options.pop("messages"), **options)

    timings: dict[str, list[float]] = {"deeptalk": [], "direct": []}
    for name in ("deeptalk", "direct", "direct", "deeptalk"):
        send = deeptalk if name == "deeptalk" else direct
        started = time.perf_counter()
        for call in calls:
            send(call)
        timings[name].append(time.perf_counter() - started)
    backend.close()
    through, straight = statistics.median(timings["deeptalk"]), statistics.median(timings["direct"])
    return {
        "calls": len(calls),
        "deeptalk_s": round(through, 2),
        "direct_s": round(straight, 2),
        "rounds": {k: [round(v, 2) for v in vs] for k, vs in timings.items()},
        "ratio_direct_over_deeptalk": round(straight / through, 3),
    }


class LlamaCppServer(OpenAIModelServer):
    """llama.cpp's own llama-server: `parallel` slots sharing one batch (continuous batching)."""

    def __init__(self, binary: Path, model: Path, *, parallel: int, threads: int = 2):
        super().__init__(model, threads=threads)
        self.binary, self.parallel = binary, parallel

    def command(self) -> list[str]:
        return [
            str(self.binary),
            "-m",
            str(self.model),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "-t",
            str(self.threads),
            "--parallel",
            str(self.parallel),
            "--ctx-size",
            str(4096 * self.parallel),
        ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=8)
    parser.add_argument(
        "--server", action="append", default=[], metavar="URL", help="an OpenAI-compatible server already running"
    )
    parser.add_argument(
        "--llama-server",
        type=Path,
        default=None,
        metavar="PATH",
        help="llama.cpp's llama-server binary: started with --parallel 4",
    )
    parser.add_argument("--model", default="", help="the model to ask --server for")
    parser.add_argument("--concurrency", type=int, default=4, help="--llm-concurrency for the openai engine")
    parser.add_argument("--overhead-only", action="store_true", help="only part 2")
    args = parser.parse_args()
    results: dict = {}
    if not args.overhead_only:
        results["llama"] = through_deeptalk(["--engine", "llama", "--model", str(MODEL)], args.interviews)
        print(json.dumps({"llama": results["llama"]}), flush=True)
    started = [OpenAIModelServer(MODEL)]
    if args.llama_server:
        started.append(LlamaCppServer(args.llama_server, MODEL, parallel=4))
    try:
        for server in started:
            server.start()
        for url in [] if args.overhead_only else [server.url for server in started] + args.server:
            openai_args = ["--engine", "openai", "--llm-url", url, "--llm-concurrency", str(args.concurrency)]
            if args.model:
                openai_args += ["--llm-model", args.model]
            results[f"openai {url}"] = through_deeptalk(openai_args, args.interviews)
            print(json.dumps({f"openai {url}": results[f"openai {url}"]}), flush=True)
        # On the fastest server: its own time is smallest, so DeepTalk's share shows most.
        results["overhead"] = overhead(started[-1].url)
        print(json.dumps({"overhead": results["overhead"]}), flush=True)
    finally:
        for server in started:
            server.stop()
    print(json.dumps(results, indent=2))
    ratio = results["overhead"]["ratio_direct_over_deeptalk"]
    print(f"openai path overhead: direct/DeepTalk = {ratio} (target >= 0.95): {'PASS' if ratio >= 0.95 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
