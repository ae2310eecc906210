"""The `deeptalk` command. The engines are imported by the commands that use them, so that
`deeptalk --help` or a bad flag answers at once."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping
from pathlib import Path

from . import __version__, exits
from .contract import PERSONA_FIELDS
from .settings import COMMANDS, Settings, add_arguments, resolve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deeptalk", description="DeepTalk: offline, deterministic customer-discovery interviews."
    )
    parser.add_argument("--version", action="version", version=f"deeptalk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("serve", help="Serve the DeepTalk API (HTTP + WebSocket).")
    models = commands.add_parser("models", help="Fetch, list or check GGUF models for the llama engine.")
    models.add_argument(
        "action",
        choices=["fetch", "list", "check"],
        help="check: load the model in a model process and run one real chat completion",
    )
    recorder = commands.add_parser("record", help="Run the llama engine once and save the interview as a fixture.")
    recorder.add_argument(
        "--persona", type=Path, required=True, metavar="FILE", help="JSON with the contract's persona fields"
    )
    recorder.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help="default: recorded-<role>-<seed>.json in --fixtures-dir"
    )
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
    batch = commands.add_parser("batch", help="Run interviews for many personas; a JSON and Markdown report each.")
    batch.add_argument(
        "file", type=Path, help="personas as JSON lines or CSV (name, role, industry, background[, seed])"
    )
    batch.add_argument("--out-dir", type=Path, default=Path("reports"), metavar="DIR")
    from .offline.eval_command import add_parser as add_eval

    add_eval(commands)
    from .offline.guide_command import add_parser as add_guide
    from .offline.panel_command import add_parser as add_panel

    add_guide(commands)
    add_panel(commands)
    for name, command in commands.choices.items():  # the shared settings: the same flags, variables and help
        add_arguments(command, COMMANDS[name])
    return parser


def configure_logging(level: str, command: str = "serve") -> None:
    # A server's log wants times; a command in a terminal (simulate, batch, ...) plain lines.
    form = "%(asctime)s %(levelname)s %(name)s: %(message)s" if command == "serve" else "%(message)s"
    logging.basicConfig(level=level, format=form, stream=sys.stderr)
    # The HTTP library under the model-server client logs every request at INFO; the client's own
    # "Retrying request" lines and the runner's failures are what the log needs.
    for noisy in ("httpx", "httpx2", "httpcore", "httpcore2"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def run_record(args: argparse.Namespace, settings: Settings) -> int:
    from .offline.record import record_command

    return record_command(args, settings)


def run_models(args: argparse.Namespace, settings: Settings) -> int:
    from .engines.backends import model_files

    if args.action == "fetch":
        try:
            model_files.fetch(settings.models_dir)
        except model_files.ModelError as exc:
            print(f"deeptalk models fetch: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.action == "check":
        return run_models_check(settings)
    found = model_files.find(settings.models_dir)
    if not found:
        print(f"no GGUF models in {settings.models_dir} (deeptalk models fetch puts the default one there)")
    chosen = model_files.choose(None, settings.models_dir)
    for path in found:
        mark = "*" if path == chosen else " "
        size = path.stat().st_size / 2**20
        print(
            f"{mark} {path}  {size:,.1f} MiB  sha256 {model_files.sha256_of(path)[:12]}  "
            f"chat template {model_files.chat_template_of(path)}"
        )
    if chosen:
        print("* the model the llama engine uses without --model (the largest)")
        try:
            _, note = model_files.choose_adapter(
                settings.adapter, settings.models_dir, chosen, model_files.sha256_of(chosen)
            )
        except model_files.ModelError as exc:
            note = f"refused: {exc}"
        print(f"adapter: {note}")
    return 0


def run_models_check(settings: Settings) -> int:
    from .engines import usable_model
    from .engines.backends import model_files, smoke

    try:
        path = usable_model(settings.model, settings.models_dir)
        adapter, note = model_files.choose_adapter(
            settings.adapter, settings.models_dir, path, model_files.sha256_of(path)
        )
        smoke.check(path, settings.threads, settings.model_timeout, adapter=adapter, adapter_note=note)
    except exits.expected() as exc:
        return exits.refuse("models check", exc)
    return exits.OK


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from .engines.fixture.files import FixtureError
    from .server.serve import serve

    try:
        asyncio.run(serve(settings))
    except FixtureError as exc:
        return exits.refuse("serve", exc)
    except OSError as exc:  # the port is taken, the data folder cannot be written: it could not run
        print(f"deeptalk serve: cannot start: {exc}", file=sys.stderr)
        return exits.FAILED
    except exits.expected() as exc:
        return exits.refuse("serve", exc)
    return exits.OK


def run_simulate(args: argparse.Namespace, settings: Settings) -> int:
    from .offline.commands import simulate_command

    return simulate_command(args, settings)


def run_batch(args: argparse.Namespace, settings: Settings) -> int:
    from .offline.commands import batch_command

    return batch_command(args, settings)


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    from .offline.eval_command import run

    return run(args, settings)


def run_panel(args: argparse.Namespace, settings: Settings) -> int:
    from .offline.panel_command import run

    return run(args, settings)


def run_guide(args: argparse.Namespace, settings: Settings) -> int:
    from .offline.guide_command import run

    return run(args, settings)


RUN = {
    "serve": run_serve,
    "models": run_models,
    "record": run_record,
    "simulate": run_simulate,
    "batch": run_batch,
    "eval": run_eval,
    "guide": run_guide,
    "panel": run_panel,
}


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:  # the command's settings: flag, else DEEPTALK_* variable, else default; one line if one is bad
        settings = resolve(args, environ, COMMANDS[args.command])
    except ValueError as exc:
        print(f"deeptalk {args.command}: {exc}", file=sys.stderr)
        return 2
    if "log_level" in COMMANDS[args.command]:
        configure_logging(settings.log_level, args.command)
    return RUN[args.command](args, settings)


if __name__ == "__main__":
    sys.exit(main())
