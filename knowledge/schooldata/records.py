"""Typed, frozen results of the school directory's lookups: a place's 划片, place and school matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.schooldata.models import SOURCE_PREFIX, SchoolPublic, ZonePublic


@dataclass(frozen=True)
class ZoneAssignment:
    """One place's 划片: the zone row with its primary and junior schools."""

    zone: ZonePublic
    primary: SchoolPublic
    junior: SchoolPublic

    @property
    def place(self) -> str:
        return self.zone.place

    @property
    def township(self) -> str:
        return self.zone.township

    @property
    def notes(self) -> str:
        return self.zone.notes

    @property
    def verified(self) -> bool:
        return self.zone.verified and self.primary.verified and self.junior.verified

    @property
    def as_of(self) -> dt.date:
        return self.zone.as_of

    @property
    def source_label(self) -> str:
        if self.verified:
            return f"{SOURCE_PREFIX} zones.csv、schools.csv（{self.as_of.isoformat()}核实）"
        return f"{SOURCE_PREFIX} zones.csv、schools.csv（示例数据）"


@dataclass(frozen=True)
class PlaceMatch:
    """A village/community found in the text."""

    zone: ZonePublic
    matched_text: str  # as written (after folding to Simplified)
    start: int  # offsets in the folded text
    end: int
    confidence: float
    exact: bool  # the characters match the name (with or without 村/社区)
    method: str  # exact / name / homophone / typo
    township_mentioned: bool = False  # the text names this place's township
    township_conflict: bool = False  # the text names another township, not this one
    ambiguous: bool = False  # other candidates fit the same words: ask which one

    @property
    def place(self) -> str:
        return self.zone.place

    @property
    def township(self) -> str:
        return self.zone.township

    @property
    def verified(self) -> bool:
        return self.zone.verified

    @property
    def as_of(self) -> dt.date:
        return self.zone.as_of

    @property
    def source_label(self) -> str:
        return self.zone.source_label


@dataclass(frozen=True)
class SchoolMatch:
    """A school named in the text (full name, 海原五中, 五中, 关桥中学…)."""

    school: SchoolPublic
    matched_text: str
    start: int
    end: int
    confidence: float
    exact: bool = True

    @property
    def verified(self) -> bool:
        return self.school.verified

    @property
    def as_of(self) -> dt.date:
        return self.school.as_of

    @property
    def source_label(self) -> str:
        return self.school.source_label


class AmbiguousPlaceError(LookupError):
    """``zone_for("新庄村")`` when several townships have a 新庄村; ``candidates`` lists them."""

    def __init__(self, place: str, candidates: Sequence[ZoneAssignment]) -> None:
        self.place = place
        self.candidates = tuple(candidates)
        towns = "、".join(c.township for c in candidates)
        super().__init__(f"{place} is in several townships: {towns}")


def needs_clarification(matches: Sequence[PlaceMatch]) -> bool:
    """True when the family should be asked which place they mean: the best match is ambiguous
    (several townships or similar names), contradicts the township they named, or is a guess."""
    if not matches:
        return False
    best = matches[0]
    return best.ambiguous or best.township_conflict or best.confidence < 0.7
