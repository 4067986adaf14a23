"""Understand: script, intent, entities (township, place, school, level), follow-ups."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.pipeline.context import AnswerContext, Turn
from bot.pipeline.framing import Framing
from bot.pipeline.lookup_gloss import Gloss
from bot.texts import AssistantTexts
from knowledge.ingest.script import to_simplified
from retrieval.text import fold

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory

_LEVELS = [("初中", ("初中", "中学", "七年级", "初一", "junior")), ("小学", ("小学", "一年级", "primary")),
           ("高中", ("高中", "high school")), ("学前", ("幼儿园", "学前", "在园", "kindergarten", "preschool"))]
_PERSONAL = re.compile(r"(我家|俺家|我们家|咱家|我娃|俺娃|我孩子|我的孩子|我儿子|我女儿|我孙|俺孙|我们村|俺们|我住|住在|家住|家在|my (kid|child|son|daughter)|we live)")
_FOLLOWUP = re.compile(r"^(那|那么|还有|另外|再问|然后|and|what about)|[呢]$|(呢[？?]?)$|^(要带|需要|带什么|要什么|在哪|怎么申请|咋申请|多少钱|电话)")
FOLLOWUP_CHARS = 14  # a follow-up ("那初中呢") or a completion ("七营镇") is short


def reads_context(question: str, last: Turn | None) -> bool:
    """Whether the pipeline may draw on the conversation's last turn for this question: a choice offered on it,
    or a short question that could be a follow-up or complete an unfinished zone question (see `Understand`,
    `ResolveChoice` and the look-up's completion). When False the answer depends on the question alone."""
    if last is None:
        return False
    if last.choices:
        return True
    folded = fold(question).strip()
    if len(folded) > FOLLOWUP_CHARS:
        return False
    return bool(_FOLLOWUP.search(folded)) or (last.intent == "zone" and not last.place)


def detect_script(text: str) -> str:
    letters = sum(ch.isascii() and ch.isalpha() for ch in text)
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    if letters > 2 * cjk and letters >= 6:
        return "english"
    if cjk and to_simplified(text) != text:
        return "traditional"
    return "simplified"


def classify_intent(folded: str, keywords: dict[str, dict[str, float]]) -> tuple[str, float]:
    scores = {intent: sum(w for word, w in words.items() if word in folded) for intent, words in keywords.items()}
    best = max(scores, key=lambda k: scores[k]) if scores else "general"
    return (best, scores[best]) if scores.get(best, 0) > 0 else ("general", 0.0)


def detect_level(folded: str) -> str:
    for level, words in _LEVELS:
        if any(word in folded for word in words):
            return level
    return ""


class Understand:
    def __init__(self, texts: AssistantTexts, directory: Directory | None = None, framing: Framing | None = None) -> None:
        self.texts = texts
        self.directory = directory
        self.gloss = Gloss.load()
        self.framing = framing or Framing.load()

    def __call__(self, ctx: AnswerContext) -> None:
        ctx.script = detect_script(ctx.question)
        folded = ctx.folded
        ctx.gloss = self.gloss(folded)
        ctx.intent, weight = classify_intent(folded, self.texts.intents.keywords)
        ctx.entities.level = detect_level(folded)
        ctx.entities.personal = bool(_PERSONAL.search(folded))
        if self.directory is not None:
            ctx.entities.townships = list(self.directory.match_township(ctx.question))
            ctx.entities.places = list(self.directory.match_places(ctx.question))
            ctx.entities.schools = list(self.directory.match_school(ctx.question))
        last = ctx.conversation.last
        short = len(folded) <= FOLLOWUP_CHARS
        ctx.followup = bool(last) and short and ctx.picked is None and bool(_FOLLOWUP.search(folded.strip()))
        ctx.search_query = ctx.core or ctx.question
        ctx.asking = " ".join(self.framing.asking_clauses(folded))
        claim = self.framing.claim(folded)  # the guard has left the greetings out of `folded` already
        if claim != folded.strip():  # 听说…是真的不: the search reads the claim
            ctx.search_query = ctx.claim = claim
        if ctx.followup and last is not None:
            if ctx.intent == "general" or weight < 2:
                ctx.intent = last.intent
            ctx.search_query = f"{last.question} {ctx.question}"
        if ctx.entities.places and ctx.intent == "general":
            ctx.intent = "zone"
        return None
