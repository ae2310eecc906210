"""One build's run of the same model calls (used by llama_builds.py, in a process of its own)."""

from __future__ import annotations

import argparse
import hashlib
import json
import time

from deeptalk.engines.backends.llama_model import LocalModel, build_info
from deeptalk.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
THEMES_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["themes"],
    "properties": {
        "themes": {
            "type": "array",
            "minItems": 3,
            "maxItems": 3,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["theme", "emotionalTone"],
                "properties": {
                    "theme": {"type": "string", "minLength": 1, "maxLength": 32},
                    "emotionalTone": {"type": "string", "minLength": 1, "maxLength": 16},
                },
            },
        }
    },
}
PERSONA = (
    "You are Maya Okafor, a ward nurse in a city hospital. You work twelve-hour night shifts on a surgical "
    "ward, and charting eats the time you would rather spend with patients."
)
CALLS = (
    [
        (
            [
                {"role": "system", "content": PERSONA + " Answer in the first person, in two or three sentences."},
                {"role": "user", "content": question},
            ],
            {"max_tokens": 120, "temperature": 0.7},
        )
        for question in (
            "What does a typical night shift look like for you?",
            "What is the most frustrating part of that work right now?",
            "What would a better way of working look like for you?",
        )
    ]
    + [
        (
            [
                {"role": "system", "content": "You are an experienced customer-discovery interviewer."},
                {"role": "user", "content": PERSONA + " Ask one open question about " + goal + "."},
            ],
            {"max_tokens": 60, "temperature": 0.7},
        )
        for goal in ("their hardest day this month", "what they have tried")
    ]
    + [
        (
            [
                {"role": "system", "content": "You summarise customer interviews as JSON."},
                {
                    "role": "user",
                    "content": PERSONA + " She said: charting takes hours every night; handover runs late. "
                    "Name 3 themes of the interview.",
                },
            ],
            {"max_tokens": 300, "temperature": 0.3, "json_schema": THEMES_SCHEMA},
        ),
    ]
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    model = LocalModel(MODEL, args.threads, 4096)
    texts, generated, seconds, prompt = [], 0, 0.0, 0
    started = time.perf_counter()
    for seed in (1, 2):
        for messages, options in CALLS:
            result = model.complete(messages, seed=seed, top_p=0.9, top_k=40, repeat_penalty=1.15, **options)
            texts.append(result["text"])
            generated += result["completion_tokens"]
            prompt += result["prompt_tokens"]
            seconds += result["seconds"]
    total = time.perf_counter() - started
    # Prompt speed: one long prompt evaluated alone (one generated token).
    long_prompt = [{"role": "user", "content": " ".join([PERSONA] * 12)}]
    result = model.complete(long_prompt, seed=1, max_tokens=1, temperature=0.0)
    print(
        json.dumps(
            {
                "build": build_info()["build"],
                "generation_tokens_per_s": generated / seconds,
                "prompt_tokens_per_s": result["prompt_tokens"] / result["seconds"],
                "seconds": total,
                "texts_sha256": hashlib.sha256(json.dumps(texts).encode()).hexdigest(),
            }
        )
    )


if __name__ == "__main__":
    main()
