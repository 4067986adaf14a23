from __future__ import annotations

from bot.pipeline.lookup_gloss import Gloss, vocabulary


def gloss() -> Gloss:
    return Gloss({"registration": ["报名"], "counsel*": ["心理"], "how much": ["多少"]}, ["报名", "一年级", "什么时候", "寄宿生", "多少"])


def test_english_phrases_are_whole_words_with_optional_endings() -> None:
    g = gloss()
    assert g("when is registration?") == "报名"
    assert g("any counselling room") == "心理"
    assert g("how much") == "多少"
    assert g("reregistrations") == ""  # inside another word: not the phrase


def test_pinyin_is_read_against_the_vocabulary_with_or_without_spaces() -> None:
    g = gloss()
    assert g("yinianji baoming shi shenme shihou") == "一年级 报名 什么时候"
    assert g("yi nian ji bao ming") == "一年级 报名"
    assert g("jisusheng duoshao") == "寄宿生 多少"


def test_english_words_break_a_pinyin_run_and_chinese_text_is_left_alone() -> None:
    g = gloss()
    assert g("a bao ming form") == "报名"
    assert g("寄宿生补助多少") == ""  # no Latin letters: nothing to gloss
    assert g("shenmeshihou") == "什么时候"


def test_vocabulary_takes_plain_chinese_words_only() -> None:
    assert vocabulary({"a": ["报名", "re:报.名", "x", "一"], "b": {"c": ["寄宿生"]}}) == {"报名", "寄宿生"}


def test_words_typed_by_sound_are_read_as_the_vocabulary_word() -> None:
    g = Gloss({}, ["报到", "报名", "居住证", "一年级", "几时", "号码", "逃学"], two_char_sounds=["报到", "报名"])
    assert g("新生报道时间") == "报到"
    assert g("报明要带啥") == "报名"
    assert g("居住正没办好") == "居住证"
    assert g("娃上一念级要啥") == "一年级"
    assert g("一学期要交好几十") == ""  # 几时 is not on the two-character list
    assert g("要学籍号吗") == ""  # a particle is never part of a word typed by sound
    assert g("配套学校归谁建") == ""


def test_papers_to_bring_are_materials_but_the_policy_papers_a_plan_is_are_not() -> None:
    g = Gloss.load()
    assert "材料" in g("what documents do i need to enrol my son")
    assert "材料" in g("which papers to bring for registration")
    assert "材料" not in g("which state council and ningxia regional documents is this plan based on?")
    assert "材料" not in g("is the haiyuan plan a public document, and which body signed it?")


def test_a_family_from_elsewhere_said_in_english_reads_as_from_outside() -> None:
    g = Gloss.load()
    assert "外地" in g("we moved to haiyuan for work and have no local hukou")
    assert "外地" in g("his hukou is still in gansu")
    assert "外地" not in g("we are from haiyuan and our hukou is here")


def test_a_word_typed_right_is_no_typo_of_a_variant_spelling_in_the_vocabulary() -> None:
    g = Gloss({}, ["亲情电话", "亲青电话", "报名"])
    assert g("留守儿童 亲情电话") == ""  # 亲青电话 is a variant the look-ups accept, not what was meant
    assert g("亲青电话有没有") == ""  # a variant the vocabulary holds is read as itself
    assert "亲情电话" in g("亲晴电话有没有").split()  # a typo still reads as the word
