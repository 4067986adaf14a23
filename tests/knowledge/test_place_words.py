from __future__ import annotations

import pytest

from knowledge.schooldata.place_words import load_place_words


@pytest.mark.parametrize("name", ["学校跟", "管着五个", "城里老师给", "新开发", "某某", "他们也在", "老师带", "一所", "乡有两所", "她们"])
def test_a_phrase_before_the_suffix_is_no_name(name: str) -> None:
    assert not load_place_words().plausible(name)


@pytest.mark.parametrize("name", ["北咀", "和平", "向阳", "刘大庄", "二百户", "民和"])
def test_a_name_is_a_name(name: str) -> None:
    assert load_place_words().plausible(name)


def test_ordinary_words_after_the_suffix() -> None:
    words = load_place_words()
    assert words.ordinary_word("村", "干部说") and words.ordinary_word("乡", "下学校")
    assert not words.ordinary_word("村", "的娃")
