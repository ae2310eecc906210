"""Same engine + persona + seed => the same interview, within a run and across restarts."""

from hypothesis import given, settings
from hypothesis import strategies as st
from live_server import PERSONA

from deeptalk import contract


def interview(server, persona, seed):
    interview_id = server.start(persona, seed=seed)
    transcript = [(m["agent"], m["message"]) for m in server.stream(interview_id).messages]
    return transcript, server.get(f"/api/interviews/{interview_id}/insights").json()


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1))
def test_same_persona_and_seed_give_the_same_interview(server, seed):
    assert interview(server, PERSONA, seed) == interview(server, PERSONA, seed)


def test_same_seed_gives_the_same_interview_after_a_restart(launch, tmp_path):
    # The second server is another process, with another hash seed.
    first = interview(launch(), PERSONA, 2024)
    assert interview(launch(process=True), PERSONA, 2024) == first


def test_server_seed_applies_when_the_request_gives_none(launch):
    live = launch("--seed", "31337")
    interview_id = live.start()
    assert live.status(interview_id)["seed"] == 31337
    assert interview(live, PERSONA, 31337)[0] == [
        (m["agent"], m["message"]) for m in live.stream(interview_id).messages
    ]


def test_request_seed_overrides_the_server_seed(launch):
    live = launch("--seed", "1")
    assert live.status(live.start(seed=2))["seed"] == 2


def test_different_seeds_reach_different_fixtures(server):
    persona = {"name": "Sam Rivera", "role": "Consultant", "industry": "Aerospace", "background": "Satellites."}
    openings = {interview(server, persona, seed)[0][0] for seed in range(1, 25)}
    assert len(openings) > 1
    assert all(agent == contract.AGENTS[0] for agent, _ in openings)
