"""Elsewhere: the question asks about another county, city or province (银川的娃也有营养餐吗, 同心县的住校补助跟海原
一样不, 别的县轮岗比例是不是也是10%), not about 海原县. The plan and the school data hold 海原县's rules only, so the
nearest clause of the plan is not the answer: the reply says so and names that place's own education bureau (outcome
`decline`). A place named only as where the family comes from or the parents work (在银川打工，娃回海原上学) is not
asked about; the county's rules answer as usual. Words in `bot/data/elsewhere.yaml`, places in
`knowledge/schooldata/outside_county.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.pipeline.context import AnswerContext
from bot.pipeline.retrieve import Retrieve
from bot.texts import AssistantTexts, load_yaml
from knowledge.schooldata.outside import OutsidePlaces

WINDOW = 16  # characters after the place where a comparison with 海原 may stand


@dataclass(frozen=True)
class Asked:
    """The other place asked about: its name as the reply says it and its own education bureau."""

    name: str
    bureau: str


@dataclass(frozen=True)
class ElsewhereWords:
    unnamed: re.Pattern[str]
    unnamed_bureau: str
    holdings: tuple[str, ...]
    linkers: tuple[str, ...]
    compared: tuple[re.Pattern[str], ...]
    origin: tuple[str, ...]
    there: re.Pattern[str]
    english_holdings: re.Pattern[str]
    here: re.Pattern[str]
    comparison: re.Pattern[str]

    @classmethod
    def load(cls, name: str = "elsewhere.yaml") -> ElsewhereWords:
        raw = load_yaml(name)
        return cls(
            unnamed=re.compile(str(raw["unnamed"])),
            unnamed_bureau=str(raw["unnamed_bureau"]),
            holdings=tuple(sorted((str(w) for w in raw["holdings"]), key=len, reverse=True)),
            linkers=tuple(str(w) for w in raw["linkers"]),
            compared=tuple(re.compile(str(p)) for p in raw["compared"]),
            origin=tuple(str(w) for w in raw["origin"]),
            there=re.compile(str(raw["there"])),
            english_holdings=re.compile(str(raw["english_holdings"]), re.I),
            here=re.compile(str(raw["here"])),
            comparison=re.compile(str(raw["comparison"])),
        )


class ElsewhereReader:
    """Reads which other place, if any, a folded question asks about."""

    def __init__(self, words: ElsewhereWords, places: OutsidePlaces) -> None:
        self.words = words
        self.places = places

    def read(self, folded: str, county_named: bool = False) -> Asked | None:
        if self._asks_here(folded):
            return None
        mention = self.places.find(folded, county_named)
        if mention is not None and mention.matched_text.isascii():  # English or pinyin (Yinchuan): "schools in …"
            if re.search(self.words.english_holdings.pattern + re.escape(mention.matched_text), folded, re.I):
                return Asked(mention.place.name, mention.place.bureau)
        elif mention is not None:  # every time the place is named (在银川嫁人了…银川那边上小学要带啥)
            ends = [found.end() for found in re.finditer(re.escape(mention.matched_text), folded)]
            if any(self._asked_at(folded, end) for end in ends):
                return Asked(mention.place.name, mention.place.bureau)
        unnamed = self.words.unnamed.search(folded)
        if unnamed is not None and self._asked_at(folded, unnamed.end()):
            return Asked(unnamed.group(0), self.words.unnamed_bureau)
        return None

    def _asks_here(self, folded: str) -> bool:
        """The clause that asks (the last) is about here and compares nothing: 银川那边…，咱这也有吧."""
        clauses = [c for c in re.split(r"[，,。；;！!？?\s]+", folded) if c]
        if len(clauses) < 2:
            return False
        last = clauses[-1]
        return bool(self.words.here.search(last)) and not self.words.comparison.search(last) and self.places.find(last, False) is None

    def _asked_at(self, folded: str, end: int) -> bool:
        """The place is followed by what of it is asked (的学校, 那边的补助 …), or the place is compared with 海原;
        a place that is only the family's origin or the parents' workplace is not asked about."""
        after = folded[end:]
        if any(p.search(after[:WINDOW]) for p in self.words.compared):
            return True
        if any(cue in folded for cue in self.words.origin):
            return False
        if self._holds(after):
            return True
        return self.words.there.search(after) is not None

    def _holds(self, after: str) -> bool:
        """After the place: any linkers (县, 那边, 的 …), then one of the things a place holds (学校, 补助, 上学 …)."""
        rest, changed = after, True
        while changed:
            changed = False
            for word in self.words.linkers:
                if rest.startswith(word):
                    rest, changed = rest[len(word):], True
        return rest.startswith(self.words.holdings)


@lru_cache(maxsize=1)
def default_reader() -> ElsewhereReader:
    return ElsewhereReader(ElsewhereWords.load(), OutsidePlaces.load())


class DeclineElsewhere:
    """The pipeline step, after the look-up (whose own replies about an outside place's 划片 stand)."""

    def __init__(self, texts: AssistantTexts, retrieve: Retrieve, reader: ElsewhereReader | None = None) -> None:
        self.texts = texts
        self.retrieve = retrieve
        self.reader = reader or default_reader()

    def __call__(self, ctx: AnswerContext) -> None:
        if ctx.done or ctx.picked is not None:
            return None
        named = bool(ctx.entities.townships or ctx.entities.places or ctx.entities.schools)
        asked = self.reader.read(ctx.folded, county_named=named)
        if asked is None:
            return None
        ctx.facts = []
        ctx.sources = []
        if ctx.lookup is not None:  # the county's rows the look-up found are not what this answer uses
            ctx.lookup = replace(ctx.lookup, place_status="outside_county", record_ids=())
        opening = self.texts.replies("elsewhere", place=asked.name, bureau=asked.bureau)
        ctx.finish(self.retrieve.decline_text(ctx, opening), answered=False, kind="decline")
        return None
