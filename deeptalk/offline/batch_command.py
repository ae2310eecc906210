"""`deeptalk batch`: interviews for many personas, a JSON and a Markdown report each, and an index."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The command's own flags; the engine settings, --seed and --messages come from the settings table."""
    batch = commands.add_parser("batch", help="Run interviews for many personas; a JSON and Markdown report each.")
    batch.add_argument(
        "file", type=Path, help="personas as JSON lines or CSV (name, role, industry, background[, seed])"
    )
    batch.add_argument("--out-dir", type=Path, default=Path("reports"), metavar="DIR")


def _row_seed(value: object, where: str) -> int | None:
    from .. import options
    from ..settings import parse_seed
    from .commands import UsageError

    """A persona row's own seed: text in a CSV (parsed as --seed is), a number in JSON lines."""
    try:
        return parse_seed(value) if isinstance(value, str) else None if value is None else options.check_seed(value)
    except ValueError as exc:
        raise UsageError(f"{where}: seed {str(exc).removeprefix('seed ')}") from None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "persona"


def run(args: argparse.Namespace, settings: Settings) -> int:
    from .. import exits
    from .commands import UsageError, load_engine, persona_of, read_personas, with_engine

    try:
        jobs = []
        for where, row in read_personas(args.file):
            if not isinstance(row, dict):
                raise UsageError(f"{where}: a persona must be an object")
            row_seed = _row_seed(row.get("seed"), where)
            jobs.append((persona_of(row, where), settings.seed if row_seed is None else row_seed))
        if not jobs:
            raise UsageError(f"{args.file}: no personas")
        engine = load_engine(settings)
    except exits.expected() as exc:
        return exits.refuse("batch", exc)
    return with_engine("batch", engine, lambda: _batch(args, engine, jobs, settings.messages))


def _batch(args: argparse.Namespace, engine, jobs: list, messages: int | None) -> int:
    from .. import options
    from . import reports
    from .progress import bar
    from .simulation import simulate

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
