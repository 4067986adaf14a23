"""BM25 over character unigrams and bigrams of Simplified text (chosen by measurement: see docs/adr)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from retrieval.text import char_tokens, fold


class BM25Index:
    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(texts)
        lengths = np.zeros(self.size, dtype=np.float32)
        postings: dict[str, list[tuple[int, int]]] = {}
        for index, text in enumerate(texts):
            counts = Counter(char_tokens(fold(text)))
            lengths[index] = sum(counts.values())
            for token, tf in counts.items():
                postings.setdefault(token, []).append((index, tf))
        avg = float(lengths.mean()) if self.size else 1.0
        self._norm = self.k1 * (1 - self.b + self.b * lengths / max(avg, 1e-6))
        self._postings = {
            token: (np.array([i for i, _ in plist], dtype=np.int32), np.array([tf for _, tf in plist], dtype=np.float32))
            for token, plist in postings.items()
        }
        self._idf = {
            token: math.log(1 + (self.size - len(plist) + 0.5) / (len(plist) + 0.5)) for token, plist in postings.items()
        }

    def idf(self, token: str) -> float:
        return self._idf.get(token, 0.0)

    def scores(self, weighted_tokens: dict[str, float]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for token, weight in weighted_tokens.items():
            posting = self._postings.get(token)
            if posting is None:
                continue
            ids, tfs = posting
            scores[ids] += weight * self._idf[token] * tfs * (self.k1 + 1) / (tfs + self._norm[ids])
        return scores

    def known(self, token: str) -> bool:
        return token in self._postings


def query_tokens(folded_query: str, expansions: Sequence[str], expansion_weight: float = 0.6) -> dict[str, float]:
    weights: dict[str, float] = {}
    for token in char_tokens(folded_query):
        weights[token] = weights.get(token, 0.0) + 1.0
    for phrase in expansions:
        for token in char_tokens(fold(phrase)):
            weights[token] = max(weights.get(token, 0.0), expansion_weight)
    return weights
