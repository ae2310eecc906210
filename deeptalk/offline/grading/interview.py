"""The graders of one interview, one per measure of the measures table (offline/measures.py):
each takes a finished run and gives a Count (or, for a timing, its seconds). The checks of one
text are the other grading modules'; these say which texts of the interview each one reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...records import Turn
from ..evaluation import Run
from . import consistency, customer, insights, interviewer, on_topic


@dataclass(frozen=True)
class Count:
    """What one interview (or the set) gave: how many were found, out of how many for a share,
    and a few of them to read."""

    found: int
    out_of: int | None = None
    examples: tuple[str, ...] = ()


Seconds = tuple[float, ...]
MODEL_WRITTEN = ("model", "model-edited")


# -- the texts of an interview ------------------------------------------------------------------
def said_by(run: Run, agent: str) -> list[Turn]:
    return [turn for turn in run.turns if turn.agent == agent]


def answers(run: Run) -> list[str]:
    return [turn.message for turn in said_by(run, "customer")]


def exchanges(run: Run, start: int = 1) -> list[tuple[Turn, Turn]]:
    """Each (message, the reply to it), replies from message `start` (from 0) on."""
    turns = run.turns
    return [(turns[i - 1], turns[i]) for i in range(max(start, 1), len(turns)) if turns[i - 1].agent != turns[i].agent]


def followups(run: Run) -> list[tuple[Turn, Turn]]:
    """(answer, the interviewer's next question), after the first answer."""
    return [(answer, question) for answer, question in exchanges(run, 2) if question.agent == "interviewer"]


def answered(run: Run) -> list[tuple[str, str]]:
    """(question, the customer's answer to it)."""
    return [(q.message, a.message) for q, a in exchanges(run) if a.agent == "customer"]


def customer_sentences(run: Run, skip_first: bool = False) -> list[str]:
    return [s for answer in answers(run)[1 if skip_first else 0 :] for s in insights.sentences(answer)]


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def found(texts: Sequence[str], check: Callable[[str], bool], share: bool = False, show_misses: bool = False) -> Count:
    """The texts `check` finds, counted (out of all of them, for a share), with a few examples: of
    those it finds, or of those it misses where a miss is the fault (an answer not grounded)."""
    hits = [text for text in texts if check(text)]
    shown = [text for text in texts if text not in hits] if show_misses else hits
    return Count(len(hits), len(texts) if share else None, tuple(map(_short, shown[:3])))


def listed(findings: Sequence[str], out_of: int | None = None) -> Count:
    return Count(len(findings), out_of, tuple(map(_short, findings[:3])))


# -- the customer ---------------------------------------------------------------------------------
def self_naming(run: Run) -> Count:
    return found(answers(run), lambda text: customer.self_naming(text, run.persona.name))


def role_swap(run: Run) -> Count:
    return found(answers(run), lambda text: customer.role_swap(text, run.persona.role))


def assistant_talk(run: Run) -> Count:
    return found(answers(run), customer.assistant_talk)


def stage_directions(run: Run) -> Count:
    return found(answers(run), customer.stage_directions)


def bullets(run: Run) -> Count:
    return found(answers(run), customer.bullets)


def placeholders(run: Run) -> Count:
    return found(answers(run), customer.placeholders)


def filler(run: Run) -> Count:
    return found(customer_sentences(run, skip_first=True), customer.is_filler, share=True)


def repeated_runs(run: Run) -> Count:
    return listed([" ".join(r) for r in customer.repeated_runs(t.message for t in run.turns)])


def grounded(run: Run) -> Count:
    """Against the persona's own words and the interview's fact sheet, nothing else."""
    persona = run.persona
    own = customer.persona_words([persona.role, persona.industry, persona.background, run.facts])
    return found(answers(run), lambda answer: customer.grounded(answer, own), share=True, show_misses=True)


def pain_named(run: Run) -> Count:
    said = answers(run)
    return Count(int(consistency.names_pain(said[1:-1] or said, run.persona.background)), 1)


def contradictions(run: Run) -> Count:
    sources = [run.persona.background, run.facts]
    return listed([c for answer in answers(run) for c in consistency.contradictions(answer, sources)])


def impossible_quantities(run: Run) -> Count:
    return listed([q for answer in answers(run) for q in consistency.impossible_quantities(answer)])


def repeated_sentences(run: Run) -> Count:
    return listed(consistency.repeated_sentences(answers(run)))


def recited(run: Run) -> Count:
    said = answers(run)
    return listed(consistency.recited(said), len(said))


def model_written(run: Run) -> Count:
    said = said_by(run, "customer")
    return Count(sum(len(t.message) for t in said if t.provenance in MODEL_WRITTEN), sum(len(t.message) for t in said))


# -- the interviewer ------------------------------------------------------------------------------
def not_one_open_question(run: Run) -> Count:
    return found([t.message for t in said_by(run, "interviewer")], lambda q: not interviewer.is_one_open_question(q))


def followups_taking_up(run: Run) -> Count:
    pairs = followups(run)
    return Count(sum(interviewer.takes_up(q.message, a.message) for a, q in pairs), len(pairs))


def model_followups(run: Run) -> Count:
    pairs = followups(run)
    return Count(sum(q.provenance in MODEL_WRITTEN for _, q in pairs), len(pairs))


def answers_on_topic(run: Run) -> Count:
    pairs = answered(run)
    return Count(sum(on_topic.answers(q, a) for q, a in pairs), len(pairs))


# -- the insights ---------------------------------------------------------------------------------
def _allowed_words(run: Run) -> set[str]:
    """What the persona, the fact sheet and the customer wrote: words an insight may use."""
    return set(insights.words(" ".join([*run.persona.as_dict().values(), run.facts, *answers(run)])))


def non_english_strings(run: Run) -> Count:
    allowed = _allowed_words(run)
    return found(insights.strings(run.insights), lambda text: bool(insights.not_english(text, allowed)))


def cut_strings(run: Run) -> Count:
    return found(insights.strings(run.insights), insights.is_cut)


def pleasantry_quotes(run: Run) -> Count:
    return found(insights.quotes(run.insights), insights.is_pleasantry_quote)


def _again(values: Sequence[str]) -> Count:
    seen: set[str] = set()
    repeated = []
    for value in values:
        if value in seen:
            repeated.append(value)
        seen.add(value)
    return listed(repeated)


def repeated_quotes(run: Run) -> Count:
    return _again(insights.quotes(run.insights))


def duplicate_theme_names(run: Run) -> Count:
    return _again([theme["theme"].strip().lower() for theme in run.insights["themes"]])


def supported_items(run: Run) -> Count:
    said = customer_sentences(run)
    items = insights.items(run.insights)
    unsupported = [item for item in items if not insights.supported(item, said)]
    return Count(len(items) - len(unsupported), len(items), tuple(map(_short, unsupported[:3])))


def labels_outside_vocabulary(run: Run) -> Count:
    return listed(insights.labels_outside(run.insights))


def bad_summaries(run: Run) -> Count:
    summary = run.insights["summary"]
    return listed([summary] if insights.is_bad_summary(summary, customer_sentences(run)) else [])


# -- the set --------------------------------------------------------------------------------------
def identical_journeys(runs: Sequence[Run]) -> Count:
    """Pairs of interviews of different personas given the same emotional journey."""
    journeys = [
        (tuple(phase["emotion"] for phase in run.insights["emotionalJourney"]), run.persona.name)
        for run in runs
        if not run.failure
    ]
    return listed(
        [f"{a} / {b}" for i, (ja, a) in enumerate(journeys) for jb, b in journeys[i + 1 :] if ja == jb and a != b]
    )


def failed(runs: Sequence[Run]) -> Count:
    return listed([f"{run.persona.name} seed {run.seed}: {run.failure}" for run in runs if run.failure])


# -- timings --------------------------------------------------------------------------------------
def first_message_seconds(run: Run) -> Seconds:
    return (run.first_message_s,)


def turn_seconds(run: Run) -> Seconds:
    return tuple(run.turn_s)


def answer_seconds(run: Run) -> Seconds:
    return tuple(s for s, turn in zip(run.turn_s, run.turns[1:], strict=False) if turn.agent == "customer")


def insights_seconds(run: Run) -> Seconds:
    return (run.insights_s,)
