"""BM25 over character unigrams and bigrams of Simplified text (chosen by measurement: see docs/adr)."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.text import char_tokens, fold

logger = logging.getLogger(__name__)


FORMAT = 1  # bump when the saved layout changes: older cache files are then rebuilt, never misread


class BM25Index:
    """Postings in one compressed layout (token → a slice of two flat arrays), so that the index can be saved and
    loaded whole: a one-question command loads it instead of tokenising every unit again."""

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        counted = [Counter(char_tokens(fold(text))) for text in texts]
        postings: dict[str, list[tuple[int, int]]] = {}
        for index, counts in enumerate(counted):
            for token, tf in counts.items():
                postings.setdefault(token, []).append((index, tf))
        tokens = list(postings)
        flat = [pair for token in tokens for pair in postings[token]]
        ends = np.cumsum([len(postings[token]) for token in tokens], dtype=np.int64)
        lengths = np.array([sum(counts.values()) for counts in counted], dtype=np.float32)
        self._set(k1, b, tokens, ends, np.array([i for i, _ in flat], dtype=np.int32),
                  np.array([tf for _, tf in flat], dtype=np.float32), lengths)

    def _set(self, k1: float, b: float, tokens: list[str], ends: np.ndarray, ids: np.ndarray, tfs: np.ndarray,
             lengths: np.ndarray) -> None:
        self.k1, self.b = k1, b
        self.size = len(lengths)
        self._tokens, self._ends, self._ids, self._tfs, self._lengths = tokens, ends, ids, tfs, lengths
        avg = float(lengths.mean()) if self.size else 1.0
        self._norm = self.k1 * (1 - self.b + self.b * lengths / max(avg, 1e-6))
        starts = np.concatenate(([0], ends[:-1])) if len(ends) else ends
        self._slices = {token: (int(a), int(z)) for token, a, z in zip(tokens, starts, ends, strict=True)}
        counts = ends - starts
        idf = np.log(1 + (self.size - counts + 0.5) / (counts + 0.5))
        self._idf = dict(zip(tokens, idf.tolist(), strict=True))

    def idf(self, token: str) -> float:
        return self._idf.get(token, 0.0)

    def scores(self, weighted_tokens: dict[str, float]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for token, weight in weighted_tokens.items():
            span = self._slices.get(token)
            if span is None:
                continue
            ids, tfs = self._ids[span[0] : span[1]], self._tfs[span[0] : span[1]]
            scores[ids] += weight * self._idf[token] * tfs * (self.k1 + 1) / (tfs + self._norm[ids])
        return scores

    def known(self, token: str) -> bool:
        return token in self._slices

    def save(self, path: Path) -> None:
        """Atomically (a temporary file renamed): processes starting together never read half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".bm25-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, format=np.array([FORMAT, self.k1, self.b]), tokens=np.array(self._tokens, dtype=str),
                         ends=self._ends, ids=self._ids, tfs=self._tfs, lengths=self._lengths)
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> BM25Index | None:
        """None when the file is missing, unreadable or of another format."""
        try:
            with np.load(path, allow_pickle=False) as saved:
                head = saved["format"]
                if int(head[0]) != FORMAT:
                    return None
                index = cls.__new__(cls)
                index._set(float(head[1]), float(head[2]), saved["tokens"].tolist(), saved["ends"], saved["ids"],
                           saved["tfs"], saved["lengths"])
                return index
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None


def cached_bm25(texts: Sequence[str], cache_dir: Path | None, name: str) -> BM25Index:
    """The index of these texts from `cache_dir` (file named by `name` and a digest of the texts), else built and
    saved there; earlier files of the same name (other texts) are removed."""
    if cache_dir is None:
        return BM25Index(texts)
    digest = hashlib.sha256("\x1f".join([str(FORMAT), *texts]).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    path = cache_dir / f"bm25-{name}-{digest}.npz"
    loaded = BM25Index.load(path) if path.exists() else None
    if loaded is not None and loaded.size == len(texts):
        return loaded
    index = BM25Index(texts)
    try:
        index.save(path)
        for stale in cache_dir.glob(f"bm25-{name}-*.npz"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        logger.warning("lexical index not cached (%s)", exc)
    return index


def query_tokens(folded_query: str, expansions: Sequence[str], expansion_weight: float = 0.6) -> dict[str, float]:
    weights: dict[str, float] = {}
    for token in char_tokens(folded_query):
        weights[token] = weights.get(token, 0.0) + 1.0
    for phrase in expansions:
        for token in char_tokens(fold(phrase)):
            weights[token] = max(weights.get(token, 0.0), expansion_weight)
    return weights
