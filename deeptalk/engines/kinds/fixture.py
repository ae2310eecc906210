"""`--engine fixture`: hand-made interviews replayed for the persona; needs no model."""

from __future__ import annotations

from ...settings import Settings
from ..fixture.engine import FixtureEngine

AUTO_ORDER = 2  # always works: the fallback


def build(settings: Settings) -> FixtureEngine:
    return FixtureEngine(settings.fixtures_dir)
