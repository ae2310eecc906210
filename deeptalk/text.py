"""Sentences of English text: one way to split them for the corpus checks and the model engines.
`deeptalk eval` grades with its own splitter (offline/grading/text.py), never with this one."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? and the quote or bracket that closes it ('"No."' stays whole); the
# last one may be unfinished.
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"')\]]*|[^.!?]+$")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, the unfinished last one included."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
