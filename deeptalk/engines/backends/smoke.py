"""`deeptalk models check` (and the end of `make llm`): does the model run on this machine?

The check runs through the same supervised model process as the server, with a prompt long
enough (at least 64 tokens) to exercise the matrix kernels that a one-token prompt never
reaches: those are the ones a build with the wrong instruction sets crashes in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ...settings import bundled
from ..model.prompts import Prompts
from ..model.strategy import strategy_version
from .build import is_portable
from .llama_process import LlamaProcess, ModelProcessError
from .model_files import Adapter, sha256_of

MIN_PROMPT_TOKENS = 64
MESSAGES = [
    {
        "role": "system",
        "content": "You are Maya Okafor, a ward nurse in a city hospital. You work twelve-hour night "
        "shifts on a surgical ward, and charting eats the time you would rather spend with "
        "patients. Answer the interviewer in the first person, in two or three honest, "
        "specific sentences.",
    },
    {
        "role": "user",
        "content": "Could you walk me through what a typical night shift looks like for you, and "
        "which part of it frustrates you the most?",
    },
]
CPU_FLAGS = (
    "sse4_2",
    "avx",
    "avx2",
    "fma",
    "f16c",
    "bmi2",
    "avx512f",
    "avx512_vnni",
    "avx512_bf16",
    "amx_tile",
    "amx_int8",
    "amx_bf16",
)


class SmokeCheckFailed(RuntimeError):
    pass


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The instruction-set flags that matter here, as this CPU advertises them."""
    try:
        line = next(line for line in cpuinfo.read_text().splitlines() if line.startswith(("flags", "Features")))
    except (OSError, StopIteration):
        return "unknown"
    advertised = set(line.split(":", 1)[1].split())
    return " ".join(flag for flag in CPU_FLAGS if flag in advertised) or "none of " + " ".join(CPU_FLAGS)


def check(
    model_path: Path,
    threads: int,
    timeout: float = 120,
    say: Callable[[str], None] = print,
    adapter: Adapter | None = None,
    adapter_note: str = "none",
) -> None:
    """Load the model (with its adapter) in a model process and run one real chat completion;
    SmokeCheckFailed names what went wrong and what to do."""
    digest = sha256_of(model_path)
    say(f"model:             {model_path} (sha256 {digest})")
    say(f"adapter:           {adapter_note}")
    say(f"this CPU:          {cpu_flags()}")
    say(f"templates:         {Prompts(bundled('templates')).version}   strategy: {strategy_version()}")
    backend = LlamaProcess(model_path, digest, threads=threads, timeout=timeout, attempts=1, adapter=adapter)
    try:
        try:
            backend.start()
            info = backend.info
            say(f"llama-cpp-python:  {info['llama_cpp_python']}")
            say(f"build:             {info['build']}")
            say(f"llama.cpp reports: {info['system_info']}")
            if not is_portable(info["build"]):
                say(
                    "warning:           not the portable x86-64-v3 build that `make llm` makes: it may crash on "
                    "other CPUs, and the same seed gives other interviews than on other machines"
                )
            completion = backend.complete(MESSAGES, seed=1, max_tokens=64, temperature=0.7, top_p=0.9, top_k=40)
        except ModelProcessError as exc:
            raise SmokeCheckFailed(
                f"{exc}. The llama.cpp build does not run on this machine. Rebuild it portably with "
                "`make llm-rebuild`; if the check still fails, report it with the output of `lscpu`."
            ) from None
    finally:
        backend.close()
    if completion.prompt_tokens < MIN_PROMPT_TOKENS:
        raise SmokeCheckFailed(
            f"the check's prompt was only {completion.prompt_tokens} tokens; it needs at least "
            f"{MIN_PROMPT_TOKENS} to exercise the matrix kernels"
        )
    rate = completion.completion_tokens / completion.seconds if completion.seconds else 0.0
    say(
        f"completion:        {completion.prompt_tokens} prompt tokens, {completion.completion_tokens} generated "
        f"in {completion.seconds:.2f} s ({rate:.0f} tokens/s with {threads} threads)"
    )
    say(f"text:              {completion.text.strip()!r}")
    say("ok: the model runs on this machine")
