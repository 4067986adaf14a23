"""retrieval/eval/lookup_questions.jsonl agrees with the shipped data and the directory's matching."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from knowledge.schooldata import SchoolDirectory, load_rows

ROOT = Path(__file__).resolve().parents[3]
EVAL = ROOT / "retrieval" / "eval" / "lookup_questions.jsonl"
TYPES = {"zone", "ambiguous", "subsidy", "materials", "service", "contact"}


def _questions() -> list[dict]:
    return [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]


QUESTIONS = _questions()


@pytest.fixture(scope="module")
def d() -> SchoolDirectory:
    return SchoolDirectory(load_rows(ROOT / "knowledge" / "data"))


def test_file_shape():
    assert len(QUESTIONS) >= 40
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    types = Counter(q["expect"]["type"] for q in QUESTIONS)
    assert set(types) == TYPES
    assert types["zone"] >= 15 and types["ambiguous"] >= 3
    raw = EVAL.read_text(encoding="utf-8")
    assert "\\u" not in raw  # written with ensure_ascii=False


@pytest.mark.parametrize("q", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_expectation_holds(d, q):
    expect, question = q["expect"], q["question"]
    kind = expect["type"]
    if kind == "zone":
        matches = d.match_places(question)
        assert matches, question
        best = matches[0]
        assert (best.township, best.place) == (expect["township"], expect["place"])
        assert not best.ambiguous
        assignment = d.zone_for(best)
        assert assignment.primary.school_id == expect["primary_school_id"]
        assert assignment.junior.school_id == expect["junior_school_id"]
    elif kind == "ambiguous":
        matches = d.match_places(question)
        assert sorted(m.township for m in matches) == sorted(expect["townships"])
        assert all(m.ambiguous for m in matches)
        if "places" in expect:
            assert sorted(m.place for m in matches) == sorted(expect["places"])
    elif kind == "subsidy":
        rows = {s.subsidy_id: s for s in d.subsidies()}
        assert set(expect["subsidy_ids"]) <= set(rows)
        assert any(expect["amount"] in rows[i].amount for i in expect["subsidy_ids"])
    elif kind == "materials":
        items = {
            row.item
            for row in d.enrollment(
                audience=expect["audience"], kind=expect["kind"], stage=expect.get("stage")
            )
        }
        assert set(expect["must_include"]) <= items
    elif kind == "service":
        rows = d.services(kind=expect["kind"], township=expect.get("township"))
        assert rows
        if "township" in expect:
            assert rows[0].township == expect["township"]
    elif kind == "contact":
        assert d.bureau_contact().service_id == expect["service_id"]
