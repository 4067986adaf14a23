"""``Directory``: the school-data lookups the answer pipeline depends on (``SchoolDirectory`` implements it)."""

from __future__ import annotations

from typing import Protocol

from knowledge.schooldata.models import (
    EnrollmentItemPublic,
    SchoolPublic,
    ServicePublic,
    SubsidyPublic,
    ZonePublic,
)
from knowledge.schooldata.place_lookup import PlaceResolution
from knowledge.schooldata.records import PlaceMatch, SchoolMatch, ZoneAssignment


class Directory(Protocol):
    """Read-only lookups over the county's schools, 划片, subsidies, services and enrollment items.

    Text arguments may be Traditional or Simplified, with typos; every record returned is frozen
    and carries ``verified``, ``as_of`` and ``source_label``.
    """

    def match_township(self, text: str) -> list[str]:
        """Townships named in the text (full name, short name such as 关桥, or 县城), in order."""
        ...

    def match_places(self, text: str) -> list[PlaceMatch]:
        """Villages/communities mentioned in the text, best first."""
        ...

    def match_school(self, text: str) -> list[SchoolMatch]:
        """Schools named in the text, in order of position."""
        ...

    def match_school_typo(self, text: str) -> list[SchoolMatch]:
        """Schools named with a small typo (call it when ``match_school`` finds none)."""
        ...

    def school(self, school_id: str) -> SchoolPublic | None: ...

    def places(self, township: str | None = None) -> list[ZonePublic]:
        """The villages/communities of a township (all of them without one), in data order."""
        ...

    def resolve_place(self, text: str) -> PlaceResolution:
        """Where the text's place is: found / ambiguous / unknown / outside_county (or None: no place)."""
        ...

    def zone_for(
        self, place: PlaceMatch | ZonePublic | str, township: str | None = None
    ) -> ZoneAssignment | None:
        """The 划片 of a place; a bare name in several townships raises ``AmbiguousPlaceError``."""
        ...

    def subsidies(self, level: str | None = None, category: str | None = None) -> list[SubsidyPublic]: ...

    def services(self, kind: str | None = None, township: str | None = None) -> list[ServicePublic]: ...

    def enrollment(
        self, audience: str | None = None, kind: str | None = None, stage: str | None = None
    ) -> list[EnrollmentItemPublic]: ...

    def bureau_contact(self) -> ServicePublic | None:
        """The education bureau's general 入学咨询 row, if any."""
        ...
