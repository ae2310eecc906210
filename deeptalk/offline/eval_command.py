"""`deeptalk eval`: the engine over a persona set and seeds; a table per interview and overall."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import exits
from ..corpus import training_dir
from ..errors import ApiError
from ..settings import Settings, parse_seed

DEFAULT_PERSONAS = training_dir() / "heldout"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The command's own flags; the engine settings and --messages come from the settings table."""
    parser = commands.add_parser("eval", help="Measure an engine's interviews over a persona set (see the README).")
    parser.add_argument(
        "--personas",
        type=Path,
        default=DEFAULT_PERSONAS,
        metavar="FILE",
        help="a JSON list of personas, or corpus records (.jsonl or a folder of them) "
        "(default: the held-out set, training/heldout/, which training never reads)",
    )
    parser.add_argument("--seeds", default="1,2,3", metavar="LIST", help="comma-separated seeds (default 1,2,3)")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N personas")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="also write every interview, its insights and scores here (JSON)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from . import eval_table, evaluation, scoring
    from .commands import load_engine, with_engine

    try:
        personas = evaluation.load_personas(args.personas)[: args.limit]
        seeds = [parse_seed(seed) for seed in args.seeds.split(",") if seed.strip()]
        engine = load_engine(settings)
    except ApiError as exc:  # a persona the start request would refuse
        print(f"deeptalk eval: {args.personas}: {exc.message}", file=sys.stderr)
        return exits.USAGE
    except exits.expected() as exc:
        return exits.refuse("eval", exc)

    def work() -> int:
        graded = []
        for persona in personas:
            for seed in seeds:
                run = evaluation.run_interview(engine, persona, seed, settings.messages)
                graded.append(scoring.grade(run))
                print(
                    f"  {persona.name} seed {seed}: {len(run.turns)} messages"
                    f"{' FAILED ' + run.failure if run.failure else ''}",
                    file=sys.stderr,
                )
        rows, total = [g.row() for g in graded], scoring.overall(graded)
        missed = scoring.missed_targets(total)
        if args.out:
            args.out.write_text(
                json.dumps(
                    [
                        {
                            "persona": r.persona.as_dict(),
                            "seed": r.seed,
                            "failure": r.failure,
                            "facts": r.facts,
                            "messages": [
                                {"agent": t.agent, "message": t.message, "provenance": t.provenance} for t in r.turns
                            ],
                            "insights": r.insights,
                            "scores": row,
                        }
                        for r, row in zip((g.run for g in graded), rows, strict=True)
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        if args.format == "json":
            print(
                json.dumps(
                    {
                        "interviews": rows,
                        "overall": total,
                        "missed": missed,
                        "missed_timings": scoring.missed_timings(total),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            sys.stdout.write(eval_table.table(rows, total))
        return 1 if missed else 0

    return with_engine("eval", engine, work)
