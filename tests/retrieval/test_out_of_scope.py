"""Negative units: the out-of-scope bank's signals and the margin rule of the in-scope decision."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.embedders import FakeEmbedder
from retrieval.lexical import query_tokens
from retrieval.out_of_scope import (
    NegativeIndex,
    OutsidePlaces,
    default_path,
    load_negatives,
    load_outside_places,
)
from retrieval.scope import NO_RULE, ScopeFeatures, ScopeModel
from retrieval.text import fold

POSITIVES = ["寄宿生生活补助一年多少钱", "随迁子女凭居住证入学", "乡村教师交流轮岗比例"]
NEGATIVES = ["中考分数线是多少", "幼儿园几岁报名", "特岗教师招聘考试时间"]


def _signals(index: NegativeIndex, embedder: FakeEmbedder, question: str) -> tuple[float, float]:
    folded = fold(question)
    vector = embedder.embed_query(folded)
    positive_top = float((embedder.embed_passages(POSITIVES) @ vector).max())
    return index.signals(vector, query_tokens(folded, []), positive_top, folded)


def test_a_question_like_a_negative_lies_above_the_positives(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    index = NegativeIndex.build(NEGATIVES, POSITIVES, embedder, tmp_path)
    assert index is not None
    margin, share = _signals(index, embedder, "今年中考分数线多少")
    assert margin > 0 and share > 0.5
    margin, share = _signals(index, embedder, "寄宿生补助一年多少钱")
    assert margin < 0 and share < 0.5
    assert list(tmp_path.glob("out-of-scope-*.npy")), "the negative vectors are kept beside the index"
    again = NegativeIndex.build(NEGATIVES, POSITIVES, embedder, tmp_path)
    assert again is not None and np.allclose(again.vectors, index.vectors)


def test_no_negatives_no_index(tmp_path: Path) -> None:
    assert NegativeIndex.build([], POSITIVES, FakeEmbedder(), tmp_path) is None
    assert load_negatives(tmp_path / "absent.yaml") == []


def test_the_margin_rule_declines_only_above_its_bound() -> None:
    model = ScopeModel({}, 10.0, 0.5, oos_margin_above=0.02)
    near_negative = ScopeFeatures(0, 0, 0, 0, 0, False, 0, 0, 0, oos_dense_margin=0.05)
    near_positive = ScopeFeatures(0, 0, 0, 0, 0, False, 0, 0, 0, oos_dense_margin=-0.01)
    assert model.decide(model.probability(near_negative), near_negative) == "decline"
    assert model.decide(model.probability(near_positive), near_positive) == "answer"
    saved = ScopeModel.from_dict(model.as_dict())
    assert saved.oos_margin_above == 0.02
    assert ScopeModel.from_dict(ScopeModel({}, 1.0).as_dict()).oos_margin_above == NO_RULE


def test_shipped_negatives_parse() -> None:
    negatives = load_negatives(default_path())
    assert len(negatives) > 100 and all(n.strip() for n in negatives)


def test_a_negative_naming_a_place_outside_counts_only_for_a_question_naming_one(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    negatives = ["兰州的初中对口划片咋查", "中考分数线是多少"]
    index = NegativeIndex.build(negatives, ["学校划片招生就近入学"], embedder, tmp_path, places=OutsidePlaces(("兰州", "银川")))
    assert index is not None
    _, bare = _signals(index, embedder, "初中 对口 划片")  # the plan's own topic, asked without a place
    _, elsewhere = _signals(index, embedder, "银川的初中对口划片咋查")
    assert bare < 0.5 < elsewhere
    unplaced = NegativeIndex.build(negatives, ["学校划片招生就近入学"], embedder, tmp_path)
    assert unplaced is not None and _signals(unplaced, embedder, "初中 对口 划片")[1] > 0.5  # what the places change


def test_shipped_outside_places_name_no_county_place() -> None:
    places = load_outside_places(default_path())
    assert "兰州" in places.words and "银川" in places.words
    assert not {"海原", "外地", "宁夏", "县城", "李旺", "三河"} & set(places.words)
    assert places.named_in("西安那边的学校收外地娃吗") and places.named_in("娃在兰州上学")
    assert not places.named_in("西安镇中学住校一年补多少")  # 西安镇 is a township of Haiyuan
    assert not places.named_in("外地娃来海原上学")
