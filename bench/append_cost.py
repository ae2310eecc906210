"""Cost of appending one message with 10 vs 10,000 interviews already stored.

Both stores are filled with realistic interviews (16 messages + insights each), then appends
alternate between the two stores, so machine noise hits both alike; the medians are
compared. Target: ratio (10,000 / 10) <= 2.

    python bench/append_cost.py [--large 10000] [--samples 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from deeptalk.atomic_storage import AtomicJSONStorage  # noqa: E402
from deeptalk.engines.fixture.engine import FixtureEngine  # noqa: E402
from deeptalk.records import Interview, Message, Persona, message_id  # noqa: E402
from deeptalk.settings import PROJECT_ROOT  # noqa: E402
from deeptalk.store import InterviewStore  # noqa: E402

PERSONA = Persona("Sarah Chen", "Startup Founder", "B2B SaaS", "Remote team tools.")
STAMP = "2026-01-01T00:00:00.000Z"


def stored_document(interview: Interview, turns, insights) -> dict:
    """The TinyDB document the store writes for a completed interview (built in one go for speed)."""
    messages = {str(i + 1): Message(message_id(i), t.agent, t.message, STAMP).as_dict() for i, t in enumerate(turns)}
    return {"interview": {"1": interview.as_dict()}, "messages": messages, "insights": {"1": {"data": insights}}}


def fill(store: InterviewStore, count: int) -> None:
    engine = FixtureEngine(PROJECT_ROOT / "fixtures")
    turns = list(engine.converse(PERSONA, 1))
    insights = engine.analyse(PERSONA, 1, [])
    for _ in range(count):
        interview = Interview(str(uuid.uuid4()), PERSONA, 1, "fixture", "completed", STAMP, STAMP, len(turns))
        path = store.path_for(interview.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        AtomicJSONStorage(path).write(stored_document(interview, turns, insights))


def time_append(store: InterviewStore, interview: Interview, index: int) -> float:
    message = Message(message_id(index), "customer", "A realistic answer of a sentence or two. " * 4, STAMP)
    started = time.perf_counter()
    store.append_message_sync(interview.id, message, index + 1)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as small_dir, tempfile.TemporaryDirectory() as large_dir:
        stores = {"small": InterviewStore(Path(small_dir)), "large": InterviewStore(Path(large_dir))}
        for store in stores.values():
            store.check_writable()
        started = time.perf_counter()
        fill(stores["small"], args.small)
        fill(stores["large"], args.large)
        fill_s = time.perf_counter() - started
        samples: dict[str, list[float]] = {"small": [], "large": []}
        live: dict[str, Interview] = {}
        for index in range(args.samples):
            if index % 20 == 0:  # a new interview every 20 messages, as in real use
                for name, store in stores.items():
                    live[name] = Interview(str(uuid.uuid4()), PERSONA, 1, "fixture", "in-progress", STAMP)
                    store.create_sync(live[name])
            for name, store in stores.items():
                samples[name].append(time_append(store, live[name], index % 20))
        small, large = (statistics.median(samples[n]) * 1000 for n in ("small", "large"))
        print(
            json.dumps(
                {
                    "stored_small": args.small,
                    "stored_large": args.large,
                    "fill_seconds": round(fill_s, 1),
                    "samples_each": args.samples,
                    "append_median_ms_small": round(small, 3),
                    "append_median_ms_large": round(large, 3),
                    "ratio_large_over_small": round(large / small, 2),
                },
                indent=2,
            )
        )
        for store in stores.values():
            store.close()


if __name__ == "__main__":
    main()
