"""The yes/no rule: a table of plan clauses × questions. An opener only on the very predicate asked, from a certain
marker bound to it; goals, conditions, other predicates and other objects give none."""

from __future__ import annotations

import pytest

from bot.pipeline.polarity import PolarityRules
from retrieval.expand import Expander
from retrieval.hybrid import HybridRetriever
from retrieval.text import fold

MIGRANT = ("进一步强化流入地政府责任，将随迁子女义务教育纳入城镇发展规划和财政保障范围，建立以居住证为主要依据的随迁子女入学政策，"
           "简化优化入学流程，依法保障随迁子女平等接受义务教育。学校不得向随迁子女收取有别于本地户籍学生的任何费用。")
ZONES = "严格落实义务教育招生政策，加强招生管理，实行划片就近入学，合理确定招生范围，限制县城校额、班额超标学校招生人数，适度稳定乡村学校生源。"
QUALITY = "完善初中学业水平考试制度，探索实施中小学生学业水平监测制度，构建教育质量综合评价指标体系。"
CARE = "建立留守儿童基本情况信息台账，优先安排留守儿童就读寄宿制学校。在农村社区和学校建设留守儿童关爱室和心理健康咨询室。"
STAFF = ("严禁挤占、挪用和截留中小学教职工编制，严禁在有合格教师来源的情况下“有编不补”、长期聘用代课教师，严禁各种形式的“吃空饷”。"
         "鼓励优秀教师向薄弱学校或乡村学校流动。")
FUNDS = "落实全县统一的义务教育生均公用经费保障标准，对学生规模不足100人的学校，按100人核定公用经费。"
DROPOUT = "落实辍学学生劝返、登记和书面报告制度，劝返无效的，应书面报告教育部门和当地乡镇政府，依法采取措施予以劝返复学。"
HIGH = "据实免除普通高中“四类”学生（建档立卡家庭困难学生、农村低保家庭学生、农村特困救助供养学生、残疾学生）学杂费，并全面享受国家助学金。"
TITLES = "落实中小学教师职称评聘结合政策，确保乡村学校教师职称即评即聘。"
GOAL = "努力提高农村教师待遇，使农村教师实际工资收入水平高于同职级县城教师工资收入水平。"


@pytest.fixture(scope="module")
def rules() -> PolarityRules:
    return PolarityRules.load()


def opener(rules: PolarityRules, retriever: HybridRetriever, question: str, text: str) -> str:
    folded = fold(question)
    expander = Expander.load()
    found = rules.read(folded, fold(text), retriever.lexical.idf, expansions={k: expander.table[k] for k in expander.hits(folded)})
    return found.word if found else ""


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        # the three examples of the issue
        ("随迁子女可以参加中考吗", MIGRANT + QUALITY, ""),  # the plan says nothing of 中考: no opener
        ("随迁子女上学会收取费用吗", MIGRANT, "不会。"),  # 学校不得向随迁子女收取…费用
        ("会收取费用吗", MIGRANT, ""),  # the rule is for 随迁子女 (向随迁子女): not certain for whoever asks
        ("我想让娃上李旺镇中心小学 可以吗", ZONES, ""),  # enrollment by zone is not a yes/no on this school
        # prohibitions bound to the asked predicate
        ("外地打工的娃在这念书，学校会不会多收钱", MIGRANT, "不会。"),
        ("学校收不收随迁子女比本地学生多的费用", MIGRANT, "不收。"),
        ("学校能挪用编制吗", STAFF, "不可以。"),
        # the same prohibition says nothing about another fee or another object
        ("营养餐要交钱吗", MIGRANT, ""),
        ("补课费要不要交", MIGRANT, ""),
        ("校车收不收费", MIGRANT, ""),
        # exemption (免除) on a fee
        ("低保家庭的娃上普通高中要交学杂费吗", HIGH, "不用交。"),
        # operative rules → yes
        ("留守儿童能住校吗", CARE, "可以。"),
        ("乡村学校教师职称会即评即聘吗", TITLES, "会。"),
        ("不足100人的学校公用经费会按100人核定吗", FUNDS, "会。"),
        # conditions, goals, encouragement → none
        ("劝返无效的学校要不要报告", DROPOUT, ""),  # 劝返无效的，应…: a rule under a condition
        ("县城学校可以长期聘代课老师吗", STAFF, ""),  # 严禁在有合格教师来源的情况下…: conditional
        ("优秀老师能去乡村学校交流吗", STAFF, ""),  # 鼓励: encouragement
        ("农村老师工资会比县城高吗", GOAL, ""),  # 努力: a goal
        ("县里的公用经费以后会不会涨", FUNDS, ""),  # 按…核定 says how much, not that it rises: 涨 is not in the clause
        # negated or not yes/no
        ("能不能不交钱", MIGRANT, ""),
        ("随迁子女入学要带什么", MIGRANT, ""),
        # the asker stands outside the clause, or asks about the exemption itself
        ("娃不是留守儿童，能优先住校吗", CARE, ""),
        ("低保家庭的娃上普通高中，学杂费能免吗", HIGH, ""),
        # different predicate from the clause's
        ("留守儿童有没有关爱室", CARE, ""),  # 建设…关爱室: no certain marker
    ],
)
def test_polarity_table(rules: PolarityRules, retriever: HybridRetriever, question: str, text: str, expected: str) -> None:
    assert opener(rules, retriever, question, text) == expected


def test_clauses_that_disagree_give_no_opener(rules: PolarityRules, retriever: HybridRetriever) -> None:
    text = "学校不得向随迁子女收取任何费用。学校应当向随迁子女收取费用。"
    assert opener(rules, retriever, "随迁子女会收取费用吗", text) == ""


def test_the_predicate_next_to_the_question_form_is_the_one_asked(rules: PolarityRules) -> None:
    asked = rules.asked(fold("寄宿学校有亲情电话吗"))
    assert asked is not None and asked.predicate.name == "family_phone" and asked.form.name == "has"


def test_opener_is_never_contradicted_by_its_clause(rules: PolarityRules, retriever: HybridRetriever) -> None:
    folded = fold("外地户口的娃会被多收费吗")
    expander = Expander.load()
    found = rules.read(folded, fold(MIGRANT), retriever.lexical.idf, expansions={k: expander.table[k] for k in expander.hits(folded)})
    assert found is not None and found.polarity == "no" and "不得" in found.clause


def test_form_of_reads_the_yes_no_form_only() -> None:
    from bot.pipeline.polarity import PolarityRules

    rules = PolarityRules.load()
    assert rules.form_of("学校设没设咨询室") is not None and rules.form_of("学校设没设咨询室").yes == "有。"
    assert rules.form_of("补助要自己去申请吗") is not None and rules.form_of("补助要自己去申请吗").no == "不用。"
    assert rules.form_of("主要是哪些人负责") is None


@pytest.mark.parametrize(("question", "form"), [("娃念书要交学费不", "pay"), ("学校收资料费不？", "charge"), ("俺娃能上不", "may"),
                                               ("有补助不", "has"), ("学校设没设咨询室", "has"), ("会撤掉不", "will")])
def test_a_question_ending_in_bu_asks_yes_or_no(question: str, form: str) -> None:
    from bot.pipeline.polarity import PolarityRules

    found = PolarityRules.load().form_of(question, data=True)
    assert found is not None and found.name == form


@pytest.mark.parametrize("question", ["我交不起", "娃不想念了在家放羊咋办", "能上几年级不知道怎么查"])
def test_a_bu_that_ends_no_question_is_no_form(question: str) -> None:
    from bot.pipeline.polarity import PolarityRules

    assert PolarityRules.load().form_of(question, data=True) is None


def test_an_earlier_rules_condition_does_not_bind_a_later_rule(rules: PolarityRules, retriever: HybridRetriever) -> None:
    # 严禁在有合格教师来源的情况下…: that condition is the second rule's; 严禁…吃空饷 is a rule of its own
    assert opener(rules, retriever, "学校里有人吃空饷，这允许吗", STAFF) == "不可以。"
    # a condition in the same rule still holds it back
    assert opener(rules, retriever, "学校能长期聘代课老师吗", STAFF) == ""


def test_a_rule_for_some_pupils_is_not_every_askers(rules: PolarityRules, retriever: HybridRetriever) -> None:
    assert opener(rules, retriever, "上普通高中学杂费要交吗", HIGH) == ""  # 免除…“四类”学生学杂费
    assert opener(rules, retriever, "四类学生上普通高中学杂费要交吗", HIGH) == "不用交。"
    assert opener(rules, retriever, "外地户口的娃念书要交借读费吗", MIGRANT) == "不用交。"  # 外地 is bridged to 随迁子女


def test_a_rule_on_differing_fees_says_nothing_of_the_same_fee(rules: PolarityRules, retriever: HybridRetriever) -> None:
    assert opener(rules, retriever, "随迁子女的书本费也要跟本地学生一样交吗", MIGRANT) == ""
    assert opener(rules, retriever, "随迁子女要比本地学生多交费吗", MIGRANT) == "不用交。"


def test_a_form_asks_of_its_own_alternative_only() -> None:
    rules = PolarityRules.load()
    assert rules.predicate_asked("一小能住校吗") == "boarding"
    assert rules.predicate_asked("要不要去镇上租房陪读还是让他住校") == ""  # 还是 between: 要不要 asks of renting
    assert rules.asked("要不要去镇上租房陪读还是让他住校") is None
    assert rules.predicate_asked("关桥中学是寄宿制学校吗", data=True) == "boarding"
    assert rules.predicate_asked("关桥中学是寄宿制学校吗") == ""  # 是…吗 only with the data forms
