"""The model engines' insights, built by code from the customer's own sentences.

A 135M model cannot summarise faithfully: asked to, it invents words and cuts phrases at its
length bound. So every item here is something the customer said (a whole sentence, never cut),
chosen by cue phrases (desires, fears, aspirations, when, triggers, barriers); labels (mood,
tones, emotions, needs, theme names) come from the closed vocabularies in vocabulary.py,
chosen by the evidence in what was said; the emotional journey reads each phase's own answers.
Quotes are the sentences themselves, so they are verbatim by construction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ... import contract
from . import guide, measures, vocabulary
from .turns import NOT_NOUNS

MAX_ITEM_CHARS = 160  # a longer sentence is not cut: another is chosen

CUES = {
    "coreDesires": (
        "i want",
        "i wish",
        "i'd love",
        "i would love",
        "i'd like",
        "i would like",
        "i need",
        "we need",
        "if only",
        "would help",
        "i just want",
        "i hope",
        "it would be",
    ),
    "fearsOrFrustrations": (
        "frustrat",
        "worr",
        "afraid",
        "fear",
        "stress",
        "problem",
        "hard",
        "difficult",
        "lose",
        "miss",
        "mistake",
        "risk",
        "too much",
        "waste",
        "never",
        "can't",
        "cannot",
        "struggle",
        "tired",
        "late",
    ),
    "aspirations": (
        "one day",
        "future",
        "grow",
        "dream",
        "goal",
        "would be",
        "imagine",
        "a year",
        "ideal",
        "better",
        "finally",
        "could",
    ),
    "whenProblemFelt": (
        "when",
        "every",
        "during",
        "after",
        "before",
        "end of",
        "night",
        "morning",
        "evening",
        "week",
        "shift",
        "day",
        "month",
        "season",
        "always",
    ),
    "triggersMoments": (
        "because",
        "whenever",
        "as soon as",
        "starts",
        "every time",
        "if ",
        "once",
        "then",
        "suddenly",
        "after",
    ),
    "preventionBarriers": (
        "tried",
        "but",
        "can't",
        "cannot",
        "no time",
        "budget",
        "don't have",
        "too expensive",
        "nobody",
        "hard to",
        "not allowed",
        "won't",
        "doesn't",
        "never",
    ),
}
# The phases whose questions each field's sentences answer: preferred among sentences with cues,
# and where none has a cue, the field's sentence comes from them.
PHASE_OF_FIELD = {
    "coreDesires": ("Vision",),
    "aspirations": ("Vision", "Closure"),
    "fearsOrFrustrations": ("Problem Discovery", "Deep Dive"),
    "preventionBarriers": ("Deep Dive",),
    "whenProblemFelt": ("Opening", "Problem Discovery"),
    "triggersMoments": ("Deep Dive",),
}


@dataclass(frozen=True)
class Said:
    """One sentence the customer said, and the phase of the interview it was said in."""

    text: str
    phase: str
    index: int  # order in the interview


def said_sentences(answers: Sequence[tuple[str, str]], persona_words: set[str]) -> list[Said]:
    """The customer's sentences worth quoting: not filler, not too long, English, whole."""
    found = []
    for phase, answer in answers:
        for sentence in measures.sentences(answer):
            if (
                measures.is_filler(sentence)
                or len(sentence) > MAX_ITEM_CHARS
                or len(sentence.split()) < 5
                or measures.is_cut(sentence)
                or measures.non_english_words(sentence, persona_words)
                or sentence.endswith("?")
            ):
                continue
            found.append(Said(sentence, phase, len(found)))
    return found


def _cue_score(sentence: str, cues: Sequence[str]) -> int:
    lowered = f" {sentence.lower()} "
    return sum(cue in lowered for cue in cues)


def pick(
    pool: Sequence[Said], cues: Sequence[str], count: int, used: set[str], phases: Sequence[str] = ()
) -> list[str]:
    """Up to `count` sentences with the most cues (the field's own phases first), each used once."""
    ranked = sorted(pool, key=lambda s: (-_cue_score(s.text, cues), s.phase not in phases, s.index))
    chosen = [s.text for s in ranked if _cue_score(s.text, cues) and s.text not in used][:count]
    used.update(chosen)
    return chosen


def summary(persona_name: str, role: str, industry: str, problem: str, desire: str | None) -> str:
    text = (
        f"{persona_name} works in {industry} as {guide.role_phrase(role)}. "
        f'In their own words, the main problem is this: "{problem}"'
    )
    return text + (f' What would help: "{desire}"' if desire else "")


def themes(pool: Sequence[Said], used_quotes: set[str], mood: str, count: int = 3) -> list[dict]:
    """The vocabulary's themes with the most evidence, each with the sentence that shows it best
    and that sentence's feeling (the overall mood where the sentence shows none)."""

    def evidence(sentence: str, theme_stems: Sequence[str]) -> int:
        return sum(stem in sentence.lower() for stem in theme_stems)

    scores = {name: sum(evidence(s.text, stems_) for s in pool) for name, (stems_, *_) in vocabulary.THEMES.items()}
    said = [s.text for s in pool]
    chosen = []
    for name in sorted(scores, key=lambda n: -scores[n]):
        stems_, needs, _, _ = vocabulary.THEMES[name]
        need = next((n for n in needs if measures.supported(n, said)), needs[0])
        candidates = sorted(
            (s for s in pool if s.text not in used_quotes and evidence(s.text, stems_)),
            key=lambda s: (-evidence(s.text, stems_), s.index),
        )
        if not candidates:
            continue
        quote = candidates[0].text
        used_quotes.add(quote)
        tone, shown = vocabulary.feeling_of(quote)
        tone = tone if shown else mood
        chosen.append({"theme": name, "quotes": [quote], "emotionalTone": tone, "underlyingNeed": need})
        if len(chosen) == count:
            break
    return chosen


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


def opportunities(chosen_themes: Sequence[dict], role: str, grounding: set[str]) -> list[str]:
    """One opportunity per theme whose quote names a thing of the customer's work for it, about
    that word; only when no theme's does, the first theme's, about its default."""
    named, defaults = [], []
    for theme in chosen_themes:
        stems_, _, opportunity, default = vocabulary.THEMES[theme["theme"]]
        template_words = set(measures.words(opportunity))
        about = next(
            (
                w
                for w in measures.words(theme["quotes"][0])
                if w in grounding and w not in template_words and any(w.startswith(s) for s in stems_)
            ),
            None,
        )
        plural = f"{role.lower()}s"
        if about is not None:
            named.append(opportunity.format(role=plural, about=about))
        else:
            defaults.append(opportunity.format(role=plural, about=default))
    return named or defaults[:1]


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
    grounding = vocabulary.domain_words(role, industry, background)
    pool = said_sentences(answers, persona_words)
    if not pool:  # nothing quotable: every answer was filler; use the answers whole
        pool = [Said(answer, phase, i) for i, (phase, answer) in enumerate(answers)]
    used: set[str] = set()
    fears = pick(pool, CUES["fearsOrFrustrations"], 3, set(), PHASE_OF_FIELD["fearsOrFrustrations"])

    # The main problem as the customer put it: a frustration that names a thing of their work
    # ("Charting eats my evenings"), not one that only says there is one ("The most frustrating part").
    def names_a_thing(text: str) -> bool:
        return vocabulary.grounded(text, grounding) and len(text.split()) >= 8

    problem = next((f for f in fears if names_a_thing(f)), None) or next(
        (s.text for s in pool if s.phase in PHASE_OF_FIELD["fearsOrFrustrations"] and names_a_thing(s.text)),
        fears[0] if fears else pool[0].text,
    )
    desires = pick(pool, CUES["coreDesires"], 3, set(), PHASE_OF_FIELD["coreDesires"])
    ranked_themes = themes(pool, set(), mood, count=4)
    chosen_themes = ranked_themes[:3]
    lists = {}
    for name in (
        "coreDesires",
        "fearsOrFrustrations",
        "aspirations",
        "whenProblemFelt",
        "triggersMoments",
        "preventionBarriers",
    ):
        phases_ = PHASE_OF_FIELD[name]
        lists[name] = pick(pool, CUES[name], 2, used, phases_) or [_fallback(pool, used, phases_)]
    insights = {
        "summary": summary(persona_name, role, industry, problem, next((d for d in desires if d != problem), None)),
        "overallMood": mood,
        "moodEmoji": vocabulary.EMOJIS[mood],
        "topicCloud": topic_cloud(pool, grounding, persona_words) or [role.split()[-1].lower()],
        "themes": chosen_themes
        or [
            {
                "theme": "Time pressure",
                "quotes": [problem],
                "emotionalTone": mood,
                "underlyingNeed": vocabulary.THEMES["Time pressure"][1][0],
            }
        ],
        "humanInsights": {k: lists[k] for k in ("coreDesires", "fearsOrFrustrations", "aspirations")},
        "contextualInsights": {k: lists[k] for k in ("whenProblemFelt", "triggersMoments", "preventionBarriers")},
        "opportunityMap": opportunities(ranked_themes, role, grounding) or [f"More time for {role.lower()}s"],
        "emotionalJourney": journey(phases, answers),
    }
    return {key: insights[key] for key in contract.INSIGHTS["properties"]}


def _fallback(pool: Sequence[Said], used: set[str], phases: Sequence[str]) -> str:
    """A sentence not used yet, when no sentence has the field's cues: the latest said in the
    field's phases, else the latest."""
    unused = [said for said in pool if said.text not in used]
    if not unused:
        return pool[-1].text
    chosen = next((said for said in reversed(unused) if said.phase in phases), unused[-1])
    used.add(chosen.text)
    return chosen.text
