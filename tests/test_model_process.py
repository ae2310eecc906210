"""The model runs in a child process the server supervises: a crash there costs a retried call,
never an interview's text, another interview, a socket or the server."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import assert_json_error, validate
from model_support import MODEL, NURSE, require_model

from deeptalk import contract
from deeptalk.engines.backends import model_files
from deeptalk.engines.backends.llama_worker import FAULT_VARIABLE
from deeptalk.settings import PROJECT_ROOT

pytestmark = pytest.mark.model
require_model()

TEACHER = {
    "name": "Lena Vogel",
    "role": "Chemistry Teacher",
    "industry": "Education",
    "background": "Teaches five classes a day; lab preparation happens at home at night.",
}
LLAMA = ("--engine", "llama", "--model", str(MODEL))


def health(server) -> dict:
    response = server.get("/api/health")
    assert response.status_code == 200
    validate(response.json(), contract.HEALTH)
    return response.json()


def finished(server, interview_id: str) -> tuple[list, dict]:
    """The interview's transcript (streamed to its end) and its insights."""
    result = server.stream(interview_id, timeout=120)
    assert result.frames[-1]["type"] == "complete" and result.close_code == 1000, result.frames[-1]
    insights = server.get(f"/api/interviews/{interview_id}/insights")
    assert insights.status_code == 200, insights.text
    return [(m["agent"], m["message"]) for m in result.messages], insights.json()


def is_running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has stopped running
    except FileNotFoundError:
        return False


def gone(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while is_running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not is_running(pid)


@pytest.fixture(scope="module")
def undisturbed(tmp_path_factory):
    """The reference: the nurse's interview, seed 21, on a server whose model never crashes."""
    from live_server import LiveProcess

    server = LiveProcess(tmp_path_factory.mktemp("data"), *LLAMA)
    try:
        yield finished(server, server.start(NURSE, seed=21, messages=10))
    finally:
        server.stop()


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL], ids=["SIGSEGV", "SIGKILL"])
def test_a_model_process_killed_mid_interview_changes_nothing_the_interviews_say(launch, undisturbed, sig):
    server = launch(*LLAMA, "--pace", "0.3", process=True)
    interrupted = server.start(NURSE, seed=21, messages=10)
    alongside = server.start(TEACHER, seed=5, messages=10)
    while server.status(interrupted)["messageCount"] < 3:
        time.sleep(0.05)
    before = health(server)["modelProcess"]
    os.kill(before["pid"], sig)

    assert finished(server, interrupted) == undisturbed
    transcript, insights = finished(server, alongside)
    assert 10 == len(transcript) and contract.quotes_of(insights)
    after = health(server)["modelProcess"]
    assert after["restarts"] == 1 and after["pid"] != before["pid"] and after["state"] == "ready"
    assert after["recentRestarts"][0]["signal"] == sig.name and after["recentRestarts"][0]["pid"] == before["pid"]
    assert "llama runner process has terminated" in "".join(server.log)


def test_a_call_that_kills_the_model_process_every_time_fails_only_its_interview(launch):
    server = launch(*LLAMA, env={FAULT_VARIABLE: "segv"}, process=True)
    failing = server.start(NURSE, seed=3)
    result = server.stream(failing, timeout=120)
    assert result.frames[-1]["type"] == "error" and result.close_code == 4500
    validate(result.frames[-1], contract.ERROR_FRAME)
    assert "killed by SIGSEGV" in result.frames[-1]["message"]
    assert server.status(failing)["status"] == "failed"
    insights = server.get(f"/api/interviews/{failing}/insights")
    assert assert_json_error(insights, 400)["error"] == "Interview not completed"
    process = health(server)["modelProcess"]  # restarted for the interviews that follow
    assert process["restarts"] == 3 and process["state"] == "ready" and is_running(process["pid"])
    assert server.post("/api/interviews/start", json={"persona": TEACHER}).status_code == 201


def test_a_model_process_that_hangs_is_killed_and_treated_as_a_crash(launch):
    server = launch(*LLAMA, "--model-timeout", "1", env={FAULT_VARIABLE: "hang"}, process=True)
    result = server.stream(server.start(NURSE, seed=3), timeout=120)
    assert result.frames[-1]["type"] == "error" and result.close_code == 4500
    assert "did not answer within 1 s" in result.frames[-1]["message"]
    assert health(server)["modelProcess"]["recentRestarts"][0]["signal"] == "SIGKILL"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_server_stops_cleanly_and_its_model_process_with_it(launch, sig):
    server = launch(*LLAMA, process=True)
    pid = health(server)["modelProcess"]["pid"]
    assert is_running(pid)
    assert server.stop(sig) == 0
    assert gone(pid)


def test_a_server_killed_outright_leaves_no_model_process_behind(launch):
    server = launch(*LLAMA, process=True)
    pid = health(server)["modelProcess"]["pid"]
    server.stop(signal.SIGKILL)
    assert gone(pid)


def test_health_names_the_model_its_adapter_its_build_and_the_model_process(launch):
    server = launch(*LLAMA, process=True)
    state = health(server)
    assert state["status"] == "ok" and state["engine"] == "llama"
    assert state["model"] == {"file": MODEL.name, "sha256": "b179c9523d0e"}
    adapter = model_files.default_adapter(MODEL.parent)
    manifest = json.loads((adapter.parent / model_files.ADAPTER_MANIFEST).read_text())
    assert state["adapter"] == {"file": adapter.name, "sha256": manifest["adapter_sha256"][:12]}
    assert state["fingerprint"]["adapter_sha256"] == manifest["adapter_sha256"]
    fingerprint = state["fingerprint"]
    assert fingerprint["llama_cpp_python"] and fingerprint["build"].startswith("x86-64-v3 (")
    assert fingerprint["templates"] and fingerprint["strategy"]
    assert is_running(state["modelProcess"]["pid"]) and state["modelProcess"]["restarts"] == 0


def run(*command: str, fault: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, **({FAULT_VARIABLE: fault} if fault else {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=PROJECT_ROOT)


def test_models_check_runs_a_real_completion_and_reports_the_build():
    done = run(sys.executable, "-m", "deeptalk", "models", "check", "--model", str(MODEL))
    assert done.returncode == 0, done.stderr
    assert "build:             x86-64-v3 (" in done.stdout and "tokens/s" in done.stdout
    assert "ok: the model runs on this machine" in done.stdout


def test_make_llm_stops_with_the_signal_when_the_smoke_check_crashes(tmp_path):
    done = run("make", "--no-print-directory", "llm", f"LLM_READY={tmp_path / 'ready'}", fault="segv")
    assert done.returncode != 0
    assert "killed by SIGSEGV" in done.stderr and "make llm: the smoke check failed" in done.stderr
    assert not (tmp_path / "ready").exists()


def test_simulate_reports_a_crashing_model_in_one_line(tmp_path):
    done = run(
        sys.executable,
        "-m",
        "deeptalk",
        "simulate",
        *[f"--{k}={v}" for k, v in NURSE.items()],
        "--engine",
        "llama",
        "--model",
        str(MODEL),
        "--seed",
        "1",
        fault="abort",
    )
    assert done.returncode == 1
    assert "deeptalk simulate: the model process was killed by SIGABRT" in done.stderr
    assert "Traceback" not in done.stderr
