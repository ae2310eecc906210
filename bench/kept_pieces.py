"""What keeping the states of the last few prompts' first messages saves: an interview's calls,
the interviewer's question and the customer's answer in turn (each with its own first message),
on a model that keeps them and on one that keeps only the last call's context, in this process,
alternating, in the same run.

The calls are an interview's own: for each held-out persona (the first --personas), each
exchange of its reference interview as the engine asks for it: the question (the ask task, the
interview so far) and then the answer (the reply task, the persona's fact sheet and the interview
so far), with the engine's token limits. The texts must be the same either way (a call's text
depends only on its arguments); the time per call is compared.

    python bench/kept_pieces.py [--personas 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import _common  # noqa: F401  (the checkout on sys.path)

from deeptalk import corpus
from deeptalk.engines.backends.llama_model import GrammarLastLlama, LocalModel
from deeptalk.engines.model import strategy, tasks
from deeptalk.engines.model.prompts import Prompts
from deeptalk.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
ADAPTER = PROJECT_ROOT / "models" / "adapter" / "adapter.gguf"


def calls(personas: int) -> list[tuple[list[dict], int]]:
    """(messages, max_tokens) of each call, in an interview's order."""
    prompts = Prompts(PROJECT_ROOT / "templates")
    found = []
    for record in corpus.heldout()[:personas]:
        sheet = tasks.fact_sheet(record.facts, record.data["stance"])
        turns: list[tuple[str, str]] = []
        moves: list[str] = []
        for turn in record.interview:
            if turn["agent"] == "interviewer":
                moves.append(turn["move"])
                if len(moves) > 1:
                    found.append((tasks.ask_messages(prompts, record.persona, turns, moves), strategy.QUESTION_TOKENS))
            turns.append((turn["agent"], turn["message"]))
            if turn["agent"] == "interviewer":
                found.append((tasks.reply_messages(prompts, record.persona, sheet, turns), strategy.ANSWER_TOKENS))
    return found


def run(model: LocalModel, sequence: list[tuple[list[dict], int]]) -> tuple[list[float], list[str]]:
    seconds, texts = [], []
    for number, (messages, max_tokens) in enumerate(sequence):
        started = time.perf_counter()
        done = model.complete(messages, seed=number + 1, max_tokens=max_tokens, temperature=0.5, top_p=0.9, top_k=40)
        seconds.append(time.perf_counter() - started)
        texts.append(done["text"])
    return seconds, texts


class OneContext(GrammarLastLlama):
    KEPT_PIECES = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sequence = calls(args.personas)
    kept = LocalModel(MODEL, 2, 2048, ADAPTER)
    one = LocalModel(MODEL, 2, 2048, ADAPTER)
    one.llm.__class__ = OneContext
    totals: dict[str, list[float]] = {"kept": [], "one": []}
    texts: dict[str, list[str]] = {}
    for number in range(args.rounds):
        order = [("kept", kept), ("one", one)] if number % 2 == 0 else [("one", one), ("kept", kept)]
        for name, model in order:
            model.llm.reset()
            model.llm.forget_kept()  # every round starts with nothing kept
            seconds, said = run(model, sequence)
            totals[name].append(sum(seconds))
            texts.setdefault(name, said)
            assert said == texts[name], f"{name}: another text in round {number + 1}"
    ratio = statistics.median(k / o for k, o in zip(totals["kept"], totals["one"], strict=True))
    print(f"{len(sequence)} calls ({args.personas} interviews), {args.rounds} rounds, seconds per round:")
    for name, values in totals.items():
        print(f"  {name}: {', '.join(f'{v:.1f}' for v in values)} (median {statistics.median(values):.1f})")
    print(f"kept / one context: {ratio:.3f} (median of the rounds' ratios)")
    same = texts["kept"] == texts["one"]
    print(f"same texts either way: {same}")
    if not same:
        raise SystemExit("the kept states changed what the model says")


if __name__ == "__main__":
    main()
