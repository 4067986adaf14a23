"""Which units of two documents speak on the same point: decided between the units themselves, once, when the
index is built, on a scale of their own (never the ranker's scores).

Two measures of a pair of units of different documents:
- `overlap`: the idf-weighted share of their content bigrams that they share (of the smaller unit's);
- `closeness`: the cosine of their own embeddings, as standard deviations above the mean cosine of all pairs of
  units of different documents (so that it reads the same for any embedder, whose raw cosines bunch
  differently).
A pair is the same point when both reach the thresholds of retrieval/data/same_point.json, chosen on the
labelled pairs of retrieval/data/same_point_pairs.yaml (see `choose_thresholds`).

Sections about a document itself (its 印发通知, which carries the document's metadata) state no policy point;
those of two documents speak on the same thing, the document (retrieval/in_force.py: there, only the document
the question names leads, never the newer by date alone).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from retrieval.question_bank import is_bank_unit
from retrieval.text import STOP_CHARS, char_tokens, fold
from retrieval.units import Unit

MIN_STD = 0.01  # a floor for the spread of cosines (few pairs, or an embedder whose cosines hardly vary)
PER_UNIT = 5  # on building the index, a unit's closest units of other documents that may be the same point
BLOCK = 256  # rows of cosines computed at a time


@dataclass(frozen=True)
class Thresholds:
    overlap: float
    closeness: float

    @classmethod
    def default(cls, path: Path | None = None) -> Thresholds:
        text = path.read_text(encoding="utf-8") if path else resources.files("retrieval.data").joinpath("same_point.json").read_text(encoding="utf-8")
        raw = json.loads(text)
        return cls(float(raw["overlap"]), float(raw["closeness"]))


@dataclass(frozen=True)
class PairScore:
    older_unit: str  # unit ids
    newer_unit: str
    overlap: float
    closeness: float


def states_a_point(unit: Unit) -> bool:
    return unit.section.kind == "policy" and not unit.section.index_note and not is_bank_unit(unit)


def about_the_document(unit: Unit) -> bool:
    return unit.section.kind == "policy" and bool(unit.section.index_note) and not is_bank_unit(unit)


def content_bigrams(text: str) -> set[str]:
    return {t for t in char_tokens(fold(text)) if len(t) == 2 and not t.isascii() and not set(t) & STOP_CHARS}


def overlap(a: set[str], b: set[str], idf: Callable[[str], float]) -> float:
    shared = sum(idf(t) for t in a & b)
    smaller = min(sum(idf(t) for t in a), sum(idf(t) for t in b))
    return shared / smaller if smaller > 0 else 0.0


def pair_scores(
    units: Sequence[Unit], vectors: np.ndarray, idf: Callable[[str], float], thresholds: Thresholds | None = None, per_unit: int = PER_UNIT
) -> list[PairScore]:
    """Both measures for pairs of point-stating units of different documents (`vectors`: one normalised row per
    unit, in the order of `units`). Without `thresholds`, every pair (for choosing them); with them, only the
    pairs that can pass: each unit's `per_unit` closest units of other documents, at least as close as the
    threshold (so that the cost stays near-linear in pairs on a large index)."""
    chosen = [i for i, unit in enumerate(units) if states_a_point(unit)]
    _, codes = np.unique([units[i].section.doc_id for i in chosen], return_inverse=True)
    if len(set(codes.tolist())) < 2:
        return []
    matrix = np.asarray(vectors, dtype=np.float32)[chosen]
    count, total, squares = 0, 0.0, 0.0
    candidates: set[tuple[int, int]] = set()  # each unit's closest units of other documents (or all pairs)
    index = np.arange(len(chosen))
    for start in range(0, len(chosen), BLOCK):
        rows = index[start : start + BLOCK]
        cosines = matrix[rows] @ matrix.T
        other = codes[rows][:, None] != codes[None, :]
        later = other & (index[None, :] > rows[:, None])  # every cross-document pair once, for the spread
        values = cosines[later].astype(np.float64)
        count, total, squares = count + values.size, total + float(values.sum()), squares + float((values**2).sum())
        if thresholds is None:
            near_rows, near_cols = np.nonzero(later)
            candidates.update(zip(rows[near_rows].tolist(), near_cols.tolist(), strict=True))
            continue
        masked = np.where(other, cosines, np.float32(-2.0))
        keep = min(per_unit, masked.shape[1])
        best = np.argpartition(-masked, keep - 1, axis=1)[:, :keep]
        usable = np.take_along_axis(other, best, axis=1)
        for a, b in zip(rows[np.nonzero(usable)[0]].tolist(), best[usable].tolist(), strict=True):
            candidates.add((min(a, b), max(a, b)))
    mean = total / max(count, 1)
    std = max(math.sqrt(max(squares / max(count, 1) - mean**2, 0.0)), MIN_STD)
    wanted = sorted(pair for pair in candidates if thresholds is None or (float(matrix[pair[0]] @ matrix[pair[1]]) - mean) / std >= thresholds.closeness)
    bigrams: dict[int, set[str]] = {}
    scores: list[PairScore] = []
    for a, b in wanted:
        for i in (a, b):
            if i not in bigrams:
                bigrams[i] = content_bigrams(units[chosen[i]].text)
        first, second = units[chosen[a]], units[chosen[b]]
        older, newer = (first, second) if first.section.issued <= second.section.issued else (second, first)
        close = (float(matrix[a] @ matrix[b]) - mean) / std
        scores.append(PairScore(older.unit_id, newer.unit_id, overlap(bigrams[a], bigrams[b], idf), close))
    return scores


class SamePoints:
    """For each unit, the sections of other documents that speak on its point (symmetric)."""

    def __init__(self, units: Sequence[Unit], scores: Sequence[PairScore], thresholds: Thresholds) -> None:
        section_of = {unit.unit_id: unit.section.key for unit in units}
        for pair in scores:  # unit ids are "section key::n"
            for unit_id in (pair.older_unit, pair.newer_unit):
                section_of.setdefault(unit_id, unit_id.rsplit("::", 1)[0])
        self._same: dict[str, set[str]] = {}
        about = [unit for unit in units if about_the_document(unit)]
        for unit in about:
            self._same[unit.unit_id] = {other.section.key for other in about if other.section.doc_id != unit.section.doc_id}
        for pair in scores:
            if pair.overlap >= thresholds.overlap and pair.closeness >= thresholds.closeness:
                self._same.setdefault(pair.older_unit, set()).add(section_of[pair.newer_unit])
                self._same.setdefault(pair.newer_unit, set()).add(section_of[pair.older_unit])

    @classmethod
    def empty(cls) -> SamePoints:
        return cls([], [], Thresholds(1.0, 0.0))

    @classmethod
    def build(
        cls, units: Sequence[Unit], stating: Sequence[Unit], vectors: np.ndarray, idf: Callable[[str], float], thresholds: Thresholds | None = None
    ) -> SamePoints:
        """`units`: all of the index; `stating`: its point-stating units, with one vector a row in `vectors`."""
        chosen = thresholds or Thresholds.default()
        return cls(units, pair_scores(stating, vectors, idf, chosen), chosen)

    def sections_for(self, unit_id: str) -> set[str]:
        return self._same.get(unit_id, set())

    def same(self, unit_id: str, section_key: str) -> bool:
        return section_key in self._same.get(unit_id, ())


def choose_thresholds(scores: Sequence[PairScore], positive: Callable[[PairScore], bool | None]) -> Thresholds:
    """The thresholds halfway between the labelled same-point pairs and the closest other pair: `positive` says
    True (same point), False (not), or None (not labelled either way, e.g. a whole long section whose windows are
    labelled). Overlap is chosen first (halfway below the weakest positive), then closeness among the negatives
    that pass it."""
    same = [s for s in scores if positive(s) is True]
    other = [s for s in scores if positive(s) is False]
    if not same:
        raise ValueError("no labelled same-point pair among the scored pairs")
    low_overlap = min(s.overlap for s in same)
    below = max((s.overlap for s in other if s.overlap < low_overlap), default=0.0)
    overlap_cut = (low_overlap + below) / 2
    low_close = min(s.closeness for s in same)
    passing = [s.closeness for s in other if s.overlap >= overlap_cut and s.closeness < low_close]
    close_cut = (low_close + max(passing)) / 2 if passing else low_close - 0.5
    return Thresholds(round(overlap_cut, 4), round(close_cut, 4))
