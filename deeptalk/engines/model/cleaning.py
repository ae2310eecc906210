"""Make a small model's raw text fit to publish: no chat tokens or role labels, whole sentences."""

from __future__ import annotations

import re

from . import measures

_LABEL = re.compile(
    r"^\s*(?:\*\*)?(?:interviewer|customer|assistant|user|system|q|a|me|you|[A-Z][\w .'-]{0,40})(?:\*\*)?\s*:\s*",
    re.IGNORECASE,
)
_SPECIAL = re.compile(r"<\|[^|>]*\|>")


def strip_labels(text: str) -> str:
    """The text without chat tokens and role labels, on one line."""
    text = _SPECIAL.sub(" ", text)
    lines = [_LABEL.sub("", line, count=1) for line in text.splitlines()]
    return re.sub(r"\s+", " ", " ".join(lines)).strip().strip('"').strip()


def sentences(text: str) -> list[str]:
    """The finished sentences of at least two words: an unfinished last one (the model stopped at
    its token limit) is left out, where the measures (measures.sentences) count it."""
    return [s for s in measures.sentences(text) if re.search(r"[.!?]", s) and len(s.split()) >= 2]
