"""The panels' endpoints (docs/panels.md), against a real server: POST /api/panels, GET a panel,
GET its synthesis; its interviews served by the contract's endpoints as usual."""

from __future__ import annotations

import signal
import time

import pytest
from helpers import assert_json_error
from live_server import PERSONA

from deeptalk import contract
from deeptalk.panels import schemas

PERSONAS = [
    PERSONA,
    {"name": "Tom Becker", "role": "Ward Nurse", "industry": "Healthcare", "background": "Night shifts on a ward."},
    {"name": "Lena Ortiz", "role": "Logistics Manager", "industry": "Logistics", "background": "Runs 30 drivers."},
]
BRIEF = {
    "goal": "Find out where frontline workers lose time to tools and paperwork.",
    "hypotheses": ["Handovers depend on memory and lose important details.", "Beekeepers sell honey at markets."],
}


def start_panel(server, personas=None, brief=None, **options) -> dict:
    body: dict = {"personas": personas or PERSONAS, "brief": brief or BRIEF}
    if options:
        body["options"] = options
    response = server.post("/api/panels", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def wait_for_panel(server, panel_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        panel = server.get(f"/api/panels/{panel_id}").json()
        if panel["status"] != "running":
            return panel
        time.sleep(0.05)
    raise AssertionError(f"panel {panel_id} never finished: {panel}")


def test_a_started_panel_answers_201_with_its_id_and_interview_count(server):
    started = start_panel(server, seeds=[1, 2])
    contract.validate(started, schemas.PANEL_STARTED)
    assert started["interviews"] == len(PERSONAS) * 2


def test_a_panel_completes_with_every_interview_completed(server):
    panel = wait_for_panel(server, start_panel(server)["panelId"])
    contract.validate(panel, schemas.PANEL_STATUS)
    assert panel["status"] == "completed"
    assert panel["progress"] == {"total": 3, "started": 3, "completed": 3, "failed": 0}


def test_a_panels_interviews_are_served_by_the_contracts_endpoints(server):
    panel = wait_for_panel(server, start_panel(server)["panelId"])
    for interview in panel["interviews"]:
        status = server.status(interview["interviewId"])
        assert status["status"] == "completed" and status["seed"] == interview["seed"]
        assert server.get(f"/api/interviews/{interview['interviewId']}/insights").status_code == 200


def test_the_synthesis_of_a_finished_panel_quotes_its_interviews(server):
    panel = wait_for_panel(server, start_panel(server)["panelId"])
    synthesis = server.get(f"/api/panels/{panel['panelId']}/synthesis").json()
    contract.validate(synthesis, schemas.SYNTHESIS)
    ids = {i["interviewId"] for i in panel["interviews"]}
    quotes = [q for t in synthesis["themes"] for q in t["quotes"]] + [
        q for h in synthesis["hypotheses"] for q in h["evidence"]
    ]
    assert quotes and {q["interviewId"] for q in quotes} <= ids


def test_the_same_panel_gives_the_same_verdicts_and_themes(server):
    first, second = (wait_for_panel(server, start_panel(server, seeds=[3])["panelId"]) for _ in range(2))
    one, two = (server.get(f"/api/panels/{p['panelId']}/synthesis").json() for p in (first, second))
    assert [h["verdict"] for h in one["hypotheses"]] == [h["verdict"] for h in two["hypotheses"]]
    assert [(t["theme"], t["interviews"]) for t in one["themes"]] == [
        (t["theme"], t["interviews"]) for t in two["themes"]
    ]


def test_the_synthesis_of_a_running_panel_is_a_400(paced_server):
    panel_id = start_panel(paced_server)["panelId"]
    response = paced_server.get(f"/api/panels/{panel_id}/synthesis")
    assert_json_error(response, 400)
    assert response.json()["error"] == "Panel not completed"
    running = paced_server.get(f"/api/panels/{panel_id}").json()
    assert running["status"] == "running" and running["progress"]["completed"] < 3


@pytest.mark.parametrize("path", ["/api/panels/{}", "/api/panels/{}/synthesis"])
def test_an_unknown_panel_is_a_404(server, path):
    response = server.get(path.format("0b6b8d0e-2b0a-4d7a-9a51-7a0f3b1c2d3e"))
    assert_json_error(response, 404)
    assert response.json()["error"] == "Panel not found"


@pytest.mark.parametrize(
    "body, error",
    [
        ({"personas": PERSONAS}, "Invalid brief"),
        ({"personas": [], "brief": BRIEF}, "Invalid panel"),
        ({"personas": [{"name": "Ana"}], "brief": BRIEF}, "Invalid persona data"),
        ({"personas": PERSONAS, "brief": {"goal": "Too short"}}, "Invalid brief"),
        ({"personas": PERSONAS, "brief": BRIEF, "options": {"seeds": []}}, "Invalid options"),
        ({"personas": PERSONAS, "brief": BRIEF, "options": {"seeds": [1], "speed": 2}}, "Invalid options"),
        ({"personas": PERSONAS, "brief": BRIEF, "extra": 1}, "Invalid panel"),
    ],
)
def test_a_bad_panel_request_is_a_400_that_names_the_problem(server, body, error):
    response = server.post("/api/panels", json=body)
    assert_json_error(response, 400)
    assert response.json()["error"] == error


def test_a_guide_the_linter_flags_is_refused_unless_allowed(server):
    brief = {**BRIEF, "guide": ["Would you use an app that remembers handovers for you?"]}
    refused = server.post("/api/panels", json={"personas": PERSONAS, "brief": brief})
    assert_json_error(refused, 400)
    assert "hypothetical" in refused.json()["message"]
    start_panel(server, brief=brief, allowLintErrors=True)


def test_a_panel_over_the_interview_limit_is_a_400(launch):
    server = launch("--max-panel-interviews", "4")
    response = server.post("/api/panels", json={"personas": PERSONAS, "brief": BRIEF, "options": {"seeds": [1, 2]}})
    assert_json_error(response, 400)
    assert "at most 4" in response.json()["message"]


def test_a_panel_takes_one_rate_limit_token_per_interview(launch):
    server = launch("--rate-limit", "1,5")
    start_panel(server)  # 3 of 5
    response = server.post("/api/panels", json={"personas": PERSONAS, "brief": BRIEF})
    assert_json_error(response, 429)
    assert int(response.headers["Retry-After"]) >= 1


def test_a_panel_of_a_fixture_server_says_its_interviews_were_replayed(server):
    panel = wait_for_panel(server, start_panel(server)["panelId"])
    synthesis = server.get(f"/api/panels/{panel['panelId']}/synthesis").json()
    assert "fixture_replay" in {flag["flag"] for flag in synthesis["flags"]}


@pytest.mark.timeout(120)
def test_kill_9_mid_panel_loses_no_finished_interview_and_the_panel_completes(launch, tmp_path):
    first = launch("--pace", "0.1", "--messages", "10", data_dir=tmp_path, process=True)
    panel_id = start_panel(first, seeds=[1, 2])["panelId"]
    deadline = time.monotonic() + 60
    while first.get(f"/api/panels/{panel_id}").json()["progress"]["completed"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    before = first.get(f"/api/panels/{panel_id}").json()
    first.stop(signal.SIGKILL)
    finished = {i["interviewId"] for i in before["interviews"] if i["status"] == "completed"}
    assert len(finished) < 6  # killed mid-panel
    second = launch("--pace", "0", data_dir=tmp_path, process=True)
    panel = wait_for_panel(second, panel_id)
    assert panel["status"] == "completed" and panel["progress"]["completed"] == 6
    assert finished <= {i["interviewId"] for i in panel["interviews"]}
    assert second.get(f"/api/panels/{panel_id}/synthesis").status_code == 200


def test_a_panel_larger_than_the_start_burst_is_a_400(launch):
    server = launch("--rate-limit", "60,2")
    response = server.post("/api/panels", json={"personas": PERSONAS, "brief": BRIEF})
    assert_json_error(response, 400)
    assert "more than this server lets one address start at once (2)" in response.json()["message"]


def test_a_panel_that_would_pass_the_servers_limit_is_a_503(launch):
    server = launch("--max-active", "2")
    response = server.post("/api/panels", json={"personas": PERSONAS, "brief": BRIEF})
    assert_json_error(response, 503)
    assert response.headers["Retry-After"] == "10"


@pytest.mark.parametrize("path", ["/api/panels", "/api/interviews/start"])
def test_an_unpaired_surrogate_in_a_request_is_a_400(server, path):
    body = '{"persona": {"name": "\\ud800", "role": "r", "industry": "i", "background": "b"}, "personas": []}'
    response = server.post(path, data=body.encode(), headers={"Content-Type": "application/json"})
    assert_json_error(response, 400)
    assert "surrogate" in response.json()["message"]
