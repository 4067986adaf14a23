from __future__ import annotations

from pypinyin import Style, pinyin

from knowledge.schooldata.sounds import is_cjk, primary_reading, readings


def test_readings_are_pypinyins_for_every_character() -> None:
    """The table read as data gives what pypinyin.pinyin gives, character by character (all of CJK)."""
    checked = 0
    for code in range(0x3400, 0xA000):
        ch = chr(code)
        if not is_cjk(ch):
            continue
        expected = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
        assert readings(ch) == frozenset(r for r in expected if r.isascii() and r.isalpha()), ch
        usual = pinyin(ch, style=Style.NORMAL)[0]
        assert primary_reading(ch) == (usual[0] if usual else ch), ch
        checked += 1
    assert checked > 27_000
    assert readings("绿") == frozenset({"lv", "lu"}) and primary_reading("堡") == "bao"
    assert readings("a") == frozenset() and primary_reading("a") == "a"
