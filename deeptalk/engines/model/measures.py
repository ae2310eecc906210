"""The checks the model engines apply to their own candidate text: what a reader would notice
first, a customer who talks like an assistant or calls the interviewer by their own name, filler,
repeated phrases, questions that are not questions, and insights that are not English, stop
mid-phrase, or are not in the transcript. Each is a plain function of the text (and the persona).

`deeptalk eval` does not grade with these: it has its own graders (deeptalk/offline/grading/), so
that no measure is zero just because the engine filtered with the same function.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ...text import sentences
from . import wordlists

# -- words ---------------------------------------------------------------------------------
# The word lists are words.yaml's english, where each says what it is for.
_ENGLISH = wordlists.WORDS["english"]
STOPWORDS = frozenset(_ENGLISH["stopwords"])
FUNCTION_WORDS = frozenset(_ENGLISH["function_words"])

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_RUN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


def words(text: str, pattern: re.Pattern[str] = _WORD) -> list[str]:
    return [w.lower() for w in written_words(text, pattern)]


def written_words(text: str, pattern: re.Pattern[str] = _WORD) -> list[str]:
    """The words of `text` as written (their case kept), split as `words` splits them."""
    return [w.replace("’", "'").strip("'-") for w in pattern.findall(text)]


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= 4 and w not in STOPWORDS}


def stem(word: str) -> str:
    """A crude stem: 'frustrated', 'frustration' and 'frustrating' meet at 'frust'."""
    return word[:5]


def stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def singular(word: str) -> str:
    """A word, its plural aside ("invoices" is "invoice", "families" is "family")."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "news")) else word


# -- customer turns --------------------------------------------------------------------------
_FILLER = re.compile(
    r"^(?:(?:oh|well|yes|yeah|sure|absolutely|of course|definitely|certainly|honestly|great|okay|ok|right)\b[\s,!.]*)*"
    r"(?:(?:i'?m|i am) (?:so |really |very )?(?:glad|happy|delighted|pleased|excited|thrilled|honou?red|grateful)\b"
    r"|thanks?\b|thank you\b|(?:that'?s|that is|what) a (?:great|good|wonderful|interesting) question"
    r"|i'?d (?:be )?(?:happy|glad|love|delighted) to\b|you'?re (?:right|welcome|so kind)\b"
    r"|(?:i'?m|i am) (?:so |very |really )?sorry\b|honest(?:ly)?,? honest"
    r"|i'?ll (?:make sure|try|do my best) to be (?:honest|direct|transparent|clear)"
    r"|(?:absolutely|of course|sure|certainly|definitely|great|honestly|indeed|exactly)[.!,]?$"
    r"|it'?s (?:a pleasure|great|nice|good) to (?:be here|talk|meet|chat))",
    re.IGNORECASE,
)
_ASSISTANT = re.compile(
    r"\b(?:as an ai|language model|i (?:don'?t|do not) have (?:the ability|access|personal|real)"
    r"|i (?:can'?t|cannot) access|at your service|how (?:can|may) i (?:help|assist)"
    r"|(?:happy|glad|here) to (?:help|assist)"
    r"|let me know if|feel free to|assist you|your (?:real[- ]life )?profile|any inconvenience|i hope this helps"
    r"|is there anything else|i'?m an? (?:ai|assistant|chatbot|bot)|as your assistant"
    r"|thank you for (?:reaching|contacting))",
    re.IGNORECASE,
)
_STAGE = re.compile(r"\([^)]*\)|\*[^*]+\*")
_BULLET = re.compile(r"(?:^|[.!?:]\s+|\n\s*)(?:[-*•]|\d+[.)])\s")
_PLACEHOLDER = re.compile(
    r"\[[^\]]*\]|\{[^}]*\}|<[^>]*>|\b(?:XYZ|ABC (?:Company|Corp)|Company Name|Your Name|insert \w+)\b", re.IGNORECASE
)


def _role_swap(text: str, role: str) -> bool:
    role_words = r"\s+".join(re.escape(w) for w in role.split())
    return bool(
        re.search(r"\byour (?:role|job|work|position|career|experience|time) as\b", text, re.IGNORECASE)
        # "Your day is filled with...": the customer describes the interviewer's work
        or re.match(r"\s*your (?:day|days|job|work|role|week|team|business|industry|life)\b", text, re.IGNORECASE)
        or re.search(rf"\b(?:you(?:'re| are)|as) (?:a |an |the )?{role_words}\b,? you\b", text, re.IGNORECASE)
        or re.search(rf"\byou(?:'re| are) (?:a |an |the )?{role_words}\b", text, re.IGNORECASE)
    )


def customer_defects(text: str, name: str, role: str) -> list[str]:
    """What is wrong with a customer turn (or one sentence of it): self_naming, role_swap,
    assistant_talk, stage_directions, bullets, placeholders."""
    names = {name, name.split()[0]} if name.strip() else set()
    found = []
    # As written, capitalised: a first name that is also a word ("Will", "Hope") is not "I will".
    # Addressed, in any case: "Nothing, mateo." is the customer talking to itself.
    if any(
        re.search(rf"\b{re.escape(n)}\b", text) or re.search(rf",\s*{re.escape(n)}\s*[,.!?]", text, re.IGNORECASE)
        for n in names
        if len(n) >= 2
    ):
        found.append("self_naming")
    if _role_swap(text, role):
        found.append("role_swap")
    if _ASSISTANT.search(text):
        found.append("assistant_talk")
    if _STAGE.search(text):
        found.append("stage_directions")
    if _BULLET.search(text):
        found.append("bullets")
    if _PLACEHOLDER.search(text):
        found.append("placeholders")
    return found


_PLEASANTRY_WORDS = frozenset(_ENGLISH["pleasantry_words"])


def is_filler(sentence: str) -> bool:
    """A pleasantry that says nothing about the customer's work: it opens like one and has at
    most one word of substance, or has none at all."""
    text = sentence.strip().strip('"')
    substance = content_words(text) - _PLEASANTRY_WORDS
    return len(substance) == 0 or (bool(_FILLER.match(text)) and len(substance) <= 1)


def repeated_runs(texts: Iterable[str], length: int = 6) -> set[tuple[str, ...]]:
    """Runs of `length` words, numbers among them ("has about 15 to 30 contracts"), that occur
    more than once across the texts."""
    seen: set[tuple[str, ...]] = set()
    repeated: set[tuple[str, ...]] = set()
    for text in texts:
        tokens = words(text, _RUN_WORD)
        for start in range(len(tokens) - length + 1):
            run = tuple(tokens[start : start + length])
            (repeated if run in seen else seen).add(run)
    return repeated


# -- interviewer turns -----------------------------------------------------------------------
_OPEN = re.compile(r"\b(?:what|how|why|where|when|which|who|tell me|walk me|describe)\b", re.IGNORECASE)


def is_one_open_question(text: str) -> bool:
    """One question mark, at the end, in a question that cannot be answered yes or no."""
    if text.count("?") != 1 or not text.rstrip().endswith("?"):
        return False
    question = sentences(text)[-1] if sentences(text) else text
    return bool(_OPEN.search(question))


def takes_up(question: str, answer: str) -> bool:
    """Whether a follow-up uses a content word of the answer just given."""
    return bool(stems(question) & stems(answer))


# -- insights --------------------------------------------------------------------------------
def is_cut(text: str) -> bool:
    """Ends mid-phrase: on a function word, a dangling comma or dash, or an ellipsis. A sentence
    with its full stop may end on a pronoun or a verb ("in a year like this.", "It was."), never
    on an article, a preposition, a conjunction or "not" ("…and it's not." takes back what it said)."""
    stripped = text.strip()
    if not stripped or stripped.endswith((",", "-", "–", "…", "...", ":", ";", "(")):
        return True
    tail = words(stripped)
    if not tail or tail[-1] not in FUNCTION_WORDS:
        return False
    return not (_SENTENCE_END.search(stripped) and tail[-1] in ENDS_A_SENTENCE)


ENDS_A_SENTENCE = frozenset(_ENGLISH["ends_a_sentence"])
_SENTENCE_END = re.compile(r"\w[.!?][\"')\]]?$")


def non_english_words(text: str, allowed: set[str]) -> list[str]:
    """Words that are in no English word list (wordfreq's), other than `allowed` (the persona's)."""
    from wordfreq import zipf_frequency

    return [w for w in words(text) if w not in allowed and zipf_frequency(w, "en") == 0.0]


def supported(item: str, customer_sentences: Sequence[str]) -> bool:
    """Whether an item shares a content word (stem) with something the customer said."""
    item_stems = stems(item)
    return any(item_stems & stems(sentence) for sentence in customer_sentences)
