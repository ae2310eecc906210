"""A restarted server answers for everything stored before, and finishes what was interrupted."""
import signal

import jsonschema

from deeptalk import contract


def test_completed_interviews_survive_a_restart(launch, tmp_path):
    first = launch(data_dir=tmp_path)
    interview_id = first.start(seed=42)
    transcript = first.stream(interview_id).frames
    status = first.status(interview_id)
    insights = first.get(f"/api/interviews/{interview_id}/insights").json()
    assert first.stop() == 0

    second = launch(data_dir=tmp_path)
    assert second.status(interview_id) == status
    assert second.get(f"/api/interviews/{interview_id}/insights").json() == insights
    again = second.stream(interview_id)
    assert again.frames == transcript and again.close_code == 1000


def test_sigterm_exits_0(launch):
    assert launch().stop(signal.SIGTERM) == 0


def test_sigint_exits_0(launch):
    assert launch().stop(signal.SIGINT) == 0


def test_interview_interrupted_by_kill_9_is_finished_after_restart(launch, tmp_path):
    first = launch("--pace", "0.2", data_dir=tmp_path)
    interview_id = first.start(seed=7)
    seen = first.stream(interview_id, limit=4).messages
    first.stop(signal.SIGKILL)

    second = launch(data_dir=tmp_path)
    result = second.stream(interview_id)
    assert result.close_code == 1000
    assert result.messages[: len(seen)] == seen  # nothing published was lost or rewritten
    for frame in result.frames[:-1]:
        jsonschema.validate(frame, contract.MESSAGE_FRAME)
    assert second.status(interview_id)["status"] == "completed"


def test_resumed_interview_matches_an_uninterrupted_one(launch, tmp_path):
    persona = {"name": "Ines Duarte", "role": "Teacher", "industry": "Education", "background": "Year 9 science."}
    reference = launch()
    expected = reference.stream(reference.start(persona, seed=99)).messages

    first = launch("--pace", "0.2", data_dir=tmp_path)
    interview_id = first.start(persona, seed=99)
    first.stream(interview_id, limit=3)
    first.stop(signal.SIGKILL)
    resumed = launch(data_dir=tmp_path).stream(interview_id).messages
    assert [(m["id"], m["agent"], m["message"]) for m in resumed] == [
        (m["id"], m["agent"], m["message"]) for m in expected
    ]


def test_a_torn_temporary_file_from_a_crash_is_ignored(launch, tmp_path):
    first = launch(data_dir=tmp_path)
    interview_id = first.start()
    first.stream(interview_id)
    first.stop()
    stored = next(tmp_path.glob(f"interviews/*/{interview_id}.json"))
    (stored.parent / f".{stored.name}.123.456.tmp").write_text('{"interview": {"1": {"id"')  # cut mid-write
    assert launch(data_dir=tmp_path).status(interview_id)["status"] == "completed"
