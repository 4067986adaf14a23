"""``spellings``: the one helper that spells names and words in toneless pinyin for the place index, the places
outside the county, the school names and the look-up gloss."""

from __future__ import annotations

from bot.pipeline.lookup_gloss import Gloss
from knowledge.schooldata.outside import OutsidePlaces, _pinyin_keys
from knowledge.schooldata.pinyin_places import pinyin_keys
from knowledge.schooldata.typos import spellings


def test_every_reading_or_the_usual_one() -> None:
    every = spellings("堡子")
    assert {"baozi", "buzi", "puzi"} <= set(every)
    assert spellings("堡子", usual=True) == ["baozi"]
    assert len(spellings("堡堡堡", limit=4)) == 4


def test_a_character_without_a_reading() -> None:
    assert spellings("3村") == ["3cun"]  # stands for itself when every reading is taken
    assert spellings("3村", usual=True) == []  # a typed word with no reading is not guessed


def test_the_place_index_the_outside_places_and_the_gloss_spell_alike() -> None:
    assert pinyin_keys("北咀") == set(spellings("北咀"))
    assert "jingyuan" in _pinyin_keys("靖远县") and _pinyin_keys("靖远县") <= set(spellings("靖远", usual=True)) | set(
        spellings("靖远县", usual=True))
    assert OutsidePlaces.load().find("wo jia zai jing yuan") is not None
    assert "报名" in Gloss.load()("baoming shijian")
