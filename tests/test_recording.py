"""`deeptalk record` without a model: an engine that replays a hand-written fixture stands in
for the llama engine, so what is under test is the file handling, not the model."""

from __future__ import annotations

import copy

import pytest

from deeptalk.engines.fixture import files as fixture_files
from deeptalk.engines.fixture.engine import FixtureEngine
from deeptalk.offline.record import fixture_id, record
from deeptalk.records import Persona
from deeptalk.settings import PROJECT_ROOT

PERSONA = Persona("Ana Ruiz", "UX/UI Designer", "Software", "Designs checkout flows; handoffs to developers slip.")


class ReplayingEngine(FixtureEngine):
    """The fixture engine with a model's fingerprint; `analysis` can spoil the insights."""

    def __init__(self, spoil=None):
        super().__init__(PROJECT_ROOT / "fixtures")
        self.spoil = spoil

    def analyse(self, persona, seed, transcript):
        insights = copy.deepcopy(super().analyse(persona, seed, transcript))
        return self.spoil(insights) if self.spoil else insights

    def fingerprint(self) -> dict:
        return {
            "model": "test.gguf",
            "model_sha256": "0" * 64,
            "templates": "t",
            "strategy": "s",
            "llama_cpp_python": "0",
            "build": "x86-64-v3",
        }


def test_a_role_with_a_slash_gives_a_safe_file_name():
    assert fixture_id(PERSONA, 3) == "recorded-ux-ui-designer-3"


def test_a_valid_recording_is_written_and_loads_as_a_fixture(tmp_path):
    out = tmp_path / f"{fixture_id(PERSONA, 3)}.json"
    record(ReplayingEngine(), PERSONA, 3, out)
    assert fixture_files.load_fixture(out).recorded
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_an_invalid_recording_leaves_no_file_behind(tmp_path):
    def spoil(insights):
        insights["themes"][0]["quotes"] = ["A quote nobody said."]
        return insights

    out = tmp_path / "recorded.json"
    with pytest.raises(fixture_files.FixtureError, match="recorded.json: quote is not verbatim"):
        record(ReplayingEngine(spoil), PERSONA, 3, out)
    assert list(tmp_path.iterdir()) == []
