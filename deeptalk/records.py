"""The records that flow from the runner to the store and out to clients."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Persona:
    name: str
    role: str
    industry: str
    background: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Steering:
    """What a panel's brief asks of an interview's interviewer: the team's own questions, asked in
    order, or else the topics the engine's own guide steers to. Empty: the engine's guide as is."""

    questions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.questions or self.topics)

    @classmethod
    def from_dict(cls, data: dict | None) -> "Steering | None":
        return cls(tuple(data.get("questions", ())), tuple(data.get("topics", ()))) if data else None


PROVENANCES = ("model", "model-edited", "template")


@dataclass(frozen=True)
class Turn:
    """What an engine produces: who speaks, what they say, and who wrote it: the model as it
    wrote it, the model with code's edits (sentences dropped), or hand-written text (a template
    or a fixture)."""

    agent: str
    message: str
    provenance: str = "template"


def message_id(index: int) -> str:
    """Ids are stable across replays: msg-001, msg-002, ... (index from 0)."""
    return f"msg-{index + 1:03d}"


@dataclass(frozen=True)
class Message:
    """A turn as published: numbered and timestamped (the stream's `payload`)."""

    id: str
    agent: str
    message: str
    timestamp: str
    provenance: str | None = None  # stored with the message, never sent: not in the contract

    @classmethod
    def from_turn(cls, turn: Turn, index: int, timestamp: str) -> "Message":
        """An engine's turn published as the interview's message number `index` (from 0)."""
        return cls(message_id(index), turn.agent, turn.message, timestamp, turn.provenance)

    def as_dict(self) -> dict[str, str | None]:
        """The stored record."""
        return asdict(self)

    def payload(self) -> dict[str, str]:
        """The contract's message: what the stream, the status and the reports show."""
        return {"id": self.id, "agent": self.agent, "message": self.message, "timestamp": self.timestamp}


@dataclass
class Interview:
    """One interview's stored state, without its messages and insights."""

    id: str
    persona: Persona
    seed: int
    engine: str
    status: str
    created_at: str
    completed_at: str | None = None
    message_count: int = 0
    failure: dict[str, str] | None = None  # {error, message} once failed
    # Options (options.py), stored so a resumed interview runs on as it started.
    pace: tuple[float, float] | None = None  # None (older records): the server's --pace
    length: int | None = None  # messages asked for (10-20, even); None: the engine's own length
    scenario: str | None = None
    # What decided its text (engine, model, runtime build, templates, strategy): a restart resumes
    # it only under the same fingerprint. None in records from before it was stored.
    fingerprint: dict | None = None
    # What the engine wrote for itself about the interview once it was done (the model engines'
    # fact sheet, which every answer drew on): stored for the record and eval, never sent.
    notes: dict | None = None
    steering: Steering | None = None  # a panel's interview: its brief's guide or topics

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Interview":
        data = dict(data)
        if "messages" in data:  # records stored before it was called `length`
            data["length"] = data.pop("messages")
        return cls(
            **{
                **data,
                "persona": Persona(**data["persona"]),
                "pace": tuple(data["pace"]) if data.get("pace") is not None else None,
                "steering": Steering.from_dict(data.get("steering")),
            }
        )


@dataclass
class StoredInterview:
    """Everything the store holds for one interview."""

    interview: Interview
    messages: list[Message] = field(default_factory=list)
    insights: dict | None = None
