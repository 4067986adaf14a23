"""A heading with no text of its own (三、工作任务) reads as the list of its sub-sections, shown but not indexed."""

from __future__ import annotations

from retrieval.corpus import with_outline
from retrieval.units import SectionRef, units_for_section

TASKS = SectionRef("plan", "3", "三、工作任务", (), "")
GROUP = SectionRef("plan", "3.1", "（一）统筹配置城乡教育资源，促进优质均衡发展", ("三、工作任务",), "")
ITEM = SectionRef("plan", "3.1.1", "1.统筹城乡学校布局", ("三、工作任务", "（一）统筹配置城乡教育资源，促进优质均衡发展"), "科学编制布局规划。")
OTHER_DOC = SectionRef("notice", "3.2", "（二）别的文件", ("三、工作任务",), "")
REFS = [TASKS, GROUP, ITEM, OTHER_DOC]


def test_a_heading_without_text_lists_its_direct_sub_sections_of_the_same_document() -> None:
    tasks = with_outline(TASKS, REFS)
    assert tasks.text == ""
    assert tasks.outline == "工作任务包括：（一）统筹配置城乡教育资源，促进优质均衡发展。"
    group = with_outline(GROUP, REFS)
    assert group.outline == "统筹配置城乡教育资源，促进优质均衡发展包括：1.统筹城乡学校布局。"


def test_a_section_with_text_or_without_sub_sections_is_left_as_it_is() -> None:
    assert with_outline(ITEM, REFS) is ITEM
    assert with_outline(OTHER_DOC, REFS) is OTHER_DOC


def test_the_outline_is_not_indexed() -> None:
    """The sub-sections answer their own questions; the outline would pull their words onto the heading."""
    assert [u.text for u in units_for_section(with_outline(TASKS, REFS))] == [u.text for u in units_for_section(TASKS)]
