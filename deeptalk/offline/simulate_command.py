"""`deeptalk simulate`: one interview in the terminal, no server needed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..contract import PERSONA_FIELDS
from ..settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The command's own flags; the engine settings, --seed and --messages come from the settings table."""
    simulate = commands.add_parser("simulate", help="Run one interview in the terminal, no server needed.")
    for field in PERSONA_FIELDS:
        simulate.add_argument(f"--{field}", default=None)
    simulate.add_argument(
        "--persona",
        type=Path,
        default=None,
        metavar="FILE",
        help="JSON with the contract's persona fields (instead of --name ...)",
    )
    simulate.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    simulate.add_argument("--out", type=Path, default=None, metavar="FILE", help="write the result here")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from .. import exits, options
    from .commands import load_engine, persona_of, with_engine

    try:
        if args.persona:
            data = json.loads(args.persona.read_text(encoding="utf-8"))
            persona = persona_of(data, str(args.persona))
        else:
            persona = persona_of(
                {f: getattr(args, f) for f in PERSONA_FIELDS},
                "--name, --role, --industry and --background",
            )
        engine = load_engine(settings)
    except exits.expected() as exc:
        return exits.refuse("simulate", exc)
    seed = settings.seed if settings.seed is not None else options.new_seed()
    return with_engine("simulate", engine, lambda: _simulate(args, engine, persona, seed, settings.messages))


def _simulate(args: argparse.Namespace, engine, persona, seed: int, messages: int | None) -> int:
    from ..conversation import analyse, converse
    from . import reports
    from .commands import write_out
    from .progress import Spinner
    from .simulation import Simulation

    live = args.format == "text" and args.out is None  # show each message as it is generated
    style = reports.Style(live and sys.stdout.isatty())

    def show(message):
        if live:
            sys.stdout.write(reports.message_line(message, persona.name, style))
            sys.stdout.flush()

    if live:
        print(style("heading", f"{persona.name}, {persona.role} ({persona.industry})") + style("dim", f"  seed {seed}"))
    transcript = converse(engine, persona, seed, messages, show)
    with Spinner("Drawing insights from the transcript"):
        insights = analyse(engine, persona, seed, transcript)
    simulation = Simulation(persona, seed, transcript, insights, engine.notes(persona, seed))
    if live:
        sys.stdout.write("\n" + reports.insights_text(insights, style))
    elif args.format == "text":
        write_out(reports.text(simulation, reports.Style(False)), args.out)
    elif args.format == "json":
        write_out(reports.as_json(simulation), args.out)
    else:
        write_out(reports.markdown(simulation), args.out)
    return 0
