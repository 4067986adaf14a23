"""``SchoolDirectory``: an in-memory, read-only view of the school data for the answer pipeline.

Built once (from a ``LoadResult``, a data directory or the database); every lookup is a
dictionary or a short scan over the question text, so a call costs microseconds to about
a millisecond. Records are frozen ``*Public`` models exposing ``verified``, ``as_of`` and
``source_label``.

Place matching (``match_places``) works on the question folded to Simplified Chinese
(OpenCC t2s), NFKC, without whitespace, and finds, in order of confidence:

====================  ==========  ====================================================
method                confidence  example (place 脱场村, 关桥乡)
====================  ==========  ====================================================
``exact``             1.0         关桥乡脱场村
``exact`` (其他后缀)   0.95        脱场社区
``name`` (no suffix)  0.9         俺是脱场的
``homophone``         0.85        驼场村 (same pinyin without tones, with 村/社区)
``homophone``         0.75        关桥乡驼场 (no suffix: only with its township named)
``typo``              0.45–0.7    脱厂村 is a homophone; 脱汤村 a one-character typo
====================  ==========  ====================================================

A township named in the text keeps only the candidates in that township (+0.05); a
candidate whose township contradicts the one named loses 0.2 and is flagged
``township_conflict``. When the same words fit places in several townships (or several
similar names) and the text does not settle it, every candidate is returned with
``ambiguous=True``: the caller should ask which one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc
from pypinyin import Style, pinyin
from rapidfuzz import fuzz
from sqlmodel import Session, select

from knowledge.schooldata.loader import BUREAU_NAME, LoadResult, load_rows
from knowledge.schooldata.place_lookup import PlaceResolution, PlaceResolver
from knowledge.schooldata.models import (
    SOURCE_PREFIX,
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

TOWNSHIP_SUFFIXES = ("管委会", "街道", "镇", "乡")
PLACE_SUFFIXES = ("社区", "居委会", "村")
# Township short names that are too common elsewhere to count as a mention on their own.
TOWNSHIP_STEM_STOPLIST = frozenset({"西安"})
# Extra names people use for a township.
TOWNSHIP_ALIASES: dict[str, tuple[str, ...]] = {
    "海城街道": ("海城镇",),
    "甘盐池管委会": ("甘盐池种羊场",),
}
# "Weak" names: often a destination ("想去县城上学"), not where the family lives. They
# narrow place candidates to that township but never count as a contradiction.
WEAK_TOWNSHIP_ALIASES: dict[str, tuple[str, ...]] = {"海城街道": ("县城", "城区", "城里")}
# Village names that are ordinary words: they only match with their 村/社区 suffix.
GENERIC_STEMS = frozenset(
    {"团结", "联合", "新区", "园子", "庄子", "下河", "上川", "东山", "大湾", "大沟", "北坡", "南坡", "红土"}
)

TYPO_MIN_CONFIDENCE = 0.5
MAX_TYPO_GUESSES = 3

_CN_DIGITS = "零一二三四五六七八九"
_COUNTY_SCHOOL = re.compile(r"海原县第([一二三四五六七八九十]+)(小|中)学")
_SHORT_SCHOOL = re.compile(
    r"(?<![一二三四五六七八九十百千万几第\d])([一二三四五六七八九十])(小|中)(?![时段块会点片伙孩朋部撮全])"
)
_ARABIC_SCHOOL = re.compile(r"(?<!\d)([1-9])(?=[小中])")
_WHITESPACE = re.compile(r"\s+")
_PLACE_SUFFIX_RE = re.compile("|".join(PLACE_SUFFIXES))
_MASK = "#"


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@lru_cache(maxsize=16384)
def _readings(ch: str) -> frozenset[str]:
    """All toneless pinyin readings of one character (empty for non-Chinese)."""
    if not _is_cjk(ch):
        return frozenset()
    found = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
    return frozenset(r for r in found if r.isascii() and r.isalpha())


@lru_cache(maxsize=16384)
def _primary_reading(ch: str) -> str:
    if not _is_cjk(ch):
        return ch
    found = pinyin(ch, style=Style.NORMAL)[0]
    return found[0] if found else ch


@lru_cache(maxsize=16384)
def _text_reading(ch: str) -> frozenset[str]:
    """The usual reading of a character as typed by the family (a set, to compare with a name's
    readings). A name's character may be read any of its ways (堡 bao/bu/pu), but the text's is
    taken as its common one, so that rare readings (方 = wang) do not make false homophones."""
    if not _readings(ch):
        return frozenset()
    return frozenset({_primary_reading(ch)})


_LOOSE_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_LOOSE_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


@lru_cache(maxsize=4096)
def _loose(reading: str) -> str:
    """Fold the sounds people commonly mix up (zh/z, n/l, f/h, -ng/-n) for near-homophones."""
    for full, short in _LOOSE_INITIALS:
        if reading.startswith(full):
            reading = short + reading[len(full) :]
            break
    for full, short in _LOOSE_FINALS:
        if reading.endswith(full):
            reading = reading[: -len(full)] + short
            break
    return reading


def _pinyin_key(text: str) -> str:
    return " ".join(_primary_reading(ch) for ch in text)


def split_place(name: str) -> tuple[str, str]:
    """关桥村 -> (关桥, 村); 南关社区 -> (南关, 社区)."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def township_stem(name: str) -> str:
    for suffix in TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


# --------------------------------------------------------------------------- results


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
    def as_of(self) -> Any:
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
    def as_of(self) -> Any:
        return self.zone.as_of

    @property
    def source_label(self) -> str:
        return self.zone.source_label


@dataclass(frozen=True)
class SchoolMatch:
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
    def as_of(self) -> Any:
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


@dataclass
class _Cand:
    zone: ZonePublic
    start: int
    end: int
    method: str
    confidence: float
    tier: int  # 0 exact, 1 homophone, 2 typo


# --------------------------------------------------------------------------- the directory


class SchoolDirectory:
    """Read-only lookups over schools, 划片, subsidies, services and enrollment items."""

    def __init__(self, result: LoadResult) -> None:
        self.load_errors: tuple[str, ...] = tuple(result.errors)
        self.load_warnings: tuple[str, ...] = tuple(result.warnings)
        self._build(result.schools, result.zones, result.subsidies, result.services, result.enrollment)

    @classmethod
    def from_data_dir(cls, data_dir: str | Path) -> SchoolDirectory:
        return cls(load_rows(data_dir))

    @classmethod
    def from_session(cls, session: Session) -> SchoolDirectory:
        """Build from the database tables (after ``store``/``load_into_db``)."""
        directory = cls.__new__(cls)
        directory.load_errors = ()
        directory.load_warnings = ()
        directory._build(
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
        schools: Iterable[Any],
        zones: Iterable[Any],
        subsidies: Iterable[Any],
        services: Iterable[Any],
        enrollment: Iterable[Any],
    ) -> None:
        self._t2s = opencc.OpenCC("t2s")

        def public(model: Any, rows: Iterable[Any]) -> tuple[Any, ...]:
            return tuple(model.model_validate(row, from_attributes=True) for row in rows)

        self.schools: tuple[SchoolPublic, ...] = public(SchoolPublic, schools)
        self.zones: tuple[ZonePublic, ...] = public(ZonePublic, zones)
        self._subsidies: tuple[SubsidyPublic, ...] = public(SubsidyPublic, subsidies)
        self._services: tuple[ServicePublic, ...] = public(ServicePublic, services)
        self._enrollment: tuple[EnrollmentItemPublic, ...] = public(EnrollmentItemPublic, enrollment)
        self._school_by_id = {school.school_id: school for school in self.schools}

        # townships, in data order
        seen: dict[str, None] = {}
        for town in [zone.township for zone in self.zones] + [school.township for school in self.schools]:
            seen.setdefault(town, None)
        self.townships: tuple[str, ...] = tuple(seen)
        # (alias, township, is a short stem, is weak)
        self._township_aliases: list[tuple[str, str, bool, bool]] = []
        for town in self.townships:
            names = {self._fold(town): (False, False)}
            for alias in TOWNSHIP_ALIASES.get(town, ()):
                names[self._fold(alias)] = (False, False)
            for alias in WEAK_TOWNSHIP_ALIASES.get(town, ()):
                names[self._fold(alias)] = (False, True)
            stem = township_stem(self._fold(town))
            if stem != self._fold(town) and stem not in TOWNSHIP_STEM_STOPLIST and len(stem) >= 2:
                names.setdefault(stem, (True, False))
            self._township_aliases.extend((alias, town, *flags) for alias, flags in names.items())
        self._township_aliases.sort(key=lambda item: -len(item[0]))
        self._township_stems = {township_stem(self._fold(t)) for t in self.townships}
        self._township_by_alias = {alias: town for alias, town, _, _ in self._township_aliases}

        # zones
        self._assignments: dict[tuple[str, str], ZoneAssignment] = {}
        self._zones_by_stem: dict[str, list[ZonePublic]] = defaultdict(list)
        self._zone_suffix: dict[tuple[str, str], str] = {}
        for zone in self.zones:
            primary = self._school_by_id.get(zone.primary_school_id)
            junior = self._school_by_id.get(zone.junior_school_id)
            if primary is not None and junior is not None:
                self._assignments[(zone.township, zone.place)] = ZoneAssignment(zone, primary, junior)
            stem, suffix = split_place(self._fold(zone.place))
            self._zones_by_stem[stem].append(zone)
            self._zone_suffix[(zone.township, zone.place)] = suffix
        self._stem_readings: dict[str, tuple[frozenset[str], ...]] = {}
        self._stem_pinyin: dict[str, str] = {}
        # homophones: stems by the readings of their first two characters
        self._stems_by_two_readings: dict[tuple[str, str], list[str]] = defaultdict(list)
        # typos: stems by "one character unknown" keys (脱? / ?场) and by loose pinyin
        self._stems_by_wildcard: dict[str, list[str]] = defaultdict(list)
        self._stems_by_loose: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._typo_lengths: set[int] = set()
        self._two_readings_by_township: dict[str, dict[tuple[str, str], list[str]]] = {}
        for stem in self._zones_by_stem:
            readings = tuple(_readings(ch) for ch in stem)
            self._stem_readings[stem] = readings
            self._stem_pinyin[stem] = _pinyin_key(stem)
            if len(stem) < 2 or not all(readings):
                continue
            for first in readings[0]:
                for second in readings[1]:
                    self._stems_by_two_readings[(first, second)].append(stem)
                    if stem not in GENERIC_STEMS:
                        for zone in self._zones_by_stem[stem]:
                            by_town = self._two_readings_by_township.setdefault(
                                zone.township, defaultdict(list)
                            )
                            if stem not in by_town[(first, second)]:
                                by_town[(first, second)].append(stem)
            for index in range(len(stem)):
                self._stems_by_wildcard[stem[:index] + "?" + stem[index + 1 :]].append(stem)
            self._stems_by_loose[tuple(_loose(_primary_reading(ch)) for ch in stem)].append(stem)
            self._typo_lengths.add(len(stem))

        # schools: alias -> school ids
        self._school_aliases: dict[str, list[str]] = defaultdict(list)
        for school in self.schools:
            for alias in self._aliases_for(school):
                if school.school_id not in self._school_aliases[alias]:
                    self._school_aliases[alias].append(school.school_id)
        self._school_alias_order = sorted(self._school_aliases, key=len, reverse=True)
        self._short_school: dict[str, list[str]] = defaultdict(list)  # 五中 -> [HY-Z5]
        for school in self.schools:
            match = _COUNTY_SCHOOL.fullmatch(self._fold(school.name))
            if match and len(match[1]) == 1:
                self._short_school[match[1] + match[2]].append(school.school_id)
        self._places = PlaceResolver(
            self.zones, self.townships, self.match_places, self.match_township, split_place, township_stem
        )

    def resolve_place(self, text: str) -> PlaceResolution:
        """Found / ambiguous / unknown / outside the county, with typo, pinyin and outside checks."""
        return self._places.resolve(text)

    def _aliases_for(self, school: SchoolPublic) -> set[str]:
        name = self._fold(school.name)
        aliases = {name, name.removeprefix("海原县")}
        match = _COUNTY_SCHOOL.fullmatch(name)
        if match:
            number, kind = match[1], match[2]
            aliases |= {
                f"海原{number}{kind}",
                f"海原县{number}{kind}",
                f"县{number}{kind}",
                f"第{number}{kind}学",
            }
        town = self._fold(school.township)
        stem = township_stem(town)
        for prefix in (town, stem):
            if name.startswith(prefix) and len(name) > len(prefix):
                rest = name[len(prefix) :]
                aliases |= {stem + rest, town + rest}
                if rest == "中心小学":
                    aliases |= {stem + "中心校", town + "中心校"}
                elif rest.endswith("九年一贯制学校"):
                    aliases |= {stem + "九年一贯制", town + "九年一贯制"}
                elif rest not in {"中学", "小学"} and len(rest) >= 4:
                    aliases.add(rest)  # 方堡小学, 王湾教学点
                break
        return {alias for alias in aliases if len(alias) >= 3}

    # ------------------------------------------------------------------ text helpers

    def _fold(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text or "")
        text = _WHITESPACE.sub("", text)
        return self._t2s.convert(text).lower()

    def resolve_township(self, name: str) -> str | None:
        """关桥 / 關橋鄉 / 县城 -> the township's name in the data."""
        folded = self._fold(name)
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
                followed = folded[end : end + 1] == "村" or folded.startswith(("社区", "居委会"), end)
                if not overlaps and not (short and followed):
                    taken.append((town, start, end, weak))
                start = folded.find(alias, start + 1)
        return sorted(taken, key=lambda item: item[1])

    def _school_spans(self, folded: str) -> list[tuple[list[str], int, int, bool]]:
        """(school ids, start, end, is_short_alias) found in ``folded`` (digits already normalised)."""
        text = _ARABIC_SCHOOL.sub(lambda m: _CN_DIGITS[int(m[1])], folded)
        found: list[tuple[list[str], int, int, bool]] = []
        for alias in self._school_alias_order:
            start = text.find(alias)
            while start != -1:
                end = start + len(alias)
                if not any(s < end and start < e for _, s, e, _ in found):
                    found.append((self._school_aliases[alias], start, end, False))
                start = text.find(alias, start + 1)
        for match in _SHORT_SCHOOL.finditer(text):
            ids = self._short_school.get(match[1] + match[2])
            if ids and not any(s < match.end() and match.start() < e for _, s, e, _ in found):
                found.append((ids, match.start(), match.end(), True))
        return sorted(found, key=lambda item: item[1])

    # ------------------------------------------------------------------ public lookups

    def match_township(self, text: str) -> list[str]:
        """Townships named in the text (full name, short name such as 关桥, or 县城), in order."""
        result: dict[str, None] = {}
        for town, _, _, _ in self._township_spans(self._fold(text)):
            result.setdefault(town, None)
        return list(result)

    def match_school(self, text: str) -> list[SchoolMatch]:
        """Schools named in the text: 海原县第五中学 / 海原五中 / 五中 / 海原5中 / 关桥中学 / 方堡小学."""
        folded = self._fold(text)
        matches: dict[str, SchoolMatch] = {}
        for ids, start, end, short in self._school_spans(folded):
            for school_id in ids:
                if school_id in matches:
                    continue
                confidence = (0.9 if short else 1.0) * (1.0 if len(ids) == 1 else 0.7)  # 0.7: a shared alias
                matches[school_id] = SchoolMatch(
                    self._school_by_id[school_id], folded[start:end], start, end, round(confidence, 3)
                )
        return sorted(matches.values(), key=lambda m: (m.start, -m.confidence))

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
        stem, _ = split_place(self._fold(place))
        zones = self._zones_by_stem.get(stem, [])
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
            wanted = self._fold(category)
            rows = [
                row for row in rows if wanted in self._fold(row.category) or wanted in self._fold(row.name)
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
        """Villages/communities mentioned in free text, best first (see the module docstring)."""
        folded = self._fold(text)
        if not folded:
            return []
        towns = self._township_spans(folded)
        mentioned = {town for town, _, _, _ in towns}
        strong = {town for town, _, _, weak in towns if not weak}
        chars = list(folded)
        for _, start, end, _ in towns:
            chars[start:end] = _MASK * (end - start)
        for _, start, end, _short in self._school_spans(folded):
            chars[start:end] = _MASK * (end - start)
        masked = "".join(chars)

        cands = self._exact_candidates(masked)
        cands += self._homophone_candidates(masked, mentioned)
        cands += self._typo_candidates(masked)

        best: dict[tuple[str, str], PlaceMatch] = {}
        for cluster in self._clusters(cands):
            for match in self._resolve(cluster, folded, mentioned, strong):
                key = (match.zone.township, match.zone.place)
                if key not in best or best[key].confidence < match.confidence:
                    best[key] = match
        return sorted(best.values(), key=lambda m: (-m.confidence, m.start, m.township))

    def _suffix_at(self, text: str, index: int) -> str:
        for suffix in PLACE_SUFFIXES:
            if text.startswith(suffix, index):
                return suffix
        return ""

    def _exact_candidates(self, masked: str) -> list[_Cand]:
        found: list[_Cand] = []
        for stem, zones in self._zones_by_stem.items():
            start = masked.find(stem)
            while start != -1:
                end = start + len(stem)
                suffix = self._suffix_at(masked, end)
                if suffix:
                    for zone in zones:
                        own = self._zone_suffix[(zone.township, zone.place)]
                        same = own == suffix or (own == "社区" and suffix == "居委会")
                        found.append(_Cand(zone, start, end + len(suffix), "exact", 1.0 if same else 0.95, 0))
                elif len(stem) >= 2 and stem not in GENERIC_STEMS and stem not in self._township_stems:
                    for zone in zones:
                        found.append(_Cand(zone, start, end, "name", 0.9, 0))
                start = masked.find(stem, start + 1)
        # drop matches nested inside a longer exact match of another name
        return [
            c
            for c in found
            if not any(
                o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start) for o in found
            )
        ]

    def _homophone_stems(
        self, readings: list[frozenset[str]], i: int, index: dict[tuple[str, str], list[str]]
    ) -> list[str]:
        """Stems whose every character shares a reading with the text from position ``i``."""
        stems: list[str] = []
        for first in readings[i]:
            for second in readings[i + 1]:
                for stem in index.get((first, second), ()):
                    if stem in stems or i + len(stem) > len(readings):
                        continue
                    wanted = self._stem_readings[stem]
                    if all(readings[i + k] & wanted[k] for k in range(2, len(stem))):
                        stems.append(stem)
        return stems

    def _homophone_candidates(self, masked: str, mentioned: set[str]) -> list[_Cand]:
        """Same toneless pinyin as a name: before a 村/社区 anywhere; without a suffix only for
        places in a township the text names."""
        found: list[_Cand] = []
        readings = [_text_reading(ch) for ch in masked]
        for hit in _PLACE_SUFFIX_RE.finditer(masked):
            anchor, suffix = hit.start(), hit.group()
            for length in self._typo_lengths:
                i = anchor - length
                if i < 0 or not readings[i] or not readings[i + 1]:
                    continue
                for stem in self._homophone_stems(readings, i, self._stems_by_two_readings):
                    if len(stem) == length and masked[i:anchor] != stem:
                        for zone in self._zones_by_stem[stem]:
                            found.append(_Cand(zone, i, anchor + len(suffix), "homophone", 0.85, 1))
        if not mentioned:
            return found
        index: dict[tuple[str, str], list[str]] = defaultdict(list)
        for town in mentioned:
            for key, stems in self._two_readings_by_township.get(town, {}).items():
                index[key].extend(stems)
        firsts = {key[0] for key in index}
        for i in range(len(masked) - 1):
            if readings[i].isdisjoint(firsts) or not readings[i + 1]:
                continue
            for stem in self._homophone_stems(readings, i, index):
                end = i + len(stem)
                if masked[i:end] == stem or self._suffix_at(masked, end):
                    continue  # exact, or found above with its suffix
                for zone in self._zones_by_stem[stem]:
                    if zone.township in mentioned:
                        found.append(_Cand(zone, i, end, "homophone", 0.75, 1))
        return found

    def _typo_candidates(self, masked: str) -> list[_Cand]:
        """Before a 村/社区: names one character off, or near in (dialect-loose) pinyin."""
        found: list[_Cand] = []
        for hit in _PLACE_SUFFIX_RE.finditer(masked):
            anchor, suffix = hit.start(), hit.group()
            for length in self._typo_lengths:
                start = anchor - length
                if start < 0:
                    continue
                window = masked[start:anchor]
                if not all(_is_cjk(ch) for ch in window):
                    continue
                stems: set[str] = set()
                for index in range(length):
                    stems.update(self._stems_by_wildcard.get(window[:index] + "?" + window[index + 1 :], ()))
                stems.update(
                    self._stems_by_loose.get(tuple(_loose(_primary_reading(ch)) for ch in window), ())
                )
                stems.discard(window)
                if not stems:
                    continue
                window_pinyin = _pinyin_key(window)
                window_readings = [_text_reading(ch) for ch in window]
                for stem in stems:
                    if all(w & r for w, r in zip(window_readings, self._stem_readings[stem], strict=True)):
                        continue  # a homophone, found above
                    differ = sum(a != b for a, b in zip(window, stem, strict=True))
                    ratio = fuzz.ratio(window_pinyin, self._stem_pinyin[stem]) / 100
                    confidence = 0.35 + 0.2 * (length - differ) / length + 0.25 * ratio
                    if confidence < TYPO_MIN_CONFIDENCE:
                        continue
                    for zone in self._zones_by_stem[stem]:
                        found.append(
                            _Cand(zone, start, anchor + len(suffix), "typo", round(confidence, 3), 2)
                        )
        return found

    @staticmethod
    def _clusters(cands: list[_Cand]) -> list[list[_Cand]]:
        """Group candidates whose spans overlap (they compete for the same words)."""
        clusters: list[list[_Cand]] = []
        end = -1
        for cand in sorted(cands, key=lambda c: (c.start, c.end)):
            if clusters and cand.start < end:
                clusters[-1].append(cand)
                end = max(end, cand.end)
            else:
                clusters.append([cand])
                end = cand.end
        return clusters

    def _resolve(
        self, cluster: list[_Cand], folded: str, mentioned: set[str], strong: set[str]
    ) -> list[PlaceMatch]:
        best_tier = min(c.tier for c in cluster)
        chosen = [c for c in cluster if c.tier == best_tier]
        if best_tier == 2:  # typos: keep the closest few
            top = max(c.confidence for c in chosen)
            chosen = [c for c in chosen if c.confidence >= top - 0.05]
        conflict = False
        if mentioned:
            inside = [c for c in chosen if c.zone.township in mentioned]
            if inside:
                chosen = inside
            elif strong:
                # the named township has none of these: offer its near names too
                nearer = [c for c in cluster if c.tier > best_tier and c.zone.township in strong]
                conflict = True
                if nearer:
                    top = max(c.confidence for c in nearer)
                    chosen = chosen + [c for c in nearer if c.confidence >= top - 0.05][:3]
        # keep one candidate per zone (the best)
        per_zone: dict[tuple[str, str], _Cand] = {}
        for cand in chosen:
            key = (cand.zone.township, cand.zone.place)
            if key not in per_zone or per_zone[key].confidence < cand.confidence:
                per_zone[key] = cand
        if best_tier == 2 and len(per_zone) > MAX_TYPO_GUESSES:
            return []  # an unknown name close to many (红星村 ~ 红岘/红古/红城…): not a guess worth offering
        ambiguous = len(per_zone) > 1
        matches = []
        for cand in per_zone.values():
            in_town = cand.zone.township in mentioned
            confidence = cand.confidence
            if in_town:
                confidence = min(1.0, confidence + 0.05)
            elif conflict:
                confidence -= 0.2
            matches.append(
                PlaceMatch(
                    zone=cand.zone,
                    matched_text=folded[cand.start : cand.end],
                    start=cand.start,
                    end=cand.end,
                    confidence=round(confidence, 3),
                    exact=cand.tier == 0,
                    method=cand.method,
                    township_mentioned=in_town,
                    township_conflict=conflict and not in_town,
                    ambiguous=ambiguous,
                )
            )
        return matches


def needs_clarification(matches: Sequence[PlaceMatch]) -> bool:
    """True when the family should be asked which place they mean: the best match is ambiguous
    (several townships or similar names), contradicts the township they named, or is a guess."""
    if not matches:
        return False
    best = matches[0]
    return best.ambiguous or best.township_conflict or best.confidence < 0.7


__all__ = [
    "AmbiguousPlaceError",
    "PlaceMatch",
    "SchoolDirectory",
    "SchoolMatch",
    "ZoneAssignment",
    "needs_clarification",
]
