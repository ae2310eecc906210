"""Schemathesis against the live server, from its /openapi.json: every check, every phase
(coverage, fuzzing, stateful through the spec's links). Settings: schemathesis.toml."""

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent


def test_schemathesis_finds_nothing_with_every_check_and_phase(unlimited_server):
    examples = max(25, settings().max_examples // 2)  # 25 in the dev profile, 100 in CI
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        unlimited_server.url("/openapi.json"),
        "--checks",
        "all",
        "--max-examples",
        str(examples),
    ]
    environment = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]),
    }
    # Under pytest-timeout's 300 s (setup.cfg), so a run too slow fails here, with its output.
    try:
        done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=270)
    except subprocess.TimeoutExpired as slow:
        raise AssertionError(f"schemathesis ran over 270 s:\n{(slow.stdout or b'')[-20000:]!r}") from None
    report = done.stdout[-20000:] + done.stderr[-5000:]  # includes the seed to reproduce a failure
    assert done.returncode == 0, report
    assert "No issues found" in done.stdout, report
    for phase in ("Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in done.stdout, report  # ran and passed, not skipped
