from bot.pipeline.overview import Overview
from retrieval.hit import Hit
from retrieval.hybrid import RetrievalResult
from retrieval.units import SectionRef

TITLE = "海原县统筹推进县域内城乡义务教育一体化改革发展实施方案"
GOALS = SectionRef("plan", "2", "二、工作目标", text="加快推进“四统一”和“两免一补”城乡全覆盖。", doc_title=TITLE)
GUIDE = SectionRef("plan", "1", "一、指导思想", text="统筹城乡教育资源配置。", doc_title=TITLE)
LEAD = SectionRef("plan", "4.1", "（一）加强组织领导", text="将统筹推进城乡义务教育一体化改革发展作为一项政治任务。", doc_title=TITLE)
ROTATE = SectionRef("plan", "3.4.11", "11.统筹城乡师资配置", text="健全校长教师交流轮岗机制。", doc_title=TITLE)
NOTICE_GOALS = SectionRef("notice", "2", "二、工作目标", text="另一份文件的目标。", doc_title="招生入学通知")
SECTIONS = [GOALS, GUIDE, LEAD, ROTATE, NOTICE_GOALS]


def _result(*sections: SectionRef) -> RetrievalResult:
    hits = [Hit(section=s, score=1.0 - i / 10, unit_text=s.text, lexical_rank=i, dense_rank=i, dense_score=0.5)
            for i, s in enumerate(sections)]
    return RetrievalResult("q", hits, in_scope=True, confidence=0.5, decision="clarify")


def test_a_question_naming_only_the_plan_asks_about_the_whole() -> None:
    overview = Overview.load()
    assert overview.asks_the_whole("一体化改革具体要做哪些事？")
    assert overview.asks_the_whole("城乡一体化 教育 海原")
    assert overview.asks_the_whole("这个方案主要讲啥")
    assert not overview.asks_the_whole("城乡教师交流轮岗咋搞")  # a topic of its own: 交流轮岗
    assert not overview.asks_the_whole("主要任务是啥")  # names nothing of the plan
    assert not overview.asks_the_whole("")


def test_the_plans_goals_then_its_guiding_principles_answer_it() -> None:
    settled = Overview.load().settle("一体化改革做哪些事", _result(LEAD, ROTATE), SECTIONS)
    assert [h.section.key for h in settled.hits] == [GOALS.key, GUIDE.key, LEAD.key, ROTATE.key]
    assert settled.decision == "answer" and settled.in_scope
    assert settled.hits[0].score == settled.hits[2].score  # brought level with the best, not above it


def test_any_other_question_is_left_as_it_was() -> None:
    result = _result(ROTATE, LEAD)
    assert Overview.load().settle("城乡教师交流轮岗咋搞", result, SECTIONS) is result
