"""Which documents answer: in force only unless named; on a point a newer document in force restates, the newer
leads; citations by short title, with the date when several are in force and the status when no longer in force."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bot.pipeline.citation import citation, cited_document
from retrieval.embedders import FakeEmbedder
from retrieval.expand import Expander
from retrieval.hybrid import Hit, HybridConfig, HybridRetriever
from retrieval.in_force import arrange, visible
from retrieval.ranker import FEATURES, LinearRanker
from retrieval.same_point import PairScore, SamePoints, Thresholds
from retrieval.scope import ScopeModel
from retrieval.units import SectionRef, build_units
from tests.fakes import InMemoryVectors

PLAN = SectionRef("plan", "3.4.11", "11.统筹城乡师资配置", ("三、工作任务", "（四）统筹城乡教师资源配置"), "轮岗比例10%。",
                  doc_title="海原县…实施方案", short_title="实施方案", issued="2019-08-26", dated=True,
                  mentions=("实施方案", "海政发〔2019〕82号"))
NOTICE = SectionRef("notice", "3", "三、提高教师交流轮岗比例", (), "轮岗比例15%。", doc_title="…的通知",
                    short_title="招生入学通知", issued="2026-05-20", dated=True, mentions=("招生入学通知",))
OTHER = SectionRef("plan", "3.4.13", "13.健全乡村教师待遇保障机制", (), "补贴。", short_title="实施方案",
                   issued="2019-08-26")
ROTATION, STAFFING = "plan#3.4.11::2", "plan#3.4.11::1"  # two windows of the plan's long section
SAME = SamePoints([*build_units([PLAN, NOTICE, OTHER])], [PairScore(ROTATION, "notice#3::0", 0.6, 4.0),
                                                         PairScore(STAFFING, "notice#3::0", 0.1, 1.0)], Thresholds(0.2, 2.0))


def _hit(section: SectionRef, score: float, unit: str = "") -> Hit:
    return Hit(section, score, section.text, 0, 0, 0.9, unit_id=unit or f"{section.key}::0")


def test_only_documents_in_force_are_visible_unless_named() -> None:
    withdrawn = replace(NOTICE, status="已废止")
    assert visible(NOTICE, "轮岗比例") and not visible(withdrawn, "轮岗比例")
    assert visible(withdrawn, "招生入学通知里轮岗比例是多少")
    draft_like = replace(PLAN, status="待生效")
    assert not visible(draft_like, "轮岗") and visible(draft_like, "海政发〔2019〕82号说了啥")
    data = SectionRef("data:x", "1", "补助", kind="data", status="已废止")
    assert visible(data, "补助")


def test_the_newer_document_leads_when_it_restates_the_matched_unit() -> None:
    hits = [_hit(PLAN, 1.5, ROTATION), _hit(OTHER, 1.2), _hit(NOTICE, 0.01)]  # far below on any score scale
    arranged = arrange(hits, "轮岗比例是多少", SAME)
    assert [h.section.doc_id for h in arranged] == ["notice", "plan", "plan"]
    assert arranged[0].score == 1.5 and arranged[1].score == 1.5  # the older is shown beside it
    assert arranged[2].section.section_id == "3.4.13"


def test_the_score_scale_does_not_matter() -> None:
    for top, low in ((1.5, 0.01), (-0.2, -7.0), (0.93, 0.92)):  # fused, log-odds, probabilities
        hits = [_hit(PLAN, top, ROTATION), _hit(OTHER, (top + low) / 2), _hit(NOTICE, low)]
        assert arrange(hits, "轮岗", SAME)[0].section.doc_id == "notice"


def test_another_point_of_the_same_section_is_not_restated() -> None:
    hits = [_hit(PLAN, 1.5, STAFFING), _hit(NOTICE, 1.4)]  # the question matched the staffing window
    assert arrange(hits, "村小的教职工编制", SAME) == hits


def test_the_older_follows_a_newer_top_and_an_unrelated_hit_changes_nothing() -> None:
    hits = [_hit(NOTICE, 0.9), _hit(OTHER, 0.5), _hit(PLAN, 0.1, ROTATION)]
    assert [h.section.key for h in arrange(hits, "轮岗比例", SAME)] == ["notice#3", "plan#3.4.11", "plan#3.4.13"]
    assert arrange([_hit(OTHER, 0.9), _hit(NOTICE, 0.8)], "乡村教师补贴", SAME)[0].section.doc_id == "plan"


def test_the_newer_must_be_found_relevant_and_in_force() -> None:
    fillers = [_hit(replace(OTHER, section_id=f"x{i}"), 1.0 - i / 100) for i in range(12)]
    assert arrange([_hit(PLAN, 1.5, ROTATION), *fillers, _hit(NOTICE, 0.1)], "轮岗", SAME)[0].section.doc_id == "plan"
    withdrawn = replace(NOTICE, status="已废止")
    assert arrange([_hit(PLAN, 1.5, ROTATION), _hit(withdrawn, 1.4)], "招生入学通知轮岗", SAME)[0].section.doc_id == "plan"


def test_a_named_document_leads_even_if_older() -> None:
    hits = [_hit(NOTICE, 1.5), _hit(PLAN, 1.4, ROTATION)]
    assert arrange(hits, "实施方案里轮岗比例是多少", SAME)[0].section.doc_id == "plan"


def test_drafts_and_withdrawn_documents_take_no_part_in_ranking() -> None:
    """Visibility comes before ranking, in both paths: a withdrawn section is not even a candidate of the learned
    ranker (whose softmax then spreads over visible sections only), unless the question names its document."""
    embedder = FakeEmbedder()
    units = build_units([PLAN, OTHER, replace(NOTICE, status="已废止")])
    retriever = HybridRetriever(units, embedder, InMemoryVectors(embedder, units), Expander.load(), ScopeModel.always_in_scope(),
                                ranker=LinearRanker(tuple(1.0 for _ in FEATURES)))
    learned = retriever.search("轮岗比例", 5)
    assert learned.candidates is not None and {s.doc_id for s in learned.candidates.sections} == {"plan"}
    assert np.isclose(sum(h.score for h in learned.hits), 1.0)  # every candidate is a hit here: mass on visible only
    hand = retriever.search("轮岗比例", 5, HybridConfig(fusion="score"))
    assert {h.section.doc_id for h in hand.hits} == {"plan"}
    named = retriever.search("招生入学通知的轮岗比例", 5)
    assert named.candidates is not None and "notice" in {s.doc_id for s in named.candidates.sections}


def test_citations_name_the_short_title_date_and_status() -> None:
    assert citation(PLAN) == "《实施方案》（2019年8月26日）三（四）11. 统筹城乡师资配置"
    assert citation(replace(PLAN, dated=False)) == "《实施方案》三（四）11. 统筹城乡师资配置"
    assert citation(replace(NOTICE, status="已废止", dated=False)) == "《招生入学通知》（已废止）三 提高教师交流轮岗比例"
    assert cited_document(citation(PLAN)) == "《实施方案》（2019年8月26日）"


def test_about_a_document_only_the_named_one_moves_up() -> None:
    plan_meta = replace(PLAN, section_id="notice", index_note="文号：海政发〔2019〕82号")
    notice_meta = replace(NOTICE, section_id="notice", index_note="文号：海教体发〔2026〕1号")
    same = SamePoints(build_units([plan_meta, notice_meta]), [], Thresholds(0.2, 2.0))
    hits = [_hit(plan_meta, 0.5), _hit(notice_meta, 0.3)]
    assert arrange(hits, "这个文件是哪个单位发的", same) == hits  # not the newer by date alone
    assert [h.section.doc_id for h in arrange(hits, "招生入学通知的文号是多少", same)] == ["notice", "plan"]


def test_documents_with_nothing_to_compare_build_no_same_points() -> None:
    embedder = FakeEmbedder()
    units = build_units([replace(PLAN, section_id="notice", index_note="文号"), replace(NOTICE, section_id="notice", index_note="文号")])
    retriever = HybridRetriever(units, embedder, InMemoryVectors(embedder, units), Expander.load(), ScopeModel.always_in_scope())
    assert retriever.same_points.same("plan#notice::0", "notice#notice")  # only the about-the-document relation


class _SearchOnly:
    """A vector search that keeps no matrix in memory (a Chroma collection): ranked by its own `search`."""

    def __init__(self, held: InMemoryVectors) -> None:
        self.held = held

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        return self.held.search(vector, k)


def test_the_in_memory_dense_ranking_equals_a_search_and_leaves_hidden_units_out() -> None:
    embedder = FakeEmbedder()
    units = build_units([PLAN, NOTICE, OTHER])
    held = InMemoryVectors(embedder, units)
    # a vector of no unit of this retriever (a stale id) is skipped by both paths
    held.ids, held.matrix = [*held.ids, "gone#1::0"], np.vstack([held.matrix, held.matrix[:1]])
    fast = HybridRetriever(units, embedder, held, Expander.load(), ScopeModel.always_in_scope())
    slow = HybridRetriever(units, embedder, _SearchOnly(held), Expander.load(), ScopeModel.always_in_scope())
    vector = embedder.embed_query("轮岗比例")
    for hidden in (set(), {1}):
        expected = slow._dense_ranking(vector, 3, hidden)
        assert fast._dense_ranking(vector, 3, hidden) == expected
        assert expected and [s for _, s in expected] == sorted((s for _, s in expected), reverse=True)
        assert all(index not in hidden for index, _ in expected)
    assert {index for index, _ in fast._dense_ranking(vector, 99, set())} == set(range(len(units)))
