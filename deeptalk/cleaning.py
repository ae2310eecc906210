"""Make a small model's raw text fit to publish: no role labels, whole sentences, bounded length."""
from __future__ import annotations

import re

_LABEL = re.compile(r"^\s*(?:\*\*)?(?:interviewer|customer|assistant|user|system|q|a|me|you|[A-Z][\w .'-]{0,40})(?:\*\*)?\s*:\s*",
                    re.IGNORECASE)
_SPECIAL = re.compile(r"<\|[^|>]*\|>")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"')\]]*")
_LEAK = re.compile(r"[\"()\[\]{}]")
_SELF_INTRO = re.compile(r"\b(?:I'm|I am|it's|it is|this is|my name)\b", re.IGNORECASE)
# "Greet Ana, ..." / "Say hello to Ana": the model has echoed its instruction instead of greeting.
_INSTRUCTION_ECHO = re.compile(r"^(?:greet|say|introduce|write|respond|reply)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|we|our|us)\b", re.IGNORECASE)


def _strip(text: str) -> str:
    text = _SPECIAL.sub(" ", text)
    lines = [_LABEL.sub("", line, count=1) for line in text.splitlines()]
    return re.sub(r"\s+", " ", " ".join(lines)).strip().strip('"').strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.split()) >= 2]


def clean_question(raw: str, max_chars: int = 260) -> str | None:
    """An interviewer turn: up to one short lead-in sentence and one question, or None."""
    parts = sentences(_strip(raw))
    for index, part in enumerate(parts):
        if part.endswith("?") and 4 <= len(part.split()) <= 40:
            lead = parts[index - 1] if index and not parts[index - 1].endswith("?") else ""
            # A lead-in with quotes or brackets is the prompt leaking through ("Ana (Nurse) said").
            text = f"{lead} {part}".strip() if lead and len(lead) < 120 and not _LEAK.search(lead) else part
            return text if len(text) <= max_chars else part
    return None


def clean_greeting(raw: str, first_name: str) -> str | None:
    """One greeting sentence that names the person, or None. `raw` was cut at its first stop."""
    text = _strip(raw).rstrip(".!,;: ")
    words = text.split()
    names_them = re.search(rf"\b{re.escape(first_name)}\b", text, re.IGNORECASE)
    # "I'm Maria" / "it's Maria": the model has taken the person's name for its own.
    if (not 3 <= len(words) <= 20 or not names_them or _LEAK.search(text) or _SELF_INTRO.search(text)
            or _INSTRUCTION_ECHO.match(text)):
        return None
    return f"{text}!" if text.lower().startswith(("hi", "hello", "welcome", "good")) else f"{text}."


def clean_answer(raw: str, max_sentences: int = 4, max_chars: int = 600) -> str | None:
    """A customer turn: whole sentences in the first person, no questions back, bounded."""
    kept = []
    for part in sentences(_strip(raw)):
        if part.endswith("?"):
            continue
        if len(" ".join([*kept, part])) > max_chars or len(kept) == max_sentences:
            break
        kept.append(part)
    text = " ".join(kept)
    if len(text.split()) < 5 or not _FIRST_PERSON.search(text):
        return None
    return text
