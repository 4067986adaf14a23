from __future__ import annotations

import pytest

from bot.pipeline.question_type import OTHER, QuestionTypes
from retrieval.text import fold


@pytest.fixture(scope="module")
def types() -> QuestionTypes:
    return QuestionTypes.load()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("住校的娃一学期能补几百块", "amount"),
        ("初中生的生活补助标准是多少", "amount"),
        ("转学过来得准备哪些证件", "materials"),
        ("外地来的娃报名带什么", "materials"),
        ("俺们村的娃该去哪念初中", "school"),
        ("北嘴村对口的是哪所小学", "school"),
        ("秋季几号开始报名", "when"),
        ("资助的钱什么时候发下来", "when"),
        ("乱收费了找谁反映", "contact"),
        ("资助的事打哪个电话", "contact"),
        ("七长责任制是啥意思", "meaning"),
        ("什么叫县管校聘", "meaning"),
        ("为啥县城学校不让多招人", "why"),
        ("生活补助咋申请", "how_apply"),
        ("学生老不来学校当班主任的该咋办", "how_apply"),
        ("上学要交书本费吗", "free"),
        ("念初中花钱不", "free"),
        ("残疾娃能不能在普通学校念书", "may"),
        ("学校有没有心理老师", "may"),
        ("留守儿童关爱", OTHER),
    ],
)
def test_question_types(types: QuestionTypes, question: str, expected: str) -> None:
    assert types.classify(fold(question)) == expected


def test_the_more_specific_type_wins(types: QuestionTypes) -> None:
    # "how much" beats "is it free": the question wants the amount, not a yes/no
    assert types.classify(fold("上学要交多少钱")) == "amount"
    assert types.classify(fold("上学要交钱吗")) == "free"


def test_is_it_lawful_comes_before_what_follows(types: QuestionTypes) -> None:
    # 不管娃 is a condition, but the question asks whether it is against the law
    assert types.classify(fold("家长出去打工不管娃，算不算违法")) == "lawful"
    assert types.classify(fold("工作不到位的干部会不会被追责")) == "lawful"
    assert types.classify(fold("娃劝也劝不回来，接下来咋办")) == "consequence"


@pytest.mark.parametrize("question", ["娃能在县城上学不", "退休老师去乡下支教给钱不", "这个补助我家能领不？"])
def test_a_question_ending_in_the_tag_bu_asks_may_i(types: QuestionTypes, question: str) -> None:
    assert types.classify(fold(question)) == "may"


def test_a_statement_ending_in_bu_is_not_a_question(types: QuestionTypes) -> None:
    assert types.classify(fold("娃说什么也不")) != "may"
    assert types.classify(fold("住校的补助给多少，给不给")) == "amount"  # a more specific type still wins


@pytest.mark.parametrize("question", ["给学校留的地会不会被占了", "村小以后能不能被撤", "学校的老房子能卖不"])
def test_a_change_asked_in_the_passive_or_as_a_sale_is_can_it_change(types: QuestionTypes, question: str) -> None:
    assert types.classify(fold(question)) == "change"


def test_every_type_has_cues(types: QuestionTypes) -> None:
    assert all(t.cues for t in types.types)
    assert types.cues("amount") and types.cues("nonexistent") == ()


def test_from_dict_keeps_file_order() -> None:
    types = QuestionTypes.from_dict({"types": {"b": {"patterns": ["x"], "cues": []}, "a": {"patterns": ["x"]}}})
    assert types.classify("x") == "b"
    assert types.classify("y") == OTHER


def test_who_is_not_whom_to_call() -> None:
    from bot.pipeline.question_type import QuestionTypes

    types = QuestionTypes.load()
    assert types.classify("监测机制由哪些部门共同建立") == "who"
    assert types.classify("谁来管娃辍学的事") == "who"
    assert types.classify("辍学的事该找谁") == "contact"
    assert types.classify("控辍保学打哪个电话") == "contact"
    assert types.classify("轮岗是咋回事") == "meaning"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("学校的地以后能不能改成别的", "change"),
        ("规划定了还会调整吗", "change"),
        ("需求由哪个部门来算", "who"),
        ("评估完了交给谁", "recipient"),
        ("结果报到哪个部门", "recipient"),
        ("转学的事去哪个部门办", "contact"),
        ("编制是按什么分下去的", "basis"),
        ("老师劝也劝不回来咋办", "consequence"),
        ("当爹的不管娃会怎么样", "consequence"),
        ("这个台账建了有啥用", "why"),
        ("生活补助以外还有其他照顾吗", "consequence"),  # beyond what one has: what follows for such a case
        ("工作落实不到位咋办", "consequence"),
        ("村里占用学校的地合法吗", "lawful"),
        ("城乡的办学标准是否统一", "may"),  # not "how much": 标准是否 asks whether
        ("娃跟外地的爹妈视频联系得上不", OTHER),  # keeping in touch, not a desk to call
        ("是不是要等好几年才给办", "may"),
    ],
)
def test_what_kind_of_rule_is_asked(types: QuestionTypes, question: str, expected: str) -> None:
    assert types.classify(fold(question)) == expected


def test_a_type_can_weigh_its_cues_more(types: QuestionTypes) -> None:
    change = types.get("change")
    assert change is not None and change.cue_bonus > types.get("other" if types.get("other") else "may").cue_bonus
    assert types.get("why") is not None and types.get("why").purpose


def test_lawful_rights_named_do_not_ask_whether_it_is_lawful(types: QuestionTypes) -> None:
    # 合法权益 is a thing the plan protects, not a question of lawfulness
    assert types.classify(fold("县方案对平安校园建设、维护师生合法权益有何要求")) != "lawful"
    assert types.classify(fold("老师打学生合法吗")) == "lawful"


@pytest.mark.parametrize("question", ["老师劝了不管用的话，学校下一步咋办", "要是娃还是不回来咋办", "劝返没用下一步该怎么办"])
def test_what_follows_a_condition_is_a_consequence(types: QuestionTypes, question: str) -> None:
    assert types.classify(fold(question)) == "consequence"


@pytest.mark.parametrize("question", ["说是入学手续要跑七八个地方盖章 真有这规定吗", "让学校建留守儿童台账，这是谁定的规矩？", "老师说要往七小分流，这是上面定的政策不"])
def test_is_there_such_a_rule(types: QuestionTypes, question: str) -> None:
    assert types.classify(fold(question)) == "rule"


def test_a_cue_inside_a_thing_the_sources_name_is_no_cue(types: QuestionTypes) -> None:
    named = frozenset({"亲情电话", "县管校聘"})
    assert types.classify(fold("留守儿童 亲情电话"), named) == OTHER
    assert types.classify(fold("留守儿童 亲情电话"), frozenset()) == "contact"  # unmasked, 电话 asks whom to call
    assert types.classify(fold("亲情电话打不通找谁"), named) == "contact"  # 找谁, outside the name, still asks
