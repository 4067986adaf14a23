"""Answers over the plan and the sample notice (fake embedder, real pipeline): the newer document leads with
its date and the plan follows as earlier policy; a withdrawn notice answers only when named, marked 已废止."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.answer import Asker
from bot.app.runtime import Runtime, build_runtime
from bot.documents import lifecycle
from bot.settings import DEFAULT_KNOWLEDGE_DIR, Settings

ROTATION = "县城学校老师每学年到乡村学校交流轮岗的比例是多少"


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    shipped = tmp_path / "documents"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, shipped)
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=shipped, embedder="fake", index_check_seconds=0,
                        user_key_secret="answers-in-force-0123456789")
    return build_runtime(settings, show_progress=False)


def test_newer_leads_then_withdrawn_is_cited_only_when_named(runtime: Runtime) -> None:
    answer = runtime.core.ask(ROTATION, Asker("cli", "a"))
    assert answer.text.split("\n")[1].startswith("根据《招生入学通知（示例文件）》三")  # the date is on the 来源 line
    assert any(line.startswith("来源：《招生入学通知（示例文件）》（2026年5月20日）") for line in answer.text.split("\n"))
    assert "15%" in answer.text.split("\n")[0]  # the answer first: the figure asked for
    assert "此前的规定（《实施方案》（2019年8月26日）三（四）11. 统筹城乡师资配置，较早的政策）" in answer.text
    assert [s.doc_id for s in answer.sources][:2] == ["010_sample_notice_2026", "000_8e01929cc9c29c4e"]
    other = runtime.core.ask("随迁子女上学要交额外的钱吗", Asker("cli", "b"))  # the notice does not speak on it
    assert {s.doc_id for s in other.sources if s.kind == "policy"} == {"000_8e01929cc9c29c4e"}

    with Session(runtime.engine) as session:
        lifecycle.withdraw(session, "010_sample_notice_2026", "马老师")
    after = runtime.core.ask(ROTATION, Asker("cli", "c"))  # reloaded before answering
    assert after.text.split("\n")[1].startswith("根据《实施方案》") and "15%" not in after.text  # one document in force: no date
    named = runtime.core.ask("招生入学通知里教师交流轮岗比例是多少", Asker("cli", "d"))
    assert "《招生入学通知（示例文件）》（已废止）三 提高教师交流轮岗比例" in named.text


# own questions for the one in-force rule, written for it (not from retrieval/eval/multidoc.jsonl)
NOTICE, PLAN = "010_sample_notice_2026", "000_8e01929cc9c29c4e"


def _policy(answer: object) -> list[tuple[str, str]]:
    return [(s.doc_id, s.section_id) for s in answer.sources if s.kind == "policy"]  # type: ignore[attr-defined]


def test_own_questions_newer_leads_only_where_it_restates_the_point(runtime: Runtime) -> None:
    restated = runtime.core.ask("今年县城老师去农村学校交流的比例提高到多少了", Asker("cli", "e"))
    assert _policy(restated)[:2] == [(NOTICE, "3"), (PLAN, "3.4.11")]
    assert "此前的规定（《实施方案》" in restated.text
    # the same long section of the plan, another point (staffing): the notice does not speak on it
    staffing = runtime.core.ask("城乡学校教职工编制标准统一吗", Asker("cli", "f"))
    assert _policy(staffing)[:1] == [(PLAN, "3.4.11")] and NOTICE not in {d for d, _ in _policy(staffing)}
    # a related plan clause (priority for rural teachers) that the notice does not restate
    rural = runtime.core.ask("乡村教师评职称有没有倾斜", Asker("cli", "g"))
    assert _policy(rural)[:1] == [(PLAN, "3.4.13")] and "此前的规定" not in rural.text


def test_the_older_clause_opens_where_the_newer_document_says_nothing_of_what_is_asked(runtime: Runtime) -> None:
    # the notice leads (起始年级班额), but only the plan says how the county manages over-full schools
    managed = runtime.core.ask("县城起始年级班额超了，教育部门对大班额学校实行什么管理", Asker("cli", "h"))
    lines = managed.text.split("\n")
    assert _policy(managed)[:2] == [(NOTICE, "2"), (PLAN, "3.2.6")]
    assert "销号管理" in lines[0] and lines[1].startswith("根据《招生入学通知（示例文件）》")
    assert "此前的规定（《实施方案》" in managed.text
    # a figure the notice restates never opens from the older plan: today's ratio leads
    ratio = runtime.core.ask("今年县城老师去农村学校交流的比例提高到多少了", Asker("cli", "i"))
    assert "15%" in ratio.text.split("\n")[0] and "10%" not in ratio.text.split("\n")[0]
    # two things asked: the second is answered from the older section when the newer one does not speak on it
    both = runtime.core.ask("轮岗老师评职称优先吗，校长也要交流轮岗吗", Asker("cli", "j"))
    assert "同等条件下优先" in both.text.split("\n")[0] and "校长教师交流轮岗机制" in both.text.split("\n")[0]
