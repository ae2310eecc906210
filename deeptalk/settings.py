"""Every configurable value, declared once: name, default, help, parser.

Each setting is a `deeptalk serve --flag` and an environment variable `DEEPTALK_<NAME>`;
a flag beats the environment, which beats the default. Settings are read once, at start-up,
and passed down; nothing else reads the environment.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from . import controls

ENGINES = ("auto", "llama", "fixture")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def parse_pace(text: str) -> tuple[float, float]:
    """`1.5,3.0` -> (1.5, 3.0); `2` -> (2.0, 2.0); `0` -> no delay."""
    parts = [part.strip() for part in str(text).split(",")]
    try:
        values = [float(part) for part in parts]
        return controls.check_pace(values if len(values) > 1 else values[0])
    except ValueError as exc:
        raise ValueError(f"pace {exc} (SECONDS or MIN,MAX), got {text!r}") from None


def parse_origins(text: str) -> tuple[str, ...]:
    return tuple(origin.strip().rstrip("/") for origin in str(text).split(",") if origin.strip())


def parse_port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise ValueError(f"port must be 0-65535 (0 picks a free one), got {text}")
    return port


def _optional(name: str, check: Callable[[Any], Any], convert: Callable[[str], Any] = int) -> Callable[[str], Any]:
    """A parser for a setting that may be left empty (no default), checked like a request option."""
    def parse(text: str) -> Any:
        if str(text).strip() == "":
            return None
        try:
            return check(convert(str(text).strip()))
        except ValueError as exc:
            raise ValueError(f"{name} {exc}, got {text!r}") from None
    return parse


parse_seed = _optional("seed", controls.check_seed)
parse_messages = _optional("messages", controls.check_messages)
parse_scenario = _optional("scenario", controls.check_scenario, str)


def parse_engine(text: str) -> str:
    if text not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {text!r}")
    return text


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
    value = float(text)
    if value <= 0:
        raise ValueError(f"must be a positive number, got {text}")
    return value


def parse_positive_int(text: str) -> int:
    value = int(text)
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

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env_var(self) -> str:
        return "DEEPTALK_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Address to listen on.", metavar="ADDR"),
    Setting("port", "8000", "Port to listen on; 0 picks a free one (the log says which).", parse_port),
    Setting("engine", "auto", "auto | llama | fixture. auto: llama when a model is usable, else fixture.",
            parse_engine),
    Setting("model", "", "GGUF model for the llama engine (default: the largest in --models-dir).",
            lambda text: Path(text) if str(text).strip() else None, "PATH"),
    Setting("models_dir", str(PROJECT_ROOT / "models"), "Where GGUF models are looked for.", Path, "DIR"),
    Setting("threads", str(max(1, os.cpu_count() or 1)), "CPU threads for the model.", parse_positive_int, "N"),
    Setting("model_timeout", "120", "Seconds one model call may take; a model process that does not answer "
            "in time is killed and restarted, like one that crashed.", parse_positive, "SECONDS"),
    Setting("llama_queue", "8", "Most interviews the llama engine runs at once (they share one model); "
            "more get 503.", parse_positive_int, "N"),
    Setting("data_dir", "./data", "Where interviews are stored (TinyDB files).", Path, "DIR"),
    Setting("fixtures_dir", str(PROJECT_ROOT / "fixtures"), "Fixture interviews for the fixture engine.",
            Path, "DIR"),
    Setting("pace", "1.5,3.0", "Seconds between messages: MIN,MAX (seeded), one number, or 0 for none.",
            parse_pace, "MIN,MAX"),
    Setting("messages", "", "Messages per interview (even, 10-20) when a request gives none (default: the "
            "engine's own length).", parse_messages, "N"),
    Setting("scenario", "", "Scenario for every interview whose request gives none: ws-error-after:N, "
            "abrupt-close-after:N, insights-error or slow-start:S (see the README).", parse_scenario, "NAME"),
    Setting("seed", "", "Seed for every interview whose request gives none (default: a random seed each).",
            parse_seed, "N"),
    Setting("cors_origins", "http://localhost:5173,http://127.0.0.1:5173",
            "Comma-separated origins allowed by CORS and for WebSockets.", parse_origins, "LIST"),
    Setting("insights_wait", "30", "Seconds GET /insights waits for an analysis still running.",
            parse_positive, "SECONDS"),
    Setting("max_body", "16384", "Largest request body in bytes; larger gets 413.", parse_positive_int,
            "BYTES"),
    Setting("rate_limit", "600,300", "Interview starts per client address: PER_MINUTE[,BURST]; 0 turns it off.",
            parse_rate_limit, "N[,BURST]"),
    Setting("max_active", "2000", "Most interviews in progress at once; more get 503.", parse_positive_int, "N"),
    Setting("max_sockets", "5000", "Most WebSocket streams open at once; more get 503.", parse_positive_int, "N"),
    Setting("max_sockets_per_interview", "32", "Most WebSocket streams open on one interview.",
            parse_positive_int, "N"),
    Setting("send_timeout", "30", "Seconds a stream frame may wait on a client that does not read; then it "
            "is disconnected.", parse_positive, "SECONDS"),
    Setting("log_level", "info", "debug | info | warning | error.", str.upper, "LEVEL"),
)


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    engine: str
    model: Path | None
    models_dir: Path
    threads: int
    model_timeout: float
    llama_queue: int
    data_dir: Path
    fixtures_dir: Path
    pace: tuple[float, float]
    messages: int | None
    scenario: controls.Scenario | None
    seed: int | None
    cors_origins: tuple[str, ...]
    insights_wait: float
    max_body: int
    rate_limit: tuple[float, int]
    max_active: int
    max_sockets: int
    max_sockets_per_interview: int
    send_timeout: float
    log_level: str

    @classmethod
    def defaults(cls, **overrides: Any) -> "Settings":
        values = {s.name: s.parse(s.default) for s in SETTINGS}
        return cls(**{**values, **overrides})


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS], "SETTINGS and Settings disagree"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for setting in SETTINGS:
        parser.add_argument(
            setting.flag,
            dest=setting.name,
            default=None,
            metavar=setting.metavar,
            help=f"{setting.help} [env {setting.env_var}; default {setting.default or 'none'}]",
        )


def resolve(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Settings:
    """Flag, else environment, else default; each parsed by its setting. ValueError names the culprit."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        raw = getattr(args, setting.name, None)
        source = setting.flag
        if raw is None:
            raw, source = environ.get(setting.env_var), setting.env_var
        if raw is None:
            raw, source = setting.default, "default"
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ValueError(f"{source}: {exc}") from None
    return Settings(**values)
