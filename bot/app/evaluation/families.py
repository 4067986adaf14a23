"""The held-out family sets (`dataset.FAMILY_SETS`: one written blind for each wave or session of tuning, by a new
method each time, docs/adr/0007), scored end to end by outcome.

top-1: an `answer` whose first cited policy section is gold. recall@3: an `answer` whose retrieval ranking has a
gold section in its first three, or a `clarify` whose choices hold a gold section. The file's sha256 is printed
beside the figures so that any change to the set shows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.answer import Answer
from bot.app.evaluation.answers import key_fact_miss_lines, key_facts_first
from bot.app.evaluation.conversations import Respond, answer_in_conversation, in_conversation
from bot.app.evaluation.dataset import EVAL_DIR, Question, gold_label, load_questions, refuse_held_out
from bot.pipeline.context import AnswerContext, Conversation

TARGETS = {"top1": 0.90, "recall@3": 0.96, "answerable_declined": 0.03, "clarified": 0.08, "oos_declined": 0.90}
DECLINED = {"decline", "refuse", "refusal"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outcome_of(answer: Answer) -> str:
    """The answer's outcome, also for answers built before outcomes existed."""
    outcome = getattr(answer, "outcome", None)
    if isinstance(outcome, str):
        return outcome
    return {"approved": "answer", "refusal": "refuse"}.get(answer.kind, answer.kind)


def score(respond: Respond, items: Sequence[Question]) -> dict[str, float]:
    answerable = [q for q in items if q.answerable]
    oos = [q for q in items if q.kind == "oos"]
    top1 = recall3 = declined = clarified = 0
    for q in answerable:
        answer, ctx = in_conversation(respond, q.question, q.context)
        outcome = outcome_of(answer)
        gold = set(q.gold)
        if outcome == "answer":
            policy = [gold_label(s.doc_id, s.section_id) for s in answer.sources if s.kind == "policy"]
            top1 += bool(policy) and policy[0] in gold
            ranking = [gold_label(h.section.doc_id, h.section.section_id) for h in (ctx.retrieval.hits if ctx.retrieval else [])
                       if h.section.kind == "policy"]
            recall3 += bool((set(ranking[:3]) | set(policy[:1])) & gold)
        elif outcome == "clarify":
            clarified += 1
            recall3 += any(gold_label(c.doc_id or "", c.section_id or "") in gold for c in answer.choices if getattr(c, "section_id", None))
        elif outcome in DECLINED:
            declined += 1
    oos_declined = sum(outcome_of(in_conversation(respond, q.question, q.context)[0]) in DECLINED for q in oos)
    n = max(len(answerable), 1)
    return {
        "top1": top1 / n,
        "recall@3": recall3 / n,
        "answerable_declined": declined / n,
        "clarified": clarified / n,
        "oos_declined": oos_declined / max(len(oos), 1),
        "n": float(len(answerable)),
        "n_oos": float(len(oos)),
    }


def families_figures(respond: Respond, path: Path) -> dict[str, float]:
    return score(respond, load_questions(path))


def print_families(figures: dict[str, float], out: TextIO, path: Path, title: str, before: dict[str, float] | None = None) -> None:
    print(f"\n{title} {path.name} sha256 {sha256(path)}:", file=out)
    for key, target in TARGETS.items():
        sign = "≤" if key in {"answerable_declined", "clarified"} else "≥"
        old = f"   (before {before[key]:.3f})" if before and key in before else ""
        print(f"  {key:32} {figures[key]:.3f}   target {sign} {target:.2f}{old}", file=out)
    print(f"  {'questions':32} {figures['n']:.0f} answerable, {figures['n_oos']:.0f} out of scope", file=out)


# the own dev sets written this wave before tuning (tuned on, not fitted on): printed so that a change shows there
# too; their top-1 counts plan sections only (a control answered from the school data counts as a miss there)
DEV_SETS = ("policy_dev6.jsonl", "policy_dev7.jsonl", "policy_dev8.jsonl", "oos_dev2.jsonl", "oos_dev3.jsonl", "oos_dev4.jsonl", "oos_dev5.jsonl", "leadfirst_dev2.jsonl",
            "policy_dev9.jsonl", "oos_dev6.jsonl", "policy_dev10.jsonl", "oos_dev7.jsonl", "events_dev.jsonl", "board_dev.jsonl",
            "beliefs_dev.jsonl", "troubles_dev.jsonl", "households_dev.jsonl", "search_dev.jsonl",
            "decisions_dev.jsonl", "multiask_dev.jsonl", "followups_dev.jsonl")


def dev_set_figures(respond: Respond) -> dict[str, dict[str, float]]:
    return {name: score(respond, load_questions(EVAL_DIR / name)) for name in DEV_SETS if (EVAL_DIR / name).exists()}


def print_dev_sets(figures: dict[str, dict[str, float]], out: TextIO) -> None:
    print("\nOwn dev sets (tuned on; top-1 counts plan sections only):", file=out)
    for name, f in figures.items():
        print(f"  {name:22} top-1 {f['top1']:.3f}  recall@3 {f['recall@3']:.3f}  declined {f['answerable_declined']:.3f}"
              f"  clarified {f['clarified']:.3f}  out of scope declined {f['oos_declined']:.3f}"
              f"  ({f['n']:.0f} answerable, {f['n_oos']:.0f} out of scope; sha256 {sha256(EVAL_DIR / name)[:12]}…)", file=out)


def miss_lines(respond: Respond, items: Sequence[Question]) -> list[str]:
    """One line per question scored wrong by `score`: its id, the question, what it should get and what it got."""
    lines = []
    for q in items:
        if not (q.answerable or q.kind == "oos"):
            continue
        answer, _ = in_conversation(respond, q.question, q.context)
        outcome = outcome_of(answer)
        asked = " › ".join([*q.context, q.question])
        policy = [gold_label(s.doc_id, s.section_id) for s in answer.sources if s.kind == "policy"]
        if q.kind == "oos":
            if outcome not in DECLINED:
                lines.append(f"  {q.id:10} oos, got {outcome} {policy[:1]}: {asked}")
        elif outcome != "answer" or (not _data_gold(q) and (not policy or policy[0] not in set(q.gold))):
            lines.append(f"  {q.id:10} gold {q.gold}, got {outcome} {policy[:2]}: {asked}")
    return lines


_SECTION_LABEL = re.compile(r"^(\d+(\.\d+)*|notice|preamble)$|#")  # the plan's ids bare, another document's doc#section


def _data_gold(q: Question) -> bool:
    """A control answered from the school data (gold `subsidies`, `enrollment:BD1-01`…), no document section: any
    answer is not a miss here."""
    return bool(q.gold) and not any(_SECTION_LABEL.search(label) for label in q.gold)


def report_set(respond: Respond, path: Path, out: TextIO) -> None:
    """`eval --set FILE`: one own set's figures by outcome, then every miss (top-1 misses and undeclined oos); for a
    set with key facts, the share within the first 100 characters and every key fact found later or not at all."""
    refuse_held_out(path)
    items = load_questions(path)
    replies: dict[tuple[str, tuple[str, ...]], tuple[Answer, AnswerContext]] = {}

    def once(question: str, conversation: Conversation | None = None) -> tuple[Answer, AnswerContext]:
        key = (question, tuple(t.question for t in conversation.turns) if conversation else ())
        if key not in replies:
            replies[key] = respond(question, conversation) if conversation else respond(question)
        return replies[key]

    figures = score(once, items)
    print(f"\n{path.name}: " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items() if k not in {"n", "n_oos"})
          + f"  ({figures['n']:.0f} answerable, {figures['n_oos']:.0f} out of scope)", file=out)
    for line in miss_lines(once, items):
        print(line, file=out)
    if any(q.key_facts for q in items):
        ask = answer_in_conversation(once)
        facts = key_facts_first(ask, path)
        print("  " + "  ".join(f"{k} {v:.0f}" if k.startswith("n") else f"{k} {v:.3f}" for k, v in facts.items()), file=out)
        for line in key_fact_miss_lines(ask, path):
            print(line, file=out)
