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
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

from ... import contract
from . import classifier, guide, labeller, measures, phrasing, turns, vocabulary
from .classifier import Reading
from .labeller import Labels
from .turns import NOT_NOUNS

MAX_ITEM_CHARS = 160  # a longer sentence is not cut: another is chosen
# The summary quotes the main problem alone, so the answer to "what gives you most trouble" may
# be quoted longer: the 135M customer names it in a word and says it in one long sentence
# ("Emailing clients. I'm on the phone for 60 to 75 minutes a week, writing calls and sending
# emails that are never written down…"), which the lists' limit left out, and the summary then
# said no problem was named. Read blind, longer sentences from any answer (incidents) displaced
# the customer's own direct answer, so only those answers get the longer limit.
MAX_PROBLEM_CHARS = 240
MIN_WORDS = 5  # a shorter sentence ("August.") is quoted with the sentence it leads into
ITEMS = {"fearsOrFrustrations": 3}  # most items a field holds; the others: DEFAULT_ITEMS
DEFAULT_ITEMS = 2
OPPORTUNITIES = 3

# The phases whose questions each field's sentences answer: preferred among those that fit.
PHASE_OF_FIELD = {
    "coreDesires": ("Current Solutions",),
    "aspirations": ("Current Solutions", "Closure"),
    "fearsOrFrustrations": ("Problem Discovery", "Deep Dive"),
    "preventionBarriers": ("Deep Dive",),
    "whenProblemFelt": ("Opening", "Problem Discovery"),
    "triggersMoments": ("Deep Dive",),
}
PROBLEM_PHASES = ("Problem Discovery", "Deep Dive")


class Answer(NamedTuple):
    """One customer answer: the phase it was given in, the message, the question it answers and
    what the guide asked it for (a goal of guide.GOALS_OF_THE_GUIDE; "" where not known)."""

    phase: str
    message: str
    question: str = ""
    goal: str = ""


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


def quotable(answer: str, max_chars: int = MAX_ITEM_CHARS, names_lead: bool = False) -> list[str]:
    """The answer's sentences, verbatim; a short one ("August.") joined to the sentence after it,
    which it dates or introduces, unless it is a pleasantry, a non-answer or a denial, or the two
    would be longer than `max_chars`. With `names_lead`, an opening sentence that only names a
    thing ("The group in a bush camp.") is joined to the one that tells of it where the two fit:
    read alone, it was a summary's whole "main problem"."""
    found, spans, i = [], _spans(answer), 0
    while i < len(spans):
        start, end = spans[i]
        while i + 1 < len(spans):
            lead, fits = answer[start:end], spans[i + 1][1] - start <= max_chars
            if len(lead.split()) < MIN_WORDS:
                if _dropped_lead(lead) or not fits:
                    start = spans[i + 1][0]
            elif not (
                names_lead and start == spans[0][0] and fits and turns.names_only(lead) and not _dropped_lead(lead)
            ):
                break
            end = spans[i + 1][1]
            i += 1
        found.append(answer[start:end])
        i += 1
    return found


# A short lead that denies or dismisses ("Nothing, really.", "Not the order.") says the opposite of
# the sentence it would lead into: never quoted with it.
_DENIAL = re.compile(r"^\W*(?:nothing|not|no|none|never|nobody)\b", re.IGNORECASE)


def _dropped_lead(lead: str) -> bool:
    return measures.is_filler(lead) or classifier.is_non_answer(lead) or bool(_DENIAL.match(lead))


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
    answers: Sequence[tuple[str, ...]],
    persona_words: set[str],
    labels: Sequence[Labels] | None = None,
    longer: frozenset[int] = frozenset(),
) -> list[Said]:
    """The customer's sentences worth quoting (not filler, at most MAX_ITEM_CHARS long, English,
    whole), each read in the context of its answer. `answers`: (phase, message[, question]);
    `labels`: the answers' labels where already read; `longer`: the answers whose sentences may
    be MAX_PROBLEM_CHARS long."""
    answers = [Answer(*a) for a in answers]
    labels = labels if labels is not None else label_answers(answers)
    found = []
    for turn, (answer, labelled) in enumerate(zip(answers, labels, strict=True)):
        max_chars = MAX_PROBLEM_CHARS if turn in longer else MAX_ITEM_CHARS
        for sentence in quotable(answer.message, max_chars, names_lead=turn in longer):
            if len(sentence.split()) < MIN_WORDS or not _may_quote(sentence, persona_words, max_chars):
                continue
            found.append(
                Said(sentence, answer.phase, len(found), classifier.read(sentence, answer.message), labelled, turn)
            )
    return found


def _may_quote(sentence: str, persona_words: set[str], max_chars: int = MAX_ITEM_CHARS) -> bool:
    """Whether a sentence may stand as a quote: not filler, not too long, whole, English, no
    question back, and no clause cut off at its start (", which means…")."""
    return not (
        measures.is_filler(sentence)
        or len(sentence) > max_chars
        or measures.is_cut(sentence)
        or measures.non_english_words(sentence, persona_words)
        or sentence.endswith("?")
        or not (sentence[0].isalnum() or sentence[0] in "\"'“‘")
    )


def fits(said: Said, field: str) -> bool:
    """Whether a sentence may be filed under `field`: its answer is of a kind that feeds the field
    (a problem told in an answer about today's tool is no fear), and the sentence passes the
    field's own check: a barrier says what stands in the way (a tool that never worked, an
    approval, a price, the downside of a fix: "It works, but it's slow"), not any problem told
    beside a workaround ("I check every shipment and send emails when something goes wrong",
    which a reader took for a workaround filed as a barrier).
    Desires and aspirations are said outright ("I want", "we hope") in answers of any kind but a
    non-answer."""
    reading, kind = said.reading, said.labels.kind
    if kind in NON_ANSWER_KINDS or reading.non_answer:
        return False
    if field in OPEN_FIELDS:
        return kind not in NO_WISH_KINDS and classifier.FIELD_CHECKS[field](reading)
    if field not in classifier.KIND_FIELDS[kind]:
        return False
    downside = field == "preventionBarriers" and reading.problem > 0 and bool(_DOWNSIDE.search(said.text))
    return classifier.FIELD_CHECKS[field](reading) or downside


# What tells the downside of a fix, not the fix itself: "It works, but it's slow", "The cons is
# that it gets cancelled".
_DOWNSIDE = re.compile(r"\b(?:but|though|although|except|cons?|downside|trouble is|problem is)\b", re.IGNORECASE)


OPEN_FIELDS = frozenset({"coreDesires", "aspirations"})


def pick(pool: Sequence[Said], field: str, used: set[str], most: int | None = None) -> list[str]:
    """Up to `most` (the field's own number of items where None) sentences that fit `field`, each
    used once: those that fit no other field first, then those said in the field's phases, the
    most problems, the earliest."""
    phases = PHASE_OF_FIELD[field]
    candidates = [s for s in pool if fits(s, field) and s.text not in used]

    def rank(said: Said) -> tuple:
        others = sum(fits(said, name) for name in classifier.FIELD_CHECKS if name != field)
        return (others, said.phase not in phases, -said.reading.problem, said.index)

    chosen = [s.text for s in sorted(candidates, key=rank)][: ITEMS.get(field, DEFAULT_ITEMS) if most is None else most]
    used.update(chosen)
    return chosen


def _first_of_each_turn(pool: Sequence[Said]) -> dict[int, Said]:
    """The first sentence of each answer among those in `pool` (not always the answer's first)."""
    return {s.turn: s for s in reversed(pool)}


def _dated_stories(pool: Sequence[Said], stories: frozenset[int]) -> list[Said]:
    """The pool, where the first sentence of the story told when asked when it last went wrong
    (`stories`) names a time, read as saying when the problem is felt ("September. I was at the
    garage, seven in a row…"), problem words or not: the question said it went wrong. Read blind,
    those stories, the best of an interview, were missing from the insights."""
    first = _first_of_each_turn(pool)
    return [
        dataclasses.replace(s, reading=dataclasses.replace(s.reading, when=True))
        if s.turn in stories and first[s.turn] is s and classifier.count(s.text, classifier.TIMES)
        else s
        for s in pool
    ]


def fill_fields(pool: Sequence[Said]) -> dict[str, list[str]]:
    """Each field's sentences: one each first, the fields fewest sentences fit choosing first
    (ties: in the order of classifier.FIELD_CHECKS), then each field up to its number of items. Read blind, the
    fields that say when a problem is felt were always empty, the dated incidents all taken
    as fears before them."""
    used: set[str] = set()
    scarcest_first = sorted(classifier.FIELD_CHECKS, key=lambda field: sum(fits(s, field) for s in pool))
    lists = {field: pick(pool, field, used, 1) for field in scarcest_first}
    for field, chosen in lists.items():
        chosen += pick(pool, field, used, ITEMS.get(field, DEFAULT_ITEMS) - len(chosen))
    return {field: lists[field] for field in classifier.FIELD_CHECKS}


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


def main_problem(
    pool: Sequence[Said],
    phases: Sequence[str],
    stems: tuple[set[str], set[str]],
    asked: frozenset[int] = frozenset(),
    heard: frozenset[int] = frozenset(),
    stories: frozenset[int] = frozenset(),
) -> str | None:
    """The sentence that names the persona's pain, about a thing of their work or of the
    interview: first the answer to the question what gives them most trouble (`asked`: the turns
    that answer it; the first of them before a later probe's, which read blind as a side story),
    in its first sentence that may be one (six words at least: "A bad night,
    like September." is too short), problem word or not ("Half-empty mornings. …"); then a
    sentence that calls something the main problem in any phase but the opening ("The labs are
    the real trouble"); then a sentence of a problem phase (a short interview without them: a
    middle phase) that tells of a problem. Among each, one naming the persona's own things
    first, then the one with most problem and things. Never one that says something is no
    problem ("never felt it was hard", "not much of an issue now"). Last, the story told when
    asked when it last went wrong (`stories`: "June. A voter was left off at the registration
    desk…"). An answer the guide heard as naming the trouble outright (`heard`: "Swapping. Half my
    week…") or telling that story, and read as telling of a problem, is taken whether or not it
    names a thing of the persona or of the interview. None where none does: a problem told only
    in passing at the close ("they understand it's a problem and not my job") is no main
    problem."""
    own, talked_of = stems
    problem_phases = [p for p in PROBLEM_PHASES if p in phases] or list(phases[1:-1])

    def may_be(said: Said) -> bool:
        return (
            len(said.text.split()) >= 6
            and not classifier.denies_problem(said.text)
            and (
                (said.turn in heard | stories and said.labels.kind in HEARD_KINDS)
                or (said.labels.kind not in NON_ANSWER_KINDS and bool(measures.stems(said.text) & (own | talked_of)))
            )
        )

    candidates = [s for s in pool if may_be(s)]
    first_of_turn = _first_of_each_turn(candidates)

    def tier(said: Said) -> int | None:
        if said.turn in asked and first_of_turn[said.turn] is said:
            return 0
        if said.phase != (phases[0] if phases else None) and MAIN_PROBLEM.search(said.text):
            return 1
        if said.phase in problem_phases and said.reading.problem:
            return 2
        if said.turn in stories and first_of_turn[said.turn] is said:
            return 3
        return None

    def rank(said: Said) -> tuple:
        found = measures.stems(said.text)
        things = len(found & (own | talked_of))
        first_answer = said.turn if tier(said) == 0 else 0  # the first answer to the question, not a later probe's
        return (
            tier(said),
            first_answer,
            -min(len(found & own), 2),
            -min(things, 2) - min(said.reading.problem, 2),
            said.index,
        )

    best = min((s for s in candidates if tier(s) is not None), key=rank, default=None)
    return best.text if best else None


# A sentence that calls something the main problem: "my biggest problem", "the real trouble".
MAIN_PROBLEM = re.compile(
    r"\b(?:the|my|our)\s+(?:real|biggest|main|big|hardest|worst)\s+(?:problem|trouble|issue|headache|pain)s?\b",
    re.IGNORECASE,
)


# What the summary tells beside the problem, in this order while it stays within
# SUMMARY_SENTENCES: for each, the guide's goals whose answers say it. A demo reader asked for
# "insights that carry cost, workaround and decider"; the answers to those questions are quoted
# only where they answer them outright (guide.answers_outright): "About a hundred quid.", "I rang
# her.", "Nothing yet.", "The clinic manager.". Read blind, "What it costs them" over the price
# of a tractor (asked "Who decides how much you pay for a tractor?"-like questions the model
# writes) passed a side cost off as the problem's: a cost is "a cost they named".
SUMMARY_FACTS = (
    (("actions", "alternatives"), "What they have tried so far"),
    (("cost",), "A cost they named"),
    (("decides",), "Who decides"),
)
SUMMARY_SENTENCES = 4  # a summary of 2 to 4 sentences (deeptalk eval's bad summaries)
# A sentence that takes back the one before it: quoted with it, or the two are not quoted at all.
_TAKES_BACK = re.compile(r"^\W*(?:but|however|though|although|except)\b", re.IGNORECASE)


def answered(answers: Sequence[Answer], goals: Sequence[str], persona_words: set[str]) -> str | None:
    """The sentence that answers the guide's question for one of `goals` outright, from the first
    answer to such a question that answers it outright as a whole; the question must ask what its
    goal asks (guide.asks_for_goal), so a team's own question in its place is never taken for it. A
    deed is taken before "nothing" ("Nothing, I guess. I've tried the Excel sheet…" tried the
    sheet), a short lead that names what the sentence speaks of comes with it ("The group
    chat. It's the only way to reach them…"), and so does a sentence that takes it back ("I've put
    together a checklist, and it's good. But the manager said no to it.")."""
    for by_nothing in (False, True):
        for goal in goals:
            for answer in answers:
                if (
                    answer.goal != goal
                    or not guide.asks_for_goal(goal, answer.question)
                    or not guide.answers_outright(goal, answer.message)  # not "I don't know. …"
                ):
                    continue
                said = measures.sentences(answer.message)
                for at, sentence in enumerate(said):
                    nothing = guide.tried_nothing(sentence)
                    if not guide.answers_outright(goal, sentence) or (nothing and (not by_nothing or at)):
                        continue  # "nothing" answers only as the answer's first words, not an aside after a deed
                    lead = said[at - 1] if at else ""
                    if lead and len(lead.split()) < MIN_WORDS and not _dropped_lead(lead):
                        if not guide.answers_outright(goal, lead):
                            sentence = f"{lead} {sentence}"
                    if at + 1 < len(said) and _TAKES_BACK.match(said[at + 1]):
                        if len(said[at + 1].split()) < MIN_WORDS:
                            continue  # "But honestly.": no clause to quote with it
                        sentence = f"{sentence} {said[at + 1]}"  # "…, and it's good. But the manager said no."
                    if _may_quote(sentence, persona_words):
                        return sentence
    return None


def _quoted(quote: str) -> str:
    """A quote in quotation marks; one without its stop gets one after it, so that what follows
    starts a sentence of its own."""
    return f'"{quote}"' + ("" if quote.rstrip("\"')]").endswith((".", "!", "?")) else ".")


def summary(
    persona_name: str,
    role: str,
    industry: str,
    problem: str | None,
    desire: str | None,
    facts: Sequence[tuple[str, str]] = (),
) -> str:
    """Who the customer is and the main problem in their words (or that they named none), then as
    many of `facts` (what the sentence tells, the customer's sentence) and the desire as keep it
    within SUMMARY_SENTENCES; who they are and the problem make one sentence where that leaves
    room for one more."""
    who = f"{persona_name} works in {industry} as {guide.role_phrase(role)}"
    if problem:
        told = f"in their own words, the main problem is this: {_quoted(problem)}"
    else:
        told = "they did not name a specific problem in this interview."
    added = [f"{label}: {_quoted(quote)}" for label, quote in [*facts, ("What would help", desire)] if quote]

    def sentences(parts: Sequence[str]) -> int:
        return len(measures.sentences(" ".join(parts)))

    def fitted(opening: str) -> list[str]:
        text = [opening]
        for part in added:
            if sentences([*text, part]) <= SUMMARY_SENTENCES:
                text.append(part)
        return text

    apart, together = fitted(f"{who}. {told[0].upper()}{told[1:]}"), fitted(f"{who}; {told}")
    return " ".join(together if len(together) > len(apart) else apart)


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
    """A word, its plural aside: the matcher adds the endings back."""
    return measures.singular(word)


def journey(phases: Sequence[str], labels: Sequence[tuple[str, Labels, bool]]) -> list[dict]:
    """Each phase's feeling, from (phase, labels, whether it names a problem) of each answer:
    where the labeller reads an answer of the phase as telling of a problem (a problem, an
    incident, a cost, a cause) and it names one, the negative feeling those answers show
    most (the corpus writers gave such answers a negative feeling nine times in ten); else the
    feeling its answers show most, by the balanced posterior (the labeller's own reads "Calm"
    in seven answers of ten, and journeys would all look alike). Strong ("Deeply …") where every
    answer of the phase, two at least, shows that negative feeling surely; a turn ("Calm, then
    Frustrated") where another answer of the phase shows another feeling, in the order the
    answers came; its emoji, the feeling it names first. A phase without answers carries the feeling
    before it on (the first phase: Calm)."""
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
        steps.append({"phase": phase, "emotion": emotion, "emoji": vocabulary.EMOJIS[_named_first(emotion)]})
    return steps


def _named_first(emotion: str) -> str:
    """The feeling a phase's emotion names first, whose emoji it shows: "Frustrated, then Calm"
    shows 😤, "Deeply Worried" 😟. (Read blind, the main feeling's emoji before another word,
    "😌 Frustrated, then Calm", looked mislabelled.)"""
    return vocabulary.feelings_named(emotion)[0]


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
        return f"{vocabulary.STRONG}{main}"
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
# An answer the guide heard name the trouble outright ("Arguments. It's the whole week, and I'm
# not sure how many…") is a problem told where the labeller reads one, or reads its hedge as
# "unsure": the guide hears past a hedge after the answer (guide.opens_unsure).
HEARD_KINDS = PROBLEM_KINDS | {"unsure"}


def emotional_journey(answers: Sequence[Answer], labels: Sequence[Labels], phases: Sequence[str]) -> list[dict]:
    """The journey of an interview's answers (`labels`: theirs, label_answers)."""
    return journey(
        phases,
        [(a.phase, label, bool(classifier.problem_cues(a.message))) for a, label in zip(answers, labels, strict=True)],
    )


def mood_choices(journey: Sequence[dict], labels: Sequence[Labels]) -> list[str]:
    """The overall mood's choices: the feelings the journey names, those more phases name first
    (a phase without answers carries the feeling before it on, and counts), then those more answers
    show. Read blind, a mood the journey never showed ("Frustrated" over Calm, Stressed, Worried)
    read as a second, contradicting reading."""
    named = Counter(feeling for step in journey for feeling in vocabulary.feelings_named(step["emotion"]))
    shown = Counter(label.feeling for label in labels)
    return sorted(named, key=lambda f: (-named[f], -shown[f], FEELINGS.index(f)))


# How sure the labeller must be of each answer's feeling for a phase to be "Deeply" so.
DEEPLY_SURE = 0.9


# -- the rest ------------------------------------------------------------------------------------
def topic_cloud(
    pool: Sequence[Said], grounding: set[str], persona_words: set[str], who: set[str], count: int = 8
) -> list[str]:
    """The things the customer spoke of most: words they used as the head of a noun phrase ("the
    two registers") or words of their line of work first, then their other less common content
    words; a plural and its singular counted as one, in the form said most. Very common words
    ("work", "first"), numbers ("fifty"), names of days and words that name no thing ("cons",
    "anyway", "decides": words.yaml's no_topic) say nothing about a topic; nor does `who`, the
    persona's name and role. A word of the persona's own background (`persona_words`) is one
    where the customer speaks of it as a thing ("the labs", "the eggs"): read blind, clouds
    without the background's words missed what the customer kept coming back to."""
    from wordfreq import zipf_frequency

    things = {p.words[-1] for s in pool for p in turns.noun_phrases(s.text, grounding, set())}
    said = Counter(
        w
        for s in pool
        for w in measures.content_words(s.text)
        if "'" not in w
        and w not in who
        and (w not in persona_words or w in things)
        and not phrasing.is_quantity(w)
        and measures.singular(w) not in turns.CALENDAR
        and w not in phrasing.NO_TOPIC
    )
    by_root: dict[str, Counter] = {}
    for word, times in said.items():
        by_root.setdefault(_root(word), Counter())[word] = times

    def kept(word: str) -> bool:
        return len(word) >= 4 and (
            word in grounding
            or word in things
            or (zipf_frequency(word, "en") <= 5.0 and not word.endswith(NOT_NOUNS) and not measures.is_filler(word))
        )

    topics = []
    for forms in by_root.values():
        word = max(forms, key=lambda w: (forms[w], w))
        if any(kept(w) for w in forms):
            topics.append((not (forms.keys() & (grounding | things)), -sum(forms.values()), word))
    ranked = [word for *_, word in sorted(topics)]
    if len(ranked) < count:  # a short interview: the customer's other words, most used first
        ranked += sorted(
            (w for w in said if w not in ranked and _root(w) not in map(_root, ranked) and not w.endswith(NOT_NOUNS)),
            key=lambda w: (-said[w], w),
        )
    forms: dict[str, Counter] = {}
    for s in pool:  # a sentence's first word is capitalised whatever it is
        for form in measures.written_words(s.text)[1:]:
            forms.setdefault(form.lower(), Counter())[form] += 1
    return [_as_written(word, forms.get(word, Counter())) for word in ranked[:count]]


def _as_written(word: str, forms: Counter) -> str:
    """A name as the customer writes it (`forms`: how they wrote it after a sentence's first
    word): "Lagos", "WhatsApp" where every such form is capitalised; else the word in lower case.
    Read blind, "lagos" in a topic cloud looked like a typo."""
    if forms and all(form[:1].isupper() for form in forms):
        return max(forms, key=lambda form: (forms[form], form))
    return word


def opportunities(
    pool: Sequence[Said], role: str, phases: Sequence[str], troubles: Sequence[str] = (), count: int = OPPORTUNITIES
) -> list[str]:
    """One opportunity per problem the customer described that names a specific thing, each about
    a different thing: first what they named, asked what gives them most trouble (`troubles`:
    those answers; "The orders." → "Help jewellery shop owners deal with the orders"), then the
    problems told (the problem phases' first, the strongest first). Read blind, the map was empty
    in three interviews of four, the customer's own answer to that question unused."""
    roles = phrasing.plural_role(role)
    problems = sorted(
        (s for s in pool if s.reading.problem and s.labels.kind not in NON_ANSWER_KINDS),
        key=lambda s: (s.phase not in PROBLEM_PHASES, -s.reading.problem, s.index),
    )
    found, things = [], set()
    for answer in troubles:
        named = None if classifier.denies_problem(answer) else phrasing.named_trouble(answer)
        if named and named not in things:
            found.append(f"Help {roles} deal with {named}")
            things.add(named)
    for said in problems:
        written = phrasing.opportunity(said.text, roles)
        if written and written[1].lower() not in things:
            found.append(written[0])
            things.add(written[1].lower())
        if len(found) >= count:
            break
    return found[:count]


def build(
    persona_name: str,
    role: str,
    industry: str,
    background: str,
    answers: Sequence[tuple[str, ...]],
    phases: Sequence[str],
    mood: str,
    labels: Sequence[Labels] | None = None,
    journey_steps: Sequence[dict] | None = None,
) -> dict:
    """The Insights document for a transcript: `answers` are (phase, customer message[, the
    question it answers]) in order; `mood` one of the vocabulary's feelings; `labels` the
    answers' labels (label_answers) and `journey_steps` their emotional journey
    (emotional_journey) where already read."""
    answers = [Answer(*a) for a in answers]
    labels = labels if labels is not None else label_answers(answers)
    if journey_steps is None:
        journey_steps = emotional_journey(answers, labels, phases)
    persona_words = set(measures.words(f"{persona_name} {role} {industry} {background}"))
    own_words = set(measures.content_words(f"{role} {industry} {background}"))
    grounding = vocabulary.domain_words(role, industry, background)
    # Whom else to talk to names a person, no pain or need: read blind, its answer under "Team and
    # coordination" ("The booking team. They're the ones who know…") was read as a pain point.
    referrals = {i for i, a in enumerate(answers) if a.goal == "close" and guide.asks_for_referral(a.question)}
    pool = [s for s in said_sentences(answers, persona_words, labels) if s.turn not in referrals]
    answers_told = [a if i not in referrals else a._replace(message="") for i, a in enumerate(answers)]
    if not pool:  # nothing quotable: every answer was filler; use the answers whole
        pool = [
            Said(a.message, a.phase, i, classifier.read(a.message), labelled, i)
            for i, (a, labelled) in enumerate(zip(answers, labels, strict=True))
        ]
    stories = frozenset(
        i
        for i, a in enumerate(answers)
        if a.goal == "last_time"
        and guide.asks_for_goal("last_time", a.question)
        and guide.answers_outright("last_time", a.message)
    )
    lists = fill_fields(_dated_stories(pool, stories))
    asked = frozenset(i for i, a in enumerate(answers) if guide.asks_about_problem(a.question))
    # The answers to "what gives you most trouble" may be quoted longer, lead and all.
    problems = (
        [s for s in said_sentences(answers_told, persona_words, labels, longer=asked) if s.text] if asked else pool
    )
    heard = frozenset(i for i in asked if guide.answers_outright("problem", answers[i].message))
    # "Nothing. I'd rather be on the phone…" to what gives them most trouble names none.
    denied = {i for i in asked if guide.opens_denying(answers[i].message)}
    candidates = [s for s in problems or pool if s.turn not in denied]
    problem = main_problem(candidates, phases, key_stems(own_words, answers), asked, heard, stories)
    facts = [(told, answered(answers, goals, persona_words)) for goals, told in SUMMARY_FACTS]
    facts = [
        (told, quote) for told, quote in facts if quote and not (problem and (quote in problem or problem in quote))
    ]
    quoted = {quote for _, quote in facts}
    desire = next((d for d in lists["coreDesires"] if d != problem and d not in quoted), None)
    insights = {
        "summary": summary(persona_name, role, industry, problem, desire, facts),
        "overallMood": mood,
        "moodEmoji": vocabulary.EMOJIS[mood],
        "topicCloud": topic_cloud(pool, grounding, persona_words, set(measures.words(f"{persona_name} {role}")))
        or [role.split()[-1].lower()],
        "themes": themes(pool),
        "humanInsights": {k: lists[k] for k in ("coreDesires", "fearsOrFrustrations", "aspirations")},
        "contextualInsights": {k: lists[k] for k in ("whenProblemFelt", "triggersMoments", "preventionBarriers")},
        "opportunityMap": opportunities(pool, role, phases, [answers[i].message for i in sorted(asked)]),
        "emotionalJourney": list(journey_steps),
    }
    return {key: insights[key] for key in contract.INSIGHTS["properties"]}
