"""Own-set development figures, all cross-validated: `python -m bot eval --own-only`.

Reads only the own sets (calibrate.OWN_SETS); no held-out file is opened. Everything fitted (the
learned ranker, the in-scope model, its decline threshold and the clarify boundaries) is fitted on k−1 folds and
judges the held fold, so the figures estimate how the fitted parts generalise to questions they were not fitted
on. The figures are the held-out ones of `make eval`: top-1 (answered with a gold first section), recall@3 (answered
or clarified with a gold section among the first three), answerable declined, clarified, out-of-scope declined.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from bot.app.evaluation import scope_fit
from bot.app.evaluation.calibrate import (
    FOLDS,
    MAX_FALSE_DECLINE,
    OWN_SETS,
    Scored,
    _outcome,
    _score,
    choose_bounds,
    choose_margin,
    own_questions,
    ranker_groups,
)
from bot.app.evaluation.dataset import Question, gold_label
from bot.assistant import Assistant
from bot.settings import Settings
from bot.texts import AssistantTexts
from retrieval.hybrid import HybridRetriever
from retrieval.ranker import fit_pairwise
from retrieval.scope import UNUSED_FEATURES, ScopeModel


def own_figures(retriever: HybridRetriever, items: Sequence[Question] | None = None, folds: int = FOLDS,
                assistant: Assistant | None = None) -> dict[str, float]:
    """With an assistant over the retriever, also the end-to-end figures (`e2e_…`): every held-fold question answered by
    the whole pipeline (look-ups, the unstated check …) under the fold's ranker and boundaries."""
    items = list(items or own_questions())
    answerable_index = [i for i, q in enumerate(items) if q.answerable]
    groups = ranker_groups(retriever, [items[i] for i in answerable_index])
    group_of = dict(zip(answerable_index, groups, strict=True))
    saved_ranker, saved_scope = retriever.ranker, retriever.scope
    outcomes: list[tuple[Question, str, bool, bool]] = []
    ends: list[tuple[Question, str, bool, str]] = []  # question, outcome, answered with a gold first section, unstated
    try:
        for fold in range(folds):
            train = [i for i in range(len(items)) if i % folds != fold]
            test = [i for i in range(len(items)) if i % folds == fold]
            retriever.ranker = fit_pairwise([group_of[i] for i in train if i in group_of])
            scored_raw = {i: _score(retriever, items[i]) for i in range(len(items))}
            features = [scored_raw[i][0] for i in train]
            labels = [items[i].answerable for i in train]
            model = scope_fit.fit(features, labels, exclude=UNUSED_FEATURES)
            model = ScopeModel(model.weights, model.bias, scope_fit.choose_threshold(model, features, labels, MAX_FALSE_DECLINE))

            def scored(i: int, model: ScopeModel = model, scored_raw: dict = scored_raw) -> Scored:
                f, c, t = scored_raw[i]
                return Scored(model.probability(f), f.top_share, c, t, items[i].answerable, f.oos_dense_margin)

            train_scored = [scored(i) for i in train]
            model = choose_bounds(choose_margin(model, train_scored), train_scored)
            for i in test:
                s = scored(i)
                outcomes.append((items[i], _outcome(model, s), s.correct, s.in_three))
            if assistant is not None:
                retriever.scope = model
                ends.extend(_end_to_end(assistant, items[i]) for i in test)
    finally:
        retriever.ranker, retriever.scope = saved_ranker, saved_scope
    return {**_figures(outcomes), **_end_figures(ends)}


def _end_to_end(assistant: Assistant, q: Question) -> tuple[Question, str, bool, str]:
    answer, ctx = assistant.respond(q.question)
    policy = [gold_label(s.doc_id, s.section_id) for s in answer.sources if s.kind == "policy"]
    return q, answer.outcome, answer.outcome == "answer" and bool(policy) and policy[0] in q.gold, ctx.unstated


def _end_figures(ends: Sequence[tuple[Question, str, bool, str]]) -> dict[str, float]:
    if not ends:
        return {}
    answerable = [e for e in ends if e[0].answerable]
    oos = [e for e in ends if not e[0].answerable]
    n, m = max(len(answerable), 1), max(len(oos), 1)
    declined = {"decline", "refuse"}
    return {
        "e2e_top1": sum(ok for _, _, ok, _ in answerable) / n,
        "e2e_answerable_declined": sum(out in declined for _, out, _, _ in answerable) / n,
        "e2e_clarified": sum(out == "clarify" for _, out, _, _ in answerable) / n,
        "e2e_oos_declined": sum(out in declined for _, out, _, _ in oos) / m,
        # how many of those declines the unstated check made (a thing asked that no source states)
        "e2e_unstated_answerable": float(sum(bool(u) for _, _, _, u in answerable)),
        "e2e_unstated_oos": float(sum(bool(u) for _, _, _, u in oos)),
    }


def _figures(outcomes: Sequence[tuple[Question, str, bool, bool]]) -> dict[str, float]:
    answerable = [o for o in outcomes if o[0].answerable]
    oos = [o for o in outcomes if not o[0].answerable]
    n = max(len(answerable), 1)
    return {
        "questions": float(len(outcomes)),
        "top1": sum(out == "answer" and c for _, out, c, _ in answerable) / n,
        "recall@3": sum(out in {"answer", "clarify"} and t for _, out, _, t in answerable) / n,
        "ranking_top1": sum(c for _, _, c, _ in answerable) / n,  # the ranker alone, whatever the outcome
        "answerable_declined": sum(out == "decline" for _, out, _, _ in answerable) / n,
        "clarified": sum(out == "clarify" for _, out, _, _ in answerable) / n,
        "oos_declined": sum(out == "decline" for _, out, _, _ in oos) / max(len(oos), 1),
    }


def own_assistant(settings: Settings, retriever: HybridRetriever) -> Assistant:
    from knowledge.schooldata import SchoolDirectory

    return Assistant(retriever, AssistantTexts.load(), SchoolDirectory.from_data_dir(settings.school_data_dir))


def own_retriever(settings: Settings) -> HybridRetriever:
    from bot.app.evaluation.run import query_cached_embedder
    from bot.app.runtime import build_retriever, data_section_refs, load_sections, make_engine
    from knowledge.schooldata import SchoolDirectory

    settings.ensure_dirs()
    sections, _ = load_sections(settings, make_engine(settings.resolved_database_url))
    sections = sections + data_section_refs(SchoolDirectory.from_data_dir(settings.school_data_dir))
    embedder = query_cached_embedder(settings)  # the service's own query-vector cache, sized for every question
    return build_retriever(settings, embedder, sections, show_progress=False)


def run_own(settings: Settings, out: TextIO, fit: bool = False) -> int:
    """With `fit`, first re-fit and save the ranker, the in-scope model and the boundaries on all the own
    questions (as `eval --fit-scope` does, without the rest of the evaluation)."""
    retriever = own_retriever(settings)
    if fit:
        from bot.app.evaluation.calibrate import fit_all

        fit_all(retriever, retriever.embedder.name, out, write=True)
    figures = own_figures(retriever, assistant=own_assistant(settings, retriever))
    print(f"own sets ({' + '.join(OWN_SETS)}), {FOLDS}-fold cross-validated:", file=out)
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}, indent=2), file=out)
    return 0
