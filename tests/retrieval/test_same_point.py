"""Same point between units of two documents: from their own words and vectors, thresholds from labelled pairs."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.same_point import PairScore, SamePoints, Thresholds, choose_thresholds, overlap, pair_scores
from retrieval.units import SectionRef, Unit

OLD = SectionRef("plan", "11", "11.师资", text="", issued="2019-08-26")
NEW = SectionRef("notice", "3", "三、轮岗", text="", issued="2026-05-20")
META = SectionRef("notice", "notice", "印发通知", index_note="文号：海教体发〔2026〕1号", issued="2026-05-20")
OLD_META = SectionRef("plan", "notice", "印发通知", index_note="文号：海政发〔2019〕82号", issued="2019-08-26")


def test_overlap_is_the_idf_weighted_share_of_the_smaller_unit() -> None:
    idf = {"轮岗": 3.0, "比例": 1.0, "编制": 2.0}.get
    assert overlap({"轮岗", "比例"}, {"轮岗", "比例", "编制"}, lambda t: idf(t) or 0.0) == pytest.approx(1.0)
    assert overlap({"轮岗", "比例"}, {"编制"}, lambda t: idf(t) or 0.0) == 0.0


def test_pairs_are_of_different_documents_older_first_and_closeness_is_scale_free() -> None:
    units = [Unit("plan#11::0", OLD, "教师交流轮岗比例不低于10%"), Unit("plan#12::0", OLD, "教职工编制城乡统一"),
             Unit("notice#3::0", NEW, "教师交流轮岗比例不低于15%"), Unit("notice#notice::0", META, "文号")]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.96, 0.28], [0.6, 0.8]])
    scores = pair_scores(units, vectors, lambda t: 1.0)
    assert {(s.older_unit, s.newer_unit) for s in scores} == {("plan#11::0", "notice#3::0"), ("plan#12::0", "notice#3::0")}
    rotation = next(s for s in scores if s.older_unit == "plan#11::0")
    assert rotation.overlap > 0.5 and rotation.closeness > 0
    scaled = pair_scores(units, vectors * 0.5, lambda t: 1.0)  # another spread of raw cosines, the same reading
    assert [round(s.closeness, 6) for s in scaled] == [round(s.closeness, 6) for s in scores]


def test_thresholds_sit_between_the_labelled_pairs_and_decide_per_unit() -> None:
    scores = [PairScore("plan#11::2", "notice#3::0", 0.6, 4.0), PairScore("plan#11::1", "notice#3::0", 0.1, 1.0),
              PairScore("plan#13::0", "notice#3::0", 0.25, 1.5), PairScore("plan#6::0", "notice#2::0", 0.2, 2.8)]
    chosen = choose_thresholds(scores, lambda s: s.older_unit in {"plan#11::2", "plan#6::0"})
    assert 0.1 < chosen.overlap < 0.2 and 1.5 < chosen.closeness < 2.8
    same = SamePoints([], scores, chosen)
    assert same.same("plan#11::2", "notice#3") and not same.same("plan#11::1", "notice#3")
    assert same.same("notice#3::0", "plan#11") and not same.same("plan#13::0", "notice#3")
    with pytest.raises(ValueError):
        choose_thresholds(scores, lambda s: False)


def test_the_sections_about_each_document_speak_on_the_same_thing() -> None:
    units = [Unit("plan#notice::0", OLD_META, "印发通知"), Unit("notice#notice::0", META, "印发通知")]
    same = SamePoints(units, [], Thresholds(0.2, 2.0))
    assert same.same("plan#notice::0", "notice#notice") and same.same("notice#notice::0", "plan#notice")


def test_building_scores_only_the_pairs_that_can_pass_and_finds_the_same_ones() -> None:
    rng = np.random.default_rng(3)
    sections = [SectionRef(f"d{i % 4}", str(i), "x", issued=f"201{i % 4}-01-01") for i in range(40)]
    words = ["轮岗比例教师", "编制标准统一", "班额控制分流", "补贴待遇保障"]
    units = [Unit(f"{s.key}::0", s, words[i % 4] + words[(i * 7) % 4]) for i, s in enumerate(sections)]
    vectors = rng.normal(size=(40, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    cut = Thresholds(0.3, 1.0)
    passing = {(s.older_unit, s.newer_unit) for s in pair_scores(units, vectors, lambda t: 1.0)
               if s.overlap >= cut.overlap and s.closeness >= cut.closeness}
    built = pair_scores(units, vectors, lambda t: 1.0, cut, per_unit=40)
    assert passing and {(s.older_unit, s.newer_unit) for s in built if s.overlap >= cut.overlap} == passing
    assert len(built) < len(pair_scores(units, vectors, lambda t: 1.0))
