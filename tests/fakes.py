"""Test doubles shared by the test tree (kept out of production code)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.embedders import Embedder
from retrieval.units import Unit
from retrieval.vector_cache import cosine_scores


class InMemoryVectors:
    """Exact cosine search over a numpy matrix, no persistence: the retriever's vector side without Chroma."""

    def __init__(self, embedder: Embedder, units: Sequence[Unit]) -> None:
        self.ids = [unit.unit_id for unit in units]
        self.matrix = embedder.embed_passages([unit.embed_text for unit in units]) if units else np.zeros((0, embedder.dim))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        scores = cosine_scores(self.matrix, vector)
        order = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in order]
