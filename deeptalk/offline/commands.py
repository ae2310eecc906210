"""What the offline commands share: their engine, their personas, their errors and their output.

Imported by a command when it runs, never by `deeptalk --help` (it imports the engines)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Callable

from .. import exits
from ..engines import Engine, select_engine
from ..engines.base import EngineFailure
from ..errors import ApiError
from ..records import Persona
from ..settings import Settings
from ..validation import parse_persona
from .progress import Spinner


class UsageError(ValueError):
    pass


def persona_of(data: object, where: str) -> Persona:
    try:
        return parse_persona(data)
    except ApiError as exc:
        raise UsageError(f"{where}: {exc.message}") from None


def load_engine(settings: Settings) -> Engine:
    """The engine the settings ask for (`deeptalk serve`'s choice; the log says which and why)."""
    with Spinner("Loading the model" if settings.engine != "fixture" else "Loading the fixtures"):
        return select_engine(settings)


def write_out(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}", file=sys.stderr)


def with_engine(command: str, engine: Engine, work: Callable[[], int]) -> int:
    """Run a command's work with the engine: a model that cannot go on (its process crashed on
    every try) is one clear line and exit status 1, and the model process stops either way."""
    try:
        return work()
    except EngineFailure as exc:
        return exits.refuse(command, exc)
    finally:
        engine.close()


def read_personas(path: Path) -> list[tuple[str, dict]]:
    """(where, row) for each persona in a CSV file (by its .csv suffix) or JSON lines."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        return [(f"{path}:{number}", dict(row)) for number, row in enumerate(csv.DictReader(text.splitlines()), 2)]
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                rows.append((f"{path}:{number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{number}: not JSON ({exc})") from None
    return rows
