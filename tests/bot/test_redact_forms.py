"""Personal data as people really write it is redacted; place names and pinyin questions survive."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bot.answer import Asker
from bot.assistant import Assistant
from bot.conversation import ConversationStore
from bot.core import AssistantCore
from bot.querylog import QueryLog
from bot.redact import Redactor
from bot.redact_names import NameTagger
from bot.redact_vocab import gazetteer_words
from bot.reports.export import export
from bot.settings import DEFAULT_SCHOOL_DATA_DIR


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(gazetteer_words(DEFAULT_SCHOOL_DATA_DIR))


# (text, raw values that must be gone, the redacted text)
FORMS = [
    ("身份证640522 2015 0312 1230", ["640522", "0312 1230"], "身份证[身份证号]"),
    ("身份证号六四零五二二二零一五零三一二一二三零", ["六四零五二二"], "身份证号[身份证号]"),
    ("证号６４０５２２２０１５０３１２１２３Ｘ", ["640522"], "证号[身份证号]"),
    ("老身份证 640522 900101 123", ["640522"], "老身份证 [身份证号]"),
    ("电话138.1234.5678", ["138.1234", "5678"], "电话[手机号]"),
    ("电话 1 3 8 1 2 3 4 5 6 7 8 谢谢", ["1 3 8 1"], "电话 [手机号] 谢谢"),
    ("打13812 345678找我", ["13812", "345678"], "打[手机号]找我"),
    ("手机+86 13812345678", ["13812345678"], "手机[手机号]"),
    ("手机幺三八幺二三四五六七八", ["幺三八"], "手机[手机号]"),
    ("卡号6222-0212-3456-7890-123", ["6222"], "卡号[银行卡号]"),
    ("俺孙子马小龙在七营上学", ["马小龙"], "俺孙子[姓名]在七营上学"),
    ("小孩叫海小军，该上哪个学校", ["海小军"], "小孩叫[姓名]，该上哪个学校"),
    ("我闺女叫杨小花，今年上初中", ["杨小花"], "我闺女叫[姓名]，今年上初中"),
    ("学生马小明的补助没发", ["马小明"], "学生[姓名]的补助没发"),
    ("我儿子李明上三年级", ["李明"], "我儿子[姓名]上三年级"),
    ("娃的名字是田小红", ["田小红"], "娃的名字是[姓名]"),
    ("他叫做王芳芳", ["王芳芳"], "他叫做[姓名]"),
    ("俺孙子叫马强", ["马强"], "俺孙子叫[姓名]"),
    ("My grandson Ma Xiaolong studies in Qiying", ["Ma Xiaolong", "Xiaolong"], "My grandson [姓名] studies in Qiying"),
    ("student MA XIAOLONG, grade 3", ["XIAOLONG"], "student [姓名], grade 3"),
    ("住七营镇北咀村三组十二号", ["三组十二号"], "住七营镇北咀村[地址]"),
    ("家在第三村民小组12号", ["第三村民小组", "12号"], "家在[地址]"),
    ("杨堡村第三村民小组", ["第三村民小组"], "杨堡村[地址]"),
]


@pytest.mark.parametrize(("text", "raws", "expected"), FORMS)
def test_every_written_form_is_redacted(redactor: Redactor, text: str, raws: list[str], expected: str) -> None:
    result = redactor.redact(text)
    assert result.text == expected
    for raw in raws:
        assert raw not in result.text


SURVIVE = [
    "李旺镇的娃上哪个学校",
    "张湾村属于哪个学区",
    "杨堡村的孩子去哪上学",
    "贾塘乡有寄宿制学校吗",
    "我家在黄坪，娃上哪",
    "孙子在李旺镇上学，补助怎么领",
    "我闺女在海原五中念书",
    "学生管理办法在哪看",
    "学生资助怎么申请",
    "我儿子上初中要带啥材料",
    "俺孙子在七营镇张堡小学念书",
    "小孩叫什么名字不重要吧",
    "孩子马上要上学了",
    "liangmian yibu zenme shenqing",
    "jiujin ruxue shi shenme",
    "qiying zhen beizui cun de haizi shang na ge xuexiao",
    "Qiying Zhen Beizui Cun de haizi",
    "Liangmian Yibu",
    "What is the Haiyuan County policy?",
    "2019-2020学年第一学期",
    "三年级分三组",
    "两免一补一二三年级都有吗",
    "初中每生每年补助1250元",
    "请拨打12345热线",
    "依据海政发〔2019〕82号文件",
    "学籍号和身份证号一样吗",
]


@pytest.mark.parametrize("text", SURVIVE)
def test_questions_survive_unchanged(redactor: Redactor, text: str) -> None:
    result = redactor.redact(text)
    assert (result.text, result.found) == (text, [])


def test_the_name_tagger_loads_only_when_a_cue_is_present() -> None:
    tagger = NameTagger()
    quiet = Redactor(tagger=tagger)
    quiet.redact("随迁子女入学要带什么材料？电话13812345678")
    assert not tagger.loaded
    quiet.redact("俺孙子马小龙在七营上学")
    assert tagger.loaded


RAW_VALUES = ["640522", "0312", "六四零五二二", "138.1234", "1 3 8 1", "13812 345678", "马小龙", "海小军", "杨小花",
              "Ma Xiaolong", "Xiaolong", "三组十二号", "第三村民小组", "幺三八"]
ASKED = [
    "俺孙子马小龙身份证640522 2015 0312 1230，七营镇北咀村三组十二号，该上哪个学校",
    "小孩叫海小军，电话138.1234.5678",
    "我闺女叫杨小花，手机 1 3 8 1 2 3 4 5 6 7 8",
    "学生 Ma Xiaolong 的补助，电话13812 345678，第三村民小组12号",
    "身份证六四零五二二二零一五零三一二一二三零，手机幺三八幺二三四五六七八",
]


def test_raw_values_never_reach_the_database_nor_the_export(assistant: Assistant, engine: Engine, tmp_path: Path) -> None:
    log = QueryLog(engine, tmp_path / "spool.jsonl", "redaction-test-secret-0123456789",
                   redactor=Redactor(gazetteer_words(DEFAULT_SCHOOL_DATA_DIR)))
    core = AssistantCore(assistant, log, ConversationStore(60), "redaction-test-secret-0123456789")
    for question in ASKED:
        answer = core.ask(question, Asker("web", "visitor-abcdefghijklmnop", "web"))
        core.feedback(answer.query_id, False, f"答非所问 {question}")
    dump = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                dump.append(" ".join(str(value) for value in row))
    assert len([d for d in dump if "[姓名]" in d or "[手机号]" in d]) >= len(ASKED)
    out = io.StringIO()
    assert export(engine, None, "jsonl", out) == len(ASKED)
    exported = out.getvalue()
    assert len([json.loads(line) for line in exported.splitlines()]) == len(ASKED)
    for raw in RAW_VALUES:
        leaked = _occurrence(raw)
        assert not [d for d in dump if leaked.search(d)], raw
        assert not leaked.search(exported), raw


def _occurrence(raw: str) -> re.Pattern[str]:
    """A raw value as written, not as part of a hex id, a timestamp or a score such as 0.03125."""
    if raw.isascii():
        return re.compile(rf"(?<![0-9A-Za-z.]){re.escape(raw)}(?![0-9A-Za-z])")
    return re.compile(re.escape(raw))


def test_a_raw_value_is_found_as_written_and_not_inside_ids_or_scores() -> None:
    pattern = _occurrence("0312")
    assert pattern.search("身份证640522 2015 0312 1230")
    assert pattern.search('"q": "0312"')
    assert not pattern.search('"score": 0.0312}')
    assert not pattern.search("12a3a3f0312ceab 2026-12-02 04:45:12.030312")


def test_warm_loads_what_the_name_rules_load_on_first_use() -> None:
    tagger = NameTagger()
    redactor = Redactor(tagger=tagger)
    redactor.warm()
    assert tagger.loaded
    assert {"surnames"} <= set(vars(redactor._roman)) and "pinyin" in vars(redactor.exemptions)
    assert redactor.redact("学生 Ma Xiaolong 的补助").text == "学生 [姓名] 的补助"
