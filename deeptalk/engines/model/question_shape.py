"""Shapes of a model-written question that read as garbled, whatever the linter's rules say.

The 135M model fuses the guide's question forms ("How much of your week goes on X?", "How long
does X take?", "What does X cost you?") into questions no interviewer would ask. Read one by one
(248 model-written follow-ups of the held-out eval), 35 were garbled; these shapes are the ones
that recur, each matched on its words:

- an amount of a unit: "How much of a shift misses you in terms of the day?"
- a time that nothing takes: "How much time does a week of paperwork go on?"
- a thing that spends time: "How much time do you think the checklist spends on mistakes?"
- a person costed: "What does a month of you and Carlos cost to the farm?"
- a cost of a whole story: "What does the morning of a school bus like on a bad day cost you?"
  (seven words or more between "what does" and "cost"; the plain ones have two to five)
- a broken idiom: "When did the style last get you late?", "When did the notebook last get in
  trouble?", "Who else should I know about the mussels?", "When did the last time you…?"
- a single time asked to recur: "When did that night last cost you?"
- a person put back on track: "What have you done to get her back on track?"
- the customer's own role in the third person, to that role: "What else should I know about
  sewing line supervisors?" (to a sewing line supervisor), "the manager" (to a bar manager).

A question of such a shape is not asked: the model tries again, else the guide asks its own.
"""

from __future__ import annotations

import re

from . import phrasing

_UNITS = r"(?:day|night|morning|week|month|year|shift|delay|job|trip)"
_OBJECT_PRONOUNS = r"(?:you|him|her|them|us|me)"
SHAPES = {
    "an amount of a unit": rf"\bhow much of an? {_UNITS}\b",
    "a time that nothing takes": r"^how much time does\b(?!.*\btakes?\b)",
    "a thing that spends time": r"\bhow much time do you think (?:the|a|an|your) [\w' -]+? spends?\b",
    "a person costed": rf"\b(?:of|with) {_OBJECT_PRONOUNS}\b.*\bcost",
    "a cost of a whole story": r"\bwhat (?:does|did|do) (?:[\w'-]+ ){7,}cost\b",
    "a broken idiom": (
        r"\bget(?:s|ting)? you late\b|\bget (?:(?:in|into) )?(?:a bit of )?trouble\b|\bless late\b"
        rf"|\bwho else should i know\b|\bwhen did the last time\b|\bthat last {_UNITS}\b"
    ),
    "a single time asked to recur": rf"\bwhen did (?:that|this) (?:{_UNITS}|time) last\b",
    "a person put back on track": r"\bget (?:her|him|them|people) back on\b",
}
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in SHAPES.items()}


def garbled(question: str, role: str) -> str | None:
    """The garbled shape `question` has, asked of a customer in `role`; None where it has none."""
    for name, pattern in _COMPILED.items():
        if pattern.search(question):
            return name
    head = role.split()[-1].lower() if role.split() else ""
    if head and re.search(rf"\b(?:{re.escape(head)}|{re.escape(phrasing.plural_noun(head))})\b", question.lower()):
        return "the customer's own role in the third person"
    return None
