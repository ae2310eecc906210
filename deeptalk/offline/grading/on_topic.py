"""Grading answers: does the customer's answer answer the question asked? A non-answer never does;
otherwise the answer holds what the question's kind asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import affirmed_stems, sentences


def _cues(alternatives: str) -> re.Pattern[str]:
    """A pattern from regex alternatives separated by "|" and any layout, each matched at a word's
    start, letter case aside."""
    return re.compile(r"\b(?:" + "|".join(a.strip() for a in alternatives.split("|")) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class Kind:
    """A kind of question, by the words that ask it, and the cues an answer to it holds."""

    name: str
    asks: re.Pattern[str]
    holds: re.Pattern[str]


# A name of someone, as written: a capitalised word inside a sentence ("ask Gav"), an acronym
# ("our MD"), or a name opening the answer ("Kelvin, our MD.").
_SOMEONE = re.compile(r"(?<=[\w,;] )[A-Z][a-z]+|\b[A-Z]{2,5}\b|^[A-Z][a-z]+(?=[,.] )")
# The first kind whose words the question holds decides; an answer holds one of its cues. Cues
# are about the answer's form (a reason, a feeling, an action, an amount, a person, a past
# event), never about a line of work.
KINDS = (
    Kind(
        "cause",
        _cues(r"why\b | what (?:causes|caused|makes|made)\b | how come\b"),
        _cues(r"""because\b | since\b | so\b | due to\b | means\b | reason | cause | the thing is\b | when\b | if\b
              | without\b | never\b | always\b | nobody\b | no one\b | too\b | only\b | after\b"""),
    ),
    Kind(
        "feeling",
        _cues(r"""how (?:did|does|do|would|will) (?:that|it|this|you) (?:make you |leave you )?feel
              | what did (?:that|it) feel like | feel about | how did (?:that|it) (?:make|leave) you"""),
        _cues(r"""feel | felt\b | angr | annoy | irritat | frustrat | furious | upset | worr | stress | anxi | nervous
              | scar | afraid | tired | exhaust | drained | embarrass | ashamed | guilt | sad\b | gutted | awful
              | terrible | sick\b | fed up | relie | proud | happy | glad | pleased | calm | fine\b | helpless
              | overwhelm | lonely | alone\b | hopeless | hope | disappoint | laugh | cried | cry"""),
    ),
    Kind(
        "action",
        _cues(r"""(?:have|did) you (?:already )?(?:tried|try|done|do|changed)\b | what did you do\b | what have you
              | how did you (?:fix|handle|deal|cope|cover|get) | workaround"""),
        _cues(r"""tried | try | used?\b | using | started | stopped | switched | asked | called | rang | ring | bought
              | built | wrote | made | moved | set up | kept | keep | put\b | hired | paid | nothing | gave up
              | stay | stood | cover | check | print | now\b | \w+ed\b"""),
    ),
    Kind(
        "cost",
        _cues(r"cost | how much | lose\b | lost\b | spend | price | what did (?:that|it) mean"),
        _cues(r"""\d | [£$€] | pound | dollar | euro | money | hour | day | week | minute | lost | lose | miss | paid
              | pay | overtime | customer | client | sleep | family | stress | nothing | one\b | two\b | three\b
              | four\b | five\b | ten\b | twenty | hundred | thousand"""),
    ),
    Kind(
        "who decides",
        _cues(r"who (?:decides|would decide|signs|approves|pays|chooses|has the final|makes the call) | who else"),
        _cues(r"""i do\b | i decide | me\b | myself | owner | boss | manager | director | head\b | board | committee
              | department | partner | council | chief | supervisor | lead\b | (?:mr|mrs|ms|dr)\b | wife
              | husband | brother | sister | family | accountant | they\b | nobody | no one"""),
    ),
    Kind(
        "incident",
        _cues(r"""last time | recent time | a time when | when did | what happened | tell me about a time
              | most recent"""),
        _cues(r"""yesterday | last\b | ago\b | once\b | in (?:january|february|march|april|may|june|july|august
              |september|october|november|december|spring|summer|autumn|winter) | on (?:monday|tuesday|wednesday
              |thursday|friday|saturday|sunday) | \w+ed\b | was\b | were\b | had\b | went\b | came\b | got\b
              | took\b | told\b | said\b | left\b"""),
    ),
    Kind(
        "tools",
        _cues(r"""what do you use | which (?:tool|system|software|app) | tools?\b
              | how do you (?:track|keep|record|plan|manage|know)"""),
        _cues(r"""sheet | spreadsheet | excel | app\b | system | software | paper | notebook | book\b | whiteboard
              | board\b | phone | email | text | calendar | diary | list | card | folder | memory | head\b
              | nothing | whatsapp | group | radio | ticket"""),
    ),
    Kind(
        "routine",
        _cues(r"typical | normal (?:day|week|shift) | usual | walk me through | what does a | your (?:day|week|shift)"),
        _cues(r"""\d | morning | evening | night | afternoon | day | week | shift | start | finish | usually | every
              | then\b | first\b | most of | spend | o'clock | one\b | two\b | three\b | four\b | five\b | six\b
              | seven\b | eight\b | nine\b | ten\b"""),
    ),
)
# What says nothing in answer to anything: "I don't know", "I'd rather not say", "Pass".
_NON_ANSWER = _cues(
    r"""i (?:really )?(?:don't|do not) (?:really )?know | not sure | no idea | hard to say | can't say
    | couldn't say | (?:i'd|i would) rather not | i'd prefer not | no comment | pass\b | next question
    | (?:i )?(?:don't|can't) remember | i'm too busy | i don't have time for this | let's move on"""
)


def question_kind(question: str) -> Kind | None:
    asking = sentences(question)[-1] if sentences(question) else question
    return next((kind for kind in KINDS if kind.asks.search(asking)), None)


def is_non_answer(answer: str) -> bool:
    """The answer says nothing once its dodges are taken out: "I don't know, really." ("I don't
    know why, because nobody tells us" gives a reason, so it answers)."""
    rest = _NON_ANSWER.sub(" ", answer.replace("’", "'"))
    return not affirmed_stems(rest) and not re.search(r"\d", rest)


def answers(question: str, answer: str) -> bool:
    """The answer answers the question: it is no non-answer, and it holds what the kind of
    question asks for (a reason for a why, a feeling for a feeling, an action for what was
    tried...); for a question of no known kind, any answer with substance."""
    if is_non_answer(answer):
        return False
    kind = question_kind(question)
    if kind is None:
        return True
    return bool(kind.holds.search(answer)) or (kind.name == "who decides" and bool(_SOMEONE.search(answer)))
