"""Sentences of English text: one way to split them for the corpus checks and the model engines.
`deeptalk eval` grades with its own splitter (offline/grading/text.py), never with this one."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? and the quote or bracket that closes it ('"No."' stays whole); the
# last one may be unfinished. Not at a number's point ("2.5 hours", "£12.50") or a title's ("Mr.
# Kyle", "Dr. Okafor"): cut there, a quote read "5 hours a night" and "The owner, Mr.".
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"')\]]*|[^.!?]+$")
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Prof|Mt)\.$")
_NUMBERS_POINT = re.compile(r"\d\.$")


def _goes_on(before: str, part: str) -> bool:
    """Whether `part` goes on the sentence `before` ends: after a title, or a number's digits."""
    return bool(_TITLE.search(before)) or (bool(_NUMBERS_POINT.search(before)) and part[:1].isdigit())


def sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, the unfinished last one included."""
    found: list[str] = []
    for part in _SENTENCE.findall(text):
        if found and _goes_on(found[-1], part):
            found[-1] += part  # "2." + "5 hours", "Mr." + " Kyle, the owner."
        else:
            found.append(part)
    return [s.strip() for s in found if s.strip()]
