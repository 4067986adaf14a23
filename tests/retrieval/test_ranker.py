"""The learned ranker: pairwise fit, cross-validation, per-embedder weights, and the three-way decision."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from retrieval.ranker import FEATURES, LinearRanker, cross_validate, fit_pairwise, softmax
from retrieval.scope import ScopeFeatures, ScopeModel


def _groups(n: int, seed: int = 3) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(n):
        x = rng.random((6, len(FEATURES)))
        gold = np.zeros(6, dtype=bool)
        gold[int(np.argmax(x[:, 0] + 0.5 * x[:, 3]))] = True  # the truth follows features 0 and 3
        groups.append((x, gold))
    return groups


def test_pairwise_fit_learns_which_signals_matter() -> None:
    model = fit_pairwise(_groups(120))
    assert model.weights[0] > 0 and model.weights[3] > 0
    assert model.weights[0] > abs(model.weights[5])
    figures = cross_validate(_groups(120), folds=4)
    assert figures["cv_top1"] > 0.7 and figures["questions"] == 120


def test_weights_load_per_embedder(tmp_path: Path) -> None:
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps({"models": {"fake": {"weights": {"lexical": 2.0, "bank_dense": 1.0}}}}), encoding="utf-8")
    model = LinearRanker.default("fake", path)
    assert model is not None and model.weights[FEATURES.index("lexical")] == 2.0
    assert LinearRanker.default("other", path) is None
    scores = model.scores(np.eye(len(FEATURES)))
    assert scores[0] == 2.0 and scores[FEATURES.index("bank_dense")] == 1.0


def test_softmax_sums_to_one() -> None:
    p = softmax(np.array([1.0, 2.0, 3.0]))
    assert abs(float(p.sum()) - 1) < 1e-9 and p[2] > p[1] > p[0]


def test_scope_model_decides_answer_clarify_decline() -> None:
    model = ScopeModel({}, 0.0, threshold=0.3, clarify_below=0.6, share_below=0.4)
    sure = ScopeFeatures(0, 0, 0, 0, 0, False, 0, 0, 0, top_share=0.9)
    unsure = ScopeFeatures(0, 0, 0, 0, 0, False, 0, 0, 0, top_share=0.2)
    assert model.decide(0.2, sure) == "decline"
    assert model.decide(0.5, sure) == "clarify"
    assert model.decide(0.7, sure) == "answer"
    assert model.decide(0.7, unsure) == "clarify"
    assert ScopeModel.from_dict(model.as_dict()) == model
