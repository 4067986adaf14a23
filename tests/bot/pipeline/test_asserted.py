from __future__ import annotations

from bot.pipeline.asserted import asserted_figures, bound, question_weights, trim_unbound

QUOTE = "县城学校教师到乡村学校交流轮岗的比例，不低于教师总数的15%，其中骨干教师不低于交流轮岗教师总数的30%。交流轮岗教师优先晋升。"


def idf(token: str) -> float:
    return 1.0


def test_figures_with_their_unit_are_read_from_the_question() -> None:
    assert asserted_figures("轮岗比例是不是已经提到30%了") == ["30%"]
    assert asserted_figures("听说寄宿生补3000块") == ["3000元"]
    assert asserted_figures("2019年的方案还管用吗") == ["2019年"]
    assert asserted_figures("轮岗是咋回事") == []


def test_a_subset_clause_holding_the_asserted_figure_is_cut() -> None:
    question = "交流轮岗的比例是不是已经提到30%了"
    trimmed = trim_unbound(QUOTE, asserted_figures(question), question, question_weights(question, idf))
    assert "30%" not in trimmed and "15%" in trimmed and "交流轮岗教师优先晋升" in trimmed and "……" in trimmed


def test_the_subset_named_by_the_question_keeps_its_figure() -> None:
    question = "骨干教师是不是要占30%"
    assert bound("其中骨干教师不低于交流轮岗教师总数的30%", question, question_weights(question, idf))
    assert trim_unbound(QUOTE, ["30%"], question, question_weights(question, idf)) == QUOTE


def test_a_clause_about_what_is_asked_keeps_the_figure() -> None:
    question = "县城学校教师到乡村交流轮岗的比例能低于15%吗"
    assert trim_unbound(QUOTE, asserted_figures(question), question, question_weights(question, idf)) == QUOTE


def test_a_figure_inside_a_bigger_number_is_not_the_figure() -> None:
    question = "补助是不是30元"
    assert trim_unbound("每生每年300元，按学期发放。", ["30元"], question, question_weights(question, idf)) == "每生每年300元，按学期发放。"


def test_an_amount_in_chinese_numerals_is_read_in_digits() -> None:
    assert asserted_figures("住校一年给一千块钱 有这事没") == ["1000元"]
    assert asserted_figures("听说补一千二百五十元") == ["1250元"]
    assert asserted_figures("十块钱的事") == []  # one character is not a figure
