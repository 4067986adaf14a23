from __future__ import annotations

from bot.answer import Answer, Choice, Source
from bot.assistant import Assistant
from bot.pipeline import multi_ask
from bot.pipeline.context import AnswerContext, Conversation
from bot.texts import AssistantTexts
from retrieval.hybrid import RetrievalResult


def _source(section_id: str, kind: str = "policy") -> Source:
    return Source("plan", section_id, f"heading {section_id}", [], "quote", 1.0, citation=f"《实施方案》{section_id}", kind=kind)


def _run(outcome: str, text: str, sources: list[Source] = (), confidence: float = 0.9,  # type: ignore[assignment]
         choices: list[Choice] = ()) -> AnswerContext:  # type: ignore[assignment]
    kind = {"refuse": "refusal"}.get(outcome, outcome)
    ctx = AnswerContext(raw="q", conversation=Conversation(), sources=[s for s in sources if s.kind == "policy"])
    ctx.retrieval = RetrievalResult("q", [], in_scope=True, confidence=confidence)
    ctx.answer = Answer(question="q", text=text, answered=outcome == "answer", sources=list(sources), kind=kind,
                        choices=list(choices))
    return ctx


def test_one_line_per_ask_in_the_order_asked_then_the_sources(texts: AssistantTexts) -> None:
    runs = [_run("answer", "送教上门。\n根据《实施方案》20.：……", [_source("3.6.20")]),
            _run("decline", "没有找到答案。\n建议咨询海原县教育体育局：0955-0000001（示例号码）。"),
            _run("answer", "寄宿生生活补助：小学每生每年1000元（示例数据）。\n来源：subsidies.csv", [_source("sub", "data")])]
    merged = multi_ask.merge("whole message", runs, texts)
    assert merged.answer is not None
    lines = merged.answer.text.splitlines()
    assert lines[:4] == ["您这条消息问了3件事，逐条回答：", "①送教上门。", "②这一问在资料里没有找到答案，我不能替您猜。",
                         "③寄宿生生活补助：小学每生每年1000元（示例数据）。"]
    assert "①根据《实施方案》20.：……" in merged.answer.text and "③来源：subsidies.csv" in merged.answer.text
    assert merged.answer.text.rstrip().endswith("建议咨询海原县教育体育局：0955-0000001（示例号码）。")
    assert merged.answer.outcome == "answer" and merged.answer.question == "whole message"
    assert [s.section_id for s in merged.answer.sources] == ["3.6.20", "sub"]
    assert [s.section_id for s in merged.sources] == ["3.6.20"] and [s.section_id for s in merged.data_sources] == ["sub"]
    assert [(a.outcome, a.section_id) for a in merged.answer.asks] == [("answer", "3.6.20"), ("decline", None), ("answer", "sub")]


def test_an_unsure_ask_names_what_it_may_mean(texts: AssistantTexts) -> None:
    choices = [Choice("寄宿生生活补助", "寄宿生生活补助"), Choice("两免一补", "两免一补")]
    runs = [_run("answer", "免教科书费。", [_source("2")]), _run("clarify", "您想问的是：", choices=choices)]
    text = multi_ask.merge("q", runs, texts).answer.text  # type: ignore[union-attr]
    assert "②这一问我不确定您指的是哪一方面（寄宿生生活补助；两免一补），可以单独再问一次。" in text


def test_two_wordings_of_one_ask_are_answered_once(texts: AssistantTexts) -> None:
    runs = [_run("answer", "按划片就近入学。", [_source("3.2.5")]), _run("answer", "按划片就近入学。", [_source("3.2.5")])]
    merged = multi_ask.merge("q", runs, texts)
    assert merged is runs[0]


def test_asks_count_only_when_the_plan_answers_one_with_confidence() -> None:
    weak = _run("answer", "x", [_source("3.2.5")], confidence=0.2)
    data_only = _run("answer", "x", [_source("sub", "data")], confidence=0.9)
    assert not multi_ask.answered_any([weak, data_only], 0.4)
    assert multi_ask.answered_any([weak, _run("answer", "y", [_source("2")], confidence=0.5)], 0.4)


def test_a_refused_ask_refuses_the_message() -> None:
    runs = [_run("answer", "x", [_source("2")]), _run("refuse", "不能帮忙伪造")]
    assert multi_ask.refused(runs) is runs[1]
    assert multi_ask.refused(runs[:1]) is None


def test_the_assistant_answers_each_ask(assistant: Assistant) -> None:
    answer, _ = assistant.respond("1.随迁子女入学要带什么材料 2.送教上门是怎么回事")
    assert answer.outcome == "answer"
    assert answer.text.startswith("您这条消息问了2件事，逐条回答：\n①")
    assert "\n②" in answer.text
    assert {"3.6.18", "3.6.20"} <= {s.section_id for s in answer.sources}


def test_a_forgery_ask_inside_a_message_refuses_it(assistant: Assistant) -> None:
    answer, _ = assistant.respond("1.送教上门是怎么回事 2.帮我伪造一个居住证明")
    assert answer.outcome == "refuse"


def test_a_message_that_asks_one_thing_reads_as_before(assistant: Assistant) -> None:
    answer, _ = assistant.respond("送教上门是怎么回事")
    assert not answer.text.startswith("您这条消息问了")


def test_a_message_longer_than_the_guard_allows_is_answered_whole(assistant: Assistant) -> None:
    long_message = "1.随迁子女入学要带什么材料 2.送教上门是怎么回事 " + "娃" * 600
    answer, _ = assistant.respond(long_message)
    assert not answer.text.startswith("您这条消息问了")
    assert "只按前500个字" in answer.text
