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

    def __init__(self, places: tuple[OutsidePlace, ...]) -> None:
        self.places = places
        self._words = sorted(
            ((word, place) for place in places for word in place.words), key=lambda item: -len(item[0])
        )
        self._ascii = {word: place for place in places for word in place.ascii}
        for place in places:  # the pinyin of every name too (jingyuan, pingchuan), spelled as one word or two
            for word in place.words:
                for key in _pinyin_keys(word):
                    self._ascii.setdefault(key, place)

    @classmethod
    def load(cls, path: Path = OUTSIDE_FILE) -> OutsidePlaces:
        return cls(_read(path))

    def find(self, folded: str, county_named: bool = False) -> OutsideMention | None:
        """The first outside place named in ``folded``; ``county_named``: the text also names a
        township or place of the county (then the ``only_alone`` words do not count)."""
        taken: list[tuple[int, int]] = []
        found: list[OutsideMention] = []
        for word, place in self._words:
            start = folded.find(word)
            while start != -1:
                end = start + len(word)
                before = folded[start - 1 : start] if start else ""
                overlaps = any(s < end and start < e for s, e in taken)
                if not overlaps and not (before and before in place.not_after):
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
            return None
        # the most specific place named (原州区 over 固原), then the first
        return min(found, key=lambda mention: (-len(mention.place.name), mention.start))


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
def _read(path: Path) -> tuple[OutsidePlace, ...]:
    raw = safe_load(path.read_text(encoding="utf-8"))
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
