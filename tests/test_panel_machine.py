"""A Hypothesis state machine driving panels over real HTTP (docs/panels.md).

Rules: start a panel (valid and invalid bodies), read it, read its synthesis, read its
interviews through the contract's endpoints, unknown ids. Invariants: no 5xx ever; progress only
goes forward; the synthesis is 400 while the panel runs and 200 once it has completed, the same
bytes on every read; a panel's interviews are the contract's interviews.
"""

from __future__ import annotations

import requests
from helpers import assert_json_error, request_without_5xx, validate
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from deeptalk.panels import schemas

words = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=30).filter(
    lambda value: value.strip()
)
sentences = st.lists(
    st.sampled_from("handovers memory shifts orders suppliers costs apps drivers".split()), min_size=3, max_size=12
)
personas = st.fixed_dictionaries({"name": words, "role": words, "industry": words, "background": words})
hypotheses = sentences.map(lambda w: " ".join(["People", *w]) + ".")
briefs = st.fixed_dictionaries(
    {
        "goal": st.just("Find out where frontline work loses time."),
        "hypotheses": st.lists(hypotheses, min_size=1, max_size=3),
    }
)
options = st.fixed_dictionaries(
    {},
    optional={
        "seeds": st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=2, unique=True),
        "messages": st.just(10),
    },
)
invalid_bodies = st.one_of(
    st.just({}),
    briefs.map(lambda brief: {"personas": [], "brief": brief}),
    personas.map(lambda p: {"personas": [p]}),
    personas.map(lambda p: {"personas": [p], "brief": {"goal": "short", "hypotheses": []}}),
    st.tuples(personas, briefs).map(lambda pb: {"personas": [pb[0]], "brief": pb[1], "options": {"seeds": []}}),
    st.tuples(personas, briefs).map(
        lambda pb: {"personas": [pb[0]], "brief": {**pb[1], "guide": ["Would you buy an app for that?"]}}
    ),
)


class PanelLifecycle(RuleBasedStateMachine):
    server = None  # set by the test

    panels = Bundle("panels")

    @initialize()
    def reset(self):
        self.progress: dict[str, int] = {}  # panel id -> interviews seen completed
        self.synthesis: dict[str, bytes] = {}  # panel id -> the synthesis once read

    def http(self, method: str, path: str, **kwargs) -> requests.Response:
        return request_without_5xx(self.server.url(path), method, **kwargs)

    def panel(self, panel_id: str) -> dict:
        response = self.http("GET", f"/api/panels/{panel_id}")
        assert response.status_code == 200
        panel = response.json()
        validate(panel, schemas.PANEL_STATUS)
        return panel

    @rule(target=panels, chosen=st.lists(personas, min_size=1, max_size=3), brief=briefs, extra=options)
    def start(self, chosen, brief, extra):
        response = self.http("POST", "/api/panels", json={"personas": chosen, "brief": brief, "options": extra})
        assert response.status_code == 201, response.text
        panel_id = response.json()["panelId"]
        assert response.json()["interviews"] == len(self.panel(panel_id)["interviews"])
        self.progress[panel_id] = 0
        return panel_id

    @rule(body=invalid_bodies)
    def start_invalid(self, body):
        assert_json_error(self.http("POST", "/api/panels", json=body), 400)

    @rule(panel_id=panels)
    def progress_only_goes_forward(self, panel_id):
        panel = self.panel(panel_id)
        progress = panel["progress"]
        assert progress["completed"] + progress["failed"] <= progress["started"] <= progress["total"]
        assert progress["completed"] >= self.progress[panel_id]
        self.progress[panel_id] = progress["completed"]
        if panel["status"] == "completed":
            assert progress["completed"] + progress["failed"] == progress["total"]

    @rule(panel_id=panels)
    def synthesis_only_once_completed(self, panel_id):
        before = self.panel(panel_id)["status"]
        response = self.http("GET", f"/api/panels/{panel_id}/synthesis")
        if response.status_code == 200:
            validate(response.json(), schemas.SYNTHESIS)
            self.synthesis.setdefault(panel_id, response.content)
            assert self.panel(panel_id)["status"] == "completed"
        else:
            assert_json_error(response, 400)
            assert before != "completed"

    @rule(panel_id=panels)
    def a_panels_interviews_are_the_contracts(self, panel_id):
        for interview in self.panel(panel_id)["interviews"]:
            if interview["interviewId"] is None:
                assert interview["status"] == "waiting"
                continue
            response = self.http("GET", f"/api/interviews/{interview['interviewId']}/status")
            assert response.status_code == 200 and response.json()["seed"] == interview["seed"]

    @rule(fake=st.uuids().map(str), path=st.sampled_from(["", "/synthesis"]))
    def unknown_panels_are_404(self, fake, path):
        assert_json_error(self.http("GET", f"/api/panels/{fake}{path}"), 404)

    @invariant()
    def a_synthesis_never_changes(self):
        for panel_id, first in getattr(self, "synthesis", {}).items():
            assert self.http("GET", f"/api/panels/{panel_id}/synthesis").content == first


def test_panel_lifecycles_keep_their_promises(unlimited_server):
    PanelLifecycle.server = unlimited_server
    machine_settings = settings(settings(), max_examples=max(10, settings().max_examples // 4), stateful_step_count=10)
    PanelLifecycle.TestCase.settings = machine_settings
    PanelLifecycle.TestCase().runTest()
