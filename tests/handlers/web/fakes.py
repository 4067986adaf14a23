"""A fake AssistantService that logs through the real query log (so the staff pages see the questions)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from bot.answer import Answer, Asker, Choice, Source
from bot.querylog import QueryLog
from bot.service import SourceText, Topic

DOC_ID = "hyx-2019-82"
SECTION_ID = "3.5.18"
HEADING = "改革随迁子女就学机制"
PATH = ["三、工作任务", "（五）完善学生就学保障体系，推进教育普惠公平"]
FULL_TEXT = "18.改革随迁子女就学机制。进一步强化流入地政府责任……学校不得向随迁子女收取有别于本地户籍学生的任何费用。"
CITATION = "《海原县统筹推进县域内城乡义务教育一体化改革发展实施方案》三（五）18."


class FakeService:
    def __init__(self, engine: Engine, spool: Path) -> None:
        self.log = QueryLog(engine, spool, "test-secret-not-the-default")
        self.asked: list[tuple[str, Asker]] = []
        self.feedbacks: list[tuple[str, bool, str]] = []
        self.approved_changes = 0
        self.closed = False

    def ask(self, question: str, asker: Asker) -> Answer:
        self.asked.append((question, asker))
        if "火星" in question:
            answer = Answer(question=question, text="抱歉，政策文件里没有找到相关内容。", answered=False,
                            intent="general", kind="decline")
        elif "哪个乡" in question:
            answer = Answer(question=question, text="请问您住在哪个乡镇？", answered=False, intent="zone",
                            kind="clarify", choices=[Choice("关桥乡", "关桥乡新庄村"), Choice("海城镇", "海城镇")])
        else:
            source = Source(DOC_ID, SECTION_ID, HEADING, list(PATH), "建立以居住证为主要依据的随迁子女入学政策。",
                            0.91234, citation=CITATION)
            answer = Answer(question=question, text="随迁子女凭居住证入学，学校不得另外收费。<b>注意</b>",
                            answered=True, intent="migrant", sources=[source], latency_ms=12.34,
                            related=["随迁子女入学要收费吗？"])
        self.log.record(answer, asker, question)
        return answer

    def feedback(self, query_id: str, helpful: bool, reason: str = "", asker: Asker | None = None) -> None:
        self.feedbacks.append((query_id, helpful, reason))
        self.log.feedback(query_id, helpful, reason, asker.user_id if asker else "")

    def source_text(self, doc_id: str, section_id: str) -> SourceText | None:
        if (doc_id, section_id) == (DOC_ID, SECTION_ID):
            return SourceText(citation=CITATION, heading=HEADING, text=FULL_TEXT)
        return None

    def topics(self) -> list[Topic]:
        return [
            Topic("migrant", "随迁子女", "外地户口的孩子在海原上学。", ["外地户口的孩子怎么在海原上学？"]),
            Topic("zone", "入学划片", "按住址划片就近入学。", ["我家孩子该上哪个学校？"]),
        ]

    def approved_changed(self) -> None:
        self.approved_changes += 1

    def close(self) -> None:
        self.closed = True
