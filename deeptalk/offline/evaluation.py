"""`deeptalk eval`: run an engine over a persona set and seeds, and measure what a reader sees.

The measures are those of deeptalk/engines/model/measures.py; this module runs the interviews, times them,
and counts. Each interview gives one row; the overall row sums the counts. Zero-targets (what
must be 0 on every interview) are listed in ZERO_TARGETS; `deeptalk eval` exits 1 when one is not.
"""

from __future__ import annotations

import functools
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .. import contract
from .. import corpus as corpus_module
from ..conversation import analyse, converse, history
from ..engines.model import guide, measures, vocabulary
from ..records import Message, Persona, Turn
from . import consistency

# Counts that must be 0, and the shares that have a floor or a ceiling (measure: (op, bound)).
ZERO_TARGETS = (
    "self_naming",
    "role_swap",
    "assistant_talk",
    "stage_directions",
    "bullets",
    "placeholders",
    "repeated_runs",
    "not_one_open_question",
    "non_english_strings",
    "cut_strings",
    "pleasantry_quotes",
    "repeated_quotes",
    "duplicate_theme_names",
    "labels_outside_vocabulary",
    "bad_summaries",
    "contradictions",
    "impossible_quantities",
    "repeated_sentences",
)
SHARE_TARGETS = {
    "filler_share": ("<=", 0.02),
    "followups_taking_up_share": (">=", 0.60),
    "grounded_share": (">=", 0.80),
    "supported_share": (">=", 0.90),
    "model_share": (">=", 0.95),
    "pain_named_share": (">=", 0.90),
    "recited_share": ("<=", 0.02),
}
# Timing targets (seconds, at most): reported beside the others, never failing a run, because
# they depend on the machine as much as on the engine (bench/ is where speed is judged).
TIMING_TARGETS = {"first_message_p50_s": 1.0, "turn_p50_s": 1.5, "turn_p99_s": 3.0, "insights_p50_s": 3.0}


@dataclass
class Run:
    """One interview as the engine produced it, with its timings."""

    persona: Persona
    seed: int
    turns: list[Turn]
    insights: dict
    first_message_s: float
    turn_s: list[float]
    insights_s: float
    failure: str | None = None
    facts: str = ""  # the interview's fact sheet, where the engine writes one


def run_interview(engine: Any, persona: Persona, seed: int, messages: int | None = None) -> Run:
    """One interview as the server runs it (conversation.py), each turn and the analysis timed."""
    transcript: list[Message] = []
    turn_s: list[float] = []
    started = time.perf_counter()

    def timed(message: Message) -> None:
        nonlocal started
        now = time.perf_counter()
        turn_s.append(now - started)
        started = now
        transcript.append(message)

    try:
        converse(engine, persona, seed, messages, timed)
        begun = time.perf_counter()
        insights = analyse(engine, persona, seed, transcript)
        insights_s = time.perf_counter() - begun
    except Exception as exc:  # an engine failure is a result to report, not a crash of the eval
        return Run(
            persona, seed, history(transcript), {}, turn_s[0] if turn_s else 0.0, turn_s[1:], 0.0, failure=str(exc)
        )
    facts = engine.notes(persona, seed).get("facts", "")
    return Run(persona, seed, history(transcript), insights, turn_s[0], turn_s[1:], insights_s, facts=facts)


def score(run: Run) -> dict[str, Any]:
    """Every measure of one interview."""
    persona, turns, insights = run.persona, run.turns, run.insights
    customer = [t for t in turns if t.agent == "customer"]
    interviewer = [t for t in turns if t.agent == "interviewer"]
    grounding = vocabulary.domain_words(persona.role, persona.industry, persona.background)
    result: dict[str, Any] = {
        "persona": persona.name,
        "role": persona.role,
        "seed": run.seed,
        "messages": len(turns),
        "failure": run.failure,
    }
    for defect in measures.CUSTOMER_DEFECTS:
        result[defect] = 0
    for turn in customer:
        for defect in measures.customer_defects(turn.message, persona.name, persona.role):
            result[defect] += 1
    later = [s for t in customer[1:] for s in measures.sentences(t.message)]
    result["filler_sentences"] = sum(measures.is_filler(s) for s in later)
    result["customer_sentences"] = len(later)
    result["repeated_runs"] = len(measures.repeated_runs(t.message for t in turns))
    result["not_one_open_question"] = sum(not measures.is_one_open_question(t.message) for t in interviewer)
    followups = [
        (turns[i].message, turns[i - 1].message) for i in range(2, len(turns)) if turns[i].agent == "interviewer"
    ]
    result["followups"] = len(followups)
    result["followups_taking_up"] = sum(measures.takes_up(q, a) for q, a in followups)
    result["grounded"] = sum(vocabulary.grounded(t.message, grounding) for t in customer)
    # Answers to the guide's questions (an engine's own questions have no known cues).
    asked = [
        (guide.expected_cues(turns[i - 1].message), turns[i].message)
        for i in range(1, len(turns))
        if turns[i].agent == "customer" and turns[i - 1].agent == "interviewer"
    ]
    asked = [(expects, answer) for expects, answer in asked if expects is not None]
    result["guide_answers"] = len(asked)
    result["on_topic"] = sum(guide.answers(answer, expects) for expects, answer in asked)
    result["customer_turns"] = len(customer)
    result.update(score_consistency(persona, [t.message for t in customer], run.facts))
    characters = sum(len(t.message) for t in customer)
    by_model = sum(len(t.message) for t in customer if t.provenance in ("model", "model-edited"))
    result["model_share"] = round(by_model / characters, 3) if characters else 0.0
    result["first_message_s"] = round(run.first_message_s, 3)
    result["turn_s"] = [round(s, 3) for s in run.turn_s]
    result["answer_s"] = [round(s, 3) for s, t in zip(run.turn_s, turns[1:], strict=False) if t.agent == "customer"]
    result["insights_s"] = round(run.insights_s, 3)
    result.update(score_insights(insights, persona, [t.message for t in customer]) if insights else {})
    return result


def score_consistency(persona: Persona, answers: Sequence[str], facts: str) -> dict[str, Any]:
    """The customer as one person (consistency.py): their own pain named in a problem-phase answer
    (not the first or the last), no count that differs from the persona's or the fact sheet's, no
    impossible quantity, no sentence said twice, nothing recited from the training corpus."""
    sources = [persona.background, facts]
    contradicting = [c for answer in answers for c in consistency.contradictions(answer, sources)]
    impossible = [q for answer in answers for q in consistency.impossible_quantities(answer)]
    recited = [run for answer in answers for run in corpus_index().recited(answer)[:1]]
    return {
        "pain_named": int(consistency.names_pain(answers[1:-1] or answers, persona.background)),
        "contradictions": len(contradicting),
        "impossible_quantities": len(impossible),
        "repeated_sentences": len(consistency.repeated_sentences(answers)),
        "recited": len(recited),
        "consistency_examples": (contradicting + impossible + recited)[:3],
    }


@functools.lru_cache(maxsize=1)
def corpus_index() -> corpus_module.RunIndex:
    """The training corpus's customer answers as 8-word runs (read once)."""
    return corpus_module.RunIndex(corpus_module.corpus())


def score_insights(insights: dict, persona: Persona, said: Sequence[str]) -> dict[str, Any]:
    allowed = set(measures.words(" ".join(persona.as_dict().values())))
    strings = measures.insight_strings(insights)
    said_sentences = [s for text in said for s in measures.sentences(text)]
    quotes = contract.quotes_of(insights)
    names = [theme["theme"].strip().lower() for theme in insights["themes"]]
    items = measures.insight_items(insights)
    labels = (
        [insights["overallMood"]]
        + [t["emotionalTone"] for t in insights["themes"]]
        + [p["emotion"] for p in insights["emotionalJourney"]]
    )
    outside = sum(label not in vocabulary.LABELS for label in labels)
    outside += sum(theme["underlyingNeed"] not in vocabulary.NEEDS for theme in insights["themes"])
    summary = insights["summary"]
    summary_sentences = len(measures.sentences(summary))
    in_their_words = any(_shares_a_run(summary, s, 4) for s in said_sentences)
    return {
        "insight_strings": len(strings),
        "non_english_strings": sum(bool(measures.non_english_words(s, allowed)) for s in strings),
        "non_english_examples": [w for s in strings for w in measures.non_english_words(s, allowed)][:5],
        "cut_strings": sum(measures.is_cut(s) for s in strings),
        "quotes": len(quotes),
        "pleasantry_quotes": sum(measures.is_filler(q) for q in quotes),
        "repeated_quotes": len(quotes) - len(set(quotes)),
        "duplicate_theme_names": len(names) - len(set(names)),
        "items": len(items),
        "supported_items": sum(measures.supported(item, said_sentences) for item in items),
        "labels_outside_vocabulary": outside,
        "bad_summaries": int(not (2 <= summary_sentences <= 4 and in_their_words)),
        "journey": [phase["emotion"] for phase in insights["emotionalJourney"]],
    }


def _shares_a_run(text: str, sentence: str, length: int) -> bool:
    tokens = measures.words(sentence)
    haystack = " ".join(measures.words(text))
    return any(" ".join(tokens[i : i + length]) in haystack for i in range(len(tokens) - length + 1))


def overall(rows: Sequence[dict]) -> dict[str, Any]:
    """The set's totals and shares, and the timings' medians and p99."""
    done = [row for row in rows if not row["failure"]]
    total = {
        key: sum(row.get(key, 0) for row in done)
        for key in (
            *ZERO_TARGETS,
            "filler_sentences",
            "customer_sentences",
            "followups",
            "followups_taking_up",
            "grounded",
            "customer_turns",
            "on_topic",
            "guide_answers",
            "items",
            "supported_items",
            "insight_strings",
            "quotes",
            "pain_named",
            "recited",
        )
    }
    total["interviews"], total["failed"] = len(rows), len(rows) - len(done)
    total["filler_share"] = _share(total["filler_sentences"], total["customer_sentences"])
    total["followups_taking_up_share"] = _share(total["followups_taking_up"], total["followups"])
    total["grounded_share"] = _share(total["grounded"], total["customer_turns"])
    total["on_topic_share"] = _share(total["on_topic"], total["guide_answers"])
    total["supported_share"] = _share(total["supported_items"], total["items"])
    total["pain_named_share"] = _share(total["pain_named"], len(done))
    total["recited_share"] = _share(total["recited"], total["customer_turns"])
    total["model_share"] = round(statistics.mean(row["model_share"] for row in done), 3) if done else 0.0
    journeys = [(row["journey"], row["persona"]) for row in done]
    total["identical_journeys_across_personas"] = sum(
        1 for i, (a, pa) in enumerate(journeys) for b, pb in journeys[i + 1 :] if a == b and pa != pb
    )
    turns = sorted(s for row in done for s in row["turn_s"])
    total["first_message_p50_s"] = _median(row["first_message_s"] for row in done)
    total["turn_p50_s"] = _median(turns)
    total["turn_p99_s"] = round(turns[min(len(turns) - 1, int(0.99 * len(turns)))], 3) if turns else 0.0
    answers = sorted(s for row in done for s in row["answer_s"])
    total["answer_p50_s"] = _median(answers)
    total["answer_p99_s"] = round(answers[min(len(answers) - 1, int(0.99 * len(answers)))], 3) if answers else 0.0
    total["insights_p50_s"] = _median(row["insights_s"] for row in done)
    return total


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _median(values) -> float:
    values = list(values)
    return round(statistics.median(values), 3) if values else 0.0


def missed_timings(total: dict) -> list[str]:
    """Each timing target the totals miss, as one line."""
    return [
        f"{name} = {total[name]} (target <= {bound})" for name, bound in TIMING_TARGETS.items() if total[name] > bound
    ]


def missed_targets(total: dict) -> list[str]:
    """Each target the totals miss, as one line."""
    missed = [f"{name} = {total[name]} (target 0)" for name in ZERO_TARGETS if total[name]]
    if total["failed"]:
        missed.append(f"{total['failed']} interviews failed")
    for name, (op, bound) in SHARE_TARGETS.items():
        value = total[name]
        if (op == "<=" and value > bound) or (op == ">=" and value < bound):
            missed.append(f"{name} = {value} (target {op} {bound})")
    if total["identical_journeys_across_personas"]:
        missed.append(f"identical_journeys_across_personas = {total['identical_journeys_across_personas']} (target 0)")
    return missed


COLUMNS = (
    ("persona", "persona"),
    ("seed", "seed"),
    ("msgs", "messages"),
    ("name", "self_naming"),
    ("role", "role_swap"),
    ("asst", "assistant_talk"),
    ("stage", "stage_directions"),
    ("bul", "bullets"),
    ("ph", "placeholders"),
    ("fill", "filler_sentences"),
    ("rep6", "repeated_runs"),
    ("!1q", "not_one_open_question"),
    ("up", "followups_taking_up"),
    ("grd", "grounded"),
    ("ans", "on_topic"),
    ("!en", "non_english_strings"),
    ("cut", "cut_strings"),
    ("plq", "pleasantry_quotes"),
    ("rq", "repeated_quotes"),
    ("dth", "duplicate_theme_names"),
    ("sup", "supported_items"),
    ("lab", "labels_outside_vocabulary"),
    ("sum", "bad_summaries"),
    ("pain", "pain_named"),
    ("contra", "contradictions"),
    ("imposs", "impossible_quantities"),
    ("repS", "repeated_sentences"),
    ("recit", "recited"),
    ("model", "model_share"),
    ("1st s", "first_message_s"),
    ("ins s", "insights_s"),
)


def table(rows: Sequence[dict], total: dict) -> str:
    """A plain-text table: one line per interview, then the totals and the targets."""
    header = [title for title, _ in COLUMNS]
    lines = [header]
    for row in rows:
        if row["failure"]:
            lines.append([row["persona"], str(row["seed"]), f"FAILED: {row['failure']}"])
            continue
        cells = []
        for _title, key in COLUMNS:
            value = row.get(key, "")
            if key == "followups_taking_up":
                value = f"{row[key]}/{row['followups']}"
            elif key == "grounded":
                value = f"{row[key]}/{row['customer_turns']}"
            elif key == "on_topic":
                value = f"{row[key]}/{row['guide_answers']}"
            elif key == "supported_items":
                value = f"{row[key]}/{row['items']}"
            elif key == "filler_sentences":
                value = f"{row[key]}/{row['customer_sentences']}"
            cells.append(str(value))
        lines.append(cells)
    widths = [
        max(len(line[i]) for line in lines if i < len(line) and len(line) == len(header)) for i in range(len(header))
    ]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        if len(line) == len(header)
        else "  ".join(line)
        for line in lines
    ]
    text.append("")
    for key, value in total.items():
        text.append(f"{key}: {value}")
    missed = missed_targets(total)
    text.append("targets: all met" if not missed else "targets missed:\n  " + "\n  ".join(missed))
    slow = missed_timings(total)
    text.append(
        "timing targets (reported, not gated): " + ("all met" if not slow else "missed:\n  " + "\n  ".join(slow))
    )
    return "\n".join(text) + "\n"


def load_personas(path: Path) -> list[Persona]:
    """A JSON list of personas, or one persona, with the contract's fields; or corpus records
    (a .jsonl file, or a folder of them: the held-out set), their personas."""
    from ..validation import parse_persona

    if path.is_dir() or path.suffix == ".jsonl":
        return [parse_persona(record.persona) for record in corpus_module.read([path])]
    data = json.loads(path.read_text(encoding="utf-8"))
    return [parse_persona(item) for item in (data if isinstance(data, list) else [data])]
