"""Every subcommand takes its shared options from the settings table: the same flag, DEEPTALK_*
variable, parser, default and help as `deeptalk serve`."""

import argparse
import json

import pytest
from helpers import deeptalk
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import cli, options
from deeptalk.settings import COMMANDS, SETTINGS, resolve

BY_NAME = {setting.name: setting for setting in SETTINGS}
# What each command needs besides its settings, so that its parser accepts the line.
REQUIRED = {
    "serve": [],
    "simulate": [],
    "batch": ["people.jsonl"],
    "eval": [],
    "record": ["--persona", "p.json"],
    "models": ["list"],
    "guide": ["lint", "g.txt"],
    "panel": ["--personas", "p.jsonl", "--brief", "b.yaml"],
}
# A valid value other than the default for each shared setting (parsed, it must differ from the default).
OTHER = {
    "engine": "fixture",
    "model": "m.gguf",
    "adapter": "mine.gguf",
    "models_dir": "elsewhere",
    "threads": "3",
    "model_timeout": "7.5",
    "llm_url": "http://127.0.0.1:9/v1",
    "llm_model": "smol",
    "llm_concurrency": "2",
    "llm_timeout": "9",
    "fixtures_dir": "my-fixtures",
    "templates_dir": "my-templates",
    "seed": "11",
    "messages": "12",
    "max_panel_interviews": "8",
    "log_level": "debug",
    "host": "0.0.0.0",
    "port": "9001",
    "llama_queue": "3",
    "data_dir": "d",
    "pace": "0",
    "scenario": "insights-error",
    "cors_origins": "http://a.example",
    "insights_wait": "2",
    "max_body": "100",
    "rate_limit": "0",
    "max_active": "5",
    "max_sockets": "6",
    "max_sockets_per_interview": "7",
    "send_timeout": "8",
}
PAIRS = [(command, name) for command, names in COMMANDS.items() for name in names if not BY_NAME[name].secret]


def subcommand(command: str) -> argparse.ArgumentParser:
    parser = cli.build_parser()
    return next(a for a in parser._subparsers._group_actions if a.dest == "command").choices[command]


def settings_of(command: str, argv=(), environ=None):
    args = cli.build_parser().parse_args([command, *REQUIRED[command], *argv])
    return resolve(args, environ or {}, COMMANDS[command])


def test_other_values_cover_every_setting_and_differ_from_the_defaults():
    assert set(OTHER) == {s.name for s in SETTINGS if not s.secret}
    defaults = settings_of("serve")
    for name, text in OTHER.items():
        assert BY_NAME[name].parse(text) != getattr(defaults, name), name


@pytest.mark.parametrize("command, name", PAIRS)
def test_a_shared_option_is_taken_from_its_flag(command, name):
    setting = BY_NAME[name]
    assert getattr(settings_of(command, [setting.flag, OTHER[name]]), name) == setting.parse(OTHER[name])


@pytest.mark.parametrize("command, name", PAIRS)
def test_a_shared_option_is_taken_from_its_environment_variable(command, name):
    setting = BY_NAME[name]
    assert getattr(settings_of(command, [], {setting.env_var: OTHER[name]}), name) == setting.parse(OTHER[name])


@pytest.mark.parametrize("command, name", PAIRS)
def test_the_flag_beats_the_environment_variable(command, name):
    setting = BY_NAME[name]
    resolved = settings_of(command, [setting.flag, OTHER[name]], {setting.env_var: setting.default or OTHER[name]})
    assert getattr(resolved, name) == setting.parse(OTHER[name])


@pytest.mark.parametrize("command", COMMANDS)
def test_every_default_is_serves(command):
    assert settings_of(command) == settings_of("serve")


def test_record_threads_default_is_serves():
    assert settings_of("record").threads == settings_of("serve").threads == int(BY_NAME["threads"].default)


@pytest.mark.parametrize("command, name", PAIRS)
def test_a_shared_option_has_serves_help(command, name):
    def help_of(parser):
        return next(a.help for a in parser._actions if a.dest == name)

    assert help_of(subcommand(command)) == help_of(subcommand("serve"))


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "serve"])
def test_a_setting_the_command_does_not_take_is_its_default_whatever_the_environment(command):
    environ = {"DEEPTALK_PORT": "not a port", "DEEPTALK_PACE": "x", "DEEPTALK_DATA_DIR": "/elsewhere"}
    resolved = settings_of(command, [], environ)
    assert (resolved.port, resolved.pace, resolved.data_dir) == (8000, (1.5, 3.0), settings_of("serve").data_dir)


def test_a_setting_the_command_does_not_take_is_no_flag():
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["simulate", "--port", "9000"])


SEEDS = st.integers(0, options.SEED_MAX)
MESSAGES = st.sampled_from(range(options.MIN_MESSAGES, options.MAX_MESSAGES + 1, 2))


@given(seed=SEEDS, messages=MESSAGES, command=st.sampled_from(["simulate", "batch", "record"]))
def test_seed_and_messages_are_the_same_from_flag_and_from_environment(seed, messages, command):
    flags = settings_of(command, ["--seed", str(seed), "--messages", str(messages)])
    environment = settings_of(command, [], {"DEEPTALK_SEED": str(seed), "DEEPTALK_MESSAGES": str(messages)})
    assert (flags.seed, flags.messages) == (environment.seed, environment.messages) == (seed, messages)


def _not_an_integer(text: str) -> bool:
    """Text that int() refuses ("+5" and "1_0" it reads), and not blank (blank means no seed)."""
    try:
        int(text.strip())
    except ValueError:
        return bool(text.strip())
    return False


@given(
    seed=st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=options.SEED_MAX + 1),
        st.text().filter(_not_an_integer),
    )
)
def test_a_bad_seed_is_refused_alike_from_flag_and_environment(seed):
    with pytest.raises(ValueError) as from_flag:
        settings_of("simulate", [f"--seed={seed}"])  # "--seed=-x": a value, not another flag
    with pytest.raises(ValueError) as from_environment:
        settings_of("simulate", [], {"DEEPTALK_SEED": str(seed)})
    assert str(from_flag.value).startswith("--seed: seed must be an integer")
    assert str(from_flag.value).replace("--seed", "DEEPTALK_SEED", 1) == str(from_environment.value)


# A bad value in each command's shared settings; the command stops before it does anything.
BAD = [
    ("simulate", "seed", "-1"),
    ("simulate", "engine", "gpt"),
    ("batch", "messages", "11"),
    ("batch", "llm_url", "localhost:1"),
    ("eval", "threads", "0"),
    ("eval", "log_level", "loud"),
    ("record", "seed", "x"),
    ("record", "model_timeout", "never"),
    ("models", "threads", "two"),
    ("models", "log_level", "verbose"),
    ("serve", "llm_concurrency", "0"),
]


def main_says(capsys, monkeypatch, tmp_path, argv: list[str], environ: dict[str, str]) -> tuple[int, str]:
    """`deeptalk ARGV` in this process (cli.main, as the console script calls it): its exit status and stderr."""
    monkeypatch.chdir(tmp_path)
    status = cli.main(argv, environ)
    return status, capsys.readouterr().err


@pytest.mark.parametrize("command, name, value", BAD)
def test_a_bad_flag_is_one_line_naming_it_and_exit_2(tmp_path, monkeypatch, capsys, command, name, value):
    status, said = main_says(
        capsys, monkeypatch, tmp_path, [command, *REQUIRED[command], BY_NAME[name].flag, value], {}
    )
    assert status == 2
    assert said.splitlines() == [said.strip()]
    assert said.startswith(f"deeptalk {command}: {BY_NAME[name].flag}: ")


@pytest.mark.parametrize("command, name, value", BAD)
def test_a_bad_environment_variable_is_one_line_naming_it_and_exit_2(
    tmp_path, monkeypatch, capsys, command, name, value
):
    status, said = main_says(
        capsys, monkeypatch, tmp_path, [command, *REQUIRED[command]], {BY_NAME[name].env_var: value}
    )
    assert status == 2
    assert said.splitlines() == [said.strip()]
    assert said.startswith(f"deeptalk {command}: {BY_NAME[name].env_var}: ")


@pytest.mark.parametrize("command, name, value", [BAD[0], BAD[-1]])
def test_the_command_line_itself_says_a_bad_value_in_one_line_with_exit_2(tmp_path, command, name, value):
    by_flag = deeptalk(command, *REQUIRED[command], BY_NAME[name].flag, value, cwd=tmp_path)
    by_variable = deeptalk(command, *REQUIRED[command], cwd=tmp_path, **{BY_NAME[name].env_var: value})
    for done, named in ((by_flag, BY_NAME[name].flag), (by_variable, BY_NAME[name].env_var)):
        assert done.returncode == 2
        assert done.stderr.splitlines() == [done.stderr.strip()]
        assert done.stderr.startswith(f"deeptalk {command}: {named}: ")


PERSONA = {"name": "Ana Ruiz", "role": "Nurse", "industry": "Healthcare", "background": "Nights"}


def simulated(*args: str, **environ: str) -> dict:
    done = deeptalk("simulate", *[f"--{k}={v}" for k, v in PERSONA.items()], "--format", "json", *args, **environ)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_simulate_takes_engine_seed_and_messages_from_the_environment():
    result = simulated(DEEPTALK_ENGINE="fixture", DEEPTALK_SEED="21", DEEPTALK_MESSAGES="10")
    assert result["seed"] == 21 and len(result["messages"]) == 10


def test_simulate_flags_beat_the_environment():
    result = simulated(
        "--engine",
        "fixture",
        "--seed",
        "22",
        "--messages",
        "12",
        DEEPTALK_ENGINE="gpt",
        DEEPTALK_SEED="21",
        DEEPTALK_MESSAGES="10",
    )
    assert result["seed"] == 22 and len(result["messages"]) == 12


def test_simulate_log_level_from_the_environment_quietens_the_engine_line():
    args = [f"--{k}={v}" for k, v in PERSONA.items()]
    assert "engine: fixture" in deeptalk("simulate", *args, "--engine", "fixture").stderr
    assert (
        "engine: fixture" not in deeptalk("simulate", *args, "--engine", "fixture", DEEPTALK_LOG_LEVEL="warning").stderr
    )


def test_batch_takes_seed_and_messages_from_the_environment(tmp_path):
    (tmp_path / "people.jsonl").write_text(json.dumps(PERSONA) + "\n")
    done = deeptalk(
        "batch",
        "people.jsonl",
        "--out-dir",
        "out",
        cwd=tmp_path,
        DEEPTALK_ENGINE="fixture",
        DEEPTALK_SEED="23",
        DEEPTALK_MESSAGES="10",
    )
    assert done.returncode == 0, done.stderr
    [entry] = json.loads((tmp_path / "out" / "index.json").read_text())
    assert entry["seed"] == 23
    assert len(json.loads((tmp_path / "out" / entry["json"]).read_text())["messages"]) == 10


def test_eval_takes_engine_and_messages_from_the_environment():
    done = deeptalk(
        "eval", "--limit", "1", "--seeds", "1", "--format", "json", DEEPTALK_ENGINE="fixture", DEEPTALK_MESSAGES="10"
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a target missed, still a measured run
    [row] = json.loads(done.stdout)["interviews"]
    assert row["messages"] == 10 and "engine: fixture" in done.stderr


def test_models_takes_the_models_dir_from_the_environment(tmp_path):
    done = deeptalk("models", "list", DEEPTALK_MODELS_DIR=str(tmp_path))
    assert done.returncode == 0 and f"no GGUF models in {tmp_path}" in done.stdout


def test_record_takes_the_models_dir_from_the_environment(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(PERSONA))
    done = deeptalk("record", "--persona", str(tmp_path / "p.json"), DEEPTALK_MODELS_DIR=str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr  # read, and no model there: cannot run
    assert f"no GGUF model in {tmp_path}" in done.stderr or "llama-cpp-python is not installed" in done.stderr


class FakeEngine:
    def close(self):
        pass


def record_with(monkeypatch, tmp_path, *argv):
    """`deeptalk record` in this process with the engine and the recording stubbed: the seed it records with."""
    import deeptalk.engines
    import deeptalk.offline.record

    recorded = []
    monkeypatch.setattr(deeptalk.engines, "llama_engine", lambda settings: FakeEngine())
    monkeypatch.setattr(
        deeptalk.offline.record,
        "record",
        lambda engine, persona, seed, out, messages: recorded.append((seed, out, messages)),
    )
    (tmp_path / "p.json").write_text(json.dumps(PERSONA))
    assert cli.main(["record", "--persona", str(tmp_path / "p.json"), *argv], environ={}) == 0
    return recorded


def test_record_without_a_seed_records_with_a_new_one_and_says_which(monkeypatch, tmp_path, capsys):
    [(seed, out, messages)] = record_with(monkeypatch, tmp_path, "--fixtures-dir", str(tmp_path))
    assert 0 <= seed <= options.SEED_MAX and messages is None
    assert f"--seed {seed}" in capsys.readouterr().err and out == tmp_path / f"recorded-nurse-{seed}.json"


def test_record_with_a_seed_records_with_it(monkeypatch, tmp_path):
    assert record_with(monkeypatch, tmp_path, "--seed", "7", "--messages", "14", "--out", str(tmp_path / "r.json")) == [
        (7, tmp_path / "r.json", 14)
    ]
