"""The multi-document figures: right document cited first, and on conflicting points the newer document leads
(and the older is mentioned as earlier policy), on retrieval/eval/multidoc.jsonl."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TextIO

from bot.answer import Answer
from bot.app.evaluation.dataset import EVAL_DIR

MULTIDOC_FILE = EVAL_DIR / "multidoc.jsonl"
TARGETS = {"right_document_first": 0.90, "newer_leads_on_conflicts": 1.00}


def load(path: Path = MULTIDOC_FILE) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sha256(path: Path = MULTIDOC_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def score(rows: list[dict[str, object]], answers: list[Answer]) -> dict[str, float]:
    policy = [[s for s in answer.sources if s.kind == "policy"] for answer in answers]
    first = [bool(p) and p[0].doc_id == row["gold_doc"] for row, p in zip(rows, policy, strict=True)]
    section = [bool(p) and p[0].doc_id == row["gold_doc"] and p[0].section_id in row["gold"]  # type: ignore[operator]
               for row, p in zip(rows, policy, strict=True)]
    conflicts = [(row, p) for row, p in zip(rows, policy, strict=True) if row.get("conflict")]
    newer = [bool(p) and p[0].doc_id == row["gold_doc"] for row, p in conflicts]
    earlier = [any(s.doc_id == row["older_doc"] for s in p[1:]) for row, p in conflicts]
    return {
        "right_document_first": sum(first) / max(len(rows), 1),
        "right_section_first": sum(section) / max(len(rows), 1),
        "newer_leads_on_conflicts": sum(newer) / max(len(conflicts), 1),
        "earlier_policy_mentioned": sum(earlier) / max(len(conflicts), 1),
        "questions": float(len(rows)),
        "conflicts": float(len(conflicts)),
    }


def evaluate(assistant: Any) -> dict[str, float]:
    """Every question through the assistant (plan and sample notice both in force in the eval's data dir)."""
    rows = load()
    return score(rows, [assistant.answer(str(row["question"])) for row in rows])


def print_figures(figures: dict[str, float], out: TextIO, path: Path = MULTIDOC_FILE) -> None:
    print(f"\nMulti-document (plan + sample notice), {path.name} sha256 {sha256(path)}:", file=out)
    for key, value in figures.items():
        if key in {"questions", "conflicts"}:
            continue
        target = f"   (target ≥ {TARGETS[key]:.2f})" if key in TARGETS else ""
        print(f"  {key:32} {value:8.3f}{target}", file=out)
    print(f"  {'questions':32} {figures['questions']:8.0f} ({figures['conflicts']:.0f} conflicting points)", file=out)
