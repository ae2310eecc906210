"""What a llama.cpp build can do, read from llama.cpp's system-info line (no native code here).

The features in that line are compile-time ones: they say which kernels this build runs, and
so which floating-point sums it makes. Builds at the same level give the same numbers on any
CPU that runs them; a GGML_NATIVE build has the level of the CPU that compiled it.
"""

from __future__ import annotations

import re

# Entries of the system-info line that are not instruction sets.
_NOT_ISA = {"LLAMAFILE", "OPENMP", "REPACK", "ACCELERATE", "KLEIDIAI", "BLAS"}
_X86_64_V3 = {"AVX", "AVX2", "FMA", "F16C", "BMI2"}
PORTABLE = "x86-64-v3"


def isa_features(system_info: str) -> list[str]:
    """Instruction sets the build was compiled with, e.g. ['AVX', 'AVX2', 'BMI2', 'F16C', 'FMA', ...]."""
    enabled = re.findall(r"\b([A-Z][A-Z0-9_]*) = 1\b", system_info)
    return sorted({name for name in enabled if name not in _NOT_ISA})


def isa_level(system_info: str) -> str:
    """A one-line name for the build's level: 'x86-64-v3 (AVX AVX2 ...)', 'x86-64-v4 ...',
    or, for anything else, its features."""
    features = isa_features(system_info)
    listed = " ".join(features)
    if any(name.startswith("AMX") for name in features):
        return f"x86-64 with AMX ({listed})"
    if any(name.startswith("AVX512") for name in features):
        return f"x86-64-v4 ({listed})"
    if _X86_64_V3 <= set(features):
        return f"{PORTABLE} ({listed})"
    return f"other ({listed or 'no SIMD'})"


def is_portable(level: str) -> bool:
    return level.startswith(PORTABLE + " ")
