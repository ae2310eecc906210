"""The labeller: a model trained on the corpus writers' labels that reads each customer answer's
theme, feeling and kind (deeptalk/engines/model/labeller.py)."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from deeptalk import corpus
from deeptalk.engines.model import labeller, vocabulary

KINDS = {"routine", "problem", "incident", "cause", "workaround", "cost", "tools", "decision", "wish", "dodge"} | {
    "unsure",
    "pushback",
    "refusal",
    "other",
}


@given(st.text(max_size=200), st.text(max_size=200))
def test_every_label_is_one_of_the_closed_vocabularies(question, answer):
    labels = labeller.trained().label(question, answer)
    assert labels.theme in {*vocabulary.THEMES, "None"}
    assert labels.feeling in vocabulary.FEELINGS
    assert labels.kind in KINDS


@given(st.text(max_size=200))
def test_each_posterior_is_a_probability_distribution_whose_top_is_the_label(answer):
    labels = labeller.trained().label("What happened last time?", answer)
    for name in labeller.LABEL_SETS:
        posterior = labels.posterior[name]
        assert abs(sum(posterior.values()) - 1) < 1e-9
        assert posterior[getattr(labels, name)] == max(posterior.values())


def test_the_same_answer_gets_the_same_labels_from_a_fresh_model():
    answer = "Last Tuesday the van broke down and we lost a whole day of deliveries."
    fresh = labeller.Labeller(corpus.corpus())
    assert fresh.label("", answer) == labeller.trained().label("", answer)


def test_the_question_an_answer_answers_is_read_with_it():
    model = labeller.trained()
    answer = "Tuesday. The van."
    assert model.label("When did it last happen?", answer).kind == "incident"
    assert model.label("What do you use to plan the routes today?", answer).kind != "incident"


def test_plain_answers_get_the_labels_a_reader_would_give():
    model = labeller.trained()
    money = model.label("What did that cost you?", "About four grand a month in hire we never invoiced, £4,000.")
    assert (money.theme, money.kind) == ("Money and margins", "cost")
    unsure = model.label("How many hours a week does that take?", "I honestly don't know, I've never counted.")
    assert unsure.kind == "unsure"


def test_a_naive_bayes_learns_which_words_tell_its_labels_apart():
    examples = [(["late", "van"], "Time"), (["late", "again"], "Time"), (["invoice", "paid"], "Money")]
    model = labeller.NaiveBayes(examples, smoothing=0.5)
    assert max(model.labels, key=model.posterior(["late"]).__getitem__) == "Time"
    assert max(model.labels, key=model.posterior(["invoice"]).__getitem__) == "Money"
    assert model.posterior(["unknown"]) == model.posterior([])  # words it never saw say nothing


def test_on_held_out_interviews_each_label_beats_always_answering_the_commonest():
    model = labeller.trained()
    turns = [answered for record in corpus.heldout() for answered in record.answered()]
    for name in labeller.LABEL_SETS:
        theirs = [str(turn[name]) for _, turn in turns]
        ours = [getattr(model.label(q, turn["message"]), name) for q, turn in turns]
        agree = sum(a == b for a, b in zip(ours, theirs, strict=True))
        assert agree > Counter(theirs).most_common(1)[0][1], name


def test_the_corpus_digest_changes_with_the_corpus(tmp_path, monkeypatch):
    before = labeller.corpus_digest()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "batch-01.jsonl").write_text("{}\n")
    labeller.corpus_digest.cache_clear()
    monkeypatch.setattr(corpus, "training_dir", lambda: tmp_path)
    try:
        assert labeller.corpus_digest() != before
    finally:
        labeller.corpus_digest.cache_clear()
