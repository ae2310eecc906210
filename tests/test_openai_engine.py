"""The openai engine: DeepTalk over an OpenAI-compatible model server (here llama-cpp-python's
own, `python -m llama_cpp.server`, with the default model), through real sockets, no mocks.
The strategy's own tests run on this engine too (test_model_engines.py)."""

import subprocess
import sys
from itertools import pairwise

import pytest
from helpers import validate
from model_server_proxy import ModelServerProxy
from model_support import MODEL, require_model
from model_support import NURSE as PERSONA

from deeptalk import contract

pytestmark = pytest.mark.model
require_model()

API_KEY = "sk-deeptalk-test-7f3a9c-do-not-leak"


@pytest.fixture
def proxy(model_server):
    in_front = ModelServerProxy(model_server.url)
    yield in_front
    in_front.close()


def serve_once(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deeptalk", "serve", "--port", "0", *args], capture_output=True, text=True, timeout=120
    )


def test_an_unknown_model_at_start_up_exits_1_naming_what_the_server_has(model_server, tmp_path):
    done = serve_once(
        "--engine", "openai", "--llm-url", model_server.url, "--llm-model", "llama-9000", "--data-dir", str(tmp_path)
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"deeptalk serve: the model server at {model_server.url} has no model 'llama-9000'; it serves: smollm2-135m"
    )


def test_the_start_up_log_says_the_structured_output_and_whether_the_seed_is_honoured(launch, model_server):
    log = "".join(launch("--engine", "openai", "--llm-url", model_server.url, process=True).log)
    assert f"model server {model_server.url}: model smollm2-135m, structured output json_object" in log
    # llama-cpp-python's server reuses the previous call's prompt prefix, which changes the text.
    assert f"model server {model_server.url} does not honour the seed" in log


def test_auto_prefers_the_model_server_it_is_given(launch, model_server):
    log = "".join(launch("--engine", "auto", "--llm-url", model_server.url, process=True).log)
    assert "engine: openai (smollm2-135m" in log and "(auto: first choice)" in log


def test_auto_falls_back_and_says_why_when_the_model_server_does_not_answer(launch, tmp_path):
    log = "".join(
        launch(
            "--engine", "auto", "--llm-url", "http://127.0.0.1:9/v1", "--models-dir", str(tmp_path), process=True
        ).log
    )
    assert "engine: fixture" in log
    assert "not openai: the model server at http://127.0.0.1:9/v1 does not answer" in log


def test_a_model_server_stopped_mid_interview_fails_that_interview_and_the_next_completes(launch, tmp_path):
    from model_server import OpenAIModelServer

    model_server = OpenAIModelServer(MODEL).start()
    try:
        live = launch(
            "--engine",
            "openai",
            "--llm-url",
            model_server.url,
            "--pace",
            "0.3",
            "--log-level",
            "debug",
            env={"DEEPTALK_LLM_API_KEY": API_KEY},
            process=True,
        )
        failing = live.start(PERSONA, seed=5)
        from live_server import read_stream

        stream = read_stream(live.ws_url(f"/api/interviews/{failing}/stream"), limit=2, timeout=120)
        model_server.stop()
        result = live.stream(failing, timeout=120)
        assert result.frames[-1]["type"] == "error" and result.close_code == 4500
        validate(result.frames[-1], contract.ERROR_FRAME)
        status = live.status(failing)
        assert status["status"] == "failed"
        assert f"the model server at {model_server.url} could not be reached" in result.frames[-1]["message"]
        assert len(stream.messages) == 2

        model_server.start()
        next_one = live.start(PERSONA, seed=6)
        assert live.stream(next_one, timeout=180).frames[-1]["type"] == "complete"
        assert live.get(f"/api/interviews/{next_one}/insights").status_code == 200
        health = live.get("/api/health").text
        assert API_KEY not in health and API_KEY not in "".join(live.log) and API_KEY not in str(result.frames)
    finally:
        model_server.stop()


def test_calls_in_flight_stay_within_llm_concurrency(launch, proxy):
    live = launch("--engine", "openai", "--llm-url", proxy.url, "--llm-concurrency", "2", process=True)
    interviews = [live.start(PERSONA, seed=seed, messages=10) for seed in range(4)]
    for interview_id in interviews:
        assert live.insights(interview_id).status_code == 200
    assert proxy.max_in_flight == 2


@pytest.fixture
def backend(proxy):
    from deeptalk.engines.backends.openai_server import OpenAIServer

    served = OpenAIServer(proxy.url, "smollm2-135m", api_key=API_KEY, timeout=60, concurrency=1)
    served.start()
    yield served
    served.close()


def say_hello(backend):
    return backend.complete([{"role": "user", "content": "Say hello."}], seed=3, max_tokens=8, temperature=0.7)


def test_a_429_waits_as_long_as_its_retry_after_says(backend, proxy):
    proxy.errors = [(429, {"Retry-After": "2"})]
    before = len(proxy.received)
    assert say_hello(backend).text
    (refused, _), (answered, _) = proxy.received[before:]
    assert answered - refused >= 2.0  # the client's own backoff would have waited at most 0.5 s


def test_a_failing_model_server_is_retried_with_backoff_then_the_call_fails_with_the_reason(backend, proxy):
    from deeptalk.engines.backends.openai_server import ModelServerError

    proxy.always = (503, {})
    before = len(proxy.received)
    with pytest.raises(ModelServerError, match=rf"the model server at {proxy.url} answered HTTP 503, 4 tries"):
        say_hello(backend)
    times = [at for at, _ in proxy.received[before:]]
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert len(times) == 4 and gaps == sorted(gaps) and gaps[-1] > 1.0
    assert backend.health()["modelServer"]["state"] == "failing"


def test_the_api_key_goes_to_the_model_server_and_nowhere_else(backend, proxy):
    say_hello(backend)
    assert proxy.authorizations[-1] == f"Bearer {API_KEY}"
    assert API_KEY not in str(backend.health()) and API_KEY not in backend.describe()
