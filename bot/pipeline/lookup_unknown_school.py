"""A school named by a number the county's data does not hold (海原八小, 七营镇第二中学, 海原一中 — a high school) is
declined with what the data does hold and the bureau's contact, never answered with another school's facts or a
plan clause. A school the name matcher found (typos included) is no unknown school.

A village's name with 小学 (石湾小学) is left to the zone look-up: it is as often "the primary school of 石湾村"."""

from __future__ import annotations

import re

from bot.pipeline.context import DataFact
from bot.pipeline.lookup_slots import LookupWords, alternation
from bot.pipeline.lookup_zone import Outcome
from bot.texts import Replies
from knowledge.schooldata.directory_protocol import Directory
from knowledge.schooldata.gazetteer import load_gazetteer


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

    def find(self, folded: str) -> str:
        """The first school named by a place and a number in the text ('' when none)."""
        found = self._numbered.search(folded) if self._numbered is not None else None
        return found.group(0) if found else ""

    def outcome(self, name: str) -> Outcome:
        contact = self.directory.bureau_contact()
        facts, line = [], ""
        if contact is not None:
            hours = f"（{contact.hours}）" if contact.hours else ""
            mark = "" if contact.verified else self.replies("unknown_school_sample")
            line = self.replies("unknown_school_contact", name=contact.name, contact=contact.contact, hours=hours, mark=mark)
            facts = [DataFact(line, contact.source_label, contact.verified)]
        text = self.replies("decline_unknown_school", school=name, contact=line)
        return Outcome("school_fact", facts=facts, place_status="unknown", final_text=text, final_kind="decline")
