"""Engines: `--engine auto|fixture|llama|openai` (the registry: kinds/)."""

from __future__ import annotations

import logging

from ..settings import Settings
from .base import Engine
from .fixture.engine import FixtureEngine
from .kinds import EngineUnavailable, build
from .kinds.llama import usable_model

log = logging.getLogger("deeptalk")


def select_engine(settings: Settings) -> Engine:
    """Build the engine the settings ask for, and say at start-up which one and why."""
    engine, reason = build(settings)
    log.info("engine: %s (%s)", engine.describe(), reason)
    return engine


def llama_engine(settings: Settings) -> Engine:
    """The llama engine whatever --engine says (deeptalk record, benchmarks)."""
    from .kinds import llama

    return llama.build(settings)


__all__ = ["Engine", "EngineUnavailable", "FixtureEngine", "select_engine", "llama_engine", "usable_model"]
