"""Score school-data look-ups on a question set in the lookups_heldout.jsonl format (ids + answer text).

An item is correct when the answer's ``lookup.record_ids`` hold every expected id, its text (folded
to Simplified) holds every ``must_contain`` string and no ``must_not_contain`` string, its
``place_status`` matches where one is expected, and for a school fact the opening states the
expected value. Figures: overall, per expected kind, unknown/outside places named as such (never
answered with a school), and agreement on ``lookup.kind``. The file's sha256 is printed beside them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.ingest.script import to_simplified

# How an opening sentence states a school fact (the look-up's own wording, bot/data/lookup_replies.yaml)
FACT_MARKERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "boarding": (("可以寄宿",), ("不能寄宿",)),
    "care_room": (("设有留守儿童关爱室",), ("没有留守儿童关爱室",)),
    "counseling_room": (("设有心理健康咨询室",), ("没有心理健康咨询室",)),
    "family_phone": (("设有亲情电话",), ("没有亲情电话",)),
}


NO_LOOKUP = "no_lookup"
COUNTY_ONLY_RECORDS = ("zones:", "enrollment:")  # the county's own zones, materials and dates


@dataclass
class ItemScore:
    id: str
    kind: str
    correct: bool
    kind_agrees: bool
    unknown_named: bool | None  # for unknown/outside places: named as such, no school given
    why: str


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_kind_item(item: dict[str, Any], answer: dict[str, Any]) -> ItemScore:
    """An item whose ``expect`` is a word (lookups_negatives.jsonl): ``no_lookup`` (no look-up answers it),
    ``outside_county`` (no county zone, materials or dates given for a place outside the county), or the
    look-up kind expected (``zone``, ``materials``, ``calendar``, ``subsidy``, ``contact``…)."""
    expect = str(item["expect"])
    lookup = answer.get("lookup") or {}
    kind = lookup.get("kind")
    ids = [str(record) for record in lookup.get("record_ids") or []]
    if expect == NO_LOOKUP:
        correct, why = not lookup, f"answered by a {kind} look-up"
    elif expect == "outside_county":
        county = [record for record in ids if record.startswith(COUNTY_ONLY_RECORDS)]
        correct, why = not county, f"county rows given for a place outside it: {county}"
    else:
        correct, why = kind == expect, f"lookup {kind}, expected {expect}"
    return ItemScore(id=str(item.get("id", "")), kind=expect, correct=correct, kind_agrees=correct,
                     unknown_named=None, why="" if correct else why)


def score_item(item: dict[str, Any], answer: dict[str, Any]) -> ItemScore:
    """``answer``: the ``ask --json`` payload of the item's question."""
    if isinstance(item["expect"], str):
        return score_kind_item(item, answer)
    expect = item["expect"]
    text = to_simplified(answer.get("answer", ""))
    lookup = answer.get("lookup") or {}
    ids = set(lookup.get("record_ids") or [])
    problems = []
    missing = [record for record in expect.get("record_ids", []) if record not in ids]
    if missing:
        problems.append(f"missing ids {missing}")
    absent = [s for s in expect.get("must_contain", []) if to_simplified(s) not in text]
    if absent:
        problems.append(f"text lacks {absent}")
    wrong = [s for s in expect.get("must_not_contain", []) if to_simplified(s) in text]
    if wrong:
        problems.append(f"text has {wrong}")
    status = expect.get("place_status")
    if status is not None and lookup.get("place_status") != status:
        problems.append(f"place_status {lookup.get('place_status')} != {status}")
    fact = expect.get("fact")
    if fact and fact.get("field") in FACT_MARKERS:
        yes, no = FACT_MARKERS[fact["field"]]
        opening = text.split("\n", 1)[0]
        wanted, other = (yes, no) if fact.get("value") in (True, "true") else (no, yes)
        if not any(m in opening for m in wanted) or any(m in opening for m in other):
            problems.append(f"opening does not state {fact['field']}={fact.get('value')}")
    elif fact and isinstance(fact.get("value"), str) and to_simplified(fact["value"]) not in text:
        problems.append(f"text lacks {fact['value']}")
    unknown_named = None
    if status in {"unknown", "outside_county"}:
        unknown_named = lookup.get("place_status") == status and answer.get("answered") is False
    return ItemScore(
        id=str(item.get("id", "")),
        kind=str(expect.get("kind", "")),
        correct=not problems,
        kind_agrees=lookup.get("kind") == expect.get("kind"),
        unknown_named=unknown_named,
        why="; ".join(problems),
    )


def score_set(path: Path, ask: Callable[[str], dict[str, Any]]) -> tuple[dict[str, float], list[ItemScore]]:
    """Figures for the whole file: overall, per kind, unknown places named unknown, kind agreement."""
    scores = [score_item(item, ask(item["question"])) for item in load_items(path)]
    figures: dict[str, float] = {"overall": _mean([s.correct for s in scores])}
    quiet = [s.correct for s in scores if s.kind == NO_LOOKUP]
    if quiet:  # a set of questions that must not be look-ups, beside the look-ups that must still work
        figures["no_lookup kept quiet"] = _mean(quiet)
        figures["look-ups right"] = _mean([s.correct for s in scores if s.kind != NO_LOOKUP])
    for kind in sorted({s.kind for s in scores}):
        figures[f"kind {kind}"] = _mean([s.correct for s in scores if s.kind == kind])
    named = [s.unknown_named for s in scores if s.unknown_named is not None]
    if named:
        figures["unknown places named unknown"] = _mean([bool(n) for n in named])
    figures["lookup.kind agrees"] = _mean([s.kind_agrees for s in scores])
    figures["questions"] = float(len(scores))
    return figures, scores


def _mean(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def report(name: str, path: Path, ask: Callable[[str], dict[str, Any]], out: Any) -> dict[str, float]:
    """Score one file and print its figures with the file's sha256 (``out``: a text stream)."""
    figures, _ = score_set(path, ask)
    print(f"\nLook-ups, {name}: {path.name} sha256 {sha256_of(path)}", file=out)
    for key, value in figures.items():
        shown = f"{value:.0f}" if key == "questions" else f"{value:.3f}"
        print(f"  {key:32} {shown:>8}", file=out)
    return figures


def report_misses(name: str, path: Path, ask: Callable[[str], dict[str, Any]], out: Any) -> dict[str, float]:
    """``report``, then each item scored wrong with the reason and the answer's look-up (a dev tool)."""
    answers: dict[str, dict[str, Any]] = {}

    def remembering(question: str) -> dict[str, Any]:
        answers[question] = ask(question)
        return answers[question]

    figures, scores = score_set(path, remembering)
    print(f"\nLook-ups, {name}: {path.name} sha256 {sha256_of(path)}", file=out)
    for key, value in figures.items():
        shown = f"{value:.0f}" if key == "questions" else f"{value:.3f}"
        print(f"  {key:32} {shown:>8}", file=out)
    questions = {str(item.get("id", "")): item["question"] for item in load_items(path)}
    for score in scores:
        if score.correct and score.kind_agrees:
            continue
        answer = answers[questions[score.id]]
        lookup = answer.get("lookup") or {}
        print(f"- {score.id} [{score.kind}] {questions[score.id]}", file=out)
        print(f"    why: {score.why or 'kind disagrees'}; lookup {lookup.get('kind')} {lookup.get('place_status')} "
              f"{list(lookup.get('record_ids') or [])}", file=out)
        print(f"    answer: {str(answer.get('answer', ''))[:160]!r}", file=out)
    return figures
