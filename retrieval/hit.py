"""A search hit: one section, its score and where it ranked (shared by hybrid search and the in-force rules)."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.units import SectionRef


@dataclass(frozen=True)
class Hit:
    section: SectionRef
    score: float  # fused score (higher is better)
    unit_text: str  # the best-matching unit's text
    lexical_rank: int | None
    dense_rank: int | None
    dense_score: float
    unit_id: str = ""  # the best-matching unit (the in-force rule compares units: retrieval/same_point.py)
