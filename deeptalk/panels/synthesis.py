"""A panel's synthesis, by code from its stored interviews and their insights (never by a model).

Every quote is a customer's sentence found verbatim in the message whose id it carries, so a
reader can open the interview at that message and see it in context. Hypothesis verdicts come
from the customers' sentences about each hypothesis, not from the insights' labels, and are
conservative: a sentence whose side is unclear (a bare negation, a hypothetical) is no evidence.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from .. import contract
from ..engines.model import measures
from ..records import Message, Persona
from . import schemas
from .brief import Brief, Hypothesis

SMALL_N = 5  # fewer distinct personas than this, and no count generalises
SIMILAR = 0.6  # share of the words two persona descriptions have in common
QUOTES_PER_THEME = 4
QUOTES_PER_INTERVIEW = 2  # evidence per hypothesis and interview

# Words that say little about what a hypothesis claims: matching only these is no evidence.
GENERIC = frozenset(
    """time times hour hours week weeks month months year years work works working people team
    lose lost every often usually always sometimes thing things much many more less most""".split()
)
_GENERIC_STEMS = frozenset(measures.stem(w) for w in GENERIC)
# The customer plays the point down or says it does not happen: the sentence takes the other side.
_DOWNPLAY = re.compile(
    r"\b(?:not (?:really|much|that|a (?:big )?(?:problem|issue|deal)|an issue|worth)|"
    r"(?:isn't|wasn't|is not|was not) (?:a|an|really|that|much)|no (?:problem|issue|big deal)|"
    r"(?:never|haven't|have not|hasn't|didn't|did not|don't|do not|doesn't|does not) "
    r"(?:really |actually |even )?(?:had|have|tried|try|use|used|need|needed|bother|bothers|mind|matter|"
    r"take|takes|lose|lost|see|saw|think|happen|happened)|"
    r"minor|hardly|rarely|barely|fine|works well|just works|manageable|under control)\b",
    re.IGNORECASE,
)
# A negation the downplay pattern did not read: its side is unclear, so it is no evidence.
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|none|nobody|neither|nor|without)\b|n't\b", re.IGNORECASE)
# What they would do, not what they did (the Mom Test's "fluff").
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|i'd|we'd|wish|imagine|someday|one day|if (?:i|we|it|they|there) "
    r"(?:had|could|were|was|got))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PanelInterview:
    """One interview of a panel, as the synthesis reads it."""

    interview_id: str
    persona: Persona
    seed: int
    status: str  # waiting | in-progress | completed | failed
    messages: Sequence[Message] = ()
    insights: dict | None = None

    def summary(self) -> dict:
        return {
            "interviewId": self.interview_id,
            "persona": self.persona.as_dict(),
            "seed": self.seed,
            "status": self.status,
        }

    def customer_sentences(self) -> list[tuple[str, str]]:
        """(message id, sentence) for every sentence the customer said, in order."""
        return [
            (m.id, sentence)
            for m in self.messages
            if m.agent == "customer"
            for sentence in measures.sentences(m.message)
        ]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


# Past tenses the crude stem cannot join to their verbs ("lost" and "lose").
IRREGULAR = {
    "lost": "lose",
    "spent": "spend",
    "paid": "pay",
    "took": "take",
    "made": "make",
    "bought": "buy",
    "thought": "think",
    "felt": "feel",
    "kept": "keep",
    "left": "leave",
    "sent": "send",
    "told": "tell",
    "gave": "give",
    "brought": "bring",
    "wrote": "write",
    "chose": "choose",
    "ran": "run",
    "went": "go",
}


def _stems(text: str) -> set[str]:
    return {measures.stem(IRREGULAR.get(w, w)) for w in measures.content_words(text) | _short_content(text)}


def _short_content(text: str) -> set[str]:
    """Three-letter words that carry meaning ("app", "pay", "lost"'s "go" aside)."""
    return {w for w in measures.words(text) if len(w) == 3 and w not in measures.STOPWORDS and w not in _SHORT_COMMON}


_SHORT_COMMON = frozenset(
    "the and for but not can did get got had has her him his how its let may our out own put say "
    "see she too two use was way who why yet you all any are few new now off old one per set "
    "day".split()
)


def banner(engine: dict, seeds: Sequence[int], count: int) -> str:
    who = f"the {engine['name']} engine"
    if engine.get("model"):
        who += f" on {engine['model']}" + (f" with the adapter {engine['adapter']}" if engine.get("adapter") else "")
    numbers = f"{'seed' if len(seeds) == 1 else 'seeds'} {', '.join(str(s) for s in seeds)}"
    return (
        f"Synthetic interviews, not research with people: {count} interviews written by {who}, {numbers}. "
        "Use them to sharpen your questions and hypotheses before you talk to customers; never as evidence "
        "about real people."
    )


def engine_identity(name: str, fingerprint: dict) -> dict:
    """The engine, model and adapter that wrote a panel's interviews (from the engine's fingerprint)."""
    return {"name": name, "model": fingerprint.get("model"), "adapter": fingerprint.get("adapter")}


# -- themes ------------------------------------------------------------------------------
def locate(quote: str, interview: PanelInterview) -> str | None:
    """The id of the customer message that holds `quote` verbatim, if any does."""
    quote = quote.strip()
    for message in interview.messages:
        if message.agent == "customer" and quote and quote in message.message:
            return message.id
    return None


def _quote(interview: PanelInterview, message_id: str, quote: str) -> dict:
    return {
        "interviewId": interview.interview_id,
        "messageId": message_id,
        "persona": interview.persona.name,
        "quote": quote,
    }


def recurring_themes(interviews: Sequence[PanelInterview]) -> list[dict]:
    """The insights' themes grouped by name across interviews, most often raised first."""
    names: dict[str, str] = {}
    raised: dict[str, list[tuple[PanelInterview, list[dict]]]] = defaultdict(list)
    for interview in interviews:
        for theme in (interview.insights or {}).get("themes", []):
            key = _normal(theme["theme"])
            names.setdefault(key, theme["theme"])
            quotes = []
            for quote in theme["quotes"]:
                message_id = locate(quote, interview)
                if message_id is not None:  # a quote found in no customer message is dropped
                    quotes.append(_quote(interview, message_id, quote.strip()))
            if not any(entry[0] is interview for entry in raised[key]):
                raised[key].append((interview, quotes))
    themes = []
    for key, entries in raised.items():
        # One quote from each interview before a second from any, so every voice is heard.
        rounds = max((len(quotes) for _, quotes in entries), default=0)
        quotes = [q[n] for n in range(rounds) for _, q in entries if n < len(q)]
        themes.append(
            {
                "theme": names[key],
                "interviews": len(entries),
                "personas": len({interview.persona for interview, _ in entries}),
                "interviewIds": [interview.interview_id for interview, _ in entries],
                "quotes": quotes[:QUOTES_PER_THEME],
            }
        )
    return sorted(themes, key=lambda t: (-t["interviews"], -t["personas"], _normal(t["theme"])))


# -- hypotheses -------------------------------------------------------------------------
def about(answer: str, hypothesis: Hypothesis) -> bool:
    """Whether a customer's answer speaks to a hypothesis: it holds the topic's words, or half
    of the hypothesis's content words (at least two, not only generic ones)."""
    said = _stems(answer)
    if hypothesis.topic and (topic := _stems(hypothesis.topic)) and topic <= said:
        return True
    claimed = _stems(hypothesis.text)
    shared = claimed & said
    return len(shared) >= max(2, math.ceil(len(claimed) / 2)) and bool(shared - _GENERIC_STEMS)


def overlap(sentence: str, hypothesis: Hypothesis) -> int:
    """How many of the hypothesis's (and its topic's) telling words a sentence holds."""
    claimed = _stems(hypothesis.text) | _stems(hypothesis.topic or "")
    return len((claimed & _stems(sentence)) - _GENERIC_STEMS)


def stance(sentence: str, hypothesis: Hypothesis) -> str | None:
    """The side a sentence about the hypothesis takes, or None when it is unclear: a downplay
    ("not really a problem", "it's minor", "I haven't tried") contradicts, a plain statement of
    what happened supports, a hypothetical or an unread negation says nothing for sure. A
    hypothesis that is itself negative turns the sides round."""
    if is_hypothetical(sentence):
        return None
    negative_claim = bool(_NEGATION.search(hypothesis.text))
    if _DOWNPLAY.search(sentence):
        return "supports" if negative_claim else "contradicts"
    if _NEGATION.search(sentence):
        return None
    return "contradicts" if negative_claim else "supports"


def is_hypothetical(sentence: str) -> bool:
    return bool(_HYPOTHETICAL.search(sentence))


def weigh(hypothesis: Hypothesis, interviews: Sequence[PanelInterview]) -> dict:
    """A hypothesis's verdict, the interviews on each side and their quotes."""
    evidence: list[dict] = []
    sides = {"supports": 0, "contradicts": 0}
    split = 0
    for interview in interviews:
        found = []
        for message in interview.messages:
            if message.agent != "customer" or not about(message.message, hypothesis):
                continue
            # The answer's side is that of its sentence closest to the hypothesis whose side is clear.
            ranked = sorted(measures.sentences(message.message), key=lambda s: -overlap(s, hypothesis))
            for sentence in ranked:
                side = stance(sentence, hypothesis) if overlap(sentence, hypothesis) else None
                if side:
                    found.append((overlap(sentence, hypothesis), message.id, sentence, side))
                    break
        taken = {side for *_, side in found}
        if len(taken) == 1:
            sides[taken.pop()] += 1
        elif taken:
            split += 1  # both sides in one interview: counted on neither, quoted on both
        best = sorted(found, key=lambda f: -f[0])[:QUOTES_PER_INTERVIEW]
        evidence += [
            {**_quote(interview, message_id, sentence), "stance": side} for _, message_id, sentence, side in best
        ]
    if sides["supports"] and sides["contradicts"] or (split and not any(sides.values())):
        verdict = "mixed"
    elif sides["supports"]:
        verdict = "supports"
    elif sides["contradicts"]:
        verdict = "contradicts"
    else:
        verdict = "no evidence"
    return {
        "id": hypothesis.id,
        "text": hypothesis.text,
        "verdict": verdict,
        "supporting": sides["supports"],
        "contradicting": sides["contradicts"],
        "evidence": evidence,
    }


# -- flags --------------------------------------------------------------------------------
def _flag(name: str, message: str, interview_ids: Iterable[str] = ()) -> dict:
    return {"flag": name, "message": message, "interviewIds": list(interview_ids)}


def _describes(persona: Persona) -> set[str]:
    return measures.content_words(f"{persona.role} {persona.industry} {persona.background}")


def similar(a: Persona, b: Persona) -> bool:
    """Two personas that should not count as two voices: the same role and industry, or
    descriptions that share most of their words."""
    if _normal(a.role) == _normal(b.role) and _normal(a.industry) == _normal(b.industry):
        return True
    words_a, words_b = _describes(a), _describes(b)
    return bool(words_a and words_b) and len(words_a & words_b) / len(words_a | words_b) >= SIMILAR


def flags(engine: dict, interviews: Sequence[PanelInterview], themes: Sequence[dict]) -> list[dict]:
    found = []
    if engine["name"] == "fixture":
        found.append(
            _flag(
                "fixture_replay",
                "The fixture engine replays hand-made interviews: the brief's guide and hypotheses did not "
                "steer them, so evidence for a hypothesis is only what those interviews happen to hold.",
            )
        )
    personas = list(dict.fromkeys(i.persona for i in interviews))
    if len(personas) < SMALL_N:
        found.append(
            _flag(
                "small_n",
                f"Only {len(personas)} distinct persona{'s' * (len(personas) != 1)} (fewer than {SMALL_N}): "
                "read the counts as anecdotes, not as shares of anything.",
            )
        )
    if len(personas) > 1:
        lonely = [t for t in themes if t["personas"] == 1]
        if lonely:
            names = ", ".join(t["theme"] for t in lonely)
            found.append(
                _flag(
                    "single_persona_theme",
                    f"{len(lonely)} theme{'s' * (len(lonely) != 1)} raised by one persona only: {names}.",
                    sorted({i for t in lonely for i in t["interviewIds"]}),
                )
            )
    pairs = [(a, b) for n, a in enumerate(personas) for b in personas[n + 1 :] if similar(a, b)]
    if pairs:
        names = "; ".join(f"{a.name} and {b.name}" for a, b in pairs)
        alike = {a for pair in pairs for a in pair}
        found.append(
            _flag(
                "similar_personas",
                f"Personas too alike to count as separate voices: {names}.",
                [i.interview_id for i in interviews if i.persona in alike],
            )
        )
    hypothetical = []
    for interview in interviews:
        said = [sentence for _, sentence in interview.customer_sentences()]
        if said and sum(map(is_hypothetical, said)) * 2 > len(said):
            hypothetical.append(interview)
    if hypothetical:
        found.append(
            _flag(
                "mostly_hypothetical",
                f"{len(hypothetical)} interview{'s' * (len(hypothetical) != 1)} where most of what the customer said "
                "was what they would do, not what they did: weak evidence either way.",
                [i.interview_id for i in hypothetical],
            )
        )
    return found


# -- the whole -------------------------------------------------------------------------
def synthesize(brief: Brief, interviews: Sequence[PanelInterview], engine: dict, seeds: Sequence[int]) -> dict:
    """The panel's synthesis (schemas.SYNTHESIS) from its finished interviews; failed ones are
    listed but give no evidence."""
    done = [i for i in interviews if i.status == "completed"]
    themes = recurring_themes(done)
    synthesis = {
        "banner": banner(engine, seeds, len(done)),
        "engine": engine,
        "seeds": list(seeds),
        "brief": brief.as_dict(),
        "interviews": [i.summary() for i in interviews],
        "themes": themes,
        "hypotheses": [weigh(h, done) for h in brief.hypotheses],
        "flags": flags(engine, done, themes),
    }
    contract.validate(synthesis, schemas.SYNTHESIS)
    return synthesis
