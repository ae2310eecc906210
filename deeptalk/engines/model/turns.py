"""What the model engines keep of a customer answer, and how they follow up on it.

An answer is the trained model's text as it stands, refused whole when a reader would stop at it
(assistant talk, the customer's own name, stage directions, bullets, placeholders, a word in no
English word list) and cut of sentences already said; the checks are measures.py's. It is marked
`model` when nothing was cut and `model-edited` otherwise.

Where the model's own question (strategy.py) does not pass its checks, a follow-up is the guide's
question, led in by a noun phrase from the answer just given ("You mentioned your shared Excel
sheet."), so the interviewer is still heard listening; a question whose "that" is the problem or
the tool takes up the phrase that names it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Sequence

from ...guide_lint import lint_question
from . import cleaning, counts, guide, measures, phrasing, vocabulary

# What the customer says when no candidate answer survives the checks: no words in common, so
# none repeats another's run of words.
LAST_RESORT = (
    "I'd have to think about that one; it isn't something I can put simply.",
    "I'm not sure how to answer that right now.",
    "That's hard to say; it changes a lot from week to week.",
    "I don't have a clear answer to that yet.",
)
NOT_NOUNS = tuple(vocabulary.PHRASE_WORDS["not_noun_endings"])


@dataclass(frozen=True)
class Answer:
    text: str
    provenance: str  # model | model-edited
    sentences: int


REPLY_SENTENCES = 4
REPLY_CHARS = 480
# A sentence ends at . ! or ? (and a closing quote or bracket) before a space and a capital, a
# digit or an opening quote: "3.5 hours", "at 9 a.m. sharp" and "€33.60" stay one sentence.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[A-Z0-9\"'(])")
_FINISHED = re.compile(r"[.!?][\"')\]]?$")
# A sentence said again: at least this many words, the same words and numbers.
REPEAT_WORDS = 4


def reply(
    raw: str,
    name: str,
    role: str,
    allowed: set[str],
    said_before: Sequence[str],
    sheet: str = "",
    asked: str = "",
) -> Answer | None:
    """The trained model's answer as it stands, or None when a reader would stop at it: assistant
    talk, the customer's own name, stage directions, bullets or placeholders, or a word in no
    English word list (the persona's and the fact sheet's words allowed, and names: capitalised
    words inside a sentence), or nothing finished. An unfinished last sentence and a sentence the
    customer already said are cut (the answer is then `model-edited`), and the answer ends after
    REPLY_SENTENCES sentences. So is a sentence sharing a run of 6 words with what was said before
    in the interview (`said_before`: every turn so far), or with the answer's own sentences, one
    that counts a thing far above the count `sheet` (background and fact sheet) gives of it
    (counts.py: "eight hundred patients" where the sheet says 80), and one that says a time no
    clock allows ("three hundred hours a week"; a bare time is held to the period the question
    `asked` named)."""
    text = cleaning.strip_labels(raw)
    earlier = {_normal(s) for before in said_before for s in _SENTENCE_BREAK.split(before)}
    earlier_runs = set().union(set(), *(measures.repeated_runs([before, before]) for before in said_before))
    kept: list[str] = []
    for sentence in _SENTENCE_BREAK.split(text):
        if not _FINISHED.search(sentence):
            continue  # the model stopped mid-sentence at its token limit
        names = {w.lower() for w in re.findall(r"(?<=\s)[A-Z][\w'’-]*", sentence)}
        if measures.customer_defects(sentence, name, role) or measures.non_english_words(sentence, allowed | names):
            return None
        said = _normal(sentence)
        if len(said.split()) >= REPEAT_WORDS and (said in earlier or said in map(_normal, kept)):
            continue
        # Nor a run of 6 words already said in the interview, or twice in this answer.
        joined = " ".join([*kept, sentence])
        if measures.repeated_runs([joined, joined]) & earlier_runs or measures.repeated_runs([joined]):
            continue
        if counts.inflated(sentence, sheet) or counts.impossible(sentence, asked):
            continue
        if len(kept) == REPLY_SENTENCES or len(" ".join([*kept, sentence])) > REPLY_CHARS:
            break
        kept.append(sentence)
    answer = " ".join(kept)
    if len(answer.split()) < 2:
        return None
    provenance = "model" if answer == text else "model-edited"
    return Answer(answer, provenance, len(kept))


def _normal(sentence: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", sentence.lower().replace("’", "'")))


# The word lists of words.yaml's noun_phrases, where each says what it is for.
DETERMINERS = frozenset(vocabulary.PHRASE_WORDS["determiners"])
NUMBER_WORDS = frozenset(vocabulary.PHRASE_WORDS["number_words"])
PREPOSITIONS = frozenset(vocabulary.PHRASE_WORDS["prepositions"])
_SPOKEN: dict[str, str] = dict(vocabulary.PHRASE_WORDS["spoken"])
AFTER_NOUNS = frozenset(vocabulary.PHRASE_WORDS["after_nouns"])
NO_HEADS = vocabulary.VAGUE_HEADS | vocabulary.STATES
VERBS = frozenset(vocabulary.PHRASE_WORDS["verbs"])
PAST_FORMS = frozenset(vocabulary.PHRASE_WORDS["past_forms"])
NEGATIONS = frozenset(vocabulary.PHRASE_WORDS["negations"])
CALENDAR = frozenset(vocabulary.PHRASE_WORDS["calendar"])
TELLERS = frozenset(vocabulary.PHRASE_WORDS["tellers"])
_TOKEN = re.compile(r"[^\W_][\w'’-]*|[.,;:!?]")  # letters of any alphabet: "Kraków", not "Krak w"
LONGEST_PHRASE = 4  # words after the determiner
_NUMBER_PARTS = frozenset({*counts.UNITS, *counts.TENS, *counts.SCALES})
_DESCRIBING = tuple(vocabulary.PHRASE_WORDS["describing_endings"])


@dataclass(frozen=True)
class Phrase:
    """A noun phrase of an answer, as the interviewer says it back ("your shared Excel sheet")."""

    text: str
    words: tuple[str, ...]  # lower case, as in the answer
    sentence: str


def noun_phrases(answer: str, grounding: set[str], avoid: set[str]) -> list[Phrase]:
    """The answer's noun phrases, by their place: a determiner, a number or a name ("Google
    Sheets") opens one, or a preposition a plural of the persona's work ("of missing inspections");
    then up to four words, the last a noun that punctuation or a linking word follows ("the shared
    Excel sheet that", "sixty live sites."). Without a part-of-speech tagger, that place and a
    list of common verbs keep a phrase off verbs ("the day starts at", "our site goes from")."""
    found = []
    for sentence in measures.sentences(answer):
        tokens = _TOKEN.findall(sentence) + ["."]
        for i in range(len(tokens) - 1):
            phrase = _phrase_at(tokens, i, grounding, avoid)
            if phrase:
                found.append(Phrase(phrase[0], phrase[1], sentence))
    return found


def _counts(token: str) -> bool:
    """A word of a number: "hundred", "fifty-odd", "250"."""
    word = token.lower()
    return word[:1].isdigit() or any(part in _NUMBER_PARTS for part in word.split("-"))


def _phrase_at(
    tokens: list[str], start: int, grounding: set[str], avoid: set[str]
) -> tuple[str, tuple[str, ...]] | None:
    opener = tokens[start].lower()
    named = (
        start > 0
        and _word(tokens[start])
        and tokens[start][0].isupper()
        and not tokens[start - 1][0].isupper()  # where a name starts, not inside it
        and tokens[start - 1].lower() not in DETERMINERS  # "a Google Sheet": the determiner's phrase
        and opener not in CALENDAR
    )
    if any(t.lower() in NEGATIONS or t.lower().endswith("n't") for t in tokens[max(0, start - 3) : start]):
        return None  # "we're not a paid service": no thing of theirs to ask about
    if opener in PREPOSITIONS:
        return _bare_plural(tokens, start, grounding, avoid)
    if not (opener in DETERMINERS or opener in NUMBER_WORDS or opener.isdigit() or named):
        return None
    number = opener in NUMBER_WORDS or opener.isdigit()  # "five to six contracts": "the contracts"
    first = (
        tokens[start]
        if named
        else "the"
        if number
        else _SPOKEN.get(opener, opener if tokens[start][1:].islower() or len(opener) == 1 else tokens[start])
    )
    best = None
    body_start = start if named else start + 1
    if number:  # "three hundred tickets" is "the tickets", never "the hundred tickets"
        body_start = _past_counts(tokens, body_start)
    for end in range(body_start + 1, min(body_start + (1 if named else 0) + 1 + LONGEST_PHRASE, len(tokens))):
        body = tokens[body_start:end]
        following = tokens[end].lower()
        if not all(_word(w) for w in body) or not (following in AFTER_NOUNS or following in PAST_FORMS):
            continue  # a past verb ends the phrase too: "the cart froze" is "the cart"
        if named and not all(w[0].isupper() for w in body[:-1]):
            continue
        ends_clause = not tokens[end][0].isalpha()
        if (named or _head(body[-1], grounding, avoid, ends_clause)) and all(_modifier(w) for w in body[:-1]):
            if not named and _maybe_verb(body, grounding):
                continue
            words = tuple(w.lower() for w in body)
            # "Excel sheet" is "the Excel sheet"; a name alone ("Google Sheets", "Derek") stands as it is.
            spoken = (["the"] if body[-1][:1].islower() else []) + body if named else [first, *body]
            best = (" ".join(spoken), words)
    if named and best and best[1][-1] in avoid:
        return None
    return best


def _past_counts(tokens: list[str], at: int) -> int:
    """The place of the first token from `at` on that is no word of a number ("three hundred and
    fifty tickets": "tickets"); the last token is never passed."""
    while at < len(tokens) - 1 and (_counts(tokens[at]) or tokens[at].lower() == "and" and _counts(tokens[at + 1])):
        at += 1
    return at


def _bare_plural(
    tokens: list[str], start: int, grounding: set[str], avoid: set[str]
) -> tuple[str, tuple[str, ...]] | None:
    for end in range(start + 3, min(start + 2 + LONGEST_PHRASE, len(tokens))):
        body = tokens[start + 1 : end]
        head = body[-1].lower()
        if not all(_word(w) and w[1:].islower() for w in body) or tokens[end].lower() not in AFTER_NOUNS:
            continue
        plural = head.endswith("s") and not head.endswith("ss")
        if plural and _head(head, grounding, avoid) and all(_modifier(w) for w in body[:-1]):
            if any(w.lower() in grounding or w.lower() in vocabulary.DOMAIN_NOUNS for w in body):
                counted = _past_counts(body, 0)  # "about fifteen mussels" is "the mussels", as "fifteen mussels" is
                said = [w.lower() for w in body[counted:]]
                return " ".join(["the", *said] if counted else said), tuple(said)
    return None


def _word(token: str) -> bool:
    return token[0].isalpha() and token != "I" and "'" not in token.replace("'s", "").replace("’s", "")


def _verb(word: str) -> bool:
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and (word[: -len(ending)] in VERBS or word[: -len(ending)] + "e" in VERBS):
            return True
    return word in VERBS or word in PAST_FORMS or word in {"does", "has"}


def names_only(sentence: str) -> bool:
    """Whether a sentence names a thing and tells nothing of it: no person, auxiliary, modal,
    contraction or verb ("The group in a bush camp.", "The orders coming back from the phone
    line."; not "Clients want a contract.", "I'm behind.", "Everything stopped.")."""
    words = [w.lower().replace("’", "'") for w in _TOKEN.findall(sentence) if w[0].isalpha()]
    return bool(words) and not any(
        w in TELLERS
        or (_verb(w) and before not in DETERMINERS)  # "the sites" is no verb "sit"
        or w.endswith(("n't", "'re", "'m", "'ve", "'ll", "'d"))
        or w.split("'")[0] in TELLERS  # "it's", "there's"
        or (len(w) > 4 and w.endswith("ed"))
        for before, w in zip(["", *words], words, strict=False)
    )


def _maybe_verb(body: list[str], grounding: set[str]) -> bool:
    """A head in -s after a plain noun may be the noun's verb ("the backlog grows"): trusted only
    when it is a word of the persona's work or its modifier reads as one ("missing inspections")."""
    head, before = body[-1].lower(), body[-2] if len(body) > 1 else ""
    if not before or not head.endswith("s") or head.endswith("ss"):
        return False
    if head in grounding or head in vocabulary.DOMAIN_NOUNS:
        return False
    described = before[:1].isupper() or before.isdigit() or before.lower().endswith(_DESCRIBING)
    return not described


def _head(word: str, grounding: set[str], avoid: set[str], ends_clause: bool = False) -> bool:
    """A word a phrase can end on: a noun by its form, or a word of the persona's work; one in
    -ing only where the clause ends on it ("the handover meeting.", not "the team doing it")."""
    low = word.lower()
    if low in measures.STOPWORDS or low in NO_HEADS or low in avoid or len(low) < 3:
        return False
    if low in CALENDAR or low in phrasing.NO_TOPIC or measures.is_filler(low):
        return False  # "the contract anyway", "the extra": no thing, even where the persona says it
    known = low in grounding or low in vocabulary.DOMAIN_NOUNS
    if _verb(low) and not known:
        return False
    if known or (ends_clause and low.endswith("ing")):
        return True
    return not low.endswith(NOT_NOUNS) or (low.endswith("s") and not low.endswith("ss"))


MEASURES = frozenset(vocabulary.PHRASE_WORDS["measures"])


def _modifier(word: str) -> bool:
    """A word before a phrase's head: not a verb, an adverb or a plural ("the overruns slip": a
    plural noun's verb, not a compound)."""
    low = word.lower()
    plural = low.endswith("s") and not low.endswith(("ss", "'s", "’s")) and not word[:1].isupper()
    return (
        low not in measures.STOPWORDS
        and low not in AFTER_NOUNS  # "the site since January": a linking word ends a phrase
        and not _verb(low)
        and not low.endswith("ly")
        and low not in MEASURES
        and not plural
    )


# Lead-ins, taken in turn from a seeded start: short, so no run of 6 words comes back.
LEADS = (
    "You mentioned {topic}.",
    "Let's stay with {topic} for a moment.",
    "I'm curious about {topic}.",
    "You brought up {topic}.",
)
BACK = "Let's go back to {topic}."  # the phrase is from an earlier answer


def _weight(phrase: Phrase, focus: str, grounding: set[str]) -> tuple[int, int]:
    """The phrase a follow-up takes up: on the question's focus (the problem, the tool), then
    in the persona's own words, then the longest."""
    on_focus = _on_focus(phrase, focus)
    lone_name = phrase.text[:1].isupper() and len(phrase.words) == 1  # "Glasgow": a place, seldom the point
    return (on_focus, 2 * sum(w in grounding for w in phrase.words) + len(phrase.words) - 2 * lone_name)


def _on_focus(phrase: Phrase, focus: str) -> int:
    """2: the phrase names the focus ("missing inspections"); 1: its sentence does; 0: neither."""
    said = " ".join(phrase.words)
    if focus == "tool":
        return 2 * guide.names_a_tool(said)
    if focus == "problem":
        if guide.describes_problem(said):
            return 2
        return int(guide.describes_problem(phrase.sentence) or guide.describes_event(phrase.sentence))
    return 0


def taken_up(
    answers: Sequence[str], focus: str, grounding: set[str], avoid: set[str], avoid_back: set[str] = frozenset()
) -> tuple[Phrase, bool] | None:
    """The phrase a follow-up takes up, and whether it is from the last answer: the last answer's
    best phrase. For a question about the problem or the tool, whose "that" must point at it: a
    phrase of the last answer that names it, else one of its sentence about it; only when the
    last answer does not touch it, a phrase naming it in an earlier one (`avoid_back`: the words
    not to take up from those, the problem may be named again)."""
    last = _takeable(answers[-1], grounding, avoid) if answers else []
    best = lambda phrases: max(phrases, key=lambda p: _weight(p, focus, grounding))  # noqa: E731
    if not focus:
        return (best(last), True) if last else None
    naming = [p for p in last if _on_focus(p, focus) == 2]
    near = [p for p in last if _on_focus(p, focus) == 1]
    if naming or near:
        return best(naming or near), True
    if answers and _touches(answers[-1], focus):
        return None  # the question's "that" is what was just said
    for answer in reversed(answers[:-1]):
        naming = [p for p in _takeable(answer, grounding, set(avoid_back)) if _on_focus(p, focus) == 2]
        if naming:
            return best(naming), False
    return None


FAMILY = frozenset(vocabulary.PHRASE_WORDS["family"])


def _takeable(answer: str, grounding: set[str], avoid: set[str]) -> list[Phrase]:
    """The answer's noun phrases a lead-in may take up: none of the customer's family."""
    return [p for p in noun_phrases(answer, grounding, avoid) if not _of_the_family(p)]


def _of_the_family(phrase: Phrase) -> bool:
    """A phrase of the customer's family ("your wife", "your son's wedding", "the kids"): a detail
    of their life, not of the work, that a lead-in would pick at random. Even where the background
    says it ("Runs a family gold jewellery shop": "I'm curious about the family." read worse than
    the question alone)."""
    said = [re.sub(r"['’]s$", "", w) for w in phrase.words]
    return any(w in FAMILY or measures.singular(w) in FAMILY for w in said)


def _touches(answer: str, focus: str) -> bool:
    if focus == "tool":
        return guide.names_a_tool(answer)
    return guide.describes_problem(answer) or guide.describes_event(answer)


def follow_up(
    answers: Sequence[str],
    asked: Sequence[str],
    question: str,
    grounding: set[str],
    persona_words: set[str],
    seed: str,
    number: int,
    focus: str = "",
    alone: str = "",
) -> str:
    """The guide's question, led in by a noun phrase of what the customer just said (`answers`:
    theirs so far, the last one last; `asked`: the interviewer's messages so far; `number`: the
    follow-up's place in the interview, so that consecutive ones are led in differently). Never
    the persona's own name or role ("the pharmacist", to a pharmacist), nor a word the interviewer
    has already said; going back to an earlier answer, never to what it already went back to. The
    question alone (`alone`, where its "that" needs a lead-in of the last answer to point at
    something) when no phrase fits, or when the phrase would make the guide linter flag it."""
    avoid = persona_words | {w for message in asked for w in measures.words(message)}
    back = BACK.split("{")[0]
    avoid_back = persona_words | {
        w for m in asked for s in measures.sentences(m) if s.startswith(back) for w in measures.words(s)
    }
    found = taken_up(answers, focus, grounding, avoid, avoid_back)
    if found is None:
        return alone or question
    phrase, last = found
    if alone and not last:  # "Let's go back to your phone. ... that setup?" jumps; the question alone does not
        return alone
    lead = LEADS[(random.Random(seed).randrange(len(LEADS)) + number) % len(LEADS)] if last else BACK
    led = f"{lead.format(topic=phrase.text)} {question}"
    return (alone or question) if lint_question(led) else led
