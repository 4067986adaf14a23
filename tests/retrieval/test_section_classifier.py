from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.classifier_fit import example_vectors
from retrieval.embedders import FakeEmbedder
from retrieval.expand import Expander
from retrieval.hybrid import HybridRetriever
from retrieval.ranker import FEATURES, LinearRanker
from retrieval.scope import ScopeModel
from retrieval.section_classifier import SectionClassifier, cached_classifier
from retrieval.units import SectionRef, build_units
from tests.fakes import InMemoryVectors


def _clusters(seed: int = 3) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Two sections whose examples lie around two directions of a 16-dimensional space, and those directions."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(2, 16))
    rows, keys = [], []
    for key, centre in zip(("d#1", "d#2"), centres, strict=True):
        for _ in range(20):
            vector = centre + 0.3 * rng.normal(size=16)
            rows.append(vector / np.linalg.norm(vector))
            keys.append(key)
    return np.array(rows, dtype=np.float32), keys, centres


def test_the_classifier_tells_sections_apart_on_vectors_it_was_not_fitted_on() -> None:
    vectors, keys, centres = _clusters()
    classifier = SectionClassifier.fit(vectors, keys)
    rng = np.random.default_rng(11)
    for key, centre in zip(("d#1", "d#2"), centres, strict=True):
        unseen = centre + 0.3 * rng.normal(size=16)
        probabilities = classifier.probabilities(unseen / np.linalg.norm(unseen))
        assert max(probabilities, key=lambda k: probabilities[k]) == key
        assert sum(probabilities.values()) == pytest.approx(1.0)


def test_the_fitted_classifier_is_read_back_not_fitted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vectors, keys, _ = _clusters()
    first = cached_classifier(tmp_path, vectors, keys)
    assert first is not None and len(list(tmp_path.glob("classifier-*.npz"))) == 1

    def no_fit(*args: object, **kwargs: object) -> SectionClassifier:
        raise AssertionError("fitted again although cached")

    monkeypatch.setattr(SectionClassifier, "fit", no_fit)
    again = cached_classifier(tmp_path, vectors, keys)
    assert again is not None and again.keys == first.keys
    np.testing.assert_array_equal(again.weights, first.weights)


def test_other_vectors_refit_and_replace_the_cached_classifier(tmp_path: Path) -> None:
    vectors, keys, _ = _clusters()
    cached_classifier(tmp_path, vectors, keys)
    before = set(tmp_path.glob("classifier-*.npz"))
    other, other_keys, _ = _clusters(seed=5)
    cached_classifier(tmp_path, other, other_keys)
    after = set(tmp_path.glob("classifier-*.npz"))
    assert len(after) == 1 and after != before


def test_one_section_alone_needs_no_classifier(tmp_path: Path) -> None:
    vectors, keys, _ = _clusters()
    assert cached_classifier(tmp_path, vectors[:20], keys[:20]) is None


SECTIONS = [
    SectionRef("d", "1", "1.改革随迁子女就学机制", ("三、工作任务",), "建立以居住证为主要依据的随迁子女入学政策。", doc_title="方案"),
    SectionRef("d", "2", "2.加强留守儿童关爱保护", ("三、工作任务",), "优先安排留守儿童就读寄宿制学校。", doc_title="方案"),
    SectionRef("data", "schools#1", "海原县第一小学", (), "学校：海原县第一小学", kind="data"),
]


def test_the_classifier_learns_from_policy_units_and_its_probability_is_a_ranking_signal() -> None:
    units = build_units(SECTIONS)
    embedder = FakeEmbedder()
    retriever = HybridRetriever(units, embedder, InMemoryVectors(embedder, units), Expander.load(), ScopeModel.always_in_scope(),
                                ranker=LinearRanker(tuple(1.0 if name == "classifier" else 0.0 for name in FEATURES)))
    examples = example_vectors(retriever)
    assert examples is not None
    vectors, keys = examples
    assert set(keys) == {"d#1", "d#2"} and len(vectors) == len(keys)  # the school-data record is looked up, not classified
    retriever.classifier = SectionClassifier(("d#1", "d#2"), np.zeros((embedder.dim, 2), dtype=np.float32), np.array([0.0, 4.0], dtype=np.float32))
    found = retriever.search("随迁子女入学要居住证吗", 3).candidates
    assert found is not None
    column = FEATURES.index("classifier")
    by_key = {section.key: float(row[column]) for section, row in zip(found.sections, found.features, strict=True)}
    assert by_key["d#2"] > 0.9 > by_key["d#1"]
    assert retriever.search("随迁子女入学要居住证吗", 3).hits[0].section.key == "d#2"  # a ranker weighing only the classifier follows it


def _words(text: str) -> dict[str, float]:
    from retrieval.lexical import query_tokens
    from retrieval.text import fold

    return query_tokens(fold(text), [])


LEXICAL_EXAMPLES = [
    ("随迁子女入学要啥手续", "d#1"), ("外地娃随迁子女在县里上学", "d#1"), ("随迁子女能不能在这念书", "d#1"), ("居住证随迁子女入学", "d#1"),
    ("留守儿童有人管吗", "d#2"), ("爸妈打工留守儿童谁照顾", "d#2"), ("留守儿童亲情电话", "d#2"), ("学校关爱留守儿童", "d#2"),
]


def test_the_lexical_classifier_learns_the_words_that_tell_sections_apart() -> None:
    from retrieval.lexical_classifier import LexicalSectionClassifier

    classifier = LexicalSectionClassifier.fit([_words(t) for t, _ in LEXICAL_EXAMPLES], [k for _, k in LEXICAL_EXAMPLES])
    migrant = classifier.probabilities(_words("俺家是随迁子女，学校收不收"))
    left_behind = classifier.probabilities(_words("娃是留守儿童，学校咋办"))
    assert migrant["d#1"] > 0.5 > migrant["d#2"]
    assert left_behind["d#2"] > 0.5 > left_behind["d#1"]
    unknown = classifier.probabilities({"没见过的词": 1.0})  # no known word: the biases alone, still a distribution
    assert set(unknown) == {"d#1", "d#2"} and sum(unknown.values()) == pytest.approx(1.0)


def test_the_lexical_classifier_is_cached_by_its_examples_and_the_synonyms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval.lexical_classifier import LexicalSectionClassifier, cached_lexical_classifier

    texts, keys = [t for t, _ in LEXICAL_EXAMPLES], [k for _, k in LEXICAL_EXAMPLES]
    first = cached_lexical_classifier(tmp_path, texts, keys, _words, salt="a")
    assert first is not None
    fitted = LexicalSectionClassifier.fit

    def no_fit(*args: object, **kwargs: object) -> LexicalSectionClassifier:
        raise AssertionError("fitted again although cached")

    monkeypatch.setattr(LexicalSectionClassifier, "fit", no_fit)
    again = cached_lexical_classifier(tmp_path, texts, keys, _words, salt="a")
    assert again is not None and again.vocabulary == first.vocabulary
    np.testing.assert_array_equal(again.weights, first.weights)
    monkeypatch.setattr(LexicalSectionClassifier, "fit", fitted)
    assert cached_lexical_classifier(tmp_path, texts, keys, _words, salt="b") is not None  # other synonyms: fitted again
    assert len(list(tmp_path.glob("lexclassifier-*.npz"))) == 1
