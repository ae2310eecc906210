"""GET /openapi.json and /asyncapi.json: built from the contract's schemas, and what the server
sends conforms to them."""

import time

import jsonschema
import pytest
from helpers import validate
from live_server import PERSONA

from deeptalk import contract, specs


@pytest.fixture(scope="module")
def openapi(server):
    response = server.get("/openapi.json")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture(scope="module")
def asyncapi(server):
    response = server.get("/asyncapi.json")
    assert response.status_code == 200
    return response.json()


def response_schema(openapi, path, method, status):
    """The response schema the OpenAPI document gives, with its component refs resolvable."""
    schema = openapi["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    return {**schema, "components": openapi["components"]}


def assert_conforms(openapi, path, method, response):
    schema = response_schema(openapi, path, method, response.status_code)
    validate(response.json(), schema, cls=jsonschema.Draft202012Validator)


def test_openapi_is_version_3_1_and_describes_the_three_endpoints_health_and_panels(openapi):
    assert openapi["openapi"] == "3.1.0"
    assert set(openapi["paths"]) == {
        "/api/interviews/start",
        "/api/interviews/{id}/status",
        "/api/interviews/{id}/insights",
        "/api/health",
        "/api/panels",
        "/api/panels/{id}",
        "/api/panels/{id}/synthesis",
    }


def test_openapi_schemas_are_the_ones_the_server_validates_with(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["Insights"] == contract.INSIGHTS and schemas["Status"] == contract.STATUS
    assert schemas["Persona"] == contract.PERSONA and schemas["Options"] == contract.OPTIONS
    assert schemas["Error"] == contract.ERROR and schemas["Health"] == contract.HEALTH


def test_openapi_links_start_to_status_and_insights(openapi):
    links = openapi["paths"]["/api/interviews/start"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == {"getInterviewStatus", "getInterviewInsights"}


def test_openapi_documents_allow_on_405(openapi):
    for path in openapi["paths"].values():
        for operation in path.values():
            assert "Allow" in operation["responses"]["405"]["headers"]


def test_the_servers_answers_conform_to_openapi(server, openapi):
    started = server.post("/api/interviews/start", json={"persona": PERSONA})
    assert_conforms(openapi, "/api/interviews/start", "post", started)
    interview_id = started.json()["interviewId"]
    early = server.get(f"/api/interviews/{interview_id}/insights")
    server.stream(interview_id)
    for path in ("/api/interviews/{id}/status", "/api/interviews/{id}/insights"):
        response = server.get(path.replace("{id}", interview_id))
        assert response.status_code == 200
        assert_conforms(openapi, path, "get", response)
    assert early.status_code in (200, 400)
    assert_conforms(openapi, "/api/interviews/{id}/insights", "get", early)
    for response, path, method in [
        (server.post("/api/interviews/start", data=b"{"), "/api/interviews/start", "post"),
        (server.get("/api/interviews/nope/status"), "/api/interviews/{id}/status", "get"),
        (server.get("/api/interviews/nope/insights"), "/api/interviews/{id}/insights", "get"),
    ]:
        assert str(response.status_code) in openapi["paths"][path][method]["responses"]
        assert_conforms(openapi, path, method, response)


def test_asyncapi_is_version_3_0_with_the_three_frames_and_the_close_codes(asyncapi):
    assert asyncapi["asyncapi"] == "3.0.0"
    channel = asyncapi["channels"]["interviewStream"]
    assert channel["address"] == "/api/interviews/{interviewId}/stream"
    assert set(channel["messages"]) == {"message", "complete", "error"}
    assert {"1000", "4004", "4500"} <= set(channel["x-close-codes"])


def frame_schemas(asyncapi):
    return {name: message["payload"]["schema"] for name, message in asyncapi["components"]["messages"].items()}


@pytest.mark.parametrize("scenario, last", [(None, "complete"), ("ws-error-after:2", "error")])
def test_every_frame_the_server_sends_conforms_to_asyncapi(server, asyncapi, scenario, last):
    options = {"scenario": scenario} if scenario else {}
    result = server.stream(server.start(**options))
    schemas = frame_schemas(asyncapi)
    for frame in result.frames:
        validate(frame, schemas[frame["type"]])
    assert result.frames[-1]["type"] == last
    assert str(result.close_code) in asyncapi["channels"]["interviewStream"]["x-close-codes"]


def test_specs_are_built_from_the_contract_module():
    assert specs.openapi()["components"]["schemas"]["Insights"] is contract.INSIGHTS


def test_a_panels_answers_conform_to_openapi(server, openapi):
    body = {
        "personas": [PERSONA],
        "brief": {"goal": "Find out how founders plan work.", "hypotheses": ["Founders plan work in five tools."]},
    }
    started = server.post("/api/panels", json=body)
    assert_conforms(openapi, "/api/panels", "post", started)
    panel_id = started.json()["panelId"]
    for _ in range(400):
        panel = server.get(f"/api/panels/{panel_id}")
        if panel.json()["status"] != "running":
            break
        time.sleep(0.05)
    assert_conforms(openapi, "/api/panels/{id}", "get", panel)
    assert_conforms(openapi, "/api/panels/{id}/synthesis", "get", server.get(f"/api/panels/{panel_id}/synthesis"))


def test_health_conforms_to_openapi_and_says_the_fixture_engine_has_no_model_process(server, openapi):
    response = server.get("/api/health")
    assert_conforms(openapi, "/api/health", "get", response)
    health = response.json()
    assert health["status"] == "ok" and health["engine"] == "fixture" and health["fingerprint"] == {"engine": "fixture"}
    assert health["model"] is None and health["adapter"] is None and health["modelProcess"] is None
    assert health["interviewsInProgress"] >= 0 and health["queueDepth"] >= 0
