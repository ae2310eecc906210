"""One exit status per kind of failure, the same for every command (deeptalk/exits.py): an
engine that cannot run is 1, a bad setting or input is 2, each said in one line."""

from __future__ import annotations

import json

import pytest

from deeptalk import cli
from deeptalk.settings import PROJECT_ROOT

PERSONA = {"name": "Ana Ruiz", "role": "Ward Nurse", "industry": "Healthcare", "background": "Night shifts."}
BRIEF = "goal: Find out how nurses hand over at night.\nhypotheses:\n  - Handovers depend on memory.\n"


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "persona.json").write_text(json.dumps(PERSONA))
    (tmp_path / "people.jsonl").write_text(json.dumps(PERSONA) + "\n")
    (tmp_path / "brief.yaml").write_text(BRIEF)
    (tmp_path / "no-models").mkdir()
    return tmp_path


def command_line(command: str, folder) -> list[str]:
    """The command with what it needs besides its settings."""
    return {
        "serve": ["serve", "--port", "0", "--data-dir", str(folder / "data")],
        "simulate": ["simulate", "--persona", str(folder / "persona.json")],
        "batch": ["batch", str(folder / "people.jsonl"), "--out-dir", str(folder / "out")],
        "record": ["record", "--persona", str(folder / "persona.json"), "--out", str(folder / "rec.json")],
        "eval": ["eval", "--limit", "1", "--seeds", "1"],
        "panel": ["panel", "--personas", str(folder / "people.jsonl"), "--brief", str(folder / "brief.yaml")],
        "models check": ["models", "check"],
    }[command]


COMMANDS = ["serve", "simulate", "batch", "record", "eval", "panel", "models check"]
TAKES_ENGINE = [c for c in COMMANDS if c not in ("record", "models check")]  # those two always run llama


def run(argv: list[str], capsys) -> tuple[int, str]:
    status = cli.main(argv, environ={})
    return status, capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_an_engine_that_cannot_run_is_exit_1(command, inputs, capsys):
    engine = ["--engine", "llama"] if command in TAKES_ENGINE else []
    status, said = run([*command_line(command, inputs), *engine, "--models-dir", str(inputs / "no-models")], capsys)
    assert status == 1 and f"deeptalk {command}: " in said and "Traceback" not in said


@pytest.mark.parametrize("command", TAKES_ENGINE)
def test_a_fixtures_folder_that_is_not_there_is_exit_2(command, inputs, capsys):
    line = [*command_line(command, inputs), "--engine", "fixture", "--fixtures-dir", str(inputs / "nowhere")]
    status, said = run(line, capsys)
    assert status == 2 and f"deeptalk {command}: " in said and "Traceback" not in said


@pytest.mark.parametrize("command", ["record", "models check"])
def test_an_adapter_that_is_not_there_is_exit_2(command, inputs, capsys):
    if not (PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf").is_file():
        pytest.skip("needs the default model (make llm)")
    status, said = run([*command_line(command, inputs), "--adapter", str(inputs / "none.gguf")], capsys)
    assert status == 2 and f"deeptalk {command}: " in said


@pytest.mark.parametrize("command", COMMANDS)
def test_a_setting_that_does_not_parse_is_exit_2(command, inputs, capsys):
    status, said = run([*command_line(command, inputs), "--threads", "many"], capsys)
    assert status == 2 and "--threads" in said
