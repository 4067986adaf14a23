"""``PlaceResolver``: where a question's place is — found, ambiguous, unknown in the county, or outside it.

On top of the directory's place matcher it adds what a zone answer needs to be honest:

* typo-tier matches count only when ``typo_score`` reaches the measured ``TYPO_THRESHOLD``;
  a name written before 村/社区 that matches nothing is tried once more against the real names
  (dropped characters: 苏湾 for 苏家湾), and otherwise it is *unknown* — never a fuzzy neighbour;
* pinyin and English names (qiying zhen beizui cun) through ``PinyinPlaces``;
* places outside the county (原州区, 西吉县, 银川…) through ``OutsidePlaces``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from knowledge.ingest.script import to_simplified
from knowledge.schooldata.models import ZonePublic
from knowledge.schooldata.outside import OutsidePlace, OutsidePlaces
from knowledge.schooldata.pinyin_places import PinyinFind, PinyinPlaces
from knowledge.schooldata.place_words import load_place_words
from knowledge.schooldata.records import PlaceMatch
from knowledge.schooldata.typos import TYPO_THRESHOLD, typo_score

FOUND, AMBIGUOUS, UNKNOWN, OUTSIDE = "found", "ambiguous", "unknown", "outside_county"
NEAR_FLOOR = 0.6  # below the typo threshold: offered as a question ("did you mean…"), never answered
MAX_NEAR = 3
# characters that end the words before a place name (俺家在|桃园村, 我们是|枣林村的)
_STOP = set("在住是的我俺咱你他们从去到了个这那哪啥什么里边跟与或说问娃，。、；：！？,.;:!? #")
_PLACE_TAIL = re.compile(r"(村|社区|居委会|小区|家属院)")
_TOWN_TAIL = re.compile(r"(镇|乡)")
_BEFORE_NAME = set("家住叫管属县市区省")  # may stand right before a place name (俺家北咀村, 家住…)
_PERSON_PREFIX = re.compile(r"^.*(孩子|孙子|儿子|孙女|女儿)")
_LONGER_NAME = re.compile(r"[\u4e00-\u9fff]{0,2}(村|社区|居委会|小区|镇|乡)")
_WHITESPACE = re.compile(r"\s+")
_LATIN = re.compile(r"[a-z]")  # PinyinPlaces.find reads only runs of these
# a village named without 村 (俺家在王家沟, 家住曹洼乡石家湾, 村子叫杨家河): two to four characters after where the
# family says it lives, ending as the county's village names end, and followed by the end of that phrase
# (俺是罗家湾的, 史店乡罗家湾住, 关桥乡罗家湾 娃上小学: the fold drops the space, so the child may follow the name)
_BARE_VILLAGE = re.compile(
    r"(?:家在|住在|家住|住|我们在|俺们在|咱们在|俺在|我在|我是|俺是|咱是|我们是|俺们是|叫|#[，,]?)"
    r"([\u4e00-\u9fff]{1,3}[沟湾堡岔塬坪台庄川河梁洼滩井套寨咀嘴峁岘渠坡子山营窑崖岭坝塘圈门泉])(?=$|[，。,.!！？?；;\s的那这上住娃孩俺我咱])"
)
_PRONOUNS = set("我俺咱你他她们自老")
# a street address (政府街12号, 文化路3号): the data holds villages and communities, never streets
_STREET = re.compile(r"([\u4e00-\u9fff]{1,4}(?:街|路|巷))([0-9一二三四五六七八九十]{1,4})号")



# a clause about where the child lives (娃跟他爸妈住在…) or about someone else (我是娃的奶奶，住在…; 老家在…)
_CLAUSE_END = re.compile(r"[，。,.;；!！?？]")


def _clause_role(folded: str, start: int) -> int:
    """1: the clause holding the place says the child lives there; -1: it is another person's place
    (the grandparent's, the old home, where a parent works); 0: neither or both."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, start)), default=0)
    role = _role(folded[clause_start:start])
    if role == 0 and clause_start > 0:  # 我是娃的奶奶，住在三河镇… : the subject is in the clause before
        previous = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, clause_start - 1)), default=0)
        role = _role(folded[previous : clause_start - 1])
    return role


def _role(words: str) -> int:
    place_words = load_place_words()
    child = any(re.search(rf"{word}(?!的)", words) for word in place_words.child_words)  # 娃的奶奶 is the grandmother
    other = any(word in words for word in place_words.other_person_words)
    return 1 if child and not other else -1 if other and not child else 0


def _child_first(folded: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """Several places of the county in one question: the child's place first (a stable sort)."""
    if len({(m.start, m.end) for m in matches}) < 2:
        return matches
    return sorted(matches, key=lambda m: -_clause_role(folded, m.start))


_COUNTY_NAMED = re.compile("海原|县城")


@dataclass(frozen=True)
class PlaceResolution:
    """``status`` is found / ambiguous / unknown / outside_county, or None when no place is named."""

    status: str | None
    zones: tuple[ZonePublic, ...] = ()  # found: one; ambiguous: every candidate
    name: str = ""  # the name as typed (unknown / outside)
    township: str | None = None  # the township named, if any
    outside: OutsidePlace | None = None
    method: str = ""  # exact / name / homophone / typo / pinyin / …
    near: tuple[ZonePublic, ...] = ()  # unknown: places of the township named that are close (not typos)


def fold_text(text: str, keep_spaces: bool = False) -> str:
    """NFKC, Simplified, lower case; pinyin tone marks dropped (Qīyíng -> qiying)."""
    text = unicodedata.normalize("NFKC", text or "")
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed != text:
        text = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))
    if not keep_spaces:
        text = _WHITESPACE.sub("", text)
    return to_simplified(text).lower()


class PlaceResolver:
    """Built once beside the directory; ``resolve`` costs about a millisecond."""

    def __init__(
        self,
        zones: Sequence[ZonePublic],
        townships: Sequence[str],
        match_places: Callable[[str], Sequence[PlaceMatch]],
        match_township: Callable[[str], list[str]],
        split_place: Callable[[str], tuple[str, str]],
        township_stem: Callable[[str], str],
        outside: OutsidePlaces | None = None,
        township_words: Sequence[str] = (),
    ) -> None:
        self._zones = tuple(zones)
        self._townships = tuple(townships)
        self._match_places = match_places
        self._match_township = match_township
        self._split = split_place
        self._stem = township_stem
        self._outside = outside or OutsidePlaces.load()
        self._pinyin_places: PinyinPlaces | None = None  # built on the first question written in Latin letters
        self._township_words = sorted(set(township_words), key=len, reverse=True)  # 县城, 关桥, 关桥乡…
        self._stems: dict[str, list[ZonePublic]] = {}
        for zone in self._zones:
            self._stems.setdefault(self._split(zone.place)[0], []).append(zone)

    @property
    def _pinyin(self) -> PinyinPlaces:
        if self._pinyin_places is None:
            self._pinyin_places = PinyinPlaces(self._zones, self._townships, self._split, self._stem)
        return self._pinyin_places

    # ------------------------------------------------------------------ public

    def resolve(self, text: str) -> PlaceResolution:
        folded = fold_text(text)
        spaced = fold_text(text, keep_spaces=True)
        towns = list(self._match_township(text))
        pin = self._pinyin.find(spaced) if _LATIN.search(spaced) else PinyinFind()
        towns += [town for town in pin.townships if town not in towns]
        strong = [t for t in towns if t in folded or self._stem(t) in folded or t in pin.townships]
        township = strong[0] if len(strong) == 1 else (towns[0] if len(towns) == 1 else None)
        masked = self._mask_townships(folded, towns)
        matches = [
            m for m in self._match_places(text)
            if self._accept(m) and (self._after_township(m, masked) or not self._inside_longer_name(m, masked))
        ]
        county_named = bool(strong or matches or pin.zones)
        outside = self._outside.find(spaced, county_named=bool(strong))
        origin = None  # 甘肃会宁人，在海原县城文昌社区租房: the county's own place is where the family lives
        if outside is not None and not strong:
            if not (matches and _COUNTY_NAMED.search(folded.replace(outside.matched_text, "#"))):
                said = outside.matched_text if not outside.matched_text.isascii() else outside.place.name  # gansu -> 甘肃省
                return PlaceResolution(OUTSIDE, name=said, outside=outside.place, township=None)
            origin = outside.place

        matches = _child_first(folded, matches)
        zones = [m.zone for m in matches]
        method = matches[0].method if matches else ""
        if not zones and pin.zones:
            zones, method = list(pin.zones), "pinyin"
        if zones:
            decided = self._decide(zones, matches, township, towns, strong, method)
            return replace(decided, outside=origin) if origin is not None else decided
        unknown = self._unknown_name(folded, towns)
        if unknown:
            typo = self._typo(unknown, towns)
            if typo:
                return self._decide(typo, [], township, towns, strong, "typo")
            return PlaceResolution(UNKNOWN, name=unknown, township=township, near=self._near(unknown, strong))
        if pin.unmatched:
            return PlaceResolution(UNKNOWN, name=pin.unmatched[0], township=township)
        if not county_named:
            town = self._unknown_town(folded)
            if town:
                return PlaceResolution(UNKNOWN, name=town)
        return PlaceResolution(None, township=township)

    # ------------------------------------------------------------------ steps

    def _accept(self, match: PlaceMatch) -> bool:
        """A typo-tier match counts only when its score reaches the measured threshold."""
        if match.method != "typo":
            return True
        typed = self._split(match.matched_text)[0]
        real = self._split(match.zone.place)[0]
        return typo_score(typed, real) >= TYPO_THRESHOLD

    def _mask_townships(self, folded: str, towns: list[str]) -> str:
        """The text with township names (and 县城…) replaced by # (same length)."""
        # longest first: 甘盐池种羊场 / 海城镇 (other names of a township) before the short name they hold
        for word in sorted({*towns, *(self._stem(t) for t in towns), *self._township_words}, key=len, reverse=True):
            folded = folded.replace(word, "#" * len(word))
        return folded

    def _after_township(self, match: PlaceMatch, masked: str) -> bool:
        """The place follows a township written as it sounds (三合镇黑城村, 关乔乡方堡村): its own name, not part of
        a longer one. An unknown township before it (兴仁镇黑城村) is not one of the county's."""
        if match.start < 1 or masked[match.start - 1] not in "镇乡":
            return False
        if match.start >= 2 and masked[match.start - 2] == "#":
            return True  # the suffix of a township's other name, its stem masked (海城镇 for 海城街道)
        return any(self._match_township(masked[max(0, match.start - 1 - length) : match.start]) for length in (2, 3))

    @staticmethod
    def _inside_longer_name(match: PlaceMatch, masked: str) -> bool:
        """罗山 in 罗山沟村, 马湾村 in 上马湾村: a name inside a longer place name is not that place."""
        before = masked[match.start - 1] if match.start > 0 else ""
        two_back = masked[match.start - 2] if match.start > 1 else ""
        if before == "家" and "\u4e00" <= two_back <= "\u9fff" and two_back not in _PRONOUNS and two_back not in _STOP:
            return True  # 马家堡子 is not 堡子村 (but 俺家堡子村 is)
        if before and "\u4e00" <= before <= "\u9fff" and before not in _STOP and before not in _BEFORE_NAME:
            return True
        if _PLACE_TAIL.search(match.matched_text[-2:]):
            return False
        return bool(_LONGER_NAME.match(masked, match.end))

    def _decide(
        self,
        zones: list[ZonePublic],
        matches: Sequence[PlaceMatch],
        township: str | None,
        towns: list[str],
        strong: list[str],
        method: str,
    ) -> PlaceResolution:
        in_town = [z for z in zones if z.township in towns]
        if strong and not any(z.township in strong or z.township in towns for z in zones):
            # the township named has no such place: do not move the family to another township
            name = self._split(zones[0].place)[0] + self._split(zones[0].place)[1]
            return PlaceResolution(UNKNOWN, zones=tuple(dict.fromkeys(zones)), name=name, township=township, method=method)
        chosen = in_town or zones
        best_name = chosen[0].place
        same = list(dict.fromkeys(z for z in chosen if z.place == best_name or self._ambiguous(matches, z)))
        if len({z.township for z in same}) > 1 or len(same) > 1:
            return PlaceResolution(AMBIGUOUS, zones=tuple(same), township=township, method=method)
        return PlaceResolution(FOUND, zones=(same[0],), township=same[0].township, method=method)

    @staticmethod
    def _ambiguous(matches: Sequence[PlaceMatch], zone: ZonePublic) -> bool:
        return any(m.ambiguous and m.zone == zone for m in matches)

    def _unknown_name(self, folded: str, towns: list[str]) -> str:
        """The name written before 村/社区 that the matcher did not recognise ('' if none)."""
        masked = self._mask_townships(folded, towns)
        words = load_place_words()
        for hit in _PLACE_TAIL.finditer(masked):
            if words.ordinary_word(hit.group(), masked[hit.end() :]):
                continue  # 村上, 村民, 村干部: an ordinary word, not a place's suffix
            name = ""
            for ch in reversed(masked[: hit.start()]):
                if not ("\u4e00" <= ch <= "\u9fff") or (ch in _STOP and name):
                    break  # the character next to 村 is part of the name even when it is a stop word (八里村)
                name = ch + name
            if name and name[-1] in _STOP and len(name) < 2:
                continue
            if len(name) == 1 and hit.start() >= 2 and masked[hit.start() - 2] == "#":
                if words.plausible(name):
                    return name + hit.group()  # 李旺镇新村: a one-character name right after the township
                continue
            name = _PERSON_PREFIX.sub("", name)[-4:].removeprefix("家")  # 孩子在…, 我家桃园村
            word = name + hit.group()
            ordinary = word in words.not_names or name in words.not_names or word[-2:] in words.not_names
            if len(name) >= 2 and not ordinary and words.plausible(name):  # 学校和村, 管着三个村: a phrase, not a name
                return name + hit.group()
        for street in _STREET.finditer(masked):
            name = "".join(ch for ch in street[1] if ch not in _STOP)[-4:] if not any(ch in _STOP for ch in street[1][-2:]) else ""
            if len(name) >= 2 and words.plausible(name[:-1]):
                return name  # the street without its number: the answer's number check keeps no number it cannot source
        for bare in _BARE_VILLAGE.finditer(masked):
            ordinary = bare[1] in words.not_bare_names or any(bare[1].endswith(w) for w in words.not_bare_names if w.endswith("子"))
            if not ordinary and not bare[1].startswith("家") and words.plausible(bare[1]):  # 县城租房子住: a 房子
                return bare[1]
        return ""

    def _unknown_town(self, folded: str) -> str:
        words = load_place_words()
        for hit in _TOWN_TAIL.finditer(folded):
            if words.ordinary_word(hit.group(), folded[hit.end() :]):
                continue  # 乡下, 乡里: an ordinary word, not a township's suffix
            name = ""
            for ch in reversed(folded[: hit.start()]):
                if ch in _STOP or not ("\u4e00" <= ch <= "\u9fff"):
                    break
                name = ch + name
            name = name[-3:].removeprefix("家")
            word = name + hit.group()
            # 下乡, 城乡: a verb or a phrase that ends as a township's name does, not a name; but 黑城镇 (a village's
            # name, 黑城村, with a township's ending) is a name although it ends as 城镇 does
            phrase = word[-2:] in words.not_names and name not in self._stems
            if self._match_township(word):
                continue  # a township written as it sounds (三合镇 for 三河镇): not an unknown place
            if len(name) >= 2 and word not in words.not_names and name not in words.not_names and not phrase and words.plausible(name):
                return word
        return ""

    def _near(self, name: str, towns: list[str]) -> tuple[ZonePublic, ...]:
        """Places of the township named whose names are close to ``name`` without being a typo of it."""
        if len(towns) != 1:
            return ()
        typed = self._split(name)[0]
        scored = [
            (typo_score(typed, stem), zone)
            for stem, zones in self._stems.items()
            for zone in zones
            if zone.township == towns[0]
        ]
        close = sorted((item for item in scored if item[0] >= NEAR_FLOOR), key=lambda item: -item[0])
        return tuple(zone for _, zone in close[:MAX_NEAR])

    def _typo(self, name: str, towns: list[str]) -> list[ZonePublic]:
        """Real places one small typo away from ``name`` (the best score only), in the township named."""
        typed = self._split(name)[0]
        best, found = 0.0, list[ZonePublic]()
        for stem, zones in self._stems.items():
            scoped = [z for z in zones if not towns or z.township in towns]
            if not scoped or stem == typed:
                continue
            score = typo_score(typed, stem)
            if score >= TYPO_THRESHOLD and score >= best:
                found = scoped if score > best else found + scoped
                best = score
        return found
