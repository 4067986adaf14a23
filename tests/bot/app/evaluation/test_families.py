"""How the family sets are scored by outcome (bot/app/evaluation/families.py), with answers made by hand."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.app.evaluation.dataset import HELD_OUT, Question
from bot.app.evaluation.families import miss_lines, print_dev_sets, report_set, score


def _source(section_id: str) -> SimpleNamespace:
    return SimpleNamespace(doc_id="", section_id=section_id, kind="policy")


def _answer(outcome: str, first: str = "", ranking: tuple[str, ...] = (), choices: tuple[str, ...] = ()) -> tuple[Any, Any]:
    answer = SimpleNamespace(outcome=outcome, kind=outcome, sources=[_source(first)] if first else [],
                             choices=[SimpleNamespace(doc_id="", section_id=c) for c in choices])
    hits = [SimpleNamespace(section=SimpleNamespace(doc_id="", section_id=s, kind="policy")) for s in ranking]
    return answer, SimpleNamespace(retrieval=SimpleNamespace(hits=hits))


def test_each_outcome_counts_where_it_belongs() -> None:
    replies = {
        "right": _answer("answer", "3.6.18", ("3.6.18",)),
        "second": _answer("answer", "3.2.5", ("3.2.5", "3.6.18")),
        "wrong": _answer("answer", "1", ("1", "2", "3")),
        "clarified with gold": _answer("clarify", choices=("3.6.19", "3.6.18")),
        "declined": _answer("decline"),
        "oos declined": _answer("decline"),
        "oos answered": _answer("answer", "2", ("2",)),
    }
    items = [Question(q, q, ["3.6.18"], "answerable") for q in ("right", "second", "wrong", "clarified with gold", "declined")]
    items += [Question(q, q, [], "oos") for q in ("oos declined", "oos answered")]
    figures = score(lambda question: replies[question], items)
    assert figures == {"top1": 0.2, "recall@3": 0.6, "answerable_declined": 0.2, "clarified": 0.2, "oos_declined": 0.5,
                       "n": 5.0, "n_oos": 2.0}


def test_dev_sets_print_one_line_each() -> None:
    out = io.StringIO()
    figures = {"top1": 0.9, "recall@3": 0.95, "answerable_declined": 0.01, "clarified": 0.02, "oos_declined": 0.8,
               "n": 100.0, "n_oos": 10.0}
    print_dev_sets({"oos_dev3.jsonl": figures}, out)
    lines = out.getvalue().splitlines()
    assert lines[1] == "Own dev sets (tuned on; top-1 counts plan sections only):"
    assert lines[2].startswith("  oos_dev3.jsonl         top-1 0.900  recall@3 0.950  declined 0.010  clarified 0.020"
                               "  out of scope declined 0.800  (100 answerable, 10 out of scope; sha256 ")


def test_misses_name_each_wrong_item_and_only_those() -> None:
    replies = {
        "right": _answer("answer", "3.6.18"),
        "wrong": _answer("answer", "1"),
        "from the data": _answer("answer"),
        "from a data row": _answer("answer"),
        "from the notice": _answer("answer", "3.6.18"),
        "oos declined": _answer("decline"),
        "oos answered": _answer("answer", "2"),
    }
    items = [Question("a1", "right", ["3.6.18"], "answerable"), Question("a2", "wrong", ["3.6.18"], "answerable"),
             Question("a3", "from the data", ["subsidies"], "answerable"),
             Question("a4", "from a data row", ["enrollment:BD1-01"], "answerable"),
             Question("a5", "from the notice", ["010_sample_notice_2026#2"], "answerable"),
             Question("o1", "oos declined", [], "oos"), Question("o2", "oos answered", [], "oos")]
    lines = miss_lines(lambda question: replies[question], items)
    assert lines == ["  a2         gold ['3.6.18'], got answer ['1']: wrong",
                     "  a5         gold ['010_sample_notice_2026#2'], got answer ['3.6.18']: from the notice",
                     "  o2         oos, got answer ['2']: oos answered"]


@pytest.mark.parametrize("name", HELD_OUT)
def test_a_held_out_set_is_never_scored_item_by_item(name: str) -> None:
    with pytest.raises(SystemExit, match="held out"):
        report_set(lambda question: _answer("answer"), Path("retrieval/eval") / name, io.StringIO())


def test_a_set_with_key_facts_reports_the_share_first_and_each_late_or_missing_fact(tmp_path: Path) -> None:
    rows = [
        {"id": "k1", "question": "early", "gold": ["3.4.13"], "kind": "answerable", "key_facts": ["即评即聘"]},
        {"id": "k2", "question": "late", "gold": ["3.4.13"], "kind": "answerable", "key_facts": ["即评即聘"]},
        {"id": "k3", "question": "missing", "gold": ["3.4.13"], "kind": "answerable", "key_facts": ["周转宿舍"]},
    ]
    path = tmp_path / "facts_dev.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    texts = {"early": "确保乡村学校教师职称即评即聘。", "late": "乡" * 98 + "即评即聘。", "missing": "确保乡村学校教师职称即评即聘。"}
    calls: list[str] = []

    def respond(question: str) -> tuple[Any, Any]:
        calls.append(question)
        answer, ctx = _answer("answer", "3.4.13", ("3.4.13",))
        answer.text = texts[question]
        return answer, ctx

    out = io.StringIO()
    report_set(respond, path, out)
    lines = out.getvalue().splitlines()
    assert "  key_facts_first_100 0.333  key_facts_anywhere 0.667  n_facts 3" in lines
    assert "  k2         key fact 即评即聘 at 98: late" in lines
    assert "  k3         key fact 周转宿舍 missing: missing" in lines
    assert not any(line.startswith("  k1") for line in lines)
    assert sorted(calls) == ["early", "late", "missing"]  # each question asked once for every figure
