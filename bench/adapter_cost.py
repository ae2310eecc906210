"""What the adapter costs in speed: the same calls on the bare model and on the model with the
project's adapter, in this process, alternating, in the same run.

The calls are an interview's own: for each held-out persona (the first --personas), the fact
sheet call, then the answers to five questions of the guide, each prompt the interview so far.
Each call is run bare and with the adapter, one after the other, --rounds times; generated tokens
per second is counted over the generation alone (the prompt's evaluation is timed apart).

Target: the adapter's generation speed >= 0.85 of the bare model's (median of the rounds' ratios).

    python bench/adapter_cost.py [--personas 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import _common  # noqa: F401  (the checkout on sys.path)

from deeptalk import corpus
from deeptalk.engines.backends import model_files
from deeptalk.engines.backends.llama_model import LocalModel
from deeptalk.engines.model import guide, tasks
from deeptalk.engines.model.prompts import Prompts
from deeptalk.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
QUESTIONS = [question for phase in guide.PHASES for question in guide.QUESTIONS[phase][:1]]


def calls(personas: int) -> list[list[dict]]:
    """The bench's calls: each persona's fact sheet prompt and five answer prompts, the answers
    before each being the held-out reference interview's (so both models get the same prompts)."""
    prompts = Prompts(PROJECT_ROOT / "templates")
    found = []
    for record in corpus.heldout()[:personas]:
        found.append(tasks.facts_messages(prompts, record.persona))
        sheet = tasks.fact_sheet(record.facts, record.data["stance"])
        answers = record.answers()
        turns: list[tuple[str, str]] = []
        for question, answer in zip(QUESTIONS, answers, strict=False):
            found.append(tasks.reply_messages(prompts, record.persona, sheet, [*turns, ("interviewer", question)]))
            turns += [("interviewer", question), ("customer", answer)]
    return found


def generation_rate(model: LocalModel, messages: list[dict], seed: int) -> tuple[float, int]:
    """Generated tokens per second of one call (its prompt evaluated first, apart), and the count."""
    model.complete(messages, seed=seed, max_tokens=1, temperature=0.7)  # the prompt, evaluated and kept
    started = time.perf_counter()
    done = model.complete(messages, seed=seed, max_tokens=96, temperature=0.7, top_p=0.9, top_k=40)
    seconds = time.perf_counter() - started
    return done["completion_tokens"] / seconds, done["completion_tokens"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    sha256 = model_files.sha256_of(MODEL)
    adapter = model_files.load_adapter(model_files.default_adapter(MODEL.parent), MODEL, sha256)
    bare = LocalModel(MODEL, args.threads, 4096)
    tuned = LocalModel(MODEL, args.threads, 4096, adapter.path)
    prompts = calls(args.personas)
    ratios, bare_rates, tuned_rates = [], [], []
    for round_ in range(args.rounds):
        bare_tokens = tuned_tokens = 0
        bare_seconds = tuned_seconds = 0.0
        for index, messages in enumerate(prompts):
            seed = 1000 * round_ + index + 1
            rate, count = generation_rate(bare, messages, seed)
            bare_tokens, bare_seconds = bare_tokens + count, bare_seconds + count / rate
            rate, count = generation_rate(tuned, messages, seed)
            tuned_tokens, tuned_seconds = tuned_tokens + count, tuned_seconds + count / rate
        bare_rates.append(bare_tokens / bare_seconds)
        tuned_rates.append(tuned_tokens / tuned_seconds)
        ratios.append(tuned_rates[-1] / bare_rates[-1])
        print(
            f"round {round_ + 1}: bare {bare_rates[-1]:.1f} tokens/s, with the adapter {tuned_rates[-1]:.1f} "
            f"tokens/s: ratio {ratios[-1]:.3f}",
            flush=True,
        )
    result = {
        "calls_per_round": len(prompts),
        "bare_tokens_per_s_median": round(statistics.median(bare_rates), 1),
        "adapter_tokens_per_s_median": round(statistics.median(tuned_rates), 1),
        "ratio_median": round(statistics.median(ratios), 3),
        "target": ">= 0.85",
        "adapter": adapter.path.name,
        "adapter_sha256": adapter.sha256[:12],
        "threads": args.threads,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
