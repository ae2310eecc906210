"""The model engines (llama, openai): one interview strategy, over a chat backend (backends/).

Conversation: the guide (guide.py) decides what each turn is for, from what the customer's
answers have covered so far (its phases' goals, a dodge probed once, a refusal closed politely).
The model writes the question for that goal from the interview so far (the adapter's ask task);
it is kept only when it passes the guide linter's rules, is one open question, names nothing
the interview did not, and (a follow-up) takes up the answer just given; else the guide's own
question is asked, led in by a noun phrase of that answer (turns.py). The model also words the
close (thanks, then what else); the greeting, the probes after a dodge and everything after a
refusal are the guide's own words. The customer is the model, in the
adapter's other two tasks (tasks.py, training/): once per interview, the fact sheet of the
persona's work; then each answer from the persona, that fact sheet and the interview so far. The
fact sheet makes the answers agree with each other (the same numbers, the same incident).
Candidates are sampled while the answer's token budget lasts (ANSWER_BUDGET); the first the
checks keep whole is taken (turns.reply), else the fullest edited one.
Every message records who wrote it: model, model-edited or template.

Insights: built by code from the customer's own sentences (extractive.py), with labels from
closed vocabularies read by a model trained on the corpus's labels (labeller.py, trained at the
first insights in under a second): quotes verbatim by construction.

Determinism: every call passes its own seed, derived from the interview's seed and the call's
place in the interview (never 0, which llama-cpp-python silently replaces), and backends
answer each call from a clean state, so the same call gives the same text in any order.
This module never calls a model library: whatever answers `backend.complete` (the local model
in its own process, with or without the adapter, or a model server over HTTP) gets the same
prompts, checks and retries.
"""

from __future__ import annotations

import ast
import hashlib
import json
import random
import re
from pathlib import Path
from typing import Any, Iterator, Sequence

import jsonschema

from ... import contract
from ...guide_lint import lint_question
from ...records import Message, Persona, Steering, Turn
from ..backends import ChatBackend, Completion
from ..base import Engine
from . import counts, extractive, guide, labeller, measures, question_shape, sheet, tasks, turns, vocabulary, wordlists
from .prompts import Prompts

# Sampling shared by every call; each call sets its own temperature and length.
SAMPLING = {"top_p": 0.9, "top_k": 40, "repeat_penalty": 1.15}
# What decides the interview a seed gives, besides the model, the adapter and the templates (each
# with its own digest in the fingerprint): declared, so that golden interviews and interrupted ones
# follow what the code does, not edits to its comments. Bump it with any change to what is asked,
# sampled or kept; tests/test_strategy_version.py notices a change of code that did not bump it.
STRATEGY_VERSION = "2026.12.08e"
# The modules that decide what is asked and kept: this package's, and the sentence splitter it
# shares with the corpus checks.
STRATEGY_MODULES = (
    "strategy.py",
    "turns.py",
    "extractive.py",
    "guide.py",
    "cleaning.py",
    "prompts.py",
    "measures.py",
    "vocabulary.py",
    "tasks.py",
    "labeller.py",
    "classifier.py",
    "phrasing.py",
    "wordlists.py",
    "counts.py",
    "sheet.py",
    "question_shape.py",
    "../../text.py",
)
# An answer's candidates share a budget of generated tokens, so that its slowest case stays
# inside the pace (a turn is generated while the previous message's delay runs): at most
# ANSWER_TOKENS each, a further one only while MIN_CANDIDATE_TOKENS are left. Counted in tokens,
# not seconds, so the same seed gives the same candidates on any machine.
ANSWER_TOKENS = 96
ANSWER_BUDGET = 160
MIN_CANDIDATE_TOKENS = 32
# The fact sheet: eight short lines; written again (another seed) while lines are missing.
FACTS_TOKENS = 240
FACTS_ATTEMPTS = 1  # a missing line is left missing: a second sheet would double the first answer's wait
# Cooler than an answer: every answer draws on the sheet, so an odd fact ("a patient booked for two
# of his friends' eyes") spoils the whole interview; read on eight held-out personas, sheets
# sampled at 0.2–0.3 held together far more often than at 0.55, and still differ by seed.
FACTS_TEMPERATURE = 0.3
# Read blind in pairs (8 held-out personas), answers sampled at 0.4 made the better customer in 5
# of 8 against 0.55 (2 the other way, 1 even); no more repeated runs.
ANSWER_TEMPERATURE = 0.4
# The interviewer's question, model-written: a short one, two tries, then the guide's.
QUESTION_TOKENS = 48
QUESTION_ATTEMPTS = 2
QUESTION_TEMPERATURE = 0.5
QUESTION_WORDS = (4, 25)
# The goals the model writes questions for: those the corpus has a move of the same name for
# (tasks.MOVES), whose question must ask what the goal asks (guide.ASKS_FOR), "more", a
# follow-up of what was just said, and the close (the corpus's `close`: thanks, then what else).
# The guide judges each answer by its goal, so a question for any other goal is the guide's own.
# Probes stay the guide's: read blind in pairs on 8 held-out personas, the model's probes were
# among the worst questions and the guide's ("How many hours went on that last week?") among
# the best; the model's closes were among the best.
WRITTEN_GOALS = frozenset({*guide.ASKS_FOR, "more"} - {"close"})
FACTS_KEPT = 256  # interviews whose fact sheet the engine keeps (a resumed one writes it again: the same)


def call_seed(seed: int, *place: Any) -> int:
    """A seed per model call, from the interview's seed and the call's place; never 0."""
    return random.Random(f"{seed}:{place}").randrange(1, 2**31 - 1)


def strategy_version() -> str:
    """The declared version of what is asked and kept: with the templates' digest and the
    backend's fingerprint, it decides the interview a seed gives."""
    return STRATEGY_VERSION


def code_digest() -> str:
    """A digest of the strategy modules' code, comments and docstrings left out (their syntax
    trees), and of the word lists they read (their parsed values): what changes only when the
    code or a list does. Not in any fingerprint; the test that asks for a version bump reads it."""
    here = Path(__file__).resolve().parent
    trees = [ast.dump(_without_docstrings(ast.parse((here / name).read_text()))) for name in STRATEGY_MODULES]
    words = wordlists.digest().encode()
    return _digest([*STRATEGY_MODULES, wordlists.WORDS_FILE.name], [*(tree.encode() for tree in trees), words])


def _without_docstrings(tree: ast.Module) -> ast.Module:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


class ModelEngine(Engine):
    def __init__(
        self,
        name: str,
        backend: ChatBackend,
        templates_dir: Path,
        capacity: int | None,
    ):
        self.name = name
        self.backend = backend
        self.capacity = capacity
        self.parallel_calls = backend.parallel_calls
        self.prompts = Prompts(templates_dir)
        self.strategy = strategy_version()
        self._facts: dict[tuple[Persona, int], str] = {}
        measures.non_english_words("warm", set())  # loads the word list now (half a second), not in the first answer

    def describe(self) -> str:
        return f"{self.name} ({self.backend.describe()}, templates {self.prompts.version}, strategy {self.strategy})"

    def fingerprint(self) -> dict:
        return {
            "engine": self.name,
            **self.backend.fingerprint(),
            "templates": self.prompts.version,
            "strategy": self.strategy,
            "labels": labeller.corpus_digest(),
            "words": wordlists.digest(),
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
        self,
        persona: Persona,
        seed: int,
        history: Sequence[Turn] = (),
        length: int | None = None,
        steering: Steering | None = None,
    ) -> Iterator[Turn]:
        steering = steering or Steering()
        exchanges = length // 2 if length else None
        steps = guide.plan(seed, persona.role, exchanges, steering.questions, steering.topics)
        interviewer = self._interviewer(persona, seed, steps, requested=length is not None)
        said: list[Turn] = []
        for turn in history:  # a resumed interview: the interviewer hears its history again
            self._take(interviewer, turn)
            said.append(turn)
        grounding = vocabulary.domain_words(persona.role, persona.industry, persona.background)
        while not interviewer.finished:
            index = len(said)
            if index % 2 == 0:
                ask = interviewer.next()
                turn = self._question(persona, [*interviewer.asks, ask], said, seed, index, grounding)
            else:
                turn = self._answer(persona, said, seed, index)
            self._take(interviewer, turn, ask if index % 2 == 0 else None)
            said.append(turn)
            yield turn

    @staticmethod
    def _take(interviewer: guide.Interviewer, turn: Turn, ask: guide.Ask | None = None) -> None:
        """The interviewer notes its own question (chosen again from the same answers when
        resuming: the same) or hears the customer's answer."""
        if turn.agent == "interviewer":
            interviewer.asked(ask or interviewer.next())
        else:
            interviewer.heard_answer(turn.message)

    def _interviewer(
        self, persona: Persona, seed: int, steps: Sequence[guide.Step], requested: bool = True
    ) -> guide.Interviewer:
        """The guide's interviewer for the persona: who decides is asked of a sole trader as how
        they decided, never who signs off above them."""
        owner = sheet.owns_the_business(persona.role, persona.background)
        first_name = self._variables(persona)["first_name"]
        return guide.Interviewer(seed, steps, persona.role, first_name, requested=requested, owner=owner)

    def _variables(self, persona: Persona) -> dict[str, str]:
        return {**persona.as_dict(), "first_name": persona.name.split()[0]}

    def _question(
        self, persona: Persona, asks: list[guide.Ask], said: list[Turn], seed: int, index: int, grounding: set[str]
    ) -> Turn:
        """The question for the last of `asks` (the guide's asks so far, this one included)."""
        ask = asks[-1]
        if index == 0:
            return self._opening(persona, ask, seed)
        if _writes(ask):
            written = self._written_question(persona, asks, said, seed, index)
            if written:
                return Turn("interviewer", written, "model")
        if ask.lead or ask.focus is None:  # the guide's own lead-in (a dodge, a refusal, thanks), or none
            led = f"{ask.lead} {ask.question}".strip()
            return Turn("interviewer", ask.question if lint_question(led) else led, "template")
        # The last-resort answers are the engine's words: nothing in them to take up.
        answers = [t.message if t.provenance != "template" else "" for t in said if t.agent == "customer"]
        asked = [t.message for t in said if t.agent == "interviewer"]
        persona_words = set(measures.words(f"{persona.name} {persona.role}"))
        question = turns.follow_up(
            answers, asked, ask.question, grounding, persona_words, f"lead:{seed}", index // 2, ask.focus, ask.alone
        )
        return Turn("interviewer", question, "template")

    def _written_question(
        self, persona: Persona, asks: list[guide.Ask], said: list[Turn], seed: int, index: int
    ) -> str | None:
        """The model's question for the last ask, or None where no try passes the checks."""
        moves = [_move(ask, number) for number, ask in enumerate(asks)]
        answer = said[-1].message if said[-1].provenance != "template" else ""
        if moves[-1] == "follow_up" and not answer:
            return None  # the engine's own last-resort words: nothing to follow up
        messages = tasks.ask_messages(self.prompts, persona.as_dict(), [(t.agent, t.message) for t in said], moves)
        said_text = " ".join([*persona.as_dict().values(), *(t.message for t in said)])
        known = self._persona_words(persona) | {w for t in said for w in measures.words(t.message)}
        asked = {t.message.lower() for t in said if t.agent == "interviewer"}
        for attempt in range(QUESTION_ATTEMPTS):
            text = self.chat(messages, call_seed(seed, index, "ask", attempt), QUESTION_TOKENS, QUESTION_TEMPERATURE)
            question = " ".join(text.split()).strip("\"' ")
            if question.lower() in asked or any(measures.repeated_runs([question, t.message]) for t in said):
                continue  # asked already, or six words said before: an echo, not a question
            if good_question(question, moves[-1], asks[-1].goal, answer, known, persona.role, said_text):
                return question
        return None

    def _opening(self, persona: Persona, ask: guide.Ask, seed: int) -> Turn:
        """The guide's greeting and opening question: the first message comes at once."""
        greeting = guide.greeting(seed, self._variables(persona)["first_name"])
        return Turn("interviewer", f"{greeting} {ask.question}", "template")

    def facts(self, persona: Persona, seed: int) -> str:
        """The interview's fact sheet, written by the model from the persona once (the adapter's
        first task) and drawn on by every answer, so that answers agree with each other. The same
        persona and seed give the same sheet, so a resumed interview reads the same facts."""
        key = (persona, seed)
        if key not in self._facts:
            if len(self._facts) >= FACTS_KEPT:  # one engine serves many interviews: the oldest goes
                self._facts.pop(next(iter(self._facts)))
            self._facts[key] = self._write_facts(persona, seed)
        return self._facts[key]

    def notes(self, persona: Persona, seed: int) -> dict:
        return {"facts": self.facts(persona, seed)}

    def _write_facts(self, persona: Persona, seed: int) -> str:
        messages = tasks.facts_messages(self.prompts, persona.as_dict())
        best: dict[str, str] = {}
        for attempt in range(FACTS_ATTEMPTS):
            completion = self.complete(messages, call_seed(seed, "facts", attempt), FACTS_TOKENS, FACTS_TEMPERATURE)
            lines = completion.text.splitlines()
            if completion.finish_reason == "length":
                lines = lines[:-1]  # the line it was writing when the tokens ran out is unfinished
            found = {
                key: value
                for key, value in tasks.parse_fact_sheet("\n".join(lines)).items()
                if not measures.non_english_words(value, self._persona_words(persona) | _names(value))
            }
            if len(found) > len(best):
                best = found
            if len(best) == len(tasks.SHEET_KEYS):
                break
        # A line the model could not write is the persona's own words, never invented.
        best.setdefault("work", f"{persona.role} in {persona.industry}. {persona.background}")
        if "decides" in best:  # no owner or boss above a persona who owns the business
            best["decides"] = sheet.decides(best["decides"], persona.name, persona.role, persona.background)
        return "\n".join(f"{key.capitalize()}: {best[key]}" for key in tasks.SHEET_KEYS if key in best)

    def _persona_words(self, persona: Persona) -> set[str]:
        return set(measures.words(" ".join(persona.as_dict().values())))

    def _answer(self, persona: Persona, said: list[Turn], seed: int, index: int) -> Turn:
        facts = self.facts(persona, seed)
        messages = tasks.reply_messages(
            self.prompts, persona.as_dict(), facts, [(turn.agent, turn.message) for turn in said]
        )
        # The persona's and the fact sheet's words (names, places, tools) are words of this interview.
        allowed = self._persona_words(persona) | set(measures.words(facts))
        said_before = [t.message for t in said]
        sheet = f"{persona.background}\n{facts}"  # the counts an answer must not inflate
        asked = said[-1].message if said else ""  # the period a bare time is held to
        best: turns.Answer | None = None
        budget, attempt = ANSWER_BUDGET, 0
        while budget >= MIN_CANDIDATE_TOKENS:
            max_tokens = min(ANSWER_TOKENS, budget)
            completion = self.complete(messages, call_seed(seed, index, attempt), max_tokens, ANSWER_TEMPERATURE)
            budget -= completion.completion_tokens or max_tokens  # a backend may not count them
            attempt += 1
            answer = turns.reply(completion.text, persona.name, persona.role, allowed, said_before, sheet, asked)
            if answer is not None and answer.provenance == "model":
                return Turn("customer", answer.text, answer.provenance)
            if answer is not None and (best is None or answer.sentences > best.sentences):
                best = answer
        if best is not None:
            return Turn("customer", best.text, best.provenance)
        # No candidate survived: an honest non-answer, never the background retold.
        return Turn("customer", turns.LAST_RESORT[(index // 2) % len(turns.LAST_RESORT)], "template")

    # -- insights ---------------------------------------------------------------------------
    def analyse(self, persona: Persona, seed: int, transcript: Sequence[Message]) -> dict:
        steps = guide.plan(seed, persona.role, len(transcript) // 2)
        goals = _goals_asked(self._interviewer(persona, seed, steps), transcript)
        said = [
            (
                extractive.Answer(
                    steps[min(i // 2, len(steps) - 1)].phase,
                    m.message,
                    transcript[i - 1].message if i else "",
                    goals.get(i, ""),
                ),
                m.provenance,
            )
            for i, m in enumerate(transcript)
            if m.agent == "customer"
        ]
        # The last-resort answers are the engine's words, not the customer's: never a quote.
        answers = [a for a, provenance in said if provenance != "template"] or [a for a, _ in said]
        labels = extractive.label_answers(answers)
        journey = extractive.emotional_journey(answers, labels, guide.PHASES)
        mood = self._mood(persona, seed, answers, extractive.mood_choices(journey, labels))
        insights = extractive.build(
            persona.name,
            persona.role,
            persona.industry,
            persona.background,
            answers,
            guide.PHASES,
            mood,
            labels,
            journey,
        )
        contract.validate(insights, contract.INSIGHTS)
        return insights

    def _mood(self, persona: Persona, seed: int, answers: list[extractive.Answer], choices: list[str]) -> str:
        """The overall mood: the model chooses among the feelings the journey names (`choices`,
        extractive.mood_choices; closed vocabulary, constrained by a JSON schema); the first if it
        cannot."""
        if len(choices) < 2:
            return choices[0] if choices else "Calm"
        schema = {
            "type": "object",
            "properties": {"mood": {"enum": choices}},
            "required": ["mood"],
            "additionalProperties": False,
        }
        said = [s for answer in answers for s in measures.sentences(answer.message)][:6]
        messages = self.prompts.messages("insights_mood", **self._variables(persona), said=said, choices=choices)
        for attempt in range(3):
            raw = self.chat(messages, call_seed(seed, "mood", attempt), 16, 0.3, json_schema=schema)
            try:
                document = json.loads(raw, strict=False)
                contract.validate(document, schema)
                return document["mood"]
            except (json.JSONDecodeError, jsonschema.ValidationError):
                continue  # a backend without structured output: validated and tried again
        return choices[0]


def _goals_asked(interviewer: guide.Interviewer, transcript: Sequence[Message]) -> dict[int, str]:
    """What the guide asked each customer answer for (its goal), by index in the transcript: the
    interview's questions chosen again from the same answers, as a resumed interview replays its
    history (a team's own questions are replayed as the guide's own: extractive.answered checks
    the question asks for the goal)."""
    goals: dict[int, str] = {}
    for index, message in enumerate(transcript):
        if (
            message.agent == "interviewer"
            and len(interviewer.asks) == len(interviewer.replies)
            and not interviewer.finished
        ):
            interviewer.asked(interviewer.next())
        elif message.agent == "customer" and len(interviewer.asks) == len(interviewer.replies) + 1:
            goals[index] = interviewer.asks[-1].goal
            interviewer.heard_answer(message.message)
    return goals


def _writes(ask: guide.Ask) -> bool:
    """Whether the model may word the ask (WRITTEN_GOALS): a plain ask of such a goal, or the
    close; never what the guide says in its own words (a refusal's close, a question asked of
    one who owns the business)."""
    if ask.own_words:
        return False
    return ask.move == "close" or (not ask.lead and ask.move == "ask" and ask.goal in WRITTEN_GOALS)


def _move(ask: guide.Ask, number: int) -> str:
    """The ask task's move for one of the guide's asks."""
    if number == 0:
        return "opening"
    if ask.move in ("probe", "close"):
        return ask.move
    return ask.goal if ask.goal in tasks.MOVES else "follow_up"


def good_question(question: str, move: str, goal: str, answer: str, known: set[str], role: str, said: str) -> bool:
    """Whether a model-written question may be asked: one open question of a sensible length that
    breaks none of the guide linter's rules, has no garbled shape (question_shape.py: asked of a
    customer in `role`), uses no word outside English and the interview
    (`known`: the persona's and the interview's words, names included), names no one the
    interview did not and no number it did not say (`said`: its text; "the six suppliers" of
    five, "the hundred tickets" of three hundred), asks what its goal asks and is about what it is
    about (guide.ASKS_FOR, guide.ASKS_ABOUT), as a
    follow-up takes up a content word of `answer`, as the close thanks the customer first, and
    never speaks of the work as the interviewer's own."""
    asks_for = guide.ASKS_FOR.get(goal)
    count = len(question.split())
    names = {w.lower() for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]+", question)}
    return (
        QUESTION_WORDS[0] <= count <= QUESTION_WORDS[1]
        and measures.is_one_open_question(question)
        and not lint_question(question)
        and not question_shape.garbled(question, role)
        and not measures.non_english_words(question, known)
        and names <= known
        and not counts.numbers(question) - {1} - counts.numbers(said)  # "one" is as often "the one"
        and (asks_for is None or bool(asks_for.search(question)))
        and (goal not in guide.ASKS_ABOUT or bool(guide.ASKS_ABOUT[goal].search(question)))
        and (move != "follow_up" or measures.takes_up(question, answer))
        and (move != "close" or question.lower().startswith("thank"))
        and not INTERVIEWERS_OWN_WORK.search(question)
    )


# The interviewer speaking of the work as their own ("What else about my job should I know?"):
# the model has swapped the roles.
INTERVIEWERS_OWN_WORK = re.compile(
    r"\b(?:my|our) (?:own )?(?:job|work|role|team|business|shop|company|clients?|customers?|shifts?|week|day)\b",
    re.IGNORECASE,
)


def _digest(names: list[str], contents: list[bytes]) -> str:
    digest = hashlib.sha256()
    for name, content in zip(names, contents, strict=True):
        digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()[:12]


def _names(text: str) -> set[str]:
    """The words of `text` written with a capital (names, places, tools), lower-cased."""
    return {w for w in measures.words(text) if re.search(rf"\b{re.escape(w[:1].upper() + w[1:])}", text)}
