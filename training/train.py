"""Train the DeepTalk LoRA adapter on the corpus, on the CPU, and write it as a GGUF adapter with
its manifest. `make adapter` runs this in the training environment (.venv-train).

    python training/train.py [--corpus DIR] [--base GGUF] [--out DIR] [--epochs N] [--seed N] ...

Data flow: corpus records -> the adapter's three tasks as chat messages (deeptalk.engines.model.tasks,
the same messages the engine sends) -> tokens, with the loss on the model's turns only -> LoRA on
the base model (transformers loads the shipped GGUF, dequantized) -> peft adapter ->
llama.cpp's convert_lora_to_gguf.py -> <out>/adapter.gguf + <out>/manifest.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # deeptalk from this checkout, as the engine that will use the adapter

from deeptalk import corpus  # noqa: E402
from deeptalk.engines.backends.model_files import sha256_of  # noqa: E402
from deeptalk.engines.model import tasks  # noqa: E402
from deeptalk.engines.model.prompts import Prompts  # noqa: E402

TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
TASK_TEMPLATES = ("customer_facts.j2", "customer_reply.j2", "interviewer_ask.j2")
TASKS = ("facts", "reply", "ask")
ADAPTER_FILE = "adapter.gguf"
MANIFEST_FILE = "manifest.json"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train the DeepTalk LoRA adapter on the corpus (CPU).")
    parser.add_argument("--corpus", type=Path, default=ROOT / "training" / "corpus", help="corpus folder or file")
    parser.add_argument("--base", type=Path, default=ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf")
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "adapter", help="folder for adapter + manifest")
    parser.add_argument("--templates", type=Path, default=ROOT / "templates")
    parser.add_argument("--llama-cpp", type=Path, required=True, help="llama.cpp source folder (the converter)")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many optimizer steps (0: epochs)")
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--alpha", type=int, default=32)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--accumulate", type=int, default=4, help="sequences per optimizer step")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up steps")
    parser.add_argument("--max-tokens", type=int, default=1024, help="longest training sequence")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument(
        "--init-from",
        type=Path,
        default=None,
        help="start from this GGUF adapter's weights (same base, rank and alpha) instead of zero",
    )
    parser.add_argument(
        "--tasks",
        default=",".join(TASKS),
        help=f"the tasks to learn, comma-separated (default: all of {', '.join(TASKS)}; the first adapter "
        "learned facts,reply)",
    )
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    return parser.parse_args(argv)


def corpus_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def conversations(records: list[corpus.Record], prompts: Prompts, learned: tuple[str, ...] = TASKS) -> list[list[dict]]:
    """Each record as a chat conversation per task learned (the fact sheet, the customer's answers,
    the interviewer's questions), in that order, whose assistant turns are what the model learns."""
    found = []
    for record in records:
        sheet = tasks.fact_sheet(record.facts, record.data["stance"])
        turns = [(turn["agent"], turn["message"]) for turn in record.interview]
        if "facts" in learned:
            found.append([*tasks.facts_messages(prompts, record.persona), {"role": "assistant", "content": sheet}])
        if "reply" in learned:
            found.append(tasks.reply_messages(prompts, record.persona, sheet, turns))
        if "ask" in learned:
            moves = [turn["move"] for turn in record.interview if turn["agent"] == "interviewer"]
            found.append(tasks.ask_messages(prompts, record.persona, turns, moves))
    return found


def tokenize(tokenizer, messages: list[dict], max_tokens: int) -> tuple[list[int], list[int]]:
    """Token ids and labels: the assistant turns (their end-of-turn token included) are learned,
    everything else is context (-100). Rendered with the model's own chat template, as
    llama-cpp-python renders it at run time."""
    text = tokenizer.apply_chat_template(messages, tokenize=False)
    spans = []
    for index, message in enumerate(messages):
        if message["role"] == "assistant":
            prefix = tokenizer.apply_chat_template(messages[:index], add_generation_prompt=True, tokenize=False)
            whole = tokenizer.apply_chat_template(messages[: index + 1], tokenize=False)
            if not (whole.startswith(prefix) and text.startswith(whole)):
                raise RuntimeError("the chat template does not extend the prompt with each answer")
            spans.append((len(prefix), len(whole)))
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = encoded["input_ids"]
    labels = [
        token if any(start <= begin < end for start, end in spans) else -100
        for token, (begin, _) in zip(ids, encoded["offset_mapping"], strict=True)
    ]
    return ids[:max_tokens], labels[:max_tokens]


def save_base_for_converter(model, tokenizer, folder: Path) -> None:
    """The converter reads the base model's config and tokenizer only; a GGUF-loaded model
    refuses save_pretrained, so the config is written by hand (no quantization_config)."""
    config = model.config.to_dict()
    config.pop("quantization_config", None)
    config["architectures"] = ["LlamaForCausalLM"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    tokenizer.save_pretrained(folder)


def convert(llama_cpp: Path, base_dir: Path, adapter_dir: Path, outfile: Path) -> None:
    script = llama_cpp / "convert_lora_to_gguf.py"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(llama_cpp / "gguf-py"), str(llama_cpp)])}
    subprocess.run(
        [
            sys.executable,
            str(script),
            "--base",
            str(base_dir),
            "--outfile",
            str(outfile),
            "--outtype",
            "f16",
            str(adapter_dir),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


# llama.cpp's converter names each LoRA pair after the GGUF tensor it adapts.
GGUF_MODULES = {
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}


def unpermute(weight, heads: int):
    """The converter reorders q and k rows for llama.cpp's rotary layout; this is its inverse."""
    rows = weight.shape[0]
    return weight.reshape(heads, rows // heads // 2, 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


def load_gguf_adapter(model, path: Path, rank: int, alpha: int) -> dict:
    """Copy a GGUF adapter's LoRA pairs into the peft model; returns the adapter's manifest
    (beside it) or its sha256 alone, for the new manifest's record of where training began."""
    import torch
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    field = reader.fields.get("adapter.lora.alpha")
    found_alpha = float(field.parts[field.data[0]][0]) if field is not None else None
    if found_alpha != float(alpha):
        raise SystemExit(f"train.py: {path} has LoRA alpha {found_alpha}, this run {alpha}")
    config = model.get_base_model().config
    heads = {"attn_q": config.num_attention_heads, "attn_k": config.num_key_value_heads}
    params = dict(model.named_parameters())
    loaded = 0
    for tensor in reader.tensors:
        match = re.fullmatch(r"blk\.(\d+)\.(\w+)\.weight\.lora_([ab])", tensor.name)
        if match is None:
            raise SystemExit(f"train.py: {path}: unexpected tensor {tensor.name}")
        layer, module, side = match.groups()
        weight = tensor.data.astype("float32")
        if side == "b" and module in heads:
            weight = unpermute(weight, heads[module])
        name = f"base_model.model.model.layers.{layer}.{GGUF_MODULES[module]}.lora_{side.upper()}.default.weight"
        if name not in params or tuple(params[name].shape) != weight.shape:
            raise SystemExit(f"train.py: {path}: {tensor.name} does not fit this run (rank {rank}, same base?)")
        with torch.no_grad():
            params[name].copy_(torch.from_numpy(weight.copy()))
        loaded += 1
    expected = sum(1 for name in params if ".lora_" in name)
    if loaded != expected:
        raise SystemExit(f"train.py: {path} holds {loaded} LoRA matrices, this run has {expected}")
    manifest = path.parent / MANIFEST_FILE
    init = json.loads(manifest.read_text()) if manifest.exists() else {}
    init.pop("versions", None)
    init.pop("loss_every_10_steps", None)
    return {"adapter_sha256": sha256_of(path), **init}


def command_line(argv: list[str], init: dict | None) -> str:
    """The make command that rebuilds this adapter into models/adapter/: the converter's folder
    and the output folder are make's own; an adapter trained from another is rebuilt after it."""
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--llama-cpp", "--out"):
            skip = True
        elif not arg.startswith(("--llama-cpp=", "--out=")):
            kept.append(arg)
    command = "make adapter" + (f" ADAPTER_ARGS='{' '.join(kept)}'" if kept else "")
    return f"{init['command']} && {command}" if init and init.get("command") else command


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def progress(step: int, total: int, loss: float, tokens: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    rate = tokens / elapsed if elapsed else 0.0
    eta = (total - step) * elapsed / step if step else 0.0
    width = 30
    filled = int(width * step / total)
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] step {step}/{total}  loss {loss:.3f}  "
        f"{rate:.0f} tok/s  {elapsed / 60:.1f} min, about {eta / 60:.1f} min left",
        end="" if step < total else "\n",
        flush=True,
    )


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    import peft
    import torch
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    started_all = time.perf_counter()

    corpus_files = sorted(args.corpus.glob("*.jsonl")) if args.corpus.is_dir() else [args.corpus]
    records = corpus.read(corpus_files)
    if not records:
        print(f"train.py: no corpus records in {args.corpus}", file=sys.stderr)
        return 2
    prompts = Prompts(args.templates)
    task_names = tuple(task.strip() for task in args.tasks.split(",") if task.strip())
    if not task_names or set(task_names) - set(TASKS):
        print(f"train.py: --tasks takes some of {', '.join(TASKS)}, not {args.tasks!r}", file=sys.stderr)
        return 2
    print(f"corpus: {len(records)} records from {len(corpus_files)} file(s)", flush=True)

    print(f"loading {args.base.name} (dequantized for training) ...", flush=True)
    tokenizer = AutoTokenizer.from_pretrained(args.base.parent, gguf_file=args.base.name)
    model = AutoModelForCausalLM.from_pretrained(args.base.parent, gguf_file=args.base.name, dtype=torch.float32)
    lora = peft.LoraConfig(
        r=args.rank,
        lora_alpha=args.alpha,
        lora_dropout=args.dropout,
        target_modules=TARGET_MODULES,
        task_type="CAUSAL_LM",
    )
    model = peft.get_peft_model(model, lora)
    init = load_gguf_adapter(model, args.init_from, args.rank, args.alpha) if args.init_from else None
    if init is not None:
        print(f"starting from {args.init_from} (sha256 {init['adapter_sha256'][:12]})", flush=True)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)

    rendered = conversations(records, prompts, task_names)
    examples = [tokenize(tokenizer, messages, args.max_tokens) for messages in rendered]
    examples = [e for e in examples if any(label != -100 for label in e[1])]
    tokens_per_epoch = sum(len(ids) for ids, _ in examples)
    steps_per_epoch = math.ceil(len(examples) / args.accumulate)
    total_steps = args.max_steps or max(1, math.ceil(steps_per_epoch * args.epochs))
    print(
        f"{len(examples)} sequences, {tokens_per_epoch} tokens an epoch; {total_steps} steps of "
        f"{args.accumulate} sequences; LoRA r={args.rank} on {', '.join(TARGET_MODULES)} ({trainable} parameters)",
        flush=True,
    )

    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.0)

    def rate(step: int) -> float:
        if step < args.warmup:
            return (step + 1) / args.warmup
        progress_share = (step - args.warmup) / max(1, total_steps - args.warmup)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress_share))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    order_rng = random.Random(args.seed)
    queue: list[int] = []
    losses: list[float] = []
    tokens_seen = 0
    model.train()
    started = time.perf_counter()
    for step in range(total_steps):
        batch_loss, batch_tokens = 0.0, 0
        picked = []
        for _ in range(args.accumulate):
            if not queue:
                queue = list(range(len(examples)))
                order_rng.shuffle(queue)
            picked.append(queue.pop())
        learned = sum(sum(1 for label in examples[i][1] if label != -100) for i in picked)
        for index in picked:
            ids, labels = examples[index]
            input_ids = torch.tensor([ids])
            logits = model(input_ids=input_ids).logits[0, :-1]
            target = torch.tensor(labels[1:])
            loss = torch.nn.functional.cross_entropy(logits, target, ignore_index=-100, reduction="sum") / learned
            loss.backward()
            batch_loss += loss.item()
            batch_tokens += len(ids)
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(batch_loss)
        tokens_seen += batch_tokens
        progress(step + 1, total_steps, batch_loss, tokens_seen, started)
    train_seconds = time.perf_counter() - started

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        model.save_pretrained(scratch / "lora")
        save_base_for_converter(model.get_base_model(), tokenizer, scratch / "base")
        outfile = scratch / ADAPTER_FILE
        print("converting to a GGUF adapter ...", flush=True)
        convert(args.llama_cpp, scratch / "base", scratch / "lora", outfile)
        shutil.move(str(outfile), args.out / ADAPTER_FILE)

    tail = losses[-max(1, len(losses) // 10) :]
    manifest = {
        "adapter": ADAPTER_FILE,
        "adapter_sha256": sha256_of(args.out / ADAPTER_FILE),
        "base_model": args.base.name,
        "base_sha256": sha256_of(args.base),
        "corpus_sha256": corpus_digest(corpus_files),
        "corpus_files": [p.name for p in corpus_files],
        "corpus_records": len(records),
        "templates_sha256": corpus_digest([args.templates / name for name in TASK_TEMPLATES]),
        "hyperparameters": {
            "rank": args.rank,
            "alpha": args.alpha,
            "dropout": args.dropout,
            "target_modules": TARGET_MODULES,
            "learning_rate": args.lr,
            "schedule": f"linear warm-up {args.warmup} steps, cosine to 10%",
            "sequences_per_step": args.accumulate,
            "max_tokens": args.max_tokens,
            "epochs": round(total_steps / steps_per_epoch, 3),
            "steps": total_steps,
            "tasks": list(task_names),
        },
        "seed": args.seed,
        "init": init,
        "sequences": len(examples),
        "tokens_seen": tokens_seen,
        "loss_first": round(losses[0], 4),
        "loss_final": round(sum(tail) / len(tail), 4),
        "loss_every_10_steps": [round(loss, 4) for loss in losses[::10]],
        "train_seconds": round(train_seconds, 1),
        "total_seconds": round(time.perf_counter() - started_all, 1),
        "tokens_per_second": round(tokens_seen / train_seconds, 1),
        "cpu": cpu_name(),
        "threads": args.threads,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "peft": peft.__version__,
        },
        "command": command_line(argv, init),
    }
    (args.out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    print(
        f"wrote {args.out / ADAPTER_FILE} ({(args.out / ADAPTER_FILE).stat().st_size / 1e6:.1f} MB) and "
        f"{MANIFEST_FILE}: loss {manifest['loss_first']} -> {manifest['loss_final']}, "
        f"{tokens_seen} tokens in {train_seconds / 60:.1f} min",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
