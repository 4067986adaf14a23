from bot.pipeline.bare_term import BareTerms
from retrieval.hit import Hit
from retrieval.hybrid import RetrievalResult
from retrieval.units import SectionRef

ZONE = SectionRef("plan", "3.2.5", "5. 稳定乡村学校生源", text="实行划片就近入学，合理确定招生范围。")
DROPOUT = SectionRef("plan", "3.6.20", "20. 完善控辍保学机制", text="落实控辍保学七长责任制。")
CARE = SectionRef("plan", "3.6.19", "19. 关爱留守儿童", text="建立控辍保学与关爱联动机制，开通亲情电话。")
DRAFT = SectionRef("draft", "1", "一、划片", text="划片另定。", status="待生效")
SECTIONS = [ZONE, DROPOUT, CARE, DRAFT]


def _hit(section: SectionRef, score: float) -> Hit:
    return Hit(section=section, score=score, unit_text=section.text, lexical_rank=0, dense_rank=0, dense_score=0.8)


def _declined(*hits: Hit) -> RetrievalResult:
    return RetrievalResult("q", list(hits), in_scope=False, confidence=0.05, decision="decline")


def test_the_term_is_what_stands_inside_the_frames() -> None:
    terms = BareTerms.load()
    assert terms.term("划片") == "划片"
    assert terms.term("划片是啥？") == "划片"
    assert terms.term("请问划片是什么意思呢") == "划片"
    assert terms.term("划片的学校在哪") == "划片的学校在哪"  # read as a term: no section holds it whole
    assert terms.term("我家娃今年该上哪个学校念书呢") == ""  # longer than a term
    assert terms.term("划") == ""
    assert terms.term("hua pian") == ""


def test_a_term_one_in_force_section_uses_is_answered_by_it() -> None:
    settled = BareTerms.load().settle("划片是啥", _declined(_hit(CARE, 0.6)), SECTIONS)
    assert settled.decision == "answer" and settled.in_scope
    assert [h.section.key for h in settled.hits] == [ZONE.key, CARE.key]  # the draft's 划片 does not count


def test_a_term_several_sections_use_is_offered_as_choices() -> None:
    settled = BareTerms.load().settle("控辍保学", _declined(_hit(CARE, 0.7), _hit(ZONE, 0.2)), SECTIONS)
    assert settled.decision == "clarify"
    assert {h.section.key for h in settled.hits[:2]} == {DROPOUT.key, CARE.key}
    assert settled.hits[0].score == settled.hits[1].score  # both offered alike


def test_a_question_that_is_not_a_bare_term_or_a_term_no_section_uses_is_left_alone() -> None:
    terms = BareTerms.load()
    declined = _declined(_hit(CARE, 0.6))
    assert terms.settle("中考", declined, SECTIONS) is declined
    assert terms.settle("划片的学校离家太远了咋办呀", declined, SECTIONS) is declined


def test_too_common_a_term_settles_nothing() -> None:
    common = [SectionRef("plan", str(i), f"{i}. 学校", text="学校") for i in range(5)]
    declined = _declined()
    assert BareTerms(BareTerms.load().frames, 2, 8, 4).settle("学校", declined, common) is declined


def test_a_sure_answer_is_kept() -> None:
    sure = RetrievalResult("q", [_hit(CARE, 0.9)], in_scope=True, confidence=0.9, decision="answer")
    assert BareTerms.load().settle("划片", sure, SECTIONS) is sure


def test_which_sections_count_is_the_in_force_rule_of_every_ranking_path() -> None:
    named = SectionRef("old", "1", "一、划片办法", text="划片办法另定。", status="已废止", mentions=("划片办法",))
    terms = BareTerms.load()
    assert terms.sections_using("划片", [ZONE, named], "划片") == [ZONE]
    assert terms.sections_using("划片办法", [ZONE, named], "划片办法") == [named]  # the question names it
