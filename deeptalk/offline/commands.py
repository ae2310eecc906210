"""`deeptalk simulate` and `deeptalk batch`: interviews in this process, for demos without a server."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Callable

from .. import contract, exits, options
from ..conversation import analyse, converse
from ..engines import Engine, select_engine
from ..engines.base import EngineFailure
from ..errors import ApiError
from ..records import Persona
from ..settings import Settings, parse_seed
from ..validation import parse_persona
from . import reports
from .progress import Spinner, bar
from .simulation import Simulation, simulate


class UsageError(ValueError):
    pass


def _persona(data: object, where: str) -> Persona:
    try:
        return parse_persona(data)
    except ApiError as exc:
        raise UsageError(f"{where}: {exc.message}") from None


def load_engine(settings: Settings) -> Engine:
    """The engine the settings ask for (`deeptalk serve`'s choice; the log says which and why)."""
    with Spinner("Loading the model" if settings.engine != "fixture" else "Loading the fixtures"):
        return select_engine(settings)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}", file=sys.stderr)


def simulate_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.persona:
            data = json.loads(args.persona.read_text(encoding="utf-8"))
            persona = _persona(data, str(args.persona))
        else:
            persona = _persona(
                {f: getattr(args, f) for f in contract.PERSONA_FIELDS},
                "--name, --role, --industry and --background",
            )
        engine = load_engine(settings)
    except exits.expected() as exc:
        return exits.refuse("simulate", exc)
    seed = settings.seed if settings.seed is not None else options.new_seed()
    return with_engine("simulate", engine, lambda: _simulate(args, engine, persona, seed, settings.messages))


def with_engine(command: str, engine: Engine, work: Callable[[], int]) -> int:
    """Run a command's work with the engine: a model that cannot go on (its process crashed on
    every try) is one clear line and exit status 1, and the model process stops either way."""
    try:
        return work()
    except EngineFailure as exc:
        return exits.refuse(command, exc)
    finally:
        engine.close()


def _simulate(args: argparse.Namespace, engine: Engine, persona: Persona, seed: int, messages: int | None) -> int:
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
        _write(reports.text(simulation, reports.Style(False)), args.out)
    elif args.format == "json":
        _write(reports.as_json(simulation), args.out)
    else:
        _write(reports.markdown(simulation), args.out)
    return 0


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


def _row_seed(value: object, where: str) -> int | None:
    """A persona row's own seed: text in a CSV (parsed as --seed is), a number in JSON lines."""
    try:
        return parse_seed(value) if isinstance(value, str) else None if value is None else options.check_seed(value)
    except ValueError as exc:
        raise UsageError(f"{where}: seed {str(exc).removeprefix('seed ')}") from None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "persona"


def batch_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        jobs = []
        for where, row in read_personas(args.file):
            if not isinstance(row, dict):
                raise UsageError(f"{where}: a persona must be an object")
            row_seed = _row_seed(row.get("seed"), where)
            jobs.append((_persona(row, where), settings.seed if row_seed is None else row_seed))
        if not jobs:
            raise UsageError(f"{args.file}: no personas")
        engine = load_engine(settings)
    except exits.expected() as exc:
        return exits.refuse("batch", exc)
    return with_engine("batch", engine, lambda: _batch(args, engine, jobs, settings.messages))


def _batch(
    args: argparse.Namespace, engine: Engine, jobs: list[tuple[Persona, int | None]], messages: int | None
) -> int:
    args.out_dir.mkdir(parents=True, exist_ok=True)
    index = []
    for number, (persona, job_seed) in enumerate(jobs, 1):
        bar(number - 1, len(jobs), persona.name)
        simulation = simulate(engine, persona, job_seed if job_seed is not None else options.new_seed(), messages)
        stem = f"{number:03d}-{_slug(persona.name)}"
        (args.out_dir / f"{stem}.json").write_text(reports.as_json(simulation), encoding="utf-8")
        (args.out_dir / f"{stem}.md").write_text(reports.markdown(simulation), encoding="utf-8")
        index.append(
            {
                "persona": persona.as_dict(),
                "seed": simulation.seed,
                "json": f"{stem}.json",
                "markdown": f"{stem}.md",
                "summary": simulation.insights["summary"],
                "mood": f"{simulation.insights['moodEmoji']} {simulation.insights['overallMood']}",
            }
        )
    bar(len(jobs), len(jobs), "done")
    (args.out_dir / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n", "utf-8")
    lines = ["# Interviews", "", "| # | persona | seed | mood | summary | reports |", "|---|---|---|---|---|---|"]
    for number, entry in enumerate(index, 1):
        who = f"{entry['persona']['name']}, {entry['persona']['role']}".replace("|", "/")
        lines.append(
            f"| {number} | {who} | {entry['seed']} | {entry['mood']} | "
            f"{entry['summary'].replace('|', '/')} | [md]({entry['markdown']}) [json]({entry['json']}) |"
        )
    (args.out_dir / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(index)} interviews: {args.out_dir / 'index.md'}", file=sys.stderr)
    return 0
