"""Ranking and decision metrics."""

from __future__ import annotations

from collections.abc import Sequence


def ranking_metrics(rankings: Sequence[Sequence[str]], golds: Sequence[Sequence[str]]) -> dict[str, float]:
    n = len(rankings)
    if n == 0:
        return {"top1": 0.0, "recall@3": 0.0, "mrr": 0.0, "n": 0}
    top1 = sum(bool(r) and r[0] in g for r, g in zip(rankings, golds, strict=True))
    recall3 = sum(bool(set(r[:3]) & set(g)) for r, g in zip(rankings, golds, strict=True))
    mrr = 0.0
    for ranking, gold in zip(rankings, golds, strict=True):
        for rank, section in enumerate(ranking, start=1):
            if section in gold:
                mrr += 1 / rank
                break
    return {"top1": top1 / n, "recall@3": recall3 / n, "mrr": mrr / n, "n": n}


def decline_metrics(declined: Sequence[bool], out_of_scope: Sequence[bool]) -> dict[str, float]:
    """Precision and recall of declining, where declining is right for out-of-scope questions."""
    tp = sum(d and o for d, o in zip(declined, out_of_scope, strict=True))
    fp = sum(d and not o for d, o in zip(declined, out_of_scope, strict=True))
    fn = sum(o and not d for d, o in zip(declined, out_of_scope, strict=True))
    answerable = sum(not o for o in out_of_scope)
    return {
        "oos_precision": tp / (tp + fp) if tp + fp else 0.0,
        "oos_recall": tp / (tp + fn) if tp + fn else 0.0,
        "answerable_declined": fp / answerable if answerable else 0.0,
    }


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
