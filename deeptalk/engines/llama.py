"""The local-model engine: a GGUF model through llama-cpp-python.

Conversation: the seeded guide (deeptalk/guide.py) decides what each turn is for, and each
turn is one short, focused prompt (persona + the question at hand + a compact memory), never
the whole growing transcript, which a small model cannot hold on to.

Insights: generated section by section with JSON-schema-constrained decoding. Every section's
schema is cut from the contract's one Insights schema, with bounds added (string lengths, item
counts, emoji choices) so output is bounded and a small model cannot ramble. The transcript
opens every section prompt, so llama.cpp reuses its evaluated prefix from one section to the
next.

Determinism: every call passes its own seed, derived from the interview's seed and the call's
place in the interview (never 0, which llama-cpp-python silently replaces).
"""
from __future__ import annotations

import difflib
import json
import random
import re
from pathlib import Path
from typing import Any, Iterator, Sequence

import jsonschema

from .. import cleaning, contract, guide
from ..model_files import sha256_of
from ..models import Message, Persona, Turn
from ..prompts import Prompts
from .base import Engine

EMOJIS = ["😊", "🙂", "🤔", "😐", "😟", "😤", "😩", "😔", "😰", "😌", "💡", "🌱", "💪", "✨", "🤝", "🎯"]

# Bounds added to the contract's schema, per field: (min items, max items) or max characters.
ITEM_COUNTS = {"themes": (3, 3), "coreDesires": (2, 2), "fearsOrFrustrations": (2, 2), "aspirations": (2, 2),
               "whenProblemFelt": (2, 2), "triggersMoments": (2, 2), "preventionBarriers": (2, 2),
               "opportunityMap": (4, 4), "emotionalJourney": (5, 5)}
MAX_CHARS = {"summary": 180, "overallMood": 24, "theme": 32, "emotionalTone": 16, "underlyingNeed": 32,
             "emotion": 20, "opportunityMap": 72}
DEFAULT_MAX_CHARS = 48
CHOICES = {"moodEmoji": EMOJIS, "emoji": EMOJIS}
# Filled in code, not by the model: quotes must be verbatim (the closest real customer sentence),
# topics are the transcript's own frequent terms, and the phases are the guide's.
FILLED_IN_CODE = {"quotes", "topicCloud", "phase"}

SECTIONS = (
    (("summary", "overallMood", "moodEmoji"),
     "Write a one-sentence summary of the customer's situation and needs, their overall mood, and an emoji for it."),
    (("themes",), "Name 3 themes of the interview; for each, its emotional tone and the underlying need."),
    (("humanInsights",), "List the customer's core desires, fears or frustrations, and aspirations."),
    (("contextualInsights",), "List when the problem is felt, what triggers it, and what prevents solving it."),
    (("opportunityMap",), "List 4 product opportunities, each as: observed pain, then an idea to explore."),
    (("emotionalJourney",), "Describe the customer's emotion in each phase of the interview: "
                            "Opening, Problem Discovery, Deep Dive, Vision, Closure."),
)


def bounded(schema: Any, field: str = "") -> Any:
    """A copy of a piece of the Insights schema with the bounds above, for constrained decoding."""
    if isinstance(schema, dict) and schema.get("type") == "object":
        properties = {k: bounded(v, k) for k, v in schema["properties"].items() if k not in FILLED_IN_CODE}
        return {**schema, "properties": properties, "required": [k for k in schema["required"] if k in properties]}
    if isinstance(schema, dict) and schema.get("type") == "array":
        low, high = ITEM_COUNTS.get(field, (1, 3))
        return {**schema, "items": bounded(schema["items"], field), "minItems": low, "maxItems": high}
    if isinstance(schema, dict) and schema.get("type") == "string":
        if field in CHOICES:
            return {"type": "string", "enum": CHOICES[field]}
        return {**schema, "minLength": 1, "maxLength": MAX_CHARS.get(field, DEFAULT_MAX_CHARS)}
    return schema


def section_schema(fields: Sequence[str]) -> dict:
    properties = {name: bounded(contract.INSIGHTS["properties"][name], name) for name in fields}
    return {"type": "object", "properties": properties, "required": list(fields), "additionalProperties": False}


STOPWORDS = set("""a about after again all also am an and any are as at be because been before being but by can
could did do does doing don't each even every few for from get gets got had has have having he her here him his how
i i'd i'll i'm i've if in into is it it's its just know like lot make me more most much my myself need no not now of
off on one only or other our out over really right said same say see she so some still such than that that's the
their them then there these they thing things think this those through time to too try up us very want was way we
well were what when where which while who why will with work would yes you your""".split())


def topics(transcript: Sequence[Message], count: int = 8) -> list[str]:
    """The customer's most used content words, in order of use."""
    words: dict[str, int] = {}
    for message in transcript:
        if message.agent == "customer":
            for word in re.findall(r"[a-z][a-z'-]{3,}", message.message.lower()):
                if word not in STOPWORDS:
                    words[word] = words.get(word, 0) + 1
    ranked = sorted(words, key=lambda word: -words[word])
    return ranked[:count] or ["work"]


def call_seed(seed: int, *place: Any) -> int:
    """A seed per model call, from the interview's seed and the call's place; never 0."""
    return random.Random(f"{seed}:{place}").randrange(1, 2**31 - 1)


def closest_sentence(quote: str, candidates: Sequence[str]) -> str:
    return max(candidates, key=lambda sentence: difflib.SequenceMatcher(None, quote.lower(), sentence.lower()).ratio())


def verbatim_quotes(insights: dict, transcript: Sequence[Message]) -> dict:
    """Keep quotes that a customer really said; replace any other with the closest real
    customer sentence. Never invents: every quote left is a substring of a customer message.
    A theme without quotes gets the sentence closest to its name and need."""
    said = [m.message for m in transcript if m.agent == "customer"]
    candidates = [s for message in said for s in cleaning.sentences(message)] or said
    for theme in insights["themes"]:
        fixed = []
        wanted = theme.get("quotes") or [f"{theme.get('theme', '')} {theme.get('underlyingNeed', '')}"]
        for quote in wanted:
            quote = quote.strip().strip('"')
            if not (quote and any(quote in message for message in said)):
                quote = closest_sentence(quote, candidates) if candidates else ""
            if quote and quote not in fixed:
                fixed.append(quote)
        theme["quotes"] = fixed
    return insights


class GenerationError(RuntimeError):
    pass


class LlamaEngine(Engine):
    name = "llama"

    def __init__(self, model_path: Path, templates_dir: Path, threads: int, capacity: int, context: int = 4096):
        from llama_cpp import Llama  # imported here: the fixture engine must work without it

        self.model_path = Path(model_path)
        self.capacity = capacity  # interviews share one model: beyond this, new ones wait too long
        self.prompts = Prompts(templates_dir)
        self.llm = Llama(
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

    # -- conversation ------------------------------------------------------------------------
    def converse(self, persona: Persona, seed: int, history: Sequence[Turn] = ()) -> Iterator[Turn]:
        steps = guide.plan(seed, persona.role)
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
        answers = [turn.message for turn in said if turn.agent == "customer"]
        last_answer = " ".join(cleaning.sentences(answers[-1])[:2]) if answers else ""
        messages = self.prompts.messages(
            f"interviewer_{step.kind}", **self._variables(persona),
            goal=guide.GOALS[step.phase], question=step.fallback, last_answer=last_answer,
        )
        for attempt in range(2):
            question = cleaning.clean_question(self.chat(messages, call_seed(seed, index, attempt), 70, 0.7))
            if question:
                return question
        return step.fallback  # the guide's own question: the interview stays on track

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
        insights: dict = {}
        # What the customer said, briefly: a short prompt is faster and keeps a small model on topic.
        answers = [" ".join(cleaning.sentences(m.message)[:2]) for m in transcript if m.agent == "customer"]
        variables = {**self._variables(persona), "answers": answers}
        for number, (fields, task) in enumerate(SECTIONS):
            schema = section_schema(fields)
            messages = self.prompts.messages("insights_section", **variables, task=task)
            insights.update(self._section(messages, schema, seed, number))
            yield None  # a point where other interviews' turns may run
        insights["topicCloud"] = topics(transcript)
        for phase, step in zip(guide.PHASES, insights["emotionalJourney"]):
            step["phase"] = phase
        insights["emotionalJourney"] = [{"phase": s["phase"], "emotion": s["emotion"], "emoji": s["emoji"]}
                                        for s in insights["emotionalJourney"]]
        insights["themes"] = [{"theme": t["theme"], "quotes": [], "emotionalTone": t["emotionalTone"],
                               "underlyingNeed": t["underlyingNeed"]} for t in insights["themes"]]
        insights = verbatim_quotes(insights, transcript)
        jsonschema.validate(insights, contract.INSIGHTS)
        yield {key: insights[key] for key in contract.INSIGHTS["properties"]}

    def _section(self, messages: list[dict], schema: dict, seed: int, number: int) -> dict:
        response_format = {"type": "json_object", "schema": schema}
        for attempt in range(3):
            raw = self.chat(messages, call_seed(seed, "insights", number, attempt), 700, 0.3,
                            response_format=response_format)
            try:
                section = json.loads(raw, strict=False)  # the grammar admits raw control characters
                jsonschema.validate(section, schema)
                return section
            except (json.JSONDecodeError, jsonschema.ValidationError):
                continue  # cut off by max_tokens, most likely: try another seed
        raise GenerationError(f"insights section {number} was not valid JSON after 3 attempts")

    def analyse(self, persona: Persona, seed: int, transcript: Sequence[Message]) -> dict:
        *_, insights = self.analysis_steps(persona, seed, transcript)
        return insights
