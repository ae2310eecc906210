"""Make a small model's raw text fit to publish: no role labels, whole sentences, bounded length."""
from __future__ import annotations

import re

_LABEL = re.compile(r"^\s*(?:\*\*)?(?:interviewer|customer|assistant|user|system|q|a|me|you|[A-Z][\w .'-]{0,40})(?:\*\*)?\s*:\s*",
                    re.IGNORECASE)
_SPECIAL = re.compile(r"<\|[^|>]*\|>")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"')\]]*")
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
            text = f"{lead} {part}".strip() if lead and len(lead) < 120 else part
            return text if len(text) <= max_chars else part
    return None


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
