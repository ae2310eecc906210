"""How the llama engine's insights are cut into sections, constrained, and put back together.

Every section's schema is cut from the contract's one Insights schema, with bounds added
(string lengths, item counts) so output is short and a small model cannot ramble. What the
model cannot do well, code does: quotes must be verbatim, so they are the closest real customer
sentences; topics are the customer's own frequent words; phases are the guide's; emojis follow
from the emotion words the model chose.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from .. import contract, guide
from ..models import Message
from ..quotes import verbatim_quotes
from ..trees import map_strings

# Bounds added to the contract's schema, per field: (min items, max items) or max characters.
ITEM_COUNTS = {"themes": (3, 3), "coreDesires": (2, 2), "fearsOrFrustrations": (2, 2), "aspirations": (2, 2),
               "whenProblemFelt": (2, 2), "triggersMoments": (2, 2), "preventionBarriers": (2, 2),
               "opportunityMap": (4, 4), "emotionalJourney": (5, 5)}
MAX_CHARS = {"summary": 130, "overallMood": 20, "theme": 32, "emotionalTone": 16, "underlyingNeed": 32,
             "emotion": 16, "opportunityMap": 56}
DEFAULT_MAX_CHARS = 32
FILLED_IN_CODE = {"quotes", "topicCloud", "phase", "emoji", "moodEmoji"}

# Each section: the contract fields it fills (with the model's help) and the task as the model reads it.
SECTIONS = (
    (("summary", "overallMood", "moodEmoji"),
     "Write a one-sentence summary of the customer's situation and needs, and their overall mood in one or two words."),
    (("themes",), "Name 3 themes of the interview; for each, its emotional tone and the underlying need."),
    (("humanInsights",), "List the customer's core desires, fears or frustrations, and aspirations."),
    (("contextualInsights",), "List when the problem is felt, what triggers it, and what prevents solving it."),
    (("opportunityMap",), "List 4 product opportunities, each as: observed pain, then an idea to explore."),
    (("emotionalJourney",), "How did the customer feel in each of the 5 phases of the interview (opening, problem, "
                            "deep dive, vision, closure)? One feeling word each, such as curious, worried, "
                            "frustrated, hopeful or relieved."),
)

# Emotion word stems → emoji; the first match wins, so stronger feelings come first.
EMOJI_BY_STEM = (
    (("frustrat", "annoy", "angr", "irritat", "stress", "impatien"), "😤"),
    (("anxi", "nervous", "fear", "afraid", "scare", "panic"), "😰"),
    (("worr", "concern", "uneas", "uncertain", "doubt"), "😟"),
    (("tired", "exhaust", "overwhelm", "drain", "burn", "weary"), "😩"),
    (("sad", "disappoint", "down", "lonely", "regret", "resign"), "😔"),
    (("confiden", "determin", "motivat", "proud", "strong"), "💪"),
    (("hope", "optimis", "eager", "aspir", "grow"), "🌱"),
    (("excit", "enthusias", "inspir", "energ", "passion"), "✨"),
    (("curious", "thought", "reflect", "unsure", "confus", "pensive", "wonder"), "🤔"),
    (("relie", "calm", "relax", "content", "satisf", "grateful", "thank", "peace"), "😌"),
    (("happy", "glad", "positive", "joy", "friendly", "open", "warm", "pleas", "cheer"), "😊"),
    (("neutral", "mixed", "ambivalen", "indifferen"), "😐"),
)


def emoji_for(emotion: str) -> str:
    words = emotion.lower()
    return next((emoji for stems, emoji in EMOJI_BY_STEM if any(stem in words for stem in stems)), "🙂")


def bounded(schema: Any, field: str = "") -> Any:
    """A copy of a piece of the Insights schema with the bounds above, for constrained decoding.
    An object left with one property (an emotional phase: its emotion) becomes that value."""
    if isinstance(schema, dict) and schema.get("type") == "object":
        properties = {k: bounded(v, k) for k, v in schema["properties"].items() if k not in FILLED_IN_CODE}
        if len(properties) == 1:
            return next(iter(properties.values()))
        return {**schema, "properties": properties, "required": [k for k in schema["required"] if k in properties]}
    if isinstance(schema, dict) and schema.get("type") == "array":
        low, high = ITEM_COUNTS.get(field, (1, 3))
        return {**schema, "items": bounded(schema["items"], field), "minItems": low, "maxItems": high}
    if isinstance(schema, dict) and schema.get("type") == "string":
        return {**schema, "minLength": 1, "maxLength": MAX_CHARS.get(field, DEFAULT_MAX_CHARS)}
    return schema


def section_schema(fields: Sequence[str]) -> dict:
    wanted = [name for name in fields if name not in FILLED_IN_CODE]
    properties = {name: bounded(contract.INSIGHTS["properties"][name], name) for name in wanted}
    return {"type": "object", "properties": properties, "required": wanted, "additionalProperties": False}


STOPWORDS = set("""a about after again all also am an and any are as at be because been before being but by can
could did do does doing don't each even every few for from get gets got had has have having he her here him his how
i i'd i'll i'm i've if in into is it it's its just know like lot make me more most much my myself need no not now of
off on one only or other our out over really right said same say see she so some still such than that that's the
their them then there these they thing things think this those through time to too try up us very want was way we
well were what when where which while who why will with work would yes you your""".split())


def topics(transcript: Sequence[Message], count: int = 8) -> list[str]:
    """The customer's most used content words, in order of use."""
    words: dict[str, int] = {}
    for message in transcript:
        if message.agent == "customer":
            for word in re.findall(r"[a-z][a-z'-]{3,}", message.message.lower()):
                if word not in STOPWORDS:
                    words[word] = words.get(word, 0) + 1
    ranked = sorted(words, key=lambda word: -words[word])
    return ranked[:count] or ["work"]


def tidy(text: str) -> str:
    """Phrases cut at their length bound end in stray punctuation: drop it."""
    return text.strip().rstrip(",;:-–(").strip() or text.strip()


def assemble(sections: dict, transcript: Sequence[Message]) -> dict:
    """The contract's Insights from the model's sections plus what code fills, in contract order."""
    sections = map_strings(sections, tidy)
    insights = {
        **sections,
        "moodEmoji": emoji_for(sections["overallMood"]),
        "topicCloud": topics(transcript),
        "themes": [{"theme": t["theme"], "quotes": [], "emotionalTone": t["emotionalTone"],
                    "underlyingNeed": t["underlyingNeed"]} for t in sections["themes"]],
        "emotionalJourney": [{"phase": phase, "emotion": emotion, "emoji": emoji_for(emotion)}
                             for phase, emotion in zip(guide.PHASES, sections["emotionalJourney"])],
    }
    insights = verbatim_quotes(insights, transcript)
    return {key: insights[key] for key in contract.INSIGHTS["properties"]}
