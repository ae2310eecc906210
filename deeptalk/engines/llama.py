"""The local-model engine: a GGUF model through llama-cpp-python.

Conversation: the seeded guide (deeptalk/guide.py) decides what each turn is for, and each
turn is one short, focused prompt (persona + the question at hand + a compact memory), never
the whole growing transcript, which a small model cannot hold on to.

Insights: generated section by section with JSON-schema-constrained decoding (sections, their
schemas and what code fills in: insight_sections.py). What the customer said opens every section
prompt, so llama.cpp reuses its evaluated prefix from one section to the next. The grammar is
checked after sampling (sampling.py), which doubles generation speed.

Determinism: every call passes its own seed, derived from the interview's seed and the call's
place in the interview (never 0, which llama-cpp-python silently replaces).
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Iterator, Sequence

import jsonschema

from .. import cleaning, contract, guide
from .insight_sections import SECTIONS, assemble, plain_text_grammar, section_schema
from ..model_files import sha256_of
from ..models import Message, Persona, Turn
from ..prompts import Prompts
from .base import Engine

def call_seed(seed: int, *place: Any) -> int:
    """A seed per model call, from the interview's seed and the call's place; never 0."""
    return random.Random(f"{seed}:{place}").randrange(1, 2**31 - 1)


def first_sentence(text: str, max_chars: int = 120) -> str:
    sentence = next(iter(cleaning.sentences(text)), text)
    return sentence if len(sentence) <= max_chars else sentence[:max_chars].rsplit(" ", 1)[0] + "…"


class GenerationError(RuntimeError):
    pass


class LlamaEngine(Engine):
    name = "llama"

    def __init__(self, model_path: Path, templates_dir: Path, threads: int, capacity: int, context: int = 4096):
        from .sampling import GrammarLastLlama  # imported here: the fixture engine must work without llama_cpp

        self.model_path = Path(model_path)
        self.capacity = capacity  # interviews share one model: beyond this, new ones wait too long
        self.prompts = Prompts(templates_dir)
        self.llm = GrammarLastLlama(
            model_path=str(self.model_path),
            n_ctx=context,  # the default 512 cannot hold an insights prompt
            n_threads=threads,
            n_threads_batch=threads,
            seed=1,  # unused: every call passes its own seed
            verbose=False,
        )
        self.model_sha256 = sha256_of(self.model_path)

    def describe(self) -> str:
        return f"llama ({self.model_path.name}, sha256 {self.model_sha256[:12]}, templates {self.prompts.version})"

    # -- model calls -----------------------------------------------------------------------
    def chat(self, messages: list[dict], seed: int, max_tokens: int, temperature: float, **options: Any) -> str:
        response = self.llm.create_chat_completion(
            messages=messages, seed=seed, max_tokens=max_tokens, temperature=temperature,
            top_p=0.9, top_k=40, repeat_penalty=1.15, **options,
        )
        return response["choices"][0]["message"]["content"] or ""

    def ask(self, messages: list[dict], seed: int) -> str:
        """An interviewer's turn, cut at its first question mark: everything after is unused
        (an interviewer turn is a lead-in and one question), so it is not worth generating."""
        response = self.llm.create_chat_completion(
            messages=messages, seed=seed, max_tokens=60, temperature=0.7,
            top_p=0.9, top_k=40, repeat_penalty=1.15, stop=["?"],
        )
        choice = response["choices"][0]
        text = (choice["message"]["content"] or "").rstrip()
        # "stop" is either the end of the model's turn (a complete sentence) or the "?" itself.
        cut_at_question = choice["finish_reason"] == "stop" and text and not text.endswith((".", "!"))
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
        response = self.llm.create_chat_completion(
            messages=messages, seed=call_seed(seed, index), max_tokens=24, temperature=0.7,
            top_p=0.9, top_k=40, repeat_penalty=1.15, stop=[".", "!", "?", "\n"],
        )
        greeting = cleaning.clean_greeting(response["choices"][0]["message"]["content"] or "", first_name)
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
        grammar = plain_text_grammar(schema)
        for attempt in range(3):
            raw = self.chat(messages, call_seed(seed, "insights", number, attempt), 400, 0.3, grammar=grammar)
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
