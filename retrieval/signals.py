"""Per-section ranking signals of one query (the learned ranker's input), from unit-level scores."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.lexical import BM25Index
from retrieval.ranker import FEATURES
from retrieval.text import char_tokens, fold
from retrieval.units import SectionRef, heading_words


@dataclass(frozen=True)
class Candidates:
    sections: list[SectionRef]
    best_unit: list[int]  # per section: its best own unit (for the hit's text)
    features: np.ndarray  # (n, len(FEATURES))
    dense_top: list[float]  # per section: best raw cosine of its own units


@dataclass(frozen=True)
class SectionLayout:
    """Which section each unit belongs to, computed once per index (not per query)."""

    by_key: dict[str, SectionRef]  # section key → the section
    first_unit: dict[str, int]  # section key → its first own (non-bank) unit

    @classmethod
    def of(cls, sections: Sequence[SectionRef], keys: Sequence[str], is_bank: np.ndarray) -> SectionLayout:
        by_key: dict[str, SectionRef] = {}
        first_unit: dict[str, int] = {}
        for index, key in enumerate(keys):
            by_key.setdefault(key, sections[index])
            if not is_bank[index]:
                first_unit.setdefault(key, index)
        return cls(by_key, first_unit)


def _best_by_section(keys: Sequence[str], scores: dict[int, float]) -> dict[str, tuple[float, int]]:
    """Each section's best unit. The scores come best first (ranked by each signal), so a section's first unit is its
    best: later ones are skipped without a comparison."""
    best: dict[str, tuple[float, int]] = {}
    for index, score in scores.items():
        key = keys[index]
        if key not in best:
            best[key] = (score, index)
    return best


def _votes(keys: Sequence[str], scores: dict[int, float], neighbours: int = 10) -> dict[str, float]:
    """Each section's share of the best `neighbours` bank questions (a nearest-neighbour vote)."""
    best = heapq.nlargest(neighbours, scores.items(), key=lambda kv: kv[1])  # = sorted(…)[:neighbours], ties in order
    votes: dict[str, float] = {}
    for index, _ in best:
        votes[keys[index]] = votes.get(keys[index], 0.0) + 1.0 / neighbours
    return votes


def _ranks(best: dict[str, tuple[float, int]]) -> dict[str, int]:
    return {key: rank for rank, (key, _) in enumerate(sorted(best.items(), key=lambda kv: -kv[1][0]))}


def candidate_signals(
    folded: str,
    expansions: Sequence[str],
    layout: SectionLayout,
    keys: Sequence[str],
    is_bank: np.ndarray,
    lexical_scores: np.ndarray,
    dense: Sequence[tuple[int, float]],
    lexical: BM25Index,
    candidates: int,
    folded_text: dict[str, tuple[str, str]] | None = None,
    classified: tuple[dict[str, float], dict[str, float]] = ({}, {}),
) -> Candidates:
    """Candidates are the sections among the best `candidates` units of each signal. `classified`: the section
    classifiers' probabilities (by the vector, by the words)."""
    own_lex = {int(i): float(lexical_scores[i]) for i in np.argsort(-np.where(is_bank, 0, lexical_scores))[:candidates] if lexical_scores[i] > 0 and not is_bank[i]}
    bank_lex = {int(i): float(lexical_scores[i]) for i in np.argsort(-np.where(is_bank, lexical_scores, 0))[:candidates] if lexical_scores[i] > 0 and is_bank[i]}
    own_dense = {i: s for i, s in dense if not is_bank[i]}
    bank_dense = {i: s for i, s in dense if is_bank[i]}
    signals = [_best_by_section(keys, s) for s in (own_lex, own_dense, bank_lex, bank_dense)]
    votes_dense = _votes(keys, bank_dense)
    votes_lexical = _votes(keys, bank_lex)
    order: list[str] = []
    for best in signals:
        for key, _ in sorted(best.items(), key=lambda kv: -kv[1][0])[:12]:
            if key not in order:
                order.append(key)
    by_key, first_unit = layout.by_key, layout.first_unit
    ranks = [_ranks(best) for best in (signals[0], signals[1], signals[2])]
    top_lex = max((v for v, _ in signals[0].values()), default=1.0) or 1.0
    top_bank = max((v for v, _ in signals[2].values()), default=1.0) or 1.0
    sims = [s for s, _ in signals[1].values()]
    bank_sims = [s for s, _ in signals[3].values()]
    bigrams = {t for t in char_tokens(folded) if len(t) == 2 and not t.isascii()}
    total_idf = sum(lexical.idf(t) for t in bigrams) or 1.0
    rows: list[list[float]] = []
    best_unit: list[int] = []
    dense_top: list[float] = []
    refs: list[SectionRef] = []
    for key in order:
        section = by_key[key]
        lex, lex_unit = signals[0].get(key, (0.0, -1))
        sim, sim_unit = signals[1].get(key, (0.0, -1))
        bank, _ = signals[2].get(key, (0.0, -1))
        bank_sim, _ = signals[3].get(key, (0.0, -1))
        heading, text = (folded_text or {}).get(key) or section_words(section)
        rows.append([
            lex / top_lex,
            _scaled(sim, sims) if key in signals[1] else 0.0,
            bank / top_bank,
            _scaled(bank_sim, bank_sims) if key in signals[3] else 0.0,
            sum(lexical.idf(t) for t in bigrams if t in heading) / total_idf,
            sum(e in text for e in expansions) / len(expansions) if expansions else 0.0,
            1 / (1 + ranks[0][key]) if key in ranks[0] else 0.0,
            1 / (1 + ranks[1][key]) if key in ranks[1] else 0.0,
            1 / (1 + ranks[2][key]) if key in ranks[2] else 0.0,
            1.0 if section.kind == "data" else 0.0,
            votes_dense.get(key, 0.0),
            votes_lexical.get(key, 0.0),
            classified[0].get(key, 0.0),
            classified[1].get(key, 0.0),
        ])
        best_unit.append(lex_unit if lex_unit >= 0 else sim_unit if sim_unit >= 0 else first_unit.get(key, 0))
        dense_top.append(sim)
        refs.append(section)
    features = np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))
    return Candidates(refs, best_unit, features, dense_top)


def section_words(section: SectionRef) -> tuple[str, str]:
    """The folded heading (with its parent's) and the folded text of a section, as the signals compare them."""
    heading = fold(heading_words(section.heading) + "".join(heading_words(p) for p in section.path[-1:]))
    return heading, fold(section.text or section.heading)


def _scaled(value: float, values: Sequence[float]) -> float:
    hi, lo = max(values), min(values)
    return (value - lo) / (hi - lo) if hi > lo else 1.0
