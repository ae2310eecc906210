"""Configuration: one table, as flags and DEEPTALK_* environment variables."""

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import deeptalk

from deeptalk.settings import COMMANDS, SETTINGS, Settings, add_arguments, parse_pace, resolve


def settings_from(argv, environ=None) -> Settings:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return resolve(parser.parse_args(argv), environ or {})


def test_defaults_match_the_issue():
    settings = settings_from([])
    assert (settings.host, settings.port, settings.engine) == ("127.0.0.1", 8000, "auto")
    assert settings.pace == (1.5, 3.0)
    assert settings.cors_origins == ("http://localhost:5173", "http://127.0.0.1:5173")
    assert settings.seed is None


def test_environment_overrides_default_and_flag_overrides_environment():
    assert settings_from([], {"DEEPTALK_PORT": "9000"}).port == 9000
    assert settings_from(["--port", "9100"], {"DEEPTALK_PORT": "9000"}).port == 9100


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_every_setting_is_taken_from_its_flag_and_from_its_environment_variable(setting):
    if setting.secret:
        pytest.skip("environment only")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    flag = f"--{setting.name.replace('_', '-')}"
    assert f"DEEPTALK_{setting.name.upper()}" in parser.format_help().replace("\n", " ").replace("  ", " ")
    parsed = parser.parse_args([flag, setting.default or "x"])
    assert getattr(parsed, setting.name) == (setting.default or "x")


@pytest.mark.parametrize(
    "text, pace",
    [("0", (0.0, 0.0)), ("2", (2.0, 2.0)), ("1.5,3.0", (1.5, 3.0)), (" 1 , 2 ", (1.0, 2.0)), ("3,1", (1.0, 3.0))],
)
def test_pace_forms(text, pace):
    assert parse_pace(text) == pace


@pytest.mark.parametrize("text", ["-1", "a,b", "1,2,3", "", "601", "nan", "inf"])
def test_bad_pace_is_refused(text):
    with pytest.raises(ValueError):
        parse_pace(text)


def test_a_bad_value_names_where_it_came_from():
    with pytest.raises(ValueError, match="DEEPTALK_ENGINE"):
        settings_from([], {"DEEPTALK_ENGINE": "gpt"})


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["--pace", "9,x"], "--pace"),
        (["--messages", "11"], "--messages"),
        (["--scenario", "explode-after:3"], "--scenario"),
        (["--port", "70000"], "--port"),
        (["--seed", "-4"], "--seed"),
        (["--engine", "openai", "--llm-url", "localhost:11434"], "--llm-url"),
        (["--log-level", "foo"], "--log-level: log level must be one of debug, info, warning, error"),
    ],
)
def test_serve_exits_2_on_a_bad_setting(tmp_path, args, complaint):
    done = subprocess.run(
        [sys.executable, "-m", "deeptalk", "serve", "--data-dir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert complaint in done.stderr


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["--engine", "llama", "--models-dir", "/nonexistent-models"], "no GGUF model"),
        (["--engine", "llama", "--model", "/nonexistent.gguf"], "no such file"),
        (["--engine", "openai"], "no model server given (--llm-url)"),
        (
            ["--engine", "openai", "--llm-url", "http://127.0.0.1:9/v1"],
            "the model server at http://127.0.0.1:9/v1 does not answer: could not be reached",
        ),
    ],
)
def test_serve_exits_1_with_one_line_when_the_engine_cannot_serve(tmp_path, args, complaint):
    done = subprocess.run(
        [sys.executable, "-m", "deeptalk", "serve", "--data-dir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"deeptalk serve: {done.stderr.split('deeptalk serve: ', 1)[-1].strip()}"]
    assert complaint in done.stderr


def test_an_unusable_data_dir_is_a_clear_error_at_start(tmp_path):
    (tmp_path / "file").write_text("")
    done = subprocess.run(
        [sys.executable, "-m", "deeptalk", "serve", "--port", "0", "--data-dir", str(tmp_path / "file")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot start" in done.stderr and "Traceback" not in done.stderr


def test_auto_engine_without_a_model_serves_fixtures_and_says_why(launch, tmp_path):
    log = "".join(launch("--engine", "auto", "--models-dir", str(tmp_path), process=True).log)
    assert "engine: fixture" in log and "(auto: " in log


def test_llama_engine_without_a_model_refuses_to_start_with_a_clear_error(tmp_path):
    done = deeptalk(
        "serve", "--port", "0", "--engine", "llama", "--models-dir", str(tmp_path), "--data-dir", str(tmp_path / "data")
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "llama" in done.stderr and ("no GGUF model" in done.stderr or "not installed" in done.stderr)


@pytest.mark.parametrize("command", [["-m", "deeptalk"], []])
def test_console_script_and_module_both_work(command):
    executable = [sys.executable, *command] if command else [str(Path(sys.executable).parent / "deeptalk")]
    done = subprocess.run([*executable, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "deeptalk" in done.stdout


def readme_settings() -> dict[str, list[str]]:
    """The README's settings table: environment variable -> (flag, variable, default, meaning) cells."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    rows = ([cell.strip() for cell in line.strip().strip("|").split("|")] for line in readme.splitlines())
    return {row[1].strip("`"): row for row in rows if len(row) >= 4 and row[1].startswith("`DEEPTALK_")}


# Defaults that depend on the machine or where DeepTalk is installed: the README describes them.
DESCRIBED_DEFAULTS = {
    "models_dir": "`models/`",
    "fixtures_dir": "`fixtures/`",
    "templates_dir": "`templates/`",
    "threads": "the number of CPUs",
}


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_the_readme_table_gives_every_settings_flag_and_default(setting):
    flag, _, default, _ = readme_settings()[setting.env_var][:4]
    assert flag == ("(none)" if setting.secret else f"`{setting.flag}`")
    if setting.name in DESCRIBED_DEFAULTS:
        assert DESCRIBED_DEFAULTS[setting.name] in default
    elif setting.default == "":
        assert default.startswith(("none", "the "))  # no value: what happens instead
    else:
        assert default == f"`{setting.default}`"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_the_readme_table_says_which_other_commands_take_each_setting(setting):
    cell = readme_settings()[setting.env_var][4]
    others = [command for command, names in COMMANDS.items() if command != "serve" and setting.name in names]
    assert cell == (", ".join(f"`{command}`" for command in others) or "(serve only)")


def test_a_secret_is_no_flag_and_never_in_the_settings_repr():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["--llm-api-key", "sk-1"])
    settings = resolve(argparse.Namespace(), {"DEEPTALK_LLM_API_KEY": "sk-do-not-show"})
    assert settings.llm_api_key == "sk-do-not-show" and "sk-do-not-show" not in repr(settings)
