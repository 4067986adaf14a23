"""The county's gazetteer (township aliases, name suffixes, generic village stems), read from gazetteer.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from knowledge.yamlload import safe_load

GAZETTEER_FILE = Path(__file__).resolve().with_name("gazetteer.yaml")


@dataclass(frozen=True)
class Gazetteer:
    """Place-name words of the county; see gazetteer.yaml for what each one means."""

    county: str
    county_short: str
    township_suffixes: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    township_stem_stoplist: frozenset[str]
    township_aliases: Mapping[str, tuple[str, ...]]
    weak_township_aliases: Mapping[str, tuple[str, ...]]
    generic_stems: frozenset[str]
    short_school_not_after: str
    short_school_not_before: str
    school_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # school_id -> names people use
    character_variants: tuple[str, ...] = ()  # pairs of characters written for one another in place names (咀嘴)

    def split_place(self, name: str) -> tuple[str, str]:
        """关桥村 -> (关桥, 村); 南关社区 -> (南关, 社区)."""
        for suffix in self.place_suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                return name[: -len(suffix)], suffix
        return name, ""

    def township_stem(self, name: str) -> str:
        """关桥乡 -> 关桥 (a one-character stem keeps its suffix: 西乡 stays 西乡)."""
        for suffix in self.township_suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name


def _words(raw: object, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) and item for item in raw):
        raise ValueError(f"gazetteer: {key} must be a list of words")
    return tuple(raw)


def _aliases(raw: object, key: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"gazetteer: {key} must map a township to a list of names")
    return {str(town): _words(names, f"{key}.{town}") for town, names in raw.items()}


def _text(raw: object, key: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise ValueError(f"gazetteer: {key} must be a non-empty string")
    return raw


def parse_gazetteer(text: str) -> Gazetteer:
    """A ``Gazetteer`` from the YAML text; a missing or malformed entry raises ``ValueError``."""
    raw = safe_load(text)
    if not isinstance(raw, dict):
        raise ValueError("gazetteer: expected a mapping")
    return Gazetteer(
        county=_text(raw.get("county"), "county"),
        county_short=_text(raw.get("county_short"), "county_short"),
        township_suffixes=_words(raw.get("township_suffixes"), "township_suffixes"),
        place_suffixes=_words(raw.get("place_suffixes"), "place_suffixes"),
        township_stem_stoplist=frozenset(_words(raw.get("township_stem_stoplist") or [], "township_stem_stoplist")),
        township_aliases=_aliases(raw.get("township_aliases"), "township_aliases"),
        weak_township_aliases=_aliases(raw.get("weak_township_aliases"), "weak_township_aliases"),
        generic_stems=frozenset(_words(raw.get("generic_stems") or [], "generic_stems")),
        short_school_not_after=_text(raw.get("short_school_not_after"), "short_school_not_after"),
        short_school_not_before=_text(raw.get("short_school_not_before"), "short_school_not_before"),
        school_aliases=_aliases(raw.get("school_aliases"), "school_aliases"),
        character_variants=_variants(raw.get("character_variants")),
    )


def _variants(raw: object) -> tuple[str, ...]:
    pairs = _words(raw or [], "character_variants")
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("gazetteer: character_variants must be pairs of two characters (咀嘴)")
    return pairs


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = GAZETTEER_FILE) -> Gazetteer:
    """Read and check the gazetteer file once per path."""
    return parse_gazetteer(path.read_text(encoding="utf-8"))
