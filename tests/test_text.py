"""Sentences of English text (deeptalk/text.py), the one splitter the corpus checks and the model
engines share."""

from hypothesis import given
from hypothesis import strategies as st

from deeptalk import corpus, text
from deeptalk.engines.model import measures


def test_a_sentence_ends_at_its_stop_and_the_quote_that_closes_it():
    assert text.sentences('He said "No." Then he left! Why? And') == ['He said "No."', "Then he left!", "Why?", "And"]


def test_a_numbers_point_or_a_titles_ends_no_sentence():
    said = "About 2.5 hours, or £12.50 a shift. Mr. Kyle decides. I paid 40. Then I left."
    assert text.sentences(said) == [
        "About 2.5 hours, or £12.50 a shift.",
        "Mr. Kyle decides.",
        "I paid 40.",
        "Then I left.",
    ]


def test_the_corpus_and_the_engines_split_sentences_one_way():
    assert corpus.sentences is text.sentences is measures.sentences


@given(st.text(max_size=200))
def test_splitting_loses_no_word(said):
    assert measures.words(" ".join(text.sentences(said))) == measures.words(said)
