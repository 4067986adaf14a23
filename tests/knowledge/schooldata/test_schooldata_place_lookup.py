"""Place resolution for look-ups: the measured typo threshold, pinyin/English names, unknown and outside places."""

from __future__ import annotations

import pytest

from knowledge.schooldata import SchoolDirectory
from knowledge.schooldata.gazetteer import load_gazetteer
from knowledge.schooldata.outside import OutsidePlaces
from knowledge.schooldata.pinyin_places import pinyin_syllable_count
from knowledge.schooldata.typos import TYPO_THRESHOLD, measure, pick_threshold, typo_pairs, typo_score


@pytest.fixture(scope="module")
def directory() -> SchoolDirectory:
    from bot.settings import DEFAULT_SCHOOL_DATA_DIR

    return SchoolDirectory.from_data_dir(DEFAULT_SCHOOL_DATA_DIR)


def test_typo_threshold_is_the_one_measured_on_pairs_from_the_data(directory: SchoolDirectory) -> None:
    gazetteer = load_gazetteer()
    pairs = typo_pairs({gazetteer.split_place(zone.place)[0] for zone in directory.zones})
    assert {pair.how for pair in pairs} == {"homophone", "deletion", "other-name", "other-character"}
    picked = pick_threshold(pairs)
    assert picked.threshold == TYPO_THRESHOLD
    result = measure(pairs)
    print(result.line())
    assert result.precision >= 0.98 and result.recall >= 0.95
    # the only negatives above the threshold are real names that sound alike (刘湾/柳湾): an exact match wins those
    assert all(pair.how == "other-name" for pair in result.false_positives)


def test_typo_score_examples() -> None:
    assert typo_score("驼场", "脱场") >= TYPO_THRESHOLD  # homophone
    assert typo_score("苏湾", "苏家湾") >= TYPO_THRESHOLD  # a dropped character
    assert typo_score("桃园", "菜园") < TYPO_THRESHOLD  # another name, not a typo (桃 is not 菜)
    assert typo_score("脱汤", "脱场") < TYPO_THRESHOLD


@pytest.mark.parametrize(
    ("text", "status", "places", "name"),
    [
        ("七营镇杨堡村的娃", "found", [("七营镇", "杨堡村")], ""),
        ("驼场村的娃上初中去哪搭", "found", [("关桥乡", "脱场村")], ""),
        ("苏湾村娃上学", "found", [("曹洼乡", "苏家湾村")], ""),
        ("张湾村的娃上哪", "ambiguous", [("关桥乡", "张湾村"), ("西安镇", "张湾村")], ""),
        ("俺家在桃园村", "unknown", [], "桃园村"),
        ("住在县城康乐社区", "unknown", [], "康乐社区"),
        ("红星村娃上学", "unknown", [], "红星村"),
        ("关桥乡北咀村的娃", "unknown", [("七营镇", "北咀村")], "北咀村"),  # the name exists, not in that township
        ("qiying zhen beizui cun", "found", [("七营镇", "北咀村")], ""),
        ("qiyingzhen beizuicun", "found", [("七营镇", "北咀村")], ""),
        ("Beizui village in Qiying town", "found", [("七营镇", "北咀村")], ""),
        ("三河镇 yangjiazhuang 的娃", "unknown", [], "yangjiazhuang"),
        ("固原原州区南关社区", "outside_county", [], "原州区"),
        ("xiji county", "outside_county", [], "西吉县"),  # said in Chinese in the reply,
        ("中卫市海原县七营镇北咀村", "found", [("七营镇", "北咀村")], ""),
        ("甘盐池村的娃", "found", [("甘盐池管委会", "甘盐池村")], ""),
        ("我家住在七营镇", None, [], ""),
        ("农村娃上学要钱吗", None, [], ""),
        ("城里学校老师每学年要下乡交流的比例有要求不", None, [], ""),  # 下乡 is going to the countryside, not a township
        ("城乡学校统一标准吗", None, [], ""),
        # who heard or thinks it stands before 村/乡 without naming a place
        ("听说村小都要撤了是吧", None, [], ""),
        ("我寻思村里的教学点不会撤吧", None, [], ""),
        # whose village (women cun: 我们村) and the question's own pinyin words (xuexiao) name no village
        ("women cun li xuexiao yuan, haizi meitian zou shanlu", None, [], ""),
        ("We live in a remote mountain village. Can my child go to school in the county town?", None, [], ""),
        # …but English prose names an unknown village anywhere, and pinyin beside its cun
        ("Our village is Liujiazhuang in Jiatang township, which school?", "unknown", [], "liujiazhuang"),
        ("qiying zhen lalagou cun de haizi shang na", "unknown", [], "lalagou"),
    ],
)
def test_resolve_place(directory: SchoolDirectory, text: str, status: str | None, places: list[tuple[str, str]], name: str) -> None:
    result = directory.resolve_place(text)
    assert result.status == status
    assert [(zone.township, zone.place) for zone in result.zones] == places
    assert result.name == name


def test_outside_places_prefer_the_most_specific_and_respect_haiyuan_names() -> None:
    outside = OutsidePlaces.load()
    mention = outside.find("固原原州区南关社区")
    assert mention is not None and mention.place.bureau == "固原市原州区教育局"
    assert outside.find("甘盐池村") is None  # 甘盐池 is in the county; 盐池县 is not
    assert outside.find("盐池县的娃") is not None
    assert outside.find("中卫市海原县", county_named=True) is None
    assert outside.find("我家住西安镇") is None


def test_outside_names_typed_by_sound_with_their_ending(directory: SchoolDirectory) -> None:
    outside = OutsidePlaces.load()
    for typed, bureau in (("西机县的娃", "西吉县教育局"), ("三赢镇", "固原市原州区教育局"), ("静远县北滩镇", "靖远县教育局")):
        mention = outside.find(typed)
        assert mention is not None and mention.place.bureau == bureau, typed
    assert outside.find("同新的娃") is None  # two characters without the ending sound like too many words
    assert outside.find("同心村") is None  # the ending is part of the name
    # 校和乡 sounds like 硝河乡, but its 乡 opens 乡镇: 学校和乡镇 names no place
    assert outside.find("小规模学校和乡镇寄宿制学校咋安排") is None
    assert outside.find("硝和乡的娃") is not None  # the name typed by sound still counts
    # no place of the county, with or without its township, sounds like a name outside it
    names = {zone.place for zone in directory.zones} | {zone.township + zone.place for zone in directory.zones}
    names |= {zone.township for zone in directory.zones} | {school.name for school in directory.schools}
    assert [name for name in sorted(names) if outside.find(name) is not None] == []


def test_neighbouring_towns_with_their_ending_are_outside_and_the_county_s_villages_are_not() -> None:
    outside = OutsidePlaces.load()
    for typed, bureau in (("新堡镇", "中宁县教育局"), ("北滩镇", "靖远县教育局"), ("马莲乡", "西吉县教育局"), ("大沟镇", "会宁县教育局")):
        mention = outside.find(typed)
        assert mention is not None and mention.place.bureau == bureau, typed
    assert outside.find("海原县石门乡的娃") is None  # after the county's own name: the county's, asked back as unknown
    for village in ("曹洼乡新堡村", "甘盐池北滩村", "七营镇马莲村", "九彩乡大沟村", "新堡村", "白崖村"):
        assert outside.find(village) is None, village


def test_pinyin_syllables() -> None:
    assert pinyin_syllable_count("beizui") == 2
    assert pinyin_syllable_count("school") == 0


def test_the_countys_own_name_is_no_outside_place_inside_another_word() -> None:
    # 想上海原五中: the characters of 海原 are the county's, so 上海 is not named
    outside = OutsidePlaces.load()
    assert outside.find("娃六年级毕业了 想上海原五中 能行不") is None
    found = outside.find("从上海回来的娃能在海原上学不")
    assert found is not None and found.matched_text == "上海"
