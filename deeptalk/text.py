"""Sentences of English text: one way to split them for the corpus checks and the model engines.
`deeptalk eval` grades with its own splitter (offline/grading/text.py), never with this one."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? and the quote or bracket that closes it ('"No."' stays whole); the
# last one may be unfinished. Not at a number's point ("2.5 hours", "£12.50") or a title's ("Mr.
# Kyle", "Dr. Okafor"): cut there, a quote read "5 hours a night" and "The owner, Mr.".
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"')\]]*|[^.!?]+$")
_NOT_AN_END = re.compile(r"(?:\d\.|\b(?:Mr|Mrs|Ms|Dr|St|Prof|Mt)\.)$")
_STARTS_A_DIGIT = re.compile(r"^\d")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, the unfinished last one included."""
    found: list[str] = []
    for part in _SENTENCE.findall(text):
        if found and _NOT_AN_END.search(found[-1]) and (not found[-1][-2:-1].isdigit() or _STARTS_A_DIGIT.match(part)):
            found[-1] += part  # "2." + "5 hours", "Mr." + " Kyle, the owner."
        else:
            found.append(part)
    return [s.strip() for s in found if s.strip()]
