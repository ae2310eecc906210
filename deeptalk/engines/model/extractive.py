"""The model engines' insights, built by code from the customer's own sentences.

A 135M model cannot summarise faithfully: asked to, it invents words and cuts phrases at its
length bound. So every item here is something the customer said (a whole sentence, never cut),
filed under a field only where it passes that field's check in classifier.py: a desire says what
the customer wants, an aspiration what they hope for, a fear a problem they had; a refusal, a dodge
or an "I don't know" is never filed. A field is left short rather than filled with a sentence that
does not fit: the contract sets no minimum. Labels (mood, tones, needs, theme names) come from the
closed vocabularies in vocabulary.py; opportunities are written from the problems described
(phrasing.py); the emotional journey reads each phase's own answers. Quotes are the sentences
themselves, so they are verbatim by construction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ... import contract
from . import classifier, guide, measures, phrasing, vocabulary
from .classifier import Reading
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


@dataclass(frozen=True)
class Said:
    """One sentence the customer said, the phase it was said in, and what it says."""

    text: str
    phase: str
    index: int  # order in the interview
    reading: Reading


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


def said_sentences(answers: Sequence[tuple[str, str]], persona_words: set[str]) -> list[Said]:
    """The customer's sentences worth quoting (not filler, not too long, English, whole), each read
    in the context of its answer."""
    found = []
    for phase, answer in answers:
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
            found.append(Said(sentence, phase, len(found), classifier.read(sentence, answer)))
    return found


def pick(pool: Sequence[Said], field: str, used: set[str]) -> list[str]:
    """The sentences that fit `field`, each used once: those that fit no other field first, then
    those said in the field's phases, the most problems, the earliest."""
    fits, phases = classifier.FIELD_CHECKS[field], PHASE_OF_FIELD[field]
    candidates = [s for s in pool if fits(s.reading) and s.text not in used]

    def rank(said: Said) -> tuple:
        others = sum(check(said.reading) for name, check in classifier.FIELD_CHECKS.items() if name != field)
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


def key_stems(own_words: set[str], answers: Sequence[tuple[str, str]]) -> tuple[set[str], set[str]]:
    """The things the interview is about: the persona's own (role, industry, background), and
    those the customer named in two answers or more."""
    said = Counter(w for _, answer in answers for w in set(measures.content_words(answer)))
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


# -- themes --------------------------------------------------------------------------------------
def _tone(quotes: Sequence[Said], theme: str, mood: str) -> str | None:
    """The feeling the quotes show (about a problem, a negative one first); else the interview's
    mood, but never a positive one about a problem (a problem theme, or a quote that tells of one);
    None where neither fits."""
    about_problem = theme in classifier.PROBLEM_THEMES or any(q.reading.problem for q in quotes)
    shown = {label: n for label, n in classifier.feelings(" ".join(q.text for q in quotes)).items() if n}
    if about_problem:
        negative = {label: n for label, n in shown.items() if label not in classifier.POSITIVE_FEELINGS}
        shown = negative or shown
    if shown:
        return max(shown, key=shown.__getitem__)
    if about_problem and mood in classifier.POSITIVE_FEELINGS:
        return None
    return mood


def themes(pool: Sequence[Said], mood: str, count: int = 3, quotes_each: int = 2) -> list[dict]:
    """The vocabulary's themes shown by most sentences, each with the sentences that show it best
    (its cue, not negated; a problem theme's with a problem) and the feeling they show."""
    answers = [s for s in pool if not s.reading.non_answer]
    showing = {name: [s for s in answers if classifier.shows_theme(s.text, name)] for name in vocabulary.THEMES}
    said = [s.text for s in pool]
    chosen, used = [], set()
    for name in sorted(showing, key=lambda n: -len(showing[n])):
        candidates = sorted(
            (s for s in showing[name] if s.text not in used),
            key=lambda s: (-classifier.theme_evidence(s.text, name), -s.reading.problem, s.index),
        )
        quotes = candidates[:quotes_each]
        tone = _tone(quotes, name, mood) if quotes else None
        if tone is None:
            continue
        used.update(s.text for s in quotes)
        needs = vocabulary.THEMES[name][1]
        need = next((n for n in needs if measures.supported(n, said)), needs[0])
        chosen.append(
            {"theme": name, "quotes": [s.text for s in quotes], "emotionalTone": tone, "underlyingNeed": need}
        )
        if len(chosen) == count:
            break
    return chosen


# -- the rest ------------------------------------------------------------------------------------
def journey(phases: Sequence[str], answers: Sequence[tuple[str, str]]) -> list[dict]:
    """Each phase's feeling, from what the customer said in it, strong ("Deeply …") where it
    shows many times over; where nothing shows a feeling, the feeling of the phase before
    carries on, plainly (the first phase: Calm)."""
    steps, last = [], "Calm"
    for phase in phases:
        said = " ".join(answer for answer_phase, answer in answers if answer_phase == phase)
        feeling, evidence = vocabulary.feeling_of(said)
        last = feeling if evidence else last
        steps.append(
            {"phase": phase, "emotion": vocabulary.journey_label(last, evidence), "emoji": vocabulary.EMOJIS[last]}
        )
    return steps


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
        (s for s in pool if s.reading.problem),
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
    answers: Sequence[tuple[str, str]],
    phases: Sequence[str],
    mood: str,
) -> dict:
    """The Insights document for a transcript: `answers` are (phase, customer message) in order;
    `mood` one of the vocabulary's feelings."""
    persona_words = set(measures.words(f"{persona_name} {role} {industry} {background}"))
    own_words = set(measures.content_words(f"{role} {industry} {background}"))
    grounding = vocabulary.domain_words(role, industry, background)
    pool = said_sentences(answers, persona_words)
    if not pool:  # nothing quotable: every answer was filler; use the answers whole
        pool = [Said(answer, phase, i, classifier.read(answer)) for i, (phase, answer) in enumerate(answers)]
    used: set[str] = set()
    lists = {field: pick(pool, field, used) for field in classifier.FIELD_CHECKS}
    problem = main_problem(pool, phases, key_stems(own_words, answers))
    desire = next((d for d in lists["coreDesires"] if d != problem), None)
    insights = {
        "summary": summary(persona_name, role, industry, problem, desire),
        "overallMood": mood,
        "moodEmoji": vocabulary.EMOJIS[mood],
        "topicCloud": topic_cloud(pool, grounding, persona_words) or [role.split()[-1].lower()],
        "themes": themes(pool, mood),
        "humanInsights": {k: lists[k] for k in ("coreDesires", "fearsOrFrustrations", "aspirations")},
        "contextualInsights": {k: lists[k] for k in ("whenProblemFelt", "triggersMoments", "preventionBarriers")},
        "opportunityMap": opportunities(pool, role, phases),
        "emotionalJourney": journey(phases, answers),
    }
    return {key: insights[key] for key in contract.INSIGHTS["properties"]}
