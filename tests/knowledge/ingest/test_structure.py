"""The structure parser on other documents of the genre."""

from __future__ import annotations

from knowledge.ingest.document import process_text


def _ids(text: str) -> list[tuple[str, str]]:
    return [(s.section_id, s.heading_s) for s in process_text(text, doc_id="t").sections]


def test_articles_inside_chapters() -> None:
    text = "\n".join([
        "海原县中小学校学籍管理办法",
        "第一章 总则",
        "第一条 为规范学籍管理，制定本办法。",
        "第二条 本办法适用于全县义务教育学校。",
        "第二章 入学与转学",
        "第三条 适龄儿童按划片就近入学。",
        "第十条 转学由学校办理。",
    ])
    doc = process_text(text, doc_id="t")
    assert doc.document.title == "海原县中小学校学籍管理办法"
    ids = [(s.section_id, s.heading_s, s.text_s) for s in doc.sections]
    assert ids == [
        ("1", "第一章总则", ""),
        ("1.1", "第一条", "为规范学籍管理，制定本办法。"),
        ("1.2", "第二条", "本办法适用于全县义务教育学校。"),
        ("2", "第二章入学与转学", ""),
        ("2.3", "第三条", "适龄儿童按划片就近入学。"),
        ("2.10", "第十条", "转学由学校办理。"),
    ]


def test_nested_arabic_and_parenthesised_items() -> None:
    text = "\n".join([
        "关于做好2026年秋季招生工作的意见",
        "各学校要认真落实。",
        "一、招生原则",
        "1.就近入学。按片区招生。",
        "（1）小学一年级按户籍和居住地划片。",
        "（2）初中按小学对口升学。",
        "2.公平公正。不得举行考试。",
        "二、时间安排",
        "报名时间为7月。",
    ])
    assert _ids(text) == [
        ("preamble", "前言"),
        ("1", "一、招生原则"),
        ("1.1", "1.就近入学"),
        ("1.1.1", "（1）小学一年级按户籍和居住地划片"),
        ("1.1.2", "（2）初中按小学对口升学"),
        ("1.2", "2.公平公正"),
        ("2", "二、时间安排"),
    ]


def test_numbering_gap_and_duplicate_are_tolerated() -> None:
    text = "\n".join([
        "某某实施方案",
        "一、目标",
        "（一）第一组",
        "（三）跳过了第二组",
        "（三）重复的第三组",
        "二、措施",
    ])
    ids = _ids(text)
    # a repeated numeral makes siblings fall back to their positions; ids stay unique
    assert [i for i, _ in ids] == ["1", "1.1", "1.2", "1.3", "2"]
    assert len({i for i, _ in ids}) == len(ids)


def test_damaged_group_heading_is_repaired_and_recorded() -> None:
    text = "\n".join([
        "某某工作方案",
        "一、任务",
        "(一)第一组任务",
        "1.甲。内容甲。",
        ")第二组任务",
        "2.乙。内容乙。",
    ])
    processed = process_text(text, doc_id="t")
    assert [(s.section_id, s.heading_s) for s in processed.sections] == [
        ("1", "一、任务"), ("1.1", "（一）第一组任务"), ("1.1.1", "1.甲"), ("1.2", "（二）第二组任务"), ("1.2.2", "2.乙"),
    ]
    assert processed.document.repairs[0]["kind"] == "group-heading"
    assert processed.document.repairs[0]["after"] == "（二）第二组任务"


def test_ambiguous_digits_are_not_repaired() -> None:
    processed = process_text("某某通知\n2019111\n正文。", doc_id="t")
    assert all(r["kind"] != "date" for r in processed.document.repairs)
