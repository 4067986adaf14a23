"""Which documents answer: in force only unless named; on the same point the newer leads; citations by short
title, with the date when several are in force and the status when no longer in force."""

from __future__ import annotations

from dataclasses import replace

from bot.pipeline.citation import citation, cited_document
from retrieval.hybrid import Hit
from retrieval.in_force import arrange, visible
from retrieval.units import SectionRef

PLAN = SectionRef("plan", "3.4.11", "11.统筹城乡师资配置", ("三、工作任务", "（四）统筹城乡教师资源配置"), "轮岗比例10%。",
                  doc_title="海原县…实施方案", short_title="实施方案", issued="2019-08-26", dated=True,
                  mentions=("实施方案", "海政发〔2019〕82号"))
NOTICE = SectionRef("notice", "3", "三、提高教师交流轮岗比例", (), "轮岗比例15%。", doc_title="…的通知",
                    short_title="招生入学通知", issued="2026-05-20", dated=True, mentions=("招生入学通知",))
OTHER = SectionRef("plan", "3.4.13", "13.健全乡村教师待遇保障机制", (), "补贴。", short_title="实施方案",
                   issued="2019-08-26")


def _hit(section: SectionRef, score: float) -> Hit:
    return Hit(section, score, section.text, 0, 0, 0.9)


def test_only_documents_in_force_are_visible_unless_named() -> None:
    withdrawn = replace(NOTICE, status="已废止")
    assert visible(NOTICE, "轮岗比例") and not visible(withdrawn, "轮岗比例")
    assert visible(withdrawn, "招生入学通知里轮岗比例是多少")
    draft_like = replace(PLAN, status="待生效")
    assert not visible(draft_like, "轮岗") and visible(draft_like, "海政发〔2019〕82号说了啥")
    data = SectionRef("data:x", "1", "补助", kind="data", status="已废止")
    assert visible(data, "补助")


def test_the_newer_document_leads_on_the_same_point_and_the_older_follows() -> None:
    hits = [_hit(PLAN, 1.5), _hit(OTHER, 1.2), _hit(NOTICE, 1.0)]
    arranged = arrange(hits, "轮岗比例是多少")
    assert [h.section.doc_id for h in arranged] == ["notice", "plan", "plan"]
    assert arranged[0].score == 1.5 and arranged[1].score >= 0.86 * 1.5
    assert arranged[2].section.section_id == "3.4.13"


def test_far_apart_hits_are_different_points() -> None:
    hits = [_hit(PLAN, 1.5), _hit(OTHER, 1.2), _hit(NOTICE, 0.5)]
    assert arrange(hits, "编制") == hits
    same_topic = replace(NOTICE, heading="三、城乡师资交流")  # shares 师资 with the plan's heading and the question
    assert arrange([_hit(PLAN, 1.5), _hit(same_topic, 0.5)], "城乡师资怎么配")[0].section.doc_id == "notice"


def test_a_named_document_leads_even_if_older() -> None:
    hits = [_hit(NOTICE, 1.5), _hit(PLAN, 1.4)]
    assert arrange(hits, "实施方案里轮岗比例是多少")[0].section.doc_id == "plan"


def test_citations_name_the_short_title_date_and_status() -> None:
    assert citation(PLAN) == "《实施方案》（2019年8月26日）三（四）11. 统筹城乡师资配置"
    assert citation(replace(PLAN, dated=False)) == "《实施方案》三（四）11. 统筹城乡师资配置"
    assert citation(replace(NOTICE, status="已废止", dated=False)) == "《招生入学通知》（已废止）三 提高教师交流轮岗比例"
    assert cited_document(citation(PLAN)) == "《实施方案》（2019年8月26日）"
