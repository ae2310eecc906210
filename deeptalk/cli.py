"""The `deeptalk` command."""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .engines import EngineUnavailable
from .engines.fixture.files import FixtureError
from .errors import ApiError
from .settings import PROJECT_ROOT, add_arguments, bundled, resolve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deeptalk", description="DeepTalk: offline, deterministic customer-discovery interviews."
    )
    parser.add_argument("--version", action="version", version=f"deeptalk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser("serve", help="Serve the DeepTalk API (HTTP + WebSocket).")
    add_arguments(serve)
    models = commands.add_parser("models", help="Fetch, list or check GGUF models for the llama engine.")
    models.add_argument("action", choices=["fetch", "list", "check"],
                        help="check: load the model in a model process and run one real chat completion")
    models.add_argument("--models-dir", type=Path, default=PROJECT_ROOT / "models", metavar="DIR")
    models.add_argument("--model", type=Path, default=None, metavar="PATH", help="check: default the largest")
    models.add_argument("--threads", type=int, default=None, metavar="N", help="check: default the CPUs")
    recorder = commands.add_parser("record", help="Run the llama engine once and save the interview as a fixture.")
    recorder.add_argument("--persona", type=Path, required=True, metavar="FILE",
                          help="JSON with the contract's persona fields")
    recorder.add_argument("--seed", type=int, required=True)
    recorder.add_argument("--model", type=Path, default=None, metavar="PATH")
    recorder.add_argument("--models-dir", type=Path, default=PROJECT_ROOT / "models", metavar="DIR")
    recorder.add_argument("--threads", type=int, default=None, metavar="N")
    recorder.add_argument("--out", type=Path, default=None, metavar="FILE",
                          help="default: fixtures/recorded-<role>-<seed>.json")
    simulate = commands.add_parser("simulate", help="Run one interview in the terminal, no server needed.")
    for field in ("name", "role", "industry", "background"):
        simulate.add_argument(f"--{field}", default=None)
    simulate.add_argument("--persona", type=Path, default=None, metavar="FILE",
                          help="JSON with the contract's persona fields (instead of --name ...)")
    simulate.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    simulate.add_argument("--out", type=Path, default=None, metavar="FILE", help="write the result here")
    _engine_arguments(simulate)
    batch = commands.add_parser("batch", help="Run interviews for many personas; a JSON and Markdown report each.")
    batch.add_argument("file", type=Path, help="personas as JSON lines or CSV (name, role, industry, background"
                                               "[, seed])")
    batch.add_argument("--out-dir", type=Path, default=Path("reports"), metavar="DIR")
    _engine_arguments(batch)
    from .offline.eval_command import add_parser as add_eval

    add_eval(commands, _engine_arguments)
    return parser


# The server's settings that choose and configure the engine, for the commands without a server.
ENGINE_SETTINGS = ("engine", "model", "models_dir", "threads", "model_timeout", "llm_url", "llm_model",
                   "llm_concurrency", "llm_timeout")


def _engine_arguments(parser: argparse.ArgumentParser, with_seed: bool = True) -> None:
    if with_seed:
        parser.add_argument("--seed", type=int, default=None, help="the same seed gives the same interview")
    parser.add_argument("--messages", type=int, default=None, help="an even number from 10 to 20")
    add_arguments(parser, ENGINE_SETTINGS)


def run_record(args: argparse.Namespace) -> int:
    from .engines import llama_engine
    from .offline.commands import with_engine
    from .offline.record import fixture_id, record
    from .settings import Settings
    from .validation import parse_persona

    try:
        persona = parse_persona(json.loads(args.persona.read_text(encoding="utf-8")))
        overrides = {"model": args.model, "models_dir": args.models_dir}
        engine = llama_engine(Settings.defaults(**overrides, **({"threads": args.threads} if args.threads else {})))
    except (OSError, ValueError, ApiError, EngineUnavailable) as exc:
        print(f"deeptalk record: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return 2
    out = args.out or bundled("fixtures") / f"{fixture_id(persona, args.seed)}.json"

    def work() -> int:
        try:
            record(engine, persona, args.seed, out)
        except FixtureError as exc:
            print(f"deeptalk record: the recording is not a valid fixture: {exc}", file=sys.stderr)
            return 1
        print(f"recorded {out}")
        return 0

    return with_engine("record", engine, work)


def run_models(args: argparse.Namespace) -> int:
    from .engines.backends import model_files

    if args.action == "fetch":
        try:
            model_files.fetch(args.models_dir)
        except model_files.ModelError as exc:
            print(f"deeptalk models fetch: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.action == "check":
        return run_models_check(args)
    found = model_files.find(args.models_dir)
    if not found:
        print(f"no GGUF models in {args.models_dir} (deeptalk models fetch puts the default one there)")
    chosen = model_files.choose(None, args.models_dir)
    for path in found:
        mark = "*" if path == chosen else " "
        size = path.stat().st_size / 2**20
        print(f"{mark} {path}  {size:,.1f} MiB  sha256 {model_files.sha256_of(path)[:12]}  "
              f"chat template {model_files.chat_template_of(path)}")
    if chosen:
        print("* the model the llama engine uses without --model (the largest)")
    return 0


def run_models_check(args: argparse.Namespace) -> int:
    from .engines import usable_model
    from .engines.backends import smoke
    from .settings import Settings

    try:
        path = usable_model(args.model, args.models_dir)
    except EngineUnavailable as exc:
        print(f"deeptalk models check: {exc}", file=sys.stderr)
        return 2
    try:
        smoke.check(path, args.threads or Settings.defaults().threads)
    except smoke.SmokeCheckFailed as exc:
        print(f"deeptalk models check: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


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
    # The HTTP library under the model-server client logs every request at INFO; the client's own
    # "Retrying request" lines and the runner's failures are what the log needs.
    for noisy in ("httpx", "httpx2", "httpcore", "httpcore2"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    from .server.serve import serve

    try:
        asyncio.run(serve(settings))
    except EngineUnavailable as exc:  # the engine asked for cannot serve: a runtime failure, not a usage error
        print(f"deeptalk serve: {exc}", file=sys.stderr)
        return 1
    except FixtureError as exc:
        print(f"deeptalk serve: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"deeptalk serve: cannot start: {exc}", file=sys.stderr)
        return 1
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from .offline.commands import simulate_command

    return simulate_command(args)


def run_batch(args: argparse.Namespace) -> int:
    from .offline.commands import batch_command

    return batch_command(args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return run_serve(args)
    if args.command == "models":
        return run_models(args)
    if args.command == "record":
        return run_record(args)
    if args.command == "simulate":
        return run_simulate(args)
    if args.command == "batch":
        return run_batch(args)
    if args.command == "eval":
        from .offline.eval_command import run as run_eval

        return run_eval(args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
