"""The model engines (llama, openai): one interview strategy, over a chat backend (backends/).

Conversation: the seeded guide (guide.py) decides what each turn is for. The
interviewer's greeting and questions are the guide's, each question led in by a word of the
answer just given (turns.py): code greets and asks. The customer is the model: each answer is
one short prompt (the persona, one example exchange from the closest hand-written fixture, the
question with one fact of the persona's background: all but the last the same for the whole
interview, so the local backend evaluates it once per interview), with the persona's words made
likelier (GROUNDING_BIAS). Candidates are sampled while the answer's token budget lasts
(ANSWER_BUDGET); each keeps only its sentences that pass measures.py's checks, and the
first that is grounded, answers the question (a cue the guide lists
for it) and is full is taken (else the best).
Every message records who wrote it: model, model-edited or template.

Insights: built by code from the customer's own sentences (extractive.py), with labels from
closed vocabularies: faithful by construction, and in milliseconds.

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

from ... import contract
from ...records import Message, Persona, Turn
from ..backends import ChatBackend, Completion
from ..base import Engine
from ..fixture.engine import closest
from ..fixture.files import load_fixtures
from . import extractive, guide, measures, turns, vocabulary
from .prompts import Prompts

# Sampling shared by every call; each call sets its own temperature and length.
SAMPLING = {"top_p": 0.9, "top_k": 40, "repeat_penalty": 1.15}
# The modules of this package that decide what is asked and kept (its digest is in every fingerprint).
STRATEGY_MODULES = (
    "strategy.py",
    "turns.py",
    "extractive.py",
    "guide.py",
    "cleaning.py",
    "prompts.py",
    "measures.py",
    "vocabulary.py",
)
# An answer's candidates share a budget of generated tokens, so that its slowest case stays
# inside the pace (a turn is generated while the previous message's delay runs): at most
# ANSWER_TOKENS each, a further one only while MIN_CANDIDATE_TOKENS are left. An interview's
# first answer has a smaller budget: it also evaluates the prompt's start (persona and example,
# about 190 tokens), which the later answers find kept. Counted in tokens, not seconds, so the
# same seed gives the same candidates on any machine.
ANSWER_TOKENS = 64
ANSWER_BUDGET = 104
FIRST_ANSWER_BUDGET = 48
MIN_CANDIDATE_TOKENS = 24
# The persona's words (its background's and its line of work's) are made this much likelier in
# an answer (a logit bias, where the backend can): measured on 4 personas, grounded answers went
# from 78% to 97% at 1.5 (as at 2.0, which answered the guide's questions less often).
GROUNDING_BIAS = 1.5


def call_seed(seed: int, *place: Any) -> int:
    """A seed per model call, from the interview's seed and the call's place; never 0."""
    return random.Random(f"{seed}:{place}").randrange(1, 2**31 - 1)


def strategy_version() -> str:
    """A digest of the code that decides what is asked and kept: with the templates' digest and
    the backend's fingerprint, it decides the interview a seed gives."""
    here = Path(__file__).resolve().parent
    return _digest(list(STRATEGY_MODULES), [(here / name).read_bytes() for name in STRATEGY_MODULES])


class ModelEngine(Engine):
    def __init__(
        self,
        name: str,
        backend: ChatBackend,
        templates_dir: Path,
        capacity: int | None,
        fixtures_dir: Path | None = None,
    ):
        self.name = name
        self.backend = backend
        self.capacity = capacity
        self.parallel_calls = backend.parallel_calls
        self.prompts = Prompts(templates_dir)
        self.strategy = strategy_version()
        # Hand-written fixtures only: their exchanges show the model how a customer talks.
        examples = [f for f in load_fixtures(fixtures_dir) if not f.recorded] if fixtures_dir else []
        self.examples = sorted(examples, key=lambda f: f.path.name)
        self.examples_version = _digest(
            [f.path.name for f in self.examples], [f.path.read_bytes() for f in self.examples]
        )
        measures.non_english_words("warm", set())  # loads the word list now (half a second), not in the first answer

    def describe(self) -> str:
        return f"{self.name} ({self.backend.describe()}, templates {self.prompts.version}, strategy {self.strategy})"

    def fingerprint(self) -> dict:
        return {
            "engine": self.name,
            **self.backend.fingerprint(),
            "templates": self.prompts.version,
            "strategy": self.strategy,
            "examples": self.examples_version,
        }

    def health(self) -> dict:
        return self.backend.health()

    def close(self) -> None:
        self.backend.close()

    def chat(self, messages: list[dict], seed: int, max_tokens: int, temperature: float, **options: Any) -> str:
        return self.complete(messages, seed, max_tokens, temperature, **options).text

    def complete(
        self, messages: list[dict], seed: int, max_tokens: int, temperature: float, **options: Any
    ) -> Completion:
        return self.backend.complete(
            messages, seed=seed, max_tokens=max_tokens, temperature=temperature, **SAMPLING, **options
        )

    # -- conversation ------------------------------------------------------------------------
    def converse(
        self, persona: Persona, seed: int, history: Sequence[Turn] = (), length: int | None = None
    ) -> Iterator[Turn]:
        steps = guide.plan(seed, persona.role, length // 2 if length else None)
        said = list(history)
        grounding = vocabulary.domain_words(persona.role, persona.industry, persona.background)
        for index in range(len(said), 2 * len(steps)):
            step = steps[index // 2]
            if index % 2 == 0:
                turn = self._question(persona, step, said, seed, index, grounding)
            else:
                turn = self._answer(persona, step, said, seed, index, grounding)
            said.append(turn)
            yield turn

    def _variables(self, persona: Persona) -> dict[str, str]:
        return {**persona.as_dict(), "first_name": persona.name.split()[0]}

    def _question(
        self, persona: Persona, step: guide.Step, said: list[Turn], seed: int, index: int, grounding: set[str]
    ) -> Turn:
        if step.kind == "opening":
            return self._opening(persona, step, seed)
        answer = next((t.message for t in reversed(said) if t.agent == "customer"), "")
        # Not the persona's name or role ("the pharmacist", to a pharmacist), nor a word the
        # interviewer has already led in with.
        avoid = set(measures.words(f"{persona.name} {persona.role}")) | {
            w for t in said if t.agent == "interviewer" for w in measures.words(t.message)
        }
        question = turns.follow_up(answer, step.fallback, grounding, avoid, f"lead:{seed}", index // 2)
        return Turn("interviewer", question, "template")

    def _opening(self, persona: Persona, step: guide.Step, seed: int) -> Turn:
        """The guide's greeting and opening question: the first message comes at once."""
        greeting = guide.greeting(seed, self._variables(persona)["first_name"])
        return Turn("interviewer", f"{greeting} {step.fallback}", "template")

    def _example(self, persona: Persona, seed: int) -> list[dict]:
        """One exchange from the closest hand-written fixture, as chat turns: the one nearest the
        guide's problem questions (a customer naming a pain in concrete terms). The same for every
        answer of an interview, so with the persona it forms a prompt start the model process
        keeps evaluated."""
        if not self.examples:
            return []
        rendered = closest(self.examples, persona, seed, whole_words=True).render_turns(persona)
        pairs = [(q.message, a.message) for q, a in zip(rendered[2::2], rendered[3::2], strict=False)]
        if not pairs:
            return []
        problem = measures.stems(" ".join(question for question, _ in guide.QUESTIONS["Problem Discovery"]))
        example_q, example_a = max(pairs, key=lambda pair: len(measures.stems(pair[0]) & problem))
        return [{"role": "user", "content": example_q}, {"role": "assistant", "content": example_a}]

    def _answer(
        self, persona: Persona, step: guide.Step, said: list[Turn], seed: int, index: int, grounding: set[str]
    ) -> Turn:
        facts = turns.background_facts(persona.background)
        fact = facts[(index // 2) % len(facts)]
        question = said[-1].message
        system, user = self.prompts.messages(
            "customer_answer",
            **self._variables(persona),
            question=question,
            fact=fact[:1].lower() + fact[1:] if fact[1:2].islower() else fact,  # it follows a colon
            work_words=vocabulary.work_words(persona.role, persona.industry, persona.background),
        )
        example = self._example(persona, seed)
        messages = [system, *example, user]
        # Phrases already said (and the example's, and the background's) may not come back: a small
        # model repeats itself, and copies its persona's background ("Milks 120 cows on a family farm.").
        said_before = [t.message for t in said] + [m["content"] for m in example] + [persona.background]
        prefer = sorted(grounding)
        best: turns.Answer | None = None
        budget, attempt = FIRST_ANSWER_BUDGET if index == 1 else ANSWER_BUDGET, 0
        while budget >= MIN_CANDIDATE_TOKENS:
            max_tokens = min(ANSWER_TOKENS, budget)
            completion = self.complete(
                messages,
                call_seed(seed, index, attempt),
                max_tokens,
                0.7,
                stop=["\n"],
                prefer_words=prefer,
                prefer_bias=GROUNDING_BIAS,
            )
            budget -= completion.completion_tokens or max_tokens  # a backend may not count them
            attempt += 1
            answer = turns.edit_answer(
                completion.text, persona.name, persona.role, grounding, said_before, step.expects
            )
            if answer is not None and answer.good:
                return Turn("customer", answer.text, answer.provenance)
            if answer is not None and (best is None or answer.quality > best.quality):
                best = answer
        if best is not None:
            return Turn("customer", best.text, best.provenance)
        # No candidate survived: an honest non-answer, never the background retold.
        return Turn("customer", turns.LAST_RESORT[(index // 2) % len(turns.LAST_RESORT)], "template")

    # -- insights ---------------------------------------------------------------------------
    def analyse(self, persona: Persona, seed: int, transcript: Sequence[Message]) -> dict:
        steps = guide.plan(seed, persona.role, len(transcript) // 2)
        said = [
            (steps[min(i // 2, len(steps) - 1)].phase, m) for i, m in enumerate(transcript) if m.agent == "customer"
        ]
        # The last-resort answers are the engine's words, not the customer's: never a quote.
        answers = [(phase, m.message) for phase, m in said if m.provenance != "template"] or [
            (phase, m.message) for phase, m in said
        ]
        mood = self._mood(persona, seed, [answer for _, answer in answers])
        insights = extractive.build(
            persona.name, persona.role, persona.industry, persona.background, answers, guide.PHASES, mood
        )
        contract.validate(insights, contract.INSIGHTS)
        return insights

    def _mood(self, persona: Persona, seed: int, answers: list[str]) -> str:
        """The overall mood: the model chooses among the feelings the customer's words show
        (closed vocabulary, constrained by a JSON schema); the strongest shown if it cannot."""
        shown = vocabulary.feelings_shown(" ".join(answers))
        if len(shown) < 2:
            return shown[0] if shown else "Calm"
        schema = {
            "type": "object",
            "properties": {"mood": {"enum": shown}},
            "required": ["mood"],
            "additionalProperties": False,
        }
        said = [s for answer in answers for s in measures.sentences(answer)][:6]
        messages = self.prompts.messages("insights_mood", **self._variables(persona), said=said, choices=shown)
        for attempt in range(3):
            raw = self.chat(messages, call_seed(seed, "mood", attempt), 16, 0.3, json_schema=schema)
            try:
                document = json.loads(raw, strict=False)
                contract.validate(document, schema)
                return document["mood"]
            except (json.JSONDecodeError, jsonschema.ValidationError):
                continue  # a backend without structured output: validated and tried again
        return shown[0]


def _digest(names: list[str], contents: list[bytes]) -> str:
    digest = hashlib.sha256()
    for name, content in zip(names, contents, strict=True):
        digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()[:12]
