"""The guide linter: the Mom Test's rules for interview questions.

A question that leads, imagines, pitches, asks two things, asks about the future or can be answered
yes or no gets compliments and guesses instead of facts about what people did. Each finding says
which rule, why, and a rewrite that asks about past behaviour instead; every rewrite passes the
linter itself.

The rules read words, not characters: the question is split into words (contractions expanded,
curly apostrophes straightened) and clauses, and one small matcher compares word patterns, so that
"will" never matches "willing" and a pattern never runs across a comma.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

RULES = ("leading", "hypothetical", "yes-no", "pitching", "double-barrelled", "future")


@dataclass(frozen=True)
class Finding:
    """One broken rule: which, why (one line) and a better question to ask instead."""

    rule: str
    reason: str
    rewrite: str  # a suggested rewrite of the whole question

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "reason": self.reason, "rewrite": self.rewrite}


# --- words and clauses -------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'"})
_PIECE = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.?!;:,]")
# Contractions typed without the apostrophe.
_BARE = {
    f"{w}nt": f"{w}n't"
    for w in ("do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "would", "could", "should")
}
_BARE.update({"cant": "can't", "cannot": "can't", "wont": "won't"})
_SUFFIXES = {"ll": "will", "re": "are", "ve": "have", "m": "am"}
_IS_HOSTS = frozenset("it that what where who how there here when why this he she".split())  # X's = X is
# After these, X'd is "X had" (you'd tried), otherwise "X would" (you'd pay).
_HAD_NEXT = frozenset("been done gone seen had made got gotten told found paid bought already never just ever".split())


@dataclass(frozen=True)
class _Word:
    word: str  # lower case, contractions expanded
    start: int  # its place in the question
    end: int
    head: bool  # the first word of a clause (after a sentence start, a comma, a semicolon or a colon)
    whole: int  # where the written word starts ("you'd" for its "would")


@dataclass(frozen=True)
class _Sentence:
    words: tuple[_Word, ...]
    asks: bool  # ends with a question mark


def _expand(word: str, start: int, end: int, after: str) -> list[tuple[str, int, int]]:
    low = word.lower()
    low = _BARE.get(low, low)
    cut = word.rfind("'")
    suffix = low[low.rfind("'") + 1 :] if "'" in low else ""
    if cut <= 0 or suffix not in {*_SUFFIXES, "d", "s"}:
        return [(low, start, end)]
    head = low[: low.rfind("'")]
    if suffix == "s":
        if head not in _IS_HOSTS and head != "let":
            return [(low, start, end)]
        second = "us" if head == "let" else "is"
    elif suffix == "d":
        second = "had" if after in _HAD_NEXT or after.endswith("ed") else "would"
    else:
        second = _SUFFIXES[suffix]
    return [(head, start, start + cut), (second, start + cut, end)]


def _parse(text: str) -> list[_Sentence]:
    """The question's sentences, each a tuple of words that know where their clause starts."""
    text = text.translate(_APOSTROPHES)
    pieces = [(m.group(), m.start(), m.end()) for m in _PIECE.finditer(text)]
    sentences: list[_Sentence] = []
    words: list[_Word] = []
    head = True
    for n, (piece, start, end) in enumerate(pieces):
        if piece in ".?!":
            if words:
                sentences.append(_Sentence(tuple(words), piece == "?"))
            words, head = [], True
        elif piece in ",;:":
            head = True
        else:
            after = pieces[n + 1][0].lower() if n + 1 < len(pieces) else ""
            for k, (low, s, e) in enumerate(_expand(piece, start, end, after)):
                words.append(_Word(low, s, e, head and k == 0, start))
            head = False
    if words:
        sentences.append(_Sentence(tuple(words), False))
    return sentences


_FILLERS = frozenset("and but so also ok okay well now then oh um uh just".split())


def _heads(sentence: _Sentence) -> list[int]:
    """Where each clause's words start, past fillers ("So, ...", "And ...")."""
    words, found = sentence.words, []
    for i, word in enumerate(words):
        if word.head:
            while i + 1 < len(words) and words[i].word in _FILLERS and not words[i + 1].head:
                i += 1
            found.append(i)
    return found


def _patterns(*specs: str) -> tuple[tuple[frozenset[str] | None, ...], ...]:
    """Word patterns: words separated by spaces, alternatives by |, * for any one word."""
    return tuple(tuple(None if slot == "*" else frozenset(slot.split("|")) for slot in spec.split()) for spec in specs)


def _matches(
    sentences: Sequence[_Sentence], patterns: Sequence[tuple[frozenset[str] | None, ...]], anchored: bool = False
) -> Iterator[tuple[_Sentence, int, int]]:
    """Every (sentence, first, past-last word) where a pattern matches whole words within one
    clause; anchored: only at a clause's start. The one matcher every rule uses."""
    for sentence in sentences:
        words = sentence.words
        for i in _heads(sentence) if anchored else range(len(words)):
            for pattern in patterns:
                j = i + len(pattern)
                if j <= len(words) and all(
                    (slot is None or words[i + k].word in slot) and (k == 0 or not words[i + k].head)
                    for k, slot in enumerate(pattern)
                ):
                    yield sentence, i, j


def _quote(text: str, sentence: _Sentence, i: int, j: int) -> str:
    return text[sentence.words[i].whole : sentence.words[j - 1].end].translate(_APOSTROPHES)


# --- the word lists ----------------------------------------------------------------------------


def _alt(words: str) -> str:
    return "|".join(words.split())


NEG = _alt(
    "don't doesn't didn't isn't aren't wasn't weren't haven't hasn't hadn't won't wouldn't can't couldn't "
    "shouldn't mustn't ain't"
)
AUX = _alt("do does did is are was were have has had can could will would should shall may might must am")
SUBJ = _alt("you it that this there we they he she your the people everyone anyone anybody someone i")
PRODUCT = _alt(
    "app apps application product tool platform service software solution system feature device "
    "website site plugin extension bot chatbot dashboard gadget widget program tracker assistant"
)
LOADED = _alt(
    "frustrating annoying painful irritating stressful tedious awful terrible horrible exhausting "
    "infuriating maddening aggravating inefficient wasteful confusing"
)
QWORDS = frozenset("what how why when where who whom whose which".split())
OPENERS = QWORDS | {"tell", "walk", "talk", "describe", "explain", "share", "show", "list"}
_AUXES, _NEGS, _SUBJECTS = (frozenset(words.split("|")) for words in (AUX, NEG, SUBJ))
_PRODUCTS, _LOADED = frozenset(PRODUCT.split("|")), frozenset(LOADED.split("|"))
REQUESTS = frozenset("tell walk talk describe explain show share give help list take remind".split())

_LEADING_OPENERS = _patterns(f"{NEG} {SUBJ}", f"{AUX} {SUBJ} not", "surely")
_LEADING = _patterns(
    "how much do|did you hate|love|dislike|enjoy",
    "how much you hate|love|dislike",
    f"how {LOADED}",
    "how much of a pain|problem|hassle|headache|nightmare",
    "how big a|of pain|problem|hassle|headache|nightmare",
    "agree that|with",
    "surely|obviously",
)
_TAGS = _patterns("right", "correct", "true", "yeah", f"{NEG} {SUBJ}")

_HYPOTHETICAL = _patterns(
    "if you|we|i|they had|could|were|owned|built|made|offered",
    "if there was|were|existed",
    "if it was|were|could|existed",
    "what if",
    "imagine|imagining|suppose|supposing|hypothetically|hypothetical|pretend|dream|dreams",
    "magic wand",
    "in theory",
    "in a|an ideal|perfect world",
)
_MODALS = _patterns("would", f"could {SUBJ}", "wouldn't you")

_PITCH = _patterns(
    f"our|my {PRODUCT}|startup|idea|concept|prototype|mockup|offering|mvp|demo|beta|pitch|waitlist|launch",
    "this|that idea|concept|prototype|mockup|feature|solution|mvp",
    f"a|an {PRODUCT} that|which|where",
    f"a|an * {PRODUCT} that|which|where",
    f"a|an * * {PRODUCT} that|which|where",
    "would|will|could|might you pay|buy|use|try|purchase|subscribe|recommend|switch|install|download|adopt",
    "would|will|could|might you * pay|buy|use|try|purchase|subscribe|recommend|switch|install|download|adopt",
    "willing to pay|buy|use|try|switch|spend",
    "good|great|cool|nice|useful|brilliant|bad idea",
    "like the idea",
    "the idea of",
    "think of|about our|my",
    "ai powered",
    "powered by",
    "early access",
    "waitlist|waiting list",
)
# About adopting or paying: fine about the past ("When did you sign up for it?").
_PITCH_UNLESS_PAST = _patterns(
    "pay for it|this|that|something|such|one",
    "sign|signing up",
    "subscribe|subscribing",
    "preorder|pre order",
)
_PAST = frozenset("did didn't have has had haven't hasn't was were paid".split())

_FUTURE = _patterns(
    f"will|won't {SUBJ}",
    f"{SUBJ}|who|what|which will",
    "gonna",
    "next year|month|week|quarter|season|decade|few|couple",
    "coming year|years|months|weeks",
    "in the|near future",
    "in future",
    "someday|eventually|ideal|ideally|tomorrow|upcoming",
    "some day",
    "down the road",
    "from now",
    "would|wouldn't like|love",
    "would|wouldn't you like|love",
    "plan|plans|planning|intend|intends|intending|hope|hoping to",
)
_GOING_TO = _patterns("going to *")
_PLACES = frozenset("the a an my your our their his her its this that these those work school church bed town".split())
_IN_YEARS = _patterns("in * years|months|weeks")
_NOT_AHEAD = frozenset("recent past previous prior those these earlier later the last".split())

STATIVE = frozenset(
    "think believe feel like love hate want wish hope expect agree know mind care prefer consider see find be have "
    "get mean remember understand reckon suppose imagine guess dislike enjoy need say".split()
)


# --- the rules ---------------------------------------------------------------------------------


def _leading(text: str, sentences: list[_Sentence]) -> str | None:
    for sentence, i, j in _matches(sentences, _LEADING_OPENERS, anchored=True):
        return f'"{_quote(text, sentence, i, j)}" suggests the answer you want; people agree to be polite'
    for sentence, i, j in _matches(sentences, _LEADING):
        return f'"{_quote(text, sentence, i, j)}" presupposes the answer; let them say whether it matters'
    for sentence in sentences:  # a tag at the end: "..., right?"
        last = _heads(sentence)[-1]
        if sentence.asks and last > 0:
            tail = _Sentence(sentence.words[last:], True)
            for _, i, j in _matches([tail], _TAGS, anchored=True):
                if j == len(tail.words):
                    return f'ends with "{_quote(text, tail, i, j)}", asking them to agree'
    return None


def _polite(words: Sequence[_Word], i: int) -> bool:
    """A request in a question's clothes: "Could you walk me through...", "Would you mind telling..."."""
    rest = [w.word for w in words[i + 1 : i + 4]]
    if rest[:1] not in (["you"], ["we"]):
        return False
    rest = [w for w in rest[1:] if w != "please"]
    return bool(rest) and (rest[0] in REQUESTS or rest[0] == "mind" or rest[0] == "talk")


def _hypothetical(text: str, sentences: list[_Sentence]) -> str | None:
    for sentence, i, j in _matches(sentences, _HYPOTHETICAL):
        return f'"{_quote(text, sentence, i, j)}" asks about an imagined situation; answers about it are guesses'
    for sentence, i, j in _matches(sentences, _MODALS):
        words = sentence.words
        after = words[i + 1].word if i + 1 < len(words) else ""
        then = words[i + 2].word if after == "you" and i + 2 < len(words) else ""
        if after in {"like", "love"} or then in {"like", "love"} or _polite(words, i):
            continue  # "would (you) like": the future rule's; a polite request is no hypothesis
        if then in {"say", "describe", "explain"}:
            continue
        j = min(i + 2, len(words))
        return f'"{_quote(text, sentence, i, j)}" asks what they would do, not what they did'
    return None


def _yes_no(text: str, sentences: list[_Sentence]) -> str | None:
    aux = _AUXES | _NEGS
    for sentence in sentences:
        words = sentence.words
        alternative = any(
            w.word == "or" and (n + 1 == len(words) or words[n + 1].word != "not") for n, w in enumerate(words[:-1])
        )
        for i in _heads(sentence):
            if words[i].word in OPENERS:
                break
            if words[i].word in aux and i + 1 < len(words) and not words[i + 1].head:
                if alternative or _polite(words, i):
                    break
                return f'"{_quote(text, sentence, i, i + 2)} ..." can be answered yes or no; ask how or what instead'
    return None


def _pitching(text: str, sentences: list[_Sentence]) -> str | None:
    for sentence, i, j in _matches(sentences, _PITCH):
        return f'"{_quote(text, sentence, i, j)}" brings up a product or idea; you get compliments, not facts'
    for sentence, i, j in _matches(sentences, _PITCH_UNLESS_PAST):
        clause = max(h for h in _heads(sentence) if h <= i)
        if not any(w.word in _PAST for w in sentence.words[clause:i]):
            return f'"{_quote(text, sentence, i, j)}" asks them to commit to a product; ask what they do now'
    return None


def _split_point(sentence: _Sentence) -> int | None:
    """Where an "and"/"or" starts a second question: a question word (or, after "and", an
    auxiliary and its subject) follows it, and a question word or verb of asking precedes it."""
    words, aux = sentence.words, _AUXES
    for n, word in enumerate(words):
        if word.word not in {"and", "or"} or n == 0:
            continue
        k = n + 1
        while k < len(words) and words[k].word in {"also", "then", "so"}:
            k += 1
        if k >= len(words):
            continue
        if not any(w.word in OPENERS or w.word in aux for w in words[:n]):
            continue
        nxt = words[k].word
        if nxt in QWORDS and (word.word == "and" or k + 1 < len(words)):
            return n
        if word.word == "and" and nxt in aux and k + 1 < len(words) and words[k + 1].word in _SUBJECTS:
            return n
    return None


def _double(text: str, sentences: list[_Sentence]) -> str | None:
    if sum(s.asks for s in sentences) >= 2:
        return "asks more than one question; people answer the easier one"
    for sentence in sentences:
        n = _split_point(sentence)
        if n is not None:
            word = sentence.words[n].word
            return f'"{word}" joins two questions; people answer the easier one'
    return None


def _future(text: str, sentences: list[_Sentence]) -> str | None:
    found: list[tuple[_Sentence, int, int]] = list(_matches(sentences, _FUTURE))
    for sentence, i, j in _matches(sentences, _GOING_TO):
        before = {w.word for w in sentence.words[max(0, i - 2) : i]}
        if sentence.words[i + 2].word not in _PLACES and not before & {"was", "were", "wasn't", "weren't"}:
            found.append((sentence, i, j))
    found += [(s, i, j) for s, i, j in _matches(sentences, _IN_YEARS) if s.words[i + 1].word not in _NOT_AHEAD]
    if not found:
        return None
    sentence, i, j = min(found, key=lambda f: (sentences.index(f[0]), f[1]))
    return f'"{_quote(text, sentence, i, j)}" asks about the future; people are optimistic about what they will do'


_DETECTORS = {
    "leading": _leading,
    "hypothetical": _hypothetical,
    "yes-no": _yes_no,
    "pitching": _pitching,
    "double-barrelled": _double,
    "future": _future,
}


def _detect(question: str) -> list[tuple[str, str]]:
    sentences = _parse(question)
    found = [(rule, _DETECTORS[rule](question, sentences)) for rule in RULES]
    return [(rule, reason) for rule, reason in found if reason]


# --- rewrites ----------------------------------------------------------------------------------

GENERIC = {
    "leading": "Tell me about the last time this came up. What happened?",
    "hypothetical": "Tell me about the last time this happened. What did you do?",
    "yes-no": "Walk me through the last time this came up.",
    "pitching": "What have you already tried to solve this?",
    "double-barrelled": "Tell me about the last time this came up. What happened?",
    "future": "What did you do the last time this came up?",
}
_WITH_TOPIC = {
    "leading": "Tell me about the last time you {}. How did it go?",
    "hypothetical": "Tell me about the last time you {}. What did you do?",
    "yes-no": "Walk me through the last time you {}.",
    "pitching": "Tell me about the last time you {}. How did you handle it?",
    "future": "What happened the last time you {}?",
}
_CUT = frozenset("if next someday eventually ideally instead or but because so than right anymore".split())
_IRREGULAR = {"does": "do", "has": "have", "is": "be", "goes": "go", "did": "do"}
_FEELINGS = frozenset("hate love dislike enjoy mind".split())
_ENABLERS = frozenset("help helps let lets allow allows enable enables".split())
_ADVERBS = frozenset("ever usually often sometimes still currently really also always actually normally".split())
_PARTICIPLES = frozenset("lost paid bought made found sent spent built run done hired fired chosen given taken".split())
# A topic in the researcher's words ("our app", "help me") is no topic of the customer's.
_OURS = frozenset("our ours my mine me us we i".split())


def _base(verb: str) -> str | None:
    """A verb in the third person ("tracks") in its base form ("track")."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(ch|sh|ss|x|z|o)es$", verb):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss") and len(verb) > 3:
        return verb[:-1]
    return None


def _rest(text: str, words: Sequence[_Word], k: int) -> str | None:
    """The words from k to the end of their clause (up to a word that starts another thought)."""
    end = k
    while end < len(words) and (end == k or not words[end].head) and words[end].word not in _CUT:
        end += 1
    if end == k or end - k > 12 or words[k].word == "about" or any(w.word in _OURS for w in words[k:end]):
        return None
    return text[words[k].start : words[end - 1].end].translate(_APOSTROPHES)


def _topic(text: str, sentences: list[_Sentence]) -> str | None:
    """What the question is about, as what a person did: "had to track deliveries", "were doing
    inventory by hand", "dealt with invoices". None when the question gives nothing to go on."""
    for sentence in sentences:
        words = sentence.words
        w = [x.word for x in words] + ["", "", "", ""]
        for i in range(len(words)):
            if w[i] in _PRODUCTS and w[i + 1] in {"that", "which"} and w[i + 2]:
                if w[i + 2] in _ENABLERS and w[i + 3] == "you":
                    k = i + 5 if w[i + 4] == "to" else i + 4
                    rest = _rest(text, words, k)
                    return f"had to {rest}" if rest else None
                verb = _base(w[i + 2])
                rest = _rest(text, words, i + 3) if w[i + 3] else ""
                return f"had to {verb} {rest}".strip() if verb and rest is not None else None
            if w[i] in _PRODUCTS and w[i + 1] == "for" and w[i + 2].endswith("ing"):
                rest = _rest(text, words, i + 2)
                return f"were {rest}" if rest else None
        for i in range(len(words)):
            if w[i] in _FEELINGS and w[i + 1] not in {"it", "that", "this", "", "to"}:
                rest = _rest(text, words, i + 1)
                if rest:
                    return f"were {rest}" if w[i + 1].endswith("ing") else f"dealt with {rest}"
            if w[i] in _LOADED:
                k = i + 1
                if w[k] in {"is", "was"}:
                    k += 1
                if w[k] == "it":
                    k += 1
                if w[k] == "to":
                    rest = _rest(text, words, k + 1)
                    return f"had to {rest}" if rest else None
                rest = _rest(text, words, k) if w[k] else None
                if rest:
                    return f"were {rest}" if w[k].endswith("ing") else f"dealt with {rest}"
        for i in range(len(words)):
            if w[i] in _AUXES | _NEGS and w[i + 1] == "you":
                k = i + 2
                while w[k] in _ADVERBS:
                    k += 1
                if w[k] in {"going", "like", "love", "want", "plan", "planning", "hope", "need"} and w[k + 1] == "to":
                    k += 2
                verb = w[k]
                if not verb or verb in STATIVE | REQUESTS | _CUT | _PLACES or not w[k + 1] or words[k + 1].head:
                    continue
                rest = _rest(text, words, k + 1)
                if rest and w[i] in {"have", "has", "haven't", "hasn't"}:  # "Have you ever lost a delivery?"
                    if verb.endswith("ed") or verb in _PARTICIPLES:
                        return f"{verb} {rest}"
                elif rest:
                    return f"had to {verb} {rest}"
    return None


def _first_part(text: str, sentences: list[_Sentence]) -> str | None:
    """The first of the questions a double-barrelled one asks, as a question of its own."""
    for sentence in sentences:
        n = _split_point(sentence)
        if n is not None:
            part = text[sentence.words[0].start : sentence.words[n - 1].end]
            break
    else:
        asking = [s for s in sentences if s.asks]
        if not asking:
            return None
        part = text[asking[0].words[0].start : asking[0].words[-1].end]
    part = part.strip().rstrip(",;: ")
    if not part:
        return None
    part = part[0].upper() + part[1:]
    return part + ("." if part.split()[0].lower() in OPENERS - QWORDS else "?")


def _rewrite(rule: str, question: str, sentences: list[_Sentence], topic: str | None) -> str:
    candidate = None
    if rule == "double-barrelled":
        first = _first_part(question, sentences)
        if first and len(first) < len(question):
            findings = lint_question(first)
            candidate = findings[0].rewrite if findings else first
    elif topic:
        candidate = _WITH_TOPIC[rule].format(topic)
    if candidate and not _detect(candidate):
        return candidate
    return GENERIC[rule]


# --- the API -----------------------------------------------------------------------------------


def lint_question(question: str) -> list[Finding]:
    """The rules `question` breaks, in RULES order, at most one finding each; [] for a good question."""
    found = _detect(question)
    if not found:
        return []
    sentences = _parse(question)
    topic = _topic(question, sentences)
    return [Finding(rule, reason, _rewrite(rule, question, sentences, topic)) for rule, reason in found]


def lint_guide(questions: Sequence[str]) -> list[tuple[int, str, list[Finding]]]:
    """(number from 1, question, findings) for every question of a guide, flagged or not."""
    return [(n, question, lint_question(question)) for n, question in enumerate(questions, 1)]


def read_questions(path: Path) -> list[str]:
    """The questions of a research brief (.json, .yaml or .yml: a mapping with a `guide` list) or of
    a text file (one a line; blank lines and # comments skipped). ValueError: one line saying why."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from exc
    if path.suffix.lower() in {".json", ".yaml", ".yml"}:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f" (line {where.line + 1})" if where else ""
            raise ValueError(f"{path}: not valid JSON or YAML{line}") from exc
        if not isinstance(data, dict) or "guide" not in data:
            raise ValueError(f"{path}: a brief is a mapping with a `guide` list of questions")
        questions = data["guide"]
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise ValueError(f"{path}: `guide` must be a list of questions (strings)")
        questions = [" ".join(q.split()) for q in questions]
        questions = [q for q in questions if q]
    else:
        questions = [line.strip() for line in text.splitlines()]
        questions = [q for q in questions if q and not q.startswith("#")]
    if not questions:
        raise ValueError(f"{path}: no questions in it")
    return questions
