"""Whether words written before 村/乡/小区 can be a place's name (place_words.yaml): a phrase that ends in 村
or 乡 (学校和村, 管着三个村, 新建小区) is never reported as an unknown place."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.yamlload import safe_load

PLACE_WORDS_FILE = Path(__file__).resolve().with_name("place_words.yaml")


@dataclass(frozen=True)
class PlaceWords:
    never_in_name: frozenset[str]
    not_inside_name: frozenset[str]
    descriptive_endings: tuple[str, ...]
    ordinary_after_suffix: dict[str, tuple[str, ...]]
    schooling_after_suffix: dict[str, tuple[str, ...]]
    not_names: frozenset[str]
    not_bare_names: frozenset[str]
    child_words: tuple[str, ...]
    other_person_words: tuple[str, ...]
    english_not_pinyin: frozenset[str]
    english_prose: frozenset[str] = frozenset()
    pinyin_not_names: frozenset[str] = frozenset()

    def plausible(self, name: str) -> bool:
        """``name``: the characters before the suffix. False for a phrase, a count or a description."""
        if not name or any(ch in self.never_in_name for ch in name):
            return False
        if any(ch in self.not_inside_name for ch in name[2:]):
            return False  # 学校和, 远程给: two words joined; but 和平, 向阳, 民和 are names
        return not any(name.endswith(word) for word in self.descriptive_endings)

    def ordinary_word(self, suffix: str, after: str) -> bool:
        """村 in 村上/村民/村干部, 乡 in 乡下/乡里: ``after`` is the text right after the suffix (but 村上学 is a village's
        child going to school)."""
        if any(after.startswith(word) for word in self.schooling_after_suffix.get(suffix, ())):
            return False
        return any(after.startswith(word) for word in self.ordinary_after_suffix.get(suffix, ()))


@lru_cache(maxsize=1)
def load_place_words(path: Path = PLACE_WORDS_FILE) -> PlaceWords:
    raw = safe_load(path.read_text(encoding="utf-8")) or {}

    def chars(key: str) -> frozenset[str]:
        return frozenset(str(word) for word in raw.get(key) or ())

    return PlaceWords(
        never_in_name=chars("never_in_name"),
        not_inside_name=chars("not_inside_name"),
        descriptive_endings=tuple(sorted((str(w) for w in raw.get("descriptive_endings") or ()), key=len, reverse=True)),
        ordinary_after_suffix={str(k): tuple(str(w) for w in v) for k, v in (raw.get("ordinary_after_suffix") or {}).items()},
        schooling_after_suffix={str(k): tuple(str(w) for w in v) for k, v in (raw.get("schooling_after_suffix") or {}).items()},
        not_names=chars("not_names"),
        not_bare_names=chars("not_bare_names"),
        child_words=tuple(str(word) for word in raw.get("child_words") or ()),
        other_person_words=tuple(str(word) for word in raw.get("other_person_words") or ()),
        english_not_pinyin=chars("english_not_pinyin"),
        english_prose=chars("english_prose"),
        pinyin_not_names=chars("pinyin_not_names"),
    )
