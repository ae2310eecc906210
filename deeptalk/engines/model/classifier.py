"""What one customer sentence says, read by rules: a problem, a want, a hope, a cause, a barrier,
a moment, or a non-answer. (Which theme and feeling an answer shows is the labeller's reading.)

The insights (extractive.py) file a sentence under a field only when it passes that field's
positive check here, so a label always fits its quote. Cues are general English, matched at
word boundaries (a cue word with its inflections, a `stem*` as a prefix), and not counted where
negated ("I don't mind the late nights" is no frustration). `bench/labels.py` measures how well
these readings agree with the corpus writers' labels on the held-out interviews.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from . import measures, vocabulary

# -- matching ------------------------------------------------------------------------------------
# Word endings a cue word takes ("miss" → "missed", "missing"; "safe" → "safety"), and the tails of
# common compounds ("paper" → "paperwork"); never "-r" or "-ly" alone ("broke" ≠ "broker",
# "hard" ≠ "hardly").
_ENDINGS = r"(?:s|es|d|ed|er|ers|ing|y|n|th|ty)?"
_COMPOUND_TAILS = r"(?:work|sheets?|books?|boards?|loads?|lines?|rooms?|times?)?"
# A cue that is not a common word on its own ("frust", "worr") is a stem: a prefix.
_WORD_ZIPF = 3.5
# A negator up to three words before a cue: "doesn't care about" is no pride, "nothing went
# wrong" no problem.
# "not sure" and "not certain" hedge what follows, they do not deny it: "I'm not sure what's
# waiting on the clipboard" tells of waiting (a reader found such answers quoted nowhere).
NEGATED = re.compile(
    r"(?:\b(?:not|no|never|without|nothing|nobody|none|hardly|barely|neither|nor)|n't)(?!\s+(?:sure|certain)\b)"
    r"\s+(?:[\w'-]+\s+){0,2}$"
)


def _word_pattern(word: str, stem: bool) -> str:
    if stem:
        return re.escape(word) + r"[\w'-]*"
    forms = [re.escape(word) + _ENDINGS + _COMPOUND_TAILS]
    if word.endswith("e"):  # "lose" → "losing"
        forms.append(re.escape(word[:-1]) + r"(?:ing|ed)")
    if word.endswith("y"):  # "worry" → "worries"
        forms.append(re.escape(word[:-1]) + r"(?:ies|ied)")
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word):  # "plan" → "planned"
        forms.append(re.escape(word + word[-1]) + r"(?:ed|ing|er|ers)")
    return "(?:" + "|".join(forms) + ")"


def _is_stem(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < _WORD_ZIPF


def cue_pattern(cue: str) -> str:
    """One cue as a regex: `stem*` a prefix; a phrase word by word, its last word inflected; a word
    with its endings; a vocabulary stem that is no common word ("worr") a prefix."""
    cue = cue.strip().lower()
    words = cue.split()
    parts = [re.escape(w) for w in words[:-1]]
    last = words[-1]
    explicit = last.endswith("*")
    last = last.rstrip("*")
    parts.append(_word_pattern(last, explicit or (len(words) == 1 and _is_stem(last))))
    return r"(?<![\w'-])" + r"\s+".join(parts) + r"(?![\w-])"


@lru_cache(maxsize=None)
def _compiled(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(cue_pattern(c) for c in cues))


def _normal(text: str) -> str:
    return text.lower().replace("’", "'")


# A negated thought or feeling reaches to the end of its clause: "never felt like the whole
# process was hard" is no problem.
NEGATED_THOUGHT = re.compile(
    r"(?:\b(?:not|never)|n't)\s+(?:\w+\s+)?(?:felt|feel|feels|found|find|thought|think|seemed|seems)\b[^,;:.!?]*$"
)


def negated(text: str, start: int) -> bool:
    """Whether the cue at `start` of the (normalised) text is negated: "not", "never", "n't",
    "nothing" up to three words before it, or a thought or feeling negated earlier in its clause."""
    return bool(
        NEGATED.search(text[max(0, start - 40) : start]) or NEGATED_THOUGHT.search(text[max(0, start - 80) : start])
    )


def count(text: str, cues: Iterable[str]) -> int:
    """How many times the cues show in `text`, not counting negated ones."""
    lowered = _normal(text)
    return sum(1 for found in _compiled(tuple(cues)).finditer(lowered) if not negated(lowered, found.start()))


def _matches(text: str, patterns: re.Pattern[str], *, negatable: bool = True) -> bool:
    lowered = _normal(text)
    return any(not (negatable and negated(lowered, m.start())) for m in patterns.finditer(lowered))


# -- what a sentence is about --------------------------------------------------------------------
# The cue lists are words.yaml's sentence_cues, where each says what it is for.
NEGATIVE = vocabulary.SENTENCE_CUES["negative"]
# Nobody doing what they should: "nobody kept it updated", "nobody told us".
NOBODY = re.compile(
    r"\b(?:nobody|no one|no-one) (?:\w+ )?(?:used|uses|kept|keeps|updated|updates|reads|read|answered|answers"
    r"|called|calls|rang|told|tells|checked|checks|knew|knows|bothers|bothered|listens|listened|noticed|saw|cares"
    r"|cared|helps|helped|thanks|thanked|asks|asked)\b"
)
# A thing that does not work, not a person who never worked somewhere ("I've never worked with them").
NOT_WORKING = re.compile(
    r"\b(?:doesn't|didn't|don't|won't|isn't|wasn't|never|not|stopped) work(?:s|ed|ing)?\b"
    r"(?! (?:with|for|as|at|there|in|on|here|from|alongside|together))"
)
# Words that turn a problem into one that is over or borne ("not feeling that way now", "sorted
# now", "forty-eight hours of rechecking, which is fine").
RESOLVED = re.compile(
    r"\b(?:not (?:feeling|feel) (?:that|like that)|not any ?more|no longer|(?:fine|sorted|better|solved|fixed) now"
    r"|got used to it|doesn't bother|don't mind|not bad|can't complain|no complaints"
    r"|(?:not|isn't|wasn't|aren't|weren't) (?:really |that )?(?:much of )?(?:a |an )?(?:big |real |major )?"
    r"(?:issue|problem)\b(?! of)"
    r"|(?:which|that)(?: is|'s) (?:fine|okay|ok|all right))\b"
)

# Non-answers: unsure hedges, refusals, dodges, talk about the interview or the interviewer, and
# dismissals. None of them is a desire, a hope, a problem or a context.
UNSURE = re.compile(
    "|".join(
        (
            r"\b(?:i|we) (?:honestly |really |just |genuinely )?(?:don't|do not|didn't|did not) (?:really )?know\b",
            r"\bdunno\b|\bno idea\b|\bnot (?:really |quite |too )?sure\b|\bhard to say\b|\bwho knows\b",
            r"\b(?:can't|cannot|couldn't) (?:really )?(?:say|tell|remember|recall)\b|\bdon't remember\b",
            r"\b(?:i'm|i am) (?:just )?guessing\b|\bnever (?:counted|measured|worked it out|thought about it)\b",
        )
    )
)
DECLINES = re.compile(
    "|".join(
        (
            # refusals and dodges
            r"\b(?:i'd|i would|we'd) (?:rather|prefer) not\b|\bprefer not to\b|\bno comment\b|\bnone of your\b",
            r"\bnot (?:going|gonna) (?:to )?(?:say|tell|share|get into|go into|answer|discuss)\b",
            r"\bwon't (?:say|tell|share|be passing|go into|get into|answer|discuss)\b",
            r"\bnot (?:handing|giving) (?:out|away)\b|\bdon't ask me\b|\b(?:on|over) this call\b",
            r"\b(?:that's|that is|it's) (?:private|confidential|personal)\b",
            r"\b(?:i'm|i am) (?:too busy|out of time)\b|\b(?:i've|i have) (?:got )?to go\b",
            r"\b(?:you should|you could|you'd have to|you'll have to|better to|go ahead and) ask\b",
            r"\b(?:don't|didn't|do not|did not) want to (?:talk|say|get into|go into|discuss)\b",
            # the interview and the interviewer
            r"\b(?:your|this|that's a|a (?:good|fair|strange|odd|tough)) question\b|\bsales (?:call|pitch)\b",
            r"\bsave your breath\b|\bif you(?:'ve| have|'re| are| want)\b|\b(?:have|did|do|are|were) you\b",
            r"\byou(?:'ve| have) (?:done|asked)\b|\bif you don't mind\b|\bmy asking\b",
            r"\bsave yourself\b|\b(?:this|the) (?:interview|survey|call)\b|\bask(?:ing|ed)? (?:you|me)\b",
            r"\byou(?:'re| are) (?:selling|pitching)\b|\bwhere (?:this|you're) (?:is )?going\b",
            # dismissals
            r"\bnothing (?:really |much |very )?(?:special|interesting|unusual|exciting|to (?:say|add|tell|report))\b",
            r"\bnot (?:much|a lot) to (?:say|tell|add)\b|\bit evens out\b|\bit is what it is\b",
            r"\blet's be honest\b|\bnot (?:a )?(?:big|huge) deal\b|\bhope (?:it|this|that) (?:helps|was useful)\b",
        )
    )
)
# An unsure hedge is a non-answer only where the rest of its sentence says little: in "That one is
# the biggest problem for me, and I don't know how it will be solved" the hedge is a clause beside
# what the customer does know (the 135M customer hedges in one answer of three).
_CLAUSE = re.compile(r"[,;:.!?]+\s+|\s+(?:but|and|so|because|though|although|while)\s+")
HEDGED_SUBSTANCE = 2  # content words of the sentence outside the hedge's clauses that make it an answer


def _only_unsure(lowered: str) -> bool:
    if not UNSURE.search(lowered):
        return False
    rest = " ".join(clause for clause in _CLAUSE.split(lowered) if not UNSURE.search(clause))
    return len(measures.content_words(rest)) < HEDGED_SUBSTANCE


# The customer's own want: "I want", "we need a", "I'd love", "if only", "it would help"; not a
# condition ("if I want the job"), a refusal ("the last thing I want") or another's words reported.
_NOT_IF = r"(?<!\bif )(?<!\bwhat )(?<!\bwhatever )"
# "I'd love to know", "I just want to know why", "I'd like to hear her side", "I'd like to see
# how other yards do it" is curiosity; "I just want to sleep", "I'd love to see every tag in
# date" a want.
_CURIOUS = r"(?:know|hear|ask|say|find out|understand|add|mention|be honest|see (?:what|how|if|whether|why|who))\b"
WANTS = re.compile(
    "|".join(
        (
            _NOT_IF + r"\b(?:i|we) (?:really |just |only |still |do )?(?:want|wish)\b(?! to " + _CURIOUS + ")",
            r"\b(?:i|we)(?:'d| would) (?:really |just |so |honestly )?"
            r"(?:love|like|want|prefer|give anything|pay for)\b(?! to " + _CURIOUS + ")",
            _NOT_IF + r"\b(?:i|we) (?:really |just |only |still )?need (?!to\b|it\b|them\b|him\b|her\b|you\b)[a-z]",
            r"\b(?:i|we) (?:really |just )?need to be able\b|\bif only\b",
            r"\b(?:what|all) (?:i|we) (?:really |actually )?(?:want|need|wish) is\b",
            r"\b(?:it|that|this|which) would (?:really )?(?:help|make (?:a|the|all the) difference|save)\b",
            r"\bit would be (?:great|nice|good|lovely|brilliant|wonderful|amazing|a relief|a help"
            r"|(?:so much )?easier)\b",
            r"\b(?:i'd|i would) be (?:delighted|happy|glad|thrilled) if\b",
        )
    )
)
NOT_WANTS = re.compile(
    r"\blast thing (?:i|we) (?:want|need)\b"
    # another's words reported: "they can't say we want it back"
    r"|\b(?:say|says|said|tell|tells|told|ask|asks|asked)\s+(?:that\s+)?(?:i|we)(?:'d| would)?"
    r"\s+(?:want|need|wish|like)"
)
# What the customer hopes or aims for ("I'm looking for one thing" searches; "one day I" is a hope,
# "so that one day I can" a purpose, "that one day I'm not sure" a past day).
ASPIRES = re.compile(
    "|".join(
        (
            _NOT_IF + r"\b(?:i|we) (?:really |still )?hope\b|\bhoping\b|\bhopefully\b",
            r"\b(?:my|our|the) (?:goal|aim|dream|ambition|plan|hope) (?:is|was) (?:to|that)\b",
            r"\b(?:i|we)(?:'m| am|'re| are) (?:(?:aiming|planning|hoping|working|determined) (?:to|for|towards)"
            r"|looking to)\b",
            r"\b(?:i|we) (?:aim|plan|intend|mean) to\b",
            r"\b(?:i|we)(?:'d| would) (?:really )?(?:love|like) to (?!" + _CURIOUS + r")\w",
            _NOT_IF + r"\b(?:i|we) (?:really )?want to (?!" + _CURIOUS + r")\w",
            r"(?<!\bthat )(?<!\bthe )\b(?:one day|some ?day),? (?:i|we)\b",
            r"\bthat (?:one day|some ?day),? (?:i|we)(?:'ll|'d| can| could| will| would| might)\b",  # a purpose
            r"\bin (?:a|two|three|five|ten) years?(?:'| time)\b",
        )
    )
)
# What sets a problem off or explains it.
CAUSES = re.compile(
    r"\b(?:because|'cause|cos|the reason|that's why|which is why|due to|caused by|comes down to|it's down to"
    r"|whenever|every time|each time|as soon as|the moment|which means|that means|so we end up|end up|ends up"
    r"|leads to|results in)\b"
)
BARRIERS = vocabulary.SENTENCE_CUES["barriers"]
TRIED = vocabulary.SENTENCE_CUES["tried"]
TIMES = vocabulary.SENTENCE_CUES["times"]


@dataclass(frozen=True)
class Reading:
    """What one sentence says; `problem` counts its negative-experience cues."""

    non_answer: bool
    problem: int
    wants: bool
    aspires: bool
    cause: bool
    barrier: bool
    when: bool


def problem_cues(text: str) -> int:
    """How many negative-experience cues show in `text`, none where the problem is said to be over."""
    lowered = _normal(text)
    if RESOLVED.search(lowered):
        return 0
    return count(text, NEGATIVE) + len(NOT_WORKING.findall(lowered)) + len(NOBODY.findall(lowered))


def denies_problem(text: str) -> bool:
    """Whether `text` says a problem is not one: a negated ("never felt it was hard") or resolved
    ("sorted now") problem word."""
    lowered = _normal(text)
    return bool(RESOLVED.search(lowered)) or any(
        negated(lowered, m.start()) for m in _compiled(NEGATIVE).finditer(lowered)
    )


def is_non_answer(text: str) -> bool:
    """A refusal, a dodge, an unsure hedge that says little else, talk about the interview or a
    pleasantry."""
    lowered = _normal(text)
    return (
        bool(DECLINES.search(lowered))
        or any(_only_unsure(sentence) for sentence in measures.sentences(lowered))
        or measures.is_filler(text)
    )


def read(sentence: str, context: str = "") -> Reading:
    """What `sentence` says. `context` is the rest of its answer: a cause or a moment counts where
    the answer around it describes a problem ("August. The auditor found three expired tags.")."""
    if is_non_answer(sentence) or sentence.rstrip().endswith("?"):
        return Reading(True, 0, False, False, False, False, False)
    problem = problem_cues(sentence)
    # The answer around it, less its non-answers ("If that doesn't work out, I'm not sure if you…").
    around = [s for s in measures.sentences(context) if not is_non_answer(s)]
    near_problem = bool(problem or any(problem_cues(s) for s in around))
    # "We tried X but …": a try that did not end the problem
    tried = bool(count(sentence, TRIED)) and (bool(problem) or " but " in _normal(sentence))
    return Reading(
        non_answer=False,
        problem=problem,
        wants=_matches(sentence, WANTS) and not NOT_WANTS.search(_normal(sentence)),
        aspires=_matches(sentence, ASPIRES),
        cause=near_problem and _matches(sentence, CAUSES),
        barrier=bool(count(sentence, BARRIERS)) or tried,
        when=bool(problem) and bool(count(sentence, TIMES)),
    )


# The check a sentence passes to be filed under each insights field.
FIELD_CHECKS: dict[str, Callable[[Reading], bool]] = {
    "coreDesires": lambda r: r.wants,
    "aspirations": lambda r: r.aspires,
    "fearsOrFrustrations": lambda r: r.problem > 0,
    "triggersMoments": lambda r: r.cause,
    "preventionBarriers": lambda r: r.barrier,
    "whenProblemFelt": lambda r: r.when,
}
# The insights fields each kind of customer turn in the corpus (training/FORMAT.md) feeds: a
# sentence is filed under a field only where the labeller reads its answer as such a kind
# (extractive.fits), and bench/labels.py measures the filing against the writers' kinds.
# Non-answers feed none.
KIND_FIELDS: dict[str, frozenset[str]] = {
    "problem": frozenset({"fearsOrFrustrations"}),
    "incident": frozenset({"fearsOrFrustrations", "whenProblemFelt"}),
    "cost": frozenset({"fearsOrFrustrations"}),
    "cause": frozenset({"triggersMoments"}),
    "workaround": frozenset({"preventionBarriers"}),
    "tools": frozenset({"preventionBarriers"}),
    "decision": frozenset({"preventionBarriers"}),
    "wish": frozenset({"coreDesires", "aspirations"}),
    **{kind: frozenset() for kind in ("routine", "other", "dodge", "unsure", "pushback", "refusal")},
}
NON_ANSWER_KINDS = frozenset({"dodge", "refusal", "unsure"})


# -- themes and feelings -------------------------------------------------------------------------
# Themes whose name claims something went wrong: a quote that shows a problem is preferred, and
# their tone is never a positive feeling.
PROBLEM_THEMES = frozenset({"Time pressure", "Tools that fail", "Workload and wellbeing", "Mistakes and quality"})
POSITIVE_FEELINGS = frozenset({"Determined", "Hopeful", "Relieved", "Proud", "Curious", "Calm"})


def feelings(text: str) -> dict[str, int]:
    """Each feeling's words counted in `text` (word starts, not negated), strongest feeling first."""
    return {label: count(text, cues) for label, cues in vocabulary.FEELINGS.items()}


def feeling_said(text: str) -> str | None:
    """The feeling `text` says outright most (ties: the stronger); None where it says none."""
    evidence = feelings(text)
    best = max(evidence, key=evidence.__getitem__)
    return best if evidence[best] else None
