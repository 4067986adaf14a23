"""The multi-document scorer: right document first, newer leads on conflicts, earlier policy mentioned."""

from __future__ import annotations

from bot.answer import Answer, Source
from bot.app.evaluation import multidoc


def _answer(*docs: str) -> Answer:
    return Answer("q", "a", True, sources=[Source(doc, "1", "h", [], "quote", 1.0) for doc in docs])


def test_score_counts_documents_and_conflicts() -> None:
    rows: list[dict[str, object]] = [
        {"gold_doc": "notice", "gold": ["1"], "conflict": True, "older_doc": "plan"},
        {"gold_doc": "notice", "gold": ["1"], "conflict": True, "older_doc": "plan"},
        {"gold_doc": "plan", "gold": ["2"], "conflict": False},
        {"gold_doc": "plan", "gold": ["1"], "conflict": False},
    ]
    answers = [_answer("notice", "plan"), _answer("plan", "notice"), _answer("plan"), Answer("q", "no", False)]
    assert multidoc.score(rows, answers) == {
        "right_document_first": 0.5, "right_section_first": 0.25, "newer_leads_on_conflicts": 0.5,
        "earlier_policy_mentioned": 0.5, "questions": 4.0, "conflicts": 2.0,
    }


def test_the_shipped_set_has_at_least_40_questions_across_both_documents() -> None:
    rows = multidoc.load()
    assert len(rows) >= 40 and len({row["id"] for row in rows}) == len(rows)
    assert {row["gold_doc"] for row in rows} == {"000_8e01929cc9c29c4e", "010_sample_notice_2026"}
    assert sum(bool(row["conflict"]) for row in rows) >= 10
    assert len(multidoc.sha256()) == 64
