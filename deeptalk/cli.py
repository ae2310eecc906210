"""The `deeptalk` command: one module per subcommand, each with its parser and its code side by
side (`add_parser`, `run`). The engines are imported by the commands that use them, when they
run, so that `deeptalk --help` or a bad flag answers at once."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Mapping
from types import ModuleType

from . import __version__
from .settings import COMMANDS, add_arguments, resolve

# Each subcommand's module, in the order `deeptalk --help` lists them.
SUBCOMMANDS = {
    "serve": "deeptalk.server.serve_command",
    "models": "deeptalk.offline.models_command",
    "record": "deeptalk.offline.record_command",
    "simulate": "deeptalk.offline.simulate_command",
    "batch": "deeptalk.offline.batch_command",
    "eval": "deeptalk.offline.eval_command",
    "guide": "deeptalk.offline.guide_command",
    "panel": "deeptalk.offline.panel_command",
}


def subcommand(name: str) -> ModuleType:
    return importlib.import_module(SUBCOMMANDS[name])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deeptalk", description="DeepTalk: offline, deterministic customer-discovery interviews."
    )
    parser.add_argument("--version", action="version", version=f"deeptalk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        subcommand(name).add_parser(commands)
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
    return subcommand(args.command).run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
