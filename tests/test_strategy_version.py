"""The strategy's fingerprint is its declared version (STRATEGY_VERSION), not a digest of its source
files: a comment or docstring fixed leaves golden interviews and interrupted ones alone. A change
to the code itself must come with a bumped version; this test notices one that did not.

When it fails: if what the engine asks, samples or keeps changed, bump STRATEGY_VERSION in
deeptalk/engines/model/strategy.py and rewrite the golden set (`make golden`); then record the
code's new digest in tests/strategy_version.json ("version" and "code", as the failure says).
"""

import json
from pathlib import Path

from deeptalk.engines.model import strategy, wordlists

RECORDED = Path(__file__).with_name("strategy_version.json")


def test_the_fingerprint_names_the_declared_strategy_version():
    assert strategy.strategy_version() == strategy.STRATEGY_VERSION


def test_a_change_to_the_strategys_code_comes_with_a_new_version():
    recorded = json.loads(RECORDED.read_text())
    now = {"version": strategy.STRATEGY_VERSION, "code": strategy.code_digest()}
    if now["version"] == recorded["version"]:
        assert now["code"] == recorded["code"], (
            f"The strategy's code changed ({recorded['code']} -> {now['code']}) but STRATEGY_VERSION did not. "
            "If what the engine asks, samples or keeps changed, bump it and run `make golden`; then write "
            f"{json.dumps(now)} to tests/{RECORDED.name}."
        )
    else:
        assert now == recorded, f"a new version: write {json.dumps(now)} to tests/{RECORDED.name}"


def test_comments_and_docstrings_do_not_change_the_code_digest(tmp_path, monkeypatch):
    source = Path(strategy.__file__).read_text()
    edited = source.replace("def call_seed(", "# a comment, added\ndef call_seed(", 1).replace(
        '"""A seed per model call', '"""A seed, worded otherwise, per model call', 1
    )
    assert edited != source
    copy = tmp_path / "deeptalk" / "engines" / "model"  # the package's layout: a module may sit above it
    for name in strategy.STRATEGY_MODULES:
        target = (copy / name).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((Path(strategy.__file__).parent / name).read_text())
    (copy / "strategy.py").write_text(edited)
    monkeypatch.setattr(strategy, "__file__", str(copy / "strategy.py"))
    assert strategy.code_digest() == json.loads(RECORDED.read_text())["code"]


def test_a_change_to_a_word_list_changes_the_code_digest(monkeypatch):
    before = strategy.code_digest()
    edited = {**wordlists.WORDS, "states": [*wordlists.WORDS["states"], "sideways"]}
    monkeypatch.setattr(wordlists, "WORDS", edited)
    assert strategy.code_digest() != before
