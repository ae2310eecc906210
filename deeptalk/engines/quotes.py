"""Quotes that a customer really said: the one rule every engine's insights follow."""

from __future__ import annotations

import difflib
from typing import Sequence

from ..records import Message
from .model import cleaning


def closest_sentence(quote: str, candidates: Sequence[str]) -> str:
    return max(candidates, key=lambda sentence: difflib.SequenceMatcher(None, quote.lower(), sentence.lower()).ratio())


def verbatim_quotes(insights: dict, transcript: Sequence[Message]) -> dict:
    """Keep quotes that a customer really said; replace any other with the closest real
    customer sentence. Never invents: every quote left is a substring of a customer message.
    A theme without quotes gets the sentence closest to its name and need."""
    said = [m.message for m in transcript if m.agent == "customer"]
    candidates = [s for message in said for s in cleaning.sentences(message)] or said
    for theme in insights["themes"]:
        fixed = []
        wanted = theme.get("quotes") or [f"{theme.get('theme', '')} {theme.get('underlyingNeed', '')}"]
        for quote in wanted:
            quote = quote.strip().strip('"')
            if not (quote and any(quote in message for message in said)):
                quote = closest_sentence(quote, candidates) if candidates else ""
            if quote and quote not in fixed:
                fixed.append(quote)
        theme["quotes"] = fixed
    return insights
