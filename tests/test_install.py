"""The package as a user installs it: a wheel, built from this tree and installed into a fresh
virtual environment, serves and simulates from any folder, with the templates and fixtures it
carries (not the repository's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from live_server import PERSONA, LiveProcess

ROOT = Path(__file__).resolve().parent.parent
# The new environment's Python sees only what is installed in it, whatever PYTHONPATH the tests run with.
OWN_PATH = {"PYTHONPATH": ""}
PACKAGE_INPUTS = ("setup.cfg", "pyproject.toml", "README.md", "deeptalk", "templates", "fixtures", "training")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The Python of a new virtual environment with only the built wheel (and its dependencies)."""
    work = tmp_path_factory.mktemp("install")
    # Built from a copy of what the package is made of: setuptools builds in the source tree, where
    # an old build/ would add modules that no longer exist, and the other tests' files come and go.
    source = work / "source"
    source.mkdir()
    for name in PACKAGE_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert built.returncode == 0, built.stderr
    # Without a pip of its own (bootstrapping one took half the test's time): this pip installs into it.
    venv.create(work / "venv", with_pip=False)
    python = work / "venv" / "bin" / "python"
    wheel = next((work / "dist").glob("deeptalk-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=240,
        env={**os.environ, **OWN_PATH},
    )
    return python


def test_the_wheel_carries_the_templates_fixtures_and_training_sets(installed):
    code = (
        "from deeptalk.settings import Settings, bundled; s = Settings.defaults(); "
        "print(s.fixtures_dir, s.templates_dir, bundled('training'), sep='\\n')"
    )
    folders = subprocess.run(
        [str(installed), "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=installed.parent,
        env={**os.environ, **OWN_PATH},
    ).stdout.split()
    for folder in map(Path, folders):
        assert "site-packages" in folder.parts and ROOT not in folder.parents
    fixtures, templates, training = map(Path, folders)
    assert list(fixtures.glob("*.json")) and (fixtures / "personas" / "eval-set.json").is_file()
    assert (templates / "customer_reply.j2").is_file() and (templates / "customer_facts.j2").is_file()
    # deeptalk eval's default persona set, and the corpus its recitation measure reads
    assert list((training / "heldout").glob("*.jsonl")) and list((training / "corpus").glob("*.jsonl"))
    assert (training / "schema.json").is_file()


def test_simulate_runs_from_the_installed_package_in_any_folder(installed, tmp_path):
    done = subprocess.run(
        [
            str(installed.parent / "deeptalk"),
            "simulate",
            "--name",
            "Ana Ruiz",
            "--role",
            "Nurse",
            "--industry",
            "Healthcare",
            "--background",
            "Night shifts",
            "--engine",
            "fixture",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, **OWN_PATH},
    )
    assert done.returncode == 0, done.stderr
    assert "Ana" in done.stdout


def test_serve_runs_one_whole_interview_from_the_installed_package(installed, tmp_path):
    server = LiveProcess(tmp_path / "data", python=str(installed), cwd=tmp_path, env=OWN_PATH)
    try:
        interview_id = server.start(PERSONA)
        stream = server.stream(interview_id)
        assert len(stream.messages) >= 10
        insights = server.insights(interview_id)
        assert insights.status_code == 200 and insights.json()["summary"]
    finally:
        server.stop()
