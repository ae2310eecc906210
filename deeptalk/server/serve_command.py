"""`deeptalk serve`: the DeepTalk API over HTTP and WebSocket until SIGINT or SIGTERM (its
settings: all of the settings table)."""

from __future__ import annotations

import argparse
import sys

from .. import exits
from ..settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("serve", help="Serve the DeepTalk API (HTTP + WebSocket).")


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from ..engines.fixture.files import FixtureError
    from .serve import serve

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
