"""A restarted server answers for everything stored before, and finishes what was interrupted.

A server that is killed or signalled is a real process (`process=True`); the one started after it
on the same data needs no process of its own."""

import signal
from concurrent.futures import ThreadPoolExecutor

from helpers import validate
from live_server import PERSONA

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
    assert launch(process=True).stop(signal.SIGTERM) == 0


def test_sigint_exits_0(launch):
    assert launch(process=True).stop(signal.SIGINT) == 0


def test_interview_interrupted_by_kill_9_is_finished_after_restart(launch, tmp_path):
    first = launch("--pace", "0.2", data_dir=tmp_path, process=True)
    interview_id = first.start(seed=7)
    seen = first.stream(interview_id, limit=4).messages
    first.stop(signal.SIGKILL)

    second = launch(data_dir=tmp_path)
    result = second.stream(interview_id)
    assert result.close_code == 1000
    assert result.messages[: len(seen)] == seen  # nothing published was lost or rewritten
    for frame in result.frames[:-1]:
        validate(frame, contract.MESSAGE_FRAME)
    assert second.status(interview_id)["status"] == "completed"


def test_resumed_interview_matches_an_uninterrupted_one(launch, tmp_path):
    persona = {"name": "Ines Duarte", "role": "Teacher", "industry": "Education", "background": "Year 9 science."}
    reference = launch()
    expected = reference.stream(reference.start(persona, seed=99)).messages

    first = launch("--pace", "0.2", data_dir=tmp_path, process=True)
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


def test_sigterm_closes_open_streams_with_1001_and_exits_0(launch):
    live = launch("--pace", "0.5", process=True)
    interview_id = live.start()
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    with connect(live.ws_url(f"/api/interviews/{interview_id}/stream")) as socket:
        socket.recv(timeout=30)
        live.process.send_signal(signal.SIGTERM)
        try:
            while True:
                socket.recv(timeout=30)
        except ConnectionClosed as closed:
            assert closed.rcvd.code == 1001
    assert live.process.wait(30) == 0


def test_kill_9_during_50_interviews_loses_nothing(launch, tmp_path):
    first = launch("--pace", "0,0.4", data_dir=tmp_path, process=True)
    ids = [first.start({**PERSONA, "name": f"Person {n}"}, seed=n + 1) for n in range(50)]
    while True:  # kill as soon as some have finished, while the rest are mid-way
        before = {i: first.status(i) for i in ids}
        if any(status["isComplete"] for status in before.values()):
            break
    # What each interview has published, read by many clients at once: read one by one, the
    # reading took longer than the interviews, and the kill landed after they had all finished.
    with ThreadPoolExecutor(16) as readers:
        finished = {
            i: readers.submit(lambda i: (first.stream(i).frames, first.get(f"/api/interviews/{i}/insights").json()), i)
            for i in ids
            if before[i]["status"] == "completed"
        }
        partial = {
            i: readers.submit(lambda i: first.stream(i, limit=before[i]["messageCount"]).messages, i)
            for i in ids
            if before[i]["status"] == "in-progress" and before[i]["messageCount"]
        }
        finished, partial = ({i: f.result() for i, f in futures.items()} for futures in (finished, partial))
    unfinished = sum(not status["isComplete"] for status in map(first.status, ids))
    first.stop(signal.SIGKILL)
    assert finished and partial and unfinished, "the kill should land while some interviews are done and some are not"

    second = launch(data_dir=tmp_path)
    for interview_id in ids:
        result = second.stream(interview_id)
        assert result.close_code == 1000, (interview_id, result.frames[-1:])
        assert [m["id"] for m in result.messages] == [f"msg-{n:03d}" for n in range(1, len(result.messages) + 1)]
        if interview_id in finished:
            frames, insights = finished[interview_id]
            assert result.frames == frames
            assert second.get(f"/api/interviews/{interview_id}/insights").json() == insights
        if interview_id in partial:
            assert result.messages[: len(partial[interview_id])] == partial[interview_id]
        assert second.status(interview_id)["status"] == "completed"


def resumed_after_editing_its_record(launch, tmp_path, edit):
    """An interview interrupted by kill -9, its stored record changed by `edit`, then a restart:
    (the restarted server, the interview's id, its stream after the restart)."""
    import json

    first = launch("--pace", "0.5", data_dir=tmp_path, process=True)
    interview_id = first.start()
    first.stream(interview_id, limit=1)
    first.stop(signal.SIGKILL)
    path = next(tmp_path.glob(f"interviews/*/{interview_id}.json"))
    data = json.loads(path.read_text())
    edit(data["interview"]["1"])
    path.write_text(json.dumps(data))
    second = launch(data_dir=tmp_path)
    return second, interview_id, second.stream(interview_id)


def test_interrupted_interview_whose_engine_is_not_running_is_failed_with_a_reason(launch, tmp_path):
    second, interview_id, result = resumed_after_editing_its_record(
        launch, tmp_path, lambda record: record.update(engine="llama")
    )
    assert result.close_code == 4500
    validate(result.frames[-1], contract.ERROR_FRAME)
    assert "llama" in result.frames[-1]["message"]
    assert second.status(interview_id)["status"] == "failed"


def test_interrupted_interview_resumes_only_under_the_same_engine_fingerprint(launch, tmp_path):
    def other_templates(record):
        assert record["fingerprint"] == {"engine": "fixture"}
        record["fingerprint"]["templates"] = "0123456789ab"  # as if started with other templates

    second, interview_id, result = resumed_after_editing_its_record(launch, tmp_path, other_templates)
    assert result.close_code == 4500
    assert "templates (0123456789ab)" in result.frames[-1]["message"]
    assert second.status(interview_id)["status"] == "failed"
