from __future__ import annotations

from bot.assistant import Assistant
from bot.pipeline.check import filter_unsupported, unsupported_numbers
from bot.pipeline.citation import citation
from bot.pipeline.context import AnswerContext
from bot.texts import AssistantTexts
from retrieval.hybrid import HybridRetriever
from retrieval.units import SectionRef


def test_citation_format() -> None:
    section = SectionRef("d", "3.6.18", "18.改革随迁子女就学机制", ("三、工作任务", "（五）完善学生就学保障体系，推进教育普惠公平"), doc_title="某实施方案")
    assert citation(section) == "《某实施方案》三（五）18. 改革随迁子女就学机制"
    group = SectionRef("d", "4.2", "（二）加强经费投入", ("四、保障措施",), doc_title="某实施方案")
    assert citation(group) == "《某实施方案》四（二） 加强经费投入"


def test_answer_quotes_and_cites_the_item(assistant: Assistant) -> None:
    answer = assistant.answer("县城老师每年要去乡下交流轮岗多少？")
    assert answer.sources[0].section_id == "3.4.11"
    assert "10%" in answer.text and "20%" in answer.text
    assert "三（四）11. 统筹城乡师资配置" in answer.text
    assert answer.sources[0].heading == "11.统筹城乡师资配置"
    assert answer.sources[0].path == ["三、工作任务", "（四）统筹城乡教师资源配置，提高乡村教师待遇"]


def test_direct_answer_follows_a_prohibition(assistant: Assistant) -> None:
    answer = assistant.answer("随迁子女上学要交额外的钱吗")
    assert answer.text.startswith("不用交。学校不得向随迁子女收取")
    assert "不得向随迁子女收取" in answer.text


def test_direct_answer_affirmative(assistant: Assistant) -> None:
    answer = assistant.answer("留守儿童能住校吗")
    assert answer.text.startswith("可以。")


def test_traditional_in_traditional_out(assistant: Assistant) -> None:
    answer = assistant.answer("隨遷子女入學要交額外的費用嗎？")
    assert "隨遷子女" in answer.text and "随迁" not in answer.text


def test_english_gets_a_summary(assistant: Assistant) -> None:
    answer = assistant.answer("What does the plan say about left-behind children?")
    assert answer.sources[0].section_id == "3.6.19"
    assert "English summary:" in answer.text


def test_unsupported_numbers_are_found() -> None:
    assert unsupported_numbers("补助3000元，比例10%", "比例不低于10%") == ["3000"]
    assert unsupported_numbers("电话 0955-0000001", "联系电话 0955-0000001（示例号码）") == []


def test_check_drops_a_sentence_with_an_invented_number(assistant: Assistant, texts: AssistantTexts) -> None:
    def rewrite_with_invention(ctx: AnswerContext) -> None:
        assert ctx.answer is not None
        ctx.answer.text += "\n每个寄宿生每天补助88元。学校要落实政策。"

    retriever: HybridRetriever = assistant.retriever
    inventive = Assistant(retriever, texts, assistant.directory, rewriter=rewrite_with_invention)
    answer = inventive.answer("寄宿生生活补助一年多少钱")
    assert "88" not in answer.text
    assert "学校要落实政策。" in answer.text
    assert any("dropped 1" in note for note in answer.notes)


def test_filter_keeps_supported_lines() -> None:
    text, dropped = filter_unsupported("甲：比例10%。\n乙：补助99元。", "比例10%")
    assert text == "甲：比例10%。"
    assert dropped == ["乙：补助99元。"]


def test_a_decline_names_the_bureau_with_its_number(texts: AssistantTexts, directory) -> None:
    from retrieval.scope import ScopeModel
    from tests.bot.conftest import make_retriever

    declining = Assistant(make_retriever(ScopeModel({}, -10.0, 0.5)), texts, directory)
    answer = declining.answer("驾照科目一咋约考")
    assert answer.kind == "decline" and not answer.answered
    assert "没有找到答案" in answer.text and "0955-0000001" in answer.text


def test_the_quote_goes_on_from_where_the_lead_stops() -> None:
    from bot.pipeline.compose import _after_lead

    quote = "合理制定闲置校园校舍综合利用方案，严格规范权属确认、用途变更等程序，避免出现“边建设、边闲置”现象。"
    assert _after_lead(quote, "合理制定闲置校园校舍综合利用方案。") == "……严格规范权属确认、用途变更等程序，避免出现“边建设、边闲置”现象。"
    assert _after_lead(quote, "不可以。合理制定闲置校园校舍综合利用方案。", "不可以。").startswith("……严格规范")
    assert _after_lead(quote, "严格规范权属确认。") == quote  # the lead from further on: the whole quote shows
    assert _after_lead("学校不得收取任何费用。", "学校不得收取任何费用。") == "学校不得收取任何费用。"  # nothing left to go on

def test_a_quote_already_cut_is_not_cut_twice() -> None:
    from bot.pipeline.compose import _after_lead

    quote = "发挥学校党组织政治核心作用，落实校长负责制。……探索建立学生意外伤害援助机制，推动平安校园建设。"
    shown = _after_lead(quote, "发挥学校党组织政治核心作用，落实校长负责制。")
    assert shown == "……探索建立学生意外伤害援助机制，推动平安校园建设。"
    assert "…………" not in shown


def test_a_lead_from_further_on_is_followed_by_what_comes_next_then_what_came_before() -> None:
    from bot.pipeline.compose import _after_lead

    quote = "不断完善村小、教学点等小规模学校的办学条件。按标准配备必要的设施，保障小规模学校和教学点正常运转。"
    lead = "按标准配备必要的设施。"
    assert _after_lead(quote, lead) == "……保障小规模学校和教学点正常运转。……不断完善村小、教学点等小规模学校的办学条件。"
    # a question asking what the part before the lead says: that part comes first
    asked = _after_lead(quote, lead, question="村小的办学条件咋完善")
    assert asked == "……不断完善村小、教学点等小规模学校的办学条件。……保障小规模学校和教学点正常运转。"
