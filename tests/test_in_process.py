"""The server most tests use runs in the test process (deeptalk.testing.InProcessServer): it must
start and stop as `deeptalk serve` does, or those tests would test something else."""

import signal
import socket

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect


def test_stop_closes_open_streams_with_1001_then_the_port(launch):
    live = launch("--pace", "0.5")
    interview_id = live.start()
    with connect(live.ws_url(f"/api/interviews/{interview_id}/stream")) as stream:
        stream.recv(timeout=30)
        assert live.stop() == 0
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                stream.recv(timeout=30)
        assert closed.value.rcvd.code == 1001
    with pytest.raises(OSError):
        socket.create_connection(live.address, timeout=5).close()
    assert live.stop() == 0  # stopping again is harmless


def test_it_takes_the_flags_of_deeptalk_serve_and_refuses_what_serve_refuses(launch, tmp_path):
    assert launch("--max-body", "100").post("/api/interviews/start", data=b"x" * 200).status_code == 413
    with pytest.raises(ValueError, match="--pace"):
        launch("--pace", "-1")
    (tmp_path / "file").write_text("")
    with pytest.raises(RuntimeError, match="did not start") as refused:
        launch(data_dir=tmp_path / "file")
    assert isinstance(refused.value.__cause__, OSError)


def test_it_cannot_be_killed_a_process_can(launch):
    with pytest.raises(ValueError, match="SIGKILL"):
        launch().stop(signal.SIGKILL)
