"""`deeptalk panel` on the fixture engine: the synthesis files, resuming, and what it refuses."""

from __future__ import annotations

import json

import pytest

from deeptalk import cli

PERSONAS = [
    {"name": "Tom Becker", "role": "Ward Nurse", "industry": "Healthcare", "background": "Night shifts on a ward."},
    {"name": "Lena Ortiz", "role": "Logistics Manager", "industry": "Logistics", "background": "Runs 30 drivers."},
    {"name": "Mia Chen", "role": "Indie Game Developer", "industry": "Games", "background": "Ships puzzle games."},
]
BRIEF = """goal: Find out where frontline workers lose time to tools and paperwork.
hypotheses:
  - Handovers depend on memory and lose important details.
  - text: Marketing a game is harder than making it.
    topic: marketing
"""


@pytest.fixture
def inputs(tmp_path):
    personas = tmp_path / "personas.jsonl"
    personas.write_text("".join(json.dumps(p) + "\n" for p in PERSONAS))
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF)
    return personas, brief


def panel(inputs, out, *extra: str) -> int:
    personas, brief = inputs
    argv = ["panel", "--personas", str(personas), "--brief", str(brief), "--engine", "fixture", "--out", str(out)]
    return cli.main([*argv, *extra], environ={})


def test_a_panel_writes_its_synthesis_as_json_markdown_and_html(inputs, tmp_path):
    assert panel(inputs, tmp_path / "out", "--seeds", "1,2") == 0
    synthesis = json.loads((tmp_path / "out" / "synthesis.json").read_text())
    assert len(synthesis["interviews"]) == 6 and synthesis["seeds"] == [1, 2]
    assert synthesis["banner"] in (tmp_path / "out" / "synthesis.md").read_text()
    page = (tmp_path / "out" / "synthesis.html").read_text()
    assert page.lower().startswith("<!doctype html>") and synthesis["brief"]["goal"] in page


def test_the_same_panel_gives_the_same_synthesis_byte_for_byte(inputs, tmp_path):
    assert panel(inputs, tmp_path / "a") == 0 and panel(inputs, tmp_path / "b") == 0
    for name in ("synthesis.json", "synthesis.md", "synthesis.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_an_interrupted_panel_resumes_without_rerunning_finished_interviews(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    assert panel(inputs, out) == 0
    first = (out / "synthesis.json").read_bytes()
    kept, lost = sorted((out / "interviews").glob("*.json"))[:2]
    kept.write_text(kept.read_text().replace('"seed": 1', '"seed": 1 '))  # marked: a rerun would rewrite it
    marked = kept.read_bytes()
    lost.unlink()
    capsys.readouterr()
    assert panel(inputs, out) == 0
    assert "resuming: 2 of 3 interviews already done" in capsys.readouterr().err
    assert kept.read_bytes() == marked and lost.exists()
    assert (out / "synthesis.json").read_bytes() == first


def test_a_folder_holding_another_panel_is_refused(inputs, tmp_path, capsys):
    assert panel(inputs, tmp_path / "out") == 0
    assert panel(inputs, tmp_path / "out", "--seeds", "2") == 2
    assert "holds a panel with other seeds" in capsys.readouterr().err


def test_a_guide_the_linter_flags_is_refused_unless_allowed(inputs, tmp_path, capsys):
    _, brief = inputs
    brief.write_text(BRIEF + "guide:\n  - Would you pay for an app that tracks handovers?\n")
    assert panel(inputs, tmp_path / "out") == 2
    assert "hypothetical" in capsys.readouterr().err
    assert panel(inputs, tmp_path / "out", "--allow-lint-errors") == 0


def test_a_panel_over_the_interview_limit_is_refused(inputs, tmp_path, capsys):
    assert panel(inputs, tmp_path / "out", "--seeds", "1,2", "--max-panel-interviews", "5") == 2
    assert "at most 5" in capsys.readouterr().err


def test_a_bad_brief_is_refused_naming_the_field(inputs, tmp_path, capsys):
    _, brief = inputs
    brief.write_text("goal: Too short\nhypotheses:\n  - Handovers depend on memory.\n")
    assert panel(inputs, tmp_path / "out") == 2
    assert "brief.goal" in capsys.readouterr().err


def test_a_stored_interview_that_is_unreadable_is_run_again(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    assert panel(inputs, out) == 0
    first = (out / "synthesis.json").read_bytes()
    broken = sorted((out / "interviews").glob("*.json"))[0]
    broken.write_text("null")
    capsys.readouterr()
    assert panel(inputs, out) == 0
    assert "resuming: 2 of 3" in capsys.readouterr().err
    assert json.loads(broken.read_text())["status"] == "completed"
    assert (out / "synthesis.json").read_bytes() == first
