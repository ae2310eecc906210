"""WS /api/interviews/{id}/stream"""

import threading
import time
import uuid

import pytest
from helpers import validate
from live_server import PACE, PERSONA

from deeptalk import contract


def assert_frames_follow_the_contract(result, interview_id):
    *messages, last = result.frames
    for frame in messages:
        validate(frame, contract.MESSAGE_FRAME)
    validate(last, contract.COMPLETE_FRAME)
    assert last["payload"]["interviewId"] == interview_id
    assert last["payload"]["messageCount"] == len(messages)


def test_stream_sends_every_message_then_complete_then_closes_1000(server):
    interview_id = server.start()
    result = server.stream(interview_id)
    assert_frames_follow_the_contract(result, interview_id)
    assert result.close_code == 1000


def test_an_interview_has_10_to_20_messages(server):
    assert 10 <= len(server.stream(server.start()).messages) <= 20


def test_message_ids_count_up_from_msg_001(server):
    messages = server.stream(server.start()).messages
    assert [m["id"] for m in messages] == [f"msg-{n:03d}" for n in range(1, len(messages) + 1)]


def test_agents_alternate_starting_with_the_interviewer(server):
    messages = server.stream(server.start()).messages
    assert [m["agent"] for m in messages] == [contract.AGENTS[i % 2] for i in range(len(messages))]


def test_timestamps_are_utc_with_milliseconds_and_never_go_back(server):
    messages = server.stream(server.start()).messages
    stamps = [m["timestamp"] for m in messages]
    assert all(s.endswith("Z") and len(s) == 24 for s in stamps)
    assert stamps == sorted(stamps)


def test_interviewer_greets_the_persona_by_first_name(server):
    interview_id = server.start(
        {
            "name": "Grace Hopper",
            "role": "Nurse",
            "industry": "Healthcare",
            "background": "Works nights on a surgical ward.",
        }
    )
    assert "Grace" in server.stream(interview_id).messages[0]["message"]


def test_unknown_id_closes_4004_interview_not_found(server):
    result = server.stream(str(uuid.uuid4()))
    assert result.frames == []
    assert (result.close_code, result.close_reason) == (4004, "Interview not found")


@pytest.mark.parametrize("bad_id", ["nope", "123", "550E8400-E29B-41D4-A716-446655440000", "x" * 300])
def test_malformed_id_closes_4004(server, bad_id):
    assert server.stream(bad_id).close_code == 4004


def test_messages_arrive_one_by_one_as_they_are_generated(paced_server):
    # PACE apart: a live stream spreads its messages out; a batch would arrive at once.
    result = paced_server.stream(paced_server.start())
    assert result.received_at[-1] - result.received_at[0] > PACE * 2 / 3 * (len(result.frames) - 2)


def test_two_simultaneous_sockets_get_the_same_whole_transcript(paced_server):
    interview_id = paced_server.start()
    results = [None, None]

    def read(slot):
        results[slot] = paced_server.stream(interview_id)

    threads = [threading.Thread(target=read, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results[0].frames == results[1].frames
    assert results[0].close_code == results[1].close_code == 1000


def test_reconnect_after_a_drop_replays_from_the_first_message(paced_server):
    interview_id = paced_server.start()
    first = paced_server.stream(interview_id, limit=3)  # hang up after three messages
    again = paced_server.stream(interview_id)
    assert again.messages[:3] == first.messages
    assert again.close_code == 1000


def test_socket_opened_after_completion_gets_the_whole_transcript(server):
    interview_id = server.start()
    server.wait_until(interview_id, "completed")
    result = server.stream(interview_id)
    assert_frames_follow_the_contract(result, interview_id)
    assert result.messages[0]["id"] == "msg-001"


def test_a_disconnecting_client_never_stops_or_restarts_the_interview(paced_server):
    interview_id = paced_server.start()
    first = paced_server.stream(interview_id, limit=1)
    status = paced_server.wait_until(interview_id, "completed")
    again = paced_server.stream(interview_id)
    assert again.messages[0] == first.messages[0]  # same first message: not restarted
    assert len(again.messages) == status["messageCount"]


def test_interview_runs_with_no_socket_open(paced_server):
    interview_id = paced_server.start()
    counts = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = paced_server.status(interview_id)
        counts.append(status["messageCount"])
        if status["isComplete"]:
            break
        time.sleep(PACE / 3)
    assert counts == sorted(counts) and counts[-1] >= 10
    assert len(set(counts)) > 2  # seen growing, not jumping from 0 to done


def test_client_messages_are_ignored(server):
    from websockets.sync.client import connect

    interview_id = server.start()
    with connect(server.ws_url(f"/api/interviews/{interview_id}/stream")) as socket:
        socket.send("hello?")
        frames = []
        try:
            while True:
                frames.append(socket.recv(timeout=30))
        except Exception:
            pass
    assert '"complete"' in frames[-1]


def test_300_clients_connecting_at_once_all_get_the_whole_stream(server):
    import asyncio
    import json

    from websockets.asyncio.client import connect as connect_async

    urls = [server.ws_url(f"/api/interviews/{server.start()}/stream") for _ in range(30)]

    async def watch(url):
        async with connect_async(url, open_timeout=60) as socket:
            frames = [json.loads(frame) async for frame in socket]
            return url, frames, socket.close_code

    async def crowd():
        return await asyncio.gather(*(watch(url) for url in urls for _ in range(10)))

    results = asyncio.run(crowd())
    assert all(code == 1000 and frames[-1]["type"] == "complete" for _, frames, code in results)
    by_url = {url: frames for url, frames, _ in results}
    assert all(frames == by_url[url] for url, frames, _ in results)  # every watcher saw the same


def test_storage_failing_mid_interview_sends_error_then_closes_4500(launch, tmp_path):
    import shutil

    live = launch("--pace", "0.2", data_dir=tmp_path)
    interview_id = live.start()
    seen = live.stream(interview_id, limit=2).messages
    shutil.rmtree(tmp_path / "interviews")  # every later write of this interview fails
    result = live.stream(interview_id)
    assert result.messages[:2] == seen
    validate(result.frames[-1], contract.ERROR_FRAME)
    assert result.close_code == 4500
    status = live.status(interview_id)
    assert (status["status"], status["isComplete"], status["completedAt"]) == ("failed", False, None)
    assert status["messageCount"] == len(result.messages)
    insights = live.get(f"/api/interviews/{interview_id}/insights")
    assert insights.status_code == 400 and "failed" in insights.json()["message"]
    assert live.post("/api/interviews/start", json={"persona": PERSONA}).status_code == 201  # still serving
