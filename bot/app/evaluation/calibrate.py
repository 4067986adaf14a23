"""Fit the learned ranker and the answer / clarify / decline boundaries on the OWN question sets, with k-fold
cross-validation; report the cross-validated confusion. Held-out sets are never read here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import numpy as np

from bot.app.evaluation import scope_fit
from bot.app.evaluation.dataset import EVAL_DIR, Question, gold_label, load_questions
from bot.settings import PACKAGE_ROOT
from retrieval.hybrid import HybridRetriever
from retrieval.ranker import FEATURES, LinearRanker, cross_validate, fit_pairwise, save
from retrieval.scope import DENSE_FEATURES, UNUSED_FEATURES, ScopeFeatures, ScopeModel

# the own sets, and the held-out sets of earlier waves once a newer set replaced them (seen: ADR 0007); the current
# held-out set is never fitted on
OWN_SETS = ("questions.jsonl", "holdout.jsonl", "questions3.jsonl", "families_heldout.jsonl", "families2_heldout.jsonl",
            "families3_heldout.jsonl", "families4_heldout.jsonl", "families5_heldout.jsonl", "families6_heldout.jsonl",
            "families7_heldout.jsonl", "families8_heldout.jsonl", "families9_heldout.jsonl")
RANKER_FILE = PACKAGE_ROOT / "retrieval" / "data" / "ranker.json"
# of answerable questions (the target is 0.08). Families' own wording lies farther from the plan than the own
# sets', so their questions come out less sure: the fit aims well below the target (5-fold CV on the own sets:
# cap 0.06 gave top-1 0.888 with 0.028 clarified; 0.03 gave 0.909 with 0.007, recall@3 and oos declined unchanged)
MAX_CLARIFIED = 0.03
# declined answerable questions allowed when the decline threshold is chosen on the fitting folds: 0.03 gave
# 0.042 under cross-validation on the own sets (above the 0.03 target), so the fit aims lower
MAX_FALSE_DECLINE = 0.01  # 0.015 gave 0.021 under CV with the out-of-scope signals; 0.01 gives 0.014
MAX_RULE_DECLINE = 0.01  # answerable questions the out-of-scope margin rule may decline beyond the threshold's
FOLDS = 5


@dataclass(frozen=True)
class Scored:
    probability: float
    share: float
    correct: bool  # the first policy section is gold
    in_three: bool  # a gold section among the first three policy sections
    answerable: bool
    margin: float = 0.0  # the nearest out-of-scope question's cosine above the nearest positive unit


def own_questions() -> list[Question]:
    return [q for name in OWN_SETS for q in load_questions(EVAL_DIR / name) if q.kind in {"answerable", "oos"}]


def ranker_groups(retriever: HybridRetriever, items: Sequence[Question]) -> list[tuple[np.ndarray, np.ndarray]]:
    saved = retriever.ranker
    retriever.ranker = saved or LinearRanker(tuple(0.0 for _ in FEATURES))
    groups = []
    try:
        for q in items:
            found = retriever.search(q.question, 8).candidates
            assert found is not None
            policy = np.array([s.kind == "policy" for s in found.sections], dtype=bool)
            gold = np.array([gold_label(s.doc_id, s.section_id) in q.gold for s in found.sections], dtype=bool) & policy
            groups.append((found.features[policy], gold[policy]))
    finally:
        retriever.ranker = saved
    return groups


def _score(retriever: HybridRetriever, q: Question) -> tuple[ScopeFeatures, bool, bool]:
    result = retriever.search(q.question, 8)
    policy = [gold_label(h.section.doc_id, h.section.section_id) for h in result.hits if h.section.kind == "policy"]
    assert result.features is not None
    return result.features, bool(policy) and policy[0] in q.gold, bool(set(policy[:3]) & set(q.gold))


def _outcome(model: ScopeModel, s: Scored) -> str:
    return model.decide(s.probability, ScopeFeatures(0, 0, 0, 0, 0, False, 0, 0, 0, top_share=s.share, oos_dense_margin=s.margin))


def _utility(model: ScopeModel, scored: Sequence[Scored]) -> tuple[float, float]:
    gain = 0.0
    clarified = 0
    answerable = sum(s.answerable for s in scored) or 1
    for s in scored:
        outcome = _outcome(model, s)
        if s.answerable:
            clarified += outcome == "clarify"
            gain += {"answer": 1.0 if s.correct else -1.0, "clarify": 0.5 if s.in_three else -0.5, "decline": -1.0}[outcome]
        else:
            gain += {"answer": -1.0, "clarify": -0.5, "decline": 1.0}[outcome]
    return gain, clarified / answerable


def choose_margin(model: ScopeModel, scored: Sequence[Scored]) -> ScopeModel:
    """The out-of-scope margin rule (decline when a negative question lies this far above every positive unit)
    with the best utility that declines at most MAX_RULE_DECLINE of answerable questions beyond the threshold's."""
    answerable = sum(s.answerable for s in scored) or 1
    best = (model, _utility(model, scored)[0])
    for above in np.linspace(-0.04, 0.08, 25):
        candidate = replace(model, oos_margin_above=float(above))
        extra = sum(s.answerable and s.probability >= model.threshold and s.margin > above for s in scored) / answerable
        gain = _utility(candidate, scored)[0]
        if extra <= MAX_RULE_DECLINE and gain > best[1] + 1e-9:
            best = (candidate, gain)
    return best[0]


def choose_bounds(model: ScopeModel, scored: Sequence[Scored]) -> ScopeModel:
    """The clarify boundaries with the best utility that clarify at most MAX_CLARIFIED of answerable questions."""
    best = (model, _utility(model, scored)[0])
    for clarify_below in np.linspace(model.threshold, min(model.threshold + 0.4, 0.99), 9):
        for share_below in np.linspace(0.0, 0.6, 13):
            candidate = replace(model, clarify_below=float(clarify_below), share_below=float(share_below))
            gain, clarified = _utility(candidate, scored)
            if clarified <= MAX_CLARIFIED and gain > best[1] + 1e-9:
                best = (candidate, gain)
    return best[0]


def fit_all(retriever: HybridRetriever, embedder_name: str, out: TextIO, write: bool = True, fit_ranker: bool = True) -> dict[str, object]:
    items = own_questions()
    answerable = [q for q in items if q.answerable]
    groups = ranker_groups(retriever, answerable) if fit_ranker or retriever.ranker is None else []
    cv = cross_validate(groups, FOLDS) if groups else {}
    if groups:
        retriever.ranker = fit_pairwise(groups)
    print(f"learned ranker ({embedder_name}): {FOLDS}-fold CV on {len(answerable)} own questions {json.dumps({k: round(v, 3) for k, v in cv.items()})}", file=out)

    scored_raw = [(q, *_score(retriever, q)) for q in items]
    features = [f for _, f, _, _ in scored_raw]
    labels = [q.answerable for q, *_ in scored_raw]
    model = scope_fit.fit(features, labels, exclude=UNUSED_FEATURES)
    model = ScopeModel(model.weights, model.bias, scope_fit.choose_threshold(model, features, labels, MAX_FALSE_DECLINE))
    scored = [Scored(model.probability(f), f.top_share, c, t, q.answerable, f.oos_dense_margin) for q, f, c, t in scored_raw]
    model = choose_bounds(choose_margin(model, scored), scored)
    confusion = cross_validated_confusion(features, labels, scored_raw)
    print_confusion(confusion, out)
    if write:
        from retrieval.scope import LEXICAL_ONLY, save_models

        scope_file = PACKAGE_ROOT / "retrieval" / "data" / "scope_model.json"
        models = json.loads(scope_file.read_text(encoding="utf-8")).get("models", {}) if scope_file.exists() else {}
        models[embedder_name] = model.as_dict({"fitted_on": f"{len(items)} questions of the own sets {', '.join(OWN_SETS)}"})
        if LEXICAL_ONLY not in models:
            lexical, _ = scope_fit.fit_and_report(features, labels, DENSE_FEATURES + UNUSED_FEATURES)
            models[LEXICAL_ONLY] = lexical.as_dict()
        save_models(scope_file, models)
        rankers = json.loads(RANKER_FILE.read_text(encoding="utf-8")).get("models", {}) if RANKER_FILE.exists() else {}
        assert retriever.ranker is not None
        if groups:
            rankers[embedder_name] = retriever.ranker.as_dict({"fitted_on": f"{len(answerable)} answerable own questions", **{k: round(v, 3) for k, v in cv.items()}})
        save(RANKER_FILE, rankers)
    retriever.scope = model
    return {"ranker_cv": cv, "confusion": confusion}


def confusion_report(retriever: HybridRetriever, out: TextIO) -> dict[str, dict[str, int]]:
    """The cross-validated confusion of the boundaries under the current ranker (nothing is saved)."""
    scored_raw = [(q, *_score(retriever, q)) for q in own_questions()]
    confusion = cross_validated_confusion([f for _, f, _, _ in scored_raw], [q.answerable for q, *_ in scored_raw], scored_raw)
    print_confusion(confusion, out)
    return confusion


def cross_validated_confusion(
    features: Sequence[ScopeFeatures], labels: Sequence[bool], scored_raw: Sequence[tuple[Question, ScopeFeatures, bool, bool]]
) -> dict[str, dict[str, int]]:
    """Boundaries fitted on k−1 folds decide the held fold: rows are the truth, columns the outcome."""
    rows: dict[str, dict[str, int]] = {
        r: {c: 0 for c in ("answer", "clarify", "decline")} for r in ("answerable, top-1 right", "answerable, top-1 wrong", "out of scope")
    }
    for fold in range(FOLDS):
        train = [i for i in range(len(features)) if i % FOLDS != fold]
        test = [i for i in range(len(features)) if i % FOLDS == fold]
        model = scope_fit.fit([features[i] for i in train], [labels[i] for i in train], exclude=UNUSED_FEATURES)
        model = ScopeModel(model.weights, model.bias, scope_fit.choose_threshold(model, [features[i] for i in train], [labels[i] for i in train], MAX_FALSE_DECLINE))

        def scored(i: int, model: ScopeModel = model) -> Scored:
            q, f, c, t = scored_raw[i]
            return Scored(model.probability(f), f.top_share, c, t, q.answerable, f.oos_dense_margin)

        train_scored = [scored(i) for i in train]
        model = choose_bounds(choose_margin(model, train_scored), train_scored)
        for i in test:
            s = scored(i)
            row = "out of scope" if not s.answerable else "answerable, top-1 right" if s.correct else "answerable, top-1 wrong"
            rows[row][_outcome(model, s)] += 1
    return rows


def print_confusion(rows: dict[str, dict[str, int]], out: TextIO) -> None:
    print(f"\nAnswer / clarify / decline on the own sets ({FOLDS}-fold cross-validated; rows: truth, columns: outcome):", file=out)
    print(f"  {'':26} {'answer':>8} {'clarify':>8} {'decline':>8}", file=out)
    for name, row in rows.items():
        print(f"  {name:26} {row['answer']:8d} {row['clarify']:8d} {row['decline']:8d}", file=out)
    answerable = [rows["answerable, top-1 right"], rows["answerable, top-1 wrong"]]
    total = sum(sum(r.values()) for r in answerable) or 1
    print(f"  clarified {sum(r['clarify'] for r in answerable) / total:.3f} of answerable questions", file=out)


def fitted_path() -> Path:
    return RANKER_FILE
