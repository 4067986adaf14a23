"""The county plan, as scraped, comes out clean, repaired and structured."""

from __future__ import annotations

import pytest

from knowledge.ingest.document import process_text
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed():
    return process_text(SEED.read_text(encoding="utf-8"), doc_id="seed")


def test_document_metadata(seed) -> None:
    doc = seed.document
    assert doc.title == "海原县统筹推进县域内城乡义务教育一体化改革发展实施方案"
    assert doc.number == "海政发〔2019〕82号"
    assert doc.issuer == "海原县人民政府"
    assert doc.issued == "2019-08-26"
    assert doc.published == "2019-08-29"
    assert doc.recipients.startswith("各乡镇人民政府、甘盐池管委会、海城街道办")
    assert doc.script == "traditional"


def test_repairs_are_recorded(seed) -> None:
    pairs = {(r["before"], r["after"]) for r in seed.document.repairs}
    assert ("海政發〔201982", "海政發〔2019〕82號") in pairs
    assert ("國發201640", "國發〔2016〕40號") in pairs
    assert ("寧政發201751", "寧政發〔2017〕51號") in pairs
    assert ("2019826", "2019年8月26日") in pairs
    groups = [r for r in seed.document.repairs if r["kind"] == "group-heading"]
    assert [r["after"][:3] for r in groups] == ["（四）", "（五）"]
    assert all(r["why"] and r["line"] > 0 for r in seed.document.repairs)


def test_section_tree(seed) -> None:
    by_id = {s.section_id: s for s in seed.sections}
    assert [s.section_id for s in seed.sections[:6]] == ["notice", "preamble", "1", "2", "3", "3.1"]
    items = [s for s in seed.sections if s.parent_id and s.parent_id.startswith("3.") and s.kind == "arabic"]
    assert [int(s.number.rstrip(".")) for s in items] == list(range(1, 22))
    assert [s.heading_s for s in seed.sections if s.parent_id == "4"] == [
        "（一）加强组织领导", "（二）加强经费投入", "（三）加强分工协作", "（四）加强督导检查", "（五）加强舆论宣传",
    ]
    item18 = by_id["3.6.18"]
    assert item18.heading_s == "18.改革随迁子女就学机制"
    assert item18.path_s == ["三、工作任务", "（五）完善学生就学保障体系，推进教育普惠公平"]
    assert "居住证" in item18.text_s and "居住證" in item18.text
    assert by_id["3.4"].heading_s == "（四）统筹城乡教师资源配置，提高乡村教师待遇"
    assert by_id["3.5.14"].path_s[-1] == "（五）推进教育治理体系改革，提升办学治校水平"
    assert by_id["preamble"].text_s.startswith("为贯彻落实《国务院")
    assert "国发〔2016〕40号" in by_id["preamble"].text_s


def test_no_site_chrome_in_any_section(seed) -> None:
    chrome = ["欢迎光临", "首页", "政务公开", "扫一扫", "相关链接", "返回顶部", "斗地主", "发表日期", "\u00a0"]
    for section in seed.sections:
        for token in chrome:
            assert token not in section.text_s and token not in section.heading_s, (section.section_id, token)


def test_offsets_point_into_the_cleaned_text(seed) -> None:
    sections = seed.sections
    item = next(s for s in sections if s.section_id == "3.6.21")
    group = next(s for s in sections if s.section_id == "3.6")
    assert group.start <= item.start < item.end <= group.end
    assert 0 < item.start < item.end


def test_punctuation_is_full_width(seed) -> None:
    text = next(s for s in seed.sections if s.section_id == "3.4.11").text_s
    assert "," not in text and "，" in text
