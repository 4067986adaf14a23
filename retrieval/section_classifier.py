"""A section classifier over the query vector: softmax regression fitted on the index's own vectors.

The question bank's questions and the sections' units are examples of the policy section they point at. Their
nearest neighbours already vote for a section (`bank_votes_dense`); a linear classifier learns instead which
directions of the vector space tell the sections apart, so that a question in words no bank question uses can
still land on its section. Its probability for a candidate is one more signal of the learned ranker.

Fitted in numpy (Adam, float32, about 0.7 s for two thousand units on two cores) and kept beside the vector
sidecar, keyed by the vectors and their sections, so that a warm start reads it back in a few ms."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)
FORMAT = 1
TEMPERATURE = 20.0  # e5 cosines bunch together: the logits are scaled up so the softmax can separate them
STEPS = 400
RATE = 0.01
L2 = 1e-2


@dataclass(frozen=True)
class SectionClassifier:
    keys: tuple[str, ...]
    weights: np.ndarray  # (dim, classes)
    bias: np.ndarray  # (classes,)

    @classmethod
    def fit(cls, vectors: np.ndarray, keys: Sequence[str], steps: int = STEPS, rate: float = RATE, l2: float = L2) -> SectionClassifier:
        classes = tuple(sorted(set(keys)))
        weights, bias = fit_softmax(np.asarray(vectors, dtype=np.float32), one_hot(keys, classes), TEMPERATURE, steps, rate, l2)
        return cls(classes, weights, bias)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """Each section's probability for this query vector."""
        if not self.keys:
            return {}
        p = softmax_rows((TEMPERATURE * (np.asarray(vector, dtype=np.float32) @ self.weights) + self.bias)[None, :])[0]
        return dict(zip(self.keys, p.tolist(), strict=True))


def one_hot(keys: Sequence[str], classes: Sequence[str]) -> np.ndarray:
    index = {key: i for i, key in enumerate(classes)}
    return np.eye(len(classes), dtype=np.float32)[[index[key] for key in keys]]


def fit_softmax(x: Any, target: np.ndarray, temperature: float, steps: int, rate: float, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression by Adam on a dense array or a scipy sparse matrix `x` (rows: examples)."""
    xt = x.T.tocsr() if hasattr(x, "tocsr") else x.T
    weights = np.zeros((x.shape[1], target.shape[1]), dtype=np.float32)
    bias = np.zeros(target.shape[1], dtype=np.float32)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, steps + 1):
        grad = (softmax_rows(temperature * np.asarray(x @ weights) + bias) - target) / x.shape[0]
        grad_w = temperature * np.asarray(xt @ grad) + l2 * weights
        grad_b = grad.sum(axis=0)
        for param, g, m, v in ((weights, grad_w, moments[0], moments[1]), (bias, grad_b, moments[2], moments[3])):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            param -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return weights, bias


def softmax_rows(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _key(vectors: np.ndarray, keys: Sequence[str]) -> str:
    digest = hashlib.sha256(f"section classifier {FORMAT} {STEPS} {RATE} {L2} {TEMPERATURE}\n".encode())
    digest.update(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    for key in keys:
        digest.update(key.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def cached_classifier(directory: Path, vectors: np.ndarray, keys: Sequence[str]) -> SectionClassifier | None:
    """The classifier for exactly these vectors and sections: read from `directory` when fitted before, else fitted
    and written. None when there is nothing to tell apart."""
    if len(set(keys)) < 2:
        return None
    key = _key(vectors, keys)
    path = directory / f"classifier-{key[:24]}.npz"
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) == key:
                return SectionClassifier(tuple(str(k) for k in data["keys"]), data["weights"], data["bias"])
    except (OSError, ValueError, KeyError):
        pass
    classifier = SectionClassifier.fit(vectors, keys)
    save_replacing(path, "classifier-*.npz", key=np.array(key), keys=np.array(classifier.keys), weights=classifier.weights, bias=classifier.bias)
    return classifier


def save_replacing(path: Path, stale: str, **arrays: np.ndarray) -> None:
    """Write `arrays` to `path` atomically, removing the files of the directory matching `stale` (older fits)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(stale):
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except OSError as exc:
        logger.warning("%s not cached (%s)", path.name, exc)
