from __future__ import annotations

from bot.assistant import Assistant
from bot.pipeline.lookup_slots import LookupWords, read_slots


def test_zone_lookup_gives_both_schools_marked_as_sample(assistant: Assistant) -> None:
    answer = assistant.answer("我家住在七营镇北嘴村，娃该上哪个学校")
    assert answer.kind == "answer" and answer.intent == "zone"
    assert "七营镇北咀村对应的学校是" in answer.text
    assert "小学：" in answer.text and "初中：" in answer.text
    assert "（示例数据，请以教育局公布为准）" in answer.text


def test_ambiguous_place_asks_which_township(assistant: Assistant) -> None:
    answer = assistant.answer("我家在新庄村，娃上哪个学校")
    assert answer.kind == "clarify" and not answer.answered
    assert "新庄村" in answer.text
    assert len(answer.choices) >= 2
    # label = what a user types (the township), reply = a self-contained question; the text names them
    assert [c.label for c in answer.choices] == ["李旺镇", "树台乡"]
    assert [c.reply for c in answer.choices] == ["李旺镇新庄村的娃上哪个学校", "树台乡新庄村的娃上哪个学校"]
    assert "李旺镇、树台乡" in answer.text


def test_no_place_asks_for_one(assistant: Assistant) -> None:
    answer = assistant.answer("俺娃该上哪个学校")
    assert answer.kind == "clarify"
    assert "哪个乡镇" in answer.text


def test_subsidy_amounts_come_from_the_table(assistant: Assistant) -> None:
    answer = assistant.answer("寄宿生生活补助一年多少钱")
    assert "每生每年1000元" in answer.text and "每生每年1250元" in answer.text
    assert "乡村教师生活补助" not in answer.text
    assert "（示例数据，请以教育局公布为准）" in answer.text


def test_migrant_materials_checklist(assistant: Assistant) -> None:
    answer = assistant.answer("外地打工的娃在海原上学要带什么材料？")
    assert "居住证" in answer.text
    assert answer.text.count("居住证或居住登记凭证（") == 1  # each item once
    assert answer.sources[0].section_id == "3.6.18"


def test_followup_uses_the_conversation(assistant: Assistant) -> None:

    _first, ctx = assistant.respond("我家住在七营镇北嘴村，娃该上哪个学校")
    from bot.pipeline.context import Conversation

    second = assistant.answer("那初中呢？", Conversation([ctx.turn()]))
    assert "初中：" in second.text and "小学：" not in second.text


def test_bureau_contact_is_looked_up_by_name(assistant: Assistant) -> None:
    answer = assistant.answer("教育局电话多少")
    assert answer.answered and "海原县教育体育局" in answer.text and "0955-0000001" in answer.text


def test_enrolment_calendar_but_not_for_adult_exams(assistant: Assistant) -> None:
    answer = assistant.answer("一年级啥时候报名")
    assert "2027年6月20日" in answer.text
    exam = assistant.answer("今年教师资格证考试什么时候报名？")
    assert "2027年6月20日" not in exam.text


def test_transfer_materials(assistant: Assistant) -> None:
    answer = assistant.answer("想把娃从银川转回海原上学，要办啥手续")
    assert answer.answered and "转学：" in answer.text


def test_complaints_go_to_the_complaint_service(assistant: Assistant, directory) -> None:
    answer = assistant.answer("学校乱收费往哪里投诉")
    complaint = directory.services(kind="投诉")[0]
    assert complaint.contact in answer.text


def test_the_zone_answered_is_remembered_through_a_chain_of_followups(assistant: Assistant) -> None:
    from bot.pipeline.context import Conversation

    _first, ctx = assistant.respond("我家住在七营镇北嘴村，娃该上哪个学校")
    assert ctx.entities.zone is not None and ctx.entities.places[0].matched_text == "北嘴村"
    turns = [ctx.turn()]
    assert (turns[0].place, turns[0].township) == ("北咀村", "七营镇")
    second, ctx = assistant.respond("那初中呢？", Conversation(list(turns)))
    assert "初中：" in second.text and not ctx.entities.places and ctx.entities.zone is not None
    turns.append(ctx.turn())
    assert (turns[1].place, turns[1].township) == ("北咀村", "七营镇")
    third = assistant.answer("那小学呢？", Conversation(turns))
    assert "七营镇北咀村" in third.text and "小学：" in third.text and "初中：" not in third.text


def test_asking_whether_a_school_allows_something_is_no_complaint() -> None:
    # 让不让 asks leave; 不让…上学 alone tells of a child refused (a complaint, answered with whom to call)
    words = LookupWords.load()
    assert "投诉" not in read_slots("学校让不让娃带零食去上学", words).topics
    assert "投诉" in read_slots("学校不让娃去上学咋办", words).topics


def test_a_school_closing_asks_the_plan_not_a_zone(assistant: Assistant) -> None:
    # where the pupils of a school that closes go is the plan's rule on small rural schools, not today's 划片 row
    words = LookupWords.load()
    closing = read_slots("村小要撤了，娃去哪上学", words)
    assert closing.school_future and not closing.asks_school
    assert read_slots("七营镇北咀村的娃去哪个学校", words).asks_school
    answer = assistant.answer("听说俺们村小要撤了，娃以后去哪上学")
    assert answer.kind == "answer" and answer.lookup is None
    assert answer.sources[0].section_id == "3.2.4"  # 小规模学校和教学点 … 在交通便利 … 的地方
    assert assistant.answer("七营镇北咀村的娃去哪个学校").lookup is not None


def test_a_place_that_introduces_the_asker_is_not_asked_back(assistant: Assistant) -> None:
    # long messages tell where the family lives and the child's grade before asking something else: no "哪个村" back
    for story in ("我是史店乡的村民，孙子在村小念三年级。县上对学校长年用代课老师是咋规定的？",
                  "俺是三河镇的，孙子今年上一年级。村边上留着盖学校的地，能随便改成别的吗？",
                  # the place told in the clause before the one that asks, in one sentence
                  "我帮娃他妈问一下。娃在关庄乡念初二，学校的网速太慢了，县里对网络有啥标准？",
                  # 好几年 and 十几里路 tell; the clauses that a question mark ends ask
                  "你好，我替我姨问个事，我在县城上班。她们村原来的小学撤了好几年，娃娃们上幼儿园得跑十几里路。"
                  "县上对空出来的旧学校是咋安排的？能不能先办幼儿园？"):
        answer = assistant.answer(story)
        assert answer.lookup is None and answer.outcome == "answer"
        assert "哪个村" not in answer.text
    # the same introduction with the school asked, or a place asked in the question itself, is still a 划片 look-up
    asked = assistant.answer("我家在七营镇北咀村。娃明年上初中，该去哪个学校？")
    assert asked.lookup is not None and asked.lookup.kind == "zone" and asked.answered
    assert assistant.answer("我是史店乡的村民。史店乡的娃上初中去哪？").lookup is not None


def test_a_classifier_or_a_pronoun_before_村_is_no_unknown_place(assistant: Assistant) -> None:
    # 一所村小, 她们村: no village to ask the spelling of; the question is answered on its merits
    for message in ("我是红羊乡一所村小的老师，从来没评上过啥。听说在乡下干满十年能优先评优，是真的吗？",
                    "我替我姨问，她住海城街道。她们村的小学撤了，空出来的校舍是咋安排的？"):
        answer = assistant.answer(message)
        assert "没有找到这个地方" not in answer.text
        assert answer.lookup is None or answer.lookup.place_status != "unknown"


def test_a_date_told_in_the_story_is_not_asked(assistant: Assistant) -> None:
    # 学校哪天就没了 tells a worry; the question is what the county plans for small schools, not the enrolment dates
    answer, ctx = assistant.respond("俺孙女在村上的教学点念二年级，全校就八个娃。俺担心学校哪天就没了，娃得去镇上。县上对这种娃少的小学校是咋打算的？")
    assert ctx.asking and "哪天" not in ctx.asking
    assert ctx.qtype != "when"
    assert ctx.lookup is None or ctx.lookup.kind != "calendar"
    assert "报名" not in answer.text.split("\n", 1)[0]
    _, asked = assistant.respond("娃上一年级报名是哪天？")
    assert asked.lookup is not None and asked.lookup.kind == "calendar"


def test_a_school_told_is_not_a_school_asked(assistant: Assistant) -> None:
    # 从三中分到五中 tells where the child was sent: no place is asked back
    answer = assistant.answer("俺娃接到通知从三中分到五中去 说是分流 娃舍不得同学不想去 这分流到底咋回事")
    assert "哪个乡镇" not in answer.text and "哪个村" not in answer.text
    zone = assistant.answer("李旺镇的娃上初中分到哪")
    assert zone.kind == "answer" and "李旺镇中学" in zone.text


def test_a_verb_before_cun_xiao_names_no_village(assistant: Assistant) -> None:
    answer = assistant.answer("村里有个退休的高级教师想回村小教书，学校说没这先例，方案里有这种说法没？")
    assert "没有找到这个地方" not in answer.text


def test_a_house_rented_to_live_beside_the_school_is_no_housing_paper() -> None:
    words = LookupWords.load()
    assert read_slots("在县城租房了，娃上学要带啥", words).items == ["住房证明"]
    assert read_slots("县城有房子，上学要带房产证吗", words).items == ["住房证明"]
    assert "住房证明" not in read_slots("娃上初中是住校还是在镇上租房陪读", words).items
    assert "住房证明" not in read_slots("是去镇上租个房子给他做饭还是让他住校", words).items


def test_the_zoning_policy_named_asks_no_school() -> None:
    words = LookupWords.load()
    assert not read_slots("县里现在是不是按住的地方划片、就近上学", words).asks_school  # the policy, 划片就近
    assert not read_slots("划片就近入学是啥意思", words).asks_school
    assert read_slots("我们村划片划到哪个学校", words).asks_school
    assert read_slots("关桥乡的娃怎么划片", words).asks_school
