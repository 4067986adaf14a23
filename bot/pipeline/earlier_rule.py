"""A question about the earlier rule (原来方案定的是…, 2019年那个方案…): the older document's clause on the same point
answers it, even a figure the newer document has since changed; the opening then says it is the earlier rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.texts import load_yaml
from retrieval.units import SectionRef


@dataclass(frozen=True)
class EarlierRule:
    patterns: tuple[re.Pattern[str], ...]
    prefix: str

    @classmethod
    def load(cls, name: str = "earlier_rule.yaml") -> EarlierRule:
        raw = load_yaml(name)
        return cls(tuple(re.compile(p) for p in raw.get("patterns", [])), str(raw.get("prefix", "")))

    def opening(self, document: str) -> str:
        """What opens the older clause: 此前的规定（《实施方案》）："""
        return self.prefix.format(document=document or "较早的文件")

    def asked(self, folded: str, older: SectionRef, newer: SectionRef) -> bool:
        """The question asks what the older document said: a word for 'the earlier rule', or the older document's
        year (and not the newer one's)."""
        if any(p.search(folded) for p in self.patterns):
            return True
        year, newer_year = (older.issued or "")[:4], (newer.issued or "")[:4]
        return bool(year) and year != newer_year and _names_year(folded, year) and not _names_year(folded, newer_year)


def _names_year(folded: str, year: str) -> bool:
    """The question names the year as a year (2019年, the 2019 plan), not as part of a longer number."""
    return bool(year) and re.search(rf"(?<!\d){year}(?!\d)", folded) is not None
