"""`deeptalk panel` end to end: the wall time of a panel of held-out personas, the time of a rerun
(which resumes: every interview kept, only the synthesis made again), and whether both give the
same synthesis byte for byte.

The personas are every other held-out persona (training/heldout/, which training never reads),
the brief bench/panel-brief.yaml, one seed. Run it on a quiet machine: the figure is CPU-bound.

    python bench/panel.py [--personas 12] [--engine llama]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401  (the checkout on sys.path)

from deeptalk import corpus

HERE = Path(__file__).resolve().parent


def run_panel(personas: Path, out: Path, engine: str) -> float:
    command = [sys.executable, "-m", "deeptalk", "panel", "--personas", str(personas)]
    command += ["--brief", str(HERE / "panel-brief.yaml"), "--engine", engine, "--seeds", "1", "--out", str(out)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=int, default=12)
    parser.add_argument("--engine", default="llama")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        personas = Path(folder) / "personas.jsonl"
        chosen = corpus.heldout()[::2][: args.personas]
        personas.write_text("".join(json.dumps(record.persona) + "\n" for record in chosen), encoding="utf-8")
        out = Path(folder) / "panel"
        first = run_panel(personas, out, args.engine)
        synthesis = (out / "synthesis.json").read_bytes()
        rerun = run_panel(personas, out, args.engine)
        same = (out / "synthesis.json").read_bytes() == synthesis
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        verdicts = {h["id"]: h["verdict"] for h in json.loads(synthesis)["hypotheses"]}
    print(f"{len(chosen)} personas, engine {args.engine}: {first:.1f} s ({first / len(chosen):.1f} s per interview)")
    print(f"rerun (resumed, synthesis only): {rerun:.1f} s; same synthesis byte for byte: {same}")
    print(f"largest process's peak memory: {peak:.0f} MiB; verdicts {verdicts}")


if __name__ == "__main__":
    main()
