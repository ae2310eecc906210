"""The training corpus (training/FORMAT.md): records read, checked, and indexed.

One record is a persona, its fact sheet and one whole interview. The corpus teaches the adapter;
the held-out set (same format) is what `deeptalk eval` runs on and training never reads. The
schema (training/schema.json) checks a record alone; the rules here check records against each
other: no persona twice, none of the eval set's, no 8-word run shared by two interviews, no
sentence repeated within one. The same 8-word runs index the corpus for eval's recitation measure.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import jsonschema

from .settings import bundled
from .text import sentences

# The longest run of words an answer may share with the corpus before it counts as recited.
RECITED_RUN = 8

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def training_dir() -> Path:
    """The folder holding the corpus, the held-out set and the schema."""
    return bundled("training")


def schema() -> dict:
    return json.loads((training_dir() / "schema.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Record:
    """One corpus line, with where it came from (for error messages)."""

    data: dict
    source: str

    @property
    def id(self) -> str:
        return self.data.get("id", "?")

    @property
    def persona(self) -> dict:
        return self.data["persona"]

    @property
    def facts(self) -> dict:
        return self.data["facts"]

    @property
    def interview(self) -> list[dict]:
        return self.data["interview"]

    def answers(self) -> list[str]:
        return [turn["message"] for turn in self.interview if turn["agent"] == "customer"]

    def answered(self) -> list[tuple[str, dict]]:
        """Each customer turn with the interviewer's question it answers ("" before any)."""
        found, question = [], ""
        for turn in self.interview:
            if turn["agent"] == "interviewer":
                question = turn["message"]
            else:
                found.append((question, turn))
        return found


def read(paths: Iterable[Path]) -> list[Record]:
    """Every record of the given .jsonl files (folders: their *.jsonl, sorted). A line that is not
    JSON raises ValueError naming the file and line."""
    records = []
    for path in _files(paths):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {error.msg}") from None
            records.append(Record(data, f"{path.name}:{number}"))
    return records


def corpus(folder: Path | None = None) -> list[Record]:
    return read([folder or training_dir() / "corpus"])


def heldout(folder: Path | None = None) -> list[Record]:
    return read([folder or training_dir() / "heldout"])


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in map(Path, paths):
        yield from sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


# -- words and runs ------------------------------------------------------------------------
def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def runs(text: str, length: int = RECITED_RUN) -> set[tuple[str, ...]]:
    """Every run of `length` consecutive words, within one sentence."""
    found = set()
    for sentence in sentences(text):
        tokens = words(sentence)
        found.update(tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1))
    return found


class RunIndex:
    """The corpus's customer answers as a set of word runs: an answer holding one was recited."""

    def __init__(self, records: Iterable[Record], length: int = RECITED_RUN):
        self.length = length
        self.owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for record in records:
            for answer in record.answers():
                for run in runs(answer, length):
                    self.owners[run].add(record.id)

    def recited(self, text: str) -> list[str]:
        """The runs of `text` that the corpus holds, as phrases."""
        return sorted(" ".join(run) for run in runs(text, self.length) if run in self.owners)


# -- checks ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    source: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.record}: {self.message}"


class Checker:
    """The schema and the cross-record rules over a set of records."""

    def __init__(self, excluded_personas: Iterable[dict] = ()):
        self.validator = jsonschema.Draft202012Validator(schema())
        self.excluded = list(excluded_personas)

    def check(self, records: list[Record]) -> list[Problem]:
        problems: list[Problem] = []
        valid = []
        for record in records:
            errors = sorted(self.validator.iter_errors(record.data), key=lambda e: list(e.absolute_path))
            for error in errors[:3]:
                where = "/".join(map(str, error.absolute_path)) or "record"
                problems.append(Problem(record.source, record.id, f"{where}: {_short(error)}"))
            if not errors:
                problems += [Problem(record.source, record.id, m) for m in self._record_rules(record)]
                valid.append(record)
        problems += self._cross_rules(valid)
        return problems

    def _record_rules(self, record: Record) -> Iterator[str]:
        turns = record.interview
        for index, turn in enumerate(turns):
            expected = "interviewer" if index % 2 == 0 else "customer"
            if turn["agent"] != expected:
                yield f"interview/{index}: the {expected} speaks here (interviewer first, then alternating)"
                return
        if turns[-1]["agent"] != "customer":
            yield "interview: the customer has the last word"
        for index, turn in enumerate(turns):
            if turn["agent"] == "interviewer":
                marks = turn["message"].count("?")
                if marks > 1:
                    yield f"interview/{index}: one question a turn ({marks} question marks)"
                elif marks == 0 and turn["move"] != "close":
                    yield f"interview/{index}: an interviewer turn that is not the close asks a question"
        seen: Counter[str] = Counter(
            " ".join(words(s)) for answer in record.answers() for s in sentences(answer) if len(words(s)) >= 4
        )
        for sentence, count in seen.items():
            if count > 1:
                yield f"the customer says {sentence!r} {count} times"
        if _persona_key(record.persona) in {_persona_key(p) for p in self.excluded} or record.persona[
            "name"
        ].lower() in {p["name"].lower() for p in self.excluded}:
            yield f"persona {record.persona['name']!r} ({record.persona['role']}) is an eval or held-out persona"

    def _cross_rules(self, records: list[Record]) -> list[Problem]:
        problems = []
        first: dict[object, Record] = {}
        for record in records:
            for key, label in (
                (("id", record.id), "id"),
                (("name", record.persona["name"].lower()), "name"),
                (("role", *_persona_key(record.persona)), "role in the same industry"),
            ):
                if key in first:
                    other = first[key]
                    problems.append(Problem(record.source, record.id, f"same {label} as {other.id} ({other.source})"))
                else:
                    first[key] = record
        index = RunIndex(records)
        for record in records:
            shared = sorted(
                " ".join(run) for answer in record.answers() for run in runs(answer) if index.owners[run] - {record.id}
            )
            if shared:
                others = sorted(set().union(*(index.owners[tuple(s.split())] for s in shared)) - {record.id})
                problems.append(Problem(record.source, record.id, f"shares {shared[0]!r} with {', '.join(others[:3])}"))
        return problems


def _persona_key(persona: dict) -> tuple[str, str]:
    return (" ".join(words(persona["role"])), " ".join(words(persona["industry"])))


def _short(error: jsonschema.ValidationError) -> str:
    if error.validator == "oneOf":
        return (
            "not an interviewer turn (agent, move, message) nor a customer turn (agent, kind, theme, feeling, message)"
        )
    return error.message[:200]


def summary(records: list[Record]) -> dict:
    """What a corpus covers: counts by stance, industries, roles, interviews and answers."""
    stances = Counter(r.data.get("stance") for r in records)
    return {
        "records": len(records),
        "industries": len({r.persona["industry"].strip().lower() for r in records}),
        "roles": len({r.persona["role"].strip().lower() for r in records}),
        "answers": sum(len(r.answers()) for r in records),
        "stances": {stance: f"{count} ({count / max(1, len(records)):.0%})" for stance, count in stances.most_common()},
    }
