"""A sidecar copy of the stored unit vectors, so that a process whose index is up to date searches without
opening Chroma (importing chromadb alone costs half a second of a one-question command).

Two files per collection: `<name>.npy` (the vectors, one row per unit) and `<name>.json` (the embedder,
the unit ids in row order, each unit's content hash, and the SHA-256 of the .npy file). The sidecar is
used only when its embedder is the one configured, its units and their content hashes are exactly the
units wanted now, and the .npy file still has the recorded digest; otherwise the caller opens the store
of record (Chroma), syncs it, and writes the sidecar anew. Chroma stays the store of record.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from retrieval.units import Unit


def cosine_scores(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Dot products of unit vectors, in one thread on purpose: `matrix @ vector` wakes the BLAS thread
    pool for a large matrix, and its spinning threads then slow the encoder's own (OpenMP) threads on
    the next query (measured with 3,735 units: encoder p95 144 ms after matmul, 34 ms after einsum)."""
    return np.einsum("ij,j->i", matrix, np.asarray(vector, dtype=np.float32))


def matrix_search(ids: Sequence[str], matrix: np.ndarray, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
    """(unit id, cosine similarity) of unit vectors, best first."""
    scores = cosine_scores(matrix, vector)
    order = np.argsort(-scores)[:k]
    return [(ids[i], float(scores[i])) for i in order]


class MatrixVectors:
    """Exact search over vectors held in memory (the `VectorSearch` of a retriever)."""

    def __init__(self, ids: Sequence[str], matrix: np.ndarray) -> None:
        self.ids = list(ids)
        self.matrix = matrix

    def count(self) -> int:
        return len(self.ids)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        return matrix_search(self.ids, self.matrix, vector, k)


def collection_name(collection: str, embedder_name: str) -> str:
    """One collection per embedding model: vectors of different models never mix."""
    safe_model = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in embedder_name)[:60]
    return f"{collection}-{safe_model}"[:512]


def wanted_hashes(units: Sequence[Unit]) -> dict[str, str]:
    return {unit.unit_id: unit.content_hash for unit in units}


def _paths(directory: Path, name: str) -> tuple[Path, Path]:
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in name)[:200]
    return directory / f"{safe}.npy", directory / f"{safe}.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_sidecar(directory: Path, name: str, embedder_name: str, units: Sequence[Unit]) -> MatrixVectors | None:
    """The vectors of exactly these units, or None when the sidecar is missing, stale or damaged."""
    vectors_path, manifest_path = _paths(directory, name)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("embedder") != embedder_name or manifest.get("hashes") != wanted_hashes(units):
            return None
        if _digest(vectors_path) != manifest.get("sha256"):
            return None
        matrix = np.load(vectors_path, allow_pickle=False)
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    ids = list(manifest.get("ids", []))
    if matrix.ndim != 2 or matrix.shape[0] != len(ids) or set(ids) != set(manifest["hashes"]):
        return None
    return MatrixVectors(ids, np.asarray(matrix, dtype=np.float32))


def save_sidecar(
    directory: Path, name: str, embedder_name: str, ids: Sequence[str], matrix: np.ndarray, hashes: Mapping[str, str]
) -> None:
    """Write the sidecar (each file replaced atomically; the manifest last, so a reader never trusts a
    half-written matrix: its digest would not match)."""
    directory.mkdir(parents=True, exist_ok=True)
    vectors_path, manifest_path = _paths(directory, name)
    pid = os.getpid()
    tmp_vectors = vectors_path.with_suffix(f".{pid}.tmp.npy")
    with tmp_vectors.open("wb") as handle:
        np.save(handle, np.asarray(matrix, dtype=np.float32), allow_pickle=False)
    digest = _digest(tmp_vectors)  # of what this process wrote: another writer's matrix will not match it
    os.replace(tmp_vectors, vectors_path)
    manifest = {"embedder": embedder_name, "ids": list(ids), "hashes": dict(hashes), "sha256": digest}
    tmp_manifest = manifest_path.with_suffix(f".{pid}.tmp")
    tmp_manifest.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_manifest, manifest_path)


def held_vectors(vectors: object) -> tuple[list[str], np.ndarray] | None:
    """The unit ids and vectors a vector search keeps in memory, when it does."""
    if hasattr(vectors, "in_memory"):
        held = vectors.in_memory()
        return (list(held[0]), np.asarray(held[1])) if held else None
    ids, matrix = getattr(vectors, "ids", None), getattr(vectors, "matrix", None)
    return (list(ids), np.asarray(matrix)) if ids is not None and matrix is not None else None
