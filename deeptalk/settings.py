"""Every configurable value, declared once: name, default, help, parser.

Each setting is a `--flag` and an environment variable `DEEPTALK_<NAME>`, the same for every
subcommand that takes it (COMMANDS says which do); a flag beats the environment, which beats the
default. A secret (an API key) is only an environment variable: no flag to leak it into shell
history or `ps`, and never in a repr. Settings are read once, at start-up, and passed down;
nothing else reads the environment.
"""

from __future__ import annotations

import argparse
import os
import pkgutil
from dataclasses import dataclass, field, make_dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from . import options

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """A folder the package reads at run time ("templates", "fixtures"): inside the package when
    installed from a wheel or `pip install .`, at the repository's top level in a checkout or an
    editable install."""
    inside = Path(__file__).resolve().parent / name  # where setup.cfg installs it
    return inside if inside.is_dir() else PROJECT_ROOT / name


# The engines are the modules of deeptalk/engines/kinds/ (a new engine is one module there plus
# its rows below); listed without importing them, so settings stay free of engine code.
ENGINES = (
    "auto",
    *sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent / "engines" / "kinds")])
        if not m.name.startswith("_")
    ),
)


def parse_pace(text: str) -> tuple[float, float]:
    """`1.5,3.0` -> (1.5, 3.0); `2` -> (2.0, 2.0); `0` -> no delay."""
    parts = [part.strip() for part in str(text).split(",")]
    try:
        values = [float(part) for part in parts]
        return options.check_pace(values if len(values) > 1 else values[0])
    except ValueError as exc:
        raise ValueError(f"pace {exc} (SECONDS or MIN,MAX), got {text!r}") from None


def parse_origins(text: str) -> tuple[str, ...]:
    return tuple(origin.strip().rstrip("/") for origin in str(text).split(",") if origin.strip())


def _number(convert: Callable[[str], Any], text: str, wanted: str) -> Any:
    try:
        return convert(str(text).strip())
    except ValueError:
        raise ValueError(f"must be {wanted}, got {text!r}") from None


def parse_port(text: str) -> int:
    port = _number(int, text, "a port number, 0-65535")
    if not 0 <= port <= 65535:
        raise ValueError(f"port must be 0-65535 (0 picks a free one), got {text}")
    return port


def _optional(name: str, check: Callable[[Any], Any], convert: Callable[[str], Any] = int) -> Callable[[str], Any]:
    """A parser for a setting that may be left empty (no default), checked like a request option."""

    def parse(text: str) -> Any:
        if str(text).strip() == "":
            return None
        try:
            try:
                value = convert(str(text).strip())
            except ValueError:
                value = str(text)  # not a number: the check refuses it in its own words
            return check(value)
        except ValueError as exc:
            raise ValueError(f"{name} {exc}, got {text!r}") from None

    return parse


parse_seed = _optional("seed", options.check_seed)
parse_messages = _optional("messages", options.check_messages)
parse_scenario = _optional("scenario", options.check_scenario, str)


def parse_adapter(text: str) -> Path | str | None:
    """A path, `none` (the bare model), or empty (the project's adapter when it fits the model)."""
    text = str(text).strip()
    if not text:
        return None
    return "none" if text.lower() == "none" else Path(text)


def parse_engine(text: str) -> str:
    if text not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {text!r}")
    return text


LOG_LEVELS = ("debug", "info", "warning", "error")


def parse_log_level(text: str) -> str:
    """`info` -> "INFO" (the logging module's name); anything else is refused by name."""
    if str(text).strip().lower() not in LOG_LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LOG_LEVELS)}, got {text!r}")
    return str(text).strip().upper()


def parse_rate_limit(text: str) -> tuple[float, int]:
    """`60` -> 60 per minute, burst 60; `60,20` -> burst 20; `0` -> off (0, 0)."""
    parts = [part.strip() for part in str(text).split(",")]
    try:
        per_minute = float(parts[0])
        burst = int(parts[1]) if len(parts) > 1 else max(1, int(per_minute))
    except (ValueError, IndexError):
        raise ValueError(f"rate limit must be PER_MINUTE[,BURST] or 0, got {text!r}") from None
    if len(parts) > 2 or per_minute < 0 or burst < 1:
        raise ValueError(f"rate limit must be PER_MINUTE[,BURST] with BURST >= 1, or 0, got {text!r}")
    return (0.0, 0) if per_minute == 0 else (per_minute, burst)


def parse_positive(text: str) -> float:
    value = _number(float, text, "a positive number")
    if not 0 < value < float("inf"):
        raise ValueError(f"must be a positive number, got {text}")
    return value


def parse_url(text: str) -> str:
    url = str(text).strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        raise ValueError(f"must be an http:// or https:// URL, got {text!r}")
    return url


def parse_positive_int(text: str) -> int:
    value = _number(int, text, "a positive whole number")
    if value <= 0:
        raise ValueError(f"must be a positive whole number, got {text}")
    return value


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str
    metavar: str | None = None
    engine: str | None = None  # the engine this setting belongs to (its --help group); None: all
    secret: bool = False  # only from the environment: no flag, never shown or logged

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env_var(self) -> str:
        return "DEEPTALK_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Address to listen on.", metavar="ADDR"),
    Setting("port", "8000", "Port to listen on; 0 picks a free one (the log says which).", parse_port),
    Setting(
        "engine",
        "auto",
        f"{' | '.join(ENGINES)}. auto: openai when --llm-url is given and answers, "
        "else llama when a model is usable, else fixture.",
        parse_engine,
    ),
    Setting(
        "model",
        "",
        "GGUF model for the llama engine (default: the largest in --models-dir).",
        lambda text: Path(text) if str(text).strip() else None,
        "PATH",
        engine="llama",
    ),
    Setting(
        "adapter",
        "",
        "LoRA adapter (GGUF, with its manifest.json beside it) loaded with the model, or none for the bare "
        "model (default: <models-dir>/adapter/adapter.gguf when it was trained for the model in use).",
        parse_adapter,
        "PATH|none",
        engine="llama",
    ),
    Setting(
        "models_dir", str(PROJECT_ROOT / "models"), "Where GGUF models are looked for.", Path, "DIR", engine="llama"
    ),
    Setting(
        "threads",
        str(max(1, os.cpu_count() or 1)),
        "CPU threads for the model.",
        parse_positive_int,
        "N",
        engine="llama",
    ),
    Setting(
        "model_timeout",
        "120",
        "Seconds one model call may take; a model process that does not answer "
        "in time is killed and restarted, like one that crashed.",
        parse_positive,
        "SECONDS",
        engine="llama",
    ),
    Setting(
        "llama_queue",
        "8",
        "Most interviews the llama engine runs at once (they share one model); more get 503.",
        parse_positive_int,
        "N",
        engine="llama",
    ),
    Setting(
        "llm_url",
        "",
        "Base URL of an OpenAI-compatible model server (Ollama, llama-server, vLLM, "
        "LM Studio), e.g. http://localhost:11434/v1.",
        parse_url,
        "URL",
        engine="openai",
    ),
    Setting(
        "llm_model",
        "",
        "The model the server is asked for (default: the only one it serves).",
        metavar="NAME",
        engine="openai",
    ),
    Setting(
        "llm_concurrency",
        "4",
        "Most model calls in flight to the model server at once.",
        parse_positive_int,
        "N",
        engine="openai",
    ),
    Setting(
        "llm_timeout",
        "60",
        "Seconds one call to the model server may take before it is tried again.",
        parse_positive,
        "SECONDS",
        engine="openai",
    ),
    Setting("llm_api_key", "", "API key sent to the model server, if it wants one.", engine="openai", secret=True),
    Setting("data_dir", "./data", "Where interviews are stored (TinyDB files).", Path, "DIR"),
    Setting(
        "fixtures_dir",
        str(bundled("fixtures")),
        "Fixture interviews for the fixture engine.",
        Path,
        "DIR",
    ),
    Setting("templates_dir", str(bundled("templates")), "Jinja2 prompt templates for the model engines.", Path, "DIR"),
    Setting(
        "pace",
        "1.5,3.0",
        "Seconds between messages: MIN,MAX (seeded), one number, or 0 for none.",
        parse_pace,
        "MIN,MAX",
    ),
    Setting(
        "messages",
        "",
        "Messages per interview (even, 10-20) unless a request gives its own (default: the engine's own length).",
        parse_messages,
        "N",
    ),
    Setting(
        "scenario",
        "",
        "Scenario for every interview whose request gives none: ws-error-after:N, "
        "abrupt-close-after:N, insights-error or slow-start:S (see the README).",
        parse_scenario,
        "NAME",
    ),
    Setting(
        "seed",
        "",
        "Seed for every interview unless a request gives its own; the same seed gives the "
        "same interview (default: a random seed each, shown).",
        parse_seed,
        "N",
    ),
    Setting(
        "cors_origins",
        "http://localhost:5173,http://127.0.0.1:5173",
        "Comma-separated origins allowed by CORS and for WebSockets.",
        parse_origins,
        "LIST",
    ),
    Setting(
        "insights_wait", "30", "Seconds GET /insights waits for an analysis still running.", parse_positive, "SECONDS"
    ),
    Setting("max_body", "16384", "Largest request body in bytes; larger gets 413.", parse_positive_int, "BYTES"),
    Setting(
        "rate_limit",
        "600,300",
        "Interview starts per client address: PER_MINUTE[,BURST]; 0 turns it off.",
        parse_rate_limit,
        "N[,BURST]",
    ),
    Setting(
        "max_panel_interviews",
        "50",
        "Most interviews in one panel (personas x seeds); more get 400.",
        parse_positive_int,
        "N",
    ),
    Setting("max_active", "2000", "Most interviews in progress at once; more get 503.", parse_positive_int, "N"),
    Setting("max_sockets", "5000", "Most WebSocket streams open at once; more get 503.", parse_positive_int, "N"),
    Setting(
        "max_sockets_per_interview", "32", "Most WebSocket streams open on one interview.", parse_positive_int, "N"
    ),
    Setting(
        "send_timeout",
        "30",
        "Seconds a stream frame may wait on a client that does not read; then it is disconnected.",
        parse_positive,
        "SECONDS",
    ),
    Setting("log_level", "info", f"{' | '.join(LOG_LEVELS)}.", parse_log_level, "LEVEL"),
)


# The settings each subcommand takes (serve: all of them). A command reads only its own rows from
# the environment; the others keep their defaults, so a DEEPTALK_PORT meant for the server never
# stops `deeptalk simulate`.
# An engine's rows (its `engine=` group) go to every command that runs that engine, so a new
# engine's settings reach them too; these few are the server's alone.
SERVER_ONLY = ("llama_queue",)  # interviews at once: there is one at a time without a server


def _engine_rows(engine: str | None = None) -> tuple[str, ...]:
    """The settings of `engine` (of every engine when None), as a command without a server takes them."""
    return tuple(
        s.name
        for s in SETTINGS
        if s.engine is not None and s.engine == (engine or s.engine) and s.name not in SERVER_ONLY
    )


ENGINE_SETTINGS = ("engine", *_engine_rows(), "fixtures_dir", "templates_dir")
LLAMA_SETTINGS = (*_engine_rows("llama"), "fixtures_dir", "templates_dir")
COMMANDS: dict[str, tuple[str, ...]] = {
    "serve": tuple(s.name for s in SETTINGS),
    "simulate": (*ENGINE_SETTINGS, "seed", "messages", "log_level"),
    "batch": (*ENGINE_SETTINGS, "seed", "messages", "log_level"),  # a persona's own seed beats --seed
    "eval": (*ENGINE_SETTINGS, "messages", "log_level"),  # its seeds are --seeds
    "panel": (*ENGINE_SETTINGS, "messages", "max_panel_interviews", "log_level"),  # its seeds are --seeds
    "record": (*LLAMA_SETTINGS, "seed", "messages", "log_level"),  # always the llama engine
    "models": (*_engine_rows("llama"), "log_level"),
    "guide": ("log_level",),
}


def _defaults(cls: type, **overrides: Any) -> Any:
    values = {s.name: s.parse(s.default) for s in SETTINGS}
    return cls(**{**values, **overrides})


# The settings a run uses: one attribute per row of SETTINGS, so a row is all a new setting needs.
Settings = make_dataclass(
    "Settings",
    [(s.name, Any, field(repr=not s.secret)) for s in SETTINGS],
    frozen=True,
    namespace={"defaults": classmethod(_defaults), "__doc__": "The resolved value of every setting."},
)


def add_arguments(parser: argparse.ArgumentParser, names: tuple[str, ...] | None = None) -> None:
    """A flag for each setting (or those named); engine settings in a group per engine."""
    groups: dict[str | None, Any] = {None: parser}
    for setting in SETTINGS:
        if setting.secret or (names is not None and setting.name not in names):
            continue
        if setting.engine not in groups:
            secrets = [
                f"{s.env_var}: {s.help} Environment only; never shown or logged."
                for s in SETTINGS
                if s.secret and s.engine == setting.engine
            ]
            groups[setting.engine] = parser.add_argument_group(f"{setting.engine} engine", " ".join(secrets) or None)
        groups[setting.engine].add_argument(
            setting.flag,
            dest=setting.name,
            default=None,
            metavar=setting.metavar,
            help=f"{setting.help} [env {setting.env_var}; default {setting.default or 'none'}]",
        )


def resolve(
    args: argparse.Namespace, environ: Mapping[str, str] | None = None, names: tuple[str, ...] | None = None
) -> Settings:
    """Flag, else environment, else default; each parsed by its setting. ValueError names the culprit.
    With `names` (a command's settings), the others are their defaults, whatever the environment says."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        taken = names is None or setting.name in names
        raw = None if setting.secret or not taken else getattr(args, setting.name, None)
        source = setting.flag
        if raw is None and taken:
            raw, source = environ.get(setting.env_var), setting.env_var
        if raw is None:
            raw, source = setting.default, "default"
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ValueError(f"{source}: {exc}") from None
    return Settings(**values)
