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
from ..guide_lint import lint_question
from ..records import Message, Persona
from . import schemas
from .brief import Brief, Hypothesis

SMALL_N = 5  # fewer distinct personas than this, and no count generalises
SIMILAR = 0.6  # share of the words two persona descriptions have in common
QUOTES_PER_THEME = 4
QUOTES_PER_INTERVIEW = 2  # evidence per hypothesis and interview

# Words that say little about what a hypothesis claims: sharing only these is no evidence.
GENERIC = frozenset(
    """time hour week month year day work people team person lose every often usually always sometimes
    thing much many more less most really just also problem issue way lot part""".split()
)
# The customer plays the point down or says it does not happen: the sentence takes the other side.
_DOWNPLAY = re.compile(
    r"\b(?:not (?:really|much|that|a (?:big )?(?:problem|issue|deal)|an issue|worth it)|"
    r"(?:isn't|wasn't|is not|was not) (?:a|an|really|that|much) ?(?:big |real )?(?:problem|issue|deal|of a)|"
    r"no (?:problem|issue|trouble|big deal)|"
    r"(?:never|haven't|have not|hasn't|didn't|did not|don't|do not|doesn't|does not) "
    r"(?:really |actually |even |ever )?(?:tried|try|bother|bothers|mind|matter|matters|need|needed)|"
    r"(?:don't|do not|didn't) (?:really )?think (?:of it as|it's|it is|it was) (?:a|much of a|an) (?:problem|issue)|"
    r"minor|hardly|rarely|barely|works (?:fine|well|perfectly)|just works|manageable|under control)\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(r"(?:\b(?:not|no|never)|n't)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)", re.IGNORECASE)
# A negation: in a hypothesis, the claim is negative.
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|none|nobody|neither|nor|without)\b|n't\b", re.IGNORECASE)
# A negation that does not deny the claim ("money, not only time").
_NOT_A_DENIAL = re.compile(r"\bnot (?:only|just|merely|simply)\b|\bno (?:longer than|more than|less than)\b", re.I)
# What they would do, not what they did (the Mom Test's "fluff"), and conditionals.
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|i'd|we'd|you'd|wish|imagine|someday|one day|if)\b",
    re.IGNORECASE,
)
# Past tenses a suffix rule cannot bring back to their verbs ("lost" and "lose").
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
    "gone": "go",
    "did": "do",
    "done": "do",
    "had": "have",
    "has": "have",
    "got": "get",
    "people": "person",
}
_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s", "y")


def stem(word: str) -> str:
    """A word's stem for matching: the irregular pasts mapped, then one regular ending off and a
    final e dropped, so that "ordering", "orders" and "ordered" meet at "order", "losing" and
    "lose" at "los", "delivery" and "delivered" at "deliver", while "paperwork" stays apart from
    "paper"."""
    word = IRREGULAR.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (4 if suffix == "y" else 3) and not word.endswith("ss"):
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _stems(text: str) -> set[str]:
    said = measures.words(text)
    return {stem(w) for w in said if len(w) >= 3 and w not in measures.STOPWORDS and w not in _COMMON}


# Short words too common to tell one claim from another.
_COMMON = frozenset("get got use used say see way lot day new old one two let put off yes".split())
_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC)


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
def locate(quote: str, answers: Sequence[Message]) -> str | None:
    """The id of the answer that holds `quote` verbatim, if any does."""
    quote = quote.strip()
    for message in answers:
        if quote and quote in message.message:
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
    """The insights' themes grouped by name across interviews, most often raised first. An
    interview raises a theme when one of the theme's quotes is in an answer about what happened:
    a quote found in no such answer (a wish, or words the customer never said) is dropped."""
    names: dict[str, str] = {}
    raised: dict[str, list[tuple[PanelInterview, list[dict]]]] = defaultdict(list)
    for interview in interviews:
        answers = evidence_answers(interview)
        for theme in (interview.insights or {}).get("themes", []):
            key = _normal(theme["theme"])
            quotes = []
            for quote in theme["quotes"]:
                message_id = locate(quote, answers)
                if message_id is not None:
                    quotes.append(_quote(interview, message_id, quote.strip()))
            if quotes and not any(entry[0] is interview for entry in raised[key]):
                names.setdefault(key, theme["theme"])
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
def _telling(hypothesis: Hypothesis) -> set[str]:
    return _claimed(hypothesis) - _GENERIC_STEMS


def _needed(telling: set[str]) -> int:
    """How many of a claim's telling words an answer must hold to be about it: most of them
    (60%), and two when the claim has two or more: one shared noun is the persona's world, not the claim."""
    return max(min(2, len(telling)), math.ceil(0.6 * len(telling)))


def about(answer: str, hypothesis: Hypothesis) -> bool:
    """Whether a customer's answer speaks to a hypothesis: it holds most of the claim's telling
    words, or its topic's words and one more of the claim's."""
    said, telling = _stems(answer), _telling(hypothesis)
    if not telling:  # a claim of generic words only ("people lose time") cannot be told from small talk
        return False
    topic = _stems(hypothesis.topic or "")
    if topic and topic <= said and len((telling - topic) & said) >= 1:
        return True
    return len(telling & said) >= _needed(telling)


def overlap(text: str, hypothesis: Hypothesis) -> int:
    """How many of the claim's telling words a piece of an answer holds."""
    return len(_telling(hypothesis) & _stems(text))


def _claimed(hypothesis: Hypothesis) -> set[str]:
    """The words of what a hypothesis claims, and of its topic; not those it sets the claim
    against ("money, not only time": time is not the claim)."""
    text = re.sub(r"\b(?:not only|not just|rather than|instead of|more than)\b.*", "", hypothesis.text, flags=re.I)
    return _stems(text) | _stems(hypothesis.topic or "")


def stance(sentence: str, hypothesis: Hypothesis) -> str | None:
    """The side a sentence about the hypothesis takes, or None when it is unclear: a downplay
    ("not really a problem", "it's minor", "I haven't tried") or a denial of the claim's own
    words ("we don't lose any paperwork") contradicts, anything else said of it supports, and a
    hypothetical or a conditional says nothing for sure. A hypothesis that is itself negative
    turns the sides round."""
    if is_hypothetical(sentence):
        return None
    negative_claim = bool(_NEGATION.search(_NOT_A_DENIAL.sub("", hypothesis.text)))
    telling = _claimed(hypothesis) - _GENERIC_STEMS
    denied = any(_stems(match.group(1)) & telling for match in _DENIAL.finditer(sentence))
    if _DOWNPLAY.search(sentence) or denied:
        return "supports" if negative_claim else "contradicts"
    return "contradicts" if negative_claim else "supports"  # a negation of something else does not count


def is_hypothetical(sentence: str) -> bool:
    return bool(_HYPOTHETICAL.search(sentence))


def evidence_answers(interview: PanelInterview) -> list[Message]:
    """The customer's answers that can be evidence: not those to a question about what they would
    do or will do (the guide linter's hypothetical and future rules), which hold wishes, not facts."""
    answers, asked = [], ""
    for message in interview.messages:
        if message.agent == "interviewer":
            asked = message.message
        elif not {f.rule for f in lint_question(_last_question(asked))} & {"hypothetical", "future"}:
            answers.append(message)
    return answers


def _last_question(turn: str) -> str:
    """The question an interviewer's turn ends on (a greeting or a lead-in may come first)."""
    sentences = measures.sentences(turn)
    asks = [s for s in sentences if s.rstrip().endswith("?")]
    return asks[-1] if asks else (sentences[-1] if sentences else "")


def best_passage(answer: str, hypothesis: Hypothesis) -> str | None:
    """The answer's sentence that holds most of the claim, with its neighbour when that one adds
    to it (a quote of two sentences, verbatim); None when no sentence holds two telling words."""
    sentences = [s for s in measures.sentences(answer) if not is_hypothetical(s)]
    if not sentences:
        return None
    scores = [overlap(s, hypothesis) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: scores[i])
    passage = sentences[best]
    for neighbour in (best + 1, best - 1):
        if 0 <= neighbour < len(sentences):
            pair = sorted((best, neighbour))
            joined = f"{sentences[pair[0]]} {sentences[pair[1]]}"
            if joined in answer and overlap(joined, hypothesis) > overlap(passage, hypothesis):
                passage = joined
                break
    if overlap(passage, hypothesis) < min(2, len(_telling(hypothesis))) or not own_account(passage, hypothesis):
        return None
    return passage


# The customer as the subject of what happened ("my" is not enough: "a guy on my team").
_FIRST_PERSON = frozenset("i i'm i've i'd i'll we we're we've we'd we'll".split())
_CLAUSE = re.compile(r"[,;:]|\b(?:and|but|because|so|while|which|who|whose|although|though)\b", re.IGNORECASE)


def own_account(passage: str, hypothesis: Hypothesis) -> bool:
    """Whether a passage is the customer's own account rather than someone else's story: a
    sentence that speaks of another person ("a guy on my team... he'd never used the software",
    "the client's office... costs them money") counts only when the clause holding most of the
    claim has the customer as its subject (I, we) or names the group the hypothesis is about."""
    subject = _subject(hypothesis.text)
    for sentence in measures.sentences(passage):
        others = (set(measures.words(sentence)) & _OTHERS) - subject
        if not others:
            continue
        clauses = [c for c in _CLAUSE.split(sentence) if c and c.strip()]
        best = max(overlap(c, hypothesis) for c in clauses)
        if not any(
            set(measures.words(c)) & _FIRST_PERSON or subject & _stems(c)
            for c in clauses
            if overlap(c, hypothesis) == best
        ):
            return False
    return True


# Words by which a customer tells of someone else.
_OTHERS = frozenset(
    """he she him her his hers he'd she'd he's she's guy client client's clients colleague colleagues friend
    boss brother sister wife husband son daughter neighbour""".split()
)


def _subject(claim: str) -> set[str]:
    """The group a hypothesis is about, when it names one: its first content word if that is a
    plural or collective noun ("customers", "staff"); else nothing, and only the customer's own
    voice counts ("The problem costs them money": the customer's problem)."""
    words = [w for w in measures.words(claim) if w not in measures.STOPWORDS]
    if not words:
        return set()
    first = words[0]
    plural = first.endswith("s") and not first.endswith(("ss", "us", "is"))
    return {stem(first)} if plural or first in _COLLECTIVE else set()


_COLLECTIVE = frozenset("staff people team management everyone everybody crew family".split())


def weigh(hypothesis: Hypothesis, interviews: Sequence[PanelInterview]) -> dict:
    """A hypothesis's verdict, the interviews on each side and their quotes."""
    evidence: list[dict] = []
    sides = {"supports": 0, "contradicts": 0}
    split = 0
    for interview in interviews:
        found = []
        for message in evidence_answers(interview):
            if not about(message.message, hypothesis):
                continue
            quote = best_passage(message.message, hypothesis)
            side = stance(quote, hypothesis) if quote else None
            if side:
                found.append((overlap(quote, hypothesis), message.id, quote, side))
        taken = {side for *_, side in found}
        if len(taken) == 1:
            sides[taken.pop()] += 1
        elif taken:
            split += 1  # both sides in one interview: counted on neither, quoted on both
        best = sorted(found, key=lambda f: -f[0])[:QUOTES_PER_INTERVIEW]
        evidence += [{**_quote(interview, message_id, quote), "stance": side} for _, message_id, quote, side in best]
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
        "summary": verdict_summary(verdict, sides["supports"], sides["contradicts"], split, len(interviews)),
        "evidence": evidence,
    }


def verdict_summary(verdict: str, supporting: int, contradicting: int, split: int, total: int) -> str:
    """The verdict in a sentence, as every export and the viewer show it."""
    if verdict == "no evidence":
        return (
            "No answer matched this hypothesis: the check is word by word and strict, so read the themes "
            "and transcripts before concluding that nobody raised it."
        )
    counted = f"{supporting} of {total} distinct interviews support it, {contradicting} contradict it"
    both = f"; {split} say both" if split else ""
    thin = "; one interview is an anecdote, not a pattern" if supporting + contradicting + split == 1 else ""
    return f"{counted}{both}{thin}."


def related_themes(hypothesis: Hypothesis, themes: Sequence[dict]) -> list[str]:
    """The panel's themes whose name shares a telling word with the hypothesis: where to read
    when no answer matched its words (a pointer for the reader, never counted as evidence)."""
    telling = _telling(hypothesis)
    return [t["theme"] for t in themes if _stems(t["theme"]) & telling]


def point_to_themes(weighed: dict, hypothesis: Hypothesis, themes: Sequence[dict]) -> dict:
    """A hypothesis without evidence names the themes that may bear on it, in its summary."""
    if weighed["verdict"] == "no evidence" and (names := related_themes(hypothesis, themes)):
        listed = ", ".join(f'"{name}"' for name in names[:3])
        weighed["summary"] += f" Themes that may bear on it: {listed}."
    return weighed


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


def flags(
    engine: dict, interviews: Sequence[PanelInterview], themes: Sequence[dict], repeats: Sequence[PanelInterview] = ()
) -> list[dict]:
    found = []
    if engine["name"] == "fixture":
        found.append(
            _flag(
                "fixture_replay",
                "The fixture engine replays hand-made interviews: the brief's guide and hypotheses did not "
                "steer them, so evidence for a hypothesis is only what those interviews happen to hold.",
            )
        )
    if repeats:
        found.append(
            _flag(
                "replayed_interviews",
                f"{len(repeats)} interview{'s' * (len(repeats) != 1)} repeat{'s' * (len(repeats) == 1)} another's "
                "answers word for word; each transcript is counted once in the themes and verdicts.",
                [i.interview_id for i in repeats],
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
def distinct_transcripts(interviews: Sequence[PanelInterview]) -> tuple[list[PanelInterview], list[PanelInterview]]:
    """The interviews whose customer said something no earlier interview's customer said word for
    word, and the repeats: a replayed fixture is one voice however many personas it played for."""
    seen: set[tuple[str, ...]] = set()
    distinct, repeats = [], []
    for interview in interviews:
        said = tuple(m.message for m in interview.messages if m.agent == "customer")
        (repeats if said in seen else distinct).append(interview)
        seen.add(said)
    return distinct, repeats


def synthesize(brief: Brief, interviews: Sequence[PanelInterview], engine: dict, seeds: Sequence[int]) -> dict:
    """The panel's synthesis (schemas.SYNTHESIS) from its finished interviews; failed ones are
    listed but give no evidence."""
    done = [i for i in interviews if i.status == "completed"]
    distinct, repeats = distinct_transcripts(done)
    themes = recurring_themes(distinct)
    synthesis = {
        "banner": banner(engine, seeds, len(done)),
        "engine": engine,
        "seeds": list(seeds),
        "brief": brief.as_dict(),
        "interviews": [i.summary() for i in interviews],
        "themes": themes,
        "hypotheses": [point_to_themes(weigh(h, distinct), h, themes) for h in brief.hypotheses],
        "flags": flags(engine, done, themes, repeats),
    }
    contract.validate(synthesis, schemas.SYNTHESIS)
    return synthesis
