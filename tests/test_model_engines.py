"""The model engines with the real default model, over the real contract (make llm sets it up).

The interview strategy is the same whatever answers its calls, so its tests run on both
backends: `llama` (the model in DeepTalk's own model process) and `openai` (the same model behind
llama-cpp-python's OpenAI-compatible server). What is about one backend runs on that one.
"""

import pytest
from helpers import assert_json_error, assert_quotes_verbatim, customer_said, deeptalk, validate
from model_support import MODEL, require_model
from model_support import NURSE as PERSONA

from deeptalk import contract

pytestmark = pytest.mark.model
require_model()

ENGINE_LOG = {
    "llama": "engine: llama (SmolLM2-135M-Instruct.Q4_1.gguf",
    "openai": "engine: openai (smollm2-135m at http://127.0.0.1:",
}


@pytest.fixture(scope="module", params=["llama", "openai"])
def engine_server(request, tmp_path_factory):
    """A DeepTalk server on each model engine in turn (module scope: one model runs at a time)."""
    from live_server import LiveProcess

    if request.param == "llama":
        args = ("--model", str(MODEL))
    else:
        args = ("--llm-url", request.getfixturevalue("model_server").url)
    live = LiveProcess(tmp_path_factory.mktemp("data"), "--engine", request.param, *args)
    live.engine = request.param
    yield live
    live.stop()


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    from live_server import LiveProcess

    live = LiveProcess(tmp_path_factory.mktemp("data"), "--engine", "llama", "--model", str(MODEL))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def interview(engine_server):
    interview_id = engine_server.start(PERSONA, seed=7)
    result = engine_server.stream(interview_id, timeout=180)
    insights = engine_server.get(f"/api/interviews/{interview_id}/insights")
    return interview_id, result, insights


def test_the_log_says_which_model_engine_serves(engine_server):
    assert ENGINE_LOG[engine_server.engine] in "".join(engine_server.log)


def test_auto_picks_the_llama_engine_when_a_model_is_found(launch):
    log = "".join(launch("--engine", "auto", "--models-dir", str(MODEL.parent), process=True).log)
    assert "engine: llama (SmolLM2-135M-Instruct.Q4_1.gguf" in log and "(auto: " in log


def test_a_full_interview_streams_within_the_contract(interview):
    interview_id, result, _ = interview
    *messages, complete = result.frames
    for frame in messages:
        validate(frame, contract.MESSAGE_FRAME)
    validate(complete, contract.COMPLETE_FRAME)
    assert result.close_code == 1000 and 10 <= len(messages) <= 20
    agents = [frame["payload"]["agent"] for frame in messages]
    assert agents == [contract.AGENTS[i % 2] for i in range(len(agents))]


def test_interviewer_turns_ask_and_customer_turns_speak_as_the_customer(interview):
    import re

    from deeptalk.engines.model import measures

    for message in interview[1].messages:
        if message["agent"] == "interviewer":
            assert message["message"].endswith("?")
        else:
            # as the customer: no role label, no own name, no assistant talk or stage directions
            # (a terse "Eight hours of charting." is an answer too: the first person is not required)
            assert not re.match(r"^\s*(customer|interviewer|assistant)\s*:", message["message"], re.IGNORECASE)
            assert measures.customer_defects(message["message"], PERSONA["name"], PERSONA["role"]) == []


def test_insights_are_schema_valid_with_verbatim_quotes(interview):
    _, result, response = interview
    assert response.status_code == 200, response.text
    insights = response.json()
    validate(insights, contract.INSIGHTS)
    assert contract.quotes_of(insights)
    assert_quotes_verbatim(insights, customer_said(result.messages))


def test_same_seed_gives_the_same_interview_and_insights_on_the_local_model(llama_server):
    """(llama-cpp-python's server does not reproduce a seed: it reuses the previous call's prompt
    prefix, which changes the numbers; the openai engine's start-up log says so.)"""
    first, again = (llama_server.start(PERSONA, seed=7) for _ in range(2))
    texts = [[(m["agent"], m["message"]) for m in llama_server.stream(i, timeout=180).messages] for i in (first, again)]
    assert texts[0] == texts[1]
    # Waiting for these also leaves the model idle, so later tests do not compete for the cores.
    insights = [llama_server.get(f"/api/interviews/{i}/insights").json() for i in (first, again)]
    assert insights[0] == insights[1]


def test_beyond_the_llama_queue_start_answers_503_with_retry_after(launch):
    live = launch("--engine", "llama", "--model", str(MODEL), "--llama-queue", "1", "--pace", "1", process=True)
    assert live.post("/api/interviews/start", json={"persona": PERSONA}).status_code == 201
    refused = live.post("/api/interviews/start", json={"persona": PERSONA})
    assert_json_error(refused, 503)
    assert refused.headers["Retry-After"]


def test_record_writes_a_fixture_that_replays_the_model_interview(tmp_path):
    import json
    import subprocess
    import sys

    from deeptalk.engines.fixture.engine import FixtureEngine
    from deeptalk.records import Persona

    (tmp_path / "persona.json").write_text(json.dumps(PERSONA))
    out = tmp_path / "fixtures" / "recorded.json"
    out.parent.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "deeptalk",
            "record",
            "--persona",
            str(tmp_path / "persona.json"),
            "--seed",
            "7",
            "--model",
            str(MODEL),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    source = json.loads(out.read_text())["source"]
    assert source["seed"] == 7 and len(source["model_sha256"]) == 64
    persona = Persona(**PERSONA)
    replayed = list(FixtureEngine(out.parent).converse(persona, 7))
    assert all(turn.message.strip() for turn in replayed) and 10 <= len(replayed) <= 20


@pytest.fixture(scope="module")
def local_model():
    from deeptalk.engines.backends.llama_model import LocalModel

    return LocalModel(MODEL, threads=2, context=1024)


@pytest.mark.parametrize("seed", range(1, 9))
def test_grammar_checked_after_sampling_still_yields_only_valid_documents(local_model, seed):
    import json

    from model_support import THEMES_SCHEMA as schema

    completion = local_model.complete(
        [{"role": "user", "content": "Describe a nurse's working week as JSON."}],
        seed=seed,
        max_tokens=400,
        temperature=1.0,
        json_schema=schema,
    )
    validate(json.loads(completion["text"]), schema)


SYSTEM = {"role": "system", "content": "You are Ana, a nurse on night shifts in a city hospital."}
OTHER_SYSTEM = {"role": "system", "content": "You are Tom, who runs a small cafe with six staff."}


def _call(local_model, system, question, seed=5):
    return local_model.complete(
        [system, {"role": "user", "content": question}], seed=seed, max_tokens=12, temperature=0.9
    )


def _prompt_pieces(local_model, monkeypatch, call):
    """The pieces of prompt (batches of more than one token) the model evaluates for `call`."""
    pieces: list[int] = []
    evaluate = local_model.llm.eval
    monkeypatch.setattr(
        local_model.llm,
        "eval",
        lambda tokens: (pieces.append(len(tokens)) if len(tokens) > 1 else None, evaluate(tokens))[1],
    )
    result = call()
    monkeypatch.undo()
    return pieces, result


@pytest.mark.parametrize("seed", [3, 5, 11])
def test_a_call_gives_the_same_text_whatever_ran_before_it(local_model, seed):
    """Fresh, after the same call, after another prompt with the same start, and after another
    interview's call: the same text (what seeds and restarts rely on)."""
    texts = []
    for before in (None, (SYSTEM, "Your week?"), (SYSTEM, "Your team?"), (OTHER_SYSTEM, "Your menu?")):
        if before is None:
            local_model.llm.reset()
        else:
            _call(local_model, *before, seed=seed + 1)
        texts.append(_call(local_model, SYSTEM, "Your week?", seed)["text"])
    assert len(set(texts)) == 1, texts


def test_a_fresh_call_evaluates_what_comes_before_its_last_message_then_the_rest(local_model, monkeypatch):
    _call(local_model, OTHER_SYSTEM, "Your menu?")
    local_model.llm.forget_kept()
    pieces, result = _prompt_pieces(local_model, monkeypatch, lambda: _call(local_model, SYSTEM, "Your week?"))
    assert len(pieces) == 2 and sum(pieces) == result["prompt_tokens"] - 1


def test_the_next_prompt_with_the_same_start_evaluates_only_its_last_message(local_model, monkeypatch):
    example = [{"role": "user", "content": "Your nights?"}, {"role": "assistant", "content": "Long and loud."}]

    def ask(question):
        return lambda: local_model.complete(
            [OTHER_SYSTEM, *example, {"role": "user", "content": question}], seed=5, max_tokens=12, temperature=0.9
        )

    local_model.llm.forget_kept()
    local_model.llm.reset()
    fresh, _ = _prompt_pieces(local_model, monkeypatch, ask("Your menu?"))
    pieces, _ = _prompt_pieces(local_model, monkeypatch, ask("Your rent?"))
    assert len(fresh) == 2 and pieces == [fresh[1]]  # "Your rent?" and "Your menu?" are as long


def test_a_first_message_kept_from_an_earlier_call_is_not_evaluated_again(local_model, monkeypatch):
    local_model.llm.forget_kept()
    local_model.llm.reset()
    fresh, _ = _prompt_pieces(local_model, monkeypatch, lambda: _call(local_model, SYSTEM, "Your week?"))
    _call(local_model, OTHER_SYSTEM, "Your menu?")  # another prompt between: the interviewer's, say
    pieces, _ = _prompt_pieces(local_model, monkeypatch, lambda: _call(local_model, SYSTEM, "Your team?"))
    assert len(fresh) == 2 and pieces == [fresh[1]]  # "Your team?" and "Your week?" are as long


def test_another_candidate_for_the_same_prompt_evaluates_no_prompt_again(local_model, monkeypatch):
    _call(local_model, SYSTEM, "Your week?", seed=3)
    pieces, _ = _prompt_pieces(local_model, monkeypatch, lambda: _call(local_model, SYSTEM, "Your week?", seed=4))
    assert pieces == []


def test_a_failure_mid_interview_is_an_error_frame_4500_and_the_server_serves_on(engine_server):
    failing = engine_server.start(PERSONA, seed=3, scenario="ws-error-after:2")
    result = engine_server.stream(failing, timeout=60)
    assert len(result.messages) == 2 and result.frames[-1]["type"] == "error" and result.close_code == 4500
    assert engine_server.status(failing)["status"] == "failed"
    assert engine_server.get(f"/api/interviews/{failing}/insights").status_code == 400
    # Run the next interview to its end: a model server left generating in the background would
    # share the 2 cores with the next test's model, and llama.cpp's spinning threads slow both ~15x.
    next_one = engine_server.start(PERSONA, seed=4)
    assert engine_server.stream(next_one, timeout=180).frames[-1]["type"] == "complete"
    assert engine_server.get(f"/api/interviews/{next_one}/insights").status_code == 200


def test_simulate_with_the_model_writes_contract_shaped_json(tmp_path):
    import json

    done = deeptalk(
        "simulate",
        *[f"--{k}={v}" for k, v in PERSONA.items()],
        "--engine",
        "llama",
        "--model",
        str(MODEL),
        "--seed",
        "7",
        "--messages",
        "10",
        "--format",
        "json",
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["messages"]) == 10
    validate(result["insights"], contract.INSIGHTS)
