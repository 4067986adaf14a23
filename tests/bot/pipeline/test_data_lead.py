"""The data lead (bot/pipeline/data_lead.py): a record's own sentence, and when it is more specific than the plan's clause."""

from __future__ import annotations

from bot.assistant import Assistant


def test_an_explicit_data_fact_is_more_specific_than_a_plan_clause(assistant: Assistant) -> None:
    ctx = assistant.run("外地打工的娃在海原上学要带什么材料？")
    assert ctx.qtype == "materials" and ctx.lead_from == "data"
    assert ctx.lead.startswith("随迁子女") and "居住证" in ctx.lead and "户口簿" in ctx.lead and ctx.lead.endswith("（示例数据）。")
    assert ctx.answer is not None and ctx.answer.text.startswith(ctx.lead)


def test_an_amount_from_the_data_leads_an_amount_question(assistant: Assistant) -> None:
    ctx = assistant.run("寄宿生一年补助多少钱")
    assert ctx.qtype == "amount" and ctx.lead_from == "data"
    assert "1000元" in ctx.lead and "1250元" in ctx.lead


def test_a_structured_field_gives_the_yes_no_opener(assistant: Assistant) -> None:
    ctx = assistant.run("海原一小能住校吗")
    assert ctx.lead_from == "data" and ctx.direct == "不可以。"
    assert ctx.answer is not None and ctx.answer.text.startswith("不可以。") and "不能寄宿" in ctx.answer.text
    ctx = assistant.run("营养餐要不要家长去申请")
    assert ctx.direct == "不用。" and "无需申请" in ctx.lead


def test_a_yes_no_form_asking_of_another_alternative_gets_no_field_opener(assistant: Assistant) -> None:
    """要不要去租房陪读还是让他住校: 要不要 asks of renting, not of boarding; the school's boarding field says no 要。"""
    ctx = assistant.run("娃在关桥中学上初一，我要不要去镇上租个房子陪读还是就让他住校")
    assert ctx.direct == "" and not ctx.lead.startswith(("要", "可以", "不"))
    assert assistant.run("关桥乡中学能住校吗").direct == "可以。"  # the field asked of opens as before


def test_no_structured_opener_for_a_question_that_is_not_yes_no(assistant: Assistant) -> None:
    ctx = assistant.run("营养餐怎么申请")
    assert ctx.direct == "" and not ctx.lead.startswith(("不用", "要"))


def test_whether_one_must_apply_is_no_answer_to_whether_one_may(assistant: Assistant) -> None:
    """how_to_apply says how and whether one must apply; 不住校能不能申请 asks who may, which no field states."""
    for question in ("娃不住校，能不能申请寄宿生补助", "寄宿生补助能不能申请两份", "营养餐能不能申请不吃"):
        ctx = assistant.run(question)
        assert ctx.direct == "", question
    ctx = assistant.run("寄宿生生活补助要不要申请")
    assert ctx.direct == "要。" and "提出申请" in ctx.lead


def test_a_boarding_school_is_no_boarders_subsidy(assistant: Assistant) -> None:
    ctx = assistant.run("俺们学校在山里头，能不能申请建成寄宿制学校")
    assert ctx.direct == "" and not any("subsidies:" in r for f in ctx.facts for r in f.record_ids)
    ctx = assistant.run("寄宿制学校的娃一年补多少")
    assert ctx.lead_from == "data" and "1000元" in ctx.lead


def test_a_private_school_fee_gets_no_public_waiver(assistant: Assistant) -> None:
    ctx = assistant.run("私立学校收学费吗")
    assert ctx.direct == "" and not any("subsidies:" in r for f in ctx.facts for r in f.record_ids)
    ctx = assistant.run("学费要交吗")
    assert ctx.direct == "不用交。"


def test_the_one_that_states_the_thing_asked_leads(assistant: Assistant) -> None:
    """孩子几岁能上一年级 asks for an age: the record stating 年满6周岁 leads, not a clause that carries more of the
    question's words but states no age (whatever the ranking put first)."""
    from bot.pipeline.answer_first import AnswerFirst
    from bot.pipeline.context import AnswerContext, Conversation, DataFact
    from bot.pipeline.lead import Opening

    lead = next(step for name, step in assistant.steps if name == "answer_first")
    assert isinstance(lead, AnswerFirst)
    ctx = AnswerContext(raw="孩子几岁能上一年级", conversation=Conversation())
    ctx.folded = "孩子几岁能上一年级"
    ctx.facts = [DataFact("户口簿：儿童及监护人户口簿原件；年满6周岁（以当年8月31日为准）", "enrollment.csv", explicit=True)]
    record = Opening("年满6周岁（以当年8月31日为准）", "", "data")
    clause = Opening("孩子上一年级的学校不得向随迁子女收取任何费用", "", "plan")
    assert lead.data_lead.is_more_specific(ctx, clause, record)
    assert not lead.data_lead.is_more_specific(ctx, Opening("年满6周岁的孩子上一年级", "", "plan"), Opening("带户口簿", "", "data"))


def test_a_record_leads_only_for_the_datum_it_holds(assistant: Assistant) -> None:
    # the papers to bring (户口簿) do not say which school the child goes to: the plan's 划片 rule leads
    answer, ctx = assistant.respond("从新疆打工回来了，户口在乡下，娃想上县城的学校，学校说按片招生，那俺娃该去哪念？")
    assert ctx.lookup is not None and ctx.lookup.kind == "materials"
    assert ctx.lead_from == "plan" and "户口簿" not in answer.text.split("\n", 1)[0]


def test_whose_rule_is_answered_by_the_rule_not_a_desk(assistant: Assistant) -> None:
    answer, ctx = assistant.respond("乡上让学校建留守儿童台账，要登记家长在哪打工，这是谁定的规矩？")
    assert ctx.qtype == "rule" and ctx.lead_from == "plan"
    assert "台账" in answer.text.split("\n", 1)[0]


def test_the_enrolment_dates_answer_when_not_whether(assistant: Assistant) -> None:
    # the calendar says when to register, not whether a child whose 户口 is elsewhere may: the plan's 随迁子女 rule leads
    answer, ctx = assistant.respond("媳妇户口还在外县没迁过来，娃今年六岁，能在咱村小报名念一年级不？")
    assert ctx.lookup is not None and ctx.lookup.kind == "calendar" and ctx.qtype == "may"
    assert ctx.lead_from == "plan" and "2027年" not in answer.text.split("\n", 1)[0]
    dates, dates_ctx = assistant.respond("一年级啥时候报名")
    assert dates_ctx.lookup is not None and dates_ctx.lookup.kind == "calendar" and dates_ctx.lead_from == "data"
    assert dates.text.startswith("报名：")
