"""GET /api/interviews/{id}/insights"""

import json
import uuid

from helpers import assert_json_error, assert_quotes_verbatim, customer_said, validate

from deeptalk import contract


def completed(server, **options):
    interview_id = server.start(**options)
    transcript = server.stream(interview_id).messages
    return interview_id, transcript


def test_insights_after_completion_are_the_full_contract_object(server):
    interview_id, _ = completed(server)
    response = server.get(f"/api/interviews/{interview_id}/insights")
    assert response.status_code == 200
    validate(response.json(), contract.INSIGHTS)


def test_every_quote_is_verbatim_in_a_customer_message(server):
    interview_id, transcript = completed(server)
    insights = server.get(f"/api/interviews/{interview_id}/insights").json()
    assert_quotes_verbatim(insights, customer_said(transcript))


def test_insights_are_generated_once_and_served_the_same(server):
    interview_id, _ = completed(server)
    first = server.get(f"/api/interviews/{interview_id}/insights").json()
    assert server.get(f"/api/interviews/{interview_id}/insights").json() == first


def test_insights_while_in_progress_are_400_not_completed(paced_server):
    interview_id = paced_server.start()
    response = paced_server.get(f"/api/interviews/{interview_id}/insights")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Interview not completed",
        "message": "Insights are only available after the interview is completed",
    }


def test_insights_for_an_unknown_id_are_404(server):
    unknown = str(uuid.uuid4())
    response = server.get(f"/api/interviews/{unknown}/insights")
    assert assert_json_error(response, 404)["error"] == "Interview not found"


def test_insights_are_ready_as_soon_as_complete_is_sent(server):
    for _ in range(5):
        interview_id, _ = completed(server)
        assert server.get(f"/api/interviews/{interview_id}/insights").status_code == 200


def test_insights_lost_in_a_crash_are_regenerated_identically(launch, tmp_path):
    first = launch(data_dir=tmp_path)
    interview_id, _ = completed(first)
    expected = first.get(f"/api/interviews/{interview_id}/insights").json()
    first.stop()
    # As if the server died after storing `completed` but before storing the insights.
    path = next(tmp_path.glob(f"interviews/*/{interview_id}.json"))
    data = json.loads(path.read_text())
    data.pop("insights")
    path.write_text(json.dumps(data))
    second = launch(data_dir=tmp_path)
    assert second.get(f"/api/interviews/{interview_id}/insights").json() == expected
