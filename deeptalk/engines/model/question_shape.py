"""Shapes of a model-written question that read as garbled, whatever the linter's rules say.

The 135M model fuses the guide's question forms ("How much of your week goes on X?", "How long
does X take?", "What does X cost you?") into questions no interviewer would ask. Read one by one
(248 model-written follow-ups of the held-out eval), 35 were garbled; these shapes are the ones
that recur, each matched on its words and narrowed until none of the corpus writers' 3,001
questions has one:

- an amount of a unit asked with "does", or one that misses or goes on a person: "How much of a
  week does the mileage cost you on a typical day?", "How much of a shift misses you…?"
- a time spent by no verb that spends it: "How much time does a week of paperwork go on?"
- the customer costed: "What does a month of you and Carlos cost to the farm?"
- a cost of a whole story: "What does the morning of a school bus like on a bad day cost you?"
  (seven words or more between "what does" and "cost"; the plain ones have two to five)
- broken idioms: "When did the style last get you late?", "When did the notebook last get in
  trouble?", "Who else should I know about the mussels?", "When did the last time you…?",
  "What did that last night's appointment look like?", "…make it less late?"
- a single time asked to recur: "When did that night last cost you?"
- a person put back on track: "What have you done to get her back on track?"
- the customer's own role spoken of as someone else: "What else should I know about sewing line
  supervisors?" (to a sewing line supervisor), "…get the manager back on track?" (to a bar
  manager). "Which other drivers should I talk to?" and "…for you as a driver?" are no such shape.

A question of such a shape is not asked: the model tries again, else the guide asks its own.
"""

from __future__ import annotations

import re

from . import phrasing

_UNITS = r"(?:day|night|morning|week|month|year|shift|delay|job|trip)"
# What a time can do in a question: "How much time does that take / cost / save you?"
_TIME_VERBS = r"(?:take|takes|cost|costs|save|saves|eat|eats|use|uses|add|adds|need|needs|leave|leaves|free|frees)"
SHAPES = {
    "an amount of a unit": rf"\bhow much of an? {_UNITS} (?:does|do|misses|goes on (?:you|him|her|them))\b",
    "a time spent by no verb that spends it": rf"\bhow much time does\b(?![\w' -]*\b{_TIME_VERBS}\b)",
    "the customer costed": r"\b(?:of|with) you\b[\w' -]*\bcost\b",
    "a cost of a whole story": r"\bwhat (?:does|did) (?:[\w'-]+ ){7,}cost\b",
    "a broken idiom": (
        r"\bget(?:s|ting)? you late\b|\bless late\b|\bwho else should i know\b|\bwhen did the last time\b"
        r"|\bwhen did (?!you\b)[\w' -]+ last get (?:(?:in|into) )?(?:a bit of )?trouble\b"
        rf"|\bthat last {_UNITS}'s\b"
    ),
    "a single time asked to recur": rf"\bwhen did (?:that|this) (?:{_UNITS}|time) last\b",
    "a person put back on track": r"\bget (?:her|him|them|people) back on track\b",
}
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in SHAPES.items()}


def garbled(question: str, role: str) -> str | None:
    """The garbled shape `question` has, asked of a customer in `role`; None where it has none."""
    for name, pattern in _COMPILED.items():
        if pattern.search(question):
            return name
    if _own_role(role).search(question):
        return "the customer's own role spoken of as someone else"
    return None


def _own_role(role: str) -> re.Pattern[str]:
    """The role as someone else: the whole role or its plural ("sewing line supervisors"), or its
    head after "the" where it ends the phrase ("the manager back on track", to a bar manager; not
    "the driver app"); never after "as" or "other", nor as a possessive ("practice managers' time")."""
    words = role.lower().split()
    if not words:
        return re.compile(r"(?!)")
    whole = [" ".join(words), phrasing.plural_role(role).lower()]
    head = re.escape(words[-1])
    forms = "|".join(re.escape(w) for w in whole)
    return re.compile(
        rf"(?<!\bas )(?<!\bas a )(?<!\bas an )(?<!\bother )\b(?:{forms})\b(?!')"
        rf"|\bthe {head}(?=\s*(?:[?.,!;]|$)|\s(?:{_AFTER_A_PHRASE})\b)",
        re.IGNORECASE,
    )


# Words that follow a noun phrase, not continue it: "the manager back on track", "the dispatcher is".
_AFTER_A_PHRASE = "back|on|in|at|to|for|about|from|with|is|was|does|did|and|or|who|that"
