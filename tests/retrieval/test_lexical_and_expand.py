from __future__ import annotations

import pytest

from retrieval.expand import Expander
from retrieval.lexical import BM25Index, query_tokens
from retrieval.text import char_tokens, fold, sentences


def test_fold_turns_traditional_and_full_width_into_simplified_ascii() -> None:
    assert fold("隨遷子女ＡＢＣ１２３") == "随迁子女abc123"


def test_char_tokens_are_unigrams_and_bigrams_without_stop_characters() -> None:
    tokens = char_tokens("我的娃")
    assert "娃" in tokens and "我的" in tokens and "的娃" in tokens
    assert "的" not in tokens and "我" not in tokens
    assert char_tokens("10% 2019") == ["10%", "2019"]


def test_sentences() -> None:
    assert sentences("甲。乙！丙；\n丁") == ["甲。", "乙！", "丙；", "丁"]


def test_bm25_prefers_the_document_with_the_rare_words() -> None:
    index = BM25Index(["建立以居住证为主要依据的随迁子女入学政策", "加强留守儿童关爱保护", "学校标准化建设"])
    scores = index.scores(query_tokens(fold("隨遷子女要居住證嗎"), []))
    assert scores.argmax() == 0
    assert index.scores(query_tokens("驾照", [])).max() == 0


def test_expander_maps_colloquial_and_english_words() -> None:
    expander = Expander.load()
    assert "随迁子女" in expander.expansions(fold("俺在外地打工，娃咋念书"))
    assert "上学" in expander.expansions("娃念书")
    assert "留守儿童" in expander.expansions("left-behind children")
    # the longest key wins: 外地打工 rather than 打工 and 外地 alone
    assert expander.hits("外地打工") == ["外地打工"]
    assert expander.english_coverage("left-behind children") == 1.0
    assert expander.english_coverage("universities ranking") == 0.0
    assert Expander.empty().expansions("娃") == []


def test_the_document_number_asked_in_other_words_reads_as_the_plans_own() -> None:
    # the plan writes 海政发〔2019〕82号 and never the word 文号
    expander = Expander.load()
    for question in ("方案文号多少", "这个文件的发文字号是啥", "几号文"):
        assert "海政发" in expander.expansions(question), question


def test_a_child_missing_the_parents_who_work_away_reads_as_the_left_behind_childrens_care() -> None:
    expander = Expander.load()
    for question in ("想爸妈了找谁说", "孙子天天想他爹妈，夜里偷偷哭"):
        assert "留守儿童" in expander.expansions(question), question


def test_a_good_school_in_the_county_town_asks_of_the_enrolment_zones() -> None:
    expander = Expander.load()
    assert "划片" in expander.expansions("县城的好学校俺们乡下娃能去念不")


@pytest.mark.parametrize("question", ["小孙女耳朵听不见戴着助听器，老师说教不了", "娃坐轮椅能上村小吗", "孩子发育迟缓能去特殊学校不"])
def test_a_disability_named_by_what_the_child_cannot_do_reaches_the_plans_words(question: str) -> None:
    assert "残疾儿童" in Expander.load().expansions(question)


@pytest.mark.parametrize(("question", "word"), [("海原 专递课堂", "在线互动课堂"), ("村小能跟县城学校上同步课堂不", "在线课堂"),
                                                ("小升初 怎么分", "划片"), ("娃升初中去哪念", "就近入学"), ("县城学位紧张", "大班额")])
def test_a_policy_term_of_other_counties_reaches_the_plans_own_word(question: str, word: str) -> None:
    assert word in Expander.load().expansions(question)
    assert word not in Expander.empty().expansions(question)


@pytest.mark.parametrize("question", ["初二 缀学 打工", "控缀保学是谁管"])
def test_a_dropout_written_with_the_character_it_looks_like_reads_as_the_plans_word(question: str) -> None:
    assert "辍学" in Expander.load().expansions(question)
