"""The adapter's training pipeline end to end on a tiny corpus, so that it cannot rot: train a few
steps (training/train.py in the training environment), convert to a GGUF adapter, check the
manifest, load it with the default model, and see the model answer differently with it.

`make test` builds the training environment and names it (TRAINING_PYTHON, LLAMA_CPP_SOURCE)."""

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from model_support import MODEL, NURSE, require_model

from deeptalk import corpus
from deeptalk.engines.backends import model_files
from deeptalk.settings import PROJECT_ROOT

# Each training loads the model and converts its adapter: minutes on a busy 2-core machine.
pytestmark = [pytest.mark.model, pytest.mark.timeout(900)]
require_model()

TRAINING_PYTHON = os.environ.get("TRAINING_PYTHON")
LLAMA_CPP_SOURCE = os.environ.get("LLAMA_CPP_SOURCE")
if not (TRAINING_PYTHON and LLAMA_CPP_SOURCE):
    pytest.skip("make test names the training environment (make train-env)", allow_module_level=True)


def train(corpus_file: Path, out: Path, *options: str) -> None:
    done = subprocess.run(
        [
            TRAINING_PYTHON,
            str(PROJECT_ROOT / "training" / "train.py"),
            *("--corpus", str(corpus_file), "--base", str(MODEL), "--out", str(out), "--llama-cpp", LLAMA_CPP_SOURCE),
            *("--accumulate", "1", "--warmup", "1", "--rank", "8", "--seed", "7", *options),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]


def tensors_digest(adapter: Path) -> str:
    """A digest of the adapter's tensor values alone (its metadata names the converter's scratch
    folder; an optimizer step of size 0 may turn -0.0 into 0.0), read by gguf in the training
    environment."""
    script = (
        "import hashlib, sys; from gguf import GGUFReader; h = hashlib.sha256()\n"
        "for t in GGUFReader(sys.argv[1]).tensors:\n"
        "    h.update(t.name.encode()); h.update((t.data.astype('float32') + 0.0).tobytes())\n"
        "print(h.hexdigest())"
    )
    done = subprocess.run([TRAINING_PYTHON, "-c", script, str(adapter)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    tiny = tmp_path_factory.mktemp("corpus") / "tiny.jsonl"
    lines = (corpus.training_dir() / "corpus" / "batch-01.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    tiny.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tiny


@pytest.fixture(scope="module")
def trained(tmp_path_factory, tiny_corpus) -> Path:
    out = tmp_path_factory.mktemp("training") / "adapter"
    train(tiny_corpus, out, "--max-steps", "4", "--lr", "2e-3")
    return out


def test_training_writes_an_adapter_and_its_manifest(trained):
    manifest = json.loads((trained / model_files.ADAPTER_MANIFEST).read_text())
    adapter = trained / model_files.ADAPTER_FILE
    assert manifest["base_sha256"] == model_files.DEFAULT_MODEL.sha256
    assert manifest["adapter_sha256"] == hashlib.sha256(adapter.read_bytes()).hexdigest()
    assert manifest["corpus_records"] == 2 and manifest["hyperparameters"]["steps"] == 4
    assert manifest["hyperparameters"]["tasks"] == ["facts", "reply", "ask"]
    assert manifest["tokens_seen"] > 0 and manifest["loss_final"] > 0 and manifest["seed"] == 7


def test_the_adapter_loads_on_its_base_model_and_changes_what_it_says(trained):
    from deeptalk.engines.backends.llama_model import LocalModel

    adapter = model_files.load_adapter(trained / model_files.ADAPTER_FILE, MODEL, model_files.DEFAULT_MODEL.sha256)
    messages = [
        {"role": "system", "content": f"You are {NURSE['name']}, {NURSE['role']}. {NURSE['background']}"},
        {"role": "user", "content": "What did last week look like for you?"},
    ]
    call = {"seed": 11, "max_tokens": 24, "temperature": 0.0}
    bare = LocalModel(MODEL, threads=2, context=1024).complete(messages, **call)["text"]
    tuned = LocalModel(MODEL, threads=2, context=1024, adapter_path=adapter.path).complete(messages, **call)["text"]
    assert tuned != bare


def test_an_adapter_for_another_base_model_is_refused_with_one_line(trained):
    with pytest.raises(model_files.ModelError) as refused:
        model_files.load_adapter(trained / model_files.ADAPTER_FILE, MODEL, "0" * 64)
    assert "\n" not in str(refused.value) and "--adapter none" in str(refused.value)


def test_training_can_start_from_an_adapter_and_records_it(trained, tiny_corpus, tmp_path):
    # With a learning rate of 0 nothing moves: the adapter read back and written again is the same
    # tensor for tensor, so the reading inverts the converter (q and k rows included).
    out = tmp_path / "again"
    train(tiny_corpus, out, "--max-steps", "1", "--lr", "0", "--init-from", str(trained / model_files.ADAPTER_FILE))
    assert tensors_digest(out / model_files.ADAPTER_FILE) == tensors_digest(trained / model_files.ADAPTER_FILE)
    manifest = json.loads((out / model_files.ADAPTER_MANIFEST).read_text())
    first = json.loads((trained / model_files.ADAPTER_MANIFEST).read_text())
    assert manifest["init"]["adapter_sha256"] == first["adapter_sha256"]
    assert "--init-from" in manifest["command"] and LLAMA_CPP_SOURCE not in manifest["command"]
