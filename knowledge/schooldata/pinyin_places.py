"""Pinyin and English place names (qiying zhen beizui cun; Beizui village in Qiying town) resolved to townships and places.

The index holds every township and place stem as toneless pinyin, all readings of its characters
(堡 bao/bu/pu), joined without spaces; the text's ASCII words are joined in runs of one to four
(so "bei zui" and "beizui" both work), after dropping the words for village/town (cun, zhen,
xiang, village, town, township, community, shequ, jiedao…), also when glued on (beizuicun).
A word that names no place but stands before such a word, or looks like pinyin of two syllables
or more inside a Chinese question, is returned as an unmatched place name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.schooldata.models import ZonePublic
from knowledge.schooldata.place_words import load_place_words
from knowledge.schooldata.typos import common_characters, spellings, toneless

PLACE_WORDS = frozenset({"cun", "village", "community", "shequ", "juweihui", "zu", "group"})
TOWN_WORDS = frozenset({"zhen", "xiang", "town", "township", "jiedao", "street", "subdistrict"})
GLUED_SUFFIXES = ("shequ", "jiedao", "xiang", "zhen", "cun")
MAX_RUN = 4
# names spelled like a common word of an address: xian is 西安 (镇, 村) only with zhen or cun after it, else it is 县
# (or the city, Xi'an)
GENERIC_SPELLINGS = frozenset({"xian"})
# English words that happen to split into pinyin syllables
MAX_VARIANTS = 16
_WORD = re.compile(r"[a-z]+")


def english_words() -> frozenset[str]:
    """English words that read as pinyin syllables (women, change): never a place typed in pinyin (place_words.yaml)."""
    return load_place_words().english_not_pinyin


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Toneless pinyin syllables of the common characters."""
    return frozenset(r for ch in common_characters() for r in toneless(ch))


@lru_cache(maxsize=4096)
def pinyin_syllable_count(word: str) -> int:
    """How many syllables ``word`` splits into (fewest), or 0 if it is not pinyin."""
    known = syllables()
    best = [0] + [10**6] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] < 10**6 and word[start:end] in known:
                best[end] = min(best[end], best[start] + 1)
    return best[-1] if best[-1] < 10**6 else 0


def pinyin_keys(name: str) -> set[str]:
    """All toneless readings of ``name`` joined without spaces (at most MAX_VARIANTS)."""
    return set(spellings(name, limit=MAX_VARIANTS))


@dataclass
class PinyinFind:
    townships: list[str] = field(default_factory=list)
    zones: list[ZonePublic] = field(default_factory=list)  # every zone whose stem was named
    unmatched: list[str] = field(default_factory=list)  # place-like words naming nothing we know

    @property
    def any(self) -> bool:
        return bool(self.townships or self.zones or self.unmatched)


class PinyinPlaces:
    def __init__(
        self,
        zones: Iterable[ZonePublic],
        townships: Iterable[str],
        split_place: Callable[[str], tuple[str, str]],
        township_stem: Callable[[str], str],
    ) -> None:
        syllables()  # built now, not on the first question
        self._places: dict[str, list[ZonePublic]] = defaultdict(list)
        for zone in zones:
            for key in pinyin_keys(split_place(zone.place)[0]):
                self._places[key].append(zone)
        self._towns: dict[str, str] = {}
        for town in townships:
            for key in pinyin_keys(township_stem(town)) | pinyin_keys(town):
                self._towns.setdefault(key, town)

    def find(self, folded: str) -> PinyinFind:
        words = _WORD.findall(folded)
        result = PinyinFind()
        if not words:
            return result
        tokens: list[tuple[str, str]] = []  # (word, kind: name / place / town)
        for word in words:
            glued = next((s for s in GLUED_SUFFIXES if word.endswith(s) and len(word) > len(s) + 2), "")
            if word in PLACE_WORDS or word in TOWN_WORDS:
                tokens.append((word, "place" if word in PLACE_WORDS else "town"))
            elif glued and (word[: -len(glued)] in self._places or word[: -len(glued)] in self._towns):
                tokens.append((word[: -len(glued)], "name"))
                tokens.append((glued, "place" if glued in PLACE_WORDS else "town"))
            else:
                tokens.append((word, "name"))
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in folded)
        place_words = load_place_words()
        prose = sum(word in place_words.english_prose for word in words) >= 2
        place_word = any(kind == "place" for _, kind in tokens)
        i = 0
        while i < len(tokens):
            word, kind = tokens[i]
            if kind != "name":
                i += 1
                continue
            matched = False
            for j in range(min(len(tokens), i + MAX_RUN), i, -1):
                run = tokens[i:j]
                if any(k != "name" for _, k in run):
                    continue
                key = "".join(w for w, _ in run)
                after = tokens[j][1] if j < len(tokens) else ""
                if key in self._towns and after != "place" and (key not in GENERIC_SPELLINGS or after == "town"):
                    result.townships.append(self._towns[key])
                elif key in self._places and after != "town" and (key not in GENERIC_SPELLINGS or after == "place"):
                    result.zones.extend(z for z in self._places[key] if z not in result.zones)
                else:
                    continue
                matched, i = True, j
                break
            if matched:
                continue
            after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
            syllable_count = pinyin_syllable_count(word)
            long_pinyin = syllable_count >= 2 and len(word) >= 5 and word not in english_words()
            whose = word in place_words.pinyin_not_names  # women cun: our village, not a village named women
            # in a question typed all in pinyin, an unknown name stands next to its place word (… zhen XXX cun); the
            # other long words are the question's own (women cun li xuexiao yuan: 学校). English prose names it anywhere
            # (Our village is Liujiazhuang in Jiatang township)
            beside = prose or after in {"place", "town"} or (i > 0 and tokens[i - 1][1] == "town")
            if (after == "place" and syllable_count >= 2 and not whose) or (long_pinyin and (chinese or (place_word and beside))):
                result.unmatched.append(word)
            i += 1
        result.townships = list(dict.fromkeys(result.townships))
        return result
