"""Fit the in-scope logistic model on retrieval features (numpy, L2-regularised), with k-fold estimates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.scope import ScopeFeatures, ScopeModel


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    return (x - mean) / std, mean, std


def fit(
    features: Sequence[ScopeFeatures], labels: Sequence[bool], l2: float = 1.0, steps: int = 3000, exclude: Sequence[str] = ()
) -> ScopeModel:
    names = ScopeFeatures.names()
    keep = np.array([name not in exclude for name in names], dtype=np.float64)
    x = np.array([f.vector() for f in features], dtype=np.float64) * keep
    y = np.array(labels, dtype=np.float64)
    xs, mean, std = _standardise(x)
    # class weights: out-of-scope questions are the minority, and missing one is the costlier mistake
    pos = max(y.mean(), 1e-6)
    weights = np.where(y == 1, 0.5 / pos, 0.5 / max(1 - pos, 1e-6))
    w = np.zeros(x.shape[1])
    b = 0.0
    rate = 0.1
    for _ in range(steps):
        z = xs @ w + b
        p = 1 / (1 + np.exp(-z))
        grad = (weights * (p - y)) @ xs / len(y) + l2 * w / len(y)
        w -= rate * grad
        b -= rate * float((weights * (p - y)).mean())
    # fold the standardisation into the weights so the model applies to raw features
    raw_w = w / std * keep
    raw_b = b - float((w * keep * mean / std).sum())
    return ScopeModel(dict(zip(names, raw_w.tolist(), strict=True)), raw_b, 0.5)


def choose_threshold(model: ScopeModel, features: Sequence[ScopeFeatures], labels: Sequence[bool], max_false_decline: float = 0.03) -> float:
    """The highest threshold (most declines) that keeps declined answerable questions under the cap."""
    probs = np.array([model.probability(f) for f in features])
    y = np.array(labels, dtype=bool)
    best = 0.5
    for threshold in np.linspace(0.05, 0.95, 91):
        false_decline = float(((probs < threshold) & y).sum()) / max(int(y.sum()), 1)
        if false_decline <= max_false_decline:
            best = float(threshold)
    return best


def cross_validate(
    features: Sequence[ScopeFeatures], labels: Sequence[bool], folds: int = 5, seed: int = 7, exclude: Sequence[str] = ()
) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(features))
    tp = fp = fn = 0
    answerable = sum(labels)
    for k in range(folds):
        test = set(order[k::folds].tolist())
        train_f = [f for i, f in enumerate(features) if i not in test]
        train_y = [y for i, y in enumerate(labels) if i not in test]
        model = fit(train_f, train_y, exclude=exclude)
        threshold = choose_threshold(model, train_f, train_y)
        for i in test:
            declined = model.probability(features[i]) < threshold
            oos = not labels[i]
            tp += declined and oos
            fp += declined and not oos
            fn += oos and not declined
    return {
        "cv_oos_precision": tp / (tp + fp) if tp + fp else 0.0,
        "cv_oos_recall": tp / (tp + fn) if tp + fn else 0.0,
        "cv_answerable_declined": fp / answerable if answerable else 0.0,
    }


def fit_and_report(features: Sequence[ScopeFeatures], labels: Sequence[bool], exclude: Sequence[str] = ()) -> tuple[ScopeModel, dict[str, float]]:
    model = fit(features, labels, exclude=exclude)
    threshold = choose_threshold(model, features, labels)
    return ScopeModel(model.weights, model.bias, threshold), cross_validate(features, labels, exclude=exclude)
