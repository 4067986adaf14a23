"""Words no source uses (bot/pipeline/unheard.py): content words of what is asked about whose every two-character piece
is unknown to the index and that the synonyms do not know."""

from __future__ import annotations

from bot.pipeline.unheard import UnheardWords
from retrieval.expand import Expander

KNOWN = {"轮岗", "县城", "教师", "学校", "营养", "养餐", "宿舍", "上学", "职称", "高级", "网络", "升级"}


def idf(gram: str) -> float:
    return 1.0 if gram in KNOWN else 0.0


def test_a_noun_no_source_uses_is_unheard() -> None:
    words = UnheardWords(idf, Expander({}))
    assert words("在县城自己办补课班") == ["补课班"]
    assert words("拿营养餐的钱给娃买校服") == ["校服"]


def test_known_pieces_synonyms_misspellings_and_cut_pieces_are_heard() -> None:
    words = UnheardWords(idf, Expander({"念书": ("上学",)}), spelled=lambda w: ["百兆"] if w == "白兆" else [])
    assert words("评上高级职称") == []  # 高级 is known: a compound of known words is heard
    assert words("把娃带到那个学校念书") == []  # 念书 is a synonym of 上学
    assert words("网络升级到白兆") == []  # a whole domain word mistyped
    assert words("随便改做别的") == []  # no noun at all
    assert words("出面不", verb_first=True) == []  # right after 能: what is to be done, though tagged a noun
    assert words("办补课班", verb_first=True) == ["补课班"]
