"""What the tests with the real default model share (make llm installs both)."""

from __future__ import annotations

import importlib.util

import pytest

from deeptalk.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
NURSE = {
    "name": "Maya Okafor",
    "role": "Ward Nurse",
    "industry": "Healthcare",
    "background": "Twelve-hour night shifts on a surgical ward; charting eats time meant for patients.",
}


def require_model() -> None:
    """Skip the calling test module unless llama-cpp-python and the default model are here."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("make llm installs llama-cpp-python", allow_module_level=True)
    if not MODEL.exists():
        pytest.skip("make llm fetches the default model", allow_module_level=True)


# A structured-output schema like the ones the strategy has used: arrays, bounded strings.
THEMES_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["themes", "emotionalJourney"],
    "properties": {
        "themes": {
            "type": "array",
            "minItems": 3,
            "maxItems": 3,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["theme", "emotionalTone"],
                "properties": {
                    "theme": {"type": "string", "minLength": 1, "maxLength": 32},
                    "emotionalTone": {"type": "string", "minLength": 1, "maxLength": 16},
                },
            },
        },
        "emotionalJourney": {
            "type": "array",
            "minItems": 5,
            "maxItems": 5,
            "items": {"type": "string", "minLength": 1, "maxLength": 16},
        },
    },
}
