"""The model engines' insights, built by code from the customer's own sentences.

A 135M model cannot summarise faithfully: asked to, it invents words and cuts phrases at its
length bound. So every item here is something the customer said (a whole sentence, never cut).
What each answer is about (its theme, feeling and kind) is read by the labeller, a model trained
on the corpus writers' labels (labeller.py); a sentence is filed under a field only where its
answer's kind feeds that field and the sentence itself passes the field's check in classifier.py:
a fear tells of a problem in an answer about a problem, an incident or a cost; a refusal, a dodge
or an "I don't know" is never filed. A field is left short rather than filled with a sentence that
does not fit: the contract sets no minimum. Theme names and needs come from the closed
vocabularies in vocabulary.py; opportunities are written from the problems described
(phrasing.py); the emotional journey reads each phase's own answers. Quotes are the sentences
themselves, so they are verbatim by construction.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

from ... import contract
from . import classifier, guide, labeller, measures, phrasing, vocabulary
from .classifier import Reading
from .labeller import Labels
from .turns import NOT_NOUNS

MAX_ITEM_CHARS = 160  # a longer sentence is not cut: another is chosen
MIN_WORDS = 5  # a shorter sentence ("August.") is quoted with the sentence it leads into
ITEMS = {"fearsOrFrustrations": 3}  # most items a field holds; the others: DEFAULT_ITEMS
DEFAULT_ITEMS = 2
OPPORTUNITIES = 3

# The phases whose questions each field's sentences answer: preferred among those that fit.
PHASE_OF_FIELD = {
    "coreDesires": ("Vision",),
    "aspirations": ("Vision", "Closure"),
    "fearsOrFrustrations": ("Problem Discovery", "Deep Dive"),
    "preventionBarriers": ("Deep Dive",),
    "whenProblemFelt": ("Opening", "Problem Discovery"),
    "triggersMoments": ("Deep Dive",),
}
PROBLEM_PHASES = ("Problem Discovery", "Deep Dive")


class Answer(NamedTuple):
    """One customer answer: the phase it was given in, the message, and the question it answers."""

    phase: str
    message: str
    question: str = ""


@dataclass(frozen=True)
class Said:
    """One sentence the customer said, the phase it was said in, what it says, and the labels of
    the answer it is part of."""

    text: str
    phase: str
    index: int  # order in the interview
    reading: Reading
    labels: Labels
    turn: int  # which answer it is part of


# Kinds of answer no desire or aspiration is filed from: the non-answers (nothing is quoted from
# them at all) and pushback, whose "build it for the blokes on the floors" is no want of theirs.
NON_ANSWER_KINDS = classifier.NON_ANSWER_KINDS
NO_WISH_KINDS = NON_ANSWER_KINDS | {"pushback"}


def _spans(answer: str) -> list[tuple[int, int]]:
    """Where each sentence of the answer stands in it."""
    spans, at = [], 0
    for sentence in measures.sentences(answer):
        start = answer.find(sentence, at)
        if start >= 0:
            spans.append((start, start + len(sentence)))
            at = start + len(sentence)
    return spans


def quotable(answer: str) -> list[str]:
    """The answer's sentences, verbatim; a short one that is no pleasantry ("August.") joined to the
    sentence after it, which it dates or introduces."""
    found, spans, i = [], _spans(answer), 0
    while i < len(spans):
        start, end = spans[i]
        while len(answer[start:end].split()) < MIN_WORDS and i + 1 < len(spans):
            if measures.is_filler(answer[start:end]) or spans[i + 1][1] - start > MAX_ITEM_CHARS:
                start = spans[i + 1][0]
            end = spans[i + 1][1]
            i += 1
        found.append(answer[start:end])
        i += 1
    return found


def label_answers(answers: Sequence[Answer]) -> list[Labels]:
    """The labeller's labels of each answer, read with its question; a feeling said outright ("I
    hate it when…") is that feeling whatever the model reads (the corpus rarely says one outright,
    so the model has little to learn it from)."""
    model = labeller.trained()
    found = []
    for a in answers:
        labels = model.label(a.question, a.message)
        said = classifier.feeling_said(a.message)
        if said:
            outright = {"feeling": {said: 1.0}, "feeling_balanced": {said: 1.0}}
            labels = dataclasses.replace(labels, feeling=said, posterior={**labels.posterior, **outright})
        found.append(labels)
    return found


def said_sentences(
    answers: Sequence[tuple[str, ...]], persona_words: set[str], labels: Sequence[Labels] | None = None
) -> list[Said]:
    """The customer's sentences worth quoting (not filler, not too long, English, whole), each read
    in the context of its answer. `answers`: (phase, message[, question]); `labels`: the
    answers' labels where already read."""
    answers = [Answer(*a) for a in answers]
    labels = labels if labels is not None else label_answers(answers)
    found = []
    for turn, ((phase, answer, _), labelled) in enumerate(zip(answers, labels, strict=True)):
        for sentence in quotable(answer):
            if (
                measures.is_filler(sentence)
                or len(sentence) > MAX_ITEM_CHARS
                or len(sentence.split()) < MIN_WORDS
                or measures.is_cut(sentence)
                or measures.non_english_words(sentence, persona_words)
                or sentence.endswith("?")
                or not (sentence[0].isalnum() or sentence[0] in "\"'“‘")  # ", which means…": a clause cut off
            ):
                continue
            found.append(Said(sentence, phase, len(found), classifier.read(sentence, answer), labelled, turn))
    return found


def fits(said: Said, field: str) -> bool:
    """Whether a sentence may be filed under `field`: its answer is of a kind that feeds the field
    (a problem told in an answer about today's tool is a barrier, not a fear), and the sentence
    passes the field's own check; in an answer about what they tried or use, a sentence that tells
    of a problem is a barrier too. Desires and aspirations are said outright ("I want", "we hope")
    in answers of any kind but a non-answer."""
    reading, kind = said.reading, said.labels.kind
    if kind in NON_ANSWER_KINDS or reading.non_answer:
        return False
    if field in OPEN_FIELDS:
        return kind not in NO_WISH_KINDS and classifier.FIELD_CHECKS[field](reading)
    if field not in classifier.KIND_FIELDS[kind]:
        return False
    return classifier.FIELD_CHECKS[field](reading) or (field == "preventionBarriers" and reading.problem > 0)


OPEN_FIELDS = frozenset({"coreDesires", "aspirations"})


def pick(pool: Sequence[Said], field: str, used: set[str]) -> list[str]:
    """The sentences that fit `field`, each used once: those that fit no other field first, then
    those said in the field's phases, the most problems, the earliest."""
    phases = PHASE_OF_FIELD[field]
    candidates = [s for s in pool if fits(s, field) and s.text not in used]

    def rank(said: Said) -> tuple:
        others = sum(fits(said, name) for name in classifier.FIELD_CHECKS if name != field)
        return (others, said.phase not in phases, -said.reading.problem, said.index)

    chosen = [s.text for s in sorted(candidates, key=rank)][: ITEMS.get(field, DEFAULT_ITEMS)]
    used.update(chosen)
    return chosen


# -- the summary ---------------------------------------------------------------------------------
def _things(words: Iterable[str]) -> set[str]:
    """The stems of content words that name things: not "missing" (a problem), "years" or "January"."""
    vague = phrasing.GENERIC | phrasing.TIME_WORDS
    return {
        measures.stem(w)
        for w in words
        if len(w) >= 4
        and w not in measures.STOPWORDS
        and w not in vague
        and w.removesuffix("s") not in vague
        and not classifier.problem_cues(w)
    }


def key_stems(own_words: set[str], answers: Sequence[Answer]) -> tuple[set[str], set[str]]:
    """The things the interview is about: the persona's own (role, industry, background), and
    those the customer named in two answers or more."""
    said = Counter(w for a in answers for w in set(measures.content_words(a.message)))
    return _things(own_words), _things({w for w, n in said.items() if n >= 2})


def main_problem(pool: Sequence[Said], phases: Sequence[str], stems: tuple[set[str], set[str]]) -> str | None:
    """The sentence that names the persona's pain: a problem and a thing of their work or of the
    interview, from the problem phases (else any phase but the opening: a short interview's
    phases are few); one naming the persona's own things first, then the one with most problem
    and things; None where none does."""
    own, talked_of = stems
    problem_phases = [p for p in PROBLEM_PHASES if p in phases] or list(phases[1:-1])

    def rank(said: Said) -> tuple:
        found = measures.stems(said.text)
        things = len(found & (own | talked_of))
        return (
            said.phase not in problem_phases,
            -min(len(found & own), 2),
            -min(things, 2) - min(said.reading.problem, 2),
        )

    candidates = [
        s
        for s in pool
        if s.phase != (phases[0] if phases else None)
        and s.reading.problem
        and s.labels.kind not in NON_ANSWER_KINDS
        and measures.stems(s.text) & (own | talked_of)
        and len(s.text.split()) >= 6
    ]
    best = min(candidates, key=lambda s: (*rank(s), s.index), default=None)
    return best.text if best else None


def summary(persona_name: str, role: str, industry: str, problem: str | None, desire: str | None) -> str:
    text = f"{persona_name} works in {industry} as {guide.role_phrase(role)}."
    if problem:
        text += f' In their own words, the main problem is this: "{problem}"'
    else:
        text += " They did not name a specific problem in this interview."
    return text + (f' What would help: "{desire}"' if desire else "")


# -- themes and feelings ------------------------------------------------------------------------
def _feeling(labels: Sequence[Labels], among: Iterable[str] | None = None) -> str | None:
    """The feeling most of the answers show, each answer voting for its likeliest feeling: by the
    labeller's own posterior; among `among` where given, by the balanced posterior, which tells
    the less common feelings apart. Ties go to the larger summed posterior, then the
    vocabulary's order. None where no answer shows any of them."""
    allowed = list(among) if among is not None else list(vocabulary.FEELINGS)
    posterior = "feeling" if among is None else "feeling_balanced"
    votes: Counter = Counter()
    total: Counter = Counter()
    for label in labels:
        shown = {f: label.posterior[posterior].get(f, 0.0) for f in allowed}
        best = max(allowed, key=lambda f: (shown[f], -allowed.index(f)))
        if shown[best] > 0:
            votes[best] += 1
            total.update(shown)
    if not votes:
        return None
    return max(votes, key=lambda f: (votes[f], total[f], -allowed.index(f)))


def _tone(quotes: Sequence[Said], theme: str) -> str | None:
    """The feeling of the answers quoted; about a problem (a problem theme, or a quote that tells
    of one), a negative one: nobody is calm or proud about tools that fail. None where they show
    none that fits."""
    turns = list({s.turn: s.labels for s in quotes}.values())
    about_problem = theme in classifier.PROBLEM_THEMES or any(q.reading.problem for q in quotes)
    return _feeling(turns, NEGATIVE if about_problem else None)


def themes(pool: Sequence[Said], count: int = 3, quotes_each: int = 2) -> list[dict]:
    """The themes the labeller reads in most answers (not in non-answers), each with quotes from
    different answers: the sentence of each answer that speaks most of the theme (a problem
    theme's: one that tells of a problem first), and the feeling those answers show."""
    model = labeller.trained()
    answers: dict[int, list[Said]] = {}
    for said in pool:
        if (
            said.labels.theme in vocabulary.THEMES
            and said.labels.kind not in NON_ANSWER_KINDS
            and not said.reading.non_answer
            and model.theme_score(said.text, said.labels.theme) > 0  # the sentence itself reads so
        ):
            answers.setdefault(said.turn, []).append(said)
    by_theme: dict[str, list[list[Said]]] = {}
    for sentences in answers.values():
        by_theme.setdefault(sentences[0].labels.theme, []).append(sentences)
    said = [s.text for s in pool]

    def weight(name: str) -> tuple:
        return (-len(by_theme[name]), -sum(a[0].labels.sure("theme") for a in by_theme[name]), name)

    chosen = []
    for name in sorted(by_theme, key=weight):
        if len(chosen) == count:
            break
        best_answers = sorted(by_theme[name], key=lambda a: (-a[0].labels.sure("theme"), a[0].index))
        quotes = [
            max(
                sentences,
                key=lambda s: (
                    bool(s.reading.problem) or name not in classifier.PROBLEM_THEMES,
                    model.theme_score(s.text, name),
                    -s.index,
                ),
            )
            for sentences in best_answers[:quotes_each]
        ]
        tone = _tone(quotes, name)
        need = _need(name, [s.text for sentences in by_theme[name] for s in sentences], said)
        if tone is None or need is None:
            continue
        chosen.append(
            {"theme": name, "quotes": [s.text for s in quotes], "emotionalTone": tone, "underlyingNeed": need}
        )
    return chosen


def _need(theme: str, about: Sequence[str], said: Sequence[str]) -> str | None:
    """The theme's need (its closed list) that the customer's words back: those of the answers
    read as the theme first, then anything they said. None where their words back none: a theme
    whose need would be a guess ("Financial security" of a customer who spoke of shifts) is not
    shown. (Read blind, needs from the theme's own answers only left too few themes: the reader
    preferred the themes kept this way in 5 pairs of 8, 2 the other way.)"""
    needs = vocabulary.THEMES[theme]
    return next((n for sentences in (about, said) for n in needs if _backs(n, sentences)), None)


def _backs(need: str, sentences: Sequence[str]) -> bool:
    """Some sentence says a word that tells the need, not negated: "That I'm not paid for my
    shift" backs no "Getting paid on time"."""
    telling = tuple(sorted(_root(w) for w in measures.content_words(need) if w not in vocabulary.NEED_SHAPE))
    return bool(telling) and any(classifier.count(sentence, telling) for sentence in sentences)


def _root(word: str) -> str:
    """A word, its plural aside ("invoices" is "invoice", "families" is "family"): the matcher
    adds the endings back."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def journey(phases: Sequence[str], labels: Sequence[tuple[str, Labels, bool]]) -> list[dict]:
    """Each phase's feeling, from (phase, labels, whether it names a problem) of each answer:
    where the labeller reads an answer of the phase as telling of a problem (a problem, an
    incident, a cost, a cause) and it names one, the negative feeling those answers show
    most (the corpus writers gave such answers a negative feeling nine times in ten); else the
    feeling its answers show most, by the balanced posterior (the labeller's own reads "Calm"
    in seven answers of ten, and journeys would all look alike). Strong ("Deeply …") where every
    answer of the phase, two at least, shows that negative feeling surely; a turn ("Calm, then
    Frustrated") where another answer of the phase shows another feeling, in the order the
    answers came. A phase without answers carries the feeling before it on (the first phase:
    Calm)."""
    steps, last = [], "Calm"
    for phase in phases:
        own = [
            (label, told and label.kind in PROBLEM_KINDS)
            for answer_phase, label, told in labels
            if answer_phase == phase
        ]
        emotion = last
        if own:
            about_problem = [label for label, problem in own if problem]
            last = (
                (_feeling(about_problem, NEGATIVE) if about_problem else None)
                or _feeling([label for label, _ in own], FEELINGS)
                or last
            )
            shown = [_shown(label, NEGATIVE if problem and last in NEGATIVE else FEELINGS) for label, problem in own]
            emotion = _phase_emotion(last, shown, [label for label, _ in own])
        steps.append({"phase": phase, "emotion": emotion, "emoji": vocabulary.EMOJIS[last]})
    return steps


def _shown(label: Labels, among: Sequence[str]) -> str:
    """The feeling one answer shows most among `among`, by the balanced posterior; among all the
    feelings where it shows none of those (a feeling it says outright is its only one)."""
    shown = label.posterior["feeling_balanced"]
    if not any(shown.get(f, 0.0) > 0 for f in among):
        among = FEELINGS
    return max(among, key=lambda f: (shown.get(f, 0.0), -among.index(f)))


def _phase_emotion(main: str, shown: Sequence[str], labels: Sequence[Labels]) -> str:
    """The phase's emotion: `main`; "Deeply" so where every answer, two at least, shows it surely
    and it is a negative one; or "X, then Y" where another answer shows another feeling."""
    if (
        len(labels) >= 2
        and main in NEGATIVE
        and all(label.feeling == main and label.sure("feeling") >= DEEPLY_SURE for label in labels)
    ):
        return f"Deeply {main}"
    other = next((f for f in shown if f != main), None)
    if other is None:
        return main
    main_first = main not in shown or shown.index(main) < shown.index(other)
    first, second = (main, other) if main_first else (other, main)
    return f"{first}{vocabulary.TURN}{second}"


FEELINGS = tuple(vocabulary.FEELINGS)  # all of them, weighed by the balanced posterior
NEGATIVE = tuple(f for f in FEELINGS if f not in classifier.POSITIVE_FEELINGS)
# Kinds of answer that tell of a problem: their phase's feeling is a negative one.
PROBLEM_KINDS = frozenset({"problem", "incident", "cost", "cause"})


def feelings_shown(labels: Sequence[Labels], most: int = 3) -> list[str]:
    """Up to `most` feelings the answers show, the most shown first: the overall mood's choices."""
    counts = Counter(label.feeling for label in labels)
    return sorted(counts, key=lambda f: (-counts[f], list(vocabulary.FEELINGS).index(f)))[:most]


# How sure the labeller must be of each answer's feeling for a phase to be "Deeply" so.
DEEPLY_SURE = 0.9


# -- the rest ------------------------------------------------------------------------------------
def topic_cloud(pool: Sequence[Said], grounding: set[str], persona_words: set[str], count: int = 8) -> list[str]:
    """The customer's most used content words, domain words first; very common words ("work",
    "first", "everything") say nothing about a topic and are left out."""
    from wordfreq import zipf_frequency

    counts = Counter(
        w
        for s in pool
        for w in measures.content_words(s.text)
        if "'" not in w
        and w not in persona_words
        and len(w) >= 4
        and (
            w in grounding
            or (zipf_frequency(w, "en") <= 5.0 and not w.endswith(NOT_NOUNS) and not measures.is_filler(w))
        )
    )
    ranked = sorted(counts, key=lambda w: (w not in grounding, -counts[w], w))
    if len(ranked) < count:  # a short interview: the customer's other words, most used first
        others = Counter(
            w
            for s in pool
            for w in measures.content_words(s.text)
            if "'" not in w and w not in persona_words and w not in counts
        )
        ranked += sorted(others, key=lambda w: (-others[w], w))
    return ranked[:count]


def opportunities(pool: Sequence[Said], role: str, phases: Sequence[str], count: int = OPPORTUNITIES) -> list[str]:
    """One opportunity per problem the customer described that names a specific thing (the problem
    phases' first, the strongest first), each about a different thing."""
    roles = phrasing.plural_role(role)
    problems = sorted(
        (s for s in pool if s.reading.problem and s.labels.kind not in NON_ANSWER_KINDS),
        key=lambda s: (s.phase not in PROBLEM_PHASES, -s.reading.problem, s.index),
    )
    found, things = [], set()
    for said in problems:
        written = phrasing.opportunity(said.text, roles)
        if written and written[1].lower() not in things:
            found.append(written[0])
            things.add(written[1].lower())
        if len(found) == count:
            break
    return found


def build(
    persona_name: str,
    role: str,
    industry: str,
    background: str,
    answers: Sequence[tuple[str, ...]],
    phases: Sequence[str],
    mood: str,
    labels: Sequence[Labels] | None = None,
) -> dict:
    """The Insights document for a transcript: `answers` are (phase, customer message[, the
    question it answers]) in order; `mood` one of the vocabulary's feelings; `labels` the
    answers' labels (label_answers) where already read."""
    answers = [Answer(*a) for a in answers]
    labels = labels if labels is not None else label_answers(answers)
    persona_words = set(measures.words(f"{persona_name} {role} {industry} {background}"))
    own_words = set(measures.content_words(f"{role} {industry} {background}"))
    grounding = vocabulary.domain_words(role, industry, background)
    pool = said_sentences(answers, persona_words, labels)
    if not pool:  # nothing quotable: every answer was filler; use the answers whole
        pool = [
            Said(a.message, a.phase, i, classifier.read(a.message), labelled, i)
            for i, (a, labelled) in enumerate(zip(answers, labels, strict=True))
        ]
    used: set[str] = set()
    lists = {field: pick(pool, field, used) for field in classifier.FIELD_CHECKS}
    problem = main_problem(pool, phases, key_stems(own_words, answers))
    desire = next((d for d in lists["coreDesires"] if d != problem), None)
    insights = {
        "summary": summary(persona_name, role, industry, problem, desire),
        "overallMood": mood,
        "moodEmoji": vocabulary.EMOJIS[mood],
        "topicCloud": topic_cloud(pool, grounding, persona_words) or [role.split()[-1].lower()],
        "themes": themes(pool),
        "humanInsights": {k: lists[k] for k in ("coreDesires", "fearsOrFrustrations", "aspirations")},
        "contextualInsights": {k: lists[k] for k in ("whenProblemFelt", "triggersMoments", "preventionBarriers")},
        "opportunityMap": opportunities(pool, role, phases),
        "emotionalJourney": journey(
            phases,
            [
                (a.phase, labelled, bool(classifier.problem_cues(a.message)))
                for a, labelled in zip(answers, labels, strict=True)
            ],
        ),
    }
    return {key: insights[key] for key in contract.INSIGHTS["properties"]}
