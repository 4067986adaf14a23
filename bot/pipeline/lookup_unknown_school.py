"""A school named by a number the county's data does not hold (海原八小, 七营镇第二中学, 海原一中 — a high school) is
declined with what the data does hold and the bureau's contact, never answered with another school's facts or a
plan clause. A school the name matcher found (typos included) is no unknown school.

A village's name with 小学 (石湾小学) is left to the zone look-up: it is as often "the primary school of 石湾村". A school
named after its township by a name that is no village of that township, nor one typo away from one (关桥乡脱家小学,
九彩乡坪顶教学点), is a school the data does not hold either."""

from __future__ import annotations

import re

from bot.pipeline.bureau import bureau_line
from bot.pipeline.lookup_slots import LookupWords, alternation
from bot.pipeline.lookup_zone import Outcome
from bot.texts import Replies
from knowledge.schooldata.directory_protocol import Directory
from knowledge.schooldata.gazetteer import load_gazetteer
from knowledge.schooldata.typos import TYPO_THRESHOLD, typo_score


class UnknownSchools:
    def __init__(self, directory: Directory, words: LookupWords, replies: Replies) -> None:
        self.directory = directory
        self.replies = replies
        gazetteer = load_gazetteer()
        zones = directory.places()
        places = ({zone.township for zone in zones} | {gazetteer.township_stem(zone.township) for zone in zones}
                  | {zone.place for zone in zones} | {gazetteer.split_place(zone.place)[0] for zone in zones}
                  | set(words.numbered_school_places))
        suffixes = alternation((*gazetteer.place_suffixes, *gazetteer.township_suffixes))
        self._numbered = re.compile(
            f"(?:{alternation(tuple(places))})(?:{suffixes})?第?(?:{words.school_numerals})"
            f"(?:{alternation(words.numbered_school_words)})"
        ) if words.school_numerals and words.numbered_school_words else None

        townships = {zone.township for zone in zones}
        self._village_stems: dict[str, set[str]] = {}
        for zone in zones:
            self._village_stems.setdefault(zone.township, set()).add(gazetteer.split_place(zone.place)[0])
        # the township in full (关桥乡脱家小学): a stem alone is too often part of another name (西安市, 三河村)
        by_name = {town: town for town in townships} | {
            alias: town for town, aliases in gazetteer.township_aliases.items() for alias in aliases if town in townships}
        self._township_of = by_name
        self._not_names = tuple(words.village_school_not_names)
        self._village_school = re.compile(
            f"({alternation(tuple(by_name))})([\u4e00-\u9fff]{{2,3}}?)(?:{alternation(words.village_school_words)})"
        ) if words.village_school_words else None

    def find(self, folded: str) -> str:
        """The first school named by a place and a number, or by a township and a name that is none of its villages,
        in the text ('' when none)."""
        found = self._numbered.search(folded) if self._numbered is not None else None
        if found:
            return found.group(0)
        return self._by_village(folded)

    def _by_village(self, folded: str) -> str:
        """关桥乡脱家小学: a township, then a name none of its villages has nor is one typo (measured threshold) from."""
        if self._village_school is None:
            return ""
        for hit in self._village_school.finditer(folded):
            town, name = self._township_of[hit.group(1)], hit.group(2)
            if any(word in name for word in self._not_names) or any(other in name for other in self._township_of):
                continue
            villages = self._village_stems.get(town, set())
            if any(typo_score(name, village) >= TYPO_THRESHOLD or name in village for village in villages):
                continue  # 园和小学: the school of a village typed by its sound, found by the zone look-up
            return hit.group(0)
        return ""

    def outcome(self, name: str) -> Outcome:
        line = bureau_line(self.directory, lambda **fields: self.replies("unknown_school_contact", **fields),
                           self.replies("unknown_school_sample"))
        text = self.replies("decline_unknown_school", school=name, contact=line.text if line else "")
        return Outcome("school_fact", facts=[line.fact] if line else [], place_status="unknown", final_text=text, final_kind="decline")
