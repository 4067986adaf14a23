"""The phonetic vocabulary read back from its cache equals a fresh build, and a change of texts rebuilds it."""

from __future__ import annotations

from pathlib import Path

from retrieval.phonetic import PhoneticFolder
from retrieval.phonetic_cache import cached_folder

TEXTS = ["建立家庭经济困难学生资助体系，落实两免一补政策", "推进校长教师交流轮岗，交流轮岗比例不低于10%",
         "寄宿制学校寄宿生生活补助", "四统一：统一城乡义务教育学校建设标准", "两免一补和寄宿生生活补助按规定发放"]


def known(_token: str) -> bool:
    return False


def test_cache_round_trip_equals_a_fresh_build(tmp_path: Path) -> None:
    fresh = PhoneticFolder.build(TEXTS, known)
    first = cached_folder(tmp_path, TEXTS, known)
    assert len(list(tmp_path.glob("phonetic-*.json"))) == 1
    again = cached_folder(tmp_path, TEXTS, known)
    for folder in (first, again):
        assert (folder.sounds, folder.words, folder.numerals, folder.spelled) == (fresh.sounds, fresh.words, fresh.numerals, fresh.spelled)
    assert again.expansions("交流论岗咋回事") == fresh.expansions("交流论岗咋回事") and "轮岗" in "".join(fresh.expansions("交流论岗咋回事"))


def test_other_texts_rebuild_and_replace_the_cache(tmp_path: Path) -> None:
    cached_folder(tmp_path, TEXTS, known)
    changed = [*TEXTS, "营养改善计划营养改善计划"]
    folder = cached_folder(tmp_path, changed, known)
    assert "营养改善" in folder.words
    assert len(list(tmp_path.glob("phonetic-*.json"))) == 1


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    cached_folder(tmp_path, TEXTS, known)
    next(tmp_path.glob("phonetic-*.json")).write_text("{not json", encoding="utf-8")
    assert cached_folder(tmp_path, TEXTS, known).words == PhoneticFolder.build(TEXTS, known).words
