"""``SchoolDirectory``: an in-memory, read-only view of the school data for the answer pipeline.

Built once (from a ``LoadResult``, a data directory or the database); every lookup is a
dictionary or a short scan over the question text, so a call costs microseconds to about
a millisecond. Records are frozen ``*Public`` models exposing ``verified``, ``as_of`` and
``source_label``. Townships are found here; schools by ``SchoolNames`` (school_names.py); villages/communities (also misspelt)
by ``PlaceMatcher`` (place_matcher.py); the county's place-name words come from gazetteer.yaml.
``SchoolDirectory`` implements the ``Directory`` protocol (directory_protocol.py) the pipeline
depends on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel
from sqlmodel import Session, select

from knowledge.ingest.script import fold
from knowledge.schooldata.gazetteer import Gazetteer, load_gazetteer
from knowledge.schooldata.loader import BUREAU_NAME, LoadResult, load_rows
from knowledge.schooldata.models import (
    EnrollmentItem,
    EnrollmentItemPublic,
    School,
    SchoolPublic,
    Service,
    ServicePublic,
    Subsidy,
    SubsidyPublic,
    Zone,
    ZonePublic,
)
from knowledge.schooldata.place_lookup import PlaceResolution, PlaceResolver
from knowledge.schooldata.place_matcher import PlaceMatcher
from knowledge.schooldata.records import (
    AmbiguousPlaceError,
    PlaceMatch,
    SchoolMatch,
    ZoneAssignment,
    needs_clarification,
)
from knowledge.schooldata.school_names import SchoolNames
from knowledge.schooldata.sounds import readings, text_reading

_MASK = "#"

_M = TypeVar("_M", bound=BaseModel)


def _fold(text: str) -> str:
    return fold(text, drop_spaces=True)


def _public(model: type[_M], rows: Iterable[object]) -> tuple[_M, ...]:
    return tuple(model.model_validate(row, from_attributes=True) for row in rows)


class SchoolDirectory:
    """Read-only lookups over schools, 划片, subsidies, services and enrollment items."""

    def __init__(self, result: LoadResult, gazetteer: Gazetteer | None = None) -> None:
        self.load_errors: tuple[str, ...] = tuple(result.errors)
        self.load_warnings: tuple[str, ...] = tuple(result.warnings)
        self._build(
            gazetteer or load_gazetteer(),
            result.schools,
            result.zones,
            result.subsidies,
            result.services,
            result.enrollment,
        )

    @classmethod
    def from_data_dir(cls, data_dir: str | Path, gazetteer: Gazetteer | None = None) -> SchoolDirectory:
        return cls(load_rows(data_dir), gazetteer)

    @classmethod
    def from_session(cls, session: Session, gazetteer: Gazetteer | None = None) -> SchoolDirectory:
        """Build from the database tables (after ``store``/``load_into_db``)."""
        directory = cls.__new__(cls)
        directory.load_errors = ()
        directory.load_warnings = ()
        directory._build(
            gazetteer or load_gazetteer(),
            session.exec(select(School)).all(),
            session.exec(select(Zone)).all(),
            session.exec(select(Subsidy)).all(),
            session.exec(select(Service)).all(),
            session.exec(select(EnrollmentItem)).all(),
        )
        return directory

    # ------------------------------------------------------------------ building

    def _build(
        self,
        gazetteer: Gazetteer,
        schools: Iterable[object],
        zones: Iterable[object],
        subsidies: Iterable[object],
        services: Iterable[object],
        enrollment: Iterable[object],
    ) -> None:
        self._gazetteer = gazetteer
        self.schools: tuple[SchoolPublic, ...] = _public(SchoolPublic, schools)
        self.zones: tuple[ZonePublic, ...] = _public(ZonePublic, zones)
        self._subsidies: tuple[SubsidyPublic, ...] = _public(SubsidyPublic, subsidies)
        self._services: tuple[ServicePublic, ...] = _public(ServicePublic, services)
        self._enrollment: tuple[EnrollmentItemPublic, ...] = _public(EnrollmentItemPublic, enrollment)
        self._school_by_id = {school.school_id: school for school in self.schools}

        # townships, in data order
        seen: dict[str, None] = {}
        for town in [zone.township for zone in self.zones] + [school.township for school in self.schools]:
            seen.setdefault(town, None)
        self.townships: tuple[str, ...] = tuple(seen)
        # (alias, township, is a short stem, is weak)
        self._township_aliases: list[tuple[str, str, bool, bool]] = []
        for town in self.townships:
            names = {_fold(town): (False, False)}
            for alias in gazetteer.township_aliases.get(town, ()):
                names[_fold(alias)] = (False, False)
            for alias in gazetteer.weak_township_aliases.get(town, ()):
                names[_fold(alias)] = (False, True)
            stem = gazetteer.township_stem(_fold(town))
            if stem != _fold(town) and stem not in gazetteer.township_stem_stoplist and len(stem) >= 2:
                names.setdefault(stem, (True, False))
            self._township_aliases.extend((alias, town, *flags) for alias, flags in names.items())
        self._township_aliases.sort(key=lambda item: -len(item[0]))
        self._township_by_alias = {alias: town for alias, town, _, _ in self._township_aliases}
        # homophones of a township's name written with its suffix (三合镇 for 三河镇, 关乔乡 for 关桥乡)
        self._township_sounds: list[tuple[str, tuple[frozenset[str], ...], str]] = []
        for town in self.townships:
            stem = gazetteer.township_stem(_fold(town))
            if stem != _fold(town) and len(stem) >= 2 and all(readings(ch) for ch in stem):
                self._township_sounds.append((stem, tuple(readings(ch) for ch in stem), town))
        self._township_suffix_re = re.compile("|".join(map(re.escape, gazetteer.township_suffixes)))

        # zones
        self._assignments: dict[tuple[str, str], ZoneAssignment] = {}
        for zone in self.zones:
            primary = self._school_by_id.get(zone.primary_school_id)
            junior = self._school_by_id.get(zone.junior_school_id)
            if primary is not None and junior is not None:
                self._assignments[(zone.township, zone.place)] = ZoneAssignment(zone, primary, junior)
        self._places = PlaceMatcher(
            self.zones, gazetteer, _fold, {gazetteer.township_stem(_fold(t)) for t in self.townships}
        )

        self._school_names = SchoolNames(self.schools, gazetteer, _fold)
        self._resolver = PlaceResolver(
            self.zones,
            self.townships,
            self.match_places,
            self.match_township,
            gazetteer.split_place,
            gazetteer.township_stem,
            township_words=[alias for alias, _, _, _ in self._township_aliases] + [gazetteer.county, gazetteer.county_short],
        )

    def resolve_place(self, text: str) -> PlaceResolution:
        """Found / ambiguous / unknown / outside the county, with typo, pinyin and outside checks."""
        return self._resolver.resolve(text)

    def match_school_typo(self, text: str) -> list[SchoolMatch]:
        """Schools named with a small typo (only when no school is named exactly)."""
        return self._school_names.match_typo(text)

    # ------------------------------------------------------------------ text helpers

    def resolve_township(self, name: str) -> str | None:
        """关桥 / 關橋鄉 / 县城 -> the township's name in the data."""
        folded = _fold(name)
        if folded in self._township_by_alias:
            return self._township_by_alias[folded]
        spans = self._township_spans(folded)
        return spans[0][0] if len(spans) == 1 else None

    def _township_spans(self, folded: str) -> list[tuple[str, int, int, bool]]:
        """(township, start, end, weak) for every township name in ``folded``."""
        taken: list[tuple[str, int, int, bool]] = []
        for alias, town, short, weak in self._township_aliases:
            start = folded.find(alias)
            while start != -1:
                end = start + len(alias)
                overlaps = any(s < end and start < e for _, s, e, _ in taken)
                # 三河村 is a village, 三河市 / 西安市 / 三河县 another place: neither is the township 三河镇
                followed = folded[end : end + 1] in {"村", "市", "县", "区", "省"} or folded.startswith(("社区", "居委会"), end)
                if not overlaps and not (short and followed):
                    taken.append((town, start, end, weak))
                start = folded.find(alias, start + 1)
        for hit in self._township_suffix_re.finditer(folded):
            for stem, sounds, town in self._township_sounds:
                start, end = hit.start() - len(stem), hit.end()
                window = folded[max(start, 0) : hit.start()]
                if start < 0 or window == stem or any(s < end and start < e for _, s, e, _ in taken):
                    continue
                if all(text_reading(ch) & sound for ch, sound in zip(window, sounds, strict=True)):
                    taken.append((town, start, end, False))
        return sorted(taken, key=lambda item: item[1])

    # ------------------------------------------------------------------ public lookups

    def match_township(self, text: str) -> list[str]:
        """Townships named in the text (full name, short name such as 关桥, or 县城), in order."""
        result: dict[str, None] = {}
        for town, _, _, _ in self._township_spans(_fold(text)):
            result.setdefault(town, None)
        return list(result)

    def match_school(self, text: str) -> list[SchoolMatch]:
        """Schools named in the text (school_names.py)."""
        return self._school_names.match(text)

    def school(self, school_id: str) -> SchoolPublic | None:
        return self._school_by_id.get(school_id)

    def places(self, township: str | None = None) -> list[ZonePublic]:
        if township is None:
            return list(self.zones)
        town = self.resolve_township(township) or township
        return [zone for zone in self.zones if zone.township == town]

    def zone_for(
        self, place: PlaceMatch | ZonePublic | str, township: str | None = None
    ) -> ZoneAssignment | None:
        """The 划片 of a place: a ``PlaceMatch``, a zone record, or a name (脱场村 / 脱场).

        A bare name found in several townships raises ``AmbiguousPlaceError`` unless
        ``township`` settles it. Unknown places give None.
        """
        if isinstance(place, PlaceMatch):
            place = place.zone
        if isinstance(place, ZonePublic):
            return self._assignments.get((place.township, place.place))
        zones = self._places.zones_named(_fold(place))
        if township:
            town = self.resolve_township(township) or township
            zones = [zone for zone in zones if zone.township == town]
        found = [
            self._assignments[(z.township, z.place)]
            for z in zones
            if (z.township, z.place) in self._assignments
        ]
        if len(found) > 1:
            raise AmbiguousPlaceError(place, found)
        return found[0] if found else None

    def subsidies(self, level: str | None = None, category: str | None = None) -> list[SubsidyPublic]:
        """Filter by level (小学/初中/高中/学前/教师/学校) and category (两免一补, 营养改善计划…; a
        category also matches part of a category or a name, e.g. 寄宿)."""
        rows = list(self._subsidies)
        if level:
            rows = [row for row in rows if row.level == level]
        if category:
            wanted = _fold(category)
            rows = [
                row for row in rows if wanted in _fold(row.category) or wanted in _fold(row.name)
            ]
        return rows

    def services(self, kind: str | None = None, township: str | None = None) -> list[ServicePublic]:
        """Filter by kind; with a township: that township's services first, then the county-wide ones."""
        rows = [row for row in self._services if kind is None or row.kind == kind]
        if township:
            town = self.resolve_township(township) or township
            local = [row for row in rows if row.township == town]
            county = [row for row in rows if not row.township]
            rows = local + county
        return rows

    def enrollment(
        self, audience: str | None = None, kind: str | None = None, stage: str | None = None
    ) -> list[EnrollmentItemPublic]:
        return [
            row
            for row in self._enrollment
            if (audience is None or row.audience == audience)
            and (kind is None or row.kind == kind)
            and (stage is None or row.stage == stage)
        ]

    def bureau_contact(self) -> ServicePublic | None:
        """The education bureau's general 入学咨询 row: where to send what the assistant cannot answer."""
        county = [row for row in self._services if row.kind == "入学咨询" and not row.township]
        for row in county:
            if BUREAU_NAME in row.name or BUREAU_NAME in row.provider:
                return row
        return county[0] if county else None

    # ------------------------------------------------------------------ place matching

    def match_places(self, text: str) -> list[PlaceMatch]:
        """Villages/communities mentioned in free text, best first (see place_matcher.py)."""
        folded = _fold(text)
        if not folded:
            return []
        towns = self._township_spans(folded)
        mentioned = {town for town, _, _, _ in towns}
        strong = {town for town, _, _, weak in towns if not weak}
        chars = list(folded)
        for _, start, end, _ in towns:
            chars[start:end] = _MASK * (end - start)
        for _, start, end, _short in self._school_names.spans(folded):
            chars[start:end] = _MASK * (end - start)
        return self._places.match("".join(chars), folded, mentioned, strong)


__all__ = [
    "AmbiguousPlaceError",
    "PlaceMatch",
    "SchoolDirectory",
    "SchoolMatch",
    "ZoneAssignment",
    "needs_clarification",
]
