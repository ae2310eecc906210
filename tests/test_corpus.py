"""The training corpus (training/): the records the adapter learns from and the held-out set, checked
by the schema and the cross-record rules; the validator finds each kind of problem."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from deeptalk import corpus
from deeptalk.engines.model import tasks
from deeptalk.settings import PROJECT_ROOT

EVAL_SET = json.loads((PROJECT_ROOT / "fixtures" / "personas" / "eval-set.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records():
    return corpus.read([corpus.training_dir() / "corpus"])


@pytest.fixture(scope="module")
def heldout():
    return corpus.read([corpus.training_dir() / "heldout"])


def test_the_corpus_and_the_held_out_set_pass_the_validator():
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "training" / "validate.py")], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_corpus_is_as_large_and_varied_as_the_adapter_needs(records):
    assert len(records) >= 200
    assert len({r.persona["industry"].lower() for r in records}) >= 40
    stances = {r.data["stance"] for r in records}
    assert stances == set(tasks.ATTITUDES)
    realistic = sum(r.data["stance"] != "open" for r in records)
    assert realistic >= 0.4 * len(records)  # customers who push back, don't know, haven't tried, shrug


def test_the_held_out_set_shares_no_persona_with_the_corpus_or_the_eval_set(records, heldout):
    assert len(heldout) >= 24
    names = {r.persona["name"].lower() for r in records} | {p["name"].lower() for p in EVAL_SET}
    assert not {r.persona["name"].lower() for r in heldout} & names
    roles = {(r.persona["role"].lower(), r.persona["industry"].lower()) for r in records}
    assert not {(r.persona["role"].lower(), r.persona["industry"].lower()) for r in heldout} & roles


def _problems(records):
    return [p.message for p in corpus.Checker(excluded_personas=EVAL_SET).check(records)]


def _copy(record, **persona):
    data = copy.deepcopy(record.data)
    data["persona"].update(persona)
    data["id"] = f"{data['id']}-copy"
    return corpus.Record(data, "test:1")


def test_the_same_name_twice_is_refused(records):
    assert any("same name" in p for p in _problems([records[0], _copy(records[0], role="Another Role")]))


def test_an_eval_set_persona_is_refused(records):
    record = _copy(records[0], name=EVAL_SET[0]["name"], role=EVAL_SET[0]["role"])
    assert any("eval or held-out persona" in p for p in _problems([record]))


def test_an_eight_word_run_shared_by_two_interviews_is_refused(records):
    first, second = records[0], _copy(records[1], name="Somebody Else")
    second.data["interview"][1]["message"] = first.answers()[0]
    assert any("shares" in p for p in _problems([first, second]))


def test_turns_out_of_order_or_two_questions_at_once_are_refused(records):
    swapped = _copy(records[0], name="Other Person")
    swapped.data["interview"][0], swapped.data["interview"][1] = (
        swapped.data["interview"][1],
        swapped.data["interview"][0],
    )
    assert any("interviewer first" in p for p in _problems([swapped]))
    double = _copy(records[0], name="Third Person")
    double.data["interview"][0]["message"] = "What do you do? And why?"
    assert any("one question a turn" in p for p in _problems([double]))


def test_a_label_outside_the_closed_lists_is_refused(records):
    record = _copy(records[0], name="Fourth Person")
    record.data["interview"][1]["feeling"] = "Elated"
    assert any(p.startswith("interview/1") for p in _problems([record]))


def test_a_line_that_is_not_json_names_its_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n{not json\n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        corpus.read([bad])


def test_a_fact_sheet_reads_back_as_written(records):
    record = records[0]
    sheet = tasks.fact_sheet(record.facts, record.data["stance"])
    parsed = tasks.parse_fact_sheet(sheet)
    assert {k: v for k, v in parsed.items() if k != "attitude"} == {
        k: tasks.first_clause(v) for k, v in record.facts.items()
    }
    assert parsed["attitude"] == tasks.ATTITUDES[record.data["stance"]]


def test_each_answer_is_paired_with_the_question_just_before_it(records):
    record = records[0]
    answered = record.answered()
    assert [turn["message"] for _, turn in answered] == record.answers()
    interview = record.interview
    for question, turn in answered:
        index = next(i for i, t in enumerate(interview) if t is turn)
        assert question == (interview[index - 1]["message"] if index else "")


def test_every_interviewer_move_in_the_corpus_has_a_note_in_the_ask_task(records, heldout):
    moves = {t["move"] for r in records + heldout for t in r.interview if t["agent"] == "interviewer"}
    assert moves <= set(tasks.MOVES)


def test_the_ask_task_has_the_interviewer_answer_each_answer_and_its_noted_move(records):
    from deeptalk.engines.model.prompts import Prompts

    record = records[0]
    turns = [(t["agent"], t["message"]) for t in record.interview]
    moves = [t["move"] for t in record.interview if t["agent"] == "interviewer"]
    messages = tasks.ask_messages(Prompts(PROJECT_ROOT / "templates"), record.persona, turns, moves)
    assert messages[0]["role"] == "system" and record.persona["background"] in messages[0]["content"]
    asked = [m["content"] for m in messages if m["role"] == "assistant"]
    assert asked == [message for agent, message in turns if agent == "interviewer"]
    users = [m["content"] for m in messages if m["role"] == "user"]
    assert users[0].startswith(tasks.START)
    answers = [message for agent, message in turns if agent == "customer"]
    for user, answer, move in zip(users[1:], answers, moves[1:], strict=False):
        assert user == f"{answer}\n(Next: {tasks.MOVES[move]}.)"
    assert [m["role"] for m in messages[1:]] == ["user", "assistant"] * len(moves)


def test_the_engines_ask_ends_with_the_next_questions_move():
    from deeptalk.engines.model.prompts import Prompts

    persona = {"name": "Ann Lee", "role": "Baker", "industry": "Food", "background": "Runs a bakery."}
    turns = [("interviewer", "How was your week?"), ("customer", "Busy, the oven broke on Tuesday.")]
    messages = tasks.ask_messages(Prompts(PROJECT_ROOT / "templates"), persona, turns, ["opening", "last_time"])
    assert messages[-1] == {
        "role": "user",
        "content": "Busy, the oven broke on Tuesday.\n(Next: ask about the last time it happened.)",
    }


def _train_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("train", PROJECT_ROOT / "training" / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_renders_the_tasks_asked_for_and_the_first_adapters_two_as_they_were(records):
    from deeptalk.engines.model.prompts import Prompts

    train = _train_module()
    prompts = Prompts(PROJECT_ROOT / "templates")
    every = train.conversations(records[:2], prompts)
    first = train.conversations(records[:2], prompts, ("facts", "reply"))
    asks = [c for c in every if c[0]["content"].startswith("You are interviewing")]
    assert len(every) == 6 and len(asks) == 2 and len(first) == 4
    assert first == [c for c in every if c not in asks]  # facts, reply: the order the first adapter learned
