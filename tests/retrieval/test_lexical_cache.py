from pathlib import Path

import numpy as np

from retrieval.lexical import BM25Index, cached_bm25, query_tokens
from retrieval.text import fold

TEXTS = ["建立以居住证为主要依据的随迁子女入学政策", "加强留守儿童关爱保护", "学校标准化建设", "寄宿生生活补助 1000元"]


def test_a_loaded_index_scores_exactly_as_the_built_one(tmp_path: Path) -> None:
    built = BM25Index(TEXTS)
    built.save(tmp_path / "index.npz")
    loaded = BM25Index.load(tmp_path / "index.npz")
    assert loaded is not None
    for question in ("随迁子女要居住证吗", "留守儿童", "补助1000元", "天气"):
        weights = query_tokens(fold(question), ())
        assert np.array_equal(built.scores(weights), loaded.scores(weights))
    assert loaded.idf("留守") == built.idf("留守") > 0
    assert loaded.known("寄宿") and not loaded.known("天气")


def test_the_cache_is_reused_for_the_same_texts_and_replaced_for_others(tmp_path: Path) -> None:
    cached_bm25(TEXTS, tmp_path, "units")
    first = sorted(tmp_path.glob("bm25-units-*.npz"))
    assert len(first) == 1
    stamp = first[0].stat().st_mtime_ns
    cached_bm25(TEXTS, tmp_path, "units")
    assert first[0].stat().st_mtime_ns == stamp  # loaded, not written again
    changed = cached_bm25([*TEXTS, "教师交流轮岗"], tmp_path, "units")
    now = sorted(tmp_path.glob("bm25-units-*.npz"))
    assert len(now) == 1 and now != first  # the earlier texts' file is gone
    assert changed.size == 5 and changed.known("轮岗")


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path) -> None:
    cached_bm25(TEXTS, tmp_path, "units")
    path = next(tmp_path.glob("bm25-units-*.npz"))
    path.write_bytes(b"not a zip file")
    assert BM25Index.load(path) is None
    index = cached_bm25(TEXTS, tmp_path, "units")
    assert index.size == len(TEXTS) and BM25Index.load(path) is not None


def test_an_empty_index_saves_and_loads(tmp_path: Path) -> None:
    BM25Index([]).save(tmp_path / "empty.npz")
    loaded = BM25Index.load(tmp_path / "empty.npz")
    assert loaded is not None and loaded.size == 0 and not loaded.scores({"学校": 1.0}).size
