"""Read a GGUF file's metadata (name, chat template) without loading the model or llama_cpp.

The header is: magic, version, tensor count, key/value count, then typed key/value pairs
(https://github.com/ggml-org/ggml/blob/master/docs/gguf.md). Only the metadata is read.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any, BinaryIO

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9


class GGUFError(ValueError):
    pass


def _read(handle: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize(fmt)
    data = handle.read(size)
    if len(data) != size:
        raise GGUFError("the file ends inside its metadata")
    return struct.unpack(fmt, data)[0]


def _string(handle: BinaryIO) -> str:
    length = _read(handle, "<Q")
    data = handle.read(length)
    if len(data) != length:
        raise GGUFError("the file ends inside its metadata")
    return data.decode("utf-8", errors="replace")


def _value(handle: BinaryIO, kind: int, keep: bool) -> Any:
    if kind in _SCALARS:
        return _read(handle, _SCALARS[kind])
    if kind == _STRING:
        return _string(handle)
    if kind == _ARRAY:
        item_kind, count = _read(handle, "<I"), _read(handle, "<Q")
        if item_kind in _SCALARS and not keep:  # e.g. token scores: skip without decoding
            handle.seek(count * struct.calcsize(_SCALARS[item_kind]), 1)
            return None
        items = [_value(handle, item_kind, keep) for _ in range(count)]
        return items if keep else None
    raise GGUFError(f"unknown metadata value type {kind}")


def metadata(path: Path, keys: set[str]) -> dict[str, Any]:
    """The values of `keys` found in the GGUF file's metadata."""
    found: dict[str, Any] = {}
    with open(path, "rb") as handle:
        if handle.read(4) != b"GGUF":
            raise GGUFError(f"{path} is not a GGUF file")
        version = _read(handle, "<I")
        if version < 2:
            raise GGUFError(f"GGUF version {version} is too old")
        _read(handle, "<Q")  # tensor count
        for _ in range(_read(handle, "<Q")):
            key = _string(handle)
            value = _value(handle, _read(handle, "<I"), keep=key in keys)
            if key in keys:
                found[key] = value
                if len(found) == len(keys):
                    break
    return found


def chat_template_family(template: str | None) -> str:
    """A short name for a chat template, for listings."""
    if not template:
        return "none"
    for marker, family in (
        ("<|im_start|>", "ChatML"),
        ("<|start_header_id|>", "Llama 3"),
        ("<start_of_turn>", "Gemma"),
        ("[INST]", "Mistral/Llama 2"),
        ("<|user|>", "Zephyr/Phi"),
        ("<|User|>", "DeepSeek"),
    ):
        if marker in template:
            return family
    return "custom"
