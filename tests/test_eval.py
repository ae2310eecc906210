"""`deeptalk eval` with the real model on a few personas: the zero-targets hold (the seeds are
fixed, so these interviews are the same on every run of this build)."""

import json

import pytest
from helpers import deeptalk
from model_support import MODEL, require_model

from deeptalk.offline.measures import BY_NAME, MEASURES, Kind

pytestmark = pytest.mark.model
require_model()


@pytest.fixture(scope="module")
def report():
    done = deeptalk(
        "eval",
        "--engine",
        "llama",
        "--model",
        str(MODEL),
        "--limit",
        "3",
        "--seeds",
        "1",
        "--format",
        "json",
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("measure", [m.name for m in MEASURES if m.kind is Kind.ZERO])
def test_a_zero_target_is_zero_on_the_eval_subset(report, measure):
    assert report["overall"][measure] == 0, [row.get("examples", {}).get(measure) for row in report["interviews"]]


def test_no_interview_of_the_subset_fails_and_the_customer_is_the_model(report):
    assert report["overall"]["failed"] == 0
    assert report["overall"]["model_written"] >= BY_NAME["model_written"].target


def test_eval_on_the_fixture_engine_counts_its_text_as_hand_written(tmp_path):
    done = deeptalk("eval", "--engine", "fixture", "--limit", "2", "--seeds", "1", "--format", "json", cwd=tmp_path)
    result = json.loads(done.stdout)
    assert result["overall"]["interviews"] == 2 and result["overall"]["model_written"] == 0.0
    assert done.returncode == 1 and "model_written" in " ".join(result["missed"])
