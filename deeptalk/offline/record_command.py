"""`deeptalk record`: run the llama engine once and keep the interview as a replayable fixture
(the recording itself: record.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The command's own flags; the llama engine's settings, --seed and --messages come from the settings table."""
    recorder = commands.add_parser("record", help="Run the llama engine once and save the interview as a fixture.")
    recorder.add_argument(
        "--persona", type=Path, required=True, metavar="FILE", help="JSON with the contract's persona fields"
    )
    recorder.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help="default: recorded-<role>-<seed>.json in --fixtures-dir"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """A persona file and the llama engine's settings → a fixture file."""
    from .. import exits, options
    from ..engines import llama_engine
    from ..engines.fixture import files as fixture_files
    from ..validation import parse_persona
    from .commands import with_engine
    from .record import fixture_id, record

    try:
        persona = parse_persona(json.loads(args.persona.read_text(encoding="utf-8")))
        engine = llama_engine(settings)
    except exits.expected() as exc:
        return exits.refuse("record", exc)
    seed = settings.seed
    if seed is None:  # like simulate: a new seed, said, and kept in the fixture's name and source
        seed = options.new_seed()
        print(f"seed {seed} (random; --seed {seed} records the same interview again)", file=sys.stderr)
    out = args.out or settings.fixtures_dir / f"{fixture_id(persona, seed)}.json"

    def work() -> int:
        try:
            record(engine, persona, seed, out, settings.messages)
        except fixture_files.FixtureError as exc:
            print(f"deeptalk record: the recording is not a valid fixture: {exc}", file=sys.stderr)
            return 1
        print(f"recorded {out}")
        return 0

    return with_engine("record", engine, work)
