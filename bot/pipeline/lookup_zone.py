"""The zone (划片) look-up: every level and grade asked, honest about ambiguous, unknown and outside places."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.answer import Choice
from bot.pipeline.context import DataFact
from bot.pipeline.lookup_slots import Slots
from bot.texts import Replies

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory
    from knowledge.schooldata.models import SchoolPublic, ZonePublic
    from knowledge.schooldata.place_lookup import PlaceResolution
    from knowledge.schooldata.records import ZoneAssignment

MAX_CHOICES = 16
_CN_NUMBERS = "零一二三四五六七八九十"


def cn(number: int) -> str:
    """4 -> 四 (grades in sentences: a digit the data does not hold would fail the number check)."""
    return _CN_NUMBERS[number] if 0 <= number <= 10 else str(number)


def cn_grades(grades: str) -> str:
    """'1-3' -> '一至三'."""
    low, _, high = grades.partition("-")
    return f"{cn(int(low))}至{cn(int(high))}" if high else grades


@dataclass
class Outcome:
    """What a look-up found: facts to answer with, or a clarifying question / a decline that ends the answer."""

    kind: str  # zone / school_fact / subsidy / materials / calendar / service / contact
    facts: list[DataFact] = field(default_factory=list)
    place_status: str | None = None
    record_ids: list[str] = field(default_factory=list)
    final_text: str = ""  # a clarify or decline text that is the whole answer
    final_kind: str = ""  # clarify / decline
    choices: list[Choice] = field(default_factory=list)
    zone: ZoneAssignment | None = None


def zone_id(zone: ZonePublic) -> str:
    return f"zones:{zone.township}/{zone.place}"


def school_id(school: SchoolPublic) -> str:
    return f"schools:{school.school_id}"


class ZoneLookup:
    def __init__(self, replies: Replies, directory: Directory) -> None:
        self.replies = replies
        self.directory = directory

    def __call__(self, resolution: PlaceResolution, slots: Slots) -> Outcome | None:
        status = resolution.status
        if status == "found":
            zone = self.directory.zone_for(resolution.zones[0])
            return self.found(zone, slots) if zone is not None else None
        if status == "ambiguous":
            return self._ambiguous(resolution, slots)
        if status == "unknown":
            return self._unknown(resolution, slots)
        if status == "outside_county" and resolution.outside is not None:
            text = self.replies(
                "decline_outside", place=resolution.name, name=resolution.outside.name, bureau=resolution.outside.bureau
            )
            return Outcome("zone", place_status=status, final_text=text, final_kind="decline")
        if resolution.township:
            return self._need_place(resolution.township, slots)
        return None

    def outside_enrolment(self, resolution: PlaceResolution, kind: str, reply: str = "decline_outside_enrolment") -> Outcome:
        """Materials or dates (or, with ``reply`` decline_outside_services, a service or whom to call) asked for a place
        outside the county: the county's list is not theirs to follow, nor its offices theirs to call."""
        outside = resolution.outside
        name = outside.name if outside is not None else resolution.name
        bureau = outside.bureau if outside is not None else ""
        text = self.replies(reply, place=resolution.name, name=name, bureau=bureau)
        return Outcome(kind, place_status="outside_county", final_text=text, final_kind="decline")

    # ------------------------------------------------------------------ found

    def found(self, zone: ZoneAssignment, slots: Slots, status: str = "found") -> Outcome:
        r = self.replies
        where = f"{zone.township}{zone.place}"
        primary, junior = zone.primary, zone.junior
        upper = self.directory.school(zone.zone.upper_primary_school_id) if zone.zone.upper_primary_school_id else None
        levels = slots.levels or ["小学", "初中"]
        used: list[SchoolPublic] = []
        grade = slots.grade
        if len(slots.grades) > 1:  # several children, one grade each: the school of every grade named
            leads = []
            for number in slots.grades:
                part, schools = self._for_grade(zone, upper, number, where)
                leads.append(part)
                used += [school for school in schools if school not in used]
            lead = "；".join(leads)
        elif grade is not None:
            lead, used = self._for_grade(zone, upper, grade, where)
            if grade <= 6 and "初中" in levels and junior not in used:
                used.append(junior)
                lead += "；" + r("zone_one", where="", level=r("level_junior"), school=junior.name)
        else:
            split = upper is not None and primary.grade_range[1] < 6
            primary_text = primary.name
            if split and upper is not None:
                first = primary.grade_range[1] + 1
                primary_text = r(
                    "primary_split", lower=primary.name, lower_grades=cn_grades(primary.grades), first=cn(first), upper=upper.name
                )
            want_primary, want_junior = "小学" in levels, "初中" in levels
            if want_primary and want_junior:
                if primary.school_id == junior.school_id and not split:
                    lead = r("zone_same", where=where, school=primary.name)
                else:
                    lead = r("zone_both", where=where, primary=primary_text, junior=junior.name)
                used = [primary, *([upper] if split and upper is not None else []), junior]
            elif want_junior:
                lead, used = r("zone_one", where=where, level=r("level_junior"), school=junior.name), [junior]
            else:
                lead = r("zone_one", where=where, level=r("level_primary"), school=primary_text)
                used = [primary, *([upper] if split and upper is not None else [])]
        unique = list({school.school_id: school for school in used}.values())
        lines = [r("zone_header", where=where)]
        for school in unique:
            level = r("level_primary") if school.is_primary and school is not junior else r("level_junior")
            if school.school_id == junior.school_id and school.is_primary and len(unique) == 1:
                level = f"{r('level_primary')}、{r('level_junior')}"
            boarding = r("boarding_yes") if school.boarding else r("boarding_no")
            lines.append(
                r("zone_line", level=level, name=school.name, grades=school.grades, boarding=boarding, contact=school.contact)
            )
        ids = [zone_id(zone.zone), *(school_id(school) for school in unique)]
        fact = DataFact("\n".join(lines), zone.source_label, zone.verified, explicit=True, lead=lead, record_ids=ids)
        return Outcome("zone", [fact], place_status=status, record_ids=ids, zone=zone)

    def _for_grade(
        self, zone: ZoneAssignment, upper: SchoolPublic | None, grade: int, where: str
    ) -> tuple[str, list[SchoolPublic]]:
        """The sentence and the school for one grade: the junior school from grade 7, the school that takes
        grades 4-6 when the primary school teaches only the first grades (zones.csv:upper_primary_school_id)."""
        r, primary, junior = self.replies, zone.primary, zone.junior
        if grade >= 7:
            return r("zone_grade", where=where, grade=cn(grade), school=junior.name), [junior]
        if primary.teaches(grade) or upper is None:
            return r("zone_grade", where=where, grade=cn(grade), school=primary.name), [primary]
        lead = r("zone_grade_upper", where=where, grade=cn(grade), upper=upper.name, lower=primary.name, grades=cn_grades(primary.grades))
        return lead, [upper]

    # ------------------------------------------------------------------ asking back

    def _what(self, slots: Slots) -> str:
        if slots.grade is not None:
            return f"上{cn(slots.grade)}年级"
        if len(slots.levels) == 1:
            return f"上{slots.levels[0]}"
        return ""

    def _choices(self, zones: list[ZonePublic], slots: Slots) -> list[Choice]:
        towns = list(dict.fromkeys(zone.township for zone in zones))
        choices = []
        for town in towns[:MAX_CHOICES]:
            place = next(zone.place for zone in zones if zone.township == town)
            reply = self.replies("choice_question", township=town, place=place, level=self._what(slots))
            choices.append(Choice(label=town, reply=reply))
        return choices

    def _ambiguous(self, resolution: PlaceResolution, slots: Slots) -> Outcome:
        zones = list(resolution.zones)
        towns = list(dict.fromkeys(zone.township for zone in zones))
        places = list(dict.fromkeys(zone.place for zone in zones))
        text = self.replies("clarify_ambiguous", place="、".join(places), towns="、".join(towns), example=towns[0])
        return Outcome(
            "zone",
            place_status="ambiguous",
            record_ids=[zone_id(zone) for zone in zones],
            final_text=text,
            final_kind="clarify",
            choices=self._choices(zones, slots),
        )

    def _unknown(self, resolution: PlaceResolution, slots: Slots) -> Outcome:
        zones = list(resolution.zones)  # the same name in another township than the one named
        if zones and resolution.township:
            towns = "、".join(dict.fromkeys(zone.township for zone in zones))
            text = self.replies("clarify_unknown_in_township", township=resolution.township, place=resolution.name, towns=towns)
            choices = self._choices(zones, slots)
        elif resolution.township:
            text = self.replies("clarify_unknown_township", township=resolution.township, place=resolution.name)
            near = list(resolution.near)
            if near:
                text += self.replies("clarify_near", places="、".join(zone.place for zone in near))
            choices = [
                Choice(
                    label=zone.place,
                    reply=self.replies("choice_question", township=zone.township, place=zone.place, level=self._what(slots)),
                )
                for zone in near
            ]
        else:
            text, choices = self.replies("clarify_unknown", place=resolution.name), []
        return Outcome("zone", place_status="unknown", final_text=text, final_kind="clarify", choices=choices)

    def _township_wide(self, township: str, places: list[ZonePublic], slots: Slots) -> Outcome | None:
        """Every place of the township has the same school for the level(s) asked: say so."""
        levels = slots.levels or ["小学", "初中"]
        if slots.grade is not None:
            levels = ["初中"] if slots.grade >= 7 else ["小学"]
        if "小学" in levels and any(zone.upper_primary_school_id for zone in places):
            return None
        schools: list[SchoolPublic] = []
        for column, level in (("primary_school_id", "小学"), ("junior_school_id", "初中")):
            if level not in levels:
                continue
            school_ids = {str(getattr(zone, column)) for zone in places}
            school = self.directory.school(school_ids.pop()) if len(school_ids) == 1 else None
            if school is None:
                return None
            schools.append(school)
        names = "、".join(dict.fromkeys(school.name for school in schools))
        level_text = "和".join(levels)
        lead = self.replies("zone_township", township=township, level=level_text, school=names)
        lines = [self.replies("zone_township_header", township=township)]
        for school in dict.fromkeys(schools):
            boarding = self.replies("boarding_yes") if school.boarding else self.replies("boarding_no")
            lines.append(
                self.replies("zone_line", level=school.level, name=school.name, grades=school.grades, boarding=boarding, contact=school.contact)
            )
        ids = [zone_id(zone) for zone in places] + [school_id(school) for school in dict.fromkeys(schools)]
        fact = DataFact("\n".join(lines), places[0].source_label, all(z.verified for z in places), explicit=True, lead=lead, record_ids=ids)
        return Outcome("zone", [fact], place_status=None, record_ids=ids)

    def _need_place(self, township: str, slots: Slots) -> Outcome:
        places = [zone for zone in self.directory.places(township)]
        wide = self._township_wide(township, places, slots) if places else None
        if wide is not None:
            return wide
        example = f"{township}{places[0].place}" if places else township
        text = self.replies("clarify_need_place", township=township, example=example)
        choices = [
            Choice(
                label=zone.place,
                reply=self.replies("choice_question", township=township, place=zone.place, level=self._what(slots)),
            )
            for zone in places[:MAX_CHOICES]
        ]
        return Outcome("zone", place_status=None, final_text=text, final_kind="clarify", choices=choices)
