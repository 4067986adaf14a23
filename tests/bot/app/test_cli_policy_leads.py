"""Policy answers through `ask --json`: the clause that answers leads, and what stands between it and the quote is short."""

from __future__ import annotations

import pytest

from tests.bot.app.conftest import AskBatch, first_line

QUESTIONS = {
    "lawful_guardian": "爸妈出去打工不管娃，留守娃扔给老人，这算不算违法",
    "lawful_substitute": "学校缺老师，一直请代课的顶着，这合规吗",
    "held_to_account": "乡镇领导教育上没抓好，会不会被追责",
    "plain": "村小学生不到100人，公用经费咋算",
    "phone_not_subsidy": "孩子住校，学校有没有给娃打电话的地方",
    "sell": "村里闲着的学校房子能不能卖掉",
    "whose_job": "娃辍学不念了，劝回来这事到底归谁管",
    "may_by_tag": "租房子住，没有房产证，娃能在县城念书不",
    "phone_as_amount": "海原三小的电话是多少",
    "phone_near_a_plan_name": "海原五小的电话是多少",  # the plan's clause names 海原五中: the record must still lead
    "topic_in_heading": "控辍保学工作中，司法部门需要参与吗",
    "other_predicate": "娃户口在外地能在海原上学不",  # the fee rule's 不得 is about fees, not attending
    "outline": "这个方案有哪些保障措施",  # 四、保障措施 has no text of its own: its sub-sections answer
}


@pytest.fixture(scope="module")
def rows(ask_batch: AskBatch) -> dict[str, dict]:
    return ask_batch(QUESTIONS)


def test_is_it_lawful_is_answered_by_the_clause_that_holds_to_account(rows: dict[str, dict]) -> None:
    row = rows["lawful_guardian"]
    assert row["outcome"] == "answer"
    assert "依法追究" in first_line(row) and "不履行监护职责" in first_line(row)


def test_is_it_lawful_is_answered_by_the_prohibition(rows: dict[str, dict]) -> None:
    row = rows["lawful_substitute"]
    assert row["outcome"] == "answer"
    # not the clause on hiring that shares more words with the question but neither forbids nor allows
    assert first_line(row).startswith("严禁") and "代课教师" in first_line(row)


def test_will_someone_be_held_to_account_leads_with_the_accountability_clause(rows: dict[str, dict]) -> None:
    row = rows["held_to_account"]
    assert row["outcome"] == "answer"
    assert "问责" in first_line(row) and "政绩考核" not in first_line(row)


def test_the_citation_before_the_quote_is_short_and_the_source_line_keeps_the_date(rows: dict[str, dict]) -> None:
    lines = rows["plain"]["answer"].split("\n")
    assert lines[1].startswith("根据《实施方案》三（一）3.：")  # no date between the lead and the quote
    source = next(line for line in lines if line.startswith("来源："))
    assert "2019年8月26日" in source  # two documents are in force: the source line names the plan's date


def test_a_record_without_a_desk_or_number_does_not_answer_who_to_call(rows: dict[str, dict]) -> None:
    # the boarding subsidy is found by 寄宿, but it names no phone: the plan speaks first
    row = rows["phone_not_subsidy"]
    assert "生活费补助" not in first_line(row) and "元" not in first_line(row)


def test_can_it_be_sold_is_answered_by_the_clause_on_disposal(rows: dict[str, dict]) -> None:
    assert "资产处置" in first_line(rows["sell"])


def test_whose_job_is_asked_of_the_topic_not_of_the_management_system(rows: dict[str, dict]) -> None:
    # 谁管 alone is a question word: it no longer pulls 以县为主 (三（五）14.) over the dropout item
    row = rows["whose_job"]
    assert row["sources"][0]["section_id"] == "3.6.20", row["sources"][:1]


def test_a_dialect_yes_no_question_is_answered_by_the_rule_not_by_the_papers_to_bring(rows: dict[str, dict]) -> None:
    # …念书不 asks whether the child may attend (the 居住证 rule), not which papers to bring
    line = first_line(rows["may_by_tag"])
    assert "居住证" in line and not line.startswith("住房证明")


@pytest.mark.parametrize("key", ["phone_as_amount", "phone_near_a_plan_name"])
def test_a_phone_asked_with_duoshao_is_still_answered_by_the_record(rows: dict[str, dict], key: str) -> None:
    # 电话是多少 reads as "how much": the record's number answers it, whatever form the question takes
    assert "0955-" in first_line(rows[key])


def test_a_desk_named_after_the_topic_does_not_outweigh_the_clause_under_that_topics_heading(rows: dict[str, dict]) -> None:
    # 控辍保学工作专班 repeats the topic word; the plan's clause says who takes part, under the heading 完善控辍保学机制
    line = first_line(rows["topic_in_heading"])
    assert "公安、司法" in line and "0955-" not in line


def test_a_yes_no_question_is_not_led_by_a_rule_on_something_else(rows: dict[str, dict]) -> None:
    row = rows["other_predicate"]
    assert row["outcome"] == "answer" and row["sources"][0]["section_id"] == "3.6.18"
    assert "收取" not in first_line(row) and "随迁子女" in first_line(row)


def test_a_heading_without_text_of_its_own_is_answered_by_the_list_of_its_sub_sections(rows: dict[str, dict]) -> None:
    row = rows["outline"]
    assert row["outcome"] == "answer"
    assert first_line(row).startswith("保障措施包括：（一）加强组织领导") and "（五）加强舆论宣传" in first_line(row)
