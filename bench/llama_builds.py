"""Which llama.cpp build: tokens per second of each candidate build, on the same calls, in one run.

Candidates (each a llama-cpp-python wheel of the version `make llm` installs):
- x86-64-v3: the build `make llm` installs (AVX2 FMA F16C BMI2; no AVX-512, no AMX);
- x86-64-v4: the same plus AVX-512 (F, VBMI, VNNI, BF16): only for CPUs that have AVX-512;
- native: GGML_NATIVE, llama.cpp's default: whatever the compiling CPU has (AMX included).
The wheels other than the installed one are compiled once into bench/results/wheels/ (4-6
minutes each on 2 cores; a changed flag list rebuilds). Each build then runs the same model
calls (answers, questions, JSON-schema insight sections, seeded) in its own process, in
alternating rounds; the report gives the median generation rate per build, its ratio to the
fastest, and whether each build gave the same text as the installed one.

    python bench/llama_builds.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = ROOT / "bench" / "results" / "wheels"
AVX2 = "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
CANDIDATES = {
    "x86-64-v4": f"{AVX2} -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON "
    "-DLLAVA_BUILD=OFF",
    "native": "-DGGML_NATIVE=ON -DLLAVA_BUILD=OFF",
}
PROBE = ROOT / "bench" / "_llama_build_probe.py"


def llama_version() -> str:
    from importlib.metadata import version

    return version("llama-cpp-python")


def built(name: str, flags: str) -> Path:
    """The candidate unpacked (an importable llama_cpp), compiled first if its flags changed."""
    folder = WHEELS / name
    stamp = folder / "cmake-args.txt"
    unpacked = folder / "site"
    wanted = f"{llama_version()} {flags}"
    if not (stamp.exists() and stamp.read_text() == wanted and unpacked.exists()):
        print(f"compiling the {name} build (4-6 minutes) ...", file=sys.stderr)
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        folder.mkdir(parents=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-cache-dir",
                "--no-deps",
                "--no-binary",
                "llama-cpp-python",
                "-w",
                str(folder),
                f"llama-cpp-python=={llama_version()}",
            ],
            check=True,
            env={**os.environ, "CMAKE_ARGS": flags},
        )
        with zipfile.ZipFile(next(folder.glob("*.whl"))) as wheel:
            wheel.extractall(unpacked)
        for library in (unpacked / "llama_cpp" / "lib").glob("*.so*"):
            library.chmod(0o755)
        stamp.write_text(wanted)
    return unpacked


def probe(site: Path | None, threads: int) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site) if site else "", str(ROOT)]))}
    done = subprocess.run(
        [sys.executable, str(PROBE), "--threads", str(threads)], capture_output=True, text=True, env=env, timeout=1800
    )
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    builds: dict[str, Path | None] = {"x86-64-v3 (make llm)": None}
    builds.update({name: built(name, flags) for name, flags in CANDIDATES.items()})
    runs: dict[str, list[dict]] = {name: [] for name in builds}
    for _ in range(args.rounds):
        for name, site in builds.items():
            runs[name].append(probe(site, args.threads))
    reference = runs["x86-64-v3 (make llm)"][0].get("texts_sha256")
    report = {}
    for name, results in runs.items():
        good = [r for r in results if "error" not in r]
        if not good:
            report[name] = {"error": results[0]["error"]}
            continue
        report[name] = {
            "build": good[0]["build"],
            "generation_tokens_per_s_p50": round(statistics.median(r["generation_tokens_per_s"] for r in good), 1),
            "prompt_tokens_per_s_p50": round(statistics.median(r["prompt_tokens_per_s"] for r in good), 1),
            "calls_s_p50": round(statistics.median(r["seconds"] for r in good), 2),
            "same_text_as_make_llm": good[0]["texts_sha256"] == reference,
            "same_text_every_round": len({r["texts_sha256"] for r in good}) == 1,
        }
    fastest = max((r["generation_tokens_per_s_p50"] for r in report.values() if "error" not in r), default=0)
    for entry in report.values():
        if "error" not in entry:
            entry["generation_vs_fastest"] = round(entry["generation_tokens_per_s_p50"] / fastest, 3)
    print(json.dumps({"rounds": args.rounds, "threads": args.threads, "builds": report}, indent=2))


if __name__ == "__main__":
    main()
