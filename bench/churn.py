"""1,000 concurrent interviews whose clients drop and reconnect at random, in rounds.

Each client starts an interview, reads a random number of messages, disconnects (cleanly or by
cutting the TCP connection), waits a moment and reconnects. The reconnected stream must replay
from msg-001, agree with what was seen before, and end in `complete` with a messageCount equal
to what it delivered and to the status. Reports lost messages, errors and server memory after
each round; memory from round 2 to round 3 should stay within 10%.

    python bench/churn.py [--interviews 1000] [--rounds 3] [--pace 0.1,0.3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import PERSONAS, memory_mib
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from deeptalk.testing import ServerProcess


async def read(server: ServerProcess, interview_id: str, limit: int | None, abrupt: bool) -> tuple[list, dict | None]:
    """Read message payloads (up to `limit`) and the complete payload, if it came."""
    socket = await websocket_connect(server.ws_url(f"/api/interviews/{interview_id}/stream"), connect_timeout=300)
    messages, complete = [], None
    while limit is None or len(messages) < limit:
        frame = await socket.read_message()
        if frame is None:
            break
        data = json.loads(frame)
        if data["type"] == "message":
            messages.append(data["payload"])
        elif data["type"] == "complete":
            complete = data["payload"]
        else:
            raise AssertionError(f"unexpected frame {data}")
    if limit is not None:
        if abrupt:
            socket.protocol.stream.close()  # no close frame: as if the network dropped
        else:
            socket.close()
    elif socket.close_code != 1000:
        raise AssertionError(f"closed with {socket.close_code}")
    return messages, complete


async def one_client(server: ServerProcess, http: AsyncHTTPClient, rng: random.Random, index: int) -> int:
    """Run one interview with a drop and a reconnect; return the number of messages lost."""
    body = json.dumps({"persona": PERSONAS[index % len(PERSONAS)], "options": {"seed": rng.randrange(1, 2**32)}})
    response = await http.fetch(
        HTTPRequest(server.url("/api/interviews/start"), method="POST", body=body, request_timeout=300)
    )
    interview_id = json.loads(response.body)["interviewId"]
    before, _ = await read(server, interview_id, limit=rng.randint(0, 12), abrupt=rng.random() < 0.5)
    await asyncio.sleep(rng.uniform(0, 1.0))
    after, complete = await read(server, interview_id, limit=None, abrupt=False)
    status = json.loads((await http.fetch(server.url(f"/api/interviews/{interview_id}/status"))).body)
    if after[: len(before)] != before:
        raise AssertionError("the replay after reconnecting differs from what was delivered before")
    if [m["id"] for m in after] != [f"msg-{n:03d}" for n in range(1, len(after) + 1)]:
        raise AssertionError("message ids are not msg-001 onwards without gaps")
    if complete is None:
        raise AssertionError("no complete frame")
    return max(complete["messageCount"], status["messageCount"]) - len(after)


async def one_round(server: ServerProcess, count: int, seed: int) -> dict:
    AsyncHTTPClient.configure(None, max_clients=count)
    http = AsyncHTTPClient()
    rng = random.Random(seed)
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(one_client(server, http, random.Random(rng.random()), i) for i in range(count)), return_exceptions=True
    )
    errors = [repr(o) for o in outcomes if isinstance(o, BaseException)]
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "lost_messages": sum(o for o in outcomes if isinstance(o, int)),
        "errors": len(errors),
        "error_samples": errors[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pace", default="0.1,0.3")
    args = parser.parse_args()
    rounds = []
    with tempfile.TemporaryDirectory() as data_dir:
        # One address stands in for a thousand users here, so the per-address limit is off.
        server = ServerProcess(Path(data_dir), "--pace", args.pace, "--rate-limit", "0")
        try:
            for number in range(1, args.rounds + 1):
                report = asyncio.run(one_round(server, args.interviews, seed=number))
                report["server_rss_mib"] = memory_mib(server.pid)["VmRSS"]
                rounds.append(report)
                print(f"round {number}: {json.dumps(report)}", file=sys.stderr)
            server_errors = sum("ERROR" in line or "Traceback" in line for line in server.log)
        finally:
            server.stop()
    summary = {
        "interviews_per_round": args.interviews,
        "pace": args.pace,
        "rounds": rounds,
        "lost_messages": sum(r["lost_messages"] for r in rounds),
        "client_errors": sum(r["errors"] for r in rounds),
        "server_errors_logged": server_errors,
    }
    if len(rounds) >= 3:
        summary["memory_round3_over_round2"] = round(rounds[2]["server_rss_mib"] / rounds[1]["server_rss_mib"], 3)
    print(json.dumps(summary, indent=2))
    failed = summary["lost_messages"] or summary["client_errors"] or server_errors
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
