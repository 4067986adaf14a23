from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from sqlmodel import Session

from bot.approved import crud
from bot.approved.models import ApprovedAnswerCreate, ApprovedAnswerUpdate

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
CITATION = "《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（五）18."


def _create(session: Session, question: str = "随迁子女入学需要居住证吗？") -> int:
    data = ApprovedAnswerCreate(question=question, answer="需要，以居住证为主要依据。", citation=CITATION,
                                doc_id="hyx-2019-82", section_id="3.5.18")
    record = crud.create_approved(session, data, "马老师", now=T0)
    assert record.id is not None
    return record.id


def test_create_edit_retract_write_history(session: Session) -> None:
    answer_id = _create(session)
    record = crud.get_approved(session, answer_id)
    assert record is not None
    assert (record.status, record.created_by, record.updated_by) == ("active", "马老师", "马老师")
    assert record.created_at == T0

    later = T0 + dt.timedelta(hours=2)
    update = ApprovedAnswerUpdate(question="随迁子女入学需要居住证吗？", answer="需要居住证，学校不得另外收费。",
                                  citation=CITATION)
    edited = crud.edit_approved(session, answer_id, update, "李主任", now=later)
    assert edited is not None
    assert (edited.answer, edited.updated_by, edited.updated_at) == ("需要居住证，学校不得另外收费。", "李主任", later)
    assert (edited.doc_id, edited.section_id) == (None, None)
    assert edited.created_by == "马老师"

    retracted = crud.retract_approved(session, answer_id, "", now=later + dt.timedelta(hours=1))
    assert retracted is not None and retracted.status == "retracted" and retracted.updated_by == "staff"

    history = crud.list_history(session, answer_id)
    assert [(h.action, h.actor, h.status) for h in history] == [
        ("created", "马老师", "active"),
        ("edited", "李主任", "active"),
        ("retracted", "staff", "retracted"),
    ]
    assert history[0].answer == "需要，以居住证为主要依据。"
    assert history[1].answer == "需要居住证，学校不得另外收费。"
    assert [h.at for h in history] == [T0, later, later + dt.timedelta(hours=1)]


def test_retract_twice_writes_one_history_row(session: Session) -> None:
    answer_id = _create(session)
    crud.retract_approved(session, answer_id, "a")
    crud.retract_approved(session, answer_id, "b")
    assert [h.action for h in crud.list_history(session, answer_id)] == ["created", "retracted"]


def test_list_by_status_and_missing_ids(session: Session) -> None:
    first = _create(session, "问题一")
    second = _create(session, "问题二")
    crud.retract_approved(session, first, "staff")
    assert [a.id for a in crud.list_approved(session, status="active")] == [second]
    assert [a.id for a in crud.list_approved(session, status="retracted")] == [first]
    assert {a.id for a in crud.list_approved(session)} == {first, second}
    update = ApprovedAnswerUpdate(question="x", answer="y")
    assert crud.edit_approved(session, 999, update, "staff") is None
    assert crud.retract_approved(session, 999, "staff") is None
    assert crud.get_approved(session, 999) is None


def test_change_signature_moves_with_every_change(session: Session) -> None:
    empty = crud.change_signature(session)
    answer_id = _create(session)
    created = crud.change_signature(session)
    crud.edit_approved(session, answer_id, ApprovedAnswerUpdate(question="q", answer="a"), "s")
    edited = crud.change_signature(session)
    assert len({empty, created, edited}) == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"question": "  ", "answer": "a"}, "问题 不能为空"),
        ({"question": "q", "answer": ""}, "答案 不能为空"),
        ({"question": "q" * 501, "answer": "a"}, "问题 不能超过 500 个字"),
        ({"question": "q", "answer": "a", "citation": "c" * 301}, "出处 不能超过 300 个字"),
    ],
)
def test_create_validation(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ApprovedAnswerCreate.model_validate(fields)


def test_create_strips_text() -> None:
    data = ApprovedAnswerCreate.model_validate({"question": " 问题 ", "answer": "答案\n", "doc_id": " ", "section_id": ""})
    assert (data.question, data.answer, data.doc_id, data.section_id) == ("问题", "答案", None, None)
