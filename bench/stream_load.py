"""N concurrent interviews streamed over WebSocket against a real server.

Every client starts an interview, opens its stream at once and reads it to the end.
Reports errors, delivery latency (client receipt time minus the message's server timestamp),
throughput and server memory. Target: 1,000 concurrent, zero errors.

    python bench/stream_load.py [--interviews 1000] [--pace 0]
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

from _common import PERSONAS, cpu_seconds, memory_mib, parse_timestamp
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from deeptalk.testing import ServerProcess


async def one_interview(server: ServerProcess, http: AsyncHTTPClient, index: int, latencies: list[float]) -> str | None:
    """Run one interview end to end; return an error description or None."""
    body = json.dumps({"persona": PERSONAS[index % len(PERSONAS)], "options": {"seed": index + 1}})
    response = await http.fetch(
        HTTPRequest(server.url("/api/interviews/start"), method="POST", body=body, request_timeout=300),
        raise_error=False,
    )
    if response.code != 201:
        return f"start answered {response.code}"
    interview_id = json.loads(response.body)["interviewId"]
    socket = await websocket_connect(server.ws_url(f"/api/interviews/{interview_id}/stream"), connect_timeout=300)
    messages, complete = 0, None
    while True:
        frame = await socket.read_message()
        if frame is None:
            break
        received = time.time()
        data = json.loads(frame)
        if data["type"] == "message":
            messages += 1
            if data["payload"]["id"] != f"msg-{messages:03d}":
                return f"out of order: {data['payload']['id']} as message {messages}"
            latencies.append(received - parse_timestamp(data["payload"]["timestamp"]))
        elif data["type"] == "complete":
            complete = data["payload"]
        else:
            return f"frame {data}"
    if socket.close_code != 1000:
        return f"closed {socket.close_code}"
    if complete is None or complete["messageCount"] != messages or not 10 <= messages <= 20:
        return f"incomplete: {messages} messages, complete={complete}"
    return None


async def run(server: ServerProcess, count: int) -> dict:
    AsyncHTTPClient.configure(None, max_clients=count)
    http = AsyncHTTPClient()
    latencies: list[float] = []
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(one_interview(server, http, i, latencies) for i in range(count)), return_exceptions=True
    )
    elapsed = time.perf_counter() - started
    errors = [repr(o) if isinstance(o, BaseException) else o for o in outcomes if o is not None]
    latencies.sort()
    return {
        "interviews": count,
        "errors": len(errors),
        "error_samples": errors[:5],
        "messages": len(latencies),
        "wall_s": round(elapsed, 2),
        "messages_per_s": round(len(latencies) / elapsed),
        "latency_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "latency_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--pace", default="0", help="the server's --pace (default 0: as fast as it can)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        # One address stands in for a thousand users here, so the per-address limit is off.
        server = ServerProcess(Path(data_dir), "--pace", args.pace, "--rate-limit", "0")
        try:
            idle = memory_mib(server.pid)
            cpu_before, client_before = cpu_seconds(server.pid), time.process_time()
            report = asyncio.run(run(server, args.interviews))
            memory = memory_mib(server.pid)
            report["server_cpu_s"] = round(cpu_seconds(server.pid) - cpu_before, 1)
            report["client_cpu_s"] = round(time.process_time() - client_before, 1)
        finally:
            server.stop()
    report["pace"] = args.pace
    report["server_rss_idle_mib"] = idle["VmRSS"]
    report["server_rss_after_mib"] = memory["VmRSS"]
    report["server_rss_peak_mib"] = memory["VmHWM"]
    print(json.dumps(report, indent=2))
    sys.exit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()
