"""PlaceMatcher on its own: a few zones, the shipped gazetteer, no directory around it."""

from __future__ import annotations

import datetime as dt

from knowledge.ingest.script import fold
from knowledge.schooldata.gazetteer import load_gazetteer
from knowledge.schooldata.models import ZonePublic
from knowledge.schooldata.place_matcher import PlaceMatcher


def zone(township: str, place: str) -> ZonePublic:
    return ZonePublic(
        township=township,
        place=place,
        place_type="社区" if place.endswith("社区") else "行政村",
        primary_school_id="P",
        junior_school_id="J",
        as_of=dt.date(2024, 9, 1),
    )


ZONES = [zone("关桥乡", "脱场村"), zone("关桥乡", "团结村"), zone("七营镇", "高崖村"), zone("高崖乡", "高崖村")]


def matcher() -> PlaceMatcher:
    gaz = load_gazetteer()
    return PlaceMatcher(ZONES, gaz, fold, {"关桥", "七营", "高崖"})


def found(text: str, mentioned: frozenset[str] = frozenset()) -> list[tuple[str, str, str, float, bool]]:
    folded = fold(text, drop_spaces=True)
    matches = matcher().match(folded, folded, set(mentioned), set(mentioned))
    return [(m.township, m.place, m.method, m.confidence, m.ambiguous) for m in matches]


def test_exact_name_homophone_and_typo() -> None:
    assert found("脱场村") == [("关桥乡", "脱场村", "exact", 1.0, False)]
    assert found("俺是脱场的") == [("关桥乡", "脱场村", "name", 0.9, False)]
    assert found("驼场村") == [("关桥乡", "脱场村", "homophone", 0.85, False)]
    [(town, place, method, confidence, _)] = found("脱汤村")
    assert (town, place, method) == ("关桥乡", "脱场村", "typo") and 0.5 <= confidence < 0.7


def test_generic_stems_need_their_suffix() -> None:
    assert found("大家要团结") == []
    assert found("团结村") == [("关桥乡", "团结村", "exact", 1.0, False)]


def test_the_same_name_in_two_townships_is_ambiguous_unless_one_is_named() -> None:
    assert sorted(found("高崖村")) == [("七营镇", "高崖村", "exact", 1.0, True), ("高崖乡", "高崖村", "exact", 1.0, True)]
    assert found("高崖村", frozenset({"七营镇"})) == [("七营镇", "高崖村", "exact", 1.0, False)]


def test_zones_named_finds_a_place_with_or_without_suffix() -> None:
    assert [z.township for z in matcher().zones_named("脱场")] == ["关桥乡"]
    assert [z.township for z in matcher().zones_named("高崖村")] == ["七营镇", "高崖乡"]
    assert matcher().zones_named("不存在村") == []
