"""GGUF metadata, read without loading a model: what `deeptalk models list` shows and the engine checks."""

import struct
import subprocess
import sys

import pytest
from helpers import deeptalk

from deeptalk.engines.backends import gguf_header, model_files


def gguf(path, metadata):
    """A minimal GGUF file (no tensors) with string and integer-array metadata."""
    out = [b"GGUF", struct.pack("<IQQ", 3, 0, len(metadata))]
    for key, value in metadata.items():
        out.append(struct.pack("<Q", len(key)) + key.encode())
        if isinstance(value, str):
            out.append(struct.pack("<IQ", 8, len(value.encode())) + value.encode())
        else:
            out.append(struct.pack("<IIQ", 9, 5, len(value)) + struct.pack(f"<{len(value)}i", *value))
    path.write_bytes(b"".join(out))
    return path


def test_the_chat_template_is_read_past_other_metadata(tmp_path):
    path = gguf(
        tmp_path / "m.gguf",
        {
            "general.name": "tiny",
            "tokenizer.ggml.token_type": [1, 2, 3],
            "tokenizer.chat_template": "{{ '<|im_start|>' }}",
        },
    )
    assert model_files.chat_template_of(path) == "ChatML"


def test_a_model_without_a_chat_template_says_none(tmp_path):
    assert model_files.chat_template_of(gguf(tmp_path / "m.gguf", {"general.name": "base"})) == "none"


@pytest.mark.parametrize("content", [b"", b"GGUF", b"not a model at all"])
def test_a_file_that_is_not_gguf_is_unreadable(tmp_path, content):
    (tmp_path / "bad.gguf").write_bytes(content)
    assert model_files.chat_template_of(tmp_path / "bad.gguf") == "unreadable"


def test_truncated_metadata_is_an_error_not_a_crash(tmp_path):
    path = gguf(tmp_path / "m.gguf", {"tokenizer.chat_template": "x" * 100})
    path.write_bytes(path.read_bytes()[:-50])
    with pytest.raises(gguf_header.GGUFError):
        gguf_header.metadata(path, {"tokenizer.chat_template"})


def test_models_list_shows_path_size_sha256_and_chat_template(tmp_path):
    gguf(tmp_path / "m.gguf", {"tokenizer.chat_template": "[INST] {{ x }}"})
    done = subprocess.run(
        [sys.executable, "-m", "deeptalk", "models", "list", "--models-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = done.stdout.splitlines()[0]
    assert str(tmp_path / "m.gguf") in line and "MiB" in line and "sha256 " in line
    assert line.endswith("chat template Mistral/Llama 2")


def test_the_llama_engine_refuses_a_model_without_a_chat_template(tmp_path):
    pytest.importorskip("llama_cpp")
    gguf(tmp_path / "base.gguf", {"general.name": "base"})
    done = deeptalk(
        "serve", "--port", "0", "--engine", "llama", "--models-dir", str(tmp_path), "--data-dir", str(tmp_path / "data")
    )
    assert done.returncode != 0 and "chat template none" in done.stderr and "Traceback" not in done.stderr
