"""The labelled corpus is the backbone: every `# expect:` found, nothing else reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from secreview.corpus import format_score, score

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def corpus_score():
    return score(CORPUS)


def test_corpus_has_labels(corpus_score):
    assert len(corpus_score.expected) > 0


def test_no_misses(corpus_score):
    assert not corpus_score.misses, format_score(corpus_score)


def test_no_false_alarms(corpus_score):
    assert not corpus_score.false_alarms, format_score(corpus_score)


def test_no_file_errors(corpus_score):
    assert not corpus_score.errors, corpus_score.errors
