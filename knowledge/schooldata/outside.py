"""Places outside the county (neighbouring counties, districts, cities) and their education bureaus, from outside_county.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.yamlload import safe_load

OUTSIDE_FILE = Path(__file__).resolve().with_name("outside_county.yaml")
_ASCII_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class OutsidePlace:
    """A place outside the county: its name as the assistant says it and its own education bureau."""

    name: str
    bureau: str
    words: tuple[str, ...]
    ascii: tuple[str, ...] = ()
    not_after: str = ""
    only_alone: bool = False  # counts only when no place of the county is named too


@dataclass(frozen=True)
class OutsideMention:
    place: OutsidePlace
    matched_text: str
    start: int  # offset in the folded text (-1 for an ASCII word)


class OutsidePlaces:
    """Finds the places of outside_county.yaml in a folded (Simplified, lower-case) question."""

    def __init__(self, places: tuple[OutsidePlace, ...], county_prefixes: tuple[str, ...] = (),
                 any_city: AnyCity | None = None, not_endings: tuple[str, ...] = ()) -> None:
        self.places = places
        self._any_city = any_city
        self._county_prefixes = county_prefixes  # 海原县石门乡: a name written after the county's own is the county's
        self._not_endings = not_endings  # 学校和乡镇: a sound-typed name's ending that opens a word (乡镇) ends no name
        self._words = sorted(
            ((word, place) for place in places for word in place.words), key=lambda item: -len(item[0])
        )
        # the names that may be typed by sound: three characters or more, ending in their own 县/区/市/镇/乡
        self._sound_words = [(word, place) for word, place in self._words
                             if len(word) >= MIN_SOUND_NAME and word[-1] in SOUND_ENDINGS]
        self._ascii = {word: place for place in places for word in place.ascii}
        for place in places:  # the pinyin of every name too (jingyuan, pingchuan), spelled as one word or two
            for word in place.words:
                for key in _pinyin_keys(word):
                    self._ascii.setdefault(key, place)

    @classmethod
    def load(cls, path: Path = OUTSIDE_FILE) -> OutsidePlaces:
        return cls(_read(path), _read_words(path, "county_prefixes"), _read_any_city(path), _read_words(path, "sound_not_endings"))

    def find(self, folded: str, county_named: bool = False) -> OutsideMention | None:
        """The first outside place named in ``folded``; ``county_named``: the text also names a
        township or place of the county (then the ``only_alone`` words do not count)."""
        # the county's own name takes its characters first: 想上海原五中 names 海原, not 上海
        taken = [(m.start(), m.end()) for prefix in self._county_prefixes for m in re.finditer(re.escape(prefix), folded)]
        found: list[OutsideMention] = []
        for word, place in self._words:
            start = folded.find(word)
            while start != -1:
                end = start + len(word)
                before = folded[start - 1 : start] if start else ""
                overlaps = any(s < end and start < e for s, e in taken)
                if not overlaps and not (before and before in place.not_after) and not self._after_county(folded, start):
                    taken.append((start, end))
                    if not (place.only_alone and county_named):
                        found.append(OutsideMention(place, word, start))
                start = folded.find(word, start + 1)
        words = list(_ASCII_WORD.finditer(folded))
        for index, match in enumerate(words):
            pair = match.group() + words[index + 1].group() if index + 1 < len(words) else ""
            for text in (pair, match.group()):  # "jing yuan" and "jingyuan"
                named = self._ascii.get(text) if text else None
                if named is not None and not (named.only_alone and county_named):
                    found.append(OutsideMention(named, text, match.start()))
                    break
        if not found:
            found = self._by_sound(folded, county_named)
        if not found and self._any_city is not None:
            found = self._any_city.find(folded, county_named)
        if not found:
            return None
        # the most specific place named (原州区 over 固原), then the first
        return min(found, key=lambda mention: (-len(mention.place.name), mention.start))

    def _by_sound(self, folded: str, county_named: bool) -> list[OutsideMention]:
        """Names typed by voice input or by sound (西机县 for 西吉县, 三赢镇 for 三营镇): a name of three characters or
        more that ends in its own 县/区/市/镇/乡, every other character read as one of the name's readings. Only when no
        name is written as it is."""
        from knowledge.schooldata.sounds import readings, text_reading

        found: list[OutsideMention] = []
        for word, place in self._sound_words:
            if place.only_alone and county_named:
                continue
            start = folded.find(word[-1], len(word) - 1)
            while start != -1:
                begin = start - len(word) + 1
                typed = folded[begin : start + 1]
                before = folded[begin - 1 : begin] if begin else ""
                if all(text_reading(t) & readings(w) for t, w in zip(typed[:-1], word[:-1], strict=True)) and not (
                    (before and before in place.not_after) or self._after_county(folded, begin)
                    or folded[start : start + 2] in self._not_endings
                ):
                    found.append(OutsideMention(place, typed, begin))
                start = folded.find(word[-1], start + 1)
        return found

    def _after_county(self, folded: str, start: int) -> bool:
        return any(folded[:start].endswith(prefix) for prefix in self._county_prefixes)


_NOT_IN_CITY = set("的了在是我俺咱你他她们个这那")
_CITY = re.compile(r"(?=([\u4e00-\u9fff]{2,3})市)")


@dataclass(frozen=True)
class AnyCity:
    """A city not listed, named with its 市 (拉萨市): outside the county, asked of its own (unnamed) bureau."""

    bureau: str
    not_first: tuple[str, ...]
    not_next: tuple[str, ...]
    not_names: tuple[str, ...]

    def find(self, folded: str, county_named: bool) -> list[OutsideMention]:
        if county_named:
            return []
        for hit in _CITY.finditer(folded):
            name, start = hit.group(1), hit.start()
            end = start + len(name) + 1
            if name[0] in self.not_first or any(ch in _NOT_IN_CITY for ch in name) or name in self.not_names:
                continue
            if start and folded[start - 1] not in self.not_first:
                continue  # the name's start is not where the words before a name end (北京海城市…: 京海)
            if any(folded[end:].startswith(word) for word in self.not_next):
                continue
            city = f"{name}市"
            return [OutsideMention(OutsidePlace(name=city, bureau=self.bureau, words=(city,)), city, start)]
        return []


MIN_SOUND_NAME = 3  # characters with the ending: two-character names (同心, 会宁) sound like too many words
SOUND_ENDINGS = "县区市镇乡"
MIN_PINYIN_NAME = 5  # letters: xiji, xian would name county places or words (县) too


def _pinyin_keys(word: str) -> set[str]:
    """Toneless pinyin of a Chinese place name (usual readings), also without its 县/市/区/省 ending."""
    from knowledge.schooldata.typos import spellings

    keys: set[str] = set()
    for name in {word, word.rstrip("县市区省")}:
        if len(name) >= 2:
            keys |= {key for key in spellings(name, usual=True, limit=4) if len(key) >= MIN_PINYIN_NAME}
    return keys


@lru_cache(maxsize=4)
def _raw(path: Path) -> object:
    """outside_county.yaml parsed once, for the places, the county's prefixes and the unlisted cities."""
    return safe_load(path.read_text(encoding="utf-8"))


def _read_any_city(path: Path) -> AnyCity | None:
    raw = _raw(path)
    entry = raw.get("any_city") if isinstance(raw, dict) else None
    if not isinstance(entry, dict):
        return None

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(word) for word in entry.get(key) or ())

    return AnyCity(str(entry.get("bureau") or ""), words("not_first"), words("not_next"), words("not_names"))


def _read_words(path: Path, key: str) -> tuple[str, ...]:
    raw = _raw(path)
    words = raw.get(key) if isinstance(raw, dict) else None
    return tuple(str(word) for word in words or ())


@lru_cache(maxsize=4)
def _read(path: Path) -> tuple[OutsidePlace, ...]:
    raw = _raw(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("places"), list):
        raise ValueError(f"{path.name}: expected a 'places' list")
    places = []
    for index, entry in enumerate(raw["places"], start=1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("bureau") or not entry.get("words"):
            raise ValueError(f"{path.name}: place {index} needs name, bureau and words")
        places.append(
            OutsidePlace(
                name=str(entry["name"]),
                bureau=str(entry["bureau"]),
                words=tuple(str(word) for word in entry["words"]),
                ascii=tuple(str(word).lower() for word in entry.get("ascii", ())),
                not_after=str(entry.get("not_after", "")),
                only_alone=bool(entry.get("only_alone", False)),
            )
        )
    return tuple(places)
