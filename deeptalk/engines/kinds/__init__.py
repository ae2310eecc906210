"""The engine registry: each module here is one `--engine` choice.

A module defines `build(settings) -> Engine` (raising EngineUnavailable with the reason when it
cannot serve) and `AUTO_ORDER`, its place in `--engine auto`'s order of preference. Its settings
are its rows in the settings table (deeptalk/settings.py, tagged with its name).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ...settings import ENGINES, Settings
from ..base import Engine


class EngineUnavailable(RuntimeError):
    """An engine cannot serve with these settings; the message says why."""


class EngineMisconfigured(EngineUnavailable):
    """A setting given explicitly for an engine cannot work (an adapter for another model):
    refused even under --engine auto, which would otherwise quietly pass to the next engine."""


def kind(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def build(settings: Settings) -> tuple[Engine, str]:
    """The engine the settings ask for and why it was chosen. auto tries each engine in its
    AUTO_ORDER and takes the first that can serve, saying why the ones before it could not."""
    if settings.engine != "auto":
        return kind(settings.engine).build(settings), "asked for"
    passed_over = []
    for module in sorted((kind(name) for name in ENGINES if name != "auto"), key=lambda m: m.AUTO_ORDER):
        try:
            engine = module.build(settings)
        except EngineMisconfigured:
            raise
        except EngineUnavailable as why:
            passed_over.append(f"not {module.__name__.rsplit('.', 1)[-1]}: {why}")
            continue
        return engine, f"auto: {'; '.join(passed_over) or 'first choice'}"
    raise EngineUnavailable("; ".join(passed_over))
