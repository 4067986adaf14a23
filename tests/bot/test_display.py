"""Answers as people read them: short citations with the full title, 县学校资料, one sample mark, phone pieces."""

from __future__ import annotations

from bot.display import DocTitle, parts, plain, short_title, tidy

PLAN = "海原县统筹推进县域内城乡义务教育一体化改革发展实施方案"
SAMPLE = "（示例数据，请以教育局公布为准）"


def test_short_titles_from_the_data_file_or_the_genre_word() -> None:
    assert short_title(PLAN) == "实施方案"
    assert short_title("宁夏回族自治区关于进一步加强控辍保学工作的通知") == "通知"
    assert short_title("义务教育法") == "义务教育法"  # short titles stay as they are
    assert short_title("一个很长很长但是没有文种的标题文字内容") == "一个很长很长但是没有文种的标题文字内容"


def test_citation_is_short_with_the_full_title_one_tap_away() -> None:
    pieces = parts(f"来源：《{PLAN}》三（五）18. 改革随迁子女就学机制")
    assert pieces == [{"t": "来源："}, {"t": "《实施方案》", "title": f"《{PLAN}》"},
                      {"t": "三（五）18. 改革随迁子女就学机制"}]
    assert plain(pieces) == "来源：《实施方案》三（五）18. 改革随迁子女就学机制"


def test_dates_only_when_more_than_one_document_is_in_force() -> None:
    plan = DocTitle(PLAN, issued="2019-08-26", number="海政发〔2019〕82号")
    alone = parts(f"《{PLAN}》", [plan])
    assert alone == [{"t": "《实施方案》", "title": f"《{PLAN}》（海政发〔2019〕82号）"}]
    two = parts(f"《{PLAN}》", [plan, DocTitle("另一个实施方案", issued="2023-03-01")])
    assert two[0]["t"] == "《实施方案》（2019年8月）"


def test_school_data_file_names_and_one_sample_mark() -> None:
    text = (f"小学：甲校\n{SAMPLE}\n来源：海原县学校数据 zones.csv、schools.csv（示例数据）\n\n"
            "• 寄宿生补助\n（示例数据）\n来源：海原县学校数据 subsidies.csv（示例数据）")
    shown = tidy(text)
    assert "csv" not in shown and shown.count("示例") == 1 and shown.count(SAMPLE) == 1
    assert shown == f"小学：甲校\n{SAMPLE}\n来源：县学校资料\n\n• 寄宿生补助\n来源：县学校资料"
    assert tidy("来源：海原县学校数据 services.csv（示例数据）") == f"来源：县学校资料{SAMPLE}"


def test_phone_numbers_become_pieces_and_other_digits_do_not() -> None:
    pieces = parts("联系电话 0955-5012345，手机13912345678；海政发〔2019〕82号，2019年，电话09555012345。")
    phones = [p for p in pieces if "tel" in p]
    assert phones == [{"t": "0955-5012345", "tel": "09555012345"}, {"t": "13912345678", "tel": "13912345678"},
                      {"t": "09555012345", "tel": "09555012345"}]
    assert plain(pieces) == "联系电话 0955-5012345，手机13912345678；海政发〔2019〕82号，2019年，电话09555012345。"
    assert [p for p in parts("编号 1234567890123 和 20190826") if "tel" in p] == []


def test_text_is_never_turned_into_markup() -> None:
    pieces = parts("<b>注意</b> 电话 0955-5012345 <script>")
    assert plain(pieces) == "<b>注意</b> 电话 0955-5012345 <script>"  # channels escape as for any text
