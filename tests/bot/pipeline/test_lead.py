from __future__ import annotations

import pytest

from bot.pipeline.lead import candidates, choose_lead, fact_lead, local_weights, simplify
from retrieval.lexical import query_tokens
from retrieval.text import char_tokens, fold

SECTION = (
    "建立健全城乡统一、倾斜农村的城乡义务教育经费保障机制。落实全县统一的义务教育生均公用经费保障标准，"
    "对学生规模不足100人的学校，按100人核定公用经费。将义务教育经费纳入财政预算，及时足额拨付。"
)
MIGRANT = (
    "进一步强化流入地政府责任，将随迁子女义务教育纳入城镇发展规划和财政保障范围，建立以居住证为主要依据的随迁子女入学政策，"
    "简化优化入学流程，依法保障随迁子女平等接受义务教育。学校不得向随迁子女收取有别于本地户籍学生的任何费用。"
)


def idf_of(*texts: str):  # a small idf: tokens of the given texts count, with rarer ones weighing more
    counts: dict[str, int] = {}
    for text in texts:
        for token in set(char_tokens(fold(text))):
            counts[token] = counts.get(token, 0) + 1
    return lambda token: 1.0 / counts[token] if token in counts else 0.0


def lead(question: str, text: str, cues: tuple[str, ...] = ()) -> str:
    found = choose_lead(text, query_tokens(fold(question), []), idf_of(*text.split("。")), cues)
    assert found is not None
    return found.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.推进城乡义务教育学校一体化建设，", "推进城乡义务教育学校一体化建设。"), ("（一）统筹配置城乡教育资源", "统筹配置城乡教育资源。"),
     ("一是加强组织领导；", "加强组织领导。"), ("① 优先安排留守儿童", "优先安排留守儿童。"), ("", "")],
)
def test_simplify_drops_numbering(raw: str, expected: str) -> None:
    assert simplify(raw) == expected


def test_candidates_are_runs_of_comma_clauses_within_a_sentence() -> None:
    found = [c for c, _ in candidates("甲，乙，丙。丁。")]
    assert "甲，乙，" in found and "乙，丙。" in found and "丁。" in found
    assert not any("丙。丁" in c for c in found)  # never across sentences


def test_the_clause_with_the_asked_terms_leads_not_the_first_sentence() -> None:
    assert lead("学生不到100人的学校公用经费咋算", SECTION) == "对学生规模不足100人的学校，按100人核定公用经费。"
    assert lead("随迁子女上学学校会多收费吗", MIGRANT) == "学校不得向随迁子女收取有别于本地户籍学生的任何费用。"


def test_the_shortest_clause_that_covers_wins() -> None:
    assert lead("居住证有啥用", MIGRANT) == "建立以居住证为主要依据的随迁子女入学政策。"


def test_a_cue_of_the_question_type_breaks_ties() -> None:
    text = "对学生规模小的学校给予倾斜，对学生规模小的学校按100人核定。"
    assert "100" in lead("规模小的学校", text, cues=("人",))


def test_no_shared_term_no_lead() -> None:
    assert choose_lead(SECTION, query_tokens(fold("驾照怎么考"), []), idf_of(SECTION)) is None


def test_fact_lead_uses_the_given_lead_or_the_first_clause() -> None:
    text = "家庭经济困难寄宿生生活费补助（小学）：小学每生每年1000元；对象：家庭经济困难的小学寄宿生"
    assert fact_lead(text) == "家庭经济困难寄宿生生活费补助：小学每生每年1000元。"
    assert fact_lead(text, "寄宿生生活补助：小学每生每年1000元") == "寄宿生生活补助：小学每生每年1000元。"


def test_fact_lead_lists_plain_items_but_stops_at_the_next_label() -> None:
    materials = "本地户籍：户口簿（原件）；出生医学证明；预防接种证；监护人身份证"
    assert fact_lead(materials) == "本地户籍：户口簿、出生医学证明、预防接种证、监护人身份证。"
    assert fact_lead("甲：1；乙：2") == "甲：1。"
    assert fact_lead("随迁子女：居住证（以居住证为主要依据（三18.））；户口簿") == "随迁子女：居住证、户口簿。"


ROTATION = "县城学校教师每学年到乡村学校交流轮岗的比例，不低于教师总数的15%，其中骨干教师不低于交流轮岗教师总数的30%。交流轮岗教师评优优先。"


def test_a_dependent_clause_takes_its_antecedent() -> None:
    # 其中骨干教师… alone would hold most of 轮岗 and 教师, but cannot open an answer without the clause it leans on
    found = lead("老师轮岗是咋回事", ROTATION)
    assert not found.startswith("其中")
    assert all(not c.startswith(("其中", "并", "同时")) for c, _ in candidates(ROTATION + "并实行捆绑评价，同时加强考核。"))


def test_a_comma_inside_brackets_does_not_end_a_clause() -> None:
    from bot.pipeline.lead import clauses_of

    assert clauses_of("围绕“3+5+20”（三个优先发展、五项目标任务，二十项建设内容）发展目标，加大保障。") == [
        "围绕“3+5+20”（三个优先发展、五项目标任务，二十项建设内容）发展目标，", "加大保障。"]


def test_a_clause_is_not_cut_before_the_clause_that_completes_it() -> None:
    found = [c for c, _ in candidates(ROTATION)]
    assert "县城学校教师每学年到乡村学校交流轮岗的比例，" not in found
    assert "县城学校教师每学年到乡村学校交流轮岗的比例，不低于教师总数的15%，" in found


def test_what_is_x_prefers_where_the_plan_first_speaks_of_it() -> None:
    found = choose_lead(ROTATION, query_tokens(fold("轮岗是咋回事"), []), idf_of(*ROTATION.split("。")), early=True)
    assert found is not None and "15%" in found.text


def test_a_term_every_clause_repeats_weighs_less_than_one_a_single_clause_carries() -> None:
    text = "甲乙丙丁随迁子女收费，随迁子女居住证入学，随迁子女登记。"
    weighted = {"随迁": 1.0, "居住": 1.0}
    local = local_weights(text, weighted)
    assert local["居住"] > local["随迁"]
    assert local_weights("只有一句。", weighted) == weighted  # one clause: nothing to tell apart



IDLE = "合理制定闲置校舍利用方案，严格规范处置程序，并优先用于学前教育，切实提高使用效益，避免出现浪费现象。办好必要的村小。"


def test_why_joins_the_clause_that_gives_the_purpose() -> None:
    plain = choose_lead(IDLE, query_tokens(fold("闲置校舍利用方案为啥要定"), []), idf_of(*IDLE.split("。")))
    why = choose_lead(IDLE, query_tokens(fold("闲置校舍利用方案为啥要定"), []), idf_of(*IDLE.split("。")), purpose=True)
    assert plain is not None and why is not None
    assert "切实提高使用效益" not in plain.text and why.text.startswith(plain.text.rstrip("。"))
    assert why.text.endswith("切实提高使用效益，避免出现浪费现象。")  # every purpose clause that follows


def test_what_happens_if_prefers_the_clause_stating_a_condition_and_what_follows() -> None:
    text = "落实劝返登记和书面报告制度，加大帮扶力度。劝返无效的，应书面报告教育部门，依法采取措施。"
    weights, idf = query_tokens(fold("劝返没用了咋整"), []), idf_of(*text.split("。"))
    assert choose_lead(text, weights, idf).text.startswith("落实劝返")
    assert choose_lead(text, weights, idf, condition=True).text.startswith("劝返无效的，应书面报告")


LAND = "根据规划调整完善学校布局规划，与城乡规划做好衔接。预留好学校建设用地，纳入规划并严格实施，不得随意变更。"


def test_a_large_cue_bonus_makes_the_modal_clause_answer_can_it_change() -> None:
    weights = query_tokens(fold("学校的规划以后还能调整不"), [])
    idf = idf_of(*LAND.split("。"))
    assert "不得随意变更" not in choose_lead(LAND, weights, idf).text
    changed = choose_lead(LAND, weights, idf, cues=("不得", "随意", "变更"), cue_bonus=0.4)
    assert changed is not None and "不得随意变更" in changed.text


def test_a_clause_read_without_its_parentheses_carries_the_word_they_split() -> None:
    text = "建立政府、学校、家庭尽职尽责的关爱工作体系。发挥乡镇政府、村（居）委会作用，督促外出务工家长履行监护责任。"
    assert "村（居）委会" in lead("村委会要干啥", text)


def test_who_prefers_the_clause_whose_subject_does_it() -> None:
    text = "测算入学人口需求是规划的基础。教育部门测算入学人口需求，会同有关部门定期评估。"
    weights = query_tokens(fold("入学人口需求谁测算"), [])
    found = choose_lead(text, weights, idf_of(*text.split("。")), actor=True)
    assert found is not None and found.text.startswith("教育部门测算")
    # the actor a question names: the clause whose subject it is says what that actor does
    text = "对辍学学生实行劝返。学校要做好劝返登记。"
    question = fold("辍学学生劝返学校要管不")
    weights, idf = query_tokens(question, []), idf_of(*text.split("。"))
    assert choose_lead(text, weights, idf).text.startswith("对辍学学生")
    assert choose_lead(text, weights, idf, question=question).text.startswith("学校要")


def test_a_window_does_not_stop_on_a_clause_that_only_sets_the_scene() -> None:
    text = "安排县城学校结对帮扶农村学校，对帮扶效果明显的结对学校，在资金投入等方面给予倾斜支持。"
    found = lead("结对帮扶的学校有啥好处", text)
    assert not found.endswith("的结对学校。")


def test_a_clause_that_only_restates_the_question_does_not_lead() -> None:
    from bot.pipeline.lead import restates

    text = "教育部门测算入学人口需求。评估结果向县人民政府报告。"
    question = fold("教育部门测算入学人口需求以后报告谁")
    assert restates("教育部门测算入学人口需求。", question) and not restates("评估结果向县人民政府报告。", question)
    weights, idf = query_tokens(question, []), idf_of(*text.split("。"))
    assert choose_lead(text, weights, idf).text.startswith("教育部门")
    # a question asking for something new (to whom): the restating clause is no answer
    found = choose_lead(text, weights, idf, cues=("向", "报告"), cue_bonus=0.3, question=question, restate_penalty=1.0)
    assert found is not None and "县人民政府" in found.text


def test_a_word_only_the_unbracketed_reading_holds_still_counts() -> None:
    text = "建立关爱工作体系，落实属地责任。发挥乡镇政府、村（居）委会作用，督促家长履行监护责任。"
    idf = idf_of(*text.split("。"))  # the index knows only the bracketed spelling: 村委 is unseen
    assert idf("村委") == 0
    found = choose_lead(text, query_tokens(fold("村委会要做啥"), []), idf)
    assert found is not None and "村（居）委会" in found.text


def test_the_second_half_of_a_pair_keeps_the_verb_that_governs_it() -> None:
    # alone, 一边产生新的大班额问题 says the opposite of the rule (坚决杜绝…)
    text = "教育部门对大班额学校实行销号管理，坚决杜绝一边消除大班额，一边产生新的大班额问题。"
    assert lead("大班额", text) == "坚决杜绝一边消除大班额，一边产生新的大班额问题。"


def test_a_rule_on_another_predicate_does_not_lead_a_yes_no_question() -> None:
    import re

    attend, fee = re.compile("入学|就读|接受义务教育|上学"), re.compile("收取[^，,。；;]{0,30}费")
    markers = [re.compile("不得|严禁"), re.compile("应当|必须|确保")]
    question = "外地娃能在海原上学不"
    weights = query_tokens(fold(question), ["随迁子女"])
    found = choose_lead(MIGRANT, weights, idf_of(*MIGRANT.split("。")), ("不得", "保障"),
                        asked_predicates=[attend], other_predicates=[fee], rule_markers=markers)
    assert found is not None and "收取" not in found.text
    unbound = choose_lead(MIGRANT, weights, idf_of(*MIGRANT.split("。")), ("不得", "保障"))
    assert unbound is not None and "收取" in unbound.text  # without the predicates, the fee rule's 不得 wins


def test_the_sentence_a_near_bank_question_was_written_for_leads() -> None:
    # 外头打工的人家的娃 shares no term with the plan's 随迁子女: only the bank question written for the sentence knows it
    weights = query_tokens(fold("外头打工的人家的娃咋整"), [])
    assert choose_lead(MIGRANT, weights, lambda t: 1.0) is None
    fees = choose_lead(MIGRANT, weights, lambda t: 1.0, pointed=fold("学校不得向随迁子女收取"))
    assert fees is not None and fees.text == "学校不得向随迁子女收取有别于本地户籍学生的任何费用。"
    first = choose_lead(MIGRANT, weights, lambda t: 1.0, pointed=fold("进一步强化流入地政府责任"))
    assert first is not None and first.sentence.startswith("进一步强化流入地政府责任")
    # a pointer beside the question's own terms: the clause carrying the asked terms still counts
    asked = query_tokens(fold("居住证有啥用"), [])
    assert choose_lead(MIGRANT, asked, lambda t: 1.0, pointed=fold("建立以居住证")).text == "建立以居住证为主要依据的随迁子女入学政策。"
