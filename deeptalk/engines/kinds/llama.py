"""`--engine llama`: the interview strategy over the local GGUF model, in its own process."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from ...settings import Settings
from ..backends import model_files
from ..model.strategy import ModelEngine
from . import EngineMisconfigured, EngineUnavailable

log = logging.getLogger("deeptalk")

AUTO_ORDER = 1  # the default when a model is here


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
        raise EngineUnavailable(
            f"{path.name}: chat template {template}; the llama engine needs an instruct GGUF with a chat template"
        )
    return path


def build(settings: Settings) -> ModelEngine:
    """The engine with its model process started and loaded (before the port opens)."""
    path = usable_model(settings.model, settings.models_dir)
    from ..backends.llama_process import LlamaProcess, ModelProcessError

    sha256 = model_files.sha256_of(path)
    try:
        adapter, why = model_files.choose_adapter(settings.adapter, settings.models_dir, path, sha256)
    except model_files.ModelError as exc:  # only an adapter asked for by --adapter fails here
        raise EngineMisconfigured(str(exc)) from None
    log.info("adapter: %s", why)
    backend = LlamaProcess(path, sha256, threads=settings.threads, timeout=settings.model_timeout, adapter=adapter)
    try:
        backend.start()
    except ModelProcessError as exc:
        raise EngineUnavailable(f"{exc}; `deeptalk models check` tells more") from None
    # Interviews share one model: beyond llama_queue, new ones would wait too long.
    return ModelEngine("llama", backend, settings.templates_dir, capacity=settings.llama_queue)
