from __future__ import annotations

from bot.assistant import Assistant


def test_a_loose_word_close_to_an_out_of_scope_question_yields(assistant: Assistant) -> None:
    # the known leak (oos_dev): 学费 alone reads the 免除杂费 / 学前 rows; the question is about a private kindergarten's own fee
    answer = assistant.answer("县城私立幼儿园一学期学费多少")
    assert answer.lookup is None


def test_a_row_named_in_the_question_keeps_its_look_up(assistant: Assistant) -> None:
    answer = assistant.answer("上幼儿园的一免一补能补多少")
    assert answer.lookup is not None and answer.lookup.kind == "subsidy"


def test_a_loose_word_far_from_the_out_of_scope_bank_keeps_its_look_up(assistant: Assistant) -> None:
    answer = assistant.answer("娃残疾出不了门，老师能来家里教吗")
    assert answer.lookup is not None and answer.lookup.kind == "service"


def test_the_look_up_steps_own_word_lists_come_from_lookups_yaml() -> None:
    from bot.pipeline.lookup_slots import LookupWords

    words = LookupWords.load()
    for key in ("county_words", "place_only_fillers", "money_words", "lives_at", "origin_after", "origin_before",
                "level_tails", "service_topics", "contact_topics", "auto_contact"):
        assert getattr(words, key), key
    assert set(words.auto_contact) <= set(words.contact_topics)  # a case answered unasked is a whom-to-call topic


def test_a_teachers_own_career_step_is_no_pupils_enrolment(assistant: Assistant) -> None:
    # 报名 / 材料 are enrolment words, but the 特岗 recruitment and the 职称 review are a teacher's own steps: the pupils'
    # enrolment dates and papers do not answer them
    for question in ("特岗教师啥时候报名", "今年中级职称评审啥时候交材料"):
        answer = assistant.answer(question)
        assert answer.lookup is None or answer.lookup.kind not in {"calendar", "materials"}, question
        assert "2027年6月20日" not in answer.text, question


def test_a_childs_enrolment_date_is_still_looked_up(assistant: Assistant) -> None:
    answer = assistant.answer("娃上一年级啥时候报名")
    assert answer.lookup is not None and answer.lookup.kind == "calendar"


def test_parents_working_at_a_workplace_outside_the_county_still_get_the_countys_services(assistant: Assistant) -> None:
    # 在浙江电子厂上班: where the parents work (a workplace between the place and 上班), not where the child lives
    answer = assistant.answer("我和娃他爸在浙江电子厂上班，娃跟他奶奶在家，学校能不能给娃做个心理疏导")
    assert "不在海原县" not in answer.text
