"""Opportunities written from a problem the customer described: the persona's role in the plural
("site foremen", "scaffolding contracts managers") and the thing from their own sentence as a
clean noun phrase ("missing inspections", "the trouble with the scanners").

A sentence that names no such thing gives no opportunity: a vague one ("the hours lost to the
day") says nothing a product team can act on.
"""

from __future__ import annotations

import re

from . import classifier, measures, vocabulary

# The word lists are words.yaml's phrasing, where each says what it is for.

# -- the role in the plural ----------------------------------------------------------------------
_IRREGULAR = dict(vocabulary.PHRASING["irregular_plurals"])
_UNCOUNTED = frozenset(vocabulary.PHRASING["uncounted"])
_NOT_MAN = frozenset(vocabulary.PHRASING["not_man"])
_PEOPLE = frozenset(vocabulary.PHRASING["people"])
_AGENT_ENDINGS = tuple(vocabulary.PHRASING["agent_endings"])
_SPLIT = re.compile(r"\s+(?:of|for|at|in|to|with|on)\s+", re.IGNORECASE)


def plural_noun(word: str) -> str:
    """The plural of one noun: "foreman" → "foremen", "secretary" → "secretaries", "coach" → "coaches"."""
    lowered = word.lower()
    if lowered in _UNCOUNTED or lowered.endswith("staff"):
        return word
    for singular, plural in _IRREGULAR.items():
        if lowered.endswith(singular) and lowered not in _NOT_MAN:
            return word[: len(word) - len(singular)] + plural
    if word.isupper():  # an acronym: "CEO" → "CEOs"
        return word + "s"
    if lowered.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lowered.endswith("y") and lowered[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def _casing(word: str) -> str:
    """Capitalised words lower-cased ("Job-Work", "Co-owner" too); acronyms and mixed case ("iOS",
    "QA") kept."""
    parts = [p for p in word.split("-") if p]
    plain = word[:1].isupper() and all(p[1:].islower() or len(p) == 1 for p in parts)
    return word.lower() if plain else word


def _plural_part(part: str) -> str:
    """One role ("Head of Data", "Fleet Owner Renting to App Drivers") with its head noun plural:
    the last word before a preposition and any participle before it."""
    found = _SPLIT.search(part)
    head, rest = (part[: found.start()], part[found.start() :]) if found else (part, "")
    words = head.split()
    while found and len(words) > 1 and words[-1].lower().endswith("ing"):
        rest = f" {words.pop()}{rest}"
    words[-1] = plural_noun(words[-1])
    return " ".join(words) + rest


def _is_role(word: str) -> bool:
    """Whether a word names a person: "Optometrist", "Painter" (one who paints), not "Water"."""
    from wordfreq import zipf_frequency

    lowered = word.lower().split("-")[-1]
    if lowered in _PEOPLE or lowered.endswith(_AGENT_ENDINGS):
        return True
    stem = lowered[:-2]  # one who paints, drives, plans: the verb is a common word
    verbs = {stem, stem + "e", stem[:-1] if stem[-2:-1] == stem[-1:] else stem}
    return lowered.endswith(("er", "or")) and any(zipf_frequency(w, "en") >= 3.7 for w in verbs)


def plural_role(role: str) -> str:
    """The role as a plural phrase: "Optometrist and Practice Owner" → "optometrists and practice
    owners"; "Wall and Floor Tiler" → "wall and floor tilers" (one role with two modifiers)."""
    role = re.sub(r"\s*\([^)]*\)", "", role).strip()
    main = role.partition(",")[0]  # "QA Executive, Batch Record Review": the role before the comma
    words = [_casing(w) for w in main.split()]
    if not words:
        return "people in this role"
    text = " ".join(words)
    parts = [p for p in re.split(r"\s+(?:and|&)\s+|\s*/\s*", text) if p.strip()]
    if len(parts) > 1 and all(_is_role(p.split()[-1]) for p in parts[:-1]):
        return " and ".join(_plural_part(p) for p in parts)
    return _plural_part(text)


# -- the thing the customer named ---------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*|[^\sA-Za-z0-9]")
_BOUNDARY = frozenset(vocabulary.PHRASING["boundary"])
_PRONOUNS = frozenset(vocabulary.PHRASING["pronouns"])
_DETERMINERS = dict(vocabulary.PHRASING["determiners"])
# Quantities skipped before a thing: "we lost maybe two jobs" → "jobs".
_QUANTITY = re.compile(
    r"^(?:\d[\d,.]*%?|maybe|about|around|nearly|almost|roughly|some|another|several|few|couple|dozen|half|many|more"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|eighty|ninety|hundred|thousand|million"
    r"|lakh)(?:-\w+)?)$"
)


def is_quantity(word: str) -> bool:
    """A number or an amount ("fifty", "twenty-five", "several"): no topic, no thing."""
    return bool(_QUANTITY.match(word))


GENERIC = frozenset(vocabulary.PHRASING["generic"])
NO_TOPIC = frozenset(vocabulary.PHRASING["no_topic"])
TIME_WORDS = frozenset(vocabulary.PHRASING["time_words"])
_MODIFIERS = frozenset(vocabulary.PHRASING["modifiers"])
_BEFORE_MODIFIER = frozenset(vocabulary.PHRASING["before_modifier"])
_PROBLEM_NOUNS = frozenset(vocabulary.PHRASING["problem_nouns"])
_PROBLEM_PREPOSITIONS = frozenset(vocabulary.PHRASING["problem_prepositions"])
_DISLIKES = tuple(vocabulary.PHRASING["dislikes"])
# Verbs of a recurring chore or loss, followed by its object: "chasing invoices", "we lose jobs".
# The customer's own: a gerund, or after "I" or "we".
_VERBS = {
    "Help {roles} stop chasing {thing}": ("chasing", "chase", "chased"),
    "Help {roles} stop losing {thing}": ("losing", "lost", "lose"),
    "Help {roles} stop missing {thing}": ("missing", "missed", "miss"),
    "Help {roles} cut the wait for {thing}": ("waiting for", "waiting on", "wait for", "wait on", "waited for"),
    "Help {roles} stop redoing {thing}": ("redoing", "redo", "redid"),
}
_SUBJECTS = frozenset(vocabulary.PHRASING["subjects"])
_HARD_WITH = tuple(vocabulary.PHRASING["hard_with"])
_TIME_LOST = tuple(vocabulary.PHRASING["time_lost"])
_COPULA = tuple(vocabulary.PHRASING["copula"])
_STATES = {
    "Help {roles} get {thing} on time": ("late", "overdue", "delayed"),
    "Help {roles} get {thing} right": ("wrong", "incorrect", "inaccurate"),
    "Help {roles} keep track of {thing}": ("missing", "lost"),
    "Speed up {thing} for {roles}": ("slow",),
    "Take the pain out of {thing} for {roles}": ("a nightmare", "a mess", "a pain", "a headache", "chaos"),
    "Make {thing} reliable for {roles}": ("broken", "down", "unreliable", "crashing", "freezing"),
}
_BREAKS = tuple(vocabulary.PHRASING["breaks"])
MAX_PHRASE_WORDS = 4


def _tokens(sentence: str) -> tuple[list[str], list[str]]:
    """The sentence's tokens as written (the first word lower-cased unless a name) and lower-cased."""
    written = [t.replace("’", "'") for t in _TOKEN.findall(sentence)]
    if written and written[0][:1].isupper() and written[0][1:].islower():
        written[0] = written[0].lower()
    return written, [t.lower() for t in written]


def _is_word(token: str) -> bool:
    return bool(re.match(r"[a-z][a-z'-]*$", token))


def _noun_like(token: str) -> bool:
    """A word that can stand in a noun phrase: no function word, pronoun, boundary, adverb or number."""
    return (
        _is_word(token)
        and token not in measures.STOPWORDS
        and token not in _BOUNDARY
        and not token.endswith("ly")
        and "'" not in token
        and not _QUANTITY.match(token)
    )


def _plural(token: str) -> bool:
    """A plural noun ends a phrase: what follows it is most often its verb ("late fees come")."""
    return token.endswith("s") and not token.endswith(("ss", "us", "is"))


def _specific(token: str) -> bool:
    lowered = token.lower()
    return _noun_like(lowered) and lowered not in GENERIC and lowered not in TIME_WORDS and len(token) >= 3


def is_clean_phrase(phrase: str) -> bool:
    """A noun phrase an opportunity can name: a few words, ending on a specific word, none a pronoun."""
    tokens = phrase.split()
    return (
        0 < len(tokens) <= MAX_PHRASE_WORDS + 1
        and not measures.is_cut(phrase)
        and not any(t.lower() in _PRONOUNS for t in tokens)
        and _specific(tokens[-1])
        and tokens[-1].lower() not in _MODIFIERS
    )


def _phrase_from(written: list[str], lowered: list[str], start: int, *, skip_quantity: bool = False) -> str | None:
    """The noun phrase that starts at `start`: an optional determiner, then up to MAX_PHRASE_WORDS
    words that can stand in one (a number skipped where asked: "lost two jobs" → "jobs")."""
    i, out = start, []
    if i < len(lowered) and lowered[i] in _DETERMINERS:
        out.append(_DETERMINERS[lowered[i]])
        i += 1
    counted = False
    while skip_quantity and i < len(lowered) and (_QUANTITY.match(lowered[i]) or lowered[i] in ("a", "of")):
        out, i, counted = [], i + 1, True
    nouns = []
    while i < len(lowered) and len(nouns) < MAX_PHRASE_WORDS and _noun_like(lowered[i]) and _goes_on(lowered, i, nouns):
        nouns.append(written[i])
        i += 1
        if _plural(lowered[i - 1]):
            break
    if counted and nouns and not nouns[-1].lower().endswith("s"):  # "the forty-quid fee" → not "fee"
        return None
    phrase = " ".join(out + nouns)
    return phrase if nouns and is_clean_phrase(phrase) else None


def _phrase_before(written: list[str], lowered: list[str], end: int) -> str | None:
    """The determiner-led noun phrase that ends just before `end`: "the charting system"."""
    for back in range(max(0, end - MAX_PHRASE_WORDS - 1), end - 1):
        if lowered[back] in _DETERMINERS and all(_noun_like(t) for t in lowered[back + 1 : end]):
            phrase = " ".join([_DETERMINERS[lowered[back]], *written[back + 1 : end]])
            return phrase if is_clean_phrase(phrase) else None
    return None


def _find(lowered: list[str], phrase: str) -> list[tuple[int, int]]:
    """Where the (lower-case) phrase stands in the tokens: (start, end) of each."""
    words = phrase.split()
    n = len(words)
    return [(i, i + n) for i in range(len(lowered) - n + 1) if lowered[i : i + n] == words]


def _with_article(modifier: str, nouns: list[str]) -> str:
    """'missing inspections'; a single thing with its article: 'the wrong page', 'a late fee'."""
    phrase = " ".join([modifier, *nouns])
    if nouns[-1].lower().endswith("s"):
        return phrase
    if modifier == "wrong":
        return f"the {phrase}"
    return f"{'an' if modifier[0] in 'aeiou' else 'a'} {phrase}"


def _modified(written: list[str], lowered: list[str]) -> str | None:
    """'missing inspections', 'the wrong page': a problem word and the nouns after it."""
    for i, token in enumerate(lowered):
        participle = token.endswith("ed") or token in ("lost", "broken", "frozen", "stolen", "forgotten")
        if token not in _MODIFIERS or (participle and i > 0 and lowered[i - 1] not in _BEFORE_MODIFIER):
            continue
        if not _stated(lowered, i):
            continue
        nouns = []
        for j in range(i + 1, min(i + 3, len(lowered))):
            word = lowered[j]
            if not _noun_like(word) or not _goes_on(lowered, j, nouns) or written[j][0].isupper():
                break
            nouns.append(written[j])
            if _plural(word):
                break
        while nouns and nouns[-1].lower().endswith(("ing", "ed")):  # "missing inspections coming"
            nouns.pop()
        if nouns and _specific(nouns[-1]):
            return _with_article(token, nouns)
    return None


def _problem_with(written: list[str], lowered: list[str]) -> tuple[str, str] | None:
    """'the trouble with' and 'the scanners': a problem noun with its preposition, and what it is with."""
    for i, token in enumerate(lowered[:-2]):
        if token in _PROBLEM_NOUNS and lowered[i + 1] in _PROBLEM_PREPOSITIONS and _stated(lowered, i):
            thing = _phrase_from(written, lowered, i + 2)
            if thing:
                return f"the {token} {lowered[i + 1]}", thing
    return None


def _stated(lowered: list[str], start: int) -> bool:
    """Whether the cue at token `start` is said, not negated ("nobody is losing sleep")."""
    text = " ".join(lowered[:start]) + " "
    return not classifier.negated(text, len(text))


def _customers(lowered: list[str], start: int, cue: str) -> bool:
    """Whether the verb at `start` is the customer's own: a gerund not used as a noun ("all this
    chasing"), or a verb after "I" or "we"."""
    before = lowered[max(0, start - 2) : start]
    if any(word in _SUBJECTS for word in before):
        return True
    # "all this chasing" (a noun); "the pharmacist is still missing her number", "keeps missing",
    # "has been missing" (someone else's verb)
    noun = (*_DETERMINERS, "this", "that", "all")
    return (
        cue.split()[0].endswith("ing")
        and (not before or before[-1] not in noun)
        and not any(word in _COPULA or word in ("be", "been") for word in before)
    )


def _after(written: list[str], lowered: list[str], cues: tuple[str, ...], *, verbs: bool) -> str | None:
    for cue in cues:
        for start, end in _find(lowered, cue):
            if not _stated(lowered, start) or (verbs and not _customers(lowered, start, cue)):
                continue
            thing = _phrase_from(written, lowered, end, skip_quantity=verbs)
            if thing:
                return thing
    return None


def _in_state(written: list[str], lowered: list[str], states: tuple[str, ...]) -> str | None:
    """'the deliveries' from 'the deliveries are always late'; not from 'the pharmacist is missing
    her phone number', where the state word is a verb with an object ('missing these days' is no
    object)."""
    for state in states:
        for start, end in _find(lowered, state):
            if not _stated(lowered, start) or _has_object(lowered, state, end):
                continue
            end = start
            while end > 0 and lowered[end - 1] in _COPULA:
                end -= 1
            thing = _phrase_before(written, lowered, end) if end < start else None
            if thing:
                return thing
    return None


def _has_object(lowered: list[str], state: str, end: int) -> bool:
    """Whether a state word that can be a verb ("missing", "lost") takes an object at `end`."""
    return (
        state in _VERB_STATES
        and end < len(lowered)
        and lowered[end] in (*_DETERMINERS, *_PRONOUNS)
        and not _starts_a_time(lowered, end)
    )


def _starts_a_time(lowered: list[str], at: int) -> bool:
    """Whether a time starts at token `at`: "May", "last month", "these days"; such words end a thing."""
    word = lowered[at]
    if word in TIME_WORDS:
        return True
    after = lowered[at + 1] if at + 1 < len(lowered) else ""
    return word in _TIME_LEADS and (after in TIME_WORDS or after == "days")  # "next day deliveries" is a thing


def _goes_on(lowered: list[str], at: int, nouns: list[str]) -> bool:
    """Whether token `at` may go on a noun phrase: no time starts there ("late last month"), and
    "first" after a thing is an adverb ("notice a missing child first")."""
    return not _starts_a_time(lowered, at) and not (nouns and lowered[at] == "first")


_VERB_STATES = ("missing", "lost")
_TIME_LEADS = frozenset({"last", "next", "past", "this", "these", "that", "every"})


# What may trail a named trouble: "A ballot, mainly."
_TRAILING = ("mainly", "mostly", "really", "probably", "honestly")


def named_trouble(answer: str) -> str | None:
    """The thing an answer to "what gives you most trouble" opens by naming, when its first
    sentence is that thing alone: "The orders." → "the orders", "Finding suppliers." → "finding
    suppliers". None where it opens otherwise: a denial ("Not the order."), a date ("May."), a
    thing with "a" ("A ballot, mainly.": which one?), or a sentence."""
    first = (measures.sentences(answer) or [""])[0]
    written, lowered = _tokens(first)
    while lowered and (not _is_word(lowered[-1]) or lowered[-1] in _TRAILING):
        written, lowered = written[:-1], lowered[:-1]
    if not lowered or lowered[0] in ("a", "an"):
        return None
    phrase = _phrase_from(written, lowered, 0)
    if phrase is None or len(phrase.split()) != len(lowered):
        return None
    named = lowered[-1]  # a time ends a phrase (_goes_on), so a phrase of the whole sentence holds none
    return None if named in vocabulary.STATES or named in NO_TOPIC else phrase


def opportunity(sentence: str, roles: str) -> tuple[str, str] | None:
    """An opportunity for `roles` (a plural role phrase) from a problem sentence, and the thing it
    names, in the customer's words; None where the sentence names no specific thing."""
    written, lowered = _tokens(sentence)
    problem = _problem_with(written, lowered)
    if problem:
        return f"Solve {problem[0]} {problem[1]} for {roles}", problem[1]
    found = _modified(written, lowered)
    if found:
        return f"Help {roles} avoid {found}", found
    for template, states in _STATES.items():
        found = _in_state(written, lowered, states)
        if found:
            return template.format(roles=roles, thing=found), found
    for cue in _BREAKS:
        for start, _ in _find(lowered, cue):
            found = _phrase_before(written, lowered, start) if _stated(lowered, start) else None
            if found:
                return f"Make {found} reliable for {roles}", found
    for template, verbs in _VERBS.items():
        found = _after(written, lowered, verbs, verbs=True)
        if found:
            return template.format(roles=roles, thing=found), found
    found = _after(written, lowered, _HARD_WITH, verbs=False)
    if found:
        return f"Make {found} easier for {roles}", found
    found = _after(written, lowered, _TIME_LOST, verbs=False)
    if found:
        return f"Cut the time {roles} lose to {found}", found
    found = _after(written, lowered, _DISLIKES, verbs=False)
    if found:
        return f"Take the pain out of {found} for {roles}", found
    return None
