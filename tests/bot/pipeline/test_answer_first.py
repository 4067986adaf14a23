from __future__ import annotations

from bot.assistant import Assistant
from bot.pipeline.answer_first import question_parts
from bot.pipeline.compose import short_citation


def test_short_citation() -> None:
    assert short_citation("《海原县…实施方案》三（五）18. 改革随迁子女就学机制") == "《实施方案》三（五）18."
    assert short_citation("《海原县…实施方案》四（二） 加强经费投入") == "《实施方案》四（二）"
    assert short_citation("《海原县…实施方案》二 工作目标") == "《实施方案》二"


def test_plan_clause_leads_with_the_asked_terms_then_source_and_quote(assistant: Assistant) -> None:
    ctx = assistant.run("学生不到100人的小学校，公用经费咋算")
    assert ctx.lead_from == "plan" and "按100人核定公用经费" in ctx.lead
    assert not ctx.lead.startswith("建立健全")  # not the section's first sentence
    assert ctx.answer is not None
    lines = ctx.answer.text.split("\n")
    assert lines[0] == ctx.lead
    assert lines[1].startswith("根据《实施方案》三（一）3.：") and "按100人核定公用经费" in lines[1]


def test_the_quote_shows_the_sentence_the_lead_comes_from(assistant: Assistant) -> None:
    ctx = assistant.run("教师职称评聘在乡村学校有啥说法")
    assert ctx.lead_from == "plan"
    sentence = ctx.lead.rstrip("。")
    assert sentence in ctx.quotes[0] and ctx.sources[0].quote == ctx.quotes[0]


def test_no_opener_without_a_certain_clause(assistant: Assistant) -> None:
    ctx = assistant.run("随迁子女可以参加中考吗")
    assert ctx.direct == ""
    assert ctx.answer is not None and not ctx.answer.text.startswith(("可以", "不可以"))


def test_a_fee_field_answers_only_a_fee_form(assistant: Assistant) -> None:
    ctx = assistant.run("娃上初中，学校收不收杂费")
    assert ctx.direct == "不收。" and "不得收取" in ctx.lead
    assert assistant.run("营养餐要交钱吗").direct == ""  # 每生每天5元膳食补助 says nothing of a fee


def test_the_zone_record_answers_is_it_this_school(assistant: Assistant) -> None:
    ctx = assistant.run("俺家在海城街道新区社区，娃上小学是对口海原六小吗")
    assert ctx.direct == "是。" and "第六小学" in ctx.lead
    ctx = assistant.run("俺家在海城街道海兴社区，娃上初中对口的是海原五中吗")
    assert ctx.direct == "不是。" and "第四中学" in ctx.lead
    # the township only inside the school's name: the place itself is not pinned down
    assert assistant.run("俺家在新庄村，娃上小学对口李旺镇中心小学吗").direct == ""


def test_a_question_about_the_document_opens_with_the_fields_asked(assistant: Assistant) -> None:
    ctx = assistant.run("这个城乡义务教育一体化的实施方案是哪个单位印发的？文号是多少？")
    assert ctx.lead_from == "data"
    assert "海原县人民政府" in ctx.lead and "海政发" in ctx.lead and "文件名称" not in ctx.lead
    assert ctx.answer is not None and ctx.answer.text.startswith(ctx.lead)


def test_the_document_field_asked_in_other_words(assistant: Assistant) -> None:
    ctx = assistant.run("这个方案的通知是发给哪些单位的")
    assert "主送" in ctx.lead and "甘盐池管委会" in ctx.lead


def test_a_record_sharing_no_term_with_the_question_does_not_lead(assistant: Assistant) -> None:
    # a date question, but the enrolment dates say nothing of 大班额: the plan's clause speaks
    ctx = assistant.run("县城大班额啥时候能全部没了")
    assert ctx.lead_from == "plan" and "2027" not in ctx.lead


def test_the_notices_own_clause_answers_what_the_note_does_not(assistant: Assistant) -> None:
    ctx = assistant.run("该方案印发前是否经过县政府常务会议审议")
    assert ctx.lead_from == "plan" and "常务会议" in ctx.lead


def test_no_fee_opener_from_a_record_for_some_pupils_only(assistant: Assistant) -> None:
    # 据实免除…“四类”学生学杂费 is not every high-school pupil's case
    for question in ("上普通高中学杂费要交吗", "读高中收不收学杂费"):
        assert assistant.run(question).direct == ""


def test_the_terms_a_question_word_asks_about_weigh_more() -> None:
    from bot.pipeline.answer_first import FOCUS_BOOST, focus_weights

    weights = {"网络": 1.0, "运行": 1.0, "环境": 1.0, "办法": 1.0}
    asked = focus_weights("全县网络要达到什么样的运行环境", weights)
    assert asked["运行"] == asked["环境"] == FOCUS_BOOST and asked["网络"] == 1.0
    assert focus_weights("结果报给谁", {"报给": 1.0})["报给"] == FOCUS_BOOST
    assert focus_weights("网络升级了", weights) == weights  # no question word: nothing changes


def test_the_one_asked_whether_it_is_responsible_weighs_more() -> None:
    from bot.pipeline.answer_first import FOCUS_BOOST, focus_weights

    weights = {"村委": 1.0, "留守": 1.0}
    asked = focus_weights("村委会管不管留守娃", weights)
    assert asked["村委"] == FOCUS_BOOST and asked["留守"] == 1.0
    assert focus_weights("学校负不负责", {"学校": 1.0})["学校"] == FOCUS_BOOST


def test_a_bare_setting_does_not_lead() -> None:
    from bot.pipeline.lead import choose_lead

    text = "到2020年，县域内城乡学校布局更加合理，大班额全面消除，学校标准化建设取得显著进展，乡村小规模学校（含教学点）达到相应办学要求，城乡师资配置基本均衡。"
    lead = choose_lead(text, {"2020": 1.0}, lambda token: 1.0)
    assert lead is not None and lead.text != "到2020年。" and lead.text.startswith("到2020年")


def test_a_question_asking_two_things_leads_with_both_clauses(assistant: Assistant) -> None:
    ctx = assistant.run("家长委员会谁能参加？当家长的要尽什么责任？")
    assert ctx.lead_from == "plan" and "家长委员会" in ctx.lead and "家庭教育职责" in ctx.lead
    assert ctx.lead.count("；") == 1 and len(ctx.lead) <= 100


def test_a_question_asking_two_things_in_one_sentence_has_two_parts() -> None:
    assert question_parts("教书除了工资还有啥补贴，有没有宿舍住") == ["教书除了工资还有啥补贴", "有没有宿舍住"]
    assert question_parts("结果报给谁？规划以后还能随便改不？") == ["结果报给谁", "规划以后还能随便改不"]
    # a setting before the one thing asked is not a part of its own
    assert question_parts("俺们没买房子租的房，能上公办学校么") == ["俺们没买房子租的房，能上公办学校么"]
    assert question_parts("我们在海原没户口 娃上学要登记吗") == ["我们在海原没户口 娃上学要登记吗"]


def test_what_a_question_already_has_is_not_what_it_asks() -> None:
    from bot.pipeline.answer_first import without_known

    weights = {"工资": 1.0, "补贴": 1.0, "宿舍": 1.0}
    assert without_known("教书除了工资还有啥补贴", weights) == {"补贴": 1.0, "宿舍": 1.0}
    assert "两免" not in without_known("两免一补之外还有别的帮扶没", {"两免": 1.0, "帮扶": 1.0})
    assert without_known("有啥补贴", weights) == weights


def test_the_inline_citation_drops_the_date_and_keeps_a_status() -> None:
    from bot.pipeline.compose import inline_citation

    assert inline_citation("《实施方案》（2019年8月26日）三（四）11. 统筹城乡师资配置") == "《实施方案》三（四）11."
    assert inline_citation("《实施方案》（2019年8月26日，已废止）三（四）11. 统筹") == "《实施方案》（已废止）三（四）11."
    assert inline_citation("《招生入学通知（示例文件）》（2026年5月20日）二 控制起始年级班额") == "《招生入学通知（示例文件）》二"


def test_a_figure_the_question_states_in_its_own_words_is_bound_to_the_plans_clause(assistant: Assistant) -> None:
    # 不到100人 is the plan's 不足100人: the clause holding 100人 answers the question and is not cut as a planted figure
    answer = assistant.answer("学校不到100人经费咋算")
    assert answer.sources and answer.sources[0].section_id == "3.1.3"
    assert "按100人核定公用经费" in answer.text.split("\n")[0]
