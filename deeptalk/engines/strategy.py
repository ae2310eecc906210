"""The model engines (llama, openai): one interview strategy, over a chat backend (backends/).

Conversation: the seeded guide (deeptalk/guide.py) decides what each turn is for, and each
turn is one short, focused prompt (persona + the question at hand + a compact memory), never
the whole growing transcript, which a small model cannot hold on to.

Insights: generated section by section, each constrained by a JSON schema (sections, their
schemas and what code fills in: insight_sections.py), validated here whatever the backend.

Determinism: every call passes its own seed, derived from the interview's seed and the call's
place in the interview (never 0, which llama-cpp-python silently replaces), and backends
answer each call from a clean state, so the same call gives the same text in any order.
This module never calls a model library: whatever answers `backend.complete` (the local model
in its own process, or a model server over HTTP) gets the same prompts, checks and retries.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any, Iterator, Sequence

import jsonschema

from .. import cleaning, contract, guide
from ..models import Message, Persona, Turn
from ..prompts import Prompts
from .backends import ChatBackend
from .base import Engine, EngineFailure
from .insight_sections import SECTIONS, assemble, section_schema

# Sampling shared by every call; each call sets its own temperature and length.
SAMPLING = {"top_p": 0.9, "top_k": 40, "repeat_penalty": 1.15}
STRATEGY_MODULES = ("engines/strategy.py", "engines/insight_sections.py", "guide.py", "cleaning.py", "prompts.py",
                    "quotes.py")

def call_seed(seed: int, *place: Any) -> int:
    """A seed per model call, from the interview's seed and the call's place; never 0."""
    return random.Random(f"{seed}:{place}").randrange(1, 2**31 - 1)


def first_sentence(text: str, max_chars: int = 120) -> str:
    sentence = next(iter(cleaning.sentences(text)), text)
    return sentence if len(sentence) <= max_chars else sentence[:max_chars].rsplit(" ", 1)[0] + "…"


def strategy_version() -> str:
    """A digest of the code that decides what is asked and kept: with the templates' digest and
    the backend's fingerprint, it decides the interview a seed gives."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in STRATEGY_MODULES:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    return digest.hexdigest()[:12]


class GenerationError(EngineFailure):
    pass


class ModelEngine(Engine):
    def __init__(self, name: str, backend: ChatBackend, templates_dir: Path, capacity: int | None):
        self.name = name
        self.backend = backend
        self.capacity = capacity
        self.parallel_calls = backend.parallel_calls
        self.prompts = Prompts(templates_dir)
        self.strategy = strategy_version()

    def describe(self) -> str:
        return f"{self.name} ({self.backend.describe()}, templates {self.prompts.version}, strategy {self.strategy})"

    def fingerprint(self) -> dict:
        return {"engine": self.name, **self.backend.fingerprint(), "templates": self.prompts.version,
                "strategy": self.strategy}

    def health(self) -> dict:
        return self.backend.health()

    def close(self) -> None:
        self.backend.close()

    # -- model calls -----------------------------------------------------------------------
    def chat(self, messages: list[dict], seed: int, max_tokens: int, temperature: float, **options: Any) -> str:
        return self.backend.complete(messages, seed=seed, max_tokens=max_tokens, temperature=temperature,
                                     **SAMPLING, **options).text

    def ask(self, messages: list[dict], seed: int) -> str:
        """An interviewer's turn, cut at its first question mark: everything after is unused
        (an interviewer turn is a lead-in and one question), so it is not worth generating."""
        completion = self.backend.complete(messages, seed=seed, max_tokens=60, temperature=0.7, stop=["?"],
                                           **SAMPLING)
        text = completion.text.rstrip()
        # "stop" is either the end of the model's turn (a complete sentence) or the "?" itself.
        cut_at_question = completion.finish_reason == "stop" and text and not text.endswith((".", "!"))
        return text + "?" if cut_at_question else text

    # -- conversation ------------------------------------------------------------------------
    def converse(self, persona: Persona, seed: int, history: Sequence[Turn] = (),
                 messages: int | None = None) -> Iterator[Turn]:
        steps = guide.plan(seed, persona.role, messages // 2 if messages else None)
        said = list(history)
        for index in range(len(said), 2 * len(steps)):
            step = steps[index // 2]
            if index % 2 == 0:
                turn = Turn("interviewer", self._question(persona, step, said, seed, index))
            else:
                turn = Turn("customer", self._answer(persona, said, seed, index))
            said.append(turn)
            yield turn

    def _variables(self, persona: Persona) -> dict[str, str]:
        return {**persona.as_dict(), "first_name": persona.name.split()[0]}

    def _question(self, persona: Persona, step: guide.Step, said: list[Turn], seed: int, index: int) -> str:
        if step.kind == "opening":
            return self._opening(persona, step, seed, index)
        answers = [turn.message for turn in said if turn.agent == "customer"]
        last_answer = " ".join(cleaning.sentences(answers[-1])[:2]) if answers else ""
        messages = self.prompts.messages(
            f"interviewer_{step.kind}", **self._variables(persona),
            goal=guide.GOALS[step.phase], question=step.fallback, last_answer=last_answer,
        )
        for attempt in range(2):
            question = cleaning.clean_question(self.ask(messages, call_seed(seed, index, attempt)))
            if question:
                return question
        return step.fallback  # the guide's own question: the interview stays on track

    def _opening(self, persona: Persona, step: guide.Step, seed: int, index: int) -> str:
        """The model's greeting, then the guide's opening question. One short call: the first
        message is what a user waits for, and a small model's own opening questions drift."""
        first_name = self._variables(persona)["first_name"]
        messages = self.prompts.messages("interviewer_opening", **self._variables(persona))
        text = self.chat(messages, call_seed(seed, index), 24, 0.7, stop=[".", "!", "?", "\n"])
        greeting = cleaning.clean_greeting(text, first_name)
        return f"{greeting or f'Hi {first_name}, thank you for making time to talk with me today.'} {step.fallback}"

    def _answer(self, persona: Persona, said: list[Turn], seed: int, index: int) -> str:
        earlier = [turn.message for turn in said if turn.agent == "customer"][-3:]
        memory = [cleaning.sentences(answer)[0] for answer in earlier if cleaning.sentences(answer)]
        messages = self.prompts.messages(
            "customer_answer", **self._variables(persona), memory=memory, question=said[-1].message,
        )
        for attempt in range(4):
            answer = cleaning.clean_answer(self.chat(messages, call_seed(seed, index, attempt), 120, 0.7))
            if answer:
                return answer
        raise GenerationError(f"the model gave no usable answer to message {index}")

    # -- insights ---------------------------------------------------------------------------
    def analysis_steps(self, persona: Persona, seed: int, transcript: Sequence[Message]) -> Iterator[dict | None]:
        sections: dict = {}
        # What the customer said, briefly: a short prompt is faster and keeps a small model on topic.
        answers = [first_sentence(m.message) for m in transcript if m.agent == "customer"]
        variables = {**self._variables(persona), "answers": answers}
        for number, (fields, task) in enumerate(SECTIONS):
            schema = section_schema(fields)
            messages = self.prompts.messages("insights_section", **variables, task=task)
            sections.update(self._section(messages, schema, seed, number))
            yield None  # a point where other interviews' turns may run
        insights = assemble(sections, transcript)
        jsonschema.validate(insights, contract.INSIGHTS)
        yield insights

    def _section(self, messages: list[dict], schema: dict, seed: int, number: int) -> dict:
        for attempt in range(3):
            raw = self.chat(messages, call_seed(seed, "insights", number, attempt), 400, 0.3, json_schema=schema)
            try:
                section = json.loads(raw, strict=False)
                jsonschema.validate(section, schema)
                return section
            except (json.JSONDecodeError, jsonschema.ValidationError):
                continue  # cut off by max_tokens, most likely: try another seed
        raise GenerationError(f"insights section {number} was not valid JSON after 3 attempts")

    def analyse(self, persona: Persona, seed: int, transcript: Sequence[Message]) -> dict:
        *_, insights = self.analysis_steps(persona, seed, transcript)
        return insights
