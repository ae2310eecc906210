"""GET /api/interviews/{id}/status"""

import uuid

import pytest
from helpers import assert_json_error, validate

from deeptalk import contract


def test_status_has_the_contract_fields_while_in_progress(paced_server):
    interview_id = paced_server.start()
    body = paced_server.status(interview_id)
    validate(body, contract.STATUS)
    assert body["interviewId"] == interview_id
    assert (body["status"], body["isComplete"], body["completedAt"]) == ("in-progress", False, None)


def test_status_after_completion(server):
    interview_id = server.start()
    count = len(server.stream(interview_id).messages)
    body = server.status(interview_id)
    validate(body, contract.STATUS)
    assert (body["status"], body["isComplete"], body["messageCount"]) == ("completed", True, count)
    assert body["createdAt"] <= body["completedAt"]


def test_complete_frame_agrees_with_status(server):
    interview_id = server.start()
    complete = server.stream(interview_id).frames[-1]["payload"]
    body = server.status(interview_id)
    assert (complete["messageCount"], complete["completedAt"]) == (body["messageCount"], body["completedAt"])


def test_unknown_id_is_404_with_the_contract_error(server):
    unknown = str(uuid.uuid4())
    response = server.get(f"/api/interviews/{unknown}/status")
    assert response.status_code == 404
    assert response.json() == {"error": "Interview not found", "message": f"No interview found with ID: {unknown}"}


@pytest.mark.parametrize("bad_id", ["nope", "1", "..%2F..%2Fetc", "550e8400e29b41d4a716446655440000"])
def test_malformed_id_is_404_json(server, bad_id):
    assert_json_error(server.get(f"/api/interviews/{bad_id}/status"), 404)
