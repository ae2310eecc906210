"""The measures table: every measure `deeptalk eval` reports, stated once.

Each measure has a name (its key in the JSON), a column (its header in the table, or none for one
shown only overall), a kind and a target, the function that grades one interview (or, for a
measure of the whole set, the set) and a help text. `deeptalk eval`'s table, its totals and missed
targets, and the README's measures table (measures_readme.py) are all made from MEASURES.

The graders are the offline package's own (grading/): never the function an engine used to keep
or drop the same text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from .evaluation import Run
from .grading import interview as one
from .grading.interview import Count, Seconds


class Kind(Enum):
    ZERO = "zero"  # a count that must be 0 over the set
    AT_LEAST = "at least"  # a share with a floor
    AT_MOST = "at most"  # a share with a ceiling
    REPORTED = "reported"  # a share shown without a target
    TIMING = "timing"  # seconds, at most: shown, never failing a run (they depend on the machine)


@dataclass(frozen=True)
class Measure:
    name: str
    column: str | None
    kind: Kind
    target: float | None  # None: a zero-measure's (always 0), or a measure shown without a target
    grade: Callable[[Run], Count | Seconds] | None  # one interview; None for a measure of the set
    help: str
    across: Callable[[Sequence[Run]], Count] | None = None  # a measure of the set, not of one interview
    quantile: float = 0.5  # timings: the statistic shown

    def target_text(self) -> str:
        if self.kind is Kind.ZERO:
            return "0"
        if self.target is None:
            return "reported"
        if self.kind is Kind.TIMING:
            return f"≤ {self.target:g} s"
        return f"{'≥' if self.kind is Kind.AT_LEAST else '≤'} {self.target:.0%}"

    def met(self, value: float) -> bool:
        if self.kind is Kind.ZERO:
            return value == 0
        if self.target is None or self.kind is Kind.REPORTED:
            return True
        return value >= self.target if self.kind is Kind.AT_LEAST else value <= self.target

    @property
    def gated(self) -> bool:
        """Whether missing the target makes `deeptalk eval` exit 1."""
        return self.kind in (Kind.ZERO, Kind.AT_LEAST, Kind.AT_MOST)


# fmt: off
MEASURES: tuple[Measure, ...] = (
    # -- the customer ---------------------------------------------------------------------------
    Measure("self_naming", "name", Kind.ZERO, None, one.self_naming,
            "customer turns that say the persona's own name (first or full, written as a name)"),
    Measure("role_swap", "role", Kind.ZERO, None, one.role_swap,
            "customer turns that hand the persona's role to the interviewer (\"your role as Dairy Farmer\", "
            "\"Your day is…\", \"You're a ward nurse\")"),
    Measure("assistant_talk", "asst", Kind.ZERO, None, one.assistant_talk,
            "customer turns that talk like an assistant (\"I don't have the ability\", \"at your service\", "
            "\"any inconvenience\")"),
    Measure("stage_directions", "stage", Kind.ZERO, None, one.stage_directions,
            "customer turns with stage directions: `(pauses)`, `*sighs*`"),
    Measure("bullets", "bul", Kind.ZERO, None, one.bullets,
            "customer turns with a list: a line or a sentence opening on a dash, a bullet or a number"),
    Measure("placeholders", "ph", Kind.ZERO, None, one.placeholders,
            "customer turns with brackets, braces or a stock name left in (`[Company Name]`, XYZ)"),
    Measure("filler", "fill", Kind.AT_MOST, 0.02, one.filler,
            "customer sentences after the first answer that are a pleasantry and nothing else (\"I'm glad to "
            "hear that.\"; \"I don't know.\" is no pleasantry: `ans` counts it)"),
    Measure("repeated_runs", "rep6", Kind.ZERO, None, one.repeated_runs,
            "runs of 6 words (inside a sentence) said more than once in the transcript"),
    Measure("grounded", "grd", Kind.AT_LEAST, 0.80, one.grounded,
            "customer answers that use a content word of the persona's own words: its role, industry and "
            "background, and the interview's fact sheet (no vocabulary of any line of work)"),
    Measure("pain_named", "pain", Kind.AT_LEAST, 0.90, one.pain_named,
            "interviews where a problem-phase answer (not the first, not the last) uses a content word of "
            "the persona's own background"),
    Measure("contradictions", "contra", Kind.ZERO, None, one.contradictions,
            "counts in an answer that differ from the count the persona or the interview's fact sheet gives "
            "for the same thing and period, stated as the persona's own (\"we have three people\" against \"a "
            "kitchen of nine\"; \"two of my nine cooks\" is a part)"),
    Measure("impossible_quantities", "imposs", Kind.ZERO, None, one.impossible_quantities,
            "quantities no clock or calendar allows: \"21 days a week\", \"9 days out of every day\", "
            "\"25 hours a day\", \"8 out of 7\", over 100%"),
    Measure("repeated_sentences", "repS", Kind.ZERO, None, one.repeated_sentences,
            "customer sentences (4 words or more) said twice in one interview"),
    Measure("recited", "recit", Kind.AT_MOST, 0.02, one.recited,
            "customer answers holding a run of 8 words that is in the training corpus (`training/corpus/`): "
            "recited, not generalised"),
    Measure("model_written", "model", Kind.AT_LEAST, 0.95, one.model_written,
            "the customer's text (in characters) written by the model: provenance `model` or `model-edited`"),
    # -- the interviewer ------------------------------------------------------------------------
    Measure("not_one_open_question", "!1q", Kind.ZERO, None, one.not_one_open_question,
            "interviewer turns that are not exactly one open question: one `?`, at the end, its asking "
            "clause opening on a question word or asking to be told (\"Can you walk me through…\"), not on "
            "an auxiliary (\"Do you…?\")"),
    Measure("followups_taking_up", "up", Kind.AT_LEAST, 0.80, one.followups_taking_up,
            "follow-ups (interviewer turns after the first answer) whose question itself uses a content word "
            "of the answer just given: a lead-in that names a word before a stock question does not count"),
    Measure("model_followups", "mfu", Kind.AT_LEAST, 0.60, one.model_followups,
            "follow-ups written by the model (provenance `model` or `model-edited`), not the guide's fallback"),
    Measure("on_topic", "ans", Kind.REPORTED, None, one.answers_on_topic,
            "answers that answer the question: no dodge (\"I don't know\", \"I'd rather not say\"), and what "
            "its kind asks for (a reason for a why, a feeling for a feeling, an action for what was tried, an "
            "amount or a loss for a cost, a person for who decides, a past event for the last time)"),
    # -- the insights ---------------------------------------------------------------------------
    Measure("non_english_strings", "!en", Kind.ZERO, None, one.non_english_strings,
            "insight strings (all but quotes, emojis and phase names) with a word in no English word list "
            "(`wordfreq`) that neither the persona, the fact sheet nor the customer wrote"),
    Measure("cut_strings", "cut", Kind.ZERO, None, one.cut_strings,
            "insight strings cut mid-phrase: ending on a function word, a comma, a dash or an ellipsis"),
    Measure("pleasantry_quotes", "plq", Kind.ZERO, None, one.pleasantry_quotes,
            "quotes that are a pleasantry and nothing else"),
    Measure("repeated_quotes", "rq", Kind.ZERO, None, one.repeated_quotes,
            "quotes used more than once"),
    Measure("duplicate_theme_names", "dth", Kind.ZERO, None, one.duplicate_theme_names,
            "theme names used more than once (letter case aside)"),
    Measure("supported_items", "sup", Kind.AT_LEAST, 0.90, one.supported_items,
            "insight items (desires, fears, aspirations, context, opportunities, needs) with a content word "
            "the customer said and did not negate (\"less paperwork\" is not supported by \"we have "
            "no paperwork\")"),
    Measure("labels_outside_vocabulary", "lab", Kind.ZERO, None, one.labels_outside_vocabulary,
            "moods, tones and journey emotions that are no feeling, and themes that are no theme, of the "
            "corpus's closed vocabularies (`training/schema.json`; a strong feeling, \"Deeply Worried\", and "
            "a journey phase's turn from one feeling to another, \"Calm, then Worried\", are allowed)"),
    Measure("bad_summaries", "sum", Kind.ZERO, None, one.bad_summaries,
            "summaries that are not 2–4 sentences naming the problem in the customer's words (a run of 4 of "
            "their words) or saying honestly that no specific problem was named"),
    # -- the set --------------------------------------------------------------------------------
    Measure("identical_journeys_across_personas", None, Kind.ZERO, None, None,
            "pairs of interviews of different personas given the same emotional journey",
            across=one.identical_journeys),
    Measure("failed", None, Kind.ZERO, None, None,
            "interviews the engine could not finish (an engine error, or no insights)",
            across=one.failed),
    # -- timings: reported, never failing a run (they depend on the machine; bench/ judges speed) ---
    Measure("first_message_p50_s", "1st s", Kind.TIMING, 1.0, one.first_message_seconds,
            "seconds to the first message, p50"),
    Measure("turn_p50_s", None, Kind.TIMING, 1.5, one.turn_seconds,
            "seconds between messages after the first, p50"),
    Measure("turn_p99_s", None, Kind.TIMING, 3.0, one.turn_seconds,
            "seconds between messages after the first, p99", quantile=0.99),
    Measure("answer_p50_s", None, Kind.TIMING, None, one.answer_seconds,
            "seconds to each customer answer, p50"),
    Measure("answer_p99_s", None, Kind.TIMING, None, one.answer_seconds,
            "seconds to each customer answer, p99", quantile=0.99),
    Measure("insights_p50_s", "ins s", Kind.TIMING, 3.0, one.insights_seconds,
            "seconds to draw the insights once the last message is out, p50"),
)
# fmt: on
BY_NAME = {measure.name: measure for measure in MEASURES}
