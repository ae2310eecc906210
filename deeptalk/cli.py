"""The `deeptalk` command."""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from . import __version__
from .engines import EngineUnavailable
from .fixtures import FixtureError
from .settings import add_arguments, resolve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deeptalk", description="DeepTalk: offline, deterministic customer-discovery interviews."
    )
    parser.add_argument("--version", action="version", version=f"deeptalk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", help="Serve the DeepTalk API (HTTP + WebSocket).")
    add_arguments(serve)
    return parser


def run_serve(args: argparse.Namespace) -> int:
    try:
        settings = resolve(args)
    except ValueError as exc:
        print(f"deeptalk serve: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    from .server import serve

    try:
        asyncio.run(serve(settings))
    except (EngineUnavailable, FixtureError) as exc:
        print(f"deeptalk serve: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"deeptalk serve: cannot start: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return run_serve(args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
