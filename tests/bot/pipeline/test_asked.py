"""The thing a question asks for, and whether a text states such a thing (bot/data/asked_things.yaml)."""

from __future__ import annotations

import pytest

from bot.pipeline.asked import AskedThings, chinese_number, stated_numbers
from retrieval.text import fold


@pytest.fixture(scope="module")
def things() -> AskedThings:
    return AskedThings.load()


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("老师的工资一般每个月几号到账", "day"),
        ("资助中心下午几点开门", "clock"),
        ("初中学杂费一学期交多少钱", "money"),
        ("申请周转宿舍要排几个月的队", "count"),
        ("交流轮岗的老师要占百分之几", "share"),
        ("教育局办公的那栋楼在哪条路", "address"),
        ("我们镇中心小学的校长叫啥", "person"),
        ("居住登记怎么办理", "procedure"),
        ("双减这个说法指的是什么", "meaning"),
        ("听说补助涨到两千了，真的吗", "rumour"),
        ("学校的厕所去年为啥一直锁着", "reason"),
        ("为什么校车最近老是晚到", "reason"),
        ("Why did the school canteen close last month?", "reason"),
        ("村里管控辍保学的干部是谁", "person"),
        ("给娃上心理课的是哪位老师", "person"),
        ("校服是哪家公司做的", "which"),
        ("送教上门都去了哪几个村", "which"),
    ],
)
def test_the_kind_of_thing_asked(things: AskedThings, question: str, thing: str) -> None:
    ask = things.read(fold(question))
    assert ask is not None and ask.thing.name == thing


@pytest.mark.parametrize(
    "question",
    [
        "七长责任制说的是哪几个长",  # which ones, not how many
        "几个学校能不能共用一个音乐老师",  # 几个 is "a few" beside another question word
        "俺村学校就剩几个娃了",  # a story, not a question
        "电子白板也坏了好几块，信息化县里有啥计划没",  # 好几块 is "quite a few pieces", not money asked
        "一个班就几个娃，班主任津贴是按人头算还是按班算",  # 就几个: "only a few", told
        "一个班最多多少人，有没有这方面的规定",  # whether a rule exists: the rule answers it
        "随迁子女入学政策是啥",  # what a policy says is no thing of a kind
    ],
)
def test_no_thing_is_asked(things: AskedThings, question: str) -> None:
    assert things.read(fold(question)) is None


def test_a_count_is_stated_only_in_its_unit(things: AskedThings) -> None:
    ask = things.read(fold("评优秀教师要上几节公开课"))
    assert ask is not None and ask.unit == "节"
    assert not things.states(ask, "对在乡村学校连续从教10年以上的教师，优先推荐")
    assert things.states(ask, "每学期上公开课2节")
    people = things.read(fold("每年要交流多少个老师"))
    assert people is not None and things.states(people, "不低于符合交流条件教师总数的10%")
    speed = things.read(fold("教学点的网络有多少兆"))
    assert speed is not None and things.states(speed, "教学点“百兆进校园、进班级”")


def test_an_amount_must_be_of_the_subject_asked(things: AskedThings) -> None:
    fee = things.read(fold("上初中一年学费多少钱"))
    assert fee is not None and fee.subject == "学费"
    assert things.states(fee, "免除学杂费，学校不得收取；对象：全县义务教育阶段初中在校生")  # a fee waived for all
    assert not things.states(fee, "普通高中国家助学金：平均每生每年2000元")  # another subject's figure
    assert not things.states(fee, "据实免除普通高中“四类”学生学杂费")  # a waiver for some only
    private = things.read(fold("私立初中一年学费多少钱"))
    assert private is not None and not things.states(private, "免除学杂费，学校不得收取")  # the public schools' waiver
    allowance = things.read(fold("乡下老师补贴一个月有多少"))
    assert allowance is not None and things.states(allowance, "乡村教师生活补助：按县财政核定标准")  # how it is set
    transport = things.read(fold("下乡交流老师的交通补助每月能拿多少"))
    assert transport is not None and not things.states(transport, "全面落实农村教师乡镇工作人员津贴补贴和农村义务教育学校教师补贴")


def test_what_one_pays_is_not_what_one_receives(things: AskedThings) -> None:
    price = things.read(fold("高中的校服多少钱一套"))
    assert price is not None and not things.states(price, "普通高中国家助学金：平均每生每年2000元")
    meals = things.read(fold("学校营养餐家长每天得掏多少钱"))
    assert meals is not None and things.states(meals, "每生每天5元膳食补助；由学校按在校天数提供营养餐")


def test_a_term_is_used_whole(things: AskedThings) -> None:
    ask = things.read(fold("托管班说的“5+2”指的是啥"))
    assert ask is not None and ask.term == "5+2"
    assert not things.states(ask, "海原县“互联网+教育”建设“3+5+20”")
    spaced = things.read(fold("3 5 20 这几个数是指什么"))
    assert spaced is not None and things.states(spaced, "建设“3+5+20”（三个优先发展、五项目标任务，二十项建设内容）")
    typo = things.read(fold("就近入学化片是什么意思"))  # a typo keeps one word of the term
    assert typo is not None and things.states(typo, "实行划片就近入学，合理确定招生范围")


def test_a_rumour_holds_its_figure(things: AskedThings) -> None:
    ask = things.read(fold("听说骨干教师要占三十，是真的吗"))
    assert ask is not None and ask.figures == ("30",)
    assert things.states(ask, "其中骨干教师不低于交流轮岗教师总数的30%")
    assert not things.states(ask, "其中骨干教师不低于交流轮岗教师总数的20%")


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("五百", "六十五", "十", "两千", "三万")] == [500, 65, 10, 2000, 30000]
    assert stated_numbers("涨了五百还是500") == ["500"]
    assert stated_numbers("一所学校两个老师") == []


def test_a_change_to_come_must_be_said_by_the_text(things: AskedThings) -> None:
    ask = things.read(fold("听说下学期寄宿生补助要改成发购物卡，真的假的"))
    assert ask is not None and ask.thing.name == "change" and ask.term == "发购物卡"
    assert not things.states(ask, "家庭经济困难寄宿生生活费补助：小学每生每年1000元")
    said = things.read(fold("以后乡里学校会不会改成寄宿制"))
    assert said is not None and things.states(said, "根据需要建设寄宿制学校")
    # whether it may be done is no change to come
    assert things.read(fold("旧校舍能不能改成幼儿园")) is None


def test_a_rise_must_be_said_by_the_text(things: AskedThings) -> None:
    ask = things.read(fold("公用经费以后会不会增加"))
    assert ask is not None and ask.thing.name == "raise"
    assert things.states(ask, "落实城乡统一的义务教育公用经费定额，逐步提高保障水平")
    assert not things.states(ask, "义务教育生均公用经费基准定额：小学每生每年720元")


def test_a_tally_is_not_answered_by_a_share(things: AskedThings) -> None:
    tally = things.read(fold("现在有几个老师在乡下交流"))
    assert tally is not None and tally.tally
    assert not things.states(tally, "不低于符合交流条件教师总数的10%")
    quota = things.read(fold("每年要交流几个老师"))
    assert quota is not None and not quota.tally
    assert things.states(quota, "不低于符合交流条件教师总数的10%")
    unnamed = things.read(fold("全县一共有多少学生"))
    assert unnamed is not None and unnamed.thing.name == "count" and unnamed.tally


def test_how_often_in_hui_is_a_count(things: AskedThings) -> None:
    ask = things.read(fold("一学年开几回运动会"))
    assert ask is not None and ask.unit == "回"
    assert things.states(ask, "每学年开2次") and not things.states(ask, "加强学校体育")


def test_a_bare_ge_counts_the_noun_after_it(things: AskedThings) -> None:
    ask = things.read(fold("这个教学点有几个老师"))
    assert ask is not None and ask.unit == "个" and ask.noun == "老师"
    assert not things.states(ask, "三个优先发展、五项目标任务")
    assert things.states(ask, "配备两个老师") and things.states(ask, "现有教师12人")


@pytest.mark.parametrize(
    "question",
    [
        "为啥要给乡村老师发生活补助",  # why a rule is so: the rule answers it
        "凭啥不让俺娃去县城念书",  # the asker's own case, no time word
        "控辍保学的七长都是谁",  # which offices hold a duty: the plan names them
        "留守儿童关爱由谁负责",
    ],
)
def test_no_event_s_reason_or_one_person_is_asked(things: AskedThings, question: str) -> None:
    ask = things.read(fold(question))
    assert ask is None or ask.thing.name not in {"reason", "person"}


def test_which_one_is_stated_only_by_a_name_of_its_kind(things: AskedThings) -> None:
    township = things.read(fold("营养餐补助在哪个乡镇最多"))
    assert township is not None and township.thing.name == "which" and township.noun == "乡镇"
    assert not things.states(township, "落实乡镇政府属地责任，各乡镇建立工作台账")  # the kind, not a name
    assert things.states(township, "曹洼乡脱烈小学在曹洼乡")
    village = things.read(fold("留守儿童之家建在哪几个村"))
    assert village is not None
    assert not things.states(village, "每个行政村都要送教进村，办好乡村学校")
    assert things.states(village, "李俊乡李俊村")
    anywhere = things.read(fold("不管在哪个乡镇补助都一样吗"))  # asks no which
    assert anywhere is None or anywhere.thing.name != "which"


def test_a_rumour_s_figures_are_those_of_what_was_heard(things: AskedThings) -> None:
    """The asker's own situation before 听说 (一个班快七十个娃了) is no part of the claim checked."""
    ask = things.read(fold("县城一小一个班快七十个娃了，听说要往新建的学校分，是真的不？"))
    assert ask is None or ask.thing.name != "rumour" or ask.figures == ()
    heard = things.read(fold("娃说住校一年给一千块钱 有这事没"))
    assert heard is not None and heard.thing.name == "rumour" and heard.figures == ("1000",)
    assert things.claim(fold("一个班七十个娃，听说要分班")) == "要分班"
    assert things.claim(fold("补助涨到两千了吗")) == fold("补助涨到两千了吗")


@pytest.mark.parametrize(
    "question",
    [
        "听说县城学校只要有门路想进就能进，招多少人也不限，是真的不？",  # no matter how many: no count asked
        "给多少都行吧",
        "我们班转来几个外地打工人家的娃，他们跟本地娃待遇不一样吧？",  # 几个 with 吧: "a few"
    ],
)
def test_no_figure_is_asked_by_a_few_or_no_matter_how_many(things: AskedThings, question: str) -> None:
    assert things.read(fold(question)) is None


def test_how_many_is_still_asked(things: AskedThings) -> None:
    ask = things.read(fold("县城小学一个班最多招多少人"))
    assert ask is not None and ask.thing.name == "count"


def test_a_count_with_its_magnitude_and_unit_is_no_amount_of_money(things: AskedThings) -> None:
    # 几百兆: a bandwidth; 几百块: money
    ask = things.read(fold("乡镇完小网慢得要命，我们按标准该给几百兆"))
    assert ask is None or ask.thing.name != "money"
    money = things.read(fold("住校一年能给几百块"))
    assert money is not None and money.thing.name == "money"


@pytest.mark.parametrize("question", ["班主任 钱 多少", "住校补助钱多少", "补贴的钱 多少"])
def test_money_asked_with_qian_before_how_much_is_an_amount(things: AskedThings, question: str) -> None:
    ask = things.read(fold(question))
    assert ask is not None and ask.thing.name == "money"


def test_money_before_a_count_of_days_is_no_amount(things: AskedThings) -> None:
    ask = things.read(fold("交了钱几天能到账"))
    assert ask is None or ask.thing.name != "money"
