"""`--engine openai`: the interview strategy over a model on an OpenAI-compatible server."""

from __future__ import annotations

import importlib.util
import logging

from ...settings import Settings
from ..model.strategy import ModelEngine
from . import EngineUnavailable

AUTO_ORDER = 0  # a server the user pointed at is their choice of model: first when given

log = logging.getLogger("deeptalk")


def build(settings: Settings) -> ModelEngine:
    """The engine once the server has answered and serves the model, or why not."""
    if not settings.llm_url:
        raise EngineUnavailable("no model server given (--llm-url)")
    if importlib.util.find_spec("openai") is None:
        raise EngineUnavailable("the openai package is not installed (pip install -e '.[openai]')")
    from ..backends.openai_server import ModelServerUnavailable, OpenAIServer

    backend = OpenAIServer(
        settings.llm_url,
        settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
        concurrency=settings.llm_concurrency,
    )
    try:
        for line in backend.start():
            log.info("%s", line)
    except ModelServerUnavailable as exc:
        backend.close()
        raise EngineUnavailable(str(exc)) from None
    # No capacity of its own: the model server queues and batches what it is sent.
    return ModelEngine("openai", backend, settings.templates_dir, capacity=None)
