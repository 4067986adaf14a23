"""Personal data is replaced before anything is stored; normal policy talk is left alone."""

from __future__ import annotations

import pytest

from bot.redact import RedactionResult, load_rules, redact
from bot.redact_names import NameTagger


@pytest.mark.parametrize(
    ("text", "expected", "found"),
    [
        # ID numbers: 18 digits (X/x check digit), grouped, and old 15-digit ones
        ("身份证640522199001011234", "身份证[身份证号]", ["身份证号"]),
        ("身份证号码是64052219900101123x。", "身份证号码是[身份证号]。", ["身份证号"]),
        ("身份证号码是640522 19900101 123X", "身份证号码是[身份证号]", ["身份证号"]),
        ("老身份证640522900101123", "老身份证[身份证号]", ["身份证号"]),
        ("学籍号G64052220150101123X", "学籍号G[身份证号]", ["身份证号"]),
        # mobiles: plain, +86/86, spaces and dashes inside
        ("手机13812345678", "手机[手机号]", ["手机号"]),
        ("手机+86 138 1234 5678", "手机[手机号]", ["手机号"]),
        ("8613812345678", "[手机号]", ["手机号"]),
        ("打138-1234-5678找我", "打[手机号]找我", ["手机号"]),
        ("138 1234 5678 和 139 1234 5678", "[手机号] 和 [手机号]", ["手机号", "手机号"]),
        # landlines
        ("教育局电话0955-1234567", "教育局电话[电话]", ["电话"]),
        ("电话：0955 1234567", "电话：[电话]", ["电话"]),
        ("(0955)12345678", "[电话]", ["电话"]),
        ("学校电话5012345", "学校电话[电话]", ["电话"]),
        # bank cards
        ("卡号6222021234567890123请问", "卡号[银行卡号]请问", ["银行卡号"]),
        ("卡号 6222 0212 3456 7890 123 对吗", "卡号 [银行卡号] 对吗", ["银行卡号"]),
        ("卡号6222021234567890", "卡号[银行卡号]", ["银行卡号"]),
        # email and usernames
        ("邮箱abc.def@qq.com谢谢", "邮箱[邮箱]谢谢", ["邮箱"]),
        ("13812345678@163.com", "[邮箱]", ["邮箱"]),
        ("联系我@haiyuan_dad", "联系我[用户名]", ["用户名"]),
        ("微信号 wxid_abc123", "微信号 [用户名]", ["用户名"]),
        # addresses: keep the village / road, drop the detail
        ("我家在关桥乡脱烈村三组", "我家在关桥乡脱烈村[地址]", ["地址"]),
        ("脱烈村3队25号的", "脱烈村[地址]的", ["地址"]),
        ("海城镇南关村5号", "海城镇南关村[地址]", ["地址"]),
        ("住在文昌路12号", "住在文昌路[地址]", ["地址"]),
        ("住在文昌路12号3号楼2单元501室", "住在文昌路[地址]", ["地址"]),
        ("住在3号楼2单元501室", "住在[地址]", ["地址"]),
        # names after the introducing phrases
        ("我叫马小明想问一下入学", "我叫[姓名]想问一下入学", ["姓名"]),
        ("孩子叫马晓燕读几年级", "孩子叫[姓名]读几年级", ["姓名"]),
        ("我家娃叫虎子", "我家娃叫[姓名]", ["姓名"]),
        ("俺娃叫马一鸣，上三年级", "俺娃叫[姓名]，上三年级", ["姓名"]),
        ("我儿子叫欧阳明明今年7岁", "我儿子叫[姓名]今年7岁", ["姓名"]),
        ("我女儿叫 马丽", "我女儿叫 [姓名]", ["姓名"]),
        ("孙子叫马强在关桥上学", "孙子叫[姓名]在关桥上学", ["姓名"]),
        ("名字是王芳芳，", "名字是[姓名]，", ["姓名"]),
        ("姓名：小明", "姓名：[姓名]", ["姓名"]),
        ("姓名马小明", "姓名[姓名]", ["姓名"]),
        ("我是马小龙的家长", "我是[姓名]的家长", ["姓名"]),
    ],
)
def test_each_kind_is_replaced(text: str, expected: str, found: list[str]) -> None:
    result = redact(text)
    assert result == RedactionResult(expected, found)
    assert result.changed


def test_numbers_embedded_without_spaces() -> None:
    result = redact("我娃身份证是64052219900101123X电话13812345678")
    assert result.text == "我娃身份证是[身份证号]电话[手机号]"
    assert result.found == ["身份证号", "手机号"]


def test_many_kinds_in_one_message() -> None:
    text = (
        "我叫马小明，家住关桥乡脱烈村三组，电话13812345678，座机0955-1234567，"
        "孩子身份证640522201501011234，卡号6222021234567890123，邮箱a@b.cn"
    )
    result = redact(text)
    assert result.text == (
        "我叫[姓名]，家住关桥乡脱烈村[地址]，电话[手机号]，座机[电话]，"
        "孩子身份证[身份证号]，卡号[银行卡号]，邮箱[邮箱]"
    )
    assert sorted(result.found) == sorted(["姓名", "地址", "手机号", "电话", "身份证号", "银行卡号", "邮箱"])
    for raw in ("13812345678", "1234567", "640522201501011234", "6222021234567890123", "马小明", "三组"):
        assert raw not in result.text


def test_id_wins_over_bank_card_and_phone() -> None:
    # 18 digits are an ID, not a bank card; the phone inside it is not found separately
    assert redact("640522199001011381").found == ["身份证号"]
    assert redact("6222021234567890").found == ["银行卡号"]


def test_full_width_digits_are_folded() -> None:
    assert redact("手机１３８１２３４５６７８").text == "手机[手机号]"


@pytest.mark.parametrize(
    "text",
    [
        "2019年招生100人，占10%，补助1000元",
        "依据海政发〔2019〕82号文件",
        "宁教发〔2020〕15号和第18号令",
        "9月1号开学，你知道3号吗",
        "2019-2020学年第一学期",
        "投资3000万元建设1000个学位",
        "请拨打12345热线",
        "教学楼3层",
        "三室两厅的房子能落户吗",
        "转学需要提供户口本、房产证（2019年9月1日前）",
        "初中每生每年补助1250元，小学1000元",
        "随迁子女入学需要居住证满6个月",
        "",
    ],
)
def test_policy_talk_is_not_redacted(text: str) -> None:
    assert redact(text) == RedactionResult(text, [])


@pytest.mark.parametrize(
    "text",
    [
        "我是家长",
        "我是老师",
        "我是外地的",
        "我是学生",
        "我是本地人",
        "我是农民",
        "我是打工的",
        "我是孩子的爷爷",
        "我是奶奶，孙子上学的事",
        "我是海原人",
        "我是关桥乡的",
        "我是高一学生",
        "我是一名教师",
        "我是建档立卡户",
        "我是马老师",
        "我是孙子",
        "我是文昌路的",
        "孩子叫什么名字",
        "把娃叫回来",
        "我叫孩子去上学",
        "姓名和身份证号都要吗",
        "姓名写错了怎么办",
        "孩子叫马上回家",
    ],
)
def test_role_words_and_normal_speech_are_not_names(text: str) -> None:
    assert redact(text) == RedactionResult(text, [])


def test_stoplist_comes_from_yaml() -> None:
    rules = load_rules()
    for word in ("家长", "老师", "学生", "外地", "本地", "农民", "打工", "爷爷", "奶奶"):
        assert word in rules.names.stop_prefixes
    assert "我是" in rules.names.weak


def test_redaction_is_idempotent() -> None:
    once = redact("我叫马小明，电话13812345678，住脱烈村三组，@someone")
    assert redact(once.text) == RedactionResult(once.text, [])


def test_clean_texts_are_remembered_and_texts_with_personal_data_never_are() -> None:
    from bot.redact import Redactor

    class CountingTagger(NameTagger):
        def __init__(self) -> None:
            self.calls = 0

        def person_spans(self, text: str) -> list[tuple[int, int]]:
            self.calls += 1
            return super().person_spans(text)

    tagger = CountingTagger()
    redactor = Redactor(tagger=tagger, clean_cache_size=2)
    clean = "我家孩子叫什么名字都行，学区怎么划？"
    first = redactor.redact(clean)
    assert redactor.redact(clean) == first and tagger.calls == 1  # the second time: no tagger
    personal = "俺孙子马小龙的电话13812345678"
    assert redactor.redact(personal) == redactor.redact(personal) and redactor.redact(personal).found
    assert personal not in redactor._clean and clean in redactor._clean
    redactor.redact("学区是怎么划分的")
    redactor.redact("两免一补是什么")
    assert list(redactor._clean) == ["学区是怎么划分的", "两免一补是什么"]  # bounded, least recently used out


def test_texts_with_personal_data_are_redacted_once_and_only_their_redacted_form_is_kept() -> None:
    from bot.redact import Redactor

    class CountingTagger(NameTagger):
        def __init__(self) -> None:
            self.calls = 0

        def person_spans(self, text: str) -> list[tuple[int, int]]:
            self.calls += 1
            return super().person_spans(text)

    tagger = CountingTagger()
    redactor = Redactor(tagger=tagger, clean_cache_size=2)
    personal = "俺孙子马小龙的电话13812345678"
    first = redactor.redact(personal)
    again = redactor.redact(personal)
    assert again == first and first.found and "13812345678" not in first.text
    assert tagger.calls == 1  # the second time from memory
    held = repr(redactor._redacted) + repr(redactor._clean)
    assert "13812345678" not in held and "马小龙" not in held  # a keyed digest and the redacted text only
    assert Redactor(tagger=tagger).redact(personal) == first  # another process's key: the same result
    for other in ("电话13900000001", "电话13900000002"):
        redactor.redact(other)
    assert len(redactor._redacted) == 2  # bounded


def test_an_answer_is_redacted_without_the_tagger_and_loses_the_questions_names() -> None:
    from bot.redact import Redactor

    class CountingTagger(NameTagger):
        def __init__(self) -> None:
            self.texts: list[str] = []

        def person_spans(self, text: str) -> list[tuple[int, int]]:
            self.texts.append(text)
            return super().person_spans(text)

    tagger = CountingTagger()
    redactor = Redactor(tagger=tagger)
    question = "俺孙子马小龙在七营镇上学，他爸电话13812345678，要带啥"
    asked = redactor.redact(question)
    assert "马小龙" not in asked.text and "13812345678" not in asked.text
    answer = "（听到您说：“马小龙在七营镇上学”）学生入学要准备户口簿；马小龙的家长可拨打13812345678咨询。"  # no cue before the name here
    result = redactor.redact_answer(answer, question)
    assert "马小龙" not in result.text and "13812345678" not in result.text and "户口簿" in result.text
    assert all(answer not in text for text in tagger.texts)  # the tagger never read the answer
    plain = "学生入学要准备户口簿、出生医学证明。"  # 学生 is a name cue for the tagger
    assert redactor.redact_answer(plain, "入学要带啥") == RedactionResult(plain, [])
    assert all(plain not in text for text in tagger.texts)
    cued = redactor.redact_answer("我孙子叫马小虎，他该上哪个学校", "学区怎么划")  # the cue rules still apply
    assert "马小虎" not in cued.text
