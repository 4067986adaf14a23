from __future__ import annotations

import numpy as np
import pytest

from retrieval.embedders import CachedEmbedder, FakeEmbedder, make_embedder, unwrap


class Counting(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.calls.append(text)
        return super().embed_query(text)


def test_repeated_queries_skip_the_encoder_and_get_the_same_vector() -> None:
    inner = Counting()
    cached = CachedEmbedder(inner, size=2)
    first = cached.embed_query("娃该上哪个学校")
    again = cached.embed_query("娃该上哪个学校")
    assert inner.calls == ["娃该上哪个学校"]
    assert np.array_equal(first, again) and np.array_equal(first, inner.embed_query("娃该上哪个学校"))
    assert (cached.hits, cached.misses) == (1, 1)
    assert cached.name == inner.name and cached.dim == inner.dim


def test_the_cache_is_bounded_least_recently_used_first_and_keyed_by_exact_text() -> None:
    inner = Counting()
    cached = CachedEmbedder(inner, size=2)
    for text in ["甲", "乙", "甲", "丙"]:  # 乙 is the least recently used when 丙 comes
        cached.embed_query(text)
    assert cached.cached == 2 and bool(CachedEmbedder(inner, 2))
    cached.embed_query("甲")
    cached.embed_query("乙")
    cached.embed_query("甲 ")  # another text: another entry
    assert inner.calls == ["甲", "乙", "丙", "乙", "甲 "]


def test_cached_vectors_cannot_be_changed_by_a_caller() -> None:
    cached = CachedEmbedder(FakeEmbedder(), size=4)
    vector = cached.embed_query("学区")
    with pytest.raises(ValueError):
        vector[0] = 5.0


def test_passages_are_not_cached_and_size_zero_means_no_cache() -> None:
    inner = Counting()
    off = CachedEmbedder(inner, size=0)
    off.embed_query("学区")
    off.embed_query("学区")
    assert len(inner.calls) == 2 and off.cached == 0
    assert off.embed_passages(["甲", "乙"]).shape == (2, inner.dim)


def test_make_embedder_wraps_only_with_a_size() -> None:
    assert isinstance(make_embedder("fake"), FakeEmbedder)
    wrapped = make_embedder("fake", cache_size=8)
    assert isinstance(wrapped, CachedEmbedder) and isinstance(unwrap(wrapped), FakeEmbedder)


class _Runtime:
    """Stands for libgomp: records the thread counts set, per calling thread."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.set: list[int] = []

    def omp_get_max_threads(self) -> int:
        return self.threads

    def omp_set_num_threads(self, n: int) -> None:
        self.set.append(n)


def test_a_query_alone_uses_every_thread_and_overlapping_queries_one_each() -> None:
    import threading

    from retrieval.embedders import QuerySlots

    runtime = _Runtime(2)
    slots = QuerySlots(runtime)  # type: ignore[arg-type]
    with slots.slot():
        assert runtime.set == [2]
        inside, release = threading.Event(), threading.Event()

        def second() -> None:
            with slots.slot():
                inside.set()
                release.wait(5)

        worker = threading.Thread(target=second)
        worker.start()
        assert inside.wait(5) and runtime.set == [2, 1]
        entered = threading.Event()

        def third_query() -> None:
            with slots.slot():
                entered.set()

        third = threading.Thread(target=third_query, daemon=True)
        third.start()
        assert not entered.wait(0.2) and runtime.set == [2, 1]  # both slots taken: it waits
        release.set()
        worker.join(5)
        assert entered.wait(5)  # the second's slot, while the first still runs: one thread
    third.join(5)
    assert runtime.set == [2, 1, 1]


def test_passages_wait_for_every_slot_and_use_every_thread() -> None:
    from retrieval.embedders import QuerySlots

    runtime = _Runtime(3)
    slots = QuerySlots(runtime)  # type: ignore[arg-type]
    with slots.slot():
        with slots.slot():
            pass
        assert runtime.set == [3, 1]
    with slots.slot(alone=True):
        assert runtime.set[-1] == 3
    assert QuerySlots(None).threads == 1  # no runtime: one call at a time
