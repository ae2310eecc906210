"""GGUF metadata, read without loading a model: what `deeptalk models list` shows and the engine checks."""

import json
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


# -- the adapter ----------------------------------------------------------------------------------
def adapter_for(folder, base_sha256, kind="adapter"):
    """A GGUF adapter (metadata only) with its manifest naming the base model it was trained on."""
    folder.mkdir(parents=True, exist_ok=True)
    path = gguf(folder / model_files.ADAPTER_FILE, {"general.type": kind, "adapter.type": "lora"})
    manifest = {"base_model": "base.gguf", "base_sha256": base_sha256}
    (folder / model_files.ADAPTER_MANIFEST).write_text(json.dumps(manifest))
    return path


def stale_manifest(adapter):
    """The adapter's manifest as an older training run left it: another adapter's sha256."""
    manifest_path = adapter.parent / model_files.ADAPTER_MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "adapter_sha256": "0" * 64}))
    return adapter


@pytest.fixture
def model(tmp_path):
    path = gguf(tmp_path / "base.gguf", {"tokenizer.chat_template": "{{ x }}"})
    return path, model_files.sha256_of(path)


def test_the_projects_adapter_is_used_when_it_was_trained_for_the_model(tmp_path, model):
    path, sha = model
    adapter_for(tmp_path / model_files.ADAPTER_FOLDER, sha)
    adapter, why = model_files.choose_adapter(None, tmp_path, path, sha)
    assert adapter.path == model_files.default_adapter(tmp_path) and "(default)" in why
    assert adapter.fingerprint() == {"adapter": "adapter.gguf", "adapter_sha256": model_files.sha256_of(adapter.path)}


def test_the_projects_adapter_is_skipped_with_the_reason_for_another_model(tmp_path, model):
    path, sha = model
    adapter_for(tmp_path / model_files.ADAPTER_FOLDER, "f" * 64)
    adapter, why = model_files.choose_adapter(None, tmp_path, path, sha)
    assert adapter is None and "was trained for base.gguf" in why


def test_adapter_none_runs_the_bare_model_and_no_adapter_file_says_how_to_build_one(tmp_path, model):
    path, sha = model
    assert model_files.choose_adapter("none", tmp_path, path, sha)[0] is None
    adapter, why = model_files.choose_adapter(None, tmp_path, path, sha)
    assert adapter is None and "make adapter" in why


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda folder: adapter_for(folder, "f" * 64), "was trained for base.gguf"),
        (lambda folder: adapter_for(folder, "", kind="model"), "not an adapter"),
        (lambda folder: gguf(folder / "loose.gguf", {"general.type": "adapter"}), "no readable manifest.json"),
        (lambda folder: folder / "missing.gguf", "no such file"),
        (lambda folder: stale_manifest(adapter_for(folder, "")), "describes another adapter file"),
    ],
)
def test_an_adapter_asked_for_that_cannot_serve_this_model_is_refused_in_one_line(tmp_path, model, make, message):
    path, sha = model
    folder = tmp_path / "mine"
    folder.mkdir()
    with pytest.raises(model_files.ModelError) as refused:
        model_files.choose_adapter(make(folder), tmp_path, path, sha)
    assert message in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("engine", ["llama", "auto"])
def test_serve_refuses_an_adapter_for_another_model_with_one_line(tmp_path, model, engine):
    pytest.importorskip("llama_cpp")
    path, _ = model
    other = adapter_for(tmp_path / "other", "f" * 64)
    done = deeptalk(
        "serve", "--port", "0", "--engine", engine, "--model", str(path), "--adapter", str(other),
        "--data-dir", str(tmp_path / "data"),
    )  # fmt: skip
    assert done.returncode != 0 and "was trained for base.gguf" in done.stderr and "Traceback" not in done.stderr
