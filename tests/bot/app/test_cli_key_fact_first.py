"""The plan item that answers, and the key fact in the opening sentence (issue 10, policy_dev7's classes of misses).
Through `ask --json` (the fake embedder: the lexical side alone must find the item).

- An English question names the plan's measures in English words the synonym table now carries (write-off management,
  micro-lessons, land-sale revenue, retired master teachers, evaluates…): the item holding the measure is cited first and
  its clause opens.
- The earlier rule asked in English (the 2019 plan, the original ratio) opens with the older document's figure.
- A question about who issued the document opens with the note's field whose label it asks (发文单位（印发机关）),
  also in English.
- "How long / within how many days" is answered by the clause holding the period (开学后30日内), not by the
  calendar's dates.
- Everyday words for what the plan regulates (不想念了 / 没去上学 for 辍学, 随便改 for 随意变更, 干不好 for 落实不到位)
  make the clause stating the rule open, not a neighbouring clause sharing only the setting's words.
"""

from __future__ import annotations

import pytest

from tests.bot.app.conftest import AskBatch, first_line

QUESTIONS = {
    "assess": "Which departments assess school construction needs together with the education bureau?",
    "writeoff": "What is the write-off management for oversized classes?",
    "microlesson": "Does the plan encourage teachers to make micro-lessons?",
    "retired": "Can retired master teachers go and teach in village schools?",
    "landsale": "How much of the land sale income is set aside for education?",
    "evaluates": "Who evaluates teaching points and village primary schools?",
    "year_english": "What was the teacher rotation share in the 2019 plan?",
    "original_english": "What was the original rotation ratio for key teachers?",
    "issuer": "海原县城乡义务教育一体化改革发展实施方案由哪个机关印发",
    "issuer_english": "Who issued this plan?",
    "how_long": "新生入学以后多长时间内要办好学籍注册",
    "how_long_2": "娃入学后学籍注册多久能办",
    "dropout": "丫头不想念了要出去打工，学校和村里管不管",
    "not_enrolled": "娃都到岁数了还没去上学，学校要上报不",
    "change": "学校建设用地谁来定 以后能随便改吗",
    "not_done": "学校工作干不好要咋处理",
}


@pytest.fixture(scope="module")
def rows(ask_batch: AskBatch) -> dict[str, dict]:
    return ask_batch(QUESTIONS)


def first_section(row: dict) -> str:
    return next((s["section_id"] for s in row["sources"] if s.get("doc_id") == "000_8e01929cc9c29c4e"), "")


@pytest.mark.parametrize(("key", "section", "fact"), [
    ("assess", "3.1.1", "发改、住建、自然资源"),
    ("writeoff", "3.2.6", "销号管理"),
    ("microlesson", "3.3.9", "微课"),
    ("retired", "3.4.12", "退休特级教师"),
    ("landsale", "4.2", "10%"),
    ("evaluates", "3.5.14", "纳入对乡镇学区考核"),
])
def test_an_english_question_finds_the_item_and_opens_with_its_fact(rows: dict[str, dict], key: str, section: str, fact: str) -> None:
    row = rows[key]
    assert row["outcome"] == "answer" and first_section(row) == section
    assert fact in first_line(row)


@pytest.mark.parametrize(("key", "figure"), [("year_english", "10%"), ("original_english", "20%")])
def test_the_earlier_rule_asked_in_english_opens_with_the_older_figure(rows: dict[str, dict], key: str, figure: str) -> None:
    line = first_line(rows[key])
    assert line.startswith("此前的规定（《实施方案》）：") and figure in line
    assert "15%" in rows[key]["answer"]  # today's rule still follows


@pytest.mark.parametrize("key", ["issuer", "issuer_english"])
def test_who_issued_the_document_opens_with_the_issuer_field(rows: dict[str, dict], key: str) -> None:
    assert first_line(rows[key]).startswith("发文单位：海原县人民政府")


@pytest.mark.parametrize("key", ["how_long", "how_long_2"])
def test_how_long_opens_with_the_clause_holding_the_period(rows: dict[str, dict], key: str) -> None:
    line = first_line(rows[key])
    assert "开学后30日内" in line and "示例日期" not in line


@pytest.mark.parametrize(("key", "fact"), [
    ("dropout", "劝返"),
    ("not_enrolled", "报告"),
    ("change", "不得随意变更"),
    ("not_done", "问责"),
])
def test_everyday_words_open_with_the_clause_stating_the_rule(rows: dict[str, dict], key: str, fact: str) -> None:
    row = rows[key]
    assert row["outcome"] == "answer" and fact in first_line(row)
