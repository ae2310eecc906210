"""`deeptalk record`: run the llama engine once and keep the interview as a replayable fixture."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .. import __version__
from ..conversation import analyse, converse
from ..engines.fixture import files as fixture_files
from ..engines.model.strategy import ModelEngine
from ..json_strings import map_strings
from ..records import Persona

_JINJA = ("{{", "{%", "{#", "}}", "%}", "#}")
# Role words that say nothing about the world a persona lives in.
_GENERIC = {
    "manager",
    "lead",
    "head",
    "director",
    "owner",
    "senior",
    "junior",
    "chief",
    "officer",
    "specialist",
    "and",
    "the",
    "for",
}


def _literal(text: str) -> str:
    """Model text as template source that renders back to itself, whatever it contains."""
    return "{% raw %}" + text + "{% endraw %}" if any(mark in text for mark in _JINJA) else text


def to_template(text: str, persona: Persona) -> str:
    """Persona values become placeholders (so the fixture replays for any persona); the rest is literal."""
    names = {
        persona.name: "name",
        persona.name.split()[0]: "first_name",
        persona.role: "role",
        persona.industry: "industry",
    }
    pattern = "|".join(re.escape(value) for value in sorted(names, key=len, reverse=True))
    return "".join(
        "{{ " + names[piece] + " }}" if piece in names else _literal(piece)
        for piece in re.split(f"({pattern})", text)
        if piece
    )


def fixture_id(persona: Persona, seed: int) -> str:
    """The recording's id and file stem, safe as a file name whatever the role holds ("recorded-ux-ui-designer-3")."""
    return re.sub(r"[^a-z0-9]+", "-", f"recorded {persona.role} {seed}".lower()).strip("-")


def record(engine: ModelEngine, persona: Persona, seed: int, out: Path, messages: int | None = None) -> Path:
    """Record one interview into `out`, which appears only once it is a valid fixture: it is
    written beside it under a name the fixture loader skips, checked, then renamed. Raises
    FixtureError (and leaves nothing behind) when the recording is not a valid fixture."""
    transcript = converse(engine, persona, seed, messages)
    insights = analyse(engine, persona, seed, transcript)
    slug = fixture_id(persona, seed)
    fingerprint = engine.fingerprint()
    document = {
        "format": fixture_files.FORMAT_VERSION,
        "id": slug,
        "title": f"Recorded with {fingerprint['model']}: {persona.role} in {persona.industry}",
        "match": sorted(set(re.findall(r"[a-z]{3,}", f"{persona.role} {persona.industry}".lower())) - _GENERIC),
        "source": {
            "kind": "recorded",
            "model": fingerprint["model"],
            "model_sha256": fingerprint["model_sha256"],
            "adapter": fingerprint.get("adapter"),
            "adapter_sha256": fingerprint.get("adapter_sha256"),
            "seed": seed,
            "templates": fingerprint["templates"],
            "strategy": fingerprint["strategy"],
            "llama_cpp_python": fingerprint["llama_cpp_python"],
            "build": fingerprint["build"],
            "deeptalk": __version__,
        },
        "messages": [
            {"agent": m.agent, "message": to_template(m.message, persona), "provenance": m.provenance}
            for m in transcript
        ],
        "insights": map_strings(insights, lambda text: to_template(text, persona)),
    }
    draft = out.with_name(f".{out.name}.draft")  # not *.json: a server starting meanwhile ignores it
    draft.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    try:
        fixture_files.load_fixture(draft)  # the server must accept it: same checks, same error if not
        os.replace(draft, out)
    except fixture_files.FixtureError as exc:
        raise fixture_files.FixtureError(str(exc).replace(str(draft), str(out))) from None
    finally:
        draft.unlink(missing_ok=True)
    return out
