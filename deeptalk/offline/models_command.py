"""`deeptalk models`: fetch, list or check the GGUF models (and the adapter) of the llama engine."""

from __future__ import annotations

import argparse
import sys

from .. import exits
from ..settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The command's own argument; the llama engine's settings come from the settings table."""
    models = commands.add_parser("models", help="Fetch, list or check GGUF models for the llama engine.")
    models.add_argument(
        "action",
        choices=["fetch", "list", "check"],
        help="check: load the model in a model process and run one real chat completion",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..engines.backends import model_files

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
    from ..engines import usable_model
    from ..engines.backends import model_files, smoke

    try:
        path = usable_model(settings.model, settings.models_dir)
        adapter, note = model_files.choose_adapter(
            settings.adapter, settings.models_dir, path, model_files.sha256_of(path)
        )
        smoke.check(path, settings.threads, settings.model_timeout, adapter=adapter, adapter_note=note)
    except exits.expected() as exc:
        return exits.refuse("models check", exc)
    return exits.OK
