"""`deeptalk simulate` and `deeptalk batch`: interviews without a server, in the contract's shapes."""

import json

import pytest
from helpers import assert_quotes_verbatim, customer_said, deeptalk, validate

from deeptalk import contract

PERSONA = {"name": "Ana Ruiz", "role": "Nurse", "industry": "Healthcare", "background": "Nights"}
PERSONA_FLAGS = ["--name", "Ana Ruiz", "--role", "Nurse", "--industry", "Healthcare", "--background", "Nights"]


def test_simulate_json_has_the_stream_payloads_and_the_insights_of_the_contract(tmp_path):
    out = tmp_path / "ana.json"
    done = deeptalk(
        "simulate", *PERSONA_FLAGS, "--engine", "fixture", "--seed", "5", "--format", "json", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert set(result) == {"persona", "seed", "messages", "insights"} and result["seed"] == 5
    assert result["persona"]["name"] == "Ana Ruiz"
    for message in result["messages"]:
        validate(message, contract.MESSAGE)
    validate(result["insights"], contract.INSIGHTS)
    assert_quotes_verbatim(result["insights"], customer_said(result["messages"]))


def test_simulate_is_deterministic_for_a_seed(tmp_path):
    runs = [
        deeptalk("simulate", *PERSONA_FLAGS, "--engine", "fixture", "--seed", "9", "--format", "json") for _ in range(2)
    ]
    first, second = (json.loads(run.stdout) for run in runs)
    assert [m["message"] for m in first["messages"]] == [m["message"] for m in second["messages"]]
    assert first["insights"] == second["insights"]


def test_simulate_text_tells_the_agents_apart_without_colour_when_not_a_terminal():
    done = deeptalk("simulate", *PERSONA_FLAGS, "--engine", "fixture", "--seed", "2", "--messages", "10")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(("Interviewer:", "Ana Ruiz:"))]
    assert len(lines) == 10 and lines[0].startswith("Interviewer:") and lines[1].startswith("Ana Ruiz:")
    assert "\033[" not in done.stdout
    for title in (
        "Summary and mood",
        "Themes with quotes",
        "Human insights",
        "Context",
        "Opportunities",
        "Emotional journey",
    ):
        assert title in done.stdout
    assert "Drawing insights" in done.stderr  # the progress indicator, on stderr


def test_simulate_markdown_is_a_shareable_report(tmp_path):
    out = tmp_path / "report.md"
    assert (
        deeptalk(
            "simulate", *PERSONA_FLAGS, "--engine", "fixture", "--format", "markdown", "--out", str(out)
        ).returncode
        == 0
    )
    report = out.read_text()
    assert report.startswith("# Interview: Ana Ruiz, Nurse") and "## Transcript" in report and "## Insights" in report


def test_simulate_reads_a_persona_file(tmp_path):
    (tmp_path / "p.json").write_text(
        json.dumps({"name": "Li Wei", "role": "Teacher", "industry": "Education", "background": "Maths"})
    )
    done = deeptalk("simulate", "--persona", str(tmp_path / "p.json"), "--engine", "fixture", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["persona"]["name"] == "Li Wei"


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["--name", "Ana"], "--background"),
        ([*PERSONA_FLAGS, "--messages", "11"], "--messages"),
        ([*PERSONA_FLAGS, "--seed", "-1"], "--seed"),
        (["--persona", "/nonexistent.json"], "nonexistent"),
    ],
)
def test_simulate_refuses_bad_input_clearly(args, complaint):
    done = deeptalk("simulate", *args, "--engine", "fixture")
    assert done.returncode == 2 and complaint in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_batch_writes_a_json_and_a_markdown_report_per_persona_and_an_index(tmp_path, kind):
    people = [
        {"name": "Ana Ruiz", "role": "Nurse", "industry": "Healthcare", "background": "Nights", "seed": "4"},
        {"name": "Tom Berg", "role": "Farm Manager", "industry": "Agriculture", "background": "Dairy"},
    ]
    source = tmp_path / f"people.{kind}"
    if kind == "csv":
        source.write_text(
            "name,role,industry,background,seed\n"
            + "".join(
                f"{p['name']},{p['role']},{p['industry']},{p['background']},{p.get('seed', '')}\n" for p in people
            )
        )
    else:
        source.write_text("".join(json.dumps(p) + "\n" for p in people))
    done = deeptalk("batch", str(source), "--engine", "fixture", "--out-dir", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [entry["persona"]["name"] for entry in index] == ["Ana Ruiz", "Tom Berg"] and index[0]["seed"] == 4
    for entry in index:
        validate(json.loads((tmp_path / "out" / entry["json"]).read_text())["insights"], contract.INSIGHTS)
        assert (tmp_path / "out" / entry["markdown"]).read_text().startswith("# Interview:")
    assert "Ana Ruiz" in (tmp_path / "out" / "index.md").read_text()
    assert "2/2" in done.stderr  # the progress bar


def test_batch_names_the_line_of_a_bad_persona(tmp_path):
    source = tmp_path / "people.jsonl"
    source.write_text(
        json.dumps({"name": "Ana", "role": "Nurse", "industry": "Care", "background": "x"})
        + "\n"
        + json.dumps({"name": "Tom"})
        + "\n"
    )
    done = deeptalk("batch", str(source), "--engine", "fixture", "--out-dir", str(tmp_path / "out"))
    assert done.returncode == 2 and "people.jsonl:2" in done.stderr


@pytest.mark.parametrize(
    "name, text",
    [
        ("people.jsonl", json.dumps({**PERSONA, "seed": True}) + "\n"),
        ("people.jsonl", json.dumps({**PERSONA, "seed": 1.5}) + "\n"),
        ("people.csv", "name,role,industry,background,seed\nAna Ruiz,Nurse,Care,Nights,abc\n"),
        ("people.csv", "name,role,industry,background,seed\nAna Ruiz,Nurse,Care,Nights,-1\n"),
    ],
)
def test_batch_checks_a_persona_rows_seed_as_the_seed_option_and_names_the_row(tmp_path, name, text):
    source = tmp_path / name
    source.write_text(text)
    done = deeptalk("batch", str(source), "--engine", "fixture", "--out-dir", str(tmp_path / "out"))
    assert done.returncode == 2
    assert f"{name}:" in done.stderr and "seed must be an integer from 0 to 4294967295" in done.stderr
    assert not (tmp_path / "out").exists()


def test_batch_takes_a_rows_seed_0(tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("name,role,industry,background,seed\nAna Ruiz,Nurse,Care,Nights,0\n")
    done = deeptalk("batch", str(source), "--engine", "fixture", "--seed", "9", "--out-dir", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / "index.json").read_text())[0]["seed"] == 0


def test_eval_refuses_a_seed_the_seed_option_refuses(tmp_path):
    done = deeptalk("eval", "--engine", "fixture", "--seeds", "1,-4", cwd=tmp_path)
    assert done.returncode == 2 and "seed must be an integer from 0 to 4294967295, got '-4'" in done.stderr


def test_eval_refuses_a_persona_file_the_start_request_would_refuse_naming_the_file(tmp_path):
    (tmp_path / "set.json").write_text(json.dumps([{"name": "Ana"}]))
    done = deeptalk("eval", "--engine", "fixture", "--personas", "set.json", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("deeptalk eval: set.json: All persona fields") and "Traceback" not in done.stderr
