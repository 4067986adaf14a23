"""The question bank points at real targets and never holds (near-)copies of evaluation questions."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from knowledge.ingest.document import process_file
from knowledge.ingest.script import fold as folded_text
from knowledge.ingest.script import to_simplified
from retrieval.text import sentences

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "knowledge" / "question_bank.yaml"
OUT_OF_SCOPE_BANK = ROOT / "knowledge" / "out_of_scope_bank.yaml"
PLAN = ROOT / "knowledge" / "documents" / "000_8e01929cc9c29c4e.txt"
EVAL_DIR = ROOT / "retrieval" / "eval"
DATA_KINDS = {
    "zones",
    "schools",
    "subsidies",
    "enrollment_materials",
    "enrollment_calendar",
    "services",
    "contacts",
}
MAX_RATIO = 80.0
MAX_JACCARD = 0.6
_NOT_WORD = re.compile(r"[\W_]+")


def folded(text: str) -> str:
    """Simplified script, NFKC, lower case, punctuation and spaces removed."""
    return _NOT_WORD.sub("", to_simplified(unicodedata.normalize("NFKC", text)).lower())


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def too_close(a: str, b: str) -> bool:
    """True when two folded questions are near-duplicates by either measure."""
    return fuzz.ratio(a, b) >= MAX_RATIO or jaccard(bigrams(a), bigrams(b)) >= MAX_JACCARD


def load_bank() -> dict:
    return yaml.safe_load(BANK.read_text(encoding="utf-8"))


def bank_questions() -> list[str]:
    return [question for entry in load_bank()["entries"] for question in entry["questions"]]


def out_of_scope_questions() -> list[str]:
    raw = yaml.safe_load(OUT_OF_SCOPE_BANK.read_text(encoding="utf-8"))
    return [question for topic in raw["topics"] for question in topic["questions"]]


def eval_questions() -> list[str]:
    """Every question of every evaluation file (`question`, or every turn of `turns`)."""
    questions: list[str] = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            if "question" in record:
                questions.append(record["question"])
            questions.extend(record.get("turns", []))
    return questions


def test_bank_shape() -> None:
    bank = load_bank()
    assert bank["version"] == 1
    assert bank["entries"], "the bank has no entries"
    for entry in bank["entries"]:
        assert set(entry) == {"target", "questions"}, entry
        questions = entry["questions"]
        assert questions and all(isinstance(q, str) and q.strip() for q in questions), entry["target"]
    seen = [folded(q) for q in bank_questions()]
    repeated = sorted({q for q in seen if seen.count(q) > 1})
    assert repeated == []


def test_every_target_exists() -> None:
    """A target is a data kind, or a section of a document shipped in knowledge/documents (the plan, the notice)."""
    shipped = [process_file(path) for path in sorted(PLAN.parent.glob("*.txt"))]
    sections = {(p.document.doc_id, s.section_id) for p in shipped for s in p.sections}
    bad: list[dict] = []
    for entry in load_bank()["entries"]:
        target = entry["target"]
        if "data" in target:
            ok = set(target) == {"data"} and target["data"] in DATA_KINDS
        else:
            ok = set(target) in ({"doc_id", "section_id"}, {"doc_id", "section_id", "says"})
            ok = ok and (target["doc_id"], str(target["section_id"])) in sections
        if not ok:
            bad.append(target)
    assert bad == []


def test_every_data_kind_has_questions() -> None:
    kinds = {entry["target"]["data"] for entry in load_bank()["entries"] if "data" in entry["target"]}
    assert kinds == DATA_KINDS


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("寄宿生一年补助多少钱", "寄宿生一年補助多少錢？", True),
        ("寄宿生每年补助多少钱", "寄宿生一年补助多少钱", True),
        ("七长责任制是哪七个长", "教育局电话多少", False),
    ],
)
def test_near_duplicate_measure(a: str, b: str, close: bool) -> None:
    assert too_close(folded(a), folded(b)) is close


def test_no_bank_question_is_a_near_duplicate_of_an_evaluation_question() -> None:
    evaluation = [(q, folded(q)) for q in eval_questions()]
    assert len(evaluation) > 100, "evaluation sets not found"
    texts = [other for _, other in evaluation]
    grams = [bigrams(other) for other in texts]
    flagged: list[tuple[str, str]] = []
    for question in bank_questions() + out_of_scope_questions():
        mine = folded(question)
        close = {
            index
            for _, _, index in process.extract(
                mine, texts, scorer=fuzz.ratio, score_cutoff=MAX_RATIO, limit=None
            )
        }
        mine_grams = bigrams(mine)
        close |= {index for index, other in enumerate(grams) if jaccard(mine_grams, other) >= MAX_JACCARD}
        flagged.extend((question, evaluation[index][0]) for index in sorted(close))
    assert flagged == [], "bank (or out-of-scope bank) questions too close to evaluation questions (reword or drop them)"


def test_a_sentence_a_target_names_opens_one_sentence_of_its_section() -> None:
    """`says` opens the sentence that answers the entry's questions: verbatim from the section, in one sentence only."""
    shipped = [process_file(path) for path in sorted(PLAN.parent.glob("*.txt"))]
    texts = {(p.document.doc_id, s.section_id): folded_text(s.text) for p in shipped for s in p.sections}
    named = [e["target"] for e in load_bank()["entries"] if "says" in e["target"]]
    assert len(named) > 50
    bad = []
    for target in named:
        text = texts.get((target["doc_id"], str(target["section_id"])), "")
        says = folded_text(target["says"])
        if sum(says in part for part in sentences(text)) != 1:
            bad.append(target)
    assert bad == []
