"""Engine selection: `--engine auto|llama|fixture`."""
from __future__ import annotations

import logging

from ..settings import Settings
from .base import Engine
from .fixture import FixtureEngine

log = logging.getLogger("deeptalk")


class EngineUnavailable(RuntimeError):
    pass


def select_engine(settings: Settings) -> Engine:
    """Build the engine the settings ask for, and say at start-up which one and why."""
    if settings.engine == "llama":
        raise EngineUnavailable("the llama engine is not part of this version yet; use --engine fixture")
    engine = FixtureEngine(settings.fixtures_dir)
    reason = "asked for" if settings.engine == "fixture" else "auto: the llama engine is not part of this version yet"
    log.info("engine: %s (%s)", engine.describe(), reason)
    return engine


__all__ = ["Engine", "EngineUnavailable", "FixtureEngine", "select_engine"]
