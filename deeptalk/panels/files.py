"""A panel on disk (`deeptalk panel --out DIR`): what it was asked, each finished interview, the
synthesis. Every interview is written the moment it finishes, atomically, so an interrupted
panel resumes from what is there and never reruns a finished interview."""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..records import Message, Persona
from .synthesis import PanelInterview

# Interview ids of a command-line panel are derived from what decides the interview, so the same
# panel gives the same ids (and the same synthesis, byte for byte).
NAMESPACE = uuid.UUID("3f9c2a9e-5d0b-4a53-9c61-0d7e4d8f2b11")


class PanelMismatch(ValueError):
    """The folder holds a panel asked with something else (other personas, brief, engine...)."""


@dataclass(frozen=True)
class Job:
    number: int  # from 1, in the personas' order, then the seeds'
    persona: Persona
    seed: int

    def interview_id(self, request: dict) -> str:
        key = json.dumps([self.persona.as_dict(), self.seed, request], sort_keys=True, ensure_ascii=False)
        return str(uuid.uuid5(NAMESPACE, key))

    def stem(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.persona.name.lower()).strip("-")[:40] or "persona"
        return f"{self.number:03d}-{slug}-seed{self.seed}"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class PanelFolder:
    def __init__(self, root: Path):
        self.root = root
        self.interviews = root / "interviews"

    def claim(self, request: dict) -> None:
        """Record what this panel is (or check it is what an earlier run of it recorded)."""
        path = self.root / "panel.json"
        if path.exists():
            try:
                earlier = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise PanelMismatch(f"{path}: cannot read it ({exc}); use another --out") from None
            differs = sorted(k for k in set(earlier) | set(request) if earlier.get(k) != request.get(k))
            if differs:
                raise PanelMismatch(
                    f"{self.root} holds a panel with other {', '.join(differs)}; use another --out to start a new one"
                )
            return
        write_atomic(path, json.dumps(request, ensure_ascii=False, indent=2) + "\n")

    def path_of(self, job: Job) -> Path:
        return self.interviews / f"{job.stem()}.json"

    def load(self, job: Job, interview_id: str) -> PanelInterview | None:
        """A finished interview of an earlier run of this panel, or None to run it (not run yet,
        left unreadable, or not this job's: another persona, seed or panel)."""
        path = self.path_of(job)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found = PanelInterview(
                data["interviewId"],
                Persona(**data["persona"]),
                data["seed"],
                data["status"],
                [Message(**m) for m in data["messages"]],
                data.get("insights"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        mine = found.interview_id == interview_id and found.persona == job.persona and found.seed == job.seed
        return found if mine and found.status == "completed" else None

    def save(self, job: Job, interview: PanelInterview, notes: dict | None = None) -> None:
        data = {
            **interview.summary(),
            **({"notes": notes} if notes else {}),
            "messages": [m.as_dict() for m in interview.messages],
            "insights": interview.insights,
        }
        write_atomic(self.path_of(job), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
