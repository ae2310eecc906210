"""Simulations as people read them: plain or coloured text for a terminal, Markdown to share."""

from __future__ import annotations

import json

from ..records import Message
from .simulation import Simulation

SPEAKERS = {"interviewer": "Interviewer", "customer": "Customer"}
COLOURS = {"interviewer": "\033[1;36m", "customer": "\033[1;33m", "heading": "\033[1m", "dim": "\033[2m"}
RESET = "\033[0m"


class Style:
    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, kind: str, text: str) -> str:
        return f"{COLOURS[kind]}{text}{RESET}" if self.colour else text


def message_line(message: Message, customer_name: str, style: Style) -> str:
    who = SPEAKERS[message.agent] if message.agent == "interviewer" else customer_name
    return f"{style(message.agent, who + ':')} {message.message}\n"


def _sections(insights: dict) -> list[tuple[str, list[str]]]:
    """The insights as the product's tabs: a title and lines each."""
    human, context = insights["humanInsights"], insights["contextualInsights"]
    themes = []
    for theme in insights["themes"]:
        themes.append(f"{theme['theme']} ({theme['emotionalTone']}; needs {theme['underlyingNeed']})")
        themes.extend(f'    "{quote}"' for quote in theme["quotes"])
    return [
        (
            "Summary and mood",
            [
                insights["summary"],
                f"Mood: {insights['moodEmoji']} {insights['overallMood']}",
                "Topics: " + ", ".join(insights["topicCloud"]),
            ],
        ),
        ("Themes with quotes", themes),
        (
            "Human insights",
            [f"Desire: {d}" for d in human["coreDesires"]]
            + [f"Fear or frustration: {f}" for f in human["fearsOrFrustrations"]]
            + [f"Aspiration: {a}" for a in human["aspirations"]],
        ),
        (
            "Context",
            [f"When it is felt: {w}" for w in context["whenProblemFelt"]]
            + [f"Trigger: {t}" for t in context["triggersMoments"]]
            + [f"Barrier: {b}" for b in context["preventionBarriers"]],
        ),
        ("Opportunities", list(insights["opportunityMap"])),
        ("Emotional journey", [f"{p['phase']}: {p['emoji']} {p['emotion']}" for p in insights["emotionalJourney"]]),
    ]


def insights_text(insights: dict, style: Style) -> str:
    out = []
    for title, lines in _sections(insights):
        out.append(style("heading", title))
        out.extend(f"  {line}" for line in lines)
        out.append("")
    return "\n".join(out)


def text(simulation: Simulation, style: Style) -> str:
    persona = simulation.persona
    lines = [
        style("heading", f"{persona.name}, {persona.role} ({persona.industry})"),
        style("dim", f"seed {simulation.seed}"),
        "",
    ]
    if simulation.notes.get("facts"):
        lines += [style("dim", "The customer's fact sheet (written by the model, drawn on by every answer):")]
        lines += [style("dim", f"  {line}") for line in simulation.notes["facts"].splitlines()] + [""]
    lines += [message_line(m, persona.name, style).rstrip("\n") for m in simulation.messages]
    return "\n".join(lines) + "\n\n" + insights_text(simulation.insights, style)


def markdown(simulation: Simulation) -> str:
    persona = simulation.persona
    out = [
        f"# Interview: {persona.name}, {persona.role}",
        "",
        f"**Industry:** {persona.industry}  ",
        f"**Background:** {persona.background}  ",
        f"**Seed:** {simulation.seed} (the same seed gives the same interview)",
        "",
    ]
    if simulation.notes.get("facts"):
        out += ["## The customer's fact sheet", "", "Written by the model once, drawn on by every answer.", ""]
        out += [f"- {line}" for line in simulation.notes["facts"].splitlines()] + [""]
    out += ["## Transcript", ""]
    for message in simulation.messages:
        who = "Interviewer" if message.agent == "interviewer" else persona.name
        out += [f"**{who}:** {message.message}", ""]
    out += ["## Insights", ""]
    for title, lines in _sections(simulation.insights):
        out += [f"### {title}", ""]
        out += [f"> {line.strip()}" if line.startswith("    ") else f"- {line}" for line in lines]
        out.append("")
    return "\n".join(out)


def as_json(simulation: Simulation) -> str:
    return json.dumps(simulation.as_dict(), ensure_ascii=False, indent=2) + "\n"
