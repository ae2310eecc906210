"""TinyDB storage: atomic writes, one small file per interview, a round trip of every record."""

import json
import os
import uuid

import pytest

from deeptalk.atomic_storage import AtomicJSONStorage
from deeptalk.records import Interview, Message, Persona
from deeptalk.store import InterviewStore

PERSONA = Persona("Ana", "Nurse", "Healthcare", "Nights.")


def new_interview(status="in-progress") -> Interview:
    return Interview(str(uuid.uuid4()), PERSONA, 5, "fixture", status, "2026-01-01T00:00:00.000Z")


@pytest.fixture
def store(tmp_path):
    store = InterviewStore(tmp_path)
    store.check_writable()
    yield store
    store.close()


def test_a_stored_interview_loads_back_whole(store):
    interview = new_interview()
    store.create_sync(interview)
    message = Message("msg-001", "interviewer", "Hello?", "2026-01-01T00:00:01.000Z")
    store.append_message_sync(interview.id, message, 1)
    interview.status, interview.completed_at, interview.message_count = "completed", "2026-01-01T00:01:00.000Z", 1
    store.update_sync(interview)
    store.save_insights_sync(interview.id, {"summary": "s"})
    loaded = store.load_sync(interview.id)
    assert loaded.interview == interview
    assert loaded.messages == [message]
    assert loaded.insights == {"summary": "s"}


def test_each_interview_has_its_own_file(store):
    first, second = new_interview(), new_interview()
    store.create_sync(first)
    store.create_sync(second)
    assert store.path_for(first.id) != store.path_for(second.id)
    assert store.path_for(first.id).exists() and store.path_for(second.id).exists()


def test_unknown_and_malformed_ids_load_as_none(store):
    assert store.load_sync(str(uuid.uuid4())) is None
    assert store.load_sync("../../etc/passwd") is None


def test_malformed_ids_never_become_paths(store):
    with pytest.raises(ValueError):
        store.path_for("../escape")


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    storage = AtomicJSONStorage(tmp_path / "db.json")
    storage.write({"a": 1})
    storage.write({"a": 2})
    assert json.loads((tmp_path / "db.json").read_text()) == {"a": 2}
    assert os.listdir(tmp_path) == ["db.json"]


def test_a_failed_write_keeps_the_previous_version(tmp_path):
    storage = AtomicJSONStorage(tmp_path / "db.json")
    storage.write({"a": 1})
    with pytest.raises(TypeError):
        storage.write({"a": object()})  # not JSON: fails midway through serialising
    assert storage.read() == {"a": 1}
    assert os.listdir(tmp_path) == ["db.json"]


def test_only_unfinished_interviews_are_reported_as_interrupted(store):
    running, finished = new_interview(), new_interview()
    store.create_sync(running)
    store.create_sync(finished)
    finished.status = "completed"
    store.update_sync(finished)
    assert [s.interview.id for s in store.interrupted_sync()] == [running.id]


def test_a_record_stored_before_length_was_named_so_keeps_its_message_count_asked_for():
    stored = new_interview().as_dict()
    del stored["length"]
    stored["messages"] = 12  # the key a release before this one wrote
    assert Interview.from_dict(stored).length == 12
