from __future__ import annotations

import numpy as np
from sqlmodel import Session

from bot.approved import crud
from bot.approved.matcher import ApprovedMatcher, bigrams, default_threshold, jaccard
from bot.approved.models import ApprovedAnswer, ApprovedAnswerCreate
from bot.approved.pipeline import approved_answer
from retrieval.embedders import FakeEmbedder

MIGRANT = "随迁子女入学需要居住证吗？"
SUBSIDY = "两免一补具体免哪些费用？"


class SameVector:
    """Every text gets the same vector: only the lexical guard can tell questions apart."""

    name = "same"
    dim = 3

    def embed_query(self, text: str) -> np.ndarray:
        return np.array([1.0, 0.0, 0.0], dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.embed_query(t) for t in texts])


def _answers() -> list[ApprovedAnswer]:
    return [
        ApprovedAnswer(id=1, question=MIGRANT, answer="需要。", citation="三（五）18."),
        ApprovedAnswer(id=2, question=SUBSIDY, answer="免教科书费、免杂费，补助寄宿生生活费。"),
        ApprovedAnswer(id=3, question="留守儿童能优先上寄宿制学校吗？", answer="能。", status="retracted"),
    ]


def test_matches_paraphrases() -> None:
    matcher = ApprovedMatcher(FakeEmbedder())
    matcher.load(_answers())
    assert matcher.threshold == default_threshold(FakeEmbedder()) == 0.79
    assert len(matcher) == 2
    for question, expected in [
        ("隨遷子女入學需要居住證嗎？", 1),  # Traditional script
        ("请问随迁子女入学需要居住证吗", 1),
        ("两免一补具体都免哪些费用？", 2),
        ("请问一下，两免一补具体都免哪些费用", 2),
    ]:
        hit = matcher.match(question)
        assert hit is not None, question
        assert hit[0].id == expected
        assert matcher.threshold <= hit[1] <= 1.0001


def test_rejects_unrelated_and_retracted() -> None:
    matcher = ApprovedMatcher(FakeEmbedder())
    matcher.load(_answers())
    for question in ["教师交流轮岗有什么要求？", "你好", "", "   ", "留守儿童能优先上寄宿制学校吗？",
                     "随迁子女入学要收额外费用吗？"]:
        assert matcher.match(question) is None, question


def test_lexical_guard_blocks_equal_vectors() -> None:
    matcher = ApprovedMatcher(SameVector(), threshold=0.5)
    matcher.load(_answers())
    assert matcher.match("教师交流轮岗有什么要求？") is None
    hit = matcher.match("两免一补是什么")
    assert hit is not None and hit[0].id == 2


def test_bigrams_fold_traditional() -> None:
    assert bigrams("隨遷子女") == bigrams("随迁子女") == frozenset({"随迁", "迁子", "子女"})
    assert bigrams("学") == frozenset({"学"})
    assert jaccard(bigrams("随迁子女"), bigrams("随迁")) == 1 / 3
    assert jaccard(frozenset(), bigrams("随迁")) == 0.0


def test_refresh_from_database(session: Session) -> None:
    matcher = ApprovedMatcher(FakeEmbedder())
    assert matcher.refresh(session) == 0
    assert matcher.match(MIGRANT) is None
    record = crud.create_approved(session, ApprovedAnswerCreate(question=MIGRANT, answer="需要。"), "staff")
    assert matcher.refresh_if_changed(session) is True
    assert matcher.refresh_if_changed(session) is False
    hit = matcher.match(MIGRANT)
    assert hit is not None and hit[0].id == record.id
    assert record.id is not None
    crud.retract_approved(session, record.id, "staff")
    assert matcher.refresh_if_changed(session) is True
    assert matcher.match(MIGRANT) is None


def test_approved_answer_for_the_pipeline() -> None:
    approved = ApprovedAnswer(id=7, question=MIGRANT, answer="需要居住证。", citation="《方案》三（五）18.",
                              doc_id="hyx-2019-82", section_id="3.5.18")
    answer = approved_answer("外地孩子上学要居住证吗", approved, 0.975, intent="migrant")
    assert (answer.kind, answer.answered, answer.intent) == ("approved", True, "migrant")
    assert answer.text == "需要居住证。\n\n出处：《方案》三（五）18."
    assert [(s.doc_id, s.section_id, s.kind, s.score) for s in answer.sources] == [
        ("hyx-2019-82", "3.5.18", "approved", 0.975)
    ]
    bare = approved_answer("q", ApprovedAnswer(id=8, question="q", answer="a"), 0.99)
    assert (bare.text, bare.sources) == ("a", [])
