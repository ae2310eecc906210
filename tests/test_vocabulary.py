"""The model engines' word lists, held as data (deeptalk/engines/model/words.yaml, read by
wordlists.py) and referenced by name: each stated once, and consistent with each other."""

import yaml

from deeptalk.engines.model import guide, vocabulary, wordlists


def _lists(value, path=()):
    """Every list of words in the file, with where it is."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _lists(inner, (*path, str(key)))
    elif isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            yield path, value
        else:
            for number, item in enumerate(value):
                yield from _lists(item, (*path, str(number)))


def test_no_list_of_the_word_file_names_a_word_twice():
    for path, words in _lists(wordlists.WORDS):
        repeated = sorted({w for w in words if words.count(w) > 1})
        assert not repeated, f"{'/'.join(path)}: {repeated}"


def test_every_feeling_has_its_emoji_and_no_other_label_has_one():
    assert set(vocabulary.EMOJIS) == set(vocabulary.FEELINGS)


def test_no_need_sits_under_two_themes():
    needs = [need for needs in vocabulary.THEMES.values() for need in needs]
    assert len(needs) == len(set(needs))


def test_every_goal_with_words_to_ask_is_one_the_guide_plans():
    goals = {goal for phase in guide.PHASE_GOALS.values() for goal in phase} | {"close"}
    assert set(vocabulary.ASKS_FOR) <= goals
    assert set(vocabulary.ASKS_ABOUT) <= set(vocabulary.ASKS_FOR)


def test_a_comment_in_the_word_file_leaves_its_digest_alone(tmp_path, monkeypatch):
    before = wordlists.digest()
    edited = tmp_path / "words.yaml"
    edited.write_text("# a comment, added\n" + wordlists.WORDS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(wordlists, "WORDS", yaml.safe_load(edited.read_text(encoding="utf-8")))
    assert wordlists.digest() == before


def test_a_domain_key_is_a_whole_word_not_part_of_one():
    # "app" is no "appointments" nor "happen": a plumber gets no start-up words
    found = vocabulary.domain_words("Plumber", "Construction", "Call-outs happen by phone; appointments slip.")
    assert "investors" not in found and "churn" not in found
    assert "boiler" in found  # "plumb*" is a key of the trades


def test_a_domain_key_with_a_star_takes_any_ending():
    assert "marking" in vocabulary.domain_words("Chemistry Teacher", "Education", "Five classes.")
