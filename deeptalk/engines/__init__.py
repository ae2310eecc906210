"""Engine selection: `--engine auto|llama|fixture`."""
from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from .. import model_files
from ..settings import PROJECT_ROOT, Settings
from .base import Engine
from .fixture import FixtureEngine

log = logging.getLogger("deeptalk")


class EngineUnavailable(RuntimeError):
    pass


def usable_model(model: Path | None, models_dir: Path) -> Path:
    """The GGUF the llama engine would run, or EngineUnavailable saying why there is none.
    llama_cpp is looked for, not imported: native code runs only in the model process."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise EngineUnavailable("llama-cpp-python is not installed (make llm)")
    try:
        path = model_files.choose(model, models_dir)
    except model_files.ModelError as exc:
        raise EngineUnavailable(str(exc)) from None
    if path is None:
        raise EngineUnavailable(f"no GGUF model in {models_dir} (deeptalk models fetch)")
    template = model_files.chat_template_of(path)
    if template in ("none", "unreadable"):
        raise EngineUnavailable(f"{path.name}: chat template {template}; the llama engine needs an instruct "
                                "GGUF with a chat template")
    return path


def llama_engine(settings: Settings) -> Engine:
    """The model engine with its model process started and loaded (before the port opens),
    or a clear reason why not."""
    path = usable_model(settings.model, settings.models_dir)
    from .backends.llama_process import LlamaProcess, ModelProcessError
    from .llama import LlamaEngine

    backend = LlamaProcess(path, model_files.sha256_of(path), threads=settings.threads,
                           timeout=settings.model_timeout)
    try:
        backend.start()
    except ModelProcessError as exc:
        raise EngineUnavailable(f"{exc}; `deeptalk models check` tells more") from None
    return LlamaEngine(backend, PROJECT_ROOT / "templates", settings.llama_queue)


def select_engine(settings: Settings) -> Engine:
    """Build the engine the settings ask for, and say at start-up which one and why.
    auto: the llama engine when llama-cpp-python imports and a model is found, else fixtures."""
    if settings.engine == "llama":
        engine, reason = llama_engine(settings), "asked for"
    elif settings.engine == "fixture":
        engine, reason = FixtureEngine(settings.fixtures_dir), "asked for"
    else:
        try:
            engine, reason = llama_engine(settings), "auto: llama-cpp-python and a model are here"
        except EngineUnavailable as why:
            engine, reason = FixtureEngine(settings.fixtures_dir), f"auto: {why}"
    log.info("engine: %s (%s)", engine.describe(), reason)
    return engine


__all__ = ["Engine", "EngineUnavailable", "FixtureEngine", "select_engine"]
