"""The same seed gives the same interview on every machine: the golden set (tests/golden.py),
regenerated with the llama engine and compared byte for byte."""

import difflib
import json
from pathlib import Path

import golden
import pytest
from model_support import require_model

pytestmark = pytest.mark.model
require_model()


@pytest.fixture(scope="module")
def engine():
    model = golden.engine()
    yield model
    model.close()


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    except (OSError, StopIteration):
        return "unknown CPU"


def changed(recorded: dict, now: dict, keys) -> str:
    return "; ".join(
        f"{key}: golden {recorded.get(key)!r}, here {now.get(key)!r}"
        for key in keys
        if recorded.get(key) != now.get(key)
    )


@pytest.mark.parametrize("name,seed", golden.cases(), ids=[f"{n}-{s}" for n, s in golden.cases()])
def test_the_golden_interview_is_reproduced_byte_for_byte(engine, name, seed):
    path = golden.path_for(name, seed)
    assert path.exists(), f"{path} is missing: run `make golden` and commit tests/golden/"
    expected = path.read_text(encoding="utf-8")
    recorded, now = json.loads(expected)["provenance"], golden.provenance(engine.fingerprint())
    ours = changed(recorded, now, golden.OURS)
    if ours:
        pytest.fail(
            f"The templates or the strategy changed since the golden set was written ({ours}). "
            "If that was on purpose, run `make golden` and commit the diff of tests/golden/ with it."
        )
    runtime = changed(recorded, now, sorted(set(now) - set(golden.OURS)))
    if runtime:
        pytest.fail(
            f"This machine runs another model or llama.cpp build than the golden set was made with "
            f"({runtime}). The promise holds for the same model file, llama-cpp-python version and "
            "portable build: `make llm-rebuild` makes that build."
        )
    actual = golden.render(engine, name, seed)
    if actual != expected:
        diff = "".join(
            list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "here", n=1))[:12]
        )
        pytest.fail(
            f"MACHINE DIFFERENCE: same model, llama-cpp-python, build, templates and strategy, yet other "
            f"text on this CPU ({cpu_model()}). This breaks determinism across machines; report it with "
            f"`lscpu` and `deeptalk models check`.\n{diff}"
        )
