"""Golden interviews: what the llama engine says, byte for byte, for a few personas and seeds.

The committed set (tests/golden/*.json) pins the promise that the same model file, seed,
persona, templates and strategy give the same interview and insights on every machine the
portable build runs on. test_golden.py regenerates each interview and compares the bytes.

    python tests/golden.py --write     # or `make golden`: rewrite the set after a deliberate
                                       # change to the templates or the strategy; commit the diff
    python tests/golden.py --check nurse-1 --in-process
                                       # one interview with the model in this process, no model
                                       # process: to run under an emulated CPU, e.g.
                                       # qemu-x86_64 -cpu Haswell-v4 .venv/bin/python tests/golden.py ...
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from deeptalk.engines import llama_engine  # noqa: E402
from deeptalk.offline.simulation import simulate  # noqa: E402
from deeptalk.records import Persona  # noqa: E402
from deeptalk.settings import PROJECT_ROOT, Settings  # noqa: E402

GOLDEN_DIR = HERE / "golden"
MODEL = PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
MESSAGES = 10
PERSONAS = {
    "nurse": {
        "name": "Maya Okafor",
        "role": "Ward Nurse",
        "industry": "Healthcare",
        "background": "Twelve-hour night shifts on a surgical ward; charting eats time meant for patients.",
    },
    "cafe-owner": {
        "name": "Diego Ramos",
        "role": "Café Owner",
        "industry": "Hospitality",
        "background": "Runs a twelve-seat café; supplier prices and staff rotas keep him up at night.",
    },
    "data-analyst": {
        "name": "Priya Nair",
        "role": "Data Analyst",
        "industry": "Banking",
        "background": "Builds monthly risk reports from spreadsheets that three teams edit by hand.",
    },
}
# Two seeds each.
SEEDS = {"nurse": (1, 2), "cafe-owner": (1, 3), "data-analyst": (1, 2)}
# Fields of the provenance that a deliberate change to DeepTalk moves (then: make golden).
OURS = ("templates", "strategy", "labels", "adapter_sha256")


def cases() -> list[tuple[str, int]]:
    return [(name, seed) for name in PERSONAS for seed in SEEDS[name]]


def path_for(name: str, seed: int) -> Path:
    return GOLDEN_DIR / f"{name}-{seed}.json"


def engine(threads: int | None = None):
    """The llama engine with the default model, in its supervised model process."""
    overrides = {"engine": "llama", "model": MODEL, **({"threads": threads} if threads else {})}
    return llama_engine(Settings.defaults(**overrides))


class InProcessModel:
    """The llama backend without its model process: the model loaded here. Under a user-mode
    emulator (qemu-x86_64 -cpu ...) only this process is emulated, not the children it starts."""

    parallel_calls = 1

    def __init__(self, threads: int = 2):
        from deeptalk.engines.backends.llama_model import LocalModel, build_info
        from deeptalk.engines.backends.model_files import choose_adapter, sha256_of

        self.info, self.sha256 = build_info(), sha256_of(MODEL)
        self.adapter, _ = choose_adapter(None, MODEL.parent, MODEL, self.sha256)
        self.model = LocalModel(MODEL, threads, 4096, self.adapter.path if self.adapter else None)

    def complete(self, messages, **options):
        from deeptalk.engines.backends import Completion

        return Completion(**self.model.complete(list(messages), **options))

    def fingerprint(self) -> dict:
        from deeptalk.engines.backends.llama_process import llama_fingerprint

        return llama_fingerprint(MODEL, self.sha256, self.info, self.adapter)

    def describe(self) -> str:
        return f"{MODEL.name} in this process"

    def close(self) -> None:
        pass


def in_process_engine(threads: int | None = None):
    from deeptalk.engines.model.strategy import ModelEngine

    return ModelEngine(
        "llama",
        InProcessModel(threads or 2),
        PROJECT_ROOT / "templates",
        capacity=1,
    )


def provenance(fingerprint: dict) -> dict:
    return {key: value for key, value in fingerprint.items() if key != "engine"}


def render(engine, name: str, seed: int) -> str:
    """One golden interview as the exact text kept in the set."""
    result = simulate(engine, Persona(**PERSONAS[name]), seed, MESSAGES)
    document = {
        "provenance": provenance(engine.fingerprint()),
        "persona": PERSONAS[name],
        "seed": seed,
        "notes": engine.notes(Persona(**PERSONAS[name]), seed),
        "messages": [{"agent": m.agent, "message": m.message} for m in result.messages],
        "insights": result.insights,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write() -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    model = engine()
    try:
        for name, seed in cases():
            path_for(name, seed).write_text(render(model, name, seed), encoding="utf-8")
            print(f"wrote {path_for(name, seed).relative_to(PROJECT_ROOT)}")
    finally:
        model.close()


def check(case: str, in_process: bool, threads: int | None) -> int:
    """Regenerate one golden interview (NAME-SEED) and say whether it is the same, byte for byte."""
    name, seed = case.rsplit("-", 1)
    model = in_process_engine(threads) if in_process else engine(threads)
    try:
        same = render(model, name, int(seed)) == path_for(name, int(seed)).read_text(encoding="utf-8")
    finally:
        model.close()
    print(f"{case}: {'the same, byte for byte' if same else 'DIFFERENT'} ({model.fingerprint()['build']})")
    return 0 if same else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite tests/golden/")
    action.add_argument("--check", metavar="NAME-SEED", help="regenerate one interview and compare it")
    parser.add_argument("--in-process", action="store_true", help="with --check: the model in this process")
    parser.add_argument("--threads", type=int, default=None, help="with --check: model threads")
    arguments = parser.parse_args()
    if arguments.write:
        write()
    else:
        sys.exit(check(arguments.check, arguments.in_process, arguments.threads))
