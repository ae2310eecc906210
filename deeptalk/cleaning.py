"""Make a small model's raw text fit to publish: no chat tokens or role labels, whole sentences,
a greeting that names the person."""
from __future__ import annotations

import re

from . import measures

_LABEL = re.compile(r"^\s*(?:\*\*)?(?:interviewer|customer|assistant|user|system|q|a|me|you|[A-Z][\w .'-]{0,40})(?:\*\*)?\s*:\s*",
                    re.IGNORECASE)
_SPECIAL = re.compile(r"<\|[^|>]*\|>")
_LEAK = re.compile(r"[\"()\[\]{}]")
_SELF_INTRO = re.compile(r"\b(?:I'm|I am|it's|it is|this is|my name)\b", re.IGNORECASE)
# "Greet Ana, ..." / "Say hello to Ana": the model has echoed its instruction instead of greeting.
_INSTRUCTION_ECHO = re.compile(r"^(?:greet|say|introduce|write|respond|reply)\b", re.IGNORECASE)


def strip_labels(text: str) -> str:
    """The text without chat tokens and role labels, on one line."""
    text = _SPECIAL.sub(" ", text)
    lines = [_LABEL.sub("", line, count=1) for line in text.splitlines()]
    return re.sub(r"\s+", " ", " ".join(lines)).strip().strip('"').strip()


def sentences(text: str) -> list[str]:
    """The finished sentences of at least two words: an unfinished last one (the model stopped at
    its token limit) is left out, where the measures (measures.sentences) count it."""
    return [s for s in measures.sentences(text) if re.search(r"[.!?]", s) and len(s.split()) >= 2]


def clean_greeting(raw: str, first_name: str) -> str | None:
    """One greeting sentence that names the person, or None. `raw` was cut at its first stop."""
    text = strip_labels(raw).rstrip(".!,;: ")
    words = text.split()
    names_them = re.search(rf"\b{re.escape(first_name)}\b", text, re.IGNORECASE)
    # "I'm Maria" / "it's Maria": the model has taken the person's name for its own.
    if (not 3 <= len(words) <= 20 or not names_them or _LEAK.search(text) or _SELF_INTRO.search(text)
            or _INSTRUCTION_ECHO.match(text)):
        return None
    return f"{text}!" if text.lower().startswith(("hi", "hello", "welcome", "good")) else f"{text}."
