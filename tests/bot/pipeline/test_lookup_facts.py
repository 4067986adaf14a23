from __future__ import annotations

import pytest

from bot.pipeline.lookup_facts import apply_polarity


@pytest.mark.parametrize(
    ("fields", "question", "expected"),
    [
        (["无需申请，学校开学时统一发放"], "课本要不要申请", "no"),
        (["开学后向就读学校提出申请，学校认定并公示后按学期发放"], "补助要不要申请", "yes"),
        (["开学时向就读高中提交相关证明，学校审核后免除"], "要自己申请吗", "yes"),
        (["由学校统一报送，无需个人申请"], "老师要个人申请吗", "no"),
        (["由学校统一报送，无需个人申请"], "学校要不要申请", ""),  # the field speaks of another applicant
        (["财政按学生数核拨到学校，家长无需申请"], "学校需要申请吗", ""),
        (["一般无需申请"], "要申请吗", ""),  # hedged
        (["教育部门核定"], "要申请吗", ""),  # says nothing about applying
        (["无需申请", "开学后向就读学校提出申请"], "要申请吗", ""),  # records that differ
    ],
)
def test_apply_polarity_reads_only_what_the_field_states(fields: list[str], question: str, expected: str) -> None:
    assert apply_polarity(fields, question) == expected
