"""The learned combination of ranking signals: a linear pairwise ranker fitted in numpy, stored per embedder.

Signals per candidate section: lexical (BM25 over the section's text), dense (cosine), question-bank match
(lexical and dense over the bank questions pointing at the section), heading match, the expansions (synonyms,
homophones, pinyin) the section holds, and the ranks. Fitted with k-fold cross-validation on the own question
sets by `python -m bot eval --fit-ranker`; weights live in retrieval/data/ranker.json beside the scope model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

FEATURES = (
    "lexical",  # best BM25 of the section's own units / best of any unit
    "dense",  # best cosine of the section's own units, min-max scaled over the candidates
    "bank_lexical",  # best BM25 of its bank questions / best of any bank question
    "bank_dense",  # best cosine of its bank questions, scaled
    "heading",  # idf share of the question's bigrams found in the heading and its parent
    "expansion",  # share of the expansions found in the section text
    "lexical_rank",  # 1 / (1 + rank among sections, lexical)
    "dense_rank",
    "bank_rank",
    "data",  # a school-data record (not a policy section)
    "bank_votes_dense",  # share of the query's 10 nearest bank questions (cosine) that point at the section
    "bank_votes_lexical",  # the same among the 10 best bank questions by BM25
    "classifier",  # the section classifier's probability for the section (retrieval/section_classifier.py)
    "classifier_lexical",  # the same by the question's words (retrieval/lexical_classifier.py)
)


@dataclass(frozen=True)
class LinearRanker:
    weights: tuple[float, ...]

    @classmethod
    def default(cls, embedder_name: str = "", path: Path | None = None) -> LinearRanker | None:
        """The ranker fitted for this embedder, or None (the hand-weighted fusion then ranks)."""
        try:
            text = path.read_text(encoding="utf-8") if path else resources.files("retrieval.data").joinpath("ranker.json").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        models = json.loads(text).get("models", {})
        raw = models.get(embedder_name)
        if not raw:
            return None
        weights = raw["weights"]
        return cls(tuple(float(weights.get(name, 0.0)) for name in FEATURES))

    def scores(self, features: np.ndarray) -> np.ndarray:
        return features @ np.asarray(self.weights, dtype=np.float64) if len(features) else np.zeros(0)

    def as_dict(self, extra: dict[str, object] | None = None) -> dict[str, object]:
        return {"weights": {name: round(w, 4) for name, w in zip(FEATURES, self.weights, strict=True)}, **(extra or {})}


def softmax(scores: np.ndarray) -> np.ndarray:
    if not len(scores):
        return scores
    shifted = np.exp(scores - scores.max())
    return np.asarray(shifted / shifted.sum())


def fit_pairwise(groups: Sequence[tuple[np.ndarray, np.ndarray]], l2: float = 0.01, steps: int = 600, rate: float = 0.5) -> LinearRanker:
    """Logistic loss on (gold − other) feature differences, one group per question; plain gradient descent."""
    diffs: list[np.ndarray] = []
    for features, is_gold in groups:
        if not is_gold.any() or is_gold.all():
            continue
        gold = features[is_gold]
        other = features[~is_gold]
        diffs.append((gold[:, None, :] - other[None, :, :]).reshape(-1, features.shape[1]))
    if not diffs:
        return LinearRanker(tuple(0.0 for _ in FEATURES))
    x = np.vstack(diffs)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        margin = np.clip(x @ w, -30, 30)
        grad = -(x * (1 / (1 + np.exp(margin)))[:, None]).mean(axis=0) + l2 * w
        w -= rate * grad
    return LinearRanker(tuple(float(v) for v in w))


def cross_validate(groups: Sequence[tuple[np.ndarray, np.ndarray]], folds: int = 5) -> dict[str, float]:
    """k-fold: fit on k−1 folds, rank the held fold; top-1 and recall@3 over every question."""
    top1 = recall3 = 0
    for fold in range(folds):
        train = [g for i, g in enumerate(groups) if i % folds != fold]
        model = fit_pairwise(train)
        for features, is_gold in (g for i, g in enumerate(groups) if i % folds == fold):
            order = np.argsort(-model.scores(features))
            top1 += bool(len(order)) and bool(is_gold[order[0]])
            recall3 += bool(is_gold[order[:3]].any())
    n = max(len(groups), 1)
    return {"cv_top1": top1 / n, "cv_recall@3": recall3 / n, "questions": float(len(groups))}


def save(path: Path, models: dict[str, dict[str, object]]) -> None:
    path.write_text(json.dumps({"models": models}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
