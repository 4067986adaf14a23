"""`reads_context` decides when a whole answer may be reused: whenever it says a question does not draw on the last
turn, the answer after that turn is exactly the answer with no turn before it."""

from __future__ import annotations

import itertools

from bot.answer import Asker
from bot.app.evaluation.dataset import load_followups, load_questions
from bot.assistant import Assistant
from bot.conversation import ConversationStore
from bot.core import AssistantCore
from bot.pipeline.understand import reads_context

EARLIER = ["我家在新庄村，娃上哪个学校", "俺娃该上哪个学校", "我家住在七营镇北嘴村，娃该上哪个学校", "寄宿生生活补助一年多少钱",
           "外地打工的娃在海原上学要带什么材料？", "补助是咋回事"]
LATER = ["七营镇", "关桥乡", "1", "第2个", "那初中呢", "多少钱", "要带啥", "电话", "高中呢", "海原县城关第一小学在哪"]


def _pairs() -> list[tuple[str, str]]:
    followups = load_followups()
    earlier = EARLIER + [str(f["turns"][0]) for f in followups]  # type: ignore[index]
    later = LATER + [str(f["turns"][-1]) for f in followups] + [q.question for q in load_questions()[:25]]  # type: ignore[index]
    return list(itertools.product(earlier, later))


def test_an_answer_that_reads_no_context_is_the_answer_without_a_turn_before_it(assistant: Assistant) -> None:
    core = AssistantCore(assistant, None, ConversationStore(900), "secret-for-tests")
    alone: dict[str, str] = {}
    differs_when_read = 0
    for n, (earlier, later) in enumerate(_pairs()):
        user = Asker("test", f"u{n}")
        core.ask(earlier, user)
        last = core.conversations.get(core_key(core, user)).last
        after = core.ask(later, user).text
        if later not in alone:
            alone[later] = assistant.answer(later).text
        if not reads_context(later, last):
            assert after == alone[later], (earlier, later)
        else:
            differs_when_read += after != alone[later]
    assert differs_when_read >= 10  # the rule is not vacuous: where it says "may read", the turn often matters


def core_key(core: AssistantCore, user: Asker) -> str:
    from bot.querylog import user_key

    return user_key("secret-for-tests", user.channel, user.user_id)


def test_no_turn_reads_nothing_and_a_choice_offered_always_may() -> None:
    from bot.answer import Choice
    from bot.pipeline.context import Turn

    assert not reads_context("那初中呢", None)
    offered = Turn(question="我家在新庄村", intent="zone", choices=(Choice(label="关桥乡", reply="关桥乡"),))
    assert reads_context("随迁子女入学要带什么材料，需要居住证吗", offered)
    plain = Turn(question="寄宿生生活补助一年多少钱", intent="subsidy")
    assert reads_context("那初中呢", plain) and not reads_context("随迁子女入学要带什么材料", plain)
    unfinished = Turn(question="俺娃该上哪个学校", intent="zone")  # no place yet: a short reply may complete it
    assert reads_context("七营镇", unfinished) and not reads_context("七营镇", Turn(question="x", intent="subsidy"))
