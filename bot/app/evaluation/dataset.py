"""The evaluation question sets (retrieval/eval/*.jsonl)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PACKAGE_ROOT

EVAL_DIR = PACKAGE_ROOT / "retrieval" / "eval"
SEED_ID = "000_8e01929cc9c29c4e"
# pairs of sections that make the same point, the newer document restating the older (written from the documents)
RESTATEMENTS = PACKAGE_ROOT / "retrieval" / "data" / "same_point_pairs.yaml"

# gold section -> the intent a person asking about it has (to measure intent detection)
SECTION_INTENTS = {"3.6.18": "migrant", "3.6.19": "care", "3.6.20": "dropout", "3.6.21": "subsidy",
                   "3.2.5": "zone", "3.2.6": "zone", "3.4.11": "teacher", "3.4.12": "teacher", "3.4.13": "teacher"}


@dataclass(frozen=True)
class FamilySet:
    """A held-out family set as `make eval` prints it: `name` keys its figures in baseline.json, `kf_name` its key
    facts; `held` while it is still held out (its misses are never printed)."""

    file: str
    name: str
    title: str
    kf_name: str
    held: bool = True
    baseline_key: str = ""  # where baseline.json keeps its figures, when not under `name` (an older name)

    @property
    def path(self) -> Path:
        return EVAL_DIR / self.file


# every family set written blind for a wave or session (docs/adr/0007), oldest first; the names are the baseline's keys
FAMILY_SETS = (
    FamilySet("families_heldout.jsonl", "former held-out family set (seen since)",
              "Former held-out family set (seen since issue 10, fitted on since wave 3: for comparison only)",
              "key facts, former held-out (families_heldout.jsonl)", held=False, baseline_key="held-out family set (never tuned on)"),
    FamilySet("families2_heldout.jsonl", "held-out family set families2 (never tuned on)",
              "Wave-2 held-out family set (seen since wave 3 and fitted on: for comparison only)",
              "key facts, wave-2 held-out, seen since (families2_heldout.jsonl)", held=False),
    FamilySet("families3_heldout.jsonl", "held-out family set families3 (never tuned on)",
              "Wave-3 held-out family set (seen since wave 4 and fitted on: for comparison only)",
              "key facts, wave-3 held-out, seen since (families3_heldout.jsonl)", held=False),
    FamilySet("families4_heldout.jsonl", "held-out family set families4 (never tuned on)",
              "Wave-4 held-out family set (never opened; gated wave 5, fitted on since its fifteenth session: for comparison only)",
              "key facts, families4 held-out"),
    FamilySet("families5_heldout.jsonl", "held-out family set families5 (never tuned on)",
              "Held-out family set, wave 5 (never opened; fitted on since wave 5's fifteenth session: for comparison only)", "key facts, families5 held-out"),
    FamilySet("families6_heldout.jsonl", "held-out family set families6 (never tuned on)",
              "Held-out family set, wave 5 fifth session, lexical avoidance (never opened; fitted on since wave 5's fifteenth session: for comparison only)", "key facts, families6 held-out"),
    FamilySet("families7_heldout.jsonl", "held-out family set families7 (never tuned on)",
              "Held-out family set, wave 5 sixth session, the round trip through English (never opened; fitted on since wave 5's fifteenth session: for comparison only)",
              "key facts, families7 held-out"),
    FamilySet("families8_heldout.jsonl", "held-out family set families8 (never tuned on)",
              "Held-out family set, wave 5 seventh session, questions written before the text (never opened; fitted on since wave 5's fifteenth session: for comparison only)",
              "key facts, families8 held-out"),
    FamilySet("families9_heldout.jsonl", "held-out family set families9 (never tuned on)",
              "Held-out family set, wave 5 eighth session, questions prompted by something seen or heard (never opened; fitted on since wave 5's fifteenth session: for comparison only)",
              "key facts, families9 held-out"),
    FamilySet("families10_heldout.jsonl", "held-out family set families10 (never tuned on)",
              "Held-out family set, wave 5 ninth session, voice messages through speech-to-text (never tuned on)",
              "key facts, families10 held-out"),
    FamilySet("families11_heldout.jsonl", "held-out family set families11 (never tuned on)",
              "Held-out family set, wave 5 tenth session, message-board posts and long WeChat texts (never tuned on)",
              "key facts, families11 held-out"),
    FamilySet("families12_heldout.jsonl", "held-out family set families12 (never tuned on)",
              "Held-out family set, wave 5 eleventh session, asked for someone else and by pupils themselves (never tuned on)",
              "key facts, families12 held-out"),
    FamilySet("families13_heldout.jsonl", "held-out family set families13 (never tuned on)",
              "Held-out family set, wave 5 twelfth session, questions that carry a belief to be checked (never tuned on)",
              "key facts, families13 held-out"),
    FamilySet("families14_heldout.jsonl", "held-out family set families14 (never tuned on)",
              "Held-out family set, wave 5 thirteenth session, troubles and complaints: was this right, what am I owed (never tuned on)",
              "key facts, families14 held-out"),
    FamilySet("families15_heldout.jsonl", "held-out family set families15 (never tuned on)",
              "Held-out family set, wave 5 fourteenth session, the calendar of a school year in the county's own speech (never tuned on)",
              "key facts, families15 held-out"),
    FamilySet("families16_heldout.jsonl", "held-out family set families16 (never tuned on)",
              "Held-out family set, wave 5 fifteenth session, questions sparked by notices in a chat group (never tuned on)",
              "key facts, families16 held-out"),
    FamilySet("families17_heldout.jsonl", "held-out family set families17 (never tuned on)",
              "Held-out family set, wave 5 sixteenth session, what people type into a search box (never tuned on)",
              "key facts, families17 held-out"),
    FamilySet("families18_heldout.jsonl", "held-out family set families18 (never tuned on)",
              "Held-out family set, wave 5 seventeenth session, decisions and comparisons: which option, should I, what if (never tuned on)",
              "key facts, families18 held-out"),
    FamilySet("families19_heldout.jsonl", "held-out family set families19 (never tuned on)",
              "Held-out family set, wave 5 eighteenth session, several asks in one message (never tuned on)",
              "key facts, families19 held-out"),
    FamilySet("families20_heldout.jsonl", "held-out family set families20 (never tuned on)",
              "Held-out family set, wave 5 nineteenth session, the question that follows an answer, scored in its conversation (never tuned on)",
              "key facts, families20 held-out"),
)
# the sets held out now (docs/adr/0007): scored in aggregate by `make eval` only, their misses never printed
HELD_OUT = (*(s.file for s in reversed(FAMILY_SETS) if s.held), "lookups3_heldout.jsonl")


def refuse_held_out(path: Path) -> None:
    """Misses are printed for own sets only: a held-out set's questions must not be read by whoever tunes."""
    if path.name in HELD_OUT:
        raise SystemExit(f"{path.name} is held out: `make eval` scores it in aggregate only, its misses are not printed")


@dataclass
class Question:
    id: str
    question: str
    gold: list[str]
    kind: str
    persona: str = ""
    style: str = ""
    key_facts: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # the asker's earlier messages in the same conversation, in order

    @property
    def answerable(self) -> bool:
        return self.kind == "answerable"


def _label(key: str) -> str:
    """A section key (doc_id#section_id) as the question sets write gold: the plan's ids bare."""
    doc_id, _, section_id = key.partition("#")
    return section_id if doc_id == SEED_ID else key


def gold_label(doc_id: str, section_id: str) -> str:
    """A retrieved section as gold labels write it (the plan's ids bare; another document's "3" is not the plan's)."""
    return section_id if doc_id in {SEED_ID, ""} else f"{doc_id}#{section_id}"


def restatements(path: Path = RESTATEMENTS) -> dict[str, list[str]]:
    """Gold label of an older section -> the labels of newer in-force sections that restate the same point.
    A question labelled with the plan's section is answered rightly by the newer restatement leading (the plan
    then follows as 此前的规定), so either counts; questions written before the newer document existed stay valid."""
    from knowledge.yamlload import safe_load

    if not path.exists():
        return {}
    found: dict[str, list[str]] = {}
    for pair in (safe_load(path.read_text(encoding="utf-8")) or {}).get("same", []):
        found.setdefault(_label(pair["older"]), []).append(_label(pair["newer"]))
    return found


def load_questions(path: Path | None = None) -> list[Question]:
    path = path or EVAL_DIR / "questions.jsonl"
    restated = restatements()
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            question = Question(**{k: raw[k] for k in Question.__dataclass_fields__ if k in raw})
            question.gold = [*question.gold, *(n for g in question.gold for n in restated.get(g, []) if n not in question.gold)]
            items.append(question)
    return items


def load_followups(path: Path | None = None) -> list[dict[str, object]]:
    path = path or EVAL_DIR / "followups.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
