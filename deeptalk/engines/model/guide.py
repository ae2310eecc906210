"""The interview guide: phases with goals, and an interviewer that asks what is still missing.

Each phase has goals, things the interview must learn (the customer's work; the last time the
problem happened; what they did about it and what it cost; what they use today and where it falls
short; who decides). The next question is the phase's first goal the customer's answers have not
covered yet (an answer that already tells a recent incident covers "the last time"), not the next
line of a script. A dodge is probed once from another angle, a second dodge moves on; a refusal
turns the rest into light questions and a polite close. A question about feelings or causes waits
for an event or a problem the customer described, and "keeps happening" for more than one.

The phases themselves stay a function of the interview's length (`plan`), so that the analysis,
which knows only the transcript, reads each answer's phase the same way. Every question here is
about past or present facts (the Mom Test) and passes the guide linter (tests/test_interviewer.py).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from . import classifier, counts, measures, vocabulary, wordlists

PHASES = ("Opening", "Problem Discovery", "Deep Dive", "Current Solutions", "Closure")
MIN_EXCHANGES = 5  # the contract's 10 messages

# -- what an answer covers ----------------------------------------------------------------------
# What an answer covers is read in whole words and phrases (`wordlists.whole_words`: "mission" is no "miss"),
# with the patterns word lists cannot say: a time and a past verb in one sentence (an event), an
# amount beside a problem (a cost), a refusal of the interview.
_MONTHS = "january february march april june july august september october november december"
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_WHEN = re.compile(
    r"\b(?:yesterday|ago|recently|the other day|one day|once|this (?:morning|week|month|year)|earlier this"
    r"|last (?:week|month|year|night|time|spring|summer|autumn|fall|winter|season|shift|quarter|term"
    rf"|{'|'.join((_DAYS + ' ' + _MONTHS).split())})"
    rf"|(?:in|on|since|until) (?:{'|'.join((_MONTHS + ' may').split())})"
    rf"|(?:on )?(?:{'|'.join(_DAYS.split())})(?! ?s\b)"
    r"|that (?:day|morning|night|week|evening|afternoon))\b",
    re.IGNORECASE,
)
_PAST_VERB = (
    r"was|were|had|did|went|came|got|found|lost|missed|sent|took|told|made|left|ran|broke|forgot|rang"
    r"|said|saw|paid|spent|stood|gave|fell|hit|cost|sat|kept|put|began|brought|bought|caught|thought|felt|heard"
    r"|held|meant|met|sold|spoke|stuck|woke|won|wrote|chose|drove|flew|froze|grew|knew|threw"
    r"|(?!(?:hundred|indeed|need|speed|proceed|exceed|succeed|feed|seed|breed|embed|shed|bed)\b)\w{3,}ed"
)
_PAST = re.compile(rf"\b(?:{_PAST_VERB})\b", re.IGNORECASE)
_AUXILIARIES = frozenset("was were had did".split())
NARRATIVE = 3  # past verbs that tell a story even without a date ("the laptop just sat there...")
_AGAIN = re.compile(
    r"\b(?:again|every time|each time|keeps?|kept|always|twice|(?:two|three|four|five|six|several|many|\d+) times"
    r"|every (?:day|week|month|morning|night|shift|year|season)|most (?:days|weeks|nights|mornings)|often"
    r"|constantly|all the time|over and over|never stops)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"[£$€₹¥]\s?\d|\b\d[\d,.]*\s?(?:k|pounds?|dollars?|euros?|rupees?|lakh|crore|taka|pesos?|rand)\b"
    r"|\b(?:hundred|thousand|million|grand|quid|bucks|lakh|crore)\b",
    re.IGNORECASE,
)
_AMOUNT_OF_TIME = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|ten|twelve|twenty|half an?|a few|several)"
    r"(?:[ -](?:\w+))?[ -](?:hours?|days?|minutes?|weeks?|evenings?|weekends?|nights?|mornings?)\b",
    re.IGNORECASE,
)
_NOT_A_PROBLEM = re.compile(r"\b(?:no|not an?|not really an?|never an?) (?:problem|issue|trouble)s?\b", re.IGNORECASE)
_UNSURE = re.compile(
    r"\b(?:i don'?t know|not sure|no idea|hard to say|difficult to say|can'?t say|couldn'?t (?:say|tell you)"
    r"|depends|it varies|now and again|here and there|this and that|nothing much|not much to say|the usual"
    r"|i'?d have to think|clear answer|can'?t put it|hard to put)\b",
    re.IGNORECASE,
)
# Nothing tried, said outright: to "what have you tried?", "Nothing, I'm not sure." is the answer
# (the customer has tried nothing), not a dodge to probe with "What did you change after that?".
_TRIED_NOTHING = re.compile(
    r"^\W*nothing\b|\b(?:never|haven't|hasn't|didn't|have not|has not|did not)\s+"
    r"(?:really\s+|ever\s+|yet\s+|actually\s+)?(?:tried|done|changed)\b",
    re.IGNORECASE,
)
# An answer that opens by saying there is nothing ("Nothing. I'd rather be on the phone…", "Not
# really, it's fine."): to what gives them trouble, it names none, whatever words follow.
_DENIES = re.compile(
    r"^\W*(?:nothing(?:\s+(?:really|much|in particular|at all|special))?|not really|not much|nah|no)\s*[.,;!—–-]",
    re.IGNORECASE,
)
# Goals whose question asks what the customer tried, did, uses or misses: nothing is an answer to them.
ANSWERED_BY_NOTHING = frozenset({"actions", "alternatives", "tools", "gaps"})
# A refusal is about the interview, not the work: "too busy to chart" is a problem, "too busy for
# this" a refusal.
_REFUSAL = re.compile(
    r"\b(?:too busy (?:for (?:this|that|an interview|questions)|to (?:talk|do this|answer)|right now)"
    r"|(?:i'?d|i would) (?:rather|prefer) not"
    r"(?=\s*(?:[.!,;]|$)|\s+(?:say|talk|answer|discuss|comment|share|get into|go into|to say)\b)"
    r"|(?:don'?t|do not) want to (?:do this|talk|discuss|answer|get into"
    r"|go into|share|say|continue|carry on)|(?:not|never) (?:going|gonna) to (?:talk|answer|discuss|say|share)"
    r"|no comment|can'?t talk (?:now|right now|about)|not comfortable (?:talking|discussing|sharing|answering)"
    r"|none of your business|(?:let'?s )?leave it (?:there|at that)|(?:won'?t|will not) (?:answer|discuss|talk|say)"
    r"|(?:have|need|got) to go(?: now)?[.!]?$|stop (?:this|here) now|end (?:this|the) (?:call|interview))",
    re.IGNORECASE,
)
_PUSHBACK = re.compile(
    r"\b(?:what(?:'s| is) (?:this|it|all this) for|who(?:'s| is) asking|are you (?:selling|from a|trying to sell)"
    r"|why do you (?:ask|want to know|need to know)|what (?:is it|exactly) (?:you|do you) want"
    r"|what do you want to know)\b",
    re.IGNORECASE,
)


def _cues(name: str) -> re.Pattern[str]:
    """One of the lists of what an answer covers (words.yaml's answer_cues), as whole words."""
    return wordlists.whole_words(vocabulary.ANSWER_CUES[name])


_PROBLEM_WORDS = _cues("problem")
_ACTION_WORDS = _cues("action")
_COST_WORDS = _cues("cost")
_AT_STAKE = _cues("at_stake")
_DECIDE_WORDS = _cues("decides")
_REASON_WORDS = _cues("reason")
_FEELING_WORDS = _cues("feeling")
_LOOKED_WORDS = _cues("looked")
_TOOL_WORDS = _cues("tool")
_FALLS_SHORT = re.compile(r"n't\b|\b(?:not|never|only as good|by hand|twice|again|still)\b", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return measures.sentences(text.replace("’", "'"))


def describes_problem(answer: str) -> bool:
    """Whether the answer names something that goes wrong ("no problem" is none)."""
    return bool(_PROBLEM_WORDS.search(_NOT_A_PROBLEM.sub(" ", answer.replace("’", "'"))))


def describes_event(answer: str) -> bool:
    """Whether the answer tells something that happened: a time and a past verb ("In August an
    auditor found..."), or a story told in the past ("the laptop sat in my office for two hours
    because he had...")."""
    said = answer.replace("’", "'")
    past = [m.group().lower() for m in _PAST.finditer(said)]
    if past and _WHEN.search(said):
        return True
    return len(past) >= NARRATIVE and any(verb not in _AUXILIARIES for verb in past)


def describes_repeat(answer: str) -> bool:
    """Whether the answer says a problem happens more than once ("again", "every week", "twice")."""
    return any(_AGAIN.search(s) and (describes_problem(s) or describes_event(s)) for s in _sentences(answer))


def names_a_tool(answer: str) -> bool:
    """Whether the answer names something used to keep track, and not as missing: "we don't
    have a system" names none."""
    said = answer.lower().replace("’", "'")
    return any(not classifier.negated(said, m.start()) for m in _TOOL_WORDS.finditer(said))


def names_a_part(answer: str) -> bool:
    """Whether the answer opens by naming a thing in a few words ("Calls.", "Finding suppliers.",
    "The group chat, I think."): the answer to "which part gives you the most trouble?", problem
    words or not."""
    first = _sentences(answer)[:1]
    clause = _TRAILING_HEDGE.sub("", first[0]) if first else ""
    named = measures.words(clause)
    return (
        0 < len(named) <= PART_WORDS
        and bool(measures.content_words(clause) - vocabulary.VAGUE_HEADS - vocabulary.STATES - _INTERJECTIONS)
        and not _UNSURE.search(first[0])
        and not refuses(answer)
        and not pushes_back(answer)
    )


PART_WORDS = 4
BARE_TIME_WORDS = 4  # "Last Friday, I think.": a time said alone
_TRAILING_HEDGE = re.compile(
    r",\s*(?:i think|i guess|i suppose|i'd say|mostly|maybe|probably|honestly|really|mainly)\W*$", re.IGNORECASE
)
_INTERJECTIONS = frozenset("yeah honestly maybe hmm".split())


OPENING_WORDS = 3  # "I'm not sure, …", "No idea. …": a hedge among the first words opens the answer


def opens_unsure(answer: str) -> bool:
    """Whether the answer opens on "I don't know" or the like ("I'm not sure, I keep forgetting."),
    not a hedge after it ("One hour a shift, and I'm not sure it's worth.")."""
    first = (_sentences(answer) or [""])[0]
    found = _UNSURE.search(first)
    return bool(found) and len(first[: found.start()].split()) <= OPENING_WORDS


def unsure(answer: str) -> bool:
    """A non-answer: "I don't know", "hard to say" with little else, or almost nothing at all."""
    substance = measures.content_words(answer)
    return len(measures.words(answer)) < 4 or (bool(_UNSURE.search(answer.replace("’", "'"))) and len(substance) < 8)


REFUSAL_WORDS = 12  # a refusal says little else; a longer answer that declines a detail still answers


def refuses(answer: str) -> bool:
    """Whether the customer declines the interview or a topic: "I'm too busy for this", "I'd rather not"."""
    short = len(measures.content_words(answer)) <= REFUSAL_WORDS
    return short and bool(_REFUSAL.search(answer.replace("’", "'").strip()))


def opens_denying(answer: str) -> bool:
    """Whether the answer opens by saying there is nothing ("Nothing. …", "No, …", "Not really.")."""
    return bool(_DENIES.search(answer))


def tried_nothing(answer: str) -> bool:
    """Whether the customer says they tried or did nothing about it: "Nothing yet.", "I've never
    tried anything like it."."""
    return bool(_TRIED_NOTHING.search(answer.replace("’", "'")))


# An amount, however hedged ("Two hundred and twenty złoty.", "Half a day, maybe.", "About
# fifteen hours."): a number, perhaps of several words, then a unit of time; or money. "A bad
# week" is none (between "a" and its unit only "full", "whole" or "half"), nor a time ago ("two
# weeks ago") or a frequency ("twice a week", "every day", "three times a week").
_NUMBER = r"\d[\d,.]*|half|several|few|couple|" + "|".join(
    sorted(counts.UNITS | counts.TENS | counts.SCALES, key=len, reverse=True)  # counts.py's number words
)
_TIME_UNIT = r"hours?|days?|minutes?|weeks?|months?|evenings?|weekends?|nights?|mornings?|afternoons?|shifts?"
_AN_AMOUNT = re.compile(
    rf"(?<!\bonce )(?<!\btwice )(?<!\bevery )(?<!\btimes )(?<!\bper )"
    rf"\b(?:(?:a )?(?:{_NUMBER})(?:[ -](?:and|or|to|of|a|an|odd|{_NUMBER})){{0,3}}|an?(?: full| whole| half)?)"
    rf"[ -](?:{_TIME_UNIT})\b(?! ago)|\d\s?%|\bper ?cent\b",
    re.IGNORECASE,
)
# Money said: a currency sign, or a number and a currency ("two hundred euros", "£40", "30 quid").
_MONEY_SAID = re.compile(
    rf"[£$€₹¥]\s?\d|\b(?:{_NUMBER})(?:[ -](?:and|{_NUMBER})){{0,4}}[ -]?(?:k|pounds?|dollars?|euros?|rupees?"
    r"|lakhs?|crores?|taka|pesos?|rand|quid|bucks|grand|cents|złoty|zloty|naira|shillings?|francs?|yen|yuan"
    r"|ringgit|baht|kroner|krona|won)\b",
    re.IGNORECASE,
)
# A time named ("September.", "In May.", "Last Tuesday.", "In 2019"): capitalised, so that "may"
# the verb is none; "May" only where it cannot be the verb ("in May", "May.", "May 3"), a year
# only after "in" ("in 2019", not "2000 euros").
_A_TIME = re.compile(
    rf"\b(?:{'|'.join(m.capitalize() for m in (_MONTHS + ' ' + _DAYS).split())})\b"
    r"|(?<=[Ii]n |st |of )May\b|\bMay(?=\W*$|[.,;:!?]| \d)|(?<=[Ii]n )(?:19|20)\d\d\b",
)
# The customer's own deed: "I rang her", "we've switched", "Since May I keep two records". Not
# what they thought or felt, nor a state ("I was", "I had").
_NOT_DEEDS = frozenset(
    "was were had did thought felt knew saw heard meant wanted needed worried hoped liked loved hated wished"
    " wondered guessed assumed imagined supposed expected noticed realised realized".split()
)
_OWN_DEED = re.compile(
    r"(?<!\bnobody )(?<!\banyone )(?<!\bsomeone )(?<!\beveryone )(?<!\bpeople )(?<!\bthose )"
    r"\b(?:I|we)(?:'ve|'d| have| had)?(?: to)?(?: (?:just|then|also|finally|now|already|still|always|even|first|once))?"
    rf" ({_PAST_VERB}|keep|add|use|send|write|call|ring|text|check|ask|print|log|note|track|put|email"
    r"|message|phone|chase|copy|fill|update|list|mark|tick)\b",
    re.IGNORECASE,
)


# Who decides, named: a role ("The district manager, Mr McQuinn."), a title and name, or the
# customer, first ("Me, for the fee.", "Just me.", "I do."; not "Let me think", "I do the rota").
_A_DECIDER = re.compile(
    r"^\W*(?:(?:just|mostly|only|mainly|probably) )?(?:me|myself|i decide|i'm the one)\b|^\W*i do\W*$"
    r"|\b(?:it's|that's|it is|that is) (?:me|my call)\b"
    r"|\b(?:manager|owner|owners|boss|director|head of|head office|supervisor|partner|partners|board|council"
    r"|committee|chief|foreman|accountant|principal|matron|trust|hr|trustees|wife|husband"
    r"|(?:mr|mrs|ms|dr)\.? (?-i:[A-Z])\w+)\b",
    re.IGNORECASE,
)


_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)


def gives_an_amount(answer: str) -> bool:
    """Whether the answer names an amount of money or time: the answer to "what did it cost"."""
    said = answer.replace("’", "'")
    return bool(_MONEY_SAID.search(said) or _AN_AMOUNT.search(said))


# Times that "What happened …?" cannot take: "ago", "once", "recently" need the rest of their
# phrase, and "last time" is the question's own words.
_VAGUE_WHEN = frozenset({"ago", "once", "recently", "one day", "earlier this", "last time"})
# A habit or a span, not a time something happened: "every Monday", "since May", "not since June".
_NOT_A_MOMENT = re.compile(r"\b(?:every|each|most|since|until|till|not)\s+$", re.IGNORECASE)


def when_named(answer: str, opening: bool = False) -> str | None:
    """When the answer's first sentence says something happened, as "What happened …?" would put
    it ("In May." -> "in May", "September." -> "in September", "Last Tuesday" -> "last
    Tuesday"), or None; `opening`: only a time among the sentence's first words."""
    first = (_sentences(answer) or [""])[0]
    found = [m for m in _WHEN.finditer(first) if m.group().lower() not in _VAGUE_WHEN]
    found += [m for m in _A_TIME.finditer(first) if not first[m.end() : m.end() + 1].isalpha()]
    found = [
        m
        for m in found
        if not _NOT_A_MOMENT.search(first[: m.start()])
        and m.group().split()[0].lower() not in ("since", "until")
        and (not opening or len(first[: m.start()].split()) <= OPENING_WORDS)
    ]
    if not found:
        return None
    said = min(found, key=lambda m: m.start())
    words = said.group().split()
    if len(words) == 1 and not _WHEN.fullmatch(said.group()):  # a month, a day or a year alone
        return f"on {words[0]}" if words[0].lower() in _DAYS.split() else f"in {words[0]}"
    if words[0].lower() in _DAYS.split():
        words.insert(0, "on")
    return " ".join([words[0].lower(), *words[1:]])


def names_a_decider(answer: str) -> bool:
    """Whether the answer's first sentence names who decides, and not as someone else ("I'm not
    the manager"): the answer to "who decides"."""
    first = (_sentences(answer) or [""])[0]
    found = _A_DECIDER.search(first)
    return bool(found) and not _NEGATED_BEFORE.search(first[: found.start()])


def tells_own_deed(answer: str) -> bool:
    """Whether the customer tells something they did or do about it: the answer to "what did you
    do"."""
    return any(m.group(1).lower() not in _NOT_DEEDS for m in _OWN_DEED.finditer(answer.replace("’", "'")))


def _decided_own_spending(answer: str) -> bool:
    """Whether the customer tells how they spent on something themselves ("I compared three quotes
    and bought the cheapest oven."): who decides, as one who owns the business answers it."""
    return tells_own_deed(answer) and bool(ASKS_ABOUT["decides"].search(answer))


def pushes_back(answer: str) -> bool:
    """Whether the customer asks what the interview is for instead of answering."""
    return bool(_PUSHBACK.search(answer.replace("’", "'")))


def _costs(answer: str) -> bool:
    if _COST_WORDS.search(answer):
        return True
    amounts = (_MONEY, _AMOUNT_OF_TIME, _AT_STAKE)
    return any(any(p.search(s) for p in amounts) and describes_problem(s) for s in _sentences(answer))


def _falls_short(answer: str) -> bool:
    return any(names_a_tool(s) and (describes_problem(s) or _FALLS_SHORT.search(s)) for s in _sentences(answer))


_STRONG_ACTIONS = _cues("strong_action")
_STRONG_REASONS = _cues("strong_reason")


def _has(pattern: re.Pattern[str]):
    return lambda answer: bool(pattern.search(answer.replace("’", "'")))


# What covers each goal: an answer to its question that holds it. An answer to another question
# covers it too where it says so plainly (INCIDENTALLY): "two hours" beside "an issue" answers
# "what did it cost", not any question that happens to draw it.
COVERS = {
    "work": lambda a: len(measures.words(a)) >= 6,
    "problem": lambda answer: describes_problem(answer) and not opens_denying(answer),
    "last_time": describes_event,
    "actions": _has(_ACTION_WORDS),
    "cost": _costs,
    "tools": names_a_tool,
    "gaps": _falls_short,
    "decides": lambda answer: bool(_DECIDE_WORDS.search(answer)) or _decided_own_spending(answer),
    "cause": _has(_REASON_WORDS),
    "feeling": _has(_FEELING_WORDS),
    "alternatives": _has(_LOOKED_WORDS),
}
# What answers a goal's question outright, in a few words or hedged: the part of the work named
# to "which part gives you the most trouble?", a story to "what is the hardest part?", an amount
# to "what did it cost?", a deed to "what did you do?" or "what else have you tried?", a person to
# "who decides?", a time that opens a story to "when did it last happen?" ("January. A client's
# list changed…"). Heard, it is not asked for again. (A time alone is asked what happened then:
# Interviewer._what_happened_then.)
ANSWERED_DIRECTLY = {
    "problem": lambda a: not opens_denying(a) and (names_a_part(a) or describes_event(a)),
    "cost": gives_an_amount,
    "actions": tells_own_deed,
    "decides": names_a_decider,
    "alternatives": tells_own_deed,
    "last_time": lambda a: bool(when_named(a, opening=True)) and bool(_PAST.search(a)),
}


def answers_outright(goal: str, answer: str) -> bool:
    """Whether the answer answers the goal's question outright (ANSWERED_DIRECTLY), however hedged
    after it but not after "I don't know", or says nothing was tried where the question asks what
    was (ANSWERED_BY_NOTHING); never when it pushes back."""
    if pushes_back(answer):
        return False
    if (
        goal in ANSWERED_DIRECTLY
        and not opens_unsure(answer)
        and not refuses(answer)
        and ANSWERED_DIRECTLY[goal](answer)
    ):
        return True
    return goal in ANSWERED_BY_NOTHING and tried_nothing(answer)


INCIDENTALLY = {
    **COVERS,
    # "Nothing, really. … The warehouse is my biggest problem." to what they tried tells one.
    "problem": describes_problem,
    "cost": lambda a: (
        bool(_COST_WORDS.search(a)) or any(_MONEY.search(s) and describes_problem(s) for s in _sentences(a))
    ),
    "actions": _has(_STRONG_ACTIONS),
    "last_time": lambda a: describes_event(a) or ANSWERED_DIRECTLY["last_time"](a),
    "gaps": lambda a: any(names_a_tool(s) and describes_problem(s) for s in _sentences(a)),
    # "I sign off against any missing checklist" decides nothing the product team would sell to;
    # "anything over her budget gets approved by her" does.
    "decides": lambda a: any(_decides_on_tools(s) for s in _sentences(a)),
    "cause": _has(_STRONG_REASONS),
}


# -- the questions ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Question:
    """A question of the guide, and what must have been heard before it can be asked: "" nothing,
    "problem" a problem or an event, "event" an event, "repeat" more than one occurrence, "tool"
    a tool the customer uses."""

    text: str
    needs: str = ""
    alone: str = ""  # its words where no lead-in names what its "that" points at
    # "owner": asked only of one who owns the business or works alone; "staff": only of one who does not.
    asked_of: str = ""


@dataclass(frozen=True)
class Goal:
    """What a phase must learn, the questions that ask for it and the probes that ask again from
    another angle when the answer dodged. `needs`: what must have been heard for the goal to make
    sense at all (no cost of a problem never named)."""

    name: str
    phase: str
    learns: str
    asks: tuple[Question, ...]
    probes: tuple[Question, ...] = ()
    needs: str = ""


def _q(text: str, needs: str = "", alone: str = "", asked_of: str = "") -> Question:
    return Question(text, needs, alone, asked_of)


_KEEPING_TRACK = "What are the pros and cons of the way you keep track of things today?"
GOALS_OF_THE_GUIDE = (
    Goal(
        "work",
        "Opening",
        "the customer's work: what a normal week holds",
        (
            _q("Could you walk me through what a typical week looks like for you as {role}?"),
            _q("What does a normal day in your work as {role} involve?"),
            _q("What did last week look like for you as {role}?"),
        ),
        (
            _q("What was the first thing you dealt with this morning?"),
            _q("Which part of your week takes up the most hours?"),
        ),
    ),
    Goal(
        "problem",
        "Problem Discovery",
        "what goes wrong in that work, in the customer's words",
        (
            _q("Which part of that work gives you the most trouble?"),
            _q("What is the hardest part of that work for you right now?"),
            _q("Which part of your week goes wrong most often?"),
        ),
        (
            _q("What took longer than it should have last week?"),
            _q("Which part of last week went worst?"),
        ),
    ),
    Goal(
        "last_time",
        "Problem Discovery",
        "the last time the problem happened, as a story",
        (
            _q("Could you walk me through the last time that happened?", "problem"),
            _q("What happened the last time that came up?", "problem"),
            _q("Can you tell me about a recent time when something in your work went wrong?"),
        ),
        (
            _q("Which day in the last month stands out as the worst one?"),
            _q("When did something last slip through the cracks at work?"),
        ),
    ),
    Goal(
        "actions",
        "Deep Dive",
        "what the customer did about it",
        (
            _q("What did you do about that afterwards?", "event"),
            _q("What have you tried so far to deal with that?", "problem"),
            _q("What do you do now when that happens?", "problem"),
        ),
        (
            _q("Who did you turn to when that happened?", "event"),
            _q("What did you change after that?"),
        ),
        needs="problem",
    ),
    Goal(
        "cost",
        "Deep Dive",
        "what it cost: time, money, people",
        (
            _q("What did that end up costing you, in time or money?"),
            _q("How much of your week goes on that?"),
            _q("What has that cost the business so far?"),
        ),
        (
            _q("How many hours went on that last week?"),
            _q("Who else did that affect?"),
        ),
        needs="problem",
    ),
    Goal(
        "tools",
        "Current Solutions",
        "what the customer uses today",
        (
            _q("How do you keep track of all that today?"),
            _q("What do you use to keep on top of that today?"),
        ),
        (
            _q("Where do you note things down during the day?"),
            _q("Where does that information live right now?"),
        ),
    ),
    Goal(
        "gaps",
        "Current Solutions",
        "where what they use today falls short",
        (
            _q("What are the pros and cons of that setup?", "tool", alone=_KEEPING_TRACK),
            _q(_KEEPING_TRACK),
        ),
        (_q("What do you still have to do by hand alongside that?"),),
        needs="tool",  # "nothing" to what they use leaves nothing to fall short
    ),
    Goal(
        "decides",
        "Current Solutions",
        "who decides what the team uses and pays for",
        (
            _q("Who has a say when money gets spent on a tool for your work?", asked_of="staff"),
            _q("Who made the call the last time a new tool came into your work?", asked_of="staff"),
            _q("Who signs off when something new for your work costs money?", asked_of="staff"),
            # No one signs off above a sole trader ("who signs off" gets "me"): how they decided.
            _q("How did you decide the last time you spent money on something new for your work?", asked_of="owner"),
            _q("What went into your decision the last time you bought a new tool for your work?", asked_of="owner"),
        ),
        (_q("What happened the last time someone suggested a new way of working?"),),
    ),
    # Deeper questions, asked once the goals above leave room, and only about what was described.
    Goal(
        "cause",
        "Deep Dive",
        "why it happens, once it has happened",
        (
            _q("What led to that, as far as you could tell?", "event"),
            _q("Why do you think that keeps happening?", "repeat"),
            _q("What usually sets that off?", "repeat"),
        ),
        needs="problem",
    ),
    Goal(
        "feeling",
        "Deep Dive",
        "how the event felt, once one was told",
        (
            _q("How did you feel when that happened?", "event"),
            _q("What was going through your mind at that point?", "event"),
        ),
        needs="event",
    ),
    Goal(
        "alternatives",
        "Current Solutions",
        "what else they have looked at or tried instead",
        (
            _q("What else have you looked at or tried instead?"),
            _q("What did you use before your current setup?"),
        ),
        (_q("When did you last look for a different way of doing that?"),),
    ),
)
GOALS_BY_NAME = {goal.name: goal for goal in GOALS_OF_THE_GUIDE}
# The guide's own questions for the problem (always its words, never the model's).
_PROBLEM_QUESTIONS = frozenset(q.text for q in (*GOALS_BY_NAME["problem"].asks, *GOALS_BY_NAME["problem"].probes))


_REFERRAL = wordlists.whole_words(vocabulary.WORDS_ASKING_FOR_REFERRAL)


def asks_for_referral(question: str) -> bool:
    """Whether the interviewer's message asks whom else to talk to ("Who else should I talk to
    about this?")."""
    return bool(_REFERRAL.search(question))


def asks_for_goal(goal: str, question: str) -> bool:
    """Whether a question asks what the goal asks and is about what it is about (ASKS_FOR,
    ASKS_ABOUT; "alternatives", whose questions ask what else was tried, by the words of
    "actions"): a team's own question in the goal's place is none ("Tell me about Mondays.")."""
    asks_for = ASKS_FOR.get("actions" if goal == "alternatives" else goal)
    about = ASKS_ABOUT.get(goal)
    return (asks_for is None or bool(asks_for.search(question))) and (about is None or bool(about.search(question)))


def _decides_on_tools(sentence: str) -> bool:
    """Whether a sentence says who decides on a tool, spending or a change: a decide word and,
    apart from it, what is decided ("her budget" alone is both: "We are always over budget")."""
    for decided in _DECIDE_WORDS.finditer(sentence):
        rest = sentence[: decided.start()] + " " + sentence[decided.end() :]
        if ASKS_ABOUT["decides"].search(rest):
            return True
    return False


def asks_about_problem(question: str) -> bool:
    """Whether the interviewer's message asks what goes wrong in the work ("What is the hardest
    part of that work for you right now?"), whatever lead-in comes first."""
    asking = _sentences(question)[-1:]
    return bool(asking) and asking[0] in _PROBLEM_QUESTIONS


# What a question written for a goal (by the model) must ask about: the words a question for it
# uses. A question without them asks for something else, and its answer would be judged against
# the wrong goal. Every question of the guide for the goal uses them too (tests/test_interviewer.py).
ASKS_FOR = {goal: wordlists.whole_words(cues) for goal, cues in vocabulary.ASKS_FOR.items()}
# What it must also be about: who decides on tools, spending or a change, not on anything at all.
ASKS_ABOUT = {goal: wordlists.whole_words(cues) for goal, cues in vocabulary.ASKS_ABOUT.items()}
# Each phase's goals, in the order it asks for them; a phase whose goals are covered goes on to
# the first goal still open anywhere (FALLBACK_ORDER).
PHASE_GOALS = {
    "Opening": ("work",),
    "Problem Discovery": ("problem", "last_time"),
    "Deep Dive": ("last_time", "actions", "cost", "cause", "feeling"),
    "Current Solutions": ("tools", "gaps", "decides", "alternatives"),
    "Closure": (),
}
# Goals that open a new topic rather than follow what was just said.
NEW_TOPICS = frozenset({"decides", "alternatives"})
# Goals whose questions ask about what was just told ("What was going through your mind at that
# point?"): asked only right after an answer that tells a problem or an event, never after a
# dodge or an answer about something else.
ABOUT_THE_LAST_ANSWER = frozenset({"cause", "feeling"})
# The goals whose answers tell what happened: what the goals above may ask about.
TELLS_WHAT_HAPPENED = frozenset({"problem", "last_time", "more"})
FALLBACK_ORDER = (
    "problem",
    "last_time",
    "actions",
    "cost",
    "tools",
    "gaps",
    "decides",
    "cause",
    "feeling",
    "alternatives",
)
# When every goal is covered or given up: open questions that leave the customer the choice.
MORE = (
    _q("What else takes up your week that we haven't talked about?"),
    _q("Which part of your work have we not covered yet?"),
    _q("What else should I understand about how your team works?"),
)
CLOSING = (
    _q("What else should I know about your work that I haven't asked about?"),
    _q("What haven't I asked about that matters to you?"),
    _q("Who else should I talk to about this?"),
)
# After a refusal: nothing to dig into, easy to answer, and the close (enough for 20 messages).
LIGHT = (
    _q("How long have you been doing this work?"),
    _q("What part of your work do you enjoy most?"),
    _q("How did you get into this line of work?"),
    _q("Which part of your week usually goes smoothly?"),
    _q("Who do you work with most closely?"),
    _q("Where did you learn the ropes for this work?"),
    _q("How has your work changed since you started?"),
    _q("What do people outside your line of work usually get wrong about it?"),
)
CLOSING_AFTER_REFUSAL = _q("What else should I know before I let you go?")

# The interviewer's own lead-ins (the follow-ups' lead-ins from the answer are turns.py's).
AFTER_DODGE = ("Fair enough.", "That's all right.", "Understood.")
HEARD = ("I see.", "Got it.", "Thanks, that helps.")
AFTER_PUSHBACK = (
    "Fair question: I'm learning how people in your line of work spend their time, and I have nothing to sell."
)
AFTER_REFUSAL = ("Of course, we can leave that there.", "That's fine, let's keep this short.")
THANKS = ("Thank you, {name}.", "Thanks, {name}, I appreciate your time.")
THANKS_AFTER_REFUSAL = "Thank you for your time, {name}."


def _phase_questions() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {phase: [] for phase in PHASES}
    for goal in GOALS_OF_THE_GUIDE:
        found[goal.phase] += [q.text for q in (*goal.asks, *goal.probes)]
    found["Deep Dive"] += [q.text for q in MORE]
    found["Closure"] += [q.text for q in (*CLOSING, *LIGHT, CLOSING_AFTER_REFUSAL)]
    return found


# Every question the guide can ask, by the phase of its goal (the first of each phase: its main one).
QUESTIONS: dict[str, list[str]] = _phase_questions()


def every_question(role: str, first_name: str) -> list[str]:
    """Every question the guide can ask, alone and after each of its own lead-ins (a dodge's, a
    refusal's, the thanks before the close)."""
    texts = [text.format(role=role_phrase(role)) for options in QUESTIONS.values() for text in options]
    leads = [*AFTER_DODGE, *HEARD, AFTER_PUSHBACK, *AFTER_REFUSAL, *THANKS, THANKS_AFTER_REFUSAL]
    led = [f"{lead.format(name=first_name)} {text}" for lead in leads for text in texts]
    refused = [
        f"{lead} {THANKS_AFTER_REFUSAL.format(name=first_name)} {CLOSING_AFTER_REFUSAL.text}" for lead in AFTER_REFUSAL
    ]
    return texts + led + refused


# The interviewer's first words, before the opening question. Written here, not by the model:
# the 135M model's greetings read as nonsense about as often as not ("Pray for the life of Maya.").
GREETINGS = (
    "Hi {name}, thank you for making time to talk with me today.",
    "Thanks for joining me, {name}. I'm glad we could find the time.",
    "Hello {name}, and thank you for taking the time to talk.",
    "Good to meet you, {name}, and thanks for your time today.",
)


def greeting(seed: int, first_name: str) -> str:
    """The seed's greeting for the person."""
    return random.Random(f"greeting:{seed}").choice(GREETINGS).format(name=first_name)


# -- the plan: phases by length -----------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One exchange: the interviewer's turn (its kind, phase and fallback) and the answer.
    `fixed`: asked as written (a team's question or a steered topic), never chosen by coverage."""

    phase: str
    kind: str  # opening | followup | closing
    fallback: str
    fixed: bool = False


def middle_phases(count: int) -> tuple[str, ...]:
    """`count` middle steps: about a quarter problem discovery, a quarter current solutions (what
    they use today, where it falls short, who decides: named for that, as a journey's "Vision"
    phase read as a vision no question asked for), the rest deep dive."""
    discovery = today = max(1, count // 4)
    deep = count - discovery - today
    return ("Problem Discovery",) * discovery + ("Deep Dive",) * deep + ("Current Solutions",) * today


# A panel's hypothesis topic, asked about as past behaviour (the Mom Test: what happened, not
# what they would do).
STEERED = "Tell me about the last time you dealt with {topic}. What happened?"


def plan(
    seed: int, role: str, exchanges: int | None = None, questions: Sequence[str] = (), topics: Sequence[str] = ()
) -> list[Step]:
    """`exchanges` exchanges (5-10: 10-20 messages) through the five phases; without it, 6 to 8
    (12 to 16 messages), chosen by the seed, or as many as a team's `questions` need.

    A step's fallback is the question it asks when every answer covers just what was asked; the
    interviewer (`Interviewer`) chooses by what was covered. A team's `questions` (a panel brief's
    guide) are asked in order from the opening on, in place of the guide's own; `topics` take the
    place of the first deep-dive questions. The phases stay those of the interview's length, so an
    analysis that knows only the length reads it the same."""
    if questions and not exchanges:
        exchanges = min(10, max(MIN_EXCHANGES, len(questions) + 1))
    steps = _own_plan(seed, role, exchanges)
    for index, question in enumerate(questions[: len(steps) - 1]):
        steps[index] = replace(steps[index], fallback=question, fixed=True)
    if not questions:
        deep = [i for i, step in enumerate(steps) if step.phase == "Deep Dive"]
        for index, topic in zip(deep, topics, strict=False):  # more topics than deep-dive steps: the first ones
            steps[index] = replace(steps[index], fallback=STEERED.format(topic=topic), fixed=True)
    return steps


def _own_plan(seed: int, role: str, exchanges: int | None) -> list[Step]:
    rng = random.Random(f"guide:{seed}")
    middle = middle_phases(exchanges - 2 if exchanges else rng.choice([4, 5, 6]))
    phases = ("Opening", *middle, "Closure")
    steps = []
    for number, phase in enumerate(phases):
        goals = PHASE_GOALS[phase]
        if not goals:
            question = _choose(CLOSING, seed, "close")
        else:
            before = phases[:number].count(phase)
            goal = GOALS_BY_NAME[goals[before % len(goals)]]
            question = _choose([q for q in goal.asks if not q.needs] or goal.asks, seed, number, goal.name)
        kind = "opening" if phase == "Opening" else "closing" if phase == "Closure" else "followup"
        steps.append(Step(phase, kind, question.text.format(role=role_phrase(role))))
    return steps


def _choose(options: Sequence[Question], seed: int, *place: object) -> Question:
    return random.Random(f"guide:{seed}:{place}").choice(list(options))


def role_phrase(role: str) -> str:
    """The role as it reads in a sentence: "Cafe Owner" → "a cafe owner", "ER Nurse" → "an ER nurse"
    (capitalised words lower-cased, acronyms and "SaaS" kept)."""
    words = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in role.split()]
    if not words:
        return role
    return f"{'an' if words[0][:1].lower() in 'aeiou' else 'a'} {' '.join(words)}"


# -- the interviewer ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Ask:
    """The interviewer's next question: what it is for (`goal`: a goal's name, or "opening",
    "fixed", "more", "light", "close"), how (`move`: ask, probe, fixed, light, close), the
    guide's own lead-in if any, and what a lead-in from the answers should take up (`focus`:
    "problem", "tool" or "" for the answer's main thing; None: no lead-in from the answers)."""

    goal: str
    move: str
    question: str
    lead: str = ""
    focus: str | None = ""
    # Said as the guide has it, never worded by a model: a refusal's close, and a question asked of
    # one who owns the business only (the model's prompt asks "who decides" of anyone).
    own_words: bool = False
    alone: str = ""  # the question's words where no lead-in is found (Question.alone)


@dataclass
class Heard:
    """What the customer's answers have told so far."""

    covered: set[str] = field(default_factory=set)
    events: int = 0  # answers that tell an event
    last_told: bool = False  # the last answer told a problem or an event
    problem: bool = False
    repeat: bool = False
    tool: bool = False

    def has(self, need: str) -> bool:
        return {
            "": True,
            "problem": self.problem or self.events > 0 or "problem" in self.covered,
            "event": self.events > 0,
            "repeat": self.repeat or self.events > 1,
            "tool": self.tool,
        }[need]

    def take(self, answer: str) -> None:
        if unsure(answer):
            self.last_told = False
            return  # "I don't know" covers nothing, whatever words it holds
        event, problem = describes_event(answer), describes_problem(answer)
        self.last_told = event or problem
        self.covered |= {name for name, covers in INCIDENTALLY.items() if covers(answer)}
        self.events += event
        self.problem = self.problem or problem
        self.repeat = self.repeat or describes_repeat(answer)
        self.tool = self.tool or names_a_tool(answer)


class Interviewer:
    """Chooses each question from what the customer has and has not covered. Deterministic: the
    same seed, steps, owner flag and answers give the same questions, so a resumed interview replays its
    history through `asked`/`heard` and goes on as it would have.

    `requested`: the length was asked for, a promise the engine keeps (a refusal then gets light
    questions up to it); otherwise a refusal closes as soon as the contract's 10 messages allow."""

    def __init__(
        self,
        seed: int,
        steps: Sequence[Step],
        role: str,
        first_name: str,
        requested: bool = True,
        owner: bool = False,
    ):
        self.seed, self.steps, self.role, self.first_name = seed, list(steps), role, first_name
        self.requested = requested
        self.owner = owner  # owns the business or works alone (sheet.owns_the_business): Question.asked_of
        self.last = len(self.steps) - 1  # the closing step
        self.asks: list[Ask] = []
        self.replies: list[str] = []
        self.heard = Heard()
        self.dodges: dict[str, int] = {}
        self.given_up: set[str] = set()
        self.refused = False
        self.pushed_back = False

    @property
    def finished(self) -> bool:
        return len(self.replies) > self.last

    def next(self) -> Ask:
        """The next question, from what has been heard."""
        number = len(self.asks)
        step = self.steps[number]
        if number == self.last:
            return self._close()
        if number == 0:  # the greeting's question: the plan's, so the first message comes at once
            return Ask(
                "fixed" if step.fixed else "work",
                "fixed" if step.fixed else "ask",
                step.fallback,
                "",
                None,
            )
        if self.refused:
            return self._light(number)
        if step.fixed:
            return Ask("fixed", "fixed", step.fallback)
        return self._what_happened_then() or self._probe(number) or self._ask(number, step.phase)

    def _what_happened_then(self) -> Ask | None:
        """After a time and no story ("Last Friday.", "In May."), to when it last happened or in a
        few words to any question: "What happened last Friday?", once for each time."""
        answer, asked = self.replies[-1], self.asks[-1]
        when = when_named(answer)
        if not when or describes_event(answer) or refuses(answer) or pushes_back(answer):
            return None
        told_then = asked.goal == "last_time" and "last_time" not in self.heard.covered  # "In May." and no more
        if not told_then and len(measures.words(answer)) > BARE_TIME_WORDS:
            return None
        question = f"What happened {when}?"
        if any(ask.question == question for ask in self.asks):
            return None
        return Ask("last_time", "probe", question, "", None)

    def asked(self, ask: Ask) -> None:
        self.asks.append(ask)

    def heard_answer(self, answer: str) -> None:
        """Takes in the answer to the last question: what it covers, a dodge, a refusal."""
        ask = self.asks[-1]
        self.replies.append(answer)
        if refuses(answer) and not self.refused:
            self.refused = True
            if not self.requested:  # close as soon as the contract's minimum allows
                self.last = min(self.last, max(MIN_EXCHANGES - 1, len(self.asks)))
        self.heard.take(answer)
        goal = ask.goal
        if goal not in GOALS_BY_NAME:
            return
        if self.dodged(answer, goal):
            self.dodges[goal] = self.dodges.get(goal, 0) + 1
            if self.dodges[goal] >= 2 or not GOALS_BY_NAME[goal].probes:
                self.given_up.add(goal)  # asked twice: move on
        else:
            self.heard.covered.add(goal)

    def dodged(self, answer: str, goal: str) -> bool:
        """A non-answer to the goal's question: unsure, a question back, or nothing that covers it.
        What answers the question outright answers it however hedged after it (ANSWERED_DIRECTLY:
        "Two hundred euros, maybe.", "Calls."), not after "I don't know", and nothing tried answers
        one that asks what was tried ("Nothing, I'm not sure.")."""
        if answers_outright(goal, answer):
            return False
        return unsure(answer) or pushes_back(answer) or not COVERS[goal](answer)

    def _open_goals(self, names: Sequence[str]) -> list[Goal]:
        goals = [GOALS_BY_NAME[name] for name in names]
        return [
            g
            for g in goals
            if g.name not in self.heard.covered
            and g.name not in self.given_up
            and self.heard.has(g.needs)
            and (g.name not in ABOUT_THE_LAST_ANSWER or self._last_told_what_happened())
            and self._unasked(g.asks)
        ]

    def _last_told_what_happened(self) -> bool:
        """Whether the last answer told a problem or an event, asked for one (TELLS_WHAT_HAPPENED):
        after "two hundred euros" or "I rang her", "What led to that?" points at nothing."""
        return self.heard.last_told and bool(self.asks) and self.asks[-1].goal in TELLS_WHAT_HAPPENED

    def _unasked(self, options: Sequence[Question]) -> list[Question]:
        used = {ask.question for ask in self.asks}
        asked_of = ("", "owner" if self.owner else "staff")
        return [q for q in options if q.text not in used and self.heard.has(q.needs) and q.asked_of in asked_of]

    def _ask(self, number: int, phase: str) -> Ask:
        goals = self._open_goals(PHASE_GOALS[phase]) or self._open_goals(FALLBACK_ORDER)
        if not goals:
            more = self._unasked(MORE) or list(MORE)
            return Ask("more", "ask", _choose(more, self.seed, number, "more").text, "", None)
        goal = goals[0]
        # The question that uses what was heard: "the last time that happened" once a problem is named.
        options = self._unasked(goal.asks)
        grounded = [q for q in options if q.needs]
        question = _choose(grounded or options, self.seed, number, goal.name)
        text = question.text.format(role=role_phrase(self.role))
        # A question on a new topic ("who decides") is not led in by what was just said: "You
        # mentioned the contract developer. Who decides...?" would not follow.
        focus = None if goal.name in NEW_TOPICS else _focus(question.needs or goal.needs)
        return Ask(goal.name, "ask", text, "", focus, own_words=question.asked_of == "owner", alone=question.alone)

    def _probe(self, number: int) -> Ask | None:
        """The last question's goal asked once more, from another angle, when the answer dodged."""
        last = self.asks[-1]
        goal = last.goal
        if last.move != "ask" or goal not in GOALS_BY_NAME or self.dodges.get(goal) != 1 or goal in self.given_up:
            return None
        options = self._unasked(GOALS_BY_NAME[goal].probes)
        if not options:
            return None
        question = _choose(options, self.seed, number, "probe", goal)
        answer = self.replies[-1]
        if pushes_back(answer) and not self.pushed_back:
            self.pushed_back = True
            return Ask(goal, "probe", question.text, AFTER_PUSHBACK, None)
        if unsure(answer):
            return Ask(
                goal,
                "probe",
                question.text,
                AFTER_DODGE[(self.seed + number) % len(AFTER_DODGE)],
                None,
            )
        # An answer about something else: heard, and the goal asked from another angle.
        return Ask(goal, "probe", question.text, HEARD[(self.seed + number) % len(HEARD)], None)

    def _light(self, number: int) -> Ask:
        first = not any(ask.move == "light" for ask in self.asks)
        lead = AFTER_REFUSAL[self.seed % len(AFTER_REFUSAL)] if first else ""
        options = self._unasked(LIGHT) or list(LIGHT)
        return Ask("light", "light", _choose(options, self.seed, number, "light").text, lead, None)

    def _close(self) -> Ask:
        name = self.first_name
        if self.refused:
            just = self.asks and self.asks[-1].move != "light"
            lead = f"{AFTER_REFUSAL[self.seed % len(AFTER_REFUSAL)] if just else ''} {THANKS_AFTER_REFUSAL}"
            said = lead.strip().format(name=name)
            return Ask("close", "close", CLOSING_AFTER_REFUSAL.text, said, None, own_words=True)
        question = _choose(CLOSING, self.seed, "close")
        lead = THANKS[self.seed % len(THANKS)].format(name=name)
        return Ask("close", "close", question.text, lead, None)


def _focus(needs: str) -> str:
    """What a lead-in should take up for the question to read right: its "that" is the problem or
    the tool the customer named."""
    return {"problem": "problem", "event": "problem", "repeat": "problem", "tool": "tool"}.get(needs, "")
